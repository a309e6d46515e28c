# SPDX-License-Identifier: GPL-3.0-or-later
"""Installing a training pack from a file: choose it, check it, confirm if expired, store it.

The file is read and checked on a worker (signature against the pinned keys first, then the
archive and its content; desktop/training/packs.py), and nothing is stored until every check
passed. A pack past its expiry date is offered with a warning, since its advice may be out
of date. Errors are shown through desktop.messages only.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.i18n import _
from desktop.i18n.formats import format_day
from desktop.training.packs import CheckedPack
from desktop.training.store import Training
from desktop.ui.kit import dialogs
from desktop.ui.kit.dialogs import confirm
from desktop.ui.kit.direction import isolate
from desktop.ui.kit.work import Outcome
from desktop.ui.learn import jobs
from desktop.ui.learn.common import LearnWork, Shown
from desktop.ui.learn.overview import OverviewPage


def ask_expired(parent: OverviewPage, checked: CheckedPack) -> bool:
    expires = checked.pack.expires
    return confirm(
        parent,
        title=_("Install an expired pack?"),
        text=_(
            "This training pack expired on {date}. Its advice may be out of date, and a newer "
            "pack may have replaced it. Install it anyway?"
        ).format(date=format_day(expires) if expires is not None else "?"),
        accept_label=_("Install anyway"),
    )


class PackInstaller(QObject):
    installed = Signal(str)  # the pack id: it is stored and in use (the area reloads)

    def __init__(self, training: Training, work: LearnWork, page: OverviewPage) -> None:
        super().__init__(page)
        self._training = training
        self._work = work
        self._page = page
        self._title = ""  # of the pack being installed, for the sentence that says so
        self.running = False

    def choose(self) -> None:
        """The Install button: Qt's own file dialog through kit/dialogs (it leaves
        no trace of the folder); choosing PACK.minisig means PACK."""
        if self.running:
            return
        chosen = dialogs.choose_files(self._page, _("Choose a training pack"))
        paths = list(dict.fromkeys(jobs.pack_path(path) for path in chosen))
        if not paths:
            return
        if len(paths) > 1:
            self._page.say("")
            self._work.error.show_message(_("Choose one training pack at a time."))
            return
        self.install_file(paths[0])

    def install_file(self, path: Path) -> None:
        """Check the pack at `path` and install it (tests and scripts call this too)."""
        training = self._training
        self._set_running(True)
        self._page.say(_("Checking the training pack…"))
        self._work.error.clear_message()
        self._work.start(lambda: jobs.check_file(training, path), self._on_checked, show_busy=True)

    def _on_checked(self, outcome: Outcome) -> None:
        if not self._work.settle(outcome):
            self._done("")
            return
        checked: CheckedPack = outcome.value
        if checked.expired(date.today()) and not ask_expired(self._page, checked):
            self._done(_("Nothing was installed."))
            return
        training = self._training
        self._title = Shown()(checked.pack.title)
        self._page.say(_("Installing the training pack…"))
        self._work.start(lambda: jobs.install(training, checked), self._on_installed)

    def _on_installed(self, outcome: Outcome) -> None:
        if not self._work.settle(outcome):
            self._done("")
            return
        result: jobs.Installed = outcome.value
        title = isolate(self._title or result.pack_id)
        if result.replaced is None:
            text = _("Installed {title}, version {version}.").format(
                title=title, version=result.version
            )
        else:
            text = _("Updated {title} from version {old} to version {new}.").format(
                title=title, old=result.replaced, new=result.version
            )
        self._done(text)
        self.installed.emit(result.pack_id)

    def _done(self, text: str) -> None:
        self._set_running(False)
        self._page.say(text)

    def _set_running(self, running: bool) -> None:
        self.running = running
        self._page.install_button.setEnabled(not running)
