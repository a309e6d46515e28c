# SPDX-License-Identifier: GPL-3.0-or-later
"""One lesson: its text in the reader, text size, read or not, previous and next.

A lesson counts as read when the person says so ("Mark as read"), or reaches its end and
presses Next. Time spent is counted while the lesson is on screen and the window is active,
and handed to the area (to store) when the person leaves the lesson.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QVBoxLayout, QWidget

from desktop.i18n import _, is_right_to_left
from desktop.training.model import Lesson, Pack
from desktop.training.progress import Progress
from desktop.training.render import RenderedLesson
from desktop.ui.kit.direction import align_to_ui, isolate, ltr
from desktop.ui.kit.factories import button, hint
from desktop.ui.learn.common import Shown, fallback_note, joined, minutes_text, pack_label
from desktop.ui.learn.common import set_pack_text as set_text
from desktop.ui.learn.reader import SIZES, LessonBrowser, default_size
from desktop.ui.widgets import SafeLabel

MIN_CAP = 10 * 60  # seconds: the least one visit may count
CAP_PER_MINUTE = 4 * 60  # a visit counts at most four times the lesson's reading time
END_SLACK = 4  # pixels from the bottom that still count as the end


class LessonPage(QWidget):
    read_toggled = Signal(bool)  # "Mark as read" / "Mark as unread"
    previous_requested = Signal()
    next_requested = Signal(bool)  # Next pressed; True when the end of the text was reached
    time_spent = Signal(str, str, int)  # pack id, lesson key, seconds: the lesson was left
    size_changed = Signal(int)  # the reading size, in points
    lesson_chosen = Signal(str, str)  # pack id, lesson key: a link to another lesson clicked

    def __init__(self, point_size: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonPage")
        self.pack_id = ""
        self.key = ""
        self.seconds = 0
        self._cap = MIN_CAP
        self._read = False
        if point_size not in SIZES:  # none kept yet (or a bad value): a little above the UI's
            app = QApplication.instance()
            base = app.font().pointSizeF() if isinstance(app, QApplication) else 10.0
            point_size = default_size(base)
        self._size = point_size

        column = QVBoxLayout(self)
        column.setContentsMargins(24, 8, 24, 12)
        column.setSpacing(8)
        self.title = pack_label(object_name="heading")
        column.addWidget(self.title)
        self.meta = hint()
        column.addWidget(self.meta)
        self.fallback = fallback_note(
            _("This lesson is not available in your language yet; it is shown in English.")
        )
        column.addWidget(self.fallback)
        self.title_fallback = fallback_note()
        column.addWidget(self.title_fallback)

        tools = QHBoxLayout()
        # Symbols, not words: kept left to right (LRI…PDI), or a right-to-left interface
        # would show "−A".
        self.smaller_button = button(ltr("A−"), _("Smaller text"), "small")
        self.smaller_button.setToolTip(_("Smaller text (Ctrl+−)"))
        self.larger_button = button(ltr("A+"), _("Larger text"), "small")
        self.larger_button.setToolTip(_("Larger text (Ctrl++)"))
        tools.addWidget(self.smaller_button)
        tools.addWidget(self.larger_button)
        tools.addStretch(1)
        self.state = SafeLabel()
        tools.addWidget(self.state)
        column.addLayout(tools)

        self.browser = LessonBrowser()
        column.addWidget(self.browser, 1)

        navigation = QHBoxLayout()
        self.previous_button = button(_("Previous lesson"))
        self.read_button = button(_("Mark as read"))
        self.next_button = button(_("Next lesson"), object_name="primary")
        navigation.addWidget(self.previous_button)
        navigation.addStretch(1)
        navigation.addWidget(self.read_button)
        navigation.addWidget(self.next_button)
        column.addLayout(navigation)
        align_to_ui(self)

        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        for keys, step in (
            (QKeySequence.StandardKey.ZoomIn, 1),
            (QKeySequence.StandardKey.ZoomOut, -1),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self.larger if step > 0 else self.smaller)
        self.smaller_button.clicked.connect(self.smaller)
        self.larger_button.clicked.connect(self.larger)
        self.browser.size_requested.connect(self._step_size)
        self.browser.lesson_link_clicked.connect(self._on_lesson_link)
        self.read_button.clicked.connect(self._on_read_clicked)
        self.previous_button.clicked.connect(self.previous_requested)
        self.next_button.clicked.connect(self._on_next_clicked)
        self._update_size_buttons()

    # ------------------------------------------------------------------ showing
    def begin(self, pack: Pack, lesson: Lesson, index: int, count: int, module_title: str) -> None:
        """Show the lesson's title and place at once; its text follows (`show_text`)."""
        self.flush()
        shown = Shown()
        self.pack_id = pack.id
        self.key = lesson.key
        self._cap = max(MIN_CAP, lesson.minutes * CAP_PER_MINUTE)
        set_text(self.title, shown(lesson.title))
        self.meta.setText(
            joined(
                _("Lesson {number} of {count} in {module}").format(
                    number=index + 1, count=count, module=isolate(module_title)
                ),
                minutes_text(lesson.minutes),
            )
        )
        self.meta.setAccessibleName(self.meta.text())
        self.title_fallback.setVisible(shown.fell_back)
        self.fallback.setVisible(False)
        self.browser.clear_lesson()
        self.previous_button.setEnabled(index > 0)
        last = index + 1 >= count
        self.next_button.setText(_("Finish lesson") if last else _("Next lesson"))
        self.next_button.setAccessibleName(
            _("Finish the lesson and go back to the module") if last else _("Next lesson")
        )
        self.next_button.setEnabled(False)  # until the text is there
        self.read_button.setEnabled(False)
        align_to_ui(self)

    def show_text(self, pack: Pack, rendered: RenderedLesson, progress: Progress) -> None:
        self.fallback.setVisible(rendered.fallback)
        if rendered.fallback:
            self.title_fallback.setVisible(False)  # one note says it for the whole lesson
        # The English text of a fallback stays left to right even in an Arabic interface.
        self.browser.show_lesson(
            rendered.html, pack.files, is_right_to_left(rendered.language), self._size
        )
        self.next_button.setEnabled(True)
        self.read_button.setEnabled(True)
        self.set_progress(progress)

    def set_progress(self, progress: Progress) -> None:
        self._read = self.key in progress.read
        self.state.setText(_("✓ Read") if self._read else "")
        self.state.setAccessibleName(self.state.text())
        self.read_button.setText(_("Mark as unread") if self._read else _("Mark as read"))
        self.read_button.setAccessibleName(self.read_button.text())

    @property
    def is_read(self) -> bool:
        return self._read

    @property
    def reached_end(self) -> bool:
        bar = self.browser.verticalScrollBar()
        return bar.maximum() == 0 or bar.value() >= bar.maximum() - END_SLACK

    # ------------------------------------------------------------------ text size
    @property
    def point_size(self) -> int:
        return self._size

    def larger(self) -> None:
        self._step_size(1)

    def smaller(self) -> None:
        self._step_size(-1)

    def _step_size(self, step: int) -> None:
        index = SIZES.index(self._size) + step
        if not 0 <= index < len(SIZES):
            return
        self._size = SIZES[index]
        self.browser.set_point_size(self._size)
        self._update_size_buttons()
        self.size_changed.emit(self._size)

    def _update_size_buttons(self) -> None:
        self.smaller_button.setEnabled(self._size > SIZES[0])
        self.larger_button.setEnabled(self._size < SIZES[-1])

    # ------------------------------------------------------------------ actions
    def _on_read_clicked(self) -> None:
        self.read_toggled.emit(not self._read)

    def _on_next_clicked(self) -> None:
        self.next_requested.emit(self.reached_end)

    def _on_lesson_link(self, key: str) -> None:
        # Links name lessons of the pack the lesson comes from (render.py checks that).
        self.lesson_chosen.emit(self.pack_id, key)

    # ------------------------------------------------------------------ time spent
    def _tick(self) -> None:
        window = self.window()
        if self.key and self.isVisible() and window is not None and window.isActiveWindow():
            self.seconds = min(self.seconds + 1, self._cap)

    def take_seconds(self) -> int:
        seconds, self.seconds = self.seconds, 0
        return seconds

    def flush(self) -> None:
        """Hand over the time spent on the current lesson (the lesson is being left)."""
        seconds = self.take_seconds()
        if self.key and seconds > 0:
            self.time_spent.emit(self.pack_id, self.key, seconds)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        # Another page, another area, or the lock: in each case the lesson was left.
        self._timer.stop()
        self.flush()
        super().hideEvent(event)
