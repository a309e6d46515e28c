# SPDX-License-Identifier: GPL-3.0-or-later
"""What Bastion copies is marked for clipboard managers and taken back after a delay."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from desktop.ui.clipboard import ClipboardGuard


def test_copies_carry_the_marks_that_keep_them_out_of_clipboard_history(qtbot):
    guard = ClipboardGuard()
    guard.copy("a link from an entry")
    data = QGuiApplication.clipboard().mimeData()
    assert data.text() == "a link from an entry"
    # KDE/X11 and Wayland clipboard managers (Klipper and those that follow it).
    assert bytes(data.data("x-kde-passwordManagerHint").data()) == b"secret"
    # Windows: registered formats named as in Qt's `application/x-qt-windows-mime` wrapper.
    windows = 'application/x-qt-windows-mime;value="{}"'
    assert data.hasFormat(windows.format("ExcludeClipboardContentFromMonitorProcessing"))
    for name in ("CanIncludeInClipboardHistory", "CanUploadToCloudClipboard"):
        assert bytes(data.data(windows.format(name)).data()) == b"\0\0\0\0"  # DWORD 0
    # macOS (nspasteboard.org).
    assert data.hasFormat("org.nspasteboard.ConcealedType")
    assert guard.clear_if_ours()


def test_copies_are_taken_back_after_a_delay(qtbot):
    guard = ClipboardGuard(clear_after_ms=150)
    guard.copy("copied from a journal entry")
    assert QGuiApplication.clipboard().text() == "copied from a journal entry"
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "", timeout=3_000)
    assert not guard.holds_ours()


def test_the_delay_leaves_a_later_copy_from_another_program_alone(qtbot):
    guard = ClipboardGuard(clear_after_ms=150)
    guard.copy("ours")
    QGuiApplication.clipboard().setText("copied in another program")
    qtbot.wait(400)
    assert QGuiApplication.clipboard().text() == "copied in another program"
    QGuiApplication.clipboard().clear()


def test_a_new_copy_restarts_the_delay(qtbot):
    guard = ClipboardGuard(clear_after_ms=300)
    guard.copy("first")
    qtbot.wait(200)
    guard.copy("second")
    qtbot.wait(200)  # 400 ms after the first copy, 200 ms after the second
    assert QGuiApplication.clipboard().text() == "second"
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "", timeout=3_000)
