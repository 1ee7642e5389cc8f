"""The environment is reproducible: every pinned file has a hash, and an install refuses a mismatch."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import zipfile

from tests.helpers import ROOT


def lock_entries():
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
    return {m.group(1).lower(): (m.group(2), re.findall(r"--hash=sha256:([0-9a-f]{64})", block))
            for block in blocks if (m := re.match(r"([A-Za-z0-9._-]+)==(\S+)", block))}


def test_every_locked_package_is_pinned_with_hashes():
    entries = lock_entries()
    assert len(entries) > 100
    assert [name for name, (_v, hashes) in entries.items() if not hashes] == []
    wanted = [re.split(r"[<>=\[ ]", line.strip())[0].lower().replace("_", "-")
              for line in (ROOT / "requirements.in").read_text().splitlines() if line.strip() and not line.startswith("#")]
    assert [w for w in wanted if w not in entries] == []
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes --no-deps -r requirements.lock" in makefile


def tiny_wheel(folder):
    path = folder / "tinypkg-1.0-py3-none-any.whl"
    files = {"tinypkg/__init__.py": "x = 1\n",
             "tinypkg-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: tinypkg\nVersion: 1.0\n",
             "tinypkg-1.0.dist-info/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    record = "".join(f"{name},,\n" for name in files) + "tinypkg-1.0.dist-info/RECORD,,\n"
    with zipfile.ZipFile(path, "w") as z:
        for name, text in {**files, "tinypkg-1.0.dist-info/RECORD": record}.items():
            z.writestr(name, text)
    return path


def pip_install(folder, digest):
    (folder / "req.txt").write_text(f"tinypkg==1.0 --hash=sha256:{digest}\n")
    return subprocess.run([sys.executable, "-m", "pip", "install", "--disable-pip-version-check", "--no-index",
                           "--find-links", str(folder), "--require-hashes", "--no-deps", "--target",
                           str(folder / "target"), "-r", str(folder / "req.txt")], capture_output=True, text=True)


def test_pip_refuses_a_file_whose_hash_differs(tmp_path):
    wheel = tiny_wheel(tmp_path)
    right = hashlib.sha256(wheel.read_bytes()).hexdigest()
    wrong = pip_install(tmp_path, "0" * 64)
    assert wrong.returncode != 0 and "DO NOT MATCH THE HASHES" in wrong.stdout + wrong.stderr
    ok = pip_install(tmp_path, right)
    assert ok.returncode == 0, ok.stderr
