# SPDX-License-Identifier: GPL-3.0-or-later
"""Composition root: arguments, logging, language, then the window or a headless command.

Qt is imported only when a window (or self-test) needs it, so headless commands start fast.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import desktop
from desktop import config, i18n, process
from desktop.cli import common as cli_common
from desktop.errors import DataFolderRefusedError
from desktop.vault import FLOOR, Vault
from desktop.vault.database import versions as database_versions

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QApplication, QWidget

    from desktop.journal import Journal

log = logging.getLogger("desktop")

# --exit-when-shown gives up (exit code 1) if the window is not painted within this time.
_FIRST_PAINT_TIMEOUT_MS = 30_000


def _redacted_excepthook(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    """Log where an unexpected error happened, never its message (it may quote content)."""
    frames = "".join(
        f"  {frame.filename}:{frame.lineno} in {frame.name}\n" for frame in traceback.extract_tb(tb)
    )
    log.error("unexpected %s\n%s", kind.__name__, frames)


def _setup_logging() -> None:
    # stderr only: a log file on disk could itself reveal when and how Bastion was used.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    sys.excepthook = _redacted_excepthook


def _choose_language(prefs: config.Preferences) -> str:
    if prefs.language:
        return i18n.set_language(prefs.language)
    from desktop.i18n.system import system_language

    return i18n.set_language(system_language(i18n.available_codes()))


def _gui_arguments(parser: argparse.ArgumentParser) -> None:
    # Developer options, not shown in --help: mirrored layout for checks, and an exit right
    # after the first screen is painted (bench/startup.py measures start-up with it).
    parser.add_argument("--force-rtl", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--exit-when-shown", action="store_true", help=argparse.SUPPRESS)


# What the window alone accepts; anything else (a command, --help, a typo) gets the full parser,
# so its errors and help text are the same as ever.
_WINDOW_FLAGS = {"--force-rtl", "--exit-when-shown", "--version"}


def _names_a_command(arguments: Sequence[str]) -> bool:
    rest = iter(arguments)
    for word in rest:
        if word == "--data-dir":
            next(rest, None)
        elif not (word.startswith("--data-dir=") or word in _WINDOW_FLAGS):
            return True
    return False


def main(argv: Sequence[str] | None = None) -> int:
    # Before anything else, and before any secret exists: a crash must not leave a core file
    # holding the passphrase or the database key (docs/threat-model.md).
    process.harden()
    os.umask(0o077)
    _setup_logging()
    arguments = list(sys.argv[1:] if argv is None else argv)
    if _names_a_command(arguments):
        from desktop.cli import main as cli

        parser = cli.build_parser()
    else:
        # Only the window: the commands' parsers (and the modules behind them) are not loaded,
        # which keeps start-up to the unlock screen short.
        parser = cli_common.top_parser()
    _gui_arguments(parser)
    args = parser.parse_args(arguments)
    args.command = getattr(args, "command", None)
    try:
        data_dir = config.resolve_data_dir(args.data_dir)
    except DataFolderRefusedError as exc:
        # Someone else's folder: nothing in it is read (not even preferences), nothing changed.
        from desktop.messages import describe

        _choose_language(config.Preferences())
        cli_common.print_error(describe(exc))
        return cli_common.EXIT_USAGE
    prefs = config.Preferences.load(data_dir)
    _choose_language(prefs)
    if args.command is None:
        return run_gui(
            data_dir, prefs, force_rtl=args.force_rtl, exit_when_shown=args.exit_when_shown
        )
    if args.command == "self-test":
        return cli_common.run_printing(self_test)
    from desktop.cli import main as cli

    return cli.run(args)


def run_gui(
    data_dir: Path,
    prefs: config.Preferences,
    *,
    force_rtl: bool = False,
    exit_when_shown: bool = False,
) -> int:
    from desktop.ui.application import create_application
    from desktop.ui.main_window import MainWindow
    from desktop.ui.session import Session

    app = create_application(sys.argv[:1], force_rtl=force_rtl, text_size=prefs.text_size)
    session = Session(Vault(data_dir))
    window = MainWindow(session, data_dir, prefs)
    quick = {"exited": False}
    window.quick_exited.connect(lambda: quick.update(exited=True))
    window.show()
    # Held until the event loop ends, so the watcher is not collected before the first paint.
    watcher = _quit_after_first_paint(app, window) if exit_when_shown else None
    code = app.exec()
    del watcher
    session.vault.lock()
    if quick["exited"]:
        # Do not wait for a key derivation still running on a worker: leave now.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
    return int(code)


def _quit_after_first_paint(app: QApplication, window: QWidget) -> QObject:
    """For --exit-when-shown: quit once `window` has been painted, not merely shown.

    show() only queues the expose; the first paint comes a few event-loop turns later, so a
    bare QTimer.singleShot(0, app.quit) would leave before anything was drawn and make
    bench/startup.py measure too little. Returns the watcher, which the caller keeps alive.
    """
    from PySide6.QtCore import QTimer

    from desktop.ui.kit.first_paint import after_first_paint

    def never_painted() -> None:
        log.warning("--exit-when-shown: no paint within %d s", _FIRST_PAINT_TIMEOUT_MS // 1000)
        app.exit(1)

    watcher = after_first_paint(window, app.quit)
    # A platform that never exposes the window must not leave a benchmark hanging.
    QTimer.singleShot(_FIRST_PAINT_TIMEOUT_MS, watcher, never_painted)
    return watcher


def self_test() -> int:
    """Versions, every catalog, a throwaway vault, the window offscreen. 0 only if all work."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    failures: list[str] = []

    def check(name: str, outcome: str | None) -> None:
        if outcome is None:
            print(f"{name}: ok")
        else:
            failures.append(name)
            print(f"{name}: FAILED ({outcome})")

    import platform  # only here: not on the way to the first screen

    import PySide6
    from PySide6.QtCore import qVersion

    db = database_versions()
    print(f"Bastion {desktop.__version__}")
    print(f"Python {platform.python_version()} ({platform.system()} {platform.machine()})")
    print(f"Qt {qVersion()} (PySide6 {PySide6.__version__})")
    from desktop.ui import NEEDS_REFCOUNT_PIN

    print(f"PySide6 reference-count workaround: {'on' if NEEDS_REFCOUNT_PIN else 'off'}")
    print(f"SQLCipher {db['sqlcipher']} (SQLite {db['sqlite']})")
    print(f"Crypto provider {db['crypto']}")

    from desktop import selfcheck

    # Every part a build can lose without failing until someone needs it (docs/packaging.md).
    for name, run in selfcheck.installation_checks():
        check(name, run())
    for code in selfcheck.shipped_languages() or []:
        if code in QT_SHIPS_QTBASE:
            check(f"Qt translations {code}", _self_test_qt_catalog(code))
    check("network information backend", _self_test_network_information())

    with tempfile.TemporaryDirectory(prefix="bastion-self-test-") as tmp:
        check("vault", _self_test_vault(Path(tmp) / "vault"))
        check("window", _self_test_window(Path(tmp) / "window"))
    # After the window: Qt reads fonts only once a QGuiApplication exists.
    check("shipped fonts", _self_test_fonts())
    if failures:
        print(f"self-test: FAILED ({', '.join(failures)})")
        return 1
    print("self-test: ok")
    return 0


