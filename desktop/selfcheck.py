# SPDX-License-Identifier: GPL-3.0-or-later
"""`bastion self-test`'s checks of the installation itself, the Qt-free ones.

A frozen build can lose a data file or an optional module without anything failing until a
person needs it: the app then runs untranslated, unstyled, with a smaller passphrase word list,
without PDF preview or without Tor. Each check here names one such part and says what is
wrong with it (None when it works). The messages are for the person who made the build,
in English. The Qt checks (Qt's own translations, the network-information backend) are in
desktop/app.py, the only Qt side that self-test loads.
"""

from __future__ import annotations

import ssl
import sys
from collections.abc import Callable
from pathlib import Path

from desktop import config, i18n

# Written into a frozen build by packaging/bastion.spec: the languages it ships, one a line.
# A checkout says the same with its translations/<code>/ folders.
SHIPPED_LANGUAGES_FILE = "shipped-languages.txt"
# A string every shipped catalog translates (the unlock button), and the fewest messages a
# catalog has before it counts as shipped rather than a stub.
KNOWN_STRING = "Unlock"
MIN_CATALOG_MESSAGES = 100
# xkcdpass's EFF long list; without it xkcdpass quietly uses the system's dictionaries.
WORD_LIST = "eff-long"
WORD_LIST_SIZE = 7776

# One blank 8 × 8 pt page: the smallest document pdfium opens and renders.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n"
    b"2 0 obj\n<</Type/Pages/Kids[3 0 R]/Count 1>>\nendobj\n"
    b"3 0 obj\n<</Type/Page/Parent 2 0 R/MediaBox[0 0 8 8]>>\nendobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000054 00000 n \n"
    b"0000000105 00000 n \ntrailer\n<</Size 4/Root 1 0 R>>\nstartxref\n166\n%%EOF\n"
)


def _source_root() -> Path:
    return Path(__file__).resolve().parent.parent


def shipped_languages() -> list[str] | None:
    """The languages this installation must have (not English); None if that is unknown."""
    known = [entry["code"] for entry in i18n._table() if entry["code"] != i18n.SOURCE_LANGUAGE]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        listing = Path(bundle) / "desktop" / "i18n" / SHIPPED_LANGUAGES_FILE
        if not listing.is_file():
            return None
        names = {line.strip() for line in listing.read_text(encoding="utf-8").splitlines()}
        return [code for code in known if code in names]
    translations = _source_root() / "translations"
    if not translations.is_dir():
        return None
    return [code for code in known if (translations / code).is_dir()]


def check_catalog(code: str) -> str | None:
    try:
        catalog = i18n.load_catalog(code)
    except OSError as exc:
        return f"{type(exc).__name__}: no messages.mo"
    if catalog.gettext(KNOWN_STRING) == KNOWN_STRING:
        return f"does not translate {KNOWN_STRING!r}"
    size = len(getattr(catalog, "_catalog", {}))
    if size < MIN_CATALOG_MESSAGES:
        return f"only {size} messages"
    return None


def check_language_names() -> str | None:
    """Babel's locale data for every language in languages.json (Settings names each one)."""
    try:
        names = [language.native_name for language in i18n.languages()]
    except Exception as exc:
        return f"Babel locale data ({type(exc).__name__})"
    return None if all(names) else "a language without a name"


def check_style_sheet() -> str | None:
    path = config.resource_path("styles", "bastion.qss")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return f"{type(exc).__name__}: {path}"
    return None if text.strip() else f"empty: {path}"


def check_default_pack() -> str | None:
    from desktop.training.packs import bundled_pack, bundled_pack_archive, bundled_pack_folder

    if not bundled_pack_archive().is_file() and not bundled_pack_folder().is_dir():
        return f"missing: {bundled_pack_archive()}"
    try:
        pack = bundled_pack()
    except Exception as exc:
        return f"does not validate ({type(exc).__name__})"
    return None if pack.lesson_keys() else "no lessons"


