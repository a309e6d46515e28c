# SPDX-License-Identifier: GPL-3.0-or-later
"""`make build-test`: run the FROZEN build (dist/bastion/bastion), never the source tree.

1. self-test, offscreen; then the same with parts taken out of a copy of the build (it must fail
   and name each one);
2. a scripted session in a throwaway data folder: init, a journal entry with an attachment, a
   report to a test age key opened with the stock `age` and `tar`, a pack built from the
   bundled source, signed, verified and installed, a trainer kit of this build made and
   checked (and checked with the stock tools), and `sync run` against the test tus server;
3. the .deb unpacked with `dpkg -x` into a throwaway root and `<root>/usr/bin/bastion self-test`.

The sync step's set-up (an organisation profile with the tus server's address) is written into
the vault by the source tree's test helpers: the frozen app only reads it and sends.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FROZEN = ROOT / "dist" / "bastion" / "bastion"
PASSPHRASE = "orbit lantern kettle vivid meadow"  # noqa: S105  (a throwaway vault)


def run(
    *args: str, data_dir: Path | None = None, stdin: str = "", binary: Path = FROZEN
) -> subprocess.CompletedProcess[str]:
    argv = [str(binary)] + (["--data-dir", str(data_dir)] if data_dir else []) + list(args)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LC_ALL": "C.UTF-8"}
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        argv, input=stdin, capture_output=True, text=True, env=env, timeout=180, check=False
    )


def ok(result: subprocess.CompletedProcess[str], what: str) -> str:
    if result.returncode != 0:
        sys.exit(f"FAILED: {what}\n{result.stdout}{result.stderr}")
    if PASSPHRASE in result.stdout + result.stderr:
        sys.exit(f"FAILED: {what} printed the passphrase")
    print(f"ok: {what}")
    return result.stdout


def self_test_fails_without_its_parts(tmp: Path) -> None:
    """A copy of the build (hard links) with parts removed: self-test names each one."""
    copy = tmp / "broken"
    subprocess.run(["cp", "-al", str(FROZEN.parent), str(copy)], check=True)
    internal = copy / "_internal"
    for part in (
        "resources/styles/bastion.qss",
        "xkcdpass/static/eff-long",
        "desktop/locale/ar/LC_MESSAGES/messages.mo",
        "PySide6/Qt/translations/qtbase_ar.qm",
        "resources/fonts/NotoSansBengali-Regular.ttf",
        "babel/locale-data/bn.dat",
    ):
        (internal / part).unlink()
    shutil.rmtree(internal / "PySide6/Qt/plugins/networkinformation")
    result = run("self-test", binary=copy / "bastion")
    failed = {
        line.split(":")[0]
        for line in result.stdout.splitlines()
        if "FAILED (" in line and not line.startswith("self-test:")
    }
    expected = {
        "style sheet",
        "word list eff-long",
        "catalog ar",
        "Qt translations ar",
        "network information backend",
        "shipped fonts",
        "formats bn",
        "language names",
    }
    if result.returncode == 0 or failed != expected:
        sys.exit(f"FAILED: self-test of a broken build\n{result.stdout}{result.stderr}")
    print(f"ok: self-test fails on a build missing {len(expected)} parts, naming each")


def session(tmp: Path) -> None:
    data = tmp / "data"
    ok(run("init", "--kdf-seconds", "0", data_dir=data, stdin=f"{PASSPHRASE}\n"), "init")
    evidence = tmp / "evidence.txt"
    evidence.write_bytes(b"a screenshot's worth of evidence\n" * 100)
    entry = {"title": "Build test", "category": "harassment", "narrative": "اختبار परीक्षण"}
    uid = ok(
        run(
            "journal",
            "add",
            "--json-input",
            "-",
            "--attach",
            str(evidence),
            data_dir=data,
            stdin=f"{PASSPHRASE}\n{json.dumps(entry)}\n",
        ),
        "journal add with an attachment",
    ).strip()
    listed = json.loads(
        ok(run("journal", "list", "--json", data_dir=data, stdin=f"{PASSPHRASE}\n"), "list")
    )
    if [(e["id"], e["attachment_count"]) for e in listed] != [(uid, 1)]:
        sys.exit(f"FAILED: journal list\n{listed}")
    report_to_stock_age(tmp, data, uid, evidence)
    pack = pack_built_signed_installed(tmp, data)
    kit_built_and_verified(tmp, pack)
    sync_to_tus(tmp, data, uid)


def report_to_stock_age(tmp: Path, data: Path, uid: str, evidence: Path) -> None:
    identity = tmp / "team.key"
    subprocess.run(["age-keygen", "-o", str(identity)], capture_output=True, check=True)
    recipient = subprocess.run(
        ["age-keygen", "-y", str(identity)], capture_output=True, text=True, check=True
    ).stdout.strip()
    report = tmp / "report.age"
    args = ("report", "export", "--entry", uid, "--recipient", recipient, "-o", str(report))
    ok(run(*args, data_dir=data, stdin=f"{PASSPHRASE}\n"), "report export to an age key")
    opened = tmp / "report.tar"
    subprocess.run(["age", "-d", "-i", str(identity), "-o", str(opened), str(report)], check=True)
    listing = subprocess.run(["tar", "-tf", str(opened)], capture_output=True, text=True)
    with tarfile.open(opened) as archive:
        blobs = [archive.extractfile(m) for m in archive.getmembers() if m.isfile()]
        found = any(b is not None and b.read() == evidence.read_bytes() for b in blobs)
    if listing.returncode != 0 or not found:
        sys.exit(f"FAILED: the report did not open with age and tar\n{listing.stdout}")
    print("ok: the report opens with the stock age and tar, the attachment byte for byte")


def pack_built_signed_installed(tmp: Path, data: Path) -> Path:
    """A pack from the sample source, signed with a stock minisign key pinned in a copy."""
    from tests.training.sample import write_sample_pack

    source = write_sample_pack(tmp / "pack-source")
    pack = tmp / "sample.bastionpack"
    ok(run("pack", "build", str(source), "-o", str(pack)), "pack build")
    secret, public = tmp / "trainer.key", tmp / "trainer.pub"
    subprocess.run(
        ["minisign", "-G", "-W", "-p", str(public), "-s", str(secret)],
        capture_output=True,
        check=True,
    )
    ok(run("pack", "sign", str(pack), "-k", str(secret)), "pack sign")
    ok(run("pack", "verify", str(pack), "--key", str(public)), "pack verify")
    # Installing needs a key the installation pins: a copy of the build with one more file.
    pinned = tmp / "pinned"
    subprocess.run(["cp", "-al", str(FROZEN.parent), str(pinned)], check=True)
    keys = pinned / "_internal" / "resources" / "training" / "pack-keys.txt"
    keys.unlink(missing_ok=True)
    keys.write_text(public.read_text().splitlines()[1] + "\n", encoding="utf-8")
    args = ("pack", "install", str(pack))
    stdin = f"{PASSPHRASE}\n"
    ok(run(*args, data_dir=data, stdin=stdin, binary=pinned / "bastion"), "pack install")
    listed = ok(run("pack", "list", data_dir=data, stdin=stdin), "pack list")
    from tests.training.sample import PACK_ID

    if PACK_ID not in listed:
        sys.exit(f"FAILED: pack list\n{listed}")
    return pack


def kit_built_and_verified(tmp: Path, pack: Path) -> None:
    """A trainer kit of this very build: made and checked by the frozen binary, checked again
    with the stock sha256sum and minisign; one changed byte is refused."""
    from tests.profiles.builders import document, encode

    secret, public = tmp / "trainer.key", tmp / "trainer.pub"  # the pack's signer
    key = public.read_text().splitlines()[1]
    profile = tmp / "org.json"
    profile.write_bytes(encode(document(key, pack_keys=[key])))
    subprocess.run(["minisign", "-S", "-s", str(secret), "-m", str(profile)], check=True)
    installers = sorted((ROOT / "dist").glob("bastion*.tar.gz")) + sorted(
        (ROOT / "dist").glob("bastion_*.deb")
    )
    kit = tmp / "kit"
    args = ["kit", "build", "--profile", str(profile), "--pack", str(pack), "-k", str(secret)]
    for installer in installers:
        args += ["--installer", str(installer)]
    ok(run(*args, "--language", "ar", "--language", "en", "-o", str(kit)), "kit build")
    out = ok(run("kit", "verify", str(kit), "--key", key), "kit verify")
    if "The kit is intact" not in out:
        sys.exit(f"FAILED: kit verify\n{out}")
    stock = [
        ["minisign", "-Vm", "SHA256SUMS", "-P", key],
        ["sha256sum", "-c", "--strict", "--quiet", "SHA256SUMS"],
    ]
    for command in stock:
        subprocess.run(command, cwd=kit, check=True, capture_output=True)
    print("ok: the kit checks with the stock minisign and sha256sum")
    installer = kit / "installers" / installers[-1].name
    with installer.open("r+b") as handle:
        handle.seek(1000)
        byte = handle.read(1)
        handle.seek(1000)
        handle.write(bytes([byte[0] ^ 1]))
    if run("kit", "verify", str(kit)).returncode == 0:
        sys.exit("FAILED: kit verify accepted a changed installer")
    print("ok: a changed byte in an installer is refused")


def sync_to_tus(tmp: Path, data: Path, uid: str) -> None:
    from desktop.sync.settings import PROXY_NONE, SyncSettings, save_settings
    from desktop.vault import Vault
    from tests.servers.harness import TusServer
    from tests.sync.support import ORG, add_org

    server = TusServer(tmp / "tus")
    try:
        vault = Vault(data)
        vault.unlock(PASSPHRASE)
        add_org(vault, server.url)
        save_settings(vault, SyncSettings(proxy=PROXY_NONE))
        vault.lock()
        args = ("report", "export", "--entry", uid, "--profile", ORG, "--outbox")
        ok(run(*args, data_dir=data, stdin=f"{PASSPHRASE}\n"), "report queued for the org")
        result = run(
            "sync", "run", "--no-updates", "--json", data_dir=data, stdin=f"{PASSPHRASE}\n"
        )
        ok(result, "sync run")
        uploads = server.uploads()
        if len(uploads) != 1 or not server.stored(uploads[0]["id"]):
            sys.exit(f"FAILED: nothing arrived at the tus server\n{result.stdout}")
        print("ok: the queued report arrived at the tus server")
    finally:
        server.close()


def deb_self_test(tmp: Path) -> None:
    debs = sorted((ROOT / "dist").glob("bastion_*_amd64.deb"))
    if len(debs) != 1:
        sys.exit(f"FAILED: expected one .deb in dist/, found {len(debs)}")
    root = tmp / "root"
    subprocess.run(["dpkg", "-x", str(debs[0]), str(root)], check=True)
    link = root / "usr" / "bin" / "bastion"
    # The link points at /opt/bastion/bastion; in the throwaway root, at its own /opt.
    target = os.readlink(link)
    link.unlink()
    link.symlink_to(root / target.lstrip("/"))
    out = ok(run("self-test", binary=link), f"self-test from the .deb ({debs[0].name})")
    if out.splitlines()[-1] != "self-test: ok":
        sys.exit("FAILED: the .deb's self-test")


def main() -> int:
    if not FROZEN.is_file():
        sys.exit("no dist/bastion/bastion: run `make build` first")
    started = time.monotonic()
    out = ok(run("self-test"), "self-test of the frozen build")
    print("\n".join(f"  {line}" for line in out.splitlines()))
    with tempfile.TemporaryDirectory(prefix="bastion-build-test-") as name:
        tmp = Path(name)
        self_test_fails_without_its_parts(tmp)
        session(tmp)
        deb_self_test(tmp)
    print(f"build-test: ok ({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
