# SPDX-License-Identifier: GPL-3.0-or-later
"""The start of the Learn area: continue where I stopped, how far the training is done, the
pathways to choose from, and installing a training pack someone gave you."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidgetItem, QProgressBar, QVBoxLayout, QWidget

from desktop.i18n import _, ngettext
from desktop.training.model import Pack
from desktop.training.progress import Progress, module_status, pack_status, pathway_status
from desktop.ui.kit.direction import align_to_ui, isolate
from desktop.ui.kit.factories import button, hint, subheading
from desktop.ui.learn.common import (
    Shown,
    fallback_note,
    joined,
    level_label,
    percent_text,
    row_item,
    row_list,
    time_left_text,
)
from desktop.ui.widgets import Heading, SafeLabel

PACK_ROLE = Qt.ItemDataRole.UserRole
PATHWAY_ROLE = Qt.ItemDataRole.UserRole + 1


def pack_line(pack: Pack, progress: Progress, shown: Shown, named: bool) -> str:
    status = pack_status(pack, progress)
    modules = [m for p in pack.pathways for m in p.modules]
    complete = sum(module_status(m, progress).complete for m in modules)
    return joined(
        isolate(shown(pack.title)) if named else "",
        percent_text(status.percent),
        ngettext(
            "{done} of {total} module complete", "{done} of {total} modules complete", len(modules)
        ).format(done=complete, total=len(modules)),
        _("✓ Complete") if status.complete else time_left_text(status.minutes_left),
    )


class OverviewPage(QWidget):
    continue_requested = Signal()
    pathway_chosen = Signal(str, str)  # pack id, pathway id
    install_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("learnOverview")
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 16, 24, 16)
        column.setSpacing(8)
        column.addWidget(Heading(_("Learn")))
        self.intro = hint(
            _(
                "Safety training that works without a connection: lessons, checklists and "
                "quizzes. What you have done is kept in the vault."
            )
        )
        column.addWidget(self.intro)

        row = QHBoxLayout()
        self.continue_button = button(_("Continue where I stopped"), object_name="primary")
        self.continue_button.setVisible(False)
        row.addWidget(self.continue_button)
        self.continue_hint = hint()
        self.continue_hint.setVisible(False)
        row.addWidget(self.continue_hint, 1)
        column.addLayout(row)

        self.progress_title = subheading(_("Your progress"))
        column.addWidget(self.progress_title)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(10)
        self.progress_bar.setAccessibleName(_("Training done"))
        column.addWidget(self.progress_bar)
        self.summary = SafeLabel()
        column.addWidget(self.summary)
        self.fallback = fallback_note()
        column.addWidget(self.fallback)

        self.list_title = subheading(_("Pathways"))
        column.addWidget(self.list_title)
        self.list = row_list(_("Pathways"))
        self.list.setObjectName("pathways")
        column.addWidget(self.list, 1)
        self.empty = hint(_("No training is available yet. Install a training pack below."))
        self.empty.setVisible(False)
        column.addWidget(self.empty)

        actions = QHBoxLayout()
        self.install_button = button(_("Install a training pack…"))
        actions.addWidget(self.install_button)
        actions.addStretch(1)
        column.addLayout(actions)
        self.install_hint = hint(
            _(
                "A training pack is a file ending in “.bastionpack”, with its signature beside "
                "it: the same name with “.minisig” added. Keep both in the same folder and "
                "choose the pack."
            )
        )
        column.addWidget(self.install_hint)
        self.status = SafeLabel()
        self.status.setVisible(False)
        column.addWidget(self.status)
        align_to_ui(self)

        self.continue_button.clicked.connect(self.continue_requested)
        self.install_button.clicked.connect(self.install_requested)
        self.list.itemActivated.connect(self._on_item_chosen)
        self.list.itemClicked.connect(self._on_item_chosen)

    def show_packs(
        self,
        packs: tuple[Pack, ...],
        progress: Mapping[str, Progress],
        next_up: tuple[str, str] | None,
    ) -> None:
        """Fill the page; `next_up` is (lesson title, module title) to continue with."""
        shown = Shown()
        named = len(packs) > 1
        self.set_next_up(next_up)
        done = sum(pack_status(p, progress.get(p.id, Progress())).done for p in packs)
        total = sum(pack_status(p, progress.get(p.id, Progress())).total for p in packs)
        self.progress_bar.setValue(100 * done // total if total else 0)
        lines = [pack_line(p, progress.get(p.id, Progress()), shown, named) for p in packs]
        self.summary.setText("\n".join(lines))
        self.summary.setAccessibleName(self.summary.text())
        for widget in (self.progress_title, self.progress_bar, self.summary):
            widget.setVisible(bool(packs))

        current = self.list.currentItem()
        keep = (current.data(PACK_ROLE), current.data(PATHWAY_ROLE)) if current else None
        self.list.clear()
        for pack in packs:
            pack_progress = progress.get(pack.id, Progress())
            for pathway in pack.pathways:
                status = pathway_status(pathway, pack_progress)
                title = isolate(shown(pathway.title))
                if named:
                    title = joined(title, isolate(shown(pack.title)))
                line = joined(
                    level_label(pathway.level),
                    percent_text(status.percent),
                    _("✓ Complete") if status.complete else time_left_text(status.minutes_left),
                )
                item = row_item(title, line)
                item.setData(PACK_ROLE, pack.id)
                item.setData(PATHWAY_ROLE, pathway.id)
                self.list.addItem(item)
                if keep == (pack.id, pathway.id):
                    self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        has_pathways = self.list.count() > 0
        self.list.setVisible(has_pathways)
        self.list_title.setVisible(has_pathways)
        self.empty.setVisible(not has_pathways)
        self.fallback.setVisible(shown.fell_back)
        align_to_ui(self)

    def set_next_up(self, next_up: tuple[str, str] | None) -> None:
        self.continue_button.setVisible(next_up is not None)
        self.continue_hint.setVisible(next_up is not None)
        if next_up is None:
            return
        lesson, module = next_up
        self.continue_hint.setText(
            _("Next: {lesson} ({module})").format(lesson=isolate(lesson), module=isolate(module))
        )
        self.continue_hint.setAccessibleName(self.continue_hint.text())
        self.continue_button.setAccessibleName(
            _("Continue where I stopped: {lesson}").format(lesson=lesson)
        )

    def say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleName(text)
        self.status.setVisible(bool(text))

    def _on_item_chosen(self, item: QListWidgetItem) -> None:
        if self.isVisible():  # see outline.ListPage
            self.pathway_chosen.emit(str(item.data(PACK_ROLE)), str(item.data(PATHWAY_ROLE)))
