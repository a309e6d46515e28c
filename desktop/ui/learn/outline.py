# SPDX-License-Identifier: GPL-3.0-or-later
"""A pathway (its modules and how far each is done) and a module (its lessons, checklist and
quiz). Rows open with Enter, a click or a double click."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidgetItem, QVBoxLayout, QWidget

from desktop.i18n import _, ngettext
from desktop.i18n.formats import format_percent
from desktop.training.model import Module, Pathway
from desktop.training.progress import Progress, module_status, pathway_status
from desktop.ui.kit.direction import align_to_ui, isolate
from desktop.ui.kit.factories import hint, subheading
from desktop.ui.learn.common import (
    Shown,
    fallback_note,
    joined,
    level_label,
    minutes_text,
    pack_label,
    percent_text,
    row_item,
    row_list,
    time_left_text,
)
from desktop.ui.learn.common import set_pack_text as set_text

KEY_ROLE = Qt.ItemDataRole.UserRole
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
LESSON, CHECKLIST, QUIZ = "lesson", "checklist", "quiz"


def module_row(module: Module, progress: Progress, shown: Shown) -> tuple[str, str]:
    """A module's title, and what is done of each part, then the time left or ✓."""
    status = module_status(module, progress)
    read = sum(lesson.key in progress.read for lesson in module.lessons)
    parts = [_("Lessons read: {read} of {total}").format(read=read, total=len(module.lessons))]
    if module.checklist:
        ticked = sum(item.key in progress.checked for item in module.checklist)
        parts.append(
            _("Checklist: {done} of {total}").format(done=ticked, total=len(module.checklist))
        )
    if module.quiz is not None:
        parts.append(
            _("Quiz: passed") if module.key in progress.passed else _("Quiz: not passed yet")
        )
    last = _("✓ Complete") if status.complete else time_left_text(status.minutes_left)
    return isolate(shown(module.title)), joined(*parts, last)


class ListPage(QWidget):
    """Heading, details, a fallback note and one list of rows that open something."""

    def __init__(self, list_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pack_id = ""
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(24, 8, 24, 16)
        self.column.setSpacing(8)
        self.title = pack_label(object_name="heading")
        self.column.addWidget(self.title)
        self.details = hint()
        self.column.addWidget(self.details)
        self.summary = pack_label()
        self.column.addWidget(self.summary)
        self.fallback = fallback_note()
        self.column.addWidget(self.fallback)
        self.list_title = subheading(list_name)
        self.column.addWidget(self.list_title)
        self.list = row_list(list_name)
        self.column.addWidget(self.list, 1)
        self.list.itemActivated.connect(self._on_item_chosen)
        self.list.itemClicked.connect(self._on_item_chosen)

    def _on_item_chosen(self, item: QListWidgetItem) -> None:
        # A double click's second click may arrive once another page is shown: only act
        # while this page is the one on screen.
        if self.isVisible():
            self.open_item(item)

    def open_item(self, item: QListWidgetItem) -> None:
        raise NotImplementedError

    def _fill(self, rows: list[tuple[tuple[str, str], str, str]]) -> None:
        """Rows of ((title, details), kind, key); the selection stays on the same key."""
        current = self.list.currentItem()
        keep = current.data(KEY_ROLE) if current is not None else None
        self.list.clear()
        for (title, details), kind, key in rows:
            item = row_item(title, details)
            item.setData(KEY_ROLE, key)
            item.setData(KIND_ROLE, kind)
            self.list.addItem(item)
            if key == keep:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)


