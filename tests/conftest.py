"""Shared fixtures: the project root, throwaway copies of the project, and one built copy."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SKIP = {".git", ".venv", "_build", ".pytest_cache", "__pycache__", "snapshots", "node_modules", "toybook"}


def copy_project(target: Path) -> Path:
    """Copy the project's sources (not its venv, build or snapshots) to ``target``."""
    def ignore(folder, names):
        return [n for n in names if n in SKIP or n.endswith(".egg-info")]

    shutil.copytree(ROOT, target, ignore=ignore)
    return target


def run_build(root: Path, *args: str) -> subprocess.CompletedProcess:
    """``python -m databook build`` on the project at ``root``; output captured."""
    env = dict(os.environ, PYTHONPATH=str(root / "src"))
    env.pop("DATABOOK_ROOT", None)
    return subprocess.run([sys.executable, "-m", "databook", "build", "--root", str(root), *args],
                          capture_output=True, text=True, env=env, cwd=root, timeout=1200)


def tree_digest(folder: Path) -> dict[str, str]:
    """Path -> SHA-256 of every file below ``folder`` (to prove a site was left untouched)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_copy(tmp_path_factory) -> Path:
    """A copy of the project, built once for the whole session (tests must not modify it)."""
    target = copy_project(tmp_path_factory.mktemp("built") / "book")
    result = run_build(target)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return target


HOSTILE = {
    ("agents", "kw-2450", "name"): "<img src=x onerror=alert(1)>",
    ("agents", "ganitumab", "sponsor"): "<script>alert('sponsor')</script>",
    ("agents", "figitumumab", "codes"): "[x](javascript:alert(1)); CP-751,871",
    ("agents", "linsitinib", "name"): "{eval-rst}`.. raw:: html`",
}


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory, built_copy):
    root = tmp_path_factory.mktemp("hostile") / "book"
    shutil.copytree(built_copy, root, symlinks=True)
    for (table, key, column), value in HOSTILE.items():
        __import__("tests.helpers", fromlist=["set_cell"]).set_cell(root / "data" / f"{table}.csv", key, column, value)
    result = run_build(root)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return root / "_build" / "html"


