# SPDX-License-Identifier: GPL-3.0-or-later
"""Render Bastion's screens to PNG files for review: `make screenshots`.

    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py OUTDIR [--text-size SIZE] [LANG ...]

For each language (default: English, every compiled catalog, and English forced
right-to-left) it renders first run, the unlock screen with an error, the unlocked shell and
Settings, the journal, reports, organisations and the Learn area, using a throwaway vault in
a temporary directory. The Learn screens use the bundled training pack, or the tests' sample
pack while the bundled one does not validate. `--text-size larger` (125 %) or `largest` (150 %)
renders at that size of Settings into OUTDIR/larger/ or OUTDIR/largest/ instead.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop import i18n
from desktop.errors import BastionError
from desktop.training.model import Pack
from desktop.ui.application import apply_text_size, create_application, install_qt_translations
from desktop.ui.main_window import MainWindow
from desktop.ui.session import Session
from desktop.vault import FLOOR, Vault
from desktop.vault.attempts import Record

PASSPHRASE = "orbit lantern kettle vivid meadow"  # noqa: S105 — a throwaway vault
SIZE = (960, 680)
TEXT_SIZES = {"default": 100, "larger": 125, "largest": 150}  # Settings' names, in percent


def _wait(app: QApplication, signal, timeout_ms: int = 20_000) -> None:  # type: ignore[no-untyped-def]
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def _save(window: MainWindow, path: Path) -> None:
    QApplication.processEvents()
    window.grab().save(str(path))
    print(path)


def _dispose(window: MainWindow) -> None:
    # Delete on the GUI thread now, rather than leave it to a garbage collection that
    # could happen on a worker thread.
    window.close()
    window.deleteLater()
    QApplication.processEvents()
    gc.collect()


# The pseudo-locale's name on the command line and in file names (never a real language).
PSEUDO = "pseudo"


def render(app: QApplication, outdir: Path, code: str, rtl: bool, text_size: int = 100) -> None:
    if code == PSEUDO:  # accented, bracketed, 40 % longer (desktop.i18n.pseudo)
        i18n.set_pseudo_language()
        install_qt_translations(app, i18n.SOURCE_LANGUAGE)
    else:
        i18n.set_language(code)
        install_qt_translations(app, code)
    if text_size != 100:  # as the app starts in this language: script scale × text size
        apply_text_size(app, text_size)
    direction = rtl or i18n.is_right_to_left(code)
    app.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if direction else Qt.LayoutDirection.LeftToRight
    )
    tag = f"{code}-rtl" if rtl and not i18n.is_right_to_left(code) else code
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        window = MainWindow(Session(Vault(data)), data, leave=lambda: None)
        window.resize(*SIZE)
        window.show()
        view = window.setup_view
        view.passphrase.setText("password1234")
        view.confirmation.setText("password1234")
        view.create_button.click()  # refused inline: too easy to guess
        view.suggest_button.click()
        _save(window, outdir / f"{tag}-1-first-run.png")
        _dispose(window)

        Vault(data).create(PASSPHRASE, FLOOR)
        window = MainWindow(Session(Vault(data)), data, leave=lambda: None)
        window.resize(*SIZE)
        window.show()
        window.session.unlock("not the passphrase")
        _wait(app, window.session.unlock_failed)
        _save(window, outdir / f"{tag}-2-unlock-error.png")
        # The third wrong passphrase in a row with erasing on: the warning and the count-down.
        attempts = window.session.vault.attempts
        attempts.set_erase_after(5)
        for _ in range(2):
            window.session.unlock("not the passphrase")
            _wait(app, window.session.unlock_failed)
        _save(window, outdir / f"{tag}-2b-unlock-wait.png")
        attempts.save(Record(erase_after=5))  # no real wait for the rest of the screens
        window.unlock_view._end_wait()
        window.session.unlock(PASSPHRASE)
        _wait(app, window.session.unlocked)
        assert window.shell is not None
        learn = window.shell.learn_area
        _until(app, lambda: learn.has_loaded)  # type: ignore[attr-defined]
        _save(window, outdir / f"{tag}-3-shell.png")
        window.shell.show_area(window.shell.SETTINGS)
        _save(window, outdir / f"{tag}-4-settings.png")
        _render_journal(app, window, outdir, tag)
        _render_reports(app, window, outdir, tag, data)
        _render_profiles(app, window, outdir, tag, data)
        _render_learn(app, window, outdir, tag)
        from screenshots_security import render_security
        from screenshots_sync import render_sync

        for part in (render_sync, render_security):
            part(window, outdir, tag, lambda condition, ms=20_000: _until(app, condition, ms))
        window.session.lock()
        _dispose(window)


SAMPLES = (
    (
        "Home address posted on my talk page",
        "doxxing",
        "high",
        "Someone posted my street name"
        " and employer on my user talk page.\nعنواني منشور الآن في صفحة النقاش.",
    ),
    (
        "تهديد عبر البريد الإلكتروني",
        "intimidation",
        "emergency",
        "وصلتني رسالة تقول إنهم يعرفون أين أسكن. The sender used Special:EmailUser.",
    ),
    (
        "वार्ता पृष्ठ पर धमकी",
        "harassment",
        "medium",
        "एक खाते ने मेरे संपादनों के बारे में बार-बार अपमानजनक टिप्पणियाँ कीं।",
    ),
)


def _until(app: QApplication, condition, timeout_ms: int = 20_000) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_ms / 1000
    while not condition() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def _render_journal(app: QApplication, window: MainWindow, outdir: Path, tag: str) -> None:
    """The list with an entry open, the editor and the history, as a volunteer sees them."""
    from datetime import date
    from datetime import time as dtime

    from desktop.journal import AttachmentSource, EntryContent, Journal, Occurred, Person

    journal = Journal(window.session.vault)
    uids = []
    for day, (title, category, severity, narrative) in enumerate(SAMPLES, start=3):
        uids.append(
            journal.add(
                EntryContent(
                    title,
                    Occurred(date(2026, 10, day), dtime(14, 30), "Asia/Kolkata"),
                    category,
                    severity,
                    place="User talk page",
                    people=(Person("Example-troll", "en.wikipedia.org"),),
                    links=("https://en.wikipedia.org/w/index.php?diff=1234567",),
                    narrative=narrative,
                    tags=("talk page", "threat"),
                ),
                [AttachmentSource(data=b"%PDF-1.4 sample", name="email.txt")],
            )
        )
    first = journal.get(uids[0]).content
    journal.update(uids[0], replace(first, severity="emergency", place="User talk page, Commons"))
    window.session.vault.close_thread_connection()
    assert window.shell is not None
    area = window.shell.journal_area
    window.shell.show_area(window.shell.JOURNAL)
    area.model.refresh()
    _until(app, lambda: area.model.rowCount() == len(SAMPLES))
    area._select(uids[0])
    area._show(uids[0])
    _until(app, lambda: area.entry_panel.current_uid == uids[0])
    _until(app, lambda: False, 600)
    _save(window, outdir / f"{tag}-5-journal.png")
    panel = area.entry_panel
    panel._on_edit_requested()
    _until(app, lambda: False, 400)
    _save(window, outdir / f"{tag}-6-editor.png")
    panel.discard_changes()
    _until(app, lambda: False, 300)
    panel._on_history_requested()
    _until(app, lambda: False, 800)
    _save(window, outdir / f"{tag}-7-history.png")


def _render_reports(
    app: QApplication, window: MainWindow, outdir: Path, tag: str, data: Path
) -> None:
    """The report wizard's steps and its final screen, with a verified recipient."""
    import pyrage
    from PySide6.QtCore import Qt as QtNS

    from desktop.profiles import Profiles
    from desktop.reports.exports import neutral_name

    profiles = Profiles(window.session.vault)
    key = str(pyrage.x25519.Identity.generate().to_public())
    added = profiles.add_recipient("Trust & Safety (printed card)", key)
    profiles.mark_recipient_verified(added.id)
    window.session.vault.close_thread_connection()
    assert window.shell is not None
    area = window.shell.reports_area
    window.shell.show_area(window.shell.REPORTS)
    wizard = area.start_report()  # type: ignore[attr-defined]
    _until(app, lambda: wizard.entries.has_loaded)
    for row in (0, 1):
        wizard.entries.list.item(row).setCheckState(QtNS.CheckState.Checked)
    _until(app, lambda: False, 300)
    _save(window, outdir / f"{tag}-8-report-entries.png")
    wizard.go_next()
    _until(app, lambda: not wizard.contents.problem())
    wizard.contents.fields["place"].setChecked(False)
    wizard.contents.note.setPlainText("Please call me on Signal before Friday.")
    _until(app, lambda: False, 300)
    _save(window, outdir / f"{tag}-9-report-contents.png")
    wizard.go_next()
    _until(app, lambda: wizard.recipients.has_loaded)
    wizard.recipients.manual_boxes[added.id].setChecked(True)
    _until(app, lambda: False, 300)
    _save(window, outdir / f"{tag}-10-report-recipients.png")
    wizard.go_next()
    wizard.destination.set_path(data / neutral_name())
    wizard.go_next()
    _until(app, lambda: False, 300)
    _save(window, outdir / f"{tag}-11-report-review.png")
    wizard.go_next()
    _until(app, lambda: not wizard.is_writing)
    _until(app, lambda: False, 300)
    _save(window, outdir / f"{tag}-12-report-written.png")
    wizard.go_next()
    _until(app, lambda: area.past.has_loaded)  # type: ignore[attr-defined]
    _until(app, lambda: False, 300)
    _save(window, outdir / f"{tag}-13-reports.png")


