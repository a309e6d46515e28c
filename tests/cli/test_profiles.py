# SPDX-License-Identifier: GPL-3.0-or-later
"""`bastion profile …`: sign, verify, import, list and remove, run as a script would.

Most runs are in-process through `desktop.cli.main` (a child process costs start-up time); the
ones that matter end to end (stock minisign, piped input) run `python -m desktop` via
tests.cli.test_main.bastion, which also checks that no passphrase ever reaches the output.
"""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest

from desktop.cli import common, main
from desktop.profiles import Profiles
from desktop.signing import SecretKey, keys
from desktop.signing.fingerprints import fingerprint
from desktop.vault import Vault, kdf
from tests.cli.test_main import assert_one_line_failure, bastion, lines
from tests.conftest import PASSPHRASE, snapshot
from tests.profiles.builders import StockKey, document, encode

KEY_PASSWORD = "tundra sketch copper"
ORG = "wmf-trust-and-safety"


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One vault for the module (FLOOR parameters), locked; tests use their own org ids."""
    directory = tmp_path_factory.mktemp("profile-cli") / "data"
    vault = Vault(directory)
    vault.create(PASSPHRASE, kdf.FLOOR)
    vault.lock()
    return directory


@pytest.fixture
def stock(tmp_path: Path) -> StockKey:
    return StockKey.generate(tmp_path)


class Run:
    """In-process runs of `bastion …` with piped input, output captured."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def __call__(
        self, *argv: str, stdin: str = "", reader: common.PassphraseReader | None = None
    ) -> subprocess.CompletedProcess[str]:
        code = main.run(
            main.parse(list(argv)), reader or common.PassphraseReader(io.StringIO(stdin))
        )
        out = self.capsys.readouterr()
        assert PASSPHRASE not in out.out + out.err
        assert KEY_PASSWORD not in out.out + out.err
        return subprocess.CompletedProcess(argv, code, out.out, out.err)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    return Run(capsys)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def write_profile(folder: Path, key: str, **changes: object) -> Path:
    path = folder / "profile.json"
    path.write_bytes(encode(document(key, **changes)))
    return path


def stored(data_dir: Path) -> list[tuple[str, int, bool]]:
    vault = Vault(data_dir)
    vault.unlock(PASSPHRASE)
    try:
        return [
            (item.profile.org_id, item.profile.version, item.verified_at is not None)
            for item in Profiles(vault).all()
        ]
    finally:
        vault.lock()