class PathwayPage(ListPage):
    module_chosen = Signal(str, str)  # pack id, module key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Modules"), parent)
        self.setObjectName("pathwayPage")
        self.pathway_id = ""

    def show_pathway(self, pack_id: str, pathway: Pathway, progress: Progress) -> None:
        shown = Shown()
        if (pack_id, pathway.id) != (self.pack_id, self.pathway_id):
            self.list.clear()  # another pathway: start at its first module
        self.pack_id, self.pathway_id = pack_id, pathway.id
        status = pathway_status(pathway, progress)
        set_text(self.title, shown(pathway.title))
        complete = sum(module_status(m, progress).complete for m in pathway.modules)
        self.details.setText(
            joined(
                level_label(pathway.level),
                percent_text(status.percent),
                ngettext(
                    "{done} of {total} module complete",
                    "{done} of {total} modules complete",
                    len(pathway.modules),
                ).format(done=complete, total=len(pathway.modules)),
                _("✓ Complete") if status.complete else time_left_text(status.minutes_left),
            )
        )
        self.details.setAccessibleName(self.details.text())
        set_text(self.summary, shown(pathway.summary))
        self._fill([(module_row(m, progress, shown), "", m.key) for m in pathway.modules])
        self.fallback.setVisible(shown.fell_back)
        align_to_ui(self)

    def open_item(self, item: QListWidgetItem) -> None:
        self.module_chosen.emit(self.pack_id, str(item.data(KEY_ROLE)))


class ModulePage(ListPage):
    lesson_chosen = Signal(str, str)  # pack id, lesson key
    checklist_chosen = Signal(str, str)  # pack id, module key
    quiz_chosen = Signal(str, str)  # pack id, module key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Lessons, checklist and quiz"), parent)
        self.setObjectName("modulePage")
        self.module_key = ""

    def show_module(self, pack_id: str, module: Module, progress: Progress) -> None:
        shown = Shown()
        if (pack_id, module.key) != (self.pack_id, self.module_key):
            self.list.clear()
        self.pack_id, self.module_key = pack_id, module.key
        status = module_status(module, progress)
        set_text(self.title, shown(module.title))
        self.details.setText(
            joined(
                percent_text(status.percent),
                _("✓ Complete") if status.complete else time_left_text(status.minutes_left),
            )
        )
        self.details.setAccessibleName(self.details.text())
        set_text(self.summary, shown(module.summary))
        rows = []
        for number, lesson in enumerate(module.lessons, start=1):
            state = _("✓ Read") if lesson.key in progress.read else _("Not read yet")
            title = _("{number}. {title}").format(number=number, title=isolate(shown(lesson.title)))
            line = joined(minutes_text(lesson.minutes), state)
            rows.append(((title, line), LESSON, lesson.key))
        if module.checklist:
            ticked = sum(item.key in progress.checked for item in module.checklist)
            total = len(module.checklist)
            state = ngettext(
                "{done} of {total} step done", "{done} of {total} steps done", total
            ).format(done=ticked, total=total)
            if ticked >= total:
                state = joined(state, "✓")
            name = _("Checklist")
            rows.append(((name, state), CHECKLIST, f"{module.key}#checklist"))
        if module.quiz is not None:
            if module.key in progress.passed:
                state = _("✓ Passed")
            else:
                state = joined(
                    _("Not passed yet"),
                    _("pass mark {mark}").format(mark=format_percent(module.quiz.pass_mark)),
                )
            best = progress.best.get(module.key)
            if best is not None:
                state = joined(
                    state, _("best score {right} of {total}").format(right=best[0], total=best[1])
                )
            name = _("Quiz")
            rows.append(((name, state), QUIZ, f"{module.key}#quiz"))
        self._fill(rows)
        self.fallback.setVisible(shown.fell_back)
        align_to_ui(self)

    def open_item(self, item: QListWidgetItem) -> None:
        kind = item.data(KIND_ROLE)
        if kind == LESSON:
            self.lesson_chosen.emit(self.pack_id, str(item.data(KEY_ROLE)))
        elif kind == CHECKLIST:
            self.checklist_chosen.emit(self.pack_id, self.module_key)
        elif kind == QUIZ:
            self.quiz_chosen.emit(self.pack_id, self.module_key)
