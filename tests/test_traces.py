# SPDX-License-Identifier: GPL-3.0-or-later
"""A scripted session, then a scan of everything the processes could write, for its markers.

Markers are made fresh for each run (a Latin one per use, so a hit names its field, plus an
Arabic and a Devanagari word, so more than ASCII is encoded) and used as the passphrase (its
own marker, changed to another at the end), titles, narratives, places, people, tags, links,
evidence content and a file name, a report's note and contact, an organisation profile's
name and recipient label, two searches and three clipboard copies. The command line runs in
child processes with the passphrase and every text on standard input or in files, never in
argv (docs/cli.md); the real window in a child process driven by tests/traces_support.py
(unlock, Journal, a new entry with an evidence image, its preview, searches, copies, Lock).

After every step (each child process) every place the processes could write is searched
for every marker in UTF-8, UTF-16-LE and UTF-16-BE, and for the random part of each marker
alone (the search index lower-cases and splits words): the data folder (vault files
included: they are encrypted, so they must show none of it either), the folder a report was
written to, TMPDIR, HOME with its XDG config, cache, data and state folders,
XDG_RUNTIME_DIR, the working folder, the files created in the system's /tmp, /var/tmp and
/dev/shm meanwhile, where Qt keeps its settings and caches, the clipboard after the lock,
standard error (a desktop session keeps it in its journal), and the name of every file and
folder, those too that the kernel saw during a step but that were gone by its scan
(tests/watch.py: temporary files). Only the inputs a person would bring (the plain files
handed to `--attach`, `--note-file`, …) are left out.

Controls: tests/test_no_plaintext.py's scanner (used here) finds every needle planted in a
file; a probe planted in every place, in a new file in /tmp, in a file name and in memory is
found by the whole scan; and the markers were really there to find: `journal show` prints
them back, the decrypted report holds them, the clipboard held them before the lock. A hit
fails the test naming the marker (so the field), the encoding, the file and the step after
which it first appeared.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import string
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyrage
import pytest

from desktop.signing import signature_path
from tests import watch
from tests.figures import record, table
from tests.profiles.builders import OrgKey, document, encode
from tests.sizes import LONG, size
from tests.test_no_plaintext import assert_scanner_works, private_temp
from tests.traces_support import SHARED_TEMP, Tracker

pytestmark = [
    pytest.mark.slow,
    # inotify, /dev/shm, Qt's settings kept off disk and the offscreen clipboard are Linux's.
    pytest.mark.skipif(not watch.AVAILABLE, reason="Linux only"),
]

REPO = Path(__file__).resolve().parent.parent
ENCODINGS = {"UTF-8": "utf-8", "UTF-16-LE": "utf-16-le", "UTF-16-BE": "utf-16-be"}
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
DEVANAGARI = "कखगघचछजझटठडढणतथदधनपफबभमयरलवशसह"
# Each use has its own Latin marker, so a hit says which text leaked.
USES = ["title", "narrative", "place", "person", "tag", "link", "content", "filename"]
USES += ["comment", "note", "contact", "org", "label", "lonequery"]


def _random(alphabet: str, length: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


@dataclass(frozen=True)
class Markers:
    """This run's markers: new random parts every run, so nothing else can hold them."""

    # Letters only: a label with a long run of letters and digits is refused as
    # looking like a key (docs/profiles.md), and 14 of 26 letters are 65 random bits.
    run: str = field(default_factory=lambda: _random(string.ascii_lowercase, 14))
    arabic: str = field(default_factory=lambda: "أثر" + _random(ARABIC, 10))
    devanagari: str = field(default_factory=lambda: "निशान" + _random(DEVANAGARI, 10))
    passphrase: str = field(default_factory=lambda: _passphrase())  # three scripts
    new_passphrase: str = field(default_factory=lambda: _passphrase())

    def latin(self, use: str) -> str:
        return f"TRACE-{self.run}-{use}"

    def text(self, use: str) -> str:
        return f"{self.latin(use)} {self.arabic} {self.devanagari}"

    def texts(self) -> dict[str, str]:
        """Every marker, by name (the figures count these)."""
        found = {self.latin(use): self.latin(use) for use in USES}
        found |= {"Arabic marker": self.arabic, "Devanagari marker": self.devanagari}
        return found | {"passphrase": self.passphrase, "new passphrase": self.new_passphrase}

    def pieces(self) -> dict[str, str]:
        """The random parts alone: what a tokenised, lower- or upper-cased copy still holds."""
        found = {"run id": self.run, "run id (upper case)": self.run.upper()}
        found |= {"Arabic letters": self.arabic[3:], "Devanagari letters": self.devanagari[5:]}
        for name in ("passphrase", "new passphrase"):
            words = self.texts()[name].split()
            found |= {f"{name} word {n}": word for n, word in enumerate(words, 1)}
        return found

    def needles(self) -> dict[str, bytes]:
        return {
            f"{name} ({label})": text.encode(codec)
            for name, text in {**self.texts(), **self.pieces()}.items()
            for label, codec in ENCODINGS.items()
        }