# The shipped languages Qt 6.12 has a qtbase_<code>.qm for (tests/test_self_test.py checks this
# against the installed PySide6): self-test fails when a build leaves one of them out.
QT_SHIPS_QTBASE = frozenset(
    {"ar", "de", "es", "fa", "fr", "it", "ja", "ko", "pl", "pt_BR", "ru", "tr", "uk", "zh_Hans"}
)


def _self_test_qt_catalog(code: str) -> str | None:
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator()
    if not translator.load(QLocale(i18n.qt_locale_name(code)), "qtbase", "_", path):
        return f"no qtbase_{code}.qm in {path}"
    return None


def _self_test_fonts() -> str | None:
    """Every font Bastion ships for a script a fresh system may lack (desktop.ui.fonts)."""
    from PySide6.QtGui import QFontDatabase, QGuiApplication

    from desktop.ui import fonts

    if QGuiApplication.instance() is None:  # Qt would crash reading a font without one
        return "no Qt application (the window check failed before it)"
    try:
        families = [fonts.register(script) for script in fonts.SHIPPED]
    except fonts.FontMissingError as exc:
        return f"missing or unreadable: {exc}"
    absent = [family for family in families if family not in QFontDatabase.families()]
    return f"not usable: {', '.join(map(str, absent))}" if absent else None


