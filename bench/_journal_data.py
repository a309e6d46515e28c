# SPDX-License-Identifier: GPL-3.0-or-later
"""Deterministic, realistic journal entries for bench/journal.py.

Titles and narratives in nine languages (English, Spanish, French, Portuguese, Russian,
Arabic, Hindi, Bengali, Chinese) from sentence templates and word lists, with a seeded
`random.Random`: the same seed gives the same entries, so the Bastion vault and the plain
SQLite anchor hold the same data. Word choice follows a Zipf law, so every language has
common words and rare ones; the rare words of a language go into about one entry in 250 of
that language, so each of them matches a handful of entries per 100,000. Narratives run from
one sentence to a few paragraphs (about 50–2,000 characters, log-uniform); 0–4 people, 0–3
diff links, 0–4 tags from a pool of 200; skewed categories and severities; dates over three
years, some with a time and a zone; about 1 % of entries carry a small attachment of random
bytes.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterator, Sequence
from datetime import date, time, timedelta

from desktop.journal import AttachmentSource, EntryContent, Occurred, Person

# (titles, sentences, topic words most common first, rare words, places, wiki)
# fmt: off
LANGUAGES: dict[str, tuple[list[str], list[str], list[str], list[str], list[str], str]] = {
    "en": (
        ["Threatening message from {user}", "{user} keeps reverting my edits on {w}",
         "Personal information posted about me", "Hounding across {w} articles",
         "Abusive email after the {w} discussion", "Off-wiki harassment on Telegram",
         "Sockpuppet of {user} is back", "Doxxing attempt in an edit summary"],
        ["{user} reverted my edit on the {w} article again without explanation.",
         "They left a message on my talk page calling me a liar and a vandal.",
         "The same account followed me to {n} different pages today.",
         "I received an email through the wiki that mentioned my home town.",
         "An IP editor posted my real name in the edit summary on {w}.",
         "I reported it on the administrators' noticeboard, but nothing has happened yet.",
         "The edit was suppressed {n} hours later by an oversighter.",
         "A new account with a similar name appeared right after the block on {user} expired.",
         "They threatened to contact my employer if I kept editing about {w}.",
         "Someone shared a screenshot of my profile in a Telegram group.",
         "I feel unsafe attending the local meetup next month.",
         "This looks like the same person as last time, from the writing style and timing.",
         "A steward locked the account globally after {n} reports.",
         "The comments about my religion and my accent were repeated in {n} threads.",
         "I saved the diffs and the email headers as evidence."],
        ["history", "election", "village", "football", "river", "temple", "language",
         "president", "university", "festival", "cricket", "cinema", "railway", "poetry",
         "revolution", "garden", "medicine", "airport", "newspaper", "mountain",
         "independence", "literature", "music", "city", "war", "cuisine", "dance", "island",
         "painter", "bridge", "novelist", "parliament", "monsoon", "fortress", "harbour"],
        ["lighthouse", "saxophone", "glacier", "marmalade", "zeppelin"],
        ["London", "Lagos", "Toronto", "Sydney", "Nairobi", "online"],
        "en.wikipedia.org",
    ),
    "es": (
        ["Mensaje amenazante de {user}", "{user} revierte mis ediciones en {w}",
         "Publicaron mis datos personales", "Acoso en varios artículos sobre {w}",
         "Correo ofensivo después del debate sobre {w}"],
        ["{user} revirtió otra vez mi edición en el artículo sobre {w} sin explicación.",
         "Dejó un mensaje en mi página de discusión llamándome mentirosa.",
         "La misma cuenta me siguió a {n} páginas distintas hoy.",
         "Recibí un correo a través de la wiki que mencionaba mi ciudad.",
         "Un usuario anónimo publicó mi nombre real en el resumen de edición.",
         "Lo denuncié en el tablón de bibliotecarios, pero todavía no hay respuesta.",
         "Me amenazaron con contactar a mi trabajo si seguía editando sobre {w}.",
         "Alguien compartió una captura de mi perfil en un grupo de Telegram.",
         "No me siento segura para ir al próximo encuentro de la comunidad.",
         "Parece la misma persona de la vez anterior, por el estilo y los horarios."],
        ["historia", "elecciones", "pueblo", "fútbol", "río", "iglesia", "idioma",
         "presidente", "universidad", "fiesta", "cine", "ferrocarril", "poesía", "revolución",
         "jardín", "medicina", "aeropuerto", "periódico", "montaña", "independencia",
         "literatura", "música", "ciudad", "guerra", "cocina", "baile", "isla", "puente"],
        ["faro", "murciélago", "zanahoria", "acordeón"],
        ["Madrid", "Bogotá", "Ciudad de México", "Buenos Aires", "Lima"],
        "es.wikipedia.org",
    ),
    "fr": (
        ["Message menaçant de {user}", "{user} annule mes modifications sur {w}",
         "Mes informations personnelles ont été publiées",
         "Harcèlement sur plusieurs articles liés à {w}", "Courriel insultant après le débat"],
        ["{user} a encore annulé ma modification de l'article sur {w} sans explication.",
         "Il a laissé un message sur ma page de discussion en me traitant de menteuse.",
         "Le même compte m'a suivie sur {n} pages différentes aujourd'hui.",
         "J'ai reçu un courriel par la messagerie du wiki qui citait ma ville.",
         "Une adresse IP a publié mon vrai nom dans le résumé de modification.",
         "J'ai signalé le problème aux administrateurs, sans réponse pour l'instant.",
         "On m'a menacée de contacter mon employeur si je continuais à écrire sur {w}.",
         "Quelqu'un a partagé une capture d'écran de mon profil dans un groupe Telegram.",
         "Je ne me sens pas en sécurité pour la prochaine rencontre locale."],
        ["histoire", "élection", "village", "football", "fleuve", "église", "langue",
         "président", "université", "festival", "cinéma", "gare", "poésie", "révolution",
         "jardin", "médecine", "aéroport", "journal", "montagne", "indépendance",
         "littérature", "musique", "ville", "guerre", "cuisine", "danse", "île", "pont"],
        ["phare", "hérisson", "accordéon", "mirabelle"],
        ["Paris", "Dakar", "Montréal", "Abidjan", "Bruxelles"],
        "fr.wikipedia.org",
    ),
    "pt": (
        ["Mensagem ameaçadora de {user}", "{user} reverte as minhas edições em {w}",
         "Publicaram os meus dados pessoais", "Perseguição em vários artigos sobre {w}"],
        ["{user} reverteu de novo a minha edição no artigo sobre {w} sem explicação.",
         "Deixou uma mensagem na minha página de discussão me chamando de mentirosa.",
         "A mesma conta me seguiu em {n} páginas diferentes hoje.",
         "Recebi um e-mail pela wiki que mencionava a minha cidade.",
         "Um IP publicou o meu nome verdadeiro no sumário de edição.",
         "Denunciei no mural dos administradores, mas ainda não houve resposta.",
         "Ameaçaram contatar o meu empregador se eu continuasse a editar sobre {w}.",
         "Alguém compartilhou uma captura de tela do meu perfil num grupo do Telegram."],
        ["história", "eleição", "aldeia", "futebol", "rio", "igreja", "língua", "presidente",
         "universidade", "festa", "cinema", "ferrovia", "poesia", "revolução", "jardim",
         "medicina", "aeroporto", "jornal", "montanha", "independência", "literatura",
         "música", "cidade", "guerra", "culinária", "ilha", "ponte"],
        ["farol", "jabuticaba", "berimbau", "caravela"],
        ["São Paulo", "Lisboa", "Luanda", "Maputo", "Recife"],
        "pt.wikipedia.org",
    ),
    "ru": (
        ["Угрозы от {user}", "{user} отменяет мои правки в статье «{w}»",
         "Опубликовали мои личные данные", "Преследование в статьях на тему «{w}»"],
        ["{user} снова отменил мою правку в статье «{w}» без объяснений.",
         "На моей странице обсуждения оставили сообщение, где меня назвали лжецом.",
         "Та же учётная запись сегодня преследовала меня на {n} разных страницах.",
         "Мне пришло письмо через вики, в котором упоминался мой город.",
         "Анонимный участник указал моё настоящее имя в описании правки.",
         "Я сообщил об этом на форуме администраторов, но ответа пока нет.",
         "Мне угрожали написать моему работодателю, если я продолжу писать о теме «{w}».",
         "Кто-то выложил скриншот моего профиля в группе в Telegram.",
         "Похоже, это тот же человек, что и в прошлый раз.",
         "Стюард заблокировал учётную запись глобально."],
        ["история", "выборы", "деревня", "футбол", "река", "церковь", "язык", "президент",
         "университет", "праздник", "кино", "вокзал", "поэзия", "революция", "сад",
         "медицина", "аэропорт", "газета", "гора", "независимость", "литература", "музыка",
         "город", "война", "кухня", "остров", "мост"],
        ["маяк", "балалайка", "ледник", "самовар"],
        ["Москва", "Казань", "Алматы", "Новосибирск", "Минск"],
        "ru.wikipedia.org",
    ),
    "ar": (
        ["رسالة تهديد من {user}", "{user} يلغي تعديلاتي في مقالة {w}", "نشروا معلوماتي الشخصية",
         "مضايقة في عدة مقالات عن {w}"],
        ["ألغى {user} تعديلي في مقالة {w} مرة أخرى دون أي تفسير.",
         "ترك رسالة في صفحة نقاشي يصفني فيها بالكاذبة.",
         "تابعني الحساب نفسه اليوم إلى {n} صفحات مختلفة.",
         "وصلتني رسالة بريد إلكتروني عبر الويكي تذكر مدينتي.",
         "نشر مستخدم مجهول اسمي الحقيقي في ملخص التعديل.",
         "أبلغت الإداريين في لوحة الملاحظات، لكن لم يصل أي رد حتى الآن.",
         "هددوا بالاتصال بجهة عملي إذا واصلت الكتابة عن {w}.",
         "شارك أحدهم لقطة شاشة من ملفي الشخصي في مجموعة على تيليغرام.",
         "لا أشعر بالأمان لحضور اللقاء المحلي القادم.",
         "يبدو أنه الشخص نفسه الذي أزعجني في المرة السابقة."],
        ["التاريخ", "الانتخابات", "القرية", "الكرة", "النهر", "المسجد", "اللغة", "الرئيس",
         "الجامعة", "المهرجان", "السينما", "الشعر", "الثورة", "الحديقة", "الطب", "المطار",
         "الصحيفة", "الجبل", "الاستقلال", "الأدب", "الموسيقى", "المدينة", "الحرب", "الجزيرة"],
        ["المنارة", "الزعفران", "القيثارة", "الغزال"],
        ["القاهرة", "الرياض", "عمّان", "الدار البيضاء", "بيروت"],
        "ar.wikipedia.org",
    ),
    "hi": (
        ["{user} से धमकी भरा संदेश", "{user} बार-बार {w} लेख में मेरे संपादन पलट रहा है",
         "मेरी निजी जानकारी सार्वजनिक की गई", "{w} से जुड़े कई लेखों पर उत्पीड़न"],
        ["{user} ने बिना किसी कारण के {w} वाले लेख में मेरा संपादन फिर से पलट दिया।",
         "उन्होंने मेरे वार्ता पृष्ठ पर मुझे झूठा कहते हुए संदेश छोड़ा।",
         "आज उसी खाते ने {n} अलग-अलग पृष्ठों पर मेरा पीछा किया।",
         "मुझे विकि के ईमेल से एक संदेश मिला जिसमें मेरे शहर का नाम था।",
         "एक अनाम संपादक ने संपादन सारांश में मेरा असली नाम लिख दिया।",
         "मैंने प्रबंधकों को इसकी सूचना दी, लेकिन अभी तक कोई जवाब नहीं आया।",
         "धमकी दी गई कि अगर मैंने {w} पर लिखना जारी रखा तो वे मेरे दफ़्तर से संपर्क करेंगे।",
         "किसी ने टेलीग्राम समूह में मेरी प्रोफ़ाइल का स्क्रीनशॉट साझा किया।",
         "मुझे अगली स्थानीय बैठक में जाने से डर लग रहा है।"],
        ["इतिहास", "चुनाव", "गाँव", "क्रिकेट", "नदी", "मंदिर", "भाषा", "राष्ट्रपति",
         "विश्वविद्यालय", "त्योहार", "सिनेमा", "रेलवे", "कविता", "क्रांति", "बगीचा",
         "चिकित्सा", "हवाईअड्डा", "अख़बार", "पहाड़", "स्वतंत्रता", "साहित्य", "संगीत", "शहर"],
        ["प्रकाशस्तंभ", "सितार", "हिमनद", "तबला"],
        ["दिल्ली", "मुंबई", "लखनऊ", "पटना", "जयपुर"],
        "hi.wikipedia.org",
    ),
    "bn": (
        ["{user}-এর কাছ থেকে হুমকির বার্তা", "{user} বারবার {w} নিবন্ধে আমার সম্পাদনা বাতিল করছে",
         "আমার ব্যক্তিগত তথ্য প্রকাশ করা হয়েছে", "{w} বিষয়ক কয়েকটি নিবন্ধে হয়রানি"],
        ["{user} কোনো ব্যাখ্যা ছাড়াই {w} নিবন্ধে আমার সম্পাদনা আবার বাতিল করেছে।",
         "আমার আলাপ পাতায় আমাকে মিথ্যাবাদী বলে একটি বার্তা রেখে গেছে।",
         "একই অ্যাকাউন্ট আজ {n}টি ভিন্ন পাতায় আমাকে অনুসরণ করেছে।",
         "উইকির ইমেইলের মাধ্যমে একটি চিঠি পেয়েছি যেখানে আমার শহরের নাম ছিল।",
         "একজন বেনামী সম্পাদক সম্পাদনা সারাংশে আমার আসল নাম লিখে দিয়েছে।",
         "প্রশাসকদের জানিয়েছি, কিন্তু এখনো কোনো উত্তর পাইনি।",
         "হুমকি দিয়েছে যে {w} নিয়ে লেখা চালিয়ে গেলে আমার অফিসে যোগাযোগ করবে।",
         "কেউ একটি টেলিগ্রাম গ্রুপে আমার প্রোফাইলের স্ক্রিনশট শেয়ার করেছে।",
         "পরের স্থানীয় আড্ডায় যেতে আমার ভয় লাগছে।"],
        ["ইতিহাস", "নির্বাচন", "গ্রাম", "ফুটবল", "নদী", "মন্দির", "ভাষা", "রাষ্ট্রপতি",
         "বিশ্ববিদ্যালয়", "উৎসব", "চলচ্চিত্র", "রেলপথ", "কবিতা", "বিপ্লব", "বাগান",
         "চিকিৎসা", "বিমানবন্দর", "সংবাদপত্র", "পাহাড়", "স্বাধীনতা", "সাহিত্য", "সংগীত"],
        ["বাতিঘর", "একতারা", "হিমবাহ", "ইলিশ"],
        ["ঢাকা", "কলকাতা", "চট্টগ্রাম", "সিলেট", "খুলনা"],
        "bn.wikipedia.org",
    ),
    "zh": (
        ["来自{user}的威胁信息", "{user}反复回退我在{w}条目的编辑", "我的个人信息被公开",
         "在多个{w}相关条目中受到骚扰"],
        ["{user}又一次在没有任何解释的情况下回退了我在{w}条目的编辑。",
         "有人在我的讨论页留言，说我是骗子。", "同一个账号今天在{n}个不同的页面跟踪我。",
         "我通过维基的邮件功能收到一封信，里面提到了我所在的城市。",
         "一个匿名用户在编辑摘要里写出了我的真实姓名。", "我已经向管理员报告，但目前还没有回复。",
         "对方威胁说，如果我继续编辑{w}相关内容，就联系我的雇主。",
         "有人在Telegram群组里分享了我个人资料的截图。", "我不敢参加下个月的本地聚会。",
         "从写作风格和时间来看，这和上次是同一个人。"],
        ["历史", "选举", "村庄", "足球", "河流", "寺庙", "语言", "总统", "大学", "节日",
         "电影", "铁路", "诗歌", "革命", "花园", "医学", "机场", "报纸", "山脉", "独立",
         "文学", "音乐", "城市", "战争"],
        ["灯塔", "琵琶", "冰川", "熊猫"],
        ["北京", "上海", "台北", "香港", "成都"],
        "zh.wikipedia.org",
    ),
}
LANGUAGE_WEIGHTS = {
    "en": 30, "es": 10, "fr": 8, "pt": 7, "ru": 8, "ar": 10, "hi": 8, "bn": 7, "zh": 12,
}
CATEGORY_WEIGHTS = {
    "harassment": 30, "trolling": 15, "intimidation": 12, "doxxing": 8, "hate": 8, "spam": 7,
    "off-wiki": 5, "other": 5, "sexual-harassment": 3, "account-compromise": 2,
    "surveillance": 2, "legal-threat": 2, "physical-harm": 1,
}
SEVERITY_WEIGHTS = {"low": 35, "medium": 40, "high": 20, "emergency": 5}
ZONES = [
    "Asia/Kolkata", "Asia/Dhaka", "Africa/Cairo", "Asia/Riyadh", "Europe/Moscow",
    "Europe/Madrid", "Europe/Paris", "America/Sao_Paulo", "Asia/Shanghai", "UTC",
    "America/Mexico_City", "Africa/Lagos",
]
SHARED_WIKIS = ["commons.wikimedia.org", "meta.wikimedia.org", "www.wikidata.org"]
FIRST_DAY = date(2023, 11, 1)
DAYS = 3 * 365
# The most frequent people, fixed so the query set can name them.
FAMOUS_USERS = ["Kestrel77", "NightOwlEditor", "ГрозныйЛис", "محرر_الظل", "ছায়া_সম্পাদক"]
_SYLLABLES = ["ka", "lo", "mi", "ra", "ven", "tor", "shi", "an", "del", "ru", "zo", "bel", "nor"]
_BASE_TAGS = [
    "follow-up", "reported", "resolved", "urgent", "sockpuppet", "lta", "ip-hopping",
    "checkuser", "oversight", "email", "telegram", "twitter", "facebook", "whatsapp",
    "edit-war", "talk-page", "noticeboard", "global-lock", "meetup", "offline", "police",
    "lawyer", "employer", "family", "photo", "address", "phone", "threat", "slur", "gender",
    "religion", "caste", "ethnicity", "politics", "election", "translation", "wikidata",
    "commons", "admin", "steward", "T&S", "arbcom", "evidence-saved", "screenshot",
    "diff-saved", "anonymous", "new-account", "recurring", "escalating", "calm", "হয়রানি",
    "উত্যক্ত", "धमकी", "उत्पीड़न", "تهديد", "تحرش", "угрозы", "травля", "骚扰", "人肉搜索",
]
# fmt: on
TAGS = _BASE_TAGS + [f"case-{number:03d}" for number in range(200 - len(_BASE_TAGS))]
ATTACHMENT_RATE = 0.01
RARE_RATE = 0.004


def _zipf(count: int, exponent: float = 1.0) -> list[float]:
    """Cumulative Zipf weights (random.choices is O(1) per draw with cum_weights)."""
    return list(itertools.accumulate(1.0 / (rank + 1) ** exponent for rank in range(count)))


def _usernames(rng: random.Random, count: int) -> list[str]:
    names = list(FAMOUS_USERS)
    seen = set(names)
    while len(names) < count:
        stem = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        name = stem + (str(rng.randint(1, 9999)) if rng.random() < 0.6 else "")
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


class Generator:
    """Entries from a seed; `entries(n)` yields (content, attachment sources)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.users = _usernames(random.Random(7), 3000)  # the same pool whatever the seed
        self.user_weights = _zipf(len(self.users), 1.1)
        self.tag_weights = _zipf(len(TAGS), 0.9)
        self.word_weights = {code: _zipf(len(v[2])) for code, v in LANGUAGES.items()}
        self.tables = {
            id(table): (list(table), list(itertools.accumulate(table.values())))
            for table in (LANGUAGE_WEIGHTS, CATEGORY_WEIGHTS, SEVERITY_WEIGHTS)
        }
        self.serial = 0

    def _pick(self, weights: dict[str, int]) -> str:
        names, cumulative = self.tables[id(weights)]
        return self.rng.choices(names, cum_weights=cumulative)[0]

    def _user(self) -> str:
        return self.rng.choices(self.users, cum_weights=self.user_weights)[0]

    def _fill(self, template: str, code: str) -> str:
        words = LANGUAGES[code][2]
        return template.format(
            user=self._user(),
            w=self.rng.choices(words, cum_weights=self.word_weights[code])[0],
            n=self.rng.randint(2, 40),
        )

    def _narrative(self, code: str) -> str:
        rng = self.rng
        target = int(math.exp(rng.uniform(math.log(50), math.log(2000))))
        joiner = "" if code == "zh" else " "  # Chinese runs sentences together
        paragraphs: list[str] = []
        current: list[str] = []
        size = 0
        while size < target and len(paragraphs) < 12:
            # Code-switching: now and then an English sentence in another language's entry.
            lang = "en" if code != "en" and rng.random() < 0.08 else code
            sentence = self._fill(rng.choice(LANGUAGES[lang][1]), lang)
            current.append(sentence)
            size += len(sentence) + 1
            if len(current) >= rng.randint(3, 6):
                paragraphs.append(joiner.join(current))
                current = []
        if rng.random() < RARE_RATE:
            rare = rng.choice(LANGUAGES[code][3])
            current.append(LANGUAGES[code][1][0].format(user=self._user(), w=rare, n=3))
        if current:
            paragraphs.append(joiner.join(current))
        return "\n\n".join(paragraphs)

    def _occurred(self) -> Occurred:
        rng = self.rng
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        if rng.random() < 0.6:
            at = time(rng.randrange(24), rng.randrange(60))
            zone = rng.choice(ZONES) if rng.random() < 0.7 else ""
            return Occurred(day, at, zone, False)
        return Occurred(day, None, "", rng.random() < 0.15)

    def content(self) -> tuple[EntryContent, str]:
        rng = self.rng
        code = self._pick(LANGUAGE_WEIGHTS)
        titles, _, _, _, places, wiki = LANGUAGES[code]
        title_lang = "en" if code != "en" and rng.random() < 0.05 else code
        title = self._fill(rng.choice(LANGUAGES[title_lang][0]), title_lang)
        wikis = [wiki, wiki, wiki, *SHARED_WIKIS]
        people = tuple(
            Person(self._user(), rng.choice(wikis)) for _ in range(rng.choice((0, 1, 1, 2, 3, 4)))
        )
        links = []
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            diff = rng.randint(100_000_000, 130_000_000)
            links.append(f"https://{rng.choice(wikis)}/w/index.php?diff={diff}&oldid={diff - 9}")
        tags = tuple(
            dict.fromkeys(rng.choices(TAGS, cum_weights=self.tag_weights, k=rng.randint(0, 4)))
        )
        content = EntryContent(
            title=title,
            occurred=self._occurred(),
            category=self._pick(CATEGORY_WEIGHTS),
            severity=self._pick(SEVERITY_WEIGHTS),
            place=rng.choice(places) if rng.random() < 0.4 else "",
            people=people,
            links=tuple(links),
            narrative=self._narrative(code),
            tags=tags,
        )
        return content, code

    def entries(self, count: int) -> Iterator[tuple[EntryContent, Sequence[AttachmentSource]]]:
        for _ in range(count):
            content, _code = self.content()
            self.serial += 1
            attachments: list[AttachmentSource] = []
            if self.rng.random() < ATTACHMENT_RATE:
                size = self.rng.randint(2_000, 8_000)
                attachments.append(
                    AttachmentSource(
                        data=self.rng.randbytes(size), name=f"capture-{self.serial:06d}.bin"
                    )
                )
            yield content, attachments


