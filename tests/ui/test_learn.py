# SPDX-License-Identifier: GPL-3.0-or-later
"""The Learn area with the sample pack: a pathway walked through (lessons, checklist, quiz),
progress kept across a lock, links only on request, no remote images, English fallback in an
Arabic interface, text size, accessible names, installing a signed pack and refusing a bad one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Set
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QListWidget,
    QScrollArea,
    QTextBrowser,
    QTextEdit,
    QWidget,
)

from desktop import i18n
from desktop.signing import SecretKey, sign
from desktop.training import packs as packs_module
from desktop.training import store as store_module
from desktop.training.archive import build_archive, source_files
from desktop.training.model import Pack
from desktop.training.packs import BUNDLED, TrustedKey
from desktop.training.store import Training
from desktop.training.validate import load_pack
from desktop.ui.kit import dialogs
from desktop.ui.learn import install as install_module
from desktop.ui.learn import reader as reader_module
from desktop.ui.learn.area import TEXT_SIZE_SETTING, LearnArea
from desktop.vault import Vault
from tests.training.builders import pack_file_name
from tests.training.sample import FAILING, FIRST_MODULE, PACK_ID, PASSING, write_sample_pack
from tests.ui.conftest import PASSPHRASE, click

PASSWORDS = f"{FIRST_MODULE}/passwords"
TWO_FACTOR = f"{FIRST_MODULE}/two-factor"
LINK = "https://meta.wikimedia.org/wiki/Password_strength_requirements"


# ---------------------------------------------------------------- helpers
def click_row(qtbot, view: QListWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Click the row whose text contains `text` (as a person would)."""
    for row in range(view.count()):
        item = view.item(row)
        if text in item.text():
            view.scrollToItem(item)
            rect = view.visualItemRect(item)
            qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            return
    raise AssertionError(f"no row with {text!r}")


def png(width: int, height: int) -> bytes:
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.darkBlue)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def settled(area: LearnArea) -> bool:
    return area.has_loaded and not area.work.running


def open_lesson(qtbot, area: LearnArea, key: str) -> None:  # type: ignore[no-untyped-def]
    area.open_lesson(PACK_ID, key)
    qtbot.waitUntil(lambda: settled(area) and area.lesson_page.next_button.isEnabled())


def in_view(scroller: QScrollArea, widget: QWidget) -> bool:
    top = widget.mapTo(scroller.viewport(), QPoint(0, 0)).y()
    return widget.isVisible() and top >= 0 and top + widget.height() <= scroller.viewport().height()


def answer(qtbot, area: LearnArea, answers: Mapping[str, Set[str]]) -> None:  # type: ignore[no-untyped-def]
    for box in area.quiz_page.questions:
        for choice_id in answers[box.question.id]:
            area.quiz_page.ensureWidgetVisible(box.rows[choice_id])
            click(qtbot, box.rows[choice_id].button)


@pytest.fixture
def sample_pack(tmp_path: Path) -> Pack:
    return load_pack(source_files(write_sample_pack(tmp_path / "sample")))


@pytest.fixture
def training(vault: Vault, sample_pack: Pack) -> Training:
    return Training(vault, bundled=sample_pack)


@pytest.fixture
def area(qtbot, training: Training) -> LearnArea:
    widget = LearnArea(training)
    qtbot.addWidget(widget)
    widget.resize(1000, 760)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: settled(widget))
    return widget


