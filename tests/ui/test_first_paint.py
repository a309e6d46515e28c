# SPDX-License-Identifier: GPL-3.0-or-later
"""Work put off until the first paint runs after the window's widgets were painted, once,
and what the unlock screen does not need waits for it (desktop.ui.kit.first_paint)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.ui.kit.first_paint import after_first_paint, soon_after_first_paint


class PaintLog(QObject):
    def __init__(self, log: list[str]) -> None:
        super().__init__()
        self.log = log

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.log.append("painted")
        return False


def window_with_a_label(log: list[str]) -> tuple[QWidget, PaintLog]:
    window = QWidget()
    label = QLabel("Unlock", window)
    QVBoxLayout(window).addWidget(label)
    recorder = PaintLog(log)
    label.installEventFilter(recorder)  # the child, not the window: that is what is seen
    return window, recorder


def test_the_callback_runs_once_after_the_widgets_were_painted(qtbot) -> None:  # type: ignore[no-untyped-def]
    log: list[str] = []
    window, _recorder = window_with_a_label(log)
    qtbot.addWidget(window)
    after_first_paint(window, lambda: log.append("called"))
    window.show()
    qtbot.waitUntil(lambda: "called" in log, timeout=5000)
    assert log.index("painted") < log.index("called")
    window.update()
    qtbot.wait(100)  # later paints call nothing more
    assert log.count("called") == 1


def test_a_window_already_shown_is_watched_from_its_next_paint(qtbot) -> None:  # type: ignore[no-untyped-def]
    log: list[str] = []
    window, _recorder = window_with_a_label(log)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.hide()
    after_first_paint(window, lambda: log.append("called"))
    window.show()
    qtbot.waitUntil(lambda: "called" in log, timeout=5000)
    assert log.count("called") == 1


def test_work_the_first_screen_does_not_need_waits_a_turn_longer(qtbot) -> None:  # type: ignore[no-untyped-def]
    log: list[str] = []
    window, _recorder = window_with_a_label(log)
    qtbot.addWidget(window)
    soon_after_first_paint(window, lambda: log.append("later"))
    after_first_paint(window, lambda: log.append("first"))
    window.show()
    qtbot.waitUntil(lambda: "later" in log, timeout=5000)
    assert log.index("first") < log.index("later")