def _self_test_network_information() -> str | None:
    """Sync learns that the network is back, or metered, only through this backend."""
    from PySide6.QtNetwork import QNetworkInformation

    available = QNetworkInformation.availableBackends()
    if QNetworkInformation.instance() is None and not QNetworkInformation.loadDefaultBackend():
        return f"no backend among {available or 'none'}"
    info = QNetworkInformation.instance()
    # Qt falls back to a built-in "dummy" backend that never reports a change.
    reachability = QNetworkInformation.Feature.Reachability
    if info is None or info.backendName() == "dummy" or not info.supports(reachability):
        return f"only {info.backendName() if info else 'no'} backend among {available or 'none'}"
    return None


def _self_test_vault(directory: Path) -> str | None:
    import secrets

    passphrase = " ".join(secrets.token_hex(4) for _ in range(4))
    try:
        vault = Vault(directory)
        vault.create(passphrase, FLOOR)
        vault.set_setting("self-test", "written")
        vault.lock()
        vault.unlock(passphrase)
        if vault.get_setting("self-test") != "written":
            return "read back differs"
        problem = _self_test_journal(vault) or _self_test_training(vault)
        if problem:
            return problem
        vault.wipe()
        if any(directory.iterdir()):
            return "wipe left files"
    except Exception as exc:
        return type(exc).__name__
    return None


def _self_test_journal(vault: Vault) -> str | None:
    """An entry in two scripts with an attachment: saved, found, read back, verified."""
    from datetime import date

    from desktop.journal import AttachmentSource, EntryContent, Filter, Journal, Occurred

    journal = Journal(vault)
    payload = os.urandom(4096)
    uid = journal.add(
        EntryContent("self-test", Occurred(date.today()), "other", narrative="اختبار परीक्षण"),
        [AttachmentSource(data=payload, name="self-test.bin")],
    )
    if [s.uid for s in journal.page(Filter(text="परीक्षण"))] != [uid]:
        return "journal search"
    attachment = journal.get(uid).attachments[0]
    if b"".join(journal.open_attachment(attachment.uid)[1]) != payload:
        return "attachment read back differs"
    if not journal.verify().ok:
        return "journal verify"
    return _self_test_report(journal, uid)


def _self_test_report(journal: Journal, uid: str) -> str | None:
    """The entry as a report to a throwaway key, opened again and checked."""
    import io

    import pyrage

    from desktop.profiles import Recipient
    from desktop.reports.document import ReportRequest
    from desktop.reports.exports import export_report
    from desktop.reports.opener import open_report

    identity = pyrage.x25519.Identity.generate()
    target = journal.vault.directory.parent / "self-test-report.age"
    export_report(
        journal,
        ReportRequest((uid,)),
        [Recipient("self-test", str(identity.to_public()), "manual")],
        target,
        language="en",
    )
    opened = open_report(io.BytesIO(target.read_bytes()), [identity])
    target.unlink()
    return None if opened.ok and opened.entries else "report export and open"


def _self_test_training(vault: Vault) -> str | None:
    """The bundled pack validates, a lesson renders, and progress is stored."""
    from desktop.training.render import render_lesson
    from desktop.training.store import Training

    training = Training(vault)
    pack = training.bundled()
    key = pack.lesson_keys()[0]
    lesson = pack.lesson(key)
    if lesson is None or not render_lesson(pack, lesson, i18n.current_language()).html:
        return "training lesson"
    training.mark_read(pack.id, key)
    return None if key in training.progress(pack.id).read else "training progress"


def _self_test_window(directory: Path) -> str | None:
    try:
        from desktop.ui.application import create_application
        from desktop.ui.main_window import MainWindow
        from desktop.ui.session import Session

        app = create_application(sys.argv[:1])
        window = MainWindow(Session(Vault(directory)), directory, leave=lambda: None)
        window.show()
        app.processEvents()
        grabbed = window.grab()
        ok = window.current_screen == "setup" and not grabbed.isNull()
        window.close()
        return None if ok else "window did not build"
    except Exception as exc:
        return type(exc).__name__