def _passphrase() -> str:
    words = ((string.ascii_lowercase, 8), (ARABIC, 6), (DEVANAGARI, 6))
    return " ".join(_random(alphabet, length) for alphabet, length in words)


def evidence_png(payload: bytes, width: int = 512, height: int = 24) -> bytes:
    """A grey PNG whose pixel rows spell `payload`, deflated with level 0 (stored): the
    marker is in the file as it is, and in the decoded image, as a preview holds it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = (payload * (width // len(payload) + 1))[:width]
    pixels = b"".join(b"\0" + row for _ in range(height))  # filter 0: rows as they are
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    comment = chunk(b"tEXt", b"Comment\0" + payload)  # removed on import (metadata)
    image = chunk(b"IDAT", zlib.compress(pixels, 0))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + comment + image + chunk(b"IEND", b"")


@dataclass
class Session:
    """The folders of one run; every child process is followed by a scan of all of them."""

    markers: Markers
    inbox: Path  # the plain inputs a person brings: the only thing not scanned
    places: dict[str, Path]
    tracker: Tracker
    touched: list[Path] = field(default_factory=list)  # by the last child process

    @property
    def data(self) -> Path:
        return self.places["data folder"]

    def child(self, step: str, argv: list[str], stdin: str, scan: bool = True) -> str:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LC_ALL": "C.UTF-8"}
        env.pop("LANGUAGE", None)
        env["PYTHONPATH"] = str(REPO)  # for tests.traces_support: the cwd is elsewhere
        # /tmp itself is not watched (thousands of other folders); it is scanned after.
        watched = [p for p in (*self.places.values(), *SHARED_TEMP[1:]) if p.is_dir()]
        with watch.changes_under(*watched) as changes:
            result = subprocess.run(
                [sys.executable, *argv],
                input=stdin,
                capture_output=True,
                text=True,
                encoding="utf-8",
                cwd=self.places["working folder"],
                env=env,
                timeout=60,
                check=False,
            )
        self.touched = changes.paths
        assert result.returncode == 0, f"{step}: {result.stderr}{result.stdout[-2000:]}"
        if scan:
            self.scan(step, result.stderr)
        return result.stdout

    def scan(
        self,
        step: str,
        stderr: str,
        memory: dict[str, bytes] | None = None,
        files: Iterable[Path] = (),
    ) -> None:
        stream = {f"standard error of `{step}`": stderr.encode("utf-8", "surrogateescape")}
        self.tracker.after(step, {**stream, **(memory or {})}, files, self.touched)

    def bastion(self, *args: str, stdin: str = "", passphrase: str = "") -> str:
        words = passphrase or self.markers.passphrase
        argv = ["-m", "desktop", "--data-dir", str(self.data), *args]
        step = " ".join(a if a.startswith("-") or "/" not in a else Path(a).name for a in args)
        return self.child(f"bastion {step}", argv, f"{words}\n{stdin}")


@pytest.fixture
def session(
    tmp_path: Path,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> Session:
    markers = Markers()
    places = {
        "data folder": tmp_path / "data",
        "report folder": tmp_path / "stick",
        "TMPDIR": private_temp(tmp_path, monkeypatch),
        "HOME (XDG config, cache, data, state inside)": isolated_home,
        "XDG_RUNTIME_DIR": tmp_path / "runtime",
        "working folder": tmp_path / "work",
    }
    for path in places.values():
        # The data folder too (empty and private, which `init` accepts), so it is watched
        # from the first step.
        path.mkdir(mode=0o700, exist_ok=True)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(places["XDG_RUNTIME_DIR"]))
    monkeypatch.setenv("XDG_STATE_HOME", str(isolated_home / ".local" / "state"))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    # The tests' own trees sit in /tmp too: this run's places are scanned as places, its
    # inputs are not scanned at all, and other runs' trees hold none of this run's markers.
    base = tmp_path_factory.getbasetemp()
    own = {base, *SHARED_TEMP[0].glob("pytest-of-*")}
    texts = {**markers.texts(), **markers.pieces()}
    return Session(markers, inbox, places, Tracker(markers.needles(), texts, places, own))


# ---------------------------------------------------------------- the session
def command_line(session: Session, team: pyrage.x25519.Identity, more: int) -> str:
    """A vault, an organisation profile, entries with evidence, read back; the first id."""
    markers, inbox = session.markers, session.inbox
    session.bastion("init", "--kdf-seconds", "0")
    org = OrgKey.generate()
    profile = inbox / "profile.json"
    recipient = {"label": markers.text("label"), "key": str(team.to_public())}
    contact = {"label": "Desk", "kind": "other", "value": markers.text("contact")}
    fields = {"name": markers.text("org"), "recipients": [recipient], "contacts": [contact]}
    profile.write_bytes(encode(document(org.line, id="trace-org", **fields)))
    signature_path(profile).write_text(org.sign(profile.read_bytes()), encoding="utf-8")
    session.bastion("profile", "import", str(profile), "--yes")

    # Evidence: the marker in every encoding at the start, the middle and the end.
    content = b"".join(markers.text("content").encode(codec) for codec in ENCODINGS.values())
    filler = os.urandom(size(256 * 1024, 16 * 1024 * 1024))
    evidence = inbox / "evidence.bin"
    evidence.write_bytes(content + filler[: len(filler) // 2] + content + filler + content)
    entry = {
        "title": markers.text("title"),
        "place": markers.text("place"),
        "people": [{"username": markers.text("person"), "wiki": "en.wikipedia.org"}],
        "links": [f"https://example.org/{markers.latin('link')}/{markers.arabic}"],
        "tags": [markers.latin("tag"), markers.arabic],
        "narrative": "\n".join((markers.text("narrative"), markers.devanagari, markers.arabic)),
    }
    add = ["journal", "add", "--json-input", "-", "--category", "harassment"]
    uid = session.bastion(*add, "--attach", str(evidence), stdin=json.dumps(entry)).strip()
    for number in range(more):
        session.bastion(*add, stdin=json.dumps({**entry, "title": f"{number} {entry['title']}"}))
    shown = json.loads(session.bastion("journal", "show", uid, "--json"))
    assert shown["title"] == markers.text("title")  # the markers went in: there was something
    assert len(json.loads(session.bastion("journal", "list", "--json"))) == more + 1
    # Search words and the tag travel on standard input, never argv.
    assert uid in session.bastion("journal", "search", stdin=markers.latin("title") + "\n")
    assert uid in session.bastion("journal", "list", "--tag-input", stdin=markers.arabic + "\n")
    session.bastion("journal", "history", uid)
    session.bastion("journal", "verify")
    return uid


def window(session: Session, uid: str, entries: int) -> list[Path]:
    """The window's part (tests/traces_support.py), with its own evidence image; returns
    the files Qt's settings (QSettings, QtProject.conf) would be kept in."""
    markers = session.markers
    picture = session.inbox / f"{markers.latin('filename')} {markers.arabic}.png"
    pixels = f"{markers.text('content')} {markers.latin('comment')}".encode()
    picture.write_bytes(evidence_png(pixels))
    plan = {
        "data_dir": str(session.data),
        "passphrase": markers.passphrase,
        "attachment": str(picture),
        "entries_before": entries,
        "cli_uid": uid,
        "entry": {
            "title": f"{markers.text('title')} 2",
            "place": markers.text("place"),
            "person": markers.latin("person"),
            "link": f"https://example.org/{markers.latin('link')}",
            "narrative": markers.text("narrative"),
            "tag": markers.latin("tag"),
        },
        "query": markers.arabic,
        "lone_query": markers.text("lonequery"),
        "copy_check": markers.run,
    }
    step = "the window (unlock, add, evidence, preview, search, copy, lock)"
    argv = ["-m", "tests.traces_support"]
    raw = session.child(step, argv, json.dumps(plan), scan=False)
    outcome = json.loads(raw.strip().splitlines()[-1])
    assert outcome["ok"], outcome.get("error")
    # Each copy put a marker on the clipboard, so finding none after the lock means something.
    assert outcome["copied_markers"] == [True, True, True], outcome["copied_markers"]
    clipboard = {
        f"the clipboard after the lock ({name})": base64.b64decode(data)
        for name, data in outcome["clipboard"].items()
    }
    session.tracker.kinds |= {"the clipboard after the lock", "Qt's settings and cache paths"}
    files = [Path(path) for path in outcome["qt_paths"]]
    session.scan(step, "", memory=clipboard, files=files)
    return files[:3]  # traces_support.qt_paths lists the settings files first


