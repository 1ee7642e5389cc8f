"""Fixtures of the build tool's tests: a toy book that knows nothing of the real one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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


@pytest.fixture()
def toy(tmp_path) -> Path:
    """A fresh, unbuilt copy of the toy book."""
    return Path(shutil.copytree(TOY, tmp_path / "toy"))


@pytest.fixture(scope="session")
def built_toy(tmp_path_factory) -> Path:
    root = Path(shutil.copytree(TOY, tmp_path_factory.mktemp("built-toy") / "toy"))
    result = build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture()
def toy_site(tmp_path, built_toy) -> Path:
    """A private copy of the built toy book; building it again finds it up to date."""
    return copy_built(built_toy, tmp_path / "toy")