# ---------------------------------------------------------------- walking a pathway
def test_walk_a_pathway_lessons_checklist_and_quiz(qtbot, area: LearnArea, training: Training):
    overview = area.overview
    assert not overview.continue_button.isVisible()  # nothing opened yet
    assert overview.list.count() == 1
    assert "Basics" in overview.list.item(0).text()
    assert "Beginner" in overview.list.item(0).text()
    assert "0% done" in overview.summary.text()
    assert "about 18 minutes of reading left" in overview.summary.text()

    click_row(qtbot, overview.list, "Basics")
    assert area.stack.currentWidget() is area.pathway_page
    assert area.pathway_page.list.count() == 2
    click_row(qtbot, area.pathway_page.list, "Accounts")
    module = area.module_page
    assert area.stack.currentWidget() is module
    rows = [module.list.item(i).text() for i in range(module.list.count())]
    assert [r.split("\n")[0] for r in rows][2:] == ["Checklist", "Quiz"]
    assert "Not read yet" in rows[0]

    click_row(qtbot, module.list, "Passwords")
    qtbot.waitUntil(lambda: settled(area) and area.lesson_page.next_button.isEnabled())
    lesson = area.lesson_page
    assert "different password" in lesson.browser.toPlainText()
    assert lesson.browser.refused == []  # only the pack's own image was asked for
    assert not lesson.fallback.isVisible()
    assert not lesson.previous_button.isEnabled()
    bar = lesson.browser.verticalScrollBar()
    bar.setValue(bar.maximum())  # read to the end…
    click(qtbot, lesson.next_button)  # …and on: marked read
    qtbot.waitUntil(lambda: settled(area) and lesson.key == TWO_FACTOR)
    qtbot.waitUntil(lambda: PASSWORDS in training.progress(PACK_ID).read)
    qtbot.waitUntil(lambda: lesson.next_button.isEnabled())
    assert lesson.next_button.text() == "Finish lesson"
    click(qtbot, lesson.read_button)
    qtbot.waitUntil(lambda: settled(area) and lesson.is_read)
    assert lesson.state.text() == "✓ Read"
    assert lesson.read_button.text() == "Mark as unread"
    click(qtbot, lesson.next_button)
    assert area.stack.currentWidget() is module
    qtbot.waitUntil(lambda: settled(area))
    assert "✓ Read" in module.list.item(1).text()

    click_row(qtbot, module.list, "Checklist")
    checklist = area.checklist_page
    assert area.stack.currentWidget() is checklist
    assert checklist.count.text() == "0 of 2 done"
    for row in checklist.rows.values():
        click(qtbot, row.button)
    qtbot.waitUntil(lambda: settled(area) and checklist.count.text() == "2 of 2 done")
    assert len(training.progress(PACK_ID).checked) == 2

    click(qtbot, area.back_button)
    click_row(qtbot, module.list, "Quiz")
    quiz = area.quiz_page
    assert area.stack.currentWidget() is quiz
    assert quiz.attempts.text() == "You have not taken this quiz yet."
    area.resize(1000, 460)  # a small window: the quiz scrolls
    answer(qtbot, area, FAILING)
    click(qtbot, quiz.check_button)
    qtbot.waitUntil(lambda: settled(area) and quiz.result is not None)
    assert quiz.score.text() == "You answered 1 of 4 questions correctly (25%)."
    assert quiz.verdict.text().startswith("Not passed yet")
    # The score and verdict are scrolled into view, not left below the fold.
    qtbot.waitUntil(lambda: in_view(quiz, quiz.score) and in_view(quiz, quiz.verdict))
    reuse = quiz.questions[0]
    assert reuse.mark.text() == "✗ Not right"
    assert reuse.feedback["yes"].isVisible()
    assert reuse.feedback["yes"].text() == "One leak would open every account."
    assert reuse.correction.text() == "The right answer: \u2068No\u2069"
    assert quiz.questions[2].mark.text() == "✓ Right"
    assert not reuse.rows["no"].button.isEnabled()  # answers are locked until Try again

    click(qtbot, quiz.retry_button)
    assert not reuse.mark.isVisible()
    assert not any(box.chosen() for box in quiz.questions)
    answer(qtbot, area, PASSING)
    click(qtbot, quiz.check_button)
    qtbot.waitUntil(lambda: settled(area) and quiz.result is not None)
    assert quiz.result.passed
    assert quiz.verdict.text() == "You passed. The pass mark is 75%."
    assert reuse.feedback["no"].text() == "Right. Each account needs its own password."
    assert "taken this quiz 2 times" in quiz.attempts.text()
    assert "Best score: 4 of 4." in quiz.attempts.text()

    click(qtbot, area.back_button)  # the module
    assert "✓ Passed" in module.list.item(3).text()
    click(qtbot, area.back_button)  # the pathway
    assert "✓ Complete" in area.pathway_page.list.item(0).text()
    click(qtbot, area.back_button)  # the overview
    assert area.stack.currentWidget() is overview
    assert not area.back_button.isVisible()
    assert "62% done" in overview.summary.text()
    assert "1 of 2 modules complete" in overview.summary.text()
    assert overview.continue_button.isVisible()
    assert "Updates" in overview.continue_hint.text()  # the first unread lesson after


def _unlock(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.session.unlocked, timeout=20_000):
        window.session.unlock(PASSPHRASE)