# ---------------------------------------------------------------- sign
def test_sign_then_stock_minisign_verifies(stock: StockKey, tmp_path: Path) -> None:
    path = write_profile(tmp_path, stock.line)
    result = bastion("profile", "sign", str(path), "-k", str(stock.secret_path))
    assert "fingerprint: " + fingerprint("minisign", stock.line) in ok(result)
    check = subprocess.run(
        ["minisign", "-V", "-m", str(path), "-p", str(stock.public_path)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert check.returncode == 0, check.stderr
    assert f"Trusted comment: bastion-profile {ORG} v3" in check.stdout


def test_sign_with_an_encrypted_key_asks_for_its_password(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The cheapest scrypt settings minisign files may carry: the test needs the password
    # path, not the cost (desktop.signing's tests cover minisign's own settings).
    monkeypatch.setattr(keys, "KDF_LIMITS", (keys.scrypt.OPSLIMIT_MIN, keys.scrypt.MEMLIMIT_MIN))
    secret = SecretKey.generate()
    key_file = tmp_path / "org.key"
    key_file.write_bytes(secret.to_bytes(KEY_PASSWORD))
    path = write_profile(tmp_path, secret.public_key().line())
    signature = path.with_name("profile.json.minisig")
    argv = ("profile", "sign", str(path), "-k", str(key_file))
    failed = run(*argv, stdin=lines("not the password"))
    assert_one_line_failure(failed)
    assert not signature.exists()
    ok(run(*argv, stdin=lines(KEY_PASSWORD)))
    assert signature.exists()
    ok(run("profile", "verify", str(path)))


def test_sign_refuses_an_invalid_profile_or_someone_elses_key(
    run: Run, stock: StockKey, tmp_path: Path
) -> None:
    signature = tmp_path / "profile.json.minisig"
    invalid = write_profile(tmp_path, stock.line, version=0, colour="red")
    result = run("profile", "sign", str(invalid), "-k", str(stock.secret_path))
    assert_one_line_failure(result)
    assert "Standard input ended" not in result.stderr  # refused before any password
    other = StockKey.generate(tmp_path, "other")
    valid = write_profile(tmp_path, stock.line)
    assert_one_line_failure(run("profile", "sign", str(valid), "-k", str(other.secret_path)))
    assert_one_line_failure(run("profile", "sign", str(tmp_path / "gone.json"), "-k", "x"))
    assert not signature.exists()


# ---------------------------------------------------------------- verify
def test_verify_shows_the_fingerprints_and_refuses_changes(
    run: Run, stock: StockKey, tmp_path: Path
) -> None:
    path = write_profile(tmp_path, stock.line)
    stock.sign_file(path)
    text = ok(run("profile", "verify", str(path), "--key", str(stock.public_path)))
    profile = document(stock.line)
    assert "Organisation: Wikimedia Foundation Trust & Safety (wmf-trust-and-safety)" in text
    assert "Version: 3" in text
    assert "Expires: 2099-11-01" in text
    assert fingerprint("minisign", stock.line) in text
    for recipient in json.loads(path.read_bytes())["recipients"]:
        assert fingerprint("age", recipient["key"]) in text
    assert profile["intake_url"] in text
    assert "emergency@example.org" in text
    ok(run("profile", "verify", str(path), "--key", stock.line))

    other = StockKey.generate(tmp_path, "other")
    assert_one_line_failure(run("profile", "verify", str(path), "--key", other.line))
    path.write_bytes(path.read_bytes().replace(b"on-call", b"on-cal1"))
    assert_one_line_failure(run("profile", "verify", str(path)))
    path.with_name("profile.json.minisig").unlink()
    assert_one_line_failure(run("profile", "verify", str(path)))


def test_verify_refuses_a_signature_by_another_key(
    run: Run, stock: StockKey, tmp_path: Path
) -> None:
    other = StockKey.generate(tmp_path, "other")
    path = write_profile(tmp_path, stock.line)
    other.sign_file(path)  # a valid minisign signature, but not by the profile's own key
    assert_one_line_failure(run("profile", "verify", str(path)))


# ---------------------------------------------------------------- import, list, remove
def test_piped_import_stays_unverified_until_yes(
    shared: Path, stock: StockKey, tmp_path: Path
) -> None:
    path = write_profile(tmp_path, stock.line, id="piped-org")
    stock.sign_file(path)  # stock `minisign -S`, its own trusted comment
    first = ok(bastion("profile", "import", str(path), stdin=lines(PASSPHRASE), data_dir=shared))
    assert "Not confirmed:" in first
    assert fingerprint("minisign", stock.line) in first
    assert ("piped-org", 3, False) in stored(shared)
    # The same file again, with --yes: confirmed now (nothing else changes).
    again = ["profile", "import", str(path), "--yes"]
    second = ok(bastion(*again, stdin=lines(PASSPHRASE), data_dir=shared))
    assert "Confirmed: reports" in second
    assert ("piped-org", 3, True) in stored(shared)
    # A third time is refused: it is already there, verified.
    assert_one_line_failure(bastion(*again, stdin=lines(PASSPHRASE), data_dir=shared))


def test_import_on_a_terminal_asks_for_the_confirmation_word(
    run: Run, shared: Path, stock: StockKey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    answers = iter(["no", "match"])
    prompts: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda _prompt: PASSPHRASE)

    def answer(prompt: str) -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr("builtins.input", answer)
    path = write_profile(tmp_path, stock.line, id="terminal-org")
    stock.sign_file(path)
    argv = ("--data-dir", str(shared), "profile", "import", str(path))
    assert "Not confirmed:" in ok(run(*argv, reader=common.PassphraseReader(Terminal())))
    assert ("terminal-org", 3, False) in stored(shared)
    assert "Confirmed: reports" in ok(run(*argv, reader=common.PassphraseReader(Terminal())))
    assert ("terminal-org", 3, True) in stored(shared)
    assert len(prompts) == 2
    assert "“match”" in prompts[0]


def test_bad_imports_change_nothing_and_ask_no_passphrase(
    run: Run, shared: Path, stock: StockKey, tmp_path: Path
) -> None:
    before = snapshot(shared)
    other = StockKey.generate(tmp_path, "other")
    path = write_profile(tmp_path, stock.line, id="refused-org")
    argv = ("--data-dir", str(shared), "profile", "import", str(path))
    assert_one_line_failure(run(*argv))  # no signature file
    other.sign_file(path)
    assert_one_line_failure(run(*argv))  # signed by another key
    stock.sign_file(path)
    path.write_bytes(path.read_bytes().replace(b'"version": 3', b'"version": 9'))
    for result in (run(*argv), bastion(*argv[2:], data_dir=shared)):  # tampered
        assert_one_line_failure(result)
        assert "Standard input ended" not in result.stderr
    assert snapshot(shared) == before


def test_list_and_remove(run: Run, shared: Path, stock: StockKey, tmp_path: Path) -> None:
    path = write_profile(tmp_path, stock.line, id="listed-org", expires="2099-01-01")
    stock.sign_file(path)
    prefix = ("--data-dir", str(shared), "profile")
    ok(run(*prefix, "import", str(path), "--yes", stdin=lines(PASSPHRASE)))
    [item] = [
        entry
        for entry in json.loads(ok(run(*prefix, "list", "--json", stdin=lines(PASSPHRASE))))
        if entry["id"] == "listed-org"
    ]
    assert item["version"] == 3
    assert item["expired"] is False
    assert item["verified_at"] is not None
    assert item["signing_key_fingerprint"] == fingerprint("minisign", stock.line)
    assert [r["fingerprint"] for r in item["recipients"]] == [
        fingerprint("age", r["key"]) for r in item["recipients"]
    ]
    text = ok(run(*prefix, "list", stdin=lines(PASSPHRASE)))
    assert "listed-org  v3  Wikimedia Foundation Trust & Safety  (confirmed)" in text.splitlines()
    ok(run(*prefix, "remove", "listed-org", stdin=lines(PASSPHRASE)))
    assert "listed-org" not in ok(run(*prefix, "list", stdin=lines(PASSPHRASE)))
    assert_one_line_failure(run(*prefix, "remove", "listed-org", stdin=lines(PASSPHRASE)))
    bad_id = run(*prefix, "remove", "Not An Id")  # refused before the passphrase
    assert_one_line_failure(bad_id)
    assert bad_id.returncode == common.EXIT_USAGE


def test_help_lists_the_subcommands() -> None:
    result = bastion("profile", "--help")
    assert result.returncode == 0
    for name in ("sign", "verify", "import", "list", "remove"):
        assert name in result.stdout


def test_mixed_script_names_are_marked(
    run: Run, shared: Path, stock: StockKey, tmp_path: Path
) -> None:
    """A name with a Cyrillic letter inside a Latin word (a look-alike) is marked wherever
    it is shown; an ordinary name is not."""
    recipients = [
        {"label": "Оn-call", "key": document(stock.line)["recipients"][0]["key"]},  # Cyrillic О
        {"label": "Desk", "key": document(stock.line)["recipients"][1]["key"]},
    ]
    path = write_profile(
        tmp_path, stock.line, id="look-alike", name="Wіkimedia Trust", recipients=recipients
    )
    stock.sign_file(path)
    text = ok(run("profile", "verify", str(path), "--key", stock.line))
    assert "Organisation: Wіkimedia Trust [mixed scripts] (look-alike)" in text
    assert "  Оn-call [mixed scripts]: " in text
    assert "  Desk: " in text
    ok(run("--data-dir", str(shared), "profile", "import", str(path), stdin=lines(PASSPHRASE)))
    listed = ok(run("--data-dir", str(shared), "profile", "list", stdin=lines(PASSPHRASE)))
    assert "look-alike  v3  Wіkimedia Trust [mixed scripts]  (" in listed
    as_json = ok(
        run("--data-dir", str(shared), "profile", "list", "--json", stdin=lines(PASSPHRASE))
    )
    [entry] = [item for item in json.loads(as_json) if item["id"] == "look-alike"]
    assert entry["name_mixes_scripts"] is True
    assert "[mixed scripts]" not in ok(
        run("profile", "verify", str(write_plain(tmp_path, stock)), "--key", stock.line)
    )


def write_plain(tmp_path: Path, stock: StockKey) -> Path:
    folder = tmp_path / "plain"
    folder.mkdir()
    path = write_profile(folder, stock.line)
    stock.sign_file(path)
    return path
