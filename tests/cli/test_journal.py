# SPDX-License-Identifier: GPL-3.0-or-later
"""`bastion journal …` run as a script would: `python -m desktop` with the passphrase piped.

One vault serves the whole module (each unlock costs an Argon2id derivation), so every test
tags or names its entries and looks only at those. `bastion()` checks every run for leaked
passphrases.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from desktop.cli import common, main
from desktop.cli import journal as cli_journal
from desktop.journal import EntryContent, Filter, Journal, Occurred, categories, model, store
from desktop.vault import Vault, kdf
from tests.cli.test_main import assert_one_line_failure, bastion, lines
from tests.conftest import PASSPHRASE, WRONG_PASSPHRASE, MakeVault, snapshot

INPUT_ENDED = "Standard input ended before the passphrase was read."


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One vault for the module, FLOOR parameters, locked."""
    directory = tmp_path_factory.mktemp("journal-cli") / "data"
    vault = Vault(directory)
    vault.create(PASSPHRASE, kdf.FLOOR)
    vault.lock()
    return directory


def journal(
    *args: str, data_dir: Path, stdin: str = lines(PASSPHRASE)
) -> subprocess.CompletedProcess[str]:
    return bastion("journal", *args, stdin=stdin, data_dir=data_dir)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def add(data_dir: Path, document: dict[str, object], *args: str) -> str:
    """`journal add --json-input -`: the document after the passphrase line, never argv."""
    stdin = lines(PASSPHRASE) + json.dumps(document)
    output = ok(journal("add", "--json-input", "-", *args, data_dir=data_dir, stdin=stdin))
    # The id and nothing else, so `id=$(bastion journal add …)` works.
    assert re.fullmatch(r"[0-9a-z]{10}\n", output), output
    return output.strip()


@contextlib.contextmanager
def opened(data_dir: Path) -> Iterator[Journal]:
    vault = Vault(data_dir)
    vault.unlock(PASSPHRASE)
    try:
        yield Journal(vault)
    finally:
        vault.lock()


def entry(title: str, day: date, **fields: object) -> EntryContent:
    return EntryContent(title=title, occurred=Occurred(day), category="other", **fields)  # type: ignore[arg-type]


# ---------------------------------------------------------------- no passphrase needed
def test_severities_match_the_model() -> None:
    assert cli_journal.SEVERITIES == model.SEVERITIES