def test_progress_survives_lock_and_continue_is_offered(
    qtbot, make_window, existing_vault, sample_pack: Pack, monkeypatch
):
    monkeypatch.setattr(store_module, "bundled_pack", lambda *_: sample_pack)
    window = make_window()
    _unlock(qtbot, window)
    area = window.shell.learn_area
    assert isinstance(area, LearnArea)
    assert window.shell.pages.currentWidget() is area  # Learn is the first area
    qtbot.waitUntil(lambda: settled(area))
    open_lesson(qtbot, area, PASSWORDS)
    click(qtbot, area.lesson_page.read_button)
    qtbot.waitUntil(lambda: settled(area) and area.lesson_page.is_read)
    area.open_checklist(PACK_ID, FIRST_MODULE)
    click(qtbot, next(iter(area.checklist_page.rows.values())).button)
    qtbot.waitUntil(lambda: settled(area) and area.checklist_page.count.text() == "1 of 2 done")

    with qtbot.waitSignal(window.session.locked, timeout=5_000):
        click(qtbot, window.lock_button)
    qtbot.waitUntil(lambda: not shiboken6.isValid(area), timeout=5_000)

    _unlock(qtbot, window)
    fresh = window.shell.learn_area
    assert isinstance(fresh, LearnArea)
    qtbot.waitUntil(lambda: settled(fresh))
    overview = fresh.overview
    assert overview.continue_button.isVisible()
    assert "Two-factor authentication" in overview.continue_hint.text()
    assert "25% done" in overview.summary.text()  # 2 of 8 steps
    click(qtbot, overview.continue_button)
    qtbot.waitUntil(lambda: settled(fresh) and fresh.lesson_page.next_button.isEnabled())
    assert fresh.lesson_page.key == TWO_FACTOR
    fresh.open_checklist(PACK_ID, FIRST_MODULE)
    assert fresh.checklist_page.count.text() == "1 of 2 done"