def reports(session: Session, team: pyrage.x25519.Identity, uid: str) -> None:
    """Reports to a file (the profile's key) and to the outbox, then a new passphrase."""
    markers, inbox = session.markers, session.inbox
    note, contact = inbox / "note.txt", inbox / "contact.txt"
    note.write_text(markers.text("note"), encoding="utf-8")
    contact.write_text(markers.text("contact"), encoding="utf-8")
    written = session.places["report folder"] / "report.age"
    session.bastion(
        *("report", "export", "--all", "--profile", "trace-org", "-o", str(written)),
        *("--note-file", str(note), "--contact-file", str(contact)),
    )
    key = str(team.to_public())
    session.bastion("report", "export", "--entry", uid, "--recipient", key, "--outbox")
    session.bastion("report", "list")
    opened = pyrage.decrypt(written.read_bytes(), [team])
    for use in ("title", "narrative", "note"):  # the report carried them, encrypted
        assert markers.latin(use).encode() in opened, use
    session.bastion("passwd", stdin=markers.new_passphrase + "\n")
    session.bastion("journal", "verify", passphrase=markers.new_passphrase)


def assert_every_place_is_searched(session: Session) -> None:
    """The control for the places: a probe planted in each of them, in a new file in /tmp, in
    a file name and in memory is found, so a scan that finds nothing did look everywhere."""
    probe = f"PROBE-{session.markers.run}"
    needles = {f"probe ({label})": probe.encode(codec) for label, codec in ENCODINGS.items()}
    checker = Tracker(needles, {"probe": probe}, session.places, session.tracker.skip)
    planted = [root / f"planted-{secrets.token_hex(4)}" for root in session.places.values()]
    fd, shared = tempfile.mkstemp(prefix="planted-", dir=SHARED_TEMP[0])
    os.close(fd)
    planted.append(Path(shared))
    named = session.places["HOME (XDG config, cache, data, state inside)"] / f"{probe}.txt"
    try:
        codecs = list(ENCODINGS.values())
        for number, path in enumerate(planted):
            needle = probe.encode(codecs[number % len(codecs)])
            path.write_bytes(os.urandom(64) + needle + os.urandom(64))
        named.touch()
        checker.after("control", {"memory": probe.encode("utf-16-be")})
        for path in planted:
            assert any(path.name in hit for hit in checker.hits), path
        assert any("in the name" in hit for hit in checker.hits)
        assert any(hit.endswith("in memory") for hit in checker.hits)
    finally:
        for path in [*planted, named]:
            path.unlink(missing_ok=True)