def check_word_list() -> str | None:
    try:
        from xkcdpass import xkcd_password

        path = xkcd_password.locate_wordfile(WORD_LIST)
        with open(path, encoding="utf-8") as handle:
            words = {line.strip().split()[-1] for line in handle if line.strip()}
    except Exception as exc:
        return f"{WORD_LIST} not found ({type(exc).__name__})"
    if Path(path).name != WORD_LIST:
        return f"{WORD_LIST} not found (xkcdpass fell back to {path})"
    if len(words) != WORD_LIST_SIZE:
        return f"{len(words)} words, not {WORD_LIST_SIZE}"
    return None


def check_trust_store() -> str | None:
    """At least one CA the system's trust (truststore on Linux: OpenSSL's paths) would use."""
    paths = ssl.get_default_verify_paths()
    try:
        context = ssl.create_default_context()
    except ssl.SSLError as exc:
        return f"no default TLS context ({type(exc).__name__})"
    if context.cert_store_stats().get("x509_ca", 0) > 0:
        return None
    # A CA folder (hashed names) is read lazily, at the first handshake: count its files.
    folder = Path(paths.capath) if paths.capath else None
    if folder is not None and folder.is_dir() and any(folder.glob("*.0")):
        return None
    return f"no CA certificates in {paths.cafile} or {paths.capath}"


def check_pdf_preview() -> str | None:
    try:
        import pypdfium2  # type: ignore[import-untyped]

        document = pypdfium2.PdfDocument(TINY_PDF)
        try:
            bitmap = document[0].render(scale=1)
            size = (bitmap.width, bitmap.height)
        finally:
            document.close()
    except Exception as exc:
        return type(exc).__name__
    return None if size == (8, 8) else f"rendered {size[0]} × {size[1]}"


def check_socks() -> str | None:
    try:
        import httpx2
        import socksio  # noqa: F401  (httpx2 imports it only when a SOCKS proxy is used)

        # What sync opens with a SOCKS5 proxy (desktop.sync.http.open_client); no connection.
        httpx2.HTTPTransport(proxy="socks5h://127.0.0.1:9050").close()
    except Exception as exc:
        return type(exc).__name__
    return None


def check_solar_hijri() -> str | None:
    """Persian dates (desktop.i18n.solar_hijri): jdatetime is imported only when one is shown."""
    from datetime import date

    try:
        from desktop.i18n.solar_hijri import solar_hijri

        converted = solar_hijri(date(2026, 3, 21))
    except Exception as exc:
        return type(exc).__name__
    return None if converted == (1405, 1, 1) else f"Nowruz 1405 fell on {converted}"


def check_formats(code: str) -> str | None:
    """Dates, times, numbers and lists in one shipped language: the build rewrites Babel's
    locale data without the parts Bastion never reads (packaging/babel_data.py)."""
    from datetime import UTC, date, datetime

    from desktop.i18n import formats

    previous = i18n.set_formats_language(code)
    try:
        moment = datetime(2026, 12, 8, 14, 5, tzinfo=UTC)
        for length in ("short", "medium", "long", "full"):
            formats.format_moment(moment, length)
        formats.format_day(date(2026, 3, 21))
        formats.format_size(1_234_567)
        formats.format_percent(40)
        formats.format_list(["a", "b", "c"])
    except Exception as exc:
        return type(exc).__name__
    finally:
        i18n.set_formats_language(previous)
    return None


def installation_checks() -> list[tuple[str, Callable[[], str | None]]]:
    """Every Qt-free check of the installation, in the order self-test prints them."""
    checks: list[tuple[str, Callable[[], str | None]]] = []
    codes = shipped_languages()
    if codes is None:
        checks.append(("shipped languages", lambda: "list of shipped languages missing"))
    else:
        checks.extend((f"catalog {code}", _bind(check_catalog, code)) for code in codes)
        formatted = [i18n.SOURCE_LANGUAGE, *codes]
        checks.extend((f"formats {code}", _bind(check_formats, code)) for code in formatted)
    checks += [
        ("language names", check_language_names),
        ("style sheet", check_style_sheet),
        ("default training pack", check_default_pack),
        (f"word list {WORD_LIST}", check_word_list),
        ("TLS trust store", check_trust_store),
        ("PDF preview", check_pdf_preview),
        ("SOCKS proxy support", check_socks),
        ("Solar Hijri calendar", check_solar_hijri),
    ]
    return checks


def _bind(check: Callable[[str], str | None], code: str) -> Callable[[], str | None]:
    return lambda: check(code)