def test_keyboard_alone_walks_in_and_back_out(qtbot, area: LearnArea, training: Training):
    area.window().activateWindow()
    qtbot.waitUntil(area.isActiveWindow)
    area.overview.list.setFocus()
    qtbot.keyClick(area.overview.list, Qt.Key.Key_Return)
    assert area.stack.currentWidget() is area.pathway_page
    assert area.pathway_page.list.hasFocus()
    qtbot.keyClick(area.pathway_page.list, Qt.Key.Key_Return)  # the first module
    assert area.stack.currentWidget() is area.module_page
    qtbot.keyClick(area.module_page.list, Qt.Key.Key_Return)  # its first lesson
    qtbot.waitUntil(lambda: settled(area) and area.lesson_page.next_button.isEnabled())
    assert area.lesson_page.key == PASSWORDS
    assert area.lesson_page.browser.hasFocus()
    area.lesson_page.read_button.setFocus()
    qtbot.keyClick(area.lesson_page.read_button, Qt.Key.Key_Return)  # Enter presses it
    qtbot.waitUntil(lambda: settled(area) and area.lesson_page.is_read)
    area.lesson_page.seconds = 42  # as if read for 42 s with the window active
    qtbot.keyClick(area.lesson_page.browser, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert area.stack.currentWidget() is area.module_page  # Alt+Left: back
    qtbot.waitUntil(lambda: settled(area))
    assert training.progress(PACK_ID).seconds[PASSWORDS] == 42  # stored on leaving
    assert area.lesson_page.seconds == 0


def test_reading_time_counts_only_in_the_active_window_and_is_capped(qtbot, area: LearnArea):
    open_lesson(qtbot, area, PASSWORDS)
    page = area.lesson_page
    page.seconds = 0
    area.window().activateWindow()
    qtbot.waitUntil(area.isActiveWindow)
    page._tick()
    assert page.seconds == 1
    page.seconds = 10**6
    page._tick()
    assert page.seconds == 16 * 60  # four times the lesson's four minutes, at most


# ---------------------------------------------------------------- the reader
def test_a_link_opens_only_after_a_yes(qtbot, area: LearnArea, monkeypatch):
    asked: list[str] = []
    answers = [False, True]
    opened: list[str] = []
    monkeypatch.setattr(
        reader_module, "ask_to_open", lambda _parent, url: asked.append(url) or answers.pop(0)
    )
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    open_lesson(qtbot, area, PASSWORDS)
    browser = area.lesson_page.browser
    browser.setFocus()
    qtbot.keyClick(browser, Qt.Key.Key_Tab)  # to the link, by keyboard
    assert browser.textCursor().selectedText() == "the password guide"
    qtbot.keyClick(browser, Qt.Key.Key_Return)
    assert asked == [LINK]
    assert opened == []  # declined: nothing leaves Bastion
    qtbot.keyClick(browser, Qt.Key.Key_Return)
    assert asked == [LINK, LINK]
    assert opened == [LINK]


def test_the_question_shows_the_whole_address_as_plain_text(qtbot, monkeypatch):
    seen = {}

    def fake_confirm(_parent, **kwargs):  # type: ignore[no-untyped-def]
        seen.update(kwargs)
        return False

    monkeypatch.setattr(reader_module, "confirm", fake_confirm)
    widget = QWidget()
    qtbot.addWidget(widget)
    assert not reader_module.ask_to_open(widget, LINK + "?a=<b>")
    assert LINK + "?a=<b>" in seen["text"].replace("\u200b", "")
    assert "may be watched on this network" in seen["text"]


def test_remote_images_are_never_requested(qtbot, area: LearnArea, monkeypatch):
    def forbidden(*_args):  # type: ignore[no-untyped-def]
        raise AssertionError("Qt's own resource loading was reached")

    monkeypatch.setattr(QTextBrowser, "loadResource", forbidden)
    monkeypatch.setattr(QTextEdit, "loadResource", forbidden)
    browser = area.lesson_page.browser
    image = QTextDocument.ResourceType.ImageResource.value
    assert browser.loadResource(image, QUrl("https://example.org/track.png")) is None
    # Even HTML that was never sanitised gets nothing from outside the pack's images.
    browser.show_lesson(
        '<p>Hi</p><img src="https://example.org/pixel.png"><img src="file:///etc/hosts">'
        '<img src="pack:secret.png"><img src="pack:images/dot.png">',
        {"images/dot.png": png(3, 2), "secret.png": png(1, 1)},
        False,
        12,
    )
    browser.grab()  # lay out and paint: every image is asked for
    assert browser.refused == [
        "https://example.org/pixel.png",
        "file:///etc/hosts",
        "pack:secret.png",
    ]
    served = browser.document().resource(image, QUrl("pack:images/dot.png"))
    assert isinstance(served, QImage)
    assert (served.width(), served.height()) == (3, 2)


@pytest.fixture
def arabic(compiled_locale) -> Iterator[None]:  # type: ignore[no-untyped-def]
    assert i18n.set_language("ar") == "ar"
    try:
        yield
    finally:
        i18n.set_language(None)


def test_english_fallback_is_noted_and_reads_left_to_right(qtbot, arabic, training: Training):
    area = LearnArea(training)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitUntil(lambda: settled(area))
    open_lesson(qtbot, area, TWO_FACTOR)  # no Arabic file
    page = area.lesson_page
    assert page.fallback.isVisible()
    assert not page.title_fallback.isVisible()  # the lesson's note says it for the title too
    option = page.browser.document().defaultTextOption()
    assert option.textDirection() == Qt.LayoutDirection.LeftToRight
    assert "two-factor" in page.browser.toPlainText()

    open_lesson(qtbot, area, PASSWORDS)  # has an Arabic text and title
    assert not page.fallback.isVisible()
    assert not page.title_fallback.isVisible()
    assert page.title.text() == "كلمات المرور"
    option = page.browser.document().defaultTextOption()
    assert option.textDirection() == Qt.LayoutDirection.RightToLeft
    block = page.browser.document().begin().blockFormat()
    assert block.layoutDirection() == Qt.LayoutDirection.RightToLeft

    area.open_checklist(PACK_ID, FIRST_MODULE)  # English items only
    assert area.checklist_page.fallback.isVisible()


def test_text_size_buttons_change_and_keep_the_size(
    qtbot, area: LearnArea, training: Training, vault: Vault
):
    open_lesson(qtbot, area, PASSWORDS)
    page = area.lesson_page
    before = page.browser.point_size()
    click(qtbot, page.larger_button)
    assert page.browser.point_size() > before
    qtbot.waitUntil(lambda: settled(area))
    assert vault.get_setting(TEXT_SIZE_SETTING) == str(page.browser.point_size())
    click(qtbot, page.smaller_button)
    click(qtbot, page.smaller_button)
    assert page.browser.point_size() < before
    for _ in range(20):
        if page.smaller_button.isEnabled():
            click(qtbot, page.smaller_button)
    assert not page.smaller_button.isEnabled()  # the smallest size: no further


def test_every_control_has_an_accessible_name(qtbot, area: LearnArea):
    open_lesson(qtbot, area, PASSWORDS)
    area.open_checklist(PACK_ID, FIRST_MODULE)
    area.open_quiz(PACK_ID, FIRST_MODULE)
    area.open_module(PACK_ID, FIRST_MODULE)
    area.open_pathway(PACK_ID, "basics")
    unnamed = [
        f"{type(widget).__name__} {widget.objectName()}"
        for widget in area.findChildren(QWidget)
        if isinstance(widget, QAbstractButton | QAbstractItemView | QTextEdit)
        and not widget.accessibleName()
    ]
    assert unnamed == []
    assert area.pathway_page.list.accessibleName() == "Modules"


# ---------------------------------------------------------------- installing a pack
def _signed_pack(
    folder: Path, secret: SecretKey, *, tamper: bool = False, expires: str = ""
) -> Path:
    source = write_sample_pack(folder / "source", version=4)
    if expires:
        with (source / "pack.yaml").open("a", encoding="utf-8") as handle:
            handle.write(f"expires: {expires}\n")
    pack = load_pack(source_files(source))
    archive = build_archive(pack, "2026-01-01T00:00:00Z")
    path = folder / pack_file_name(pack)
    path.write_bytes(archive)
    signed = archive + b"changed after signing" if tamper else archive
    path.with_name(path.name + ".minisig").write_text(sign(signed, secret, trusted_comment="x"))
    return path


@pytest.fixture
def secret(monkeypatch) -> SecretKey:
    key = SecretKey.generate()
    trusted = [TrustedKey(key.public_key().line(), BUNDLED)]
    monkeypatch.setattr(packs_module, "bundled_keys", lambda: list(trusted))
    return key


def test_installing_a_signed_pack_from_a_file(
    qtbot, area: LearnArea, training: Training, secret: SecretKey, tmp_path: Path, monkeypatch
):
    path = _signed_pack(tmp_path, secret)
    chosen = path.with_name(path.name + ".minisig")  # choosing the signature means the pack
    monkeypatch.setattr(dialogs, "choose_files", lambda _parent, _title: [chosen])
    click(qtbot, area.overview.install_button)
    qtbot.waitUntil(lambda: settled(area) and "version 4" in area.overview.status.text())
    assert area.overview.status.text() == "Installed \u2068Sample pack\u2069, version 4."
    assert not area.error.isVisible()
    assert [(p.pack_id, p.version) for p in training.installed()] == [(PACK_ID, 4)]
    assert area.packs[PACK_ID].version == 4
    assert area.overview.install_button.isEnabled()


def test_an_expired_pack_is_installed_only_when_confirmed(
    qtbot, area: LearnArea, training: Training, secret: SecretKey, tmp_path: Path, monkeypatch
):
    path = _signed_pack(tmp_path, secret, expires="2020-01-01")
    monkeypatch.setattr(dialogs, "choose_files", lambda _parent, _title: [path])
    answers = [False, True]
    asked = []
    monkeypatch.setattr(
        install_module, "ask_expired", lambda _p, checked: asked.append(checked) or answers.pop(0)
    )
    click(qtbot, area.overview.install_button)
    assert not area.overview.install_button.isEnabled()  # one install at a time
    qtbot.waitUntil(lambda: settled(area) and area.overview.install_button.isEnabled())
    assert area.overview.status.text() == "Nothing was installed."
    assert training.installed() == []
    click(qtbot, area.overview.install_button)
    qtbot.waitUntil(lambda: settled(area) and "version 4" in area.overview.status.text())
    assert [(p.pack_id, p.version) for p in training.installed()] == [(PACK_ID, 4)]
    assert len(asked) == 2


def test_a_pack_with_a_bad_signature_is_refused_and_changes_nothing(
    qtbot, area: LearnArea, training: Training, secret: SecretKey, tmp_path: Path, monkeypatch
):
    path = _signed_pack(tmp_path, secret, tamper=True)
    monkeypatch.setattr(dialogs, "choose_files", lambda _parent, _title: [path])
    click(qtbot, area.overview.install_button)
    qtbot.waitUntil(lambda: settled(area) and area.error.isVisible())
    assert "signature" in area.error.text().lower()
    assert area.overview.status.text() == ""
    assert training.installed() == []
    assert area.packs[PACK_ID].version == 3
    assert area.overview.install_button.isEnabled()