def test_a_session_leaves_no_trace_of_its_text(session: Session, tmp_path: Path) -> None:
    clock = time.monotonic()
    control = tmp_path / "control"
    control.mkdir()
    assert_scanner_works([control], session.markers.needles())  # the scanner can fail
    team = pyrage.x25519.Identity.generate()
    more = size(2, 20)
    uid = command_line(session, team, more)
    settings = window(session, uid, more + 1)
    reports(session, team, uid)
    seconds = time.monotonic() - clock
    assert_every_place_is_searched(session)

    tracker, markers = session.tracker, session.markers
    searched = len(markers.texts()) * len(ENCODINGS)
    rows: list[tuple[object, ...]] = [
        ("size", "long (BASTION_LONG)" if LONG else "default"),
        ("entries (command line + window)", more + 2),
        ("places scanned", f"{len(tracker.kinds)}: " + "; ".join(sorted(tracker.kinds))),
        ("scans (one after every step)", tracker.scans),
        ("files scanned in those places (distinct)", len(tracker.scanned)),
        ("new files in the shared temp folders scanned", len(tracker.shared)),
        ("bytes scanned (all scans)", f"{tracker.bytes:,}"),
        ("markers × encodings searched", f"{len(markers.texts())} × {len(ENCODINGS)} = {searched}"),
        ("their random parts × encodings, also searched", len(markers.pieces()) * len(ENCODINGS)),
        ("shared temp files too large to be ours, not read", len(tracker.skipped)),
        ("files there only during a step (names checked)", len(tracker.brief)),
        (
            "Qt's settings files",
            "; ".join(f"{p} ({'exists' if p.exists() else 'none'})" for p in settings),
        ),
        ("traces found", len(tracker.hits)),
        ("session and scans took", f"{seconds:.0f} s"),
    ]
    record("traces", table(("measure", "value"), rows))
    found = [f"{hit} (first seen after: {step})" for hit, step in tracker.hits.items()]
    assert not found, "\n".join(found)