def _render_profiles(
    app: QApplication, window: MainWindow, outdir: Path, tag: str, data: Path
) -> None:
    """Settings with an organisation profile, and the fingerprint check on import."""
    import json

    import pyrage

    from desktop.signing import SecretKey, sign

    secret = SecretKey.generate()
    document = {
        "format": "bastion-profile",
        "format_version": 1,
        "id": "example-safety-desk",
        "name": "Example affiliate safety desk",
        "version": 2,
        "issued": "2026-11-01",
        "expires": "2027-11-01",
        "signing_key": secret.public_key().line(),
        "recipients": [
            {"label": "Safety desk", "key": str(pyrage.x25519.Identity.generate().to_public())},
            {"label": "Backup officer", "key": str(pyrage.x25519.Identity.generate().to_public())},
        ],
        "contacts": [{"label": "Safety desk", "kind": "email", "value": "safety@example.org"}],
    }
    path = data / "example-safety-desk.json"
    body = json.dumps(document, indent=2).encode()
    path.write_bytes(body)
    signature = sign(body, secret, trusted_comment="bastion-profile example-safety-desk v2")
    path.with_name(path.name + ".minisig").write_text(signature)
    assert window.shell is not None
    assert window.settings_view is not None
    panel = window.settings_view.organisations
    window.shell.show_area(window.shell.SETTINGS)
    _until(app, lambda: panel.has_loaded)  # type: ignore[union-attr]
    panel.import_file(path)  # type: ignore[union-attr]
    _until(app, lambda: panel.fingerprint_dialog is not None)  # type: ignore[union-attr]
    dialog = panel.fingerprint_dialog  # type: ignore[union-attr]
    _until(app, lambda: False, 400)
    dialog.grab().save(str(outdir / f"{tag}-14-fingerprints.png"))
    print(outdir / f"{tag}-14-fingerprints.png")
    dialog.later_button.click()
    _until(app, lambda: not panel.is_working)  # type: ignore[union-attr]
    window.settings_view.scroll_area.ensureWidgetVisible(panel)
    _until(app, lambda: False, 400)
    _save(window, outdir / f"{tag}-15-organisations.png")