# The fixed query set: (label, query). Common and rare words in each script, two-word
# queries, prefixes (the last word of a query is a prefix, as the search box does), people,
# a wiki and tags.
QUERIES: list[tuple[str, str]] = [
    ("en common", "account"), ("en rare", "lighthouse"), ("en two words", "talk page"),
    ("en prefix", "harass"), ("en topic", "cricket"),
    ("es common", "edición"), ("es rare", "murciélago"), ("es two words", "correo ciudad"),
    ("fr common", "modification"), ("fr rare", "hérisson"),
    ("pt common", "conta"), ("pt rare", "berimbau"),
    ("ru common", "правку"), ("ru rare", "балалайка"), ("ru prefix", "угрож"),
    ("ar common", "مقالة"), ("ar rare", "الزعفران"), ("ar two words", "رسالة تهديد"),
    ("hi common", "संपादन"), ("hi rare", "सितार"), ("hi two words", "वार्ता पृष्ठ"),
    ("bn common", "সম্পাদনা"), ("bn rare", "বাতিঘর"),
    ("zh common", "编辑"), ("zh rare", "琵琶"), ("zh phrase", "讨论页"),
    ("name", "Kestrel77"), ("name, Cyrillic", "ГрозныйЛис"),
    ("wiki", "commons.wikimedia.org"), ("tag", "sockpuppet"), ("tag, rare", "case-117"),
    ("missing word", "xylophonist"),
]  # fmt: skip
