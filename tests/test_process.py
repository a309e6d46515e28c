# SPDX-License-Identifier: GPL-3.0-or-later
"""Core dumps are off and the process is non-dumpable from the start (desktop/process.py).

Each check runs in a child process: the protections cannot be undone, and this test process
must stay as it was. The child first raises its core limit as far as it may, so that a
start that forgot to lower it is seen even where the default limit is already 0 (as in
many containers).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import process

ROOT = Path(__file__).resolve().parent.parent

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux prctl")
posix_only = pytest.mark.skipif(os.name != "posix", reason="RLIMIT_CORE is POSIX")

# Printed at exit, after whatever the child ran: the state a crash would meet.
REPORT = """
import atexit, ctypes, json, resource, sys
soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))
def report():
    state = {"core": list(resource.getrlimit(resource.RLIMIT_CORE))}
    if sys.platform.startswith("linux"):
        state["dumpable"] = ctypes.CDLL(None).prctl(3, 0, 0, 0, 0)  # PR_GET_DUMPABLE
        with open("/proc/self/limits") as limits:
            state["limits"] = [l for l in limits if l.startswith("Max core file size")][0]
    sys.stdout.flush()
    sys.stderr.write("STATE " + json.dumps(state) + "\\n")
atexit.register(report)
"""


def run_child(body: str, tmp_path: Path) -> dict[str, object]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", REPORT + body],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    marked = [line for line in result.stderr.splitlines() if line.startswith("STATE ")]
    assert marked, result.stderr
    state: dict[str, object] = json.loads(marked[-1].removeprefix("STATE "))
    return state


def assert_hardened(state: dict[str, object]) -> None:
    assert state["core"] == [0, 0]
    if sys.platform.startswith("linux"):
        assert state["dumpable"] == 0
        assert str(state["limits"]).split()[4:6] == ["0", "0"]


@posix_only
def test_app_main_hardens_before_parsing_anything(tmp_path: Path) -> None:
    # --version leaves through argparse, before any command runs: the protection is already on.
    body = (
        "import desktop.app\n"
        "try:\n"
        "    desktop.app.main(['--version'])\n"
        "except SystemExit:\n"
        "    pass\n"
    )
    assert_hardened(run_child(body, tmp_path))


@posix_only
def test_python_dash_m_desktop_is_hardened(tmp_path: Path) -> None:
    # Exactly what `python -m desktop journal categories` runs (no vault, no passphrase).
    argv = ["desktop", "--data-dir", str(tmp_path / "data"), "journal", "categories"]
    body = (
        "import runpy\n"
        f"sys.argv = {argv!r}\n"
        "runpy.run_module('desktop', run_name='__main__', alter_sys=True)\n"
    )
    assert_hardened(run_child(body, tmp_path))


@posix_only
def test_harden_reports_what_took_effect(tmp_path: Path) -> None:
    body = (
        "from desktop import process\n"
        "print(process.harden())\n"
        "print(process.harden())\n"  # a second call changes nothing and does not fail
    )
    assert_hardened(run_child(body, tmp_path))


@linux_only
def test_on_linux_both_protections_are_attempted(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(process, "_core_limit_zero", lambda: calls.append("core") or True)
    monkeypatch.setattr(process, "_non_dumpable", lambda: calls.append("dump") or True)
    assert process.harden("linux") == process.Hardening(True, True)
    assert calls == ["core", "dump"]


def test_on_macos_only_the_core_limit_and_on_windows_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(process, "_core_limit_zero", lambda: True)
    monkeypatch.setattr(process, "_non_dumpable", lambda: pytest.fail("prctl off Linux"))
    assert process.harden("darwin") == process.Hardening(True, None)
    assert process.harden("win32") == process.Hardening(None, None)


def test_a_protection_that_fails_is_logged_without_stopping_start(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(process, "_core_limit_zero", lambda: False)
    monkeypatch.setattr(process, "_non_dumpable", lambda: False)
    assert process.harden("linux") == process.Hardening(False, False)
    assert "core dump protection incomplete" in caplog.text