def _training_pack() -> Pack:
    """The bundled pack when it validates, else the tests' sample pack (in source form)."""
    from desktop.training.archive import source_files
    from desktop.training.packs import bundled_pack
    from desktop.training.validate import load_pack

    try:
        return bundled_pack()
    except BastionError as exc:
        print(f"bundled training pack not usable ({type(exc).__name__}): using the sample pack")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.training.sample import write_sample_pack

    with tempfile.TemporaryDirectory() as tmp:
        return load_pack(source_files(write_sample_pack(Path(tmp))))


def _render_learn(app: QApplication, window: MainWindow, outdir: Path, tag: str) -> None:
    """The Learn overview with some progress, a lesson, a checklist and a checked quiz."""
    from desktop.training.store import Training
    from desktop.ui.learn.area import LearnArea

    assert window.shell is not None
    area = window.shell.learn_area
    assert isinstance(area, LearnArea)
    pack = next(iter(area.packs.values()))
    module = pack.pathways[0].modules[0]
    training = Training(window.session.vault, bundled=pack)
    training.open_lesson(pack.id, module.lessons[0].key)
    training.mark_read(pack.id, module.lessons[0].key)
    if module.checklist:
        training.set_checked(pack.id, module.checklist[0].key, True)
    window.session.vault.close_thread_connection()
    window.shell.show_area(window.shell.LEARN)
    area.open_overview()
    area.reload()
    _until(app, lambda: area.has_loaded)
    _until(app, lambda: False, 300)
    _save(window, outdir / f"{tag}-16-learn.png")

    area.open_lesson(pack.id, module.lessons[0].key)
    _until(app, lambda: area.has_loaded and area.lesson_page.next_button.isEnabled())
    _until(app, lambda: False, 300)
    _save(window, outdir / f"{tag}-17-lesson.png")
    if len(module.lessons) > 1:
        area.open_lesson(pack.id, module.lessons[1].key)
        _until(app, lambda: area.has_loaded and area.lesson_page.next_button.isEnabled())
        _until(app, lambda: False, 300)
        _save(window, outdir / f"{tag}-18-lesson-2.png")

    area.open_checklist(pack.id, module.key)
    _until(app, lambda: False, 300)
    _save(window, outdir / f"{tag}-19-checklist.png")

    area.open_quiz(pack.id, module.key)
    quiz = area.quiz_page
    for box in quiz.questions:
        # The first choice of each question: some right, some wrong, so both kinds show.
        next(iter(box.rows.values())).button.setChecked(True)
    quiz.submit()
    _until(app, lambda: area.has_loaded and quiz.result is not None)
    if quiz.questions:
        quiz.verticalScrollBar().setValue(quiz.questions[0].y())
    _until(app, lambda: False, 300)
    _save(window, outdir / f"{tag}-20-quiz.png")
    quiz.ensureWidgetVisible(quiz.retry_button)
    _until(app, lambda: False, 200)
    _save(window, outdir / f"{tag}-21-quiz-score.png")
    area.open_overview()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("languages", nargs="*", metavar="LANG")
    parser.add_argument("--text-size", choices=TEXT_SIZES, default="default")
    args = parser.parse_intermixed_args(argv)
    text_size = TEXT_SIZES[args.text_size]
    outdir = args.outdir / args.text_size if text_size != 100 else args.outdir  # not over 100 %
    outdir.mkdir(parents=True, exist_ok=True)
    app = create_application(sys.argv[:1], text_size=text_size)
    # Every window below uses this pack as the bundled one (see _training_pack).
    from desktop.training import store

    pack = _training_pack()
    store.bundled_pack = lambda *_: pack  # type: ignore[assignment]
    if args.languages:
        plan = [(code.removesuffix("-rtl"), code.endswith("-rtl")) for code in args.languages]
    else:
        plan = [(code, False) for code in i18n.available_codes()]
        plan += [("en", True), (PSEUDO, False), (PSEUDO, True)]
    for code, rtl in plan:
        render(app, outdir, code, rtl, text_size)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
