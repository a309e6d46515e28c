# SPDX-License-Identifier: GPL-3.0-or-later
"""The Learn area: overview → pathway → module → lesson, checklist or quiz, and back.

Built at unlock and destroyed at lock with the shell, like the Journal and Reports areas. The
packs and the progress are read on a worker at start; every change (a lesson read, a box
ticked, a quiz taken, time spent) is stored on the same serial worker, which hands back the
progress as stored, and the page on screen follows it. Pages only show and ask; all vault work
goes through here.

Back goes one level up (lesson → its module → its pathway → the overview): the button above
the page, or Alt+Left.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from desktop.i18n import _, current_language
from desktop.training.model import Module, Pack
from desktop.training.progress import Progress
from desktop.training.store import Training
from desktop.ui.kit.direction import align_to_ui
from desktop.ui.kit.factories import button, mnemonic_safe
from desktop.ui.kit.work import Outcome
from desktop.ui.learn import jobs
from desktop.ui.learn.checklist import ChecklistPage
from desktop.ui.learn.common import LearnWork, Shown
from desktop.ui.learn.install import PackInstaller
from desktop.ui.learn.lesson import LessonPage
from desktop.ui.learn.outline import ModulePage, PathwayPage
from desktop.ui.learn.overview import OverviewPage
from desktop.ui.learn.places import (
    CHECKLIST,
    HOME,
    LESSON,
    MODULE,
    OVERVIEW,
    PATHWAY,
    QUIZ,
    Location,
    continue_target,
    exists,
    module_key_of,
    parent,
    title_of,
)
from desktop.ui.learn.quiz import QuizPage
from desktop.ui.widgets import BusyBar, ErrorLabel

TEXT_SIZE_SETTING = "learn.text_size"


class LearnArea(QWidget):
    loaded = Signal()  # packs and progress were (re)loaded
    progress_changed = Signal(str)  # a pack's progress was stored (its id)

    def __init__(
        self, training: Training, text_size: int = 0, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("learnArea")
        self.training = training
        self.packs: dict[str, Pack] = {}
        self.progress: dict[str, Progress] = {}
        self.position: tuple[str, str] | None = None
        self.location: Location = HOME
        self._loaded = False

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        bar = QHBoxLayout()
        bar.setContentsMargins(24, 8, 24, 0)
        self.back_button = button(_("Back"))
        style = self.style()
        self.back_button.setIcon(style.standardIcon(style.StandardPixmap.SP_ArrowBack))
        self.back_button.setVisible(False)
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        column.addLayout(bar)
        # Translators: name of a progress bar, read by screen readers.
        self.busy = BusyBar(_("Loading training"))
        column.addWidget(self.busy)
        self.error = ErrorLabel()
        self.error.setContentsMargins(24, 4, 24, 0)
        column.addWidget(self.error)
        self.work = LearnWork(training.vault, self.busy, self.error)

        self.stack = QStackedWidget()
        self.overview = OverviewPage()
        self.pathway_page = PathwayPage()
        self.module_page = ModulePage()
        self.lesson_page = LessonPage(text_size)
        self.checklist_page = ChecklistPage()
        self.quiz_page = QuizPage()
        pages = (self.overview, self.pathway_page, self.module_page, self.lesson_page)
        for page in (*pages, self.checklist_page, self.quiz_page):
            self.stack.addWidget(page)
        column.addWidget(self.stack, 1)
        self.installer = PackInstaller(training, self.work, self.overview)
        for push in self.findChildren(QPushButton):
            # Enter presses the focused button too, not only Space (outside dialogs Qt
            # leaves Enter to buttons marked auto-default).
            push.setAutoDefault(True)
        align_to_ui(self)

        back = QShortcut(QKeySequence(QKeySequence.StandardKey.Back), self)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.go_back)
        self.back_button.clicked.connect(self.go_back)
        self.overview.continue_requested.connect(self.continue_learning)
        self.overview.pathway_chosen.connect(self.open_pathway)
        self.overview.install_requested.connect(self.installer.choose)
        self.installer.installed.connect(self._on_pack_installed)
        self.pathway_page.module_chosen.connect(self.open_module)
        self.module_page.lesson_chosen.connect(self.open_lesson)
        self.module_page.checklist_chosen.connect(self.open_checklist)
        self.module_page.quiz_chosen.connect(self.open_quiz)
        self.lesson_page.lesson_chosen.connect(self.open_lesson)  # a link to another lesson
        self.lesson_page.read_toggled.connect(self._on_read_toggled)
        self.lesson_page.previous_requested.connect(self._on_previous_lesson)
        self.lesson_page.next_requested.connect(self._on_next_lesson)
        self.lesson_page.time_spent.connect(self._on_time_spent)
        self.lesson_page.size_changed.connect(self._on_size_changed)
        self.checklist_page.item_toggled.connect(self._on_item_toggled)
        self.quiz_page.answers_submitted.connect(self._on_answers_submitted)
        self.reload()

    # ------------------------------------------------------------------ loading
    @property
    def has_loaded(self) -> bool:
        return self._loaded and not self.work.running

    def reload(self) -> None:
        training = self.training
        self.work.start(lambda: jobs.load(training), self._on_loaded, show_busy=True)

    def _on_loaded(self, outcome: Outcome) -> None:
        self._loaded = True
        if not self.work.settle(outcome):
            self.overview.show_packs((), {}, None)
            self.loaded.emit()
            return
        snapshot: jobs.Snapshot = outcome.value
        self.packs = {pack.id: pack for pack in snapshot.packs}
        self.progress = dict(snapshot.progress)
        self.position = snapshot.position
        self._refresh_overview()
        if not exists(self.packs, self.location):
            self.open_overview()  # an update replaced what was shown
        else:
            self._refresh_current()
        self.loaded.emit()

    def _progress(self, pack_id: str) -> Progress:
        return self.progress.get(pack_id, Progress())

    def continue_target(self) -> tuple[str, str] | None:
        return continue_target(self.packs, self.progress, self.position)

    def _refresh_overview(self) -> None:
        target = self.continue_target()
        next_up = None
        if target is not None:
            pack = self.packs[target[0]]
            lesson = pack.lesson(target[1])
            module = pack.module(module_key_of(target[1]))
            if lesson is not None and module is not None:
                shown = Shown()
                next_up = (shown(lesson.title), shown(module.title))
        packs = tuple(self.packs.values())
        self.overview.show_packs(packs, self.progress, next_up)

    def _refresh_current(self) -> None:
        kind, pack_id, key = self.location
        pack = self.packs.get(pack_id)
        progress = self._progress(pack_id)
        if kind == OVERVIEW or pack is None:
            self._refresh_overview()
        elif kind == PATHWAY and (pathway := pack.pathway(key)) is not None:
            self.pathway_page.show_pathway(pack_id, pathway, progress)
        elif kind == MODULE and (module := pack.module(key)) is not None:
            self.module_page.show_module(pack_id, module, progress)
        elif kind == LESSON:
            self.lesson_page.set_progress(progress)
        elif kind == CHECKLIST:
            self.checklist_page.set_progress(progress)
        elif kind == QUIZ:
            self.quiz_page.set_progress(progress)

    # ------------------------------------------------------------------ navigation
    def _show(self, page: QWidget, location: Location) -> None:
        self.location = location
        self.error.clear_message()
        if page is not self.overview:
            self.overview.say("")  # an install's outcome is old news once elsewhere
        self.stack.setCurrentWidget(page)
        self._update_back_button()
        align_to_ui(self)

    def _update_back_button(self) -> None:
        above = parent(self.location)
        place = title_of(self.packs, above, Shown()) or _("Learn")
        text = _("Back to {place}").format(place=place)
        self.back_button.setText(mnemonic_safe(text))
        self.back_button.setAccessibleName(text)
        # No pack text in the tooltip: Qt shows a tooltip as rich text when it looks like it.
        self.back_button.setToolTip(_("Go back one level (Alt+Left)"))
        self.back_button.setVisible(self.location[0] != OVERVIEW)

    def go_back(self) -> None:
        kind, pack_id, key = parent(self.location)  # a module, a pathway or the overview
        if kind == MODULE:
            self.open_module(pack_id, key)
        elif kind == PATHWAY:
            self.open_pathway(pack_id, key)
        elif self.location[0] != OVERVIEW:
            self.open_overview()

    def open_overview(self) -> None:
        self._refresh_overview()
        self._show(self.overview, HOME)
        focus = self.overview.continue_button
        (focus if focus.isVisibleTo(self.overview) else self.overview.list).setFocus()

    def open_pathway(self, pack_id: str, pathway_id: str) -> None:
        pack = self.packs.get(pack_id)
        pathway = pack.pathway(pathway_id) if pack is not None else None
        if pathway is None:
            return
        self.pathway_page.show_pathway(pack_id, pathway, self._progress(pack_id))
        self._show(self.pathway_page, (PATHWAY, pack_id, pathway_id))
        self.pathway_page.list.setFocus()

    def _module(self, pack_id: str, module_key: str) -> tuple[Pack, Module] | None:
        pack = self.packs.get(pack_id)
        module = pack.module(module_key) if pack is not None else None
        return (pack, module) if pack is not None and module is not None else None

    def open_module(self, pack_id: str, module_key: str) -> None:
        found = self._module(pack_id, module_key)
        if found is None:
            return
        self.module_page.show_module(pack_id, found[1], self._progress(pack_id))
        self._show(self.module_page, (MODULE, pack_id, module_key))
        self.module_page.list.setFocus()

    def open_checklist(self, pack_id: str, module_key: str) -> None:
        found = self._module(pack_id, module_key)
        if found is None:
            return
        self.checklist_page.show_module(found[1], self._progress(pack_id))
        self._show(self.checklist_page, (CHECKLIST, pack_id, module_key))
        first = self.checklist_page.first_control()
        if first is not None:
            first.setFocus()

    def open_quiz(self, pack_id: str, module_key: str) -> None:
        found = self._module(pack_id, module_key)
        if found is None:
            return
        self.quiz_page.show_module(found[1], self._progress(pack_id))
        self._show(self.quiz_page, (QUIZ, pack_id, module_key))
        first = self.quiz_page.first_control()
        if first is not None:
            first.setFocus()

    def continue_learning(self) -> None:
        target = self.continue_target()
        if target is not None:
            self.open_lesson(*target)

    # ------------------------------------------------------------------ lessons
    def open_lesson(self, pack_id: str, key: str) -> None:
        found = self._module(pack_id, module_key_of(key))
        if found is None:
            return
        pack, module = found
        lesson = pack.lesson(key)
        if lesson is None:
            return
        index = module.lessons.index(lesson)
        self.lesson_page.begin(pack, lesson, index, len(module.lessons), Shown()(module.title))
        self._show(self.lesson_page, (LESSON, pack_id, key))
        self.lesson_page.browser.setFocus()
        training, language = self.training, current_language()
        self.work.start(
            lambda: jobs.open_lesson(training, pack, key, language),
            self._on_lesson_opened,
            show_busy=True,
        )

    def _on_lesson_opened(self, outcome: Outcome) -> None:
        if not self.work.settle(outcome):
            return
        opened: jobs.Opened = outcome.value
        self.position = (opened.pack_id, opened.key)
        self.progress[opened.pack_id] = opened.progress
        pack = self.packs.get(opened.pack_id)
        # The person may have moved on meanwhile: only the lesson on screen gets its text.
        if pack is not None and self.location == (LESSON, opened.pack_id, opened.key):
            self.lesson_page.show_text(pack, opened.rendered, opened.progress)

    def _neighbour(self, step: int) -> str | None:
        kind, pack_id, key = self.location
        found = self._module(pack_id, module_key_of(key)) if kind == LESSON else None
        if found is None:
            return None
        keys = [lesson.key for lesson in found[1].lessons]
        index = keys.index(key) + step if key in keys else -1
        return keys[index] if 0 <= index < len(keys) else None

    def _on_previous_lesson(self) -> None:
        previous = self._neighbour(-1)
        if previous is not None:
            self.open_lesson(self.location[1], previous)

    def _on_next_lesson(self, reached_end: bool) -> None:
        _kind, pack_id, key = self.location
        if reached_end and not self.lesson_page.is_read:
            self._store_lesson(pack_id, key, 0, True)
        following = self._neighbour(1)
        if following is not None:
            self.open_lesson(pack_id, following)
        else:
            self.lesson_page.flush()
            self.open_module(pack_id, module_key_of(key))

    def _on_read_toggled(self, read: bool) -> None:
        _kind, pack_id, key = self.location
        self._store_lesson(pack_id, key, 0, read)

    def _on_time_spent(self, pack_id: str, key: str, seconds: int) -> None:
        self._store_lesson(pack_id, key, seconds, None)

    def _store_lesson(self, pack_id: str, key: str, seconds: int, read: bool | None) -> None:
        training = self.training
        self.work.start(
            lambda: jobs.leave_lesson(training, pack_id, key, seconds, read), self._on_changed
        )

    def _on_size_changed(self, size: int) -> None:
        training = self.training
        self.work.start(
            lambda: jobs.save_setting(training, TEXT_SIZE_SETTING, str(size)), self._on_saved
        )

    def _on_saved(self, outcome: Outcome) -> None:
        self.work.settle(outcome)

    # ------------------------------------------------------------------ checklist and quiz
    def _on_item_toggled(self, item_key: str, checked: bool) -> None:
        _kind, pack_id, _key = self.location
        training = self.training
        self.work.start(
            lambda: jobs.set_checked(training, pack_id, item_key, checked), self._on_changed
        )

    def _on_answers_submitted(self, answers: Mapping[str, set[str]]) -> None:
        _kind, pack_id, module_key = self.location
        pack = self.packs.get(pack_id)
        if pack is None:
            self.quiz_page.submit_failed()
            return
        training = self.training
        self.work.start(
            lambda: jobs.submit_quiz(training, pack, module_key, answers), self._on_quiz_scored
        )

    def _on_quiz_scored(self, outcome: Outcome) -> None:
        if not self.work.settle(outcome):
            self.quiz_page.submit_failed()
            return
        changed: jobs.Changed = outcome.value
        self._apply(changed)
        if changed.result is not None and self.location == (
            QUIZ,
            changed.pack_id,
            changed.module_key,
        ):
            self.quiz_page.show_result(changed.result)

    def _on_changed(self, outcome: Outcome) -> None:
        if self.work.settle(outcome):
            self._apply(outcome.value)
        elif self.location[0] == CHECKLIST:
            # The boxes go back to what the vault holds.
            self.checklist_page.set_progress(self._progress(self.location[1]))

    def _apply(self, changed: jobs.Changed) -> None:
        self.progress[changed.pack_id] = changed.progress
        self._refresh_current()
        self.progress_changed.emit(changed.pack_id)

    def _on_pack_installed(self, _pack_id: str) -> None:
        self.reload()
