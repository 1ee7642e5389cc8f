"""The toy book the build tool is tested on, and how to build copies of it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

TOY = Path(__file__).resolve().parent / "toybook"
SRC = Path(__file__).resolve().parents[2] / "src"


def build(root: Path, *args: str) -> subprocess.CompletedProcess:
    """``python -m databook build`` on a project; output captured."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(root / "src"), str(SRC)]))
    env.pop("DATABOOK_ROOT", None)
    return subprocess.run([sys.executable, "-m", "databook", "build", "--root", str(root), *args],
                          capture_output=True, text=True, env=env, cwd=root, timeout=600)


def copy_built(source: Path, target: Path) -> Path:
    """A private copy of a built project (cache, stage, Sphinx environment and published site)."""
    shutil.copytree(source, target, symlinks=True)
    return target


