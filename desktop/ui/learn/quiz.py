# SPDX-License-Identifier: GPL-3.0-or-later
"""A module's quiz: questions with one answer (radio buttons) or several (check boxes).

"Check answers" hands the answers to the area, which scores and records them on a worker;
the result comes back here: right or wrong for each question, the feedback of each answer
chosen, which answers were right when a question was missed, the score and whether it passed.
"Try again" clears everything for a new attempt.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, ngettext
from desktop.i18n.formats import format_list, format_percent
from desktop.training.model import SINGLE, Module, Question
from desktop.training.progress import Progress, QuestionResult, QuizResult
from desktop.ui.kit.direction import align_to_ui, isolate
from desktop.ui.kit.factories import button, hint
from desktop.ui.learn.common import ChoiceRow, ScrollPage, Shown, fallback_note, pack_label
from desktop.ui.learn.common import set_pack_text as set_text
from desktop.ui.widgets import ErrorLabel, Heading, SafeLabel

RIGHT_COLOUR = QColor("#1b5e20")
WRONG_COLOUR = QColor("#a4000f")


def _coloured(label: SafeLabel, colour: QColor) -> None:
    # The ✓ and ✗ carry the meaning; the colour only helps the eye.
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, colour)
    label.setPalette(palette)


class QuestionBox(QFrame):
    def __init__(self, question: Question, number: int, shown: Shown) -> None:
        super().__init__()
        self.setObjectName("quizQuestion")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.question = question
        self._texts = {choice.id: shown(choice.text) for choice in question.choices}
        self._feedback_texts = {
            choice.id: shown(choice.feedback) if choice.feedback is not None else ""
            for choice in question.choices
        }
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 10, 12, 10)
        column.setSpacing(6)
        self.number = hint(_("Question {number}").format(number=number))
        column.addWidget(self.number)
        self.text = pack_label(shown(question.text), "subheading")
        column.addWidget(self.text)
        single = question.kind == SINGLE
        self.how = hint(_("Choose one answer.") if single else _("Choose every answer that fits."))
        column.addWidget(self.how)
        self.group = QButtonGroup(self)
        self.group.setExclusive(single)
        self.rows: dict[str, ChoiceRow] = {}
        self.feedback: dict[str, SafeLabel] = {}
        for choice in question.choices:
            box: QAbstractButton = QRadioButton() if single else QCheckBox()
            if single:
                # Only radio buttons are grouped: Qt makes a group one Tab stop, and the
                # arrows move only between radio buttons, so grouped check boxes after the
                # first could not be reached from the keyboard.
                self.group.addButton(box)
            row = ChoiceRow(box, self._texts[choice.id])
            column.addWidget(row)
            self.rows[choice.id] = row
            feedback = pack_label(self._feedback_texts[choice.id], "hint")
            feedback.setIndent(28)  # under the answer's text, past its button
            feedback.setVisible(False)
            column.addWidget(feedback)
            self.feedback[choice.id] = feedback
        self.mark = SafeLabel()
        self.mark.setObjectName("subheading")
        self.mark.setVisible(False)
        column.addWidget(self.mark)
        self.correction = SafeLabel()
        self.correction.setVisible(False)
        column.addWidget(self.correction)

    def chosen(self) -> set[str]:
        return {cid for cid, row in self.rows.items() if row.button.isChecked()}

    def show_result(self, result: QuestionResult) -> None:
        for row in self.rows.values():
            row.set_enabled(False)
        for cid, label in self.feedback.items():
            label.setVisible(cid in result.chosen and bool(self._feedback_texts[cid]))
        self.mark.setText(_("✓ Right") if result.right else _("✗ Not right"))
        self.mark.setAccessibleName(self.mark.text())
        _coloured(self.mark, RIGHT_COLOUR if result.right else WRONG_COLOUR)
        self.mark.setVisible(True)
        if result.right:
            self.correction.setVisible(False)
            return
        right = [isolate(self._texts[c.id]) for c in self.question.choices if c.correct]
        self.correction.setText(
            ngettext(
                "The right answer: {answers}", "The right answers: {answers}", len(right)
            ).format(answers=format_list(right))
        )
        self.correction.setAccessibleName(self.correction.text())
        self.correction.setVisible(True)

    def reset(self) -> None:
        # An exclusive group never lets its last checked button go: lift that while clearing.
        self.group.setExclusive(False)
        for row in self.rows.values():
            row.button.setChecked(False)
            row.set_enabled(True)
        self.group.setExclusive(self.question.kind == SINGLE)
        for label in self.feedback.values():
            label.setVisible(False)
        self.mark.setVisible(False)
        self.correction.setVisible(False)


class QuizPage(ScrollPage):
    answers_submitted = Signal(object)  # {question id: set of choice ids}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quizPage")
        self.module_key = ""
        self.questions: list[QuestionBox] = []
        self.result: QuizResult | None = None
        self._pass_mark = 0
        self.column.addWidget(Heading(_("Quiz")))
        self.module_title = pack_label(object_name="subheading")
        self.column.addWidget(self.module_title)
        self.intro = hint()
        self.column.addWidget(self.intro)
        self.attempts = SafeLabel()
        self.column.addWidget(self.attempts)
        self.fallback = fallback_note()
        self.column.addWidget(self.fallback)
        self.holder = QWidget()
        self.column.addWidget(self.holder)
        self.score = SafeLabel()
        self.score.setObjectName("subheading")
        self.score.setVisible(False)
        self.column.addWidget(self.score)
        self.verdict = SafeLabel()
        self.verdict.setVisible(False)
        self.column.addWidget(self.verdict)
        self.error = ErrorLabel()
        self.column.addWidget(self.error)
        actions = QHBoxLayout()
        self.check_button = button(_("Check answers"), object_name="primary")
        self.retry_button = button(_("Try again"))
        self.retry_button.setVisible(False)
        actions.addWidget(self.check_button)
        actions.addWidget(self.retry_button)
        actions.addStretch(1)
        self.column.addLayout(actions)
        self.column.addStretch(1)
        self.check_button.clicked.connect(self.submit)
        self.retry_button.clicked.connect(self.try_again)

    # ------------------------------------------------------------------ showing
    def show_module(self, module: Module, progress: Progress) -> None:
        shown = Shown()
        self.module_key = module.key
        self.result = None
        set_text(self.module_title, shown(module.title))
        quiz = module.quiz
        self._pass_mark = quiz.pass_mark if quiz is not None else 0
        self.intro.setText(
            _(
                "Answer every question, then check your answers. You pass with {mark} of "
                "the answers right."
            ).format(mark=format_percent(self._pass_mark))
        )
        old, self.holder = self.holder, QWidget()
        self.column.replaceWidget(old, self.holder)
        old.deleteLater()
        column = QVBoxLayout(self.holder)
        column.setContentsMargins(0, 4, 0, 4)
        column.setSpacing(12)
        questions = quiz.questions if quiz is not None else ()
        self.questions = [QuestionBox(q, n, shown) for n, q in enumerate(questions, start=1)]
        for box in self.questions:
            column.addWidget(box)
        self.fallback.setVisible(shown.fell_back)
        self._show_unchecked()
        self.set_progress(progress)
        align_to_ui(self.body)
        self.verticalScrollBar().setValue(0)

    def set_progress(self, progress: Progress) -> None:
        taken = progress.attempts.get(self.module_key, 0)
        if not taken:
            self.attempts.setText(_("You have not taken this quiz yet."))
        else:
            parts = [
                ngettext(
                    "You have taken this quiz {count} time.",
                    "You have taken this quiz {count} times.",
                    taken,
                ).format(count=taken)
            ]
            best = progress.best.get(self.module_key)
            if best is not None:
                parts.append(
                    _("Best score: {right} of {total}.").format(right=best[0], total=best[1])
                )
            if self.module_key in progress.passed:
                parts.append(_("Passed ✓"))
            self.attempts.setText(" ".join(parts))
        self.attempts.setAccessibleName(self.attempts.text())

    def _show_unchecked(self) -> None:
        self.score.setVisible(False)
        self.verdict.setVisible(False)
        self.error.clear_message()
        self.check_button.setVisible(True)
        self.check_button.setEnabled(bool(self.questions))
        self.retry_button.setVisible(False)

    # ------------------------------------------------------------------ answering
    def answers(self) -> dict[str, set[str]]:
        return {box.question.id: box.chosen() for box in self.questions}

    def submit(self) -> None:
        answers = self.answers()
        if not all(answers.values()):
            self.error.show_message(_("Answer every question first."))
            return
        self.error.clear_message()
        self.check_button.setEnabled(False)  # until the result is back
        self.answers_submitted.emit(answers)

    def submit_failed(self) -> None:
        self.check_button.setEnabled(True)

    def show_result(self, result: QuizResult) -> None:
        self.result = result
        by_id = {r.question_id: r for r in result.questions}
        for box in self.questions:
            found = by_id.get(box.question.id)
            if found is not None:
                box.show_result(found)
        self.score.setText(
            ngettext(
                "You answered {right} of {total} question correctly ({percent}).",
                "You answered {right} of {total} questions correctly ({percent}).",
                result.total,
            ).format(
                right=result.correct, total=result.total, percent=format_percent(result.percent)
            )
        )
        self.score.setAccessibleName(self.score.text())
        if result.passed:
            self.verdict.setText(
                _("You passed. The pass mark is {mark}.").format(
                    mark=format_percent(self._pass_mark)
                )
            )
        else:
            self.verdict.setText(
                _(
                    "Not passed yet: the pass mark is {mark}. Read the feedback under each "
                    "question, then try again."
                ).format(mark=format_percent(self._pass_mark))
            )
        _coloured(self.verdict, RIGHT_COLOUR if result.passed else WRONG_COLOUR)
        self.verdict.setAccessibleName(self.verdict.text())
        self.score.setVisible(True)
        self.verdict.setVisible(True)
        self.check_button.setVisible(False)
        self.retry_button.setVisible(True)
        self.retry_button.setFocus()
        # The score and verdict were hidden until now: their place is known only once the
        # layout has run, so scroll after it (at once, they would be scrolled to a stale spot
        # and land below the fold).
        QTimer.singleShot(0, self._reveal_score)

    def _reveal_score(self) -> None:
        self.ensureWidgetVisible(self.verdict, 0, 8)
        self.ensureWidgetVisible(self.score, 0, 8)

    def try_again(self) -> None:
        self.result = None
        for box in self.questions:
            box.reset()
        self._show_unchecked()
        self.verticalScrollBar().setValue(0)
        if self.questions:
            first = next(iter(self.questions[0].rows.values()), None)
            if first is not None:
                first.button.setFocus()

    def first_control(self) -> QWidget | None:
        if not self.questions:
            return None
        first = next(iter(self.questions[0].rows.values()), None)
        return first.button if first is not None else None