def test_categories_lists_ids_without_a_passphrase(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"  # tmp_path holds the test's HOME: not a data folder
    document = json.loads(ok(journal("categories", "--json", data_dir=data_dir, stdin="")))
    assert [item["id"] for item in document] == [c.id for c in categories()]
    assert set(document[0]) == {"id", "label", "description", "irs_type", "irs_behavior"}
    text = ok(journal("categories", data_dir=data_dir, stdin=""))
    assert "doxxing" in text.split()
    assert "Doxxing or disclosure of personal information" in text
    assert not data_dir.joinpath("vault.key").exists()


def test_add_help_lists_options_and_categories(tmp_path: Path) -> None:
    text = ok(journal("add", "--help", data_dir=tmp_path, stdin=""))
    for option in ("--json-input", "--when", "--body-file", "--attach", "--keep-metadata"):
        assert option in text
    for retired in ("--title", "--place", "--person", "--link", "--tag"):
        assert retired not in text
    for item in categories():
        assert item.id in text


# ---------------------------------------------------------------- add, show, history
def test_add_with_every_option_then_show_returns_the_same(shared: Path, tmp_path: Path) -> None:
    body = tmp_path / "body.txt"
    body.write_text("\ufeffFirst line.\r\nСтрока два.\n", encoding="utf-8")
    evidence = tmp_path / "notes.txt"
    evidence.write_bytes(b"evidence bytes\n")
    uid = add(
        shared,
        {
            "title": "Home address posted",
            "place": "User talk page",
            "people": ["Example-troll@en.wikipedia.org", {"username": "Sock"}],
            "links": ["https://en.wikipedia.org/w/index.php?diff=1", "https://example.org/b"],
            "tags": ["address", "talk page"],
        },
        *("--category", "doxxing", "--severity", "emergency"),
        *("--when", "2026-05-01T14:30+03:00", "--approximate"),
        *("--body-file", str(body), "--attach", str(evidence)),
    )
    document = json.loads(ok(journal("show", uid[:6], "--json", data_dir=shared)))
    attachment = document.pop("attachments")
    head_hash = document.pop("head_hash")
    assert document == {
        "id": uid,
        "title": "Home address posted",
        "category": "doxxing",
        "severity": "emergency",
        # An offset is stored as UTC (model.parse_when).
        "occurred": {"date": "2026-05-01", "time": "11:30", "zone": "UTC", "approximate": True},
        "place": "User talk page",
        "people": [
            {"username": "Example-troll", "wiki": "en.wikipedia.org"},
            {"username": "Sock", "wiki": ""},
        ],
        "links": ["https://en.wikipedia.org/w/index.php?diff=1", "https://example.org/b"],
        "narrative": "First line.\nСтрока два.",
        "tags": ["address", "talk page"],
        "recorded_at": document["recorded_at"],
        "updated_at": document["recorded_at"],
        "revision": 1,
    }
    assert re.fullmatch(r"[0-9a-f]{64}", head_hash)
    digest = hashlib.sha256(b"evidence bytes\n").hexdigest()
    [item] = attachment
    assert item == {
        "id": item["id"],
        "name": "notes.txt",
        "media_type": "text/plain",
        "size": 15,
        "sha256": digest,
        "original_sha256": digest,
        "metadata": "not-image",
        "added_at": document["recorded_at"],
    }

    text = ok(journal("show", uid, data_dir=shared))
    for expected in ("Home address posted", "Example-troll on en.wikipedia.org", head_hash):
        assert expected in text
    assert f"  {item['id']}  notes.txt  text/plain  15 bytes  not an image" in text
    assert "  Строка два." in text.splitlines()

    history = json.loads(ok(journal("history", uid[:5], "--json", data_dir=shared)))
    assert history["id"] == uid
    [revision] = history["revisions"]
    assert revision["number"] == 1
    assert revision["prev_hash"] == "0" * 64
    assert revision["hash"] == head_hash
    changed = {change["field"]: change for change in revision["changes"]}
    assert changed["title"] == {"field": "title", "added": ["Home address posted"], "removed": []}
    assert set(changed) >= {"title", "when", "people", "links", "narrative", "tags", "attachments"}


def test_ids_resolve_by_prefix_and_ambiguity_is_refused(
    shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = iter(["abcd000001", "abcd000002"])
    monkeypatch.setattr(store, "new_id", lambda: next(ids))
    with opened(shared) as book:
        book.add(entry("Twin one", date(2024, 1, 1)))
        book.add(entry("Twin two", date(2024, 1, 2)))
    failed = journal("show", "ABCD00000", data_dir=shared)  # case and length do not matter
    assert_one_line_failure(failed)
    assert failed.returncode == common.EXIT_FAILED
    assert "More than one entry" in failed.stderr
    assert json.loads(ok(journal("show", "abcd000002", "--json", data_dir=shared)))["title"] == (
        "Twin two"
    )
    for command, unknown in (("show", "zzzzzzzzzz"), ("history", "ab/c")):
        failed = journal(command, unknown, data_dir=shared)
        assert_one_line_failure(failed)
        assert failed.returncode == common.EXIT_FAILED
        assert "no journal entry with that id" in failed.stderr


# ---------------------------------------------------------------- list, search
MULTILINGUAL = [
    # (title, search word, date, severity, category)
    ("Threatening email after the meetup", "threatening", "2026-01-05", "low", "harassment"),
    ("تهديد بالقتل على صفحة النقاش", "بالقتل", "2026-01-04", "high", "intimidation"),
    ("আমার ঠিকানা প্রকাশ করা হয়েছে", "ঠিকানা", "2026-01-03", "medium", "doxxing"),
    ("有人公开了我的住址", "住址", "2026-01-02", "high", "doxxing"),
    ("Угрозы в личных сообщениях", "угрозы", "2026-01-01", "emergency", "harassment"),
]
SUMMARY_KEYS = {
    "id",
    "title",
    "category",
    "severity",
    "occurred",
    "recorded_at",
    "updated_at",
    "revision",
    "attachment_count",
}


def test_list_and_search_in_five_scripts(shared: Path) -> None:
    # Written in-process, in one unlock (the non-ASCII argv path is covered by other tests).
    with opened(shared) as book:
        ids = [
            book.add(
                EntryContent(
                    title=title,
                    occurred=Occurred(date.fromisoformat(day)),
                    category=category,
                    severity=severity,
                    tags=("multilingual",),
                )
            )
            for title, _word, day, severity, category in MULTILINGUAL
        ]
    listed = json.loads(
        ok(
            journal(
                "list",
                "--json",
                "--tag-input",
                data_dir=shared,
                stdin=lines(PASSPHRASE, "multilingual"),
            )
        )
    )
    assert [item["id"] for item in listed] == ids  # newest incident first
    assert [item["title"] for item in listed] == [row[0] for row in MULTILINGUAL]
    assert all(set(item) == SUMMARY_KEYS for item in listed)
    assert listed[1]["occurred"] == {
        "date": "2026-01-04",
        "time": None,
        "zone": None,
        "approximate": False,
    }
    assert listed[1]["attachment_count"] == 0

    text = ok(
        journal("list", "--tag-input", data_dir=shared, stdin=lines(PASSPHRASE, "multilingual"))
    ).splitlines()
    assert len(text) == len(MULTILINGUAL)
    for line, uid, (title, _word, day, severity, category) in zip(
        text, ids, MULTILINGUAL, strict=True
    ):
        assert line.startswith(f"{uid}  {day}  {severity}")
        assert f" {category} " in line
        assert line.endswith(f"  {title}")

    for (_title, word, *_rest), uid in zip(MULTILINGUAL, ids, strict=True):
        found = json.loads(
            ok(journal("search", "--json", data_dir=shared, stdin=lines(PASSPHRASE, word)))
        )
        assert [item["id"] for item in found] == [uid], word
        assert set(found[0]) == SUMMARY_KEYS

    def filtered(*options: str) -> list[str]:
        output = ok(
            journal(
                "list",
                "--json",
                "--tag-input",
                *options,
                data_dir=shared,
                stdin=lines(PASSPHRASE, "multilingual"),
            )
        )
        return [item["id"] for item in json.loads(output)]

    assert filtered("--severity", "high", "--since", "2026-01-03", "--until", "2026-01-05") == [
        ids[1]
    ]
    assert (
        filtered("--category", "doxxing", "--category", "intimidation", "--limit", "2")
        == (ids[1:3])
    )


def test_search_words_and_tags_never_travel_on_the_command_line(shared: Path) -> None:
    """Anyone on the computer can read a process's argv (ps, /proc): the words come on the
    line after the passphrase, and a bad query is refused before the vault is unlocked."""
    uid = add(shared, {"title": "Threat from Zyxwvut", "category": "spam", "tags": ["qwrtp"]})
    found = ok(journal("search", data_dir=shared, stdin=lines(PASSPHRASE, "Zyxwvut")))
    assert found.startswith(uid)
    listed = ok(journal("list", "--tag-input", data_dir=shared, stdin=lines(PASSPHRASE, "qwrtp")))
    assert listed.startswith(uid)
    for argv in (["search", "Zyxwvut"], ["list", "--tag", "qwrtp"]):
        refused = journal(*argv, data_dir=shared)
        assert refused.returncode == common.EXIT_USAGE
        assert "no longer taken on the command line" in refused.stderr
        assert "Zyxwvut" not in refused.stderr
        assert "qwrtp" not in refused.stderr
    bad = journal("search", data_dir=shared, stdin=lines(WRONG_PASSPHRASE, "?!"))
    assert bad.returncode == common.EXIT_FAILED
    assert "passphrase" not in bad.stderr  # the query was refused before any unlock
    assert len(bad.stderr.strip().splitlines()) == 1


def test_list_with_nothing_found_prints_an_empty_array(shared: Path) -> None:
    assert (
        ok(
            journal(
                "list",
                "--json",
                "--tag-input",
                data_dir=shared,
                stdin=lines(PASSPHRASE, "no-such-tag"),
            )
        )
        == "[]\n"
    )


def test_list_pages_through_the_whole_journal(
    shared: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with opened(shared) as book:
        for day in range(1, 8):
            book.add(entry(f"Paging {day}", date(2025, 2, day), tags=("paging",)))
        expected = [item.uid for item in book.page(Filter(tag="paging"))]
    monkeypatch.setattr(cli_journal, "PAGE", 2)  # 7 entries: four pages

    def listed(*options: str) -> list[str]:
        argv = ["--data-dir", str(shared), "journal", "list", "--json", "--tag-input"]
        code = main.run(
            main.parse([*argv, *options]),
            common.PassphraseReader(io.StringIO(lines(PASSPHRASE, "paging"))),
        )
        captured = capsys.readouterr()
        assert code == common.EXIT_OK, captured.err
        return [item["id"] for item in json.loads(captured.out)]

    assert listed() == expected
    assert listed("--limit", "3") == expected[:3]


def test_text_output_removes_control_characters(shared: Path, tmp_path: Path) -> None:
    body = tmp_path / "body.txt"
    body.write_text("before\x1b[2Jafter\n\tindented", encoding="utf-8")
    title = "Red\u009b31m alert"  # C1 CSI: the model keeps it, a terminal would obey it
    uid = add(
        shared, {"title": title, "category": "spam", "tags": ["controls"]}, "--body-file", str(body)
    )
    [line] = ok(
        journal("list", "--tag-input", data_dir=shared, stdin=lines(PASSPHRASE, "controls"))
    ).splitlines()
    assert line.startswith(uid)
    assert line.endswith("Red31m alert")
    shown = ok(journal("show", uid, data_dir=shared))
    assert "\x1b" not in shown
    assert "\x9b" not in shown
    assert "  before[2Jafter\n  \tindented" in shown
    # JSON keeps the data exactly (escaped), and --when defaults to today.
    [item] = json.loads(
        ok(
            journal(
                "list",
                "--json",
                "--tag-input",
                data_dir=shared,
                stdin=lines(PASSPHRASE, "controls"),
            )
        )
    )
    assert item["title"] == title
    assert item["occurred"]["date"] in {date.today().isoformat(), item["recorded_at"][:10]}


# ---------------------------------------------------------------- evidence
def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SECRET-CAMERA"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 31.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (13.0, 24.0, 0.0)
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 30)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def test_attached_photo_loses_its_location_unless_kept(shared: Path, tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg_with_gps())
    with Image.open(photo) as original:
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the control: GPS is there
    options = ("--category", "surveillance", "--attach", str(photo))
    cleaned = add(shared, {"title": "Photo, cleaned"}, *options)
    kept = add(shared, {"title": "Photo, as taken"}, "--keep-metadata", *options)
    with opened(shared) as book:
        for uid, state in ((cleaned, "removed"), (kept, "kept")):
            [info] = book.get(uid).attachments
            assert info.metadata == state
            data = book.read_attachment(info.uid, limit=1 << 20)[1]
            assert data is not None
            with Image.open(io.BytesIO(data)) as stored:
                exif = stored.getexif()
                if state == "removed":
                    assert not exif
                    assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
                    assert b"SECRET-CAMERA" not in data
                else:
                    assert exif[ExifTags.Base.Make] == "SECRET-CAMERA"
                    assert exif.get_ifd(ExifTags.IFD.GPSInfo)
                    assert data == photo.read_bytes()


# ---------------------------------------------------------------- bad input
def test_bad_input_is_refused_before_the_passphrase_and_changes_nothing(
    shared: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_utf8 = tmp_path / "latin1.txt"
    not_utf8.write_bytes("café".encode("latin-1"))

    def doc(name: str, document: object) -> str:
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        return str(path)

    valid = ("--json-input", doc("valid", {"title": "Valid title"}), "--category", "spam")
    blank = doc("blank", {"title": "   ", "category": "spam"})
    wrong = doc("wrong", {"title": 3, "category": "spam", "tags": "one", "people": [7]})
    # (arguments, exit code, also run in a child process)
    cases: list[tuple[list[str], int, bool]] = [
        ([*valid[:2], "--category", "no-such-category"], common.EXIT_USAGE, True),
        (["--json-input", doc("empty", {"title": "", "category": "spam"})], 1, True),
        (["--json-input", blank], common.EXIT_FAILED, False),
        (["--json-input", doc("cat", {"title": "x", "category": "nope"})], 1, False),
        (["--json-input", wrong], common.EXIT_FAILED, True),
        (["--json-input", doc("when", {"title": "x", "when": "soon"}), "--category", "spam"], 1, 0),
        (["--json-input", doc("twice", {"title": "x", "category": "spam"}), *valid[2:]], 1, 0),
        (["--json-input", doc("field", {"title": "x", "category": "spam", "secret": ""})], 1, 1),
        (["--json-input", doc("list", ["title"])], common.EXIT_FAILED, False),
        (["--json-input", doc("deep", {"title": [[[[["x"]]]]]})], common.EXIT_FAILED, False),
        (["--json-input", str(not_utf8)], common.EXIT_FAILED, False),
        (["--json-input", str(tmp_path / "gone.json"), "--category", "spam"], 1, True),
        (["--json-input", str(tmp_path), "--category", "spam"], 1, False),
        ([*valid, "--title", "Secret title"], common.EXIT_USAGE, True),
        ([*valid, "--person", "Secret@en.wikipedia.org"], common.EXIT_USAGE, False),
        ([*valid, "--when", "yesterday"], common.EXIT_USAGE, True),
        ([*valid, "--when", "2026-02-30"], common.EXIT_USAGE, False),
        ([*valid, "--when", "1970-01-01"], common.EXIT_FAILED, False),
        ([*valid, "--body-file", str(tmp_path / "gone.txt")], common.EXIT_FAILED, True),
        ([*valid, "--body-file", str(tmp_path)], common.EXIT_FAILED, False),
        ([*valid, "--body-file", str(not_utf8)], common.EXIT_FAILED, False),
        ([*valid, "--body-file", "-"], common.EXIT_USAGE, False),
        ([*valid, "--attach", str(tmp_path / "gone.jpg")], common.EXIT_FAILED, True),
        ([*valid, "--attach", str(tmp_path)], common.EXIT_FAILED, False),
        (["list", "--since", "01/02/2026"], common.EXIT_USAGE, False),
        (["list", "--category", "nope"], common.EXIT_USAGE, False),
        (["search", "Secret words"], common.EXIT_USAGE, True),
        (["list", "--tag", "Secret tag"], common.EXIT_USAGE, True),
    ]

    def in_process(argv: list[str]) -> subprocess.CompletedProcess[str]:
        args = main.parse(["--data-dir", str(shared), "journal", *argv])
        code = main.run(args, common.PassphraseReader(io.StringIO("")))
        captured = capsys.readouterr()
        return subprocess.CompletedProcess(argv, code, captured.out, captured.err)

    with opened(shared) as book:
        count = book.count()
    before = snapshot(shared)
    for argv, code, child in cases:
        argv = argv if argv[0] in ("list", "search") else ["add", *argv]
        # Empty stdin: had the command asked for the passphrase first, it would report that.
        for result in [in_process(argv)] + ([journal(*argv, data_dir=shared, stdin="")] * child):
            assert_one_line_failure(result)
            assert result.returncode == code, (argv, result.stderr)
            assert INPUT_ENDED not in result.stderr, argv
            # Errors name fields, never the text: nothing of the document is repeated.
            assert "Secret" not in result.stderr
    # And with a passphrase: a wrong one, or none at all.
    for stdin in (lines(WRONG_PASSPHRASE), ""):
        assert_one_line_failure(journal("add", *valid, data_dir=shared, stdin=stdin))
    assert snapshot(shared) == before
    with opened(shared) as book:
        assert book.count() == count


def test_usage_errors_exit_2(shared: Path) -> None:
    for argv in (
        ["add", "--json-input", "-", "--category", "spam", "--severity", "severe"],
        ["add", "--category", "spam"],
        ["add", "--json-input", "-", "--title", "x"],
        ["list", "--limit", "0"],
        ["list", "--limit", "many"],
        [],
    ):
        result = journal(*argv, data_dir=shared, stdin="")
        assert result.returncode == common.EXIT_USAGE, argv
        assert result.stdout == ""


# ---------------------------------------------------------------- verify
def test_verify_passes_then_names_the_altered_entry(make_vault: MakeVault, data_dir: Path) -> None:
    vault = make_vault()
    book = Journal(vault)
    target = book.add(entry("Target X", date(2026, 3, 1)))
    untouched = book.add(entry("Untouched X", date(2026, 3, 2)))
    book.update(target, entry("Target X, edited", date(2026, 3, 1)))
    vault.lock()

    intact = ok(journal("verify", data_dir=data_dir))
    assert intact == "The journal is intact (2 entries, 3 revisions checked).\n"

    vault.unlock(PASSPHRASE)
    with vault.transaction() as conn:
        changed = conn.execute(
            "UPDATE journal_revisions SET content = replace(content, 'X', 'Y') "
            "WHERE number = 1 AND entry_id = (SELECT id FROM journal_entries WHERE uid = ?)",
            (target,),
        ).rowcount
    vault.lock()
    assert changed == 1

    broken = journal("verify", data_dir=data_dir)
    assert broken.returncode == common.EXIT_FAILED
    assert broken.stdout == f"{target}  revision 1  hash\n"
    assert untouched not in broken.stdout
    assert len(broken.stderr.splitlines()) == 1
    assert broken.stderr.startswith("bastion: 1 entry was altered")

    report = journal("verify", "--json", data_dir=data_dir)
    assert report.returncode == common.EXIT_FAILED
    assert json.loads(report.stdout) == {
        "ok": False,
        "entries": 2,
        "revisions": 3,
        "broken_entries": [target],
        "problems": [{"id": target, "revision": 1, "code": "hash"}],
    }


def test_field_errors_name_each_field(tmp_path: Path, shared: Path) -> None:
    document = tmp_path / "entry.json"
    document.write_text(json.dumps({"title": 3, "tags": "one", "people": ["ok", 7]}))
    result = journal("add", "--json-input", str(document), "--category", "spam", data_dir=shared)
    assert_one_line_failure(result)
    for field in ("title:", "tags:", "people.1:"):
        assert field in result.stderr
    assert "people.0" not in result.stderr


def test_content_never_in_argv(shared: Path) -> None:
    """The whole entry arrives on standard input; argv holds options only."""
    marker = "Zq7-argv-marker"
    document = {
        "title": f"Title {marker}",
        "place": f"Place {marker}",
        "people": [f"{marker}@en.wikipedia.org"],
        "links": [f"https://example.org/{marker}"],
        "tags": [marker],
        "narrative": f"Narrative {marker}",
        "category": "intimidation",
        "severity": "high",
        "when": "2026-01-02",
    }
    argv = ["--data-dir", str(shared), "journal", "add", "--json-input", "-"]
    args = main.parse(argv)
    stdin = io.StringIO(lines(PASSPHRASE) + json.dumps(document))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main.run(args, common.PassphraseReader(stdin)) == common.EXIT_OK
    assert not any(marker in item for item in argv)
    with opened(shared) as book:
        stored = book.get(out.getvalue().strip()).content
    assert stored.title == f"Title {marker}"
    assert stored.narrative == f"Narrative {marker}"
    assert [p.wiki for p in stored.people] == ["en.wikipedia.org"]
    assert (stored.category, stored.severity, stored.occurred.date) == (
        "intimidation",
        "high",
        date(2026, 1, 2),
    )


def test_oversized_files_are_refused_by_what_they_are(shared: Path, tmp_path: Path) -> None:
    # Sparse: the files claim their size without taking the disk; neither is read.
    body = tmp_path / "body.txt"
    with body.open("wb") as handle:
        handle.truncate(model.MAX_NARRATIVE * 4 + 1)
    document = tmp_path / "entry.json"
    with document.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)
    small = tmp_path / "small.json"
    small.write_text(json.dumps({"title": "Too long", "category": "spam"}), encoding="utf-8")

    too_long = journal("add", "--json-input", str(small), "--body-file", str(body), data_dir=shared)
    assert_one_line_failure(too_long)
    assert "What happened" in too_long.stderr or "narrative" in too_long.stderr
    assert "This text is too long." in too_long.stderr

    too_large = journal("add", "--json-input", str(document), data_dir=shared)
    assert_one_line_failure(too_large)
    assert "The entry document is too large." in too_large.stderr
