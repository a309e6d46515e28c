# SPDX-License-Identifier: GPL-3.0-or-later
"""Every typed error has its own sentence, and no sentence repeats what the error carried."""

from __future__ import annotations

import gettext
import importlib
import inspect
import io
import pkgutil
import typing
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import desktop
from desktop import errors as core_errors
from desktop import i18n, messages
from desktop.vault import errors as vault_errors

ROOT = Path(__file__).resolve().parent.parent
SECRET_PATH = "/home/amina/Documents/source-in-ministry/vault.key"
SECRET_TEXT = "met the source at the cafe on 5th street"


def error_modules() -> list[ModuleType]:
    """desktop.errors and every `errors` module of a core package (found, not listed)."""
    found = [core_errors]
    for info in pkgutil.walk_packages(desktop.__path__, "desktop."):
        if info.name.endswith(".errors") and not info.name.startswith("desktop.ui"):
            found.append(importlib.import_module(info.name))
    return found


def _bases() -> set[type[BaseException]]:
    """Bases only: core code raises their subclasses, never these."""
    from desktop.journal import errors as journal_errors
    from desktop.kits import errors as kit_errors
    from desktop.profiles import errors as profile_errors
    from desktop.reports import errors as report_errors
    from desktop.signing import SigningError
    from desktop.training import errors as training_errors

    return {
        core_errors.BastionError,
        vault_errors.VaultError,
        journal_errors.JournalError,
        profile_errors.ProfileError,
        report_errors.ReportError,
        SigningError,
        training_errors.PackError,
        kit_errors.KitError,
    }


ABSTRACT = _bases()


def error_classes() -> list[type[BaseException]]:
    found = []
    for module in error_modules():
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


def instantiate(cls: type[BaseException], text: str = SECRET_PATH) -> BaseException:
    """Build `cls`, giving every string argument `text` (as careless code might).

    Integer arguments are counts and codes, safe to show (the minimum length is, on purpose).
    """
    hints = typing.get_type_hints(cls.__init__)
    arguments: list[object] = []
    for name, parameter in inspect.signature(cls.__init__).parameters.items():
        if name == "self" or parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        hint = hints.get(name, str)
        if hint in (int, int | None):
            arguments.append(31337)
        elif typing.get_origin(hint) in (list, tuple):
            arguments.append([])  # lists of typed problems; their sentences are tested apart
        else:
            arguments.append(text)
    exc = cls(*arguments)
    # A cause carrying a path and content, as an OSError or driver error would.
    exc.__cause__ = OSError(2, SECRET_TEXT, SECRET_PATH)
    return exc


CLASSES = error_classes()
CONCRETE = [cls for cls in CLASSES if cls not in ABSTRACT]


def test_enumeration_finds_the_errors() -> None:
    # Guards the generic tests below against silently checking nothing.
    names = {cls.__name__ for cls in CLASSES}
    assert {"DiskFullError", "WrongPassphraseError", "HeaderCorruptError"} <= names
    assert {"EntryNotFoundError", "BundleDamagedError", "ProfileKeyChangedError"} <= names
    assert set(CLASSES) >= ABSTRACT


def fallback() -> str:
    return messages.describe(RuntimeError("unexpected"))


@pytest.mark.parametrize("cls", CONCRETE, ids=lambda cls: cls.__name__)
def test_every_error_has_a_specific_message(cls: type[BaseException]) -> None:
    exc = instantiate(cls)
    assert messages.is_known(exc)
    text = messages.describe(exc)
    assert text
    assert text != fallback()
    # The CLI prints it after "bastion: " as its one line of output.
    assert "\n" not in text


@pytest.mark.parametrize("cls", CONCRETE, ids=lambda cls: cls.__name__)
@pytest.mark.parametrize("text", [SECRET_PATH, SECRET_TEXT, "orbit lantern kettle vivid meadow"])
def test_no_message_repeats_what_the_error_carried(cls: type[BaseException], text: str) -> None:
    message = messages.describe(instantiate(cls, text))
    assert text not in message
    assert SECRET_PATH not in message
    assert SECRET_TEXT not in message


def test_messages_for_different_problems_differ() -> None:
    texts = {cls: messages.describe(instantiate(cls)) for cls in CONCRETE}
    assert len(set(texts.values())) == len(texts)


def test_subclasses_without_their_own_message_use_the_parent_one() -> None:
    class NewVaultProblem(vault_errors.DatabaseCorruptError):
        pass

    assert messages.describe(NewVaultProblem()) == messages.describe(
        vault_errors.DatabaseCorruptError()
    )


def test_unknown_errors_get_the_generic_message() -> None:
    assert not messages.is_known(core_errors.BastionError())
    assert not messages.is_known(ValueError(SECRET_PATH))
    assert messages.describe(ValueError(SECRET_PATH)) == fallback()
    assert SECRET_PATH not in fallback()


def test_too_short_message_states_the_minimum() -> None:
    assert "12" in messages.describe(vault_errors.PassphraseTooShortError(12))


CATALOGS = sorted((ROOT / "translations").glob("*/LC_MESSAGES/messages.po"))


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: path.parts[-3])
def test_translated_messages_stay_specific_and_content_free(
    catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Compiled in memory from the .po: no build step needed, nothing written to the tree.
    with catalog.open("rb") as handle:
        compiled = io.BytesIO()
        write_mo(compiled, read_po(handle))
    compiled.seek(0)
    monkeypatch.setattr(i18n, "_translations", gettext.GNUTranslations(compiled))
    generic = fallback()
    for cls in CONCRETE:
        text = messages.describe(instantiate(cls))
        assert text
        assert text != generic, cls.__name__
        assert "\n" not in text, cls.__name__
        assert SECRET_PATH not in text
        assert SECRET_TEXT not in text


def test_nesting_and_number_problems_have_their_own_sentences() -> None:
    # desktop/bounded.py and the YAML depth check refuse these; each says why, not "invalid".
    from desktop.messages.profiles import describe_profile_problem
    from desktop.messages.training import describe_pack_problem
    from desktop.profiles.errors import ProfileProblem
    from desktop.training.errors import PackProblem

    generic_profile = describe_profile_problem(ProfileProblem("", "no-such-code"))
    for code in ("too-deep", "number"):
        assert describe_profile_problem(ProfileProblem("", code)) != generic_profile, code
    generic_pack = describe_pack_problem(PackProblem("pack.yaml", 1, "no-such-code"))
    assert describe_pack_problem(PackProblem("pack.yaml", 1, "too-deep")) != generic_pack
