"""Shared fixtures: the project root, throwaway copies of the project, and the builds tests share.

A build takes tens of seconds and uses every core only while chapters run. So the builds that
tests share (*scenarios*: the cold build of the book, a build with hostile text, a build with a
fresh kernel per chapter, …) run in a background thread, one after another, while the tests that
need no build run (they start as soon as the tests are collected); tests that need a scenario
run last, in the order the scenarios finish. A scenario is a function registered with :func:`scenario`; the
fixture of the same name waits for it and returns what it returned (or raises what it raised).
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SKIP = {".git", ".venv", "_build", ".pytest_cache", "__pycache__", "snapshots", "node_modules", "toybook"}
#: The environment the tests started with: builds started in the background use it, not whatever a
#: running test has patched into ``os.environ`` at that moment.
ENVIRONMENT = dict(os.environ)


def copy_project(target: Path) -> Path:
    """Copy the project's sources (not its venv, build or snapshots) to ``target``."""
    def ignore(folder, names):
        return [n for n in names if n in SKIP or n.endswith(".egg-info")]

    shutil.copytree(ROOT, target, ignore=ignore)
    return target


def run_build(root: Path, *args: str) -> subprocess.CompletedProcess:
    """``python -m databook build`` on the project at ``root``; output captured."""
    env = dict(ENVIRONMENT if threading.current_thread() is not threading.main_thread() else os.environ,
               PYTHONPATH=str(root / "src"))
    env.pop("DATABOOK_ROOT", None)
    return subprocess.run([sys.executable, "-m", "databook", "build", "--root", str(root), *args],
                          capture_output=True, text=True, env=env, cwd=root, timeout=1200)


def tree_digest(folder: Path) -> dict[str, str]:
    """Path -> SHA-256 of every file below ``folder`` (to prove a site was left untouched)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------- scenarios in the background

#: name -> (function, names of the scenarios it needs), in the order they are registered
SCENARIOS: dict[str, tuple] = {}


def scenario(*needs: str):
    """Register ``fn(folder, **needed)`` as a scenario that runs after ``needs``; returns the
    session fixture, named as the function, that waits for its result."""
    def register(fn):
        name = fn.__name__
        SCENARIOS[name] = (fn, needs)

        @pytest.fixture(scope="session", name=name)
        def waiting():
            return BACKGROUND.result(name)
        waiting.__doc__ = fn.__doc__
        return waiting
    return register


class Background:
    def __init__(self):
        self.futures: dict[str, cf.Future] = {}
        self.folder: Path | None = None
        self.pool: cf.ThreadPoolExecutor | None = None

    def order(self, wanted: set[str]) -> list[str]:
        """``wanted`` and what they need, each after its needs, else in registration order."""
        out: list[str] = []

        def add(name):
            if name not in out:
                for need in SCENARIOS[name][1]:
                    add(need)
                out.append(name)
        for name in SCENARIOS:
            if name in wanted:
                add(name)
        return out

    def start(self, wanted: set[str]) -> list[str]:
        order = self.order(wanted)
        if not order:
            return order
        self.folder = Path(tempfile.mkdtemp(prefix="igfbook-scenarios-"))
        self.pool = cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix="scenario")   # one at a time
        for name in order:
            self.futures[name] = self.pool.submit(self._run, name)
        return order

    def _run(self, name: str):
        fn, needs = SCENARIOS[name]
        needed = {n: self.futures[n].result() for n in needs}
        folder = self.folder / name
        folder.mkdir()
        return fn(folder, **needed)

    def result(self, name: str):
        if name not in self.futures:   # asked for without having been collected (a dynamic request)
            if self.pool is None:
                self.start({name})
            for needed in self.order({name}):
                if needed not in self.futures:
                    self.futures[needed] = self.pool.submit(self._run, needed)
        return self.futures[name].result()

    def close(self) -> None:
        if self.pool is not None:
            for future in self.futures.values():
                future.cancel()
            self.pool.shutdown(wait=True)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


BACKGROUND = Background()


def pytest_collection_modifyitems(session, config, items):
    """Tests that need no scenario first; the others after, in the order their scenarios finish."""
    order = list(BACKGROUND.order({f for item in items for f in getattr(item, "fixturenames", ()) if f in SCENARIOS}))
    rank = {name: i + 1 for i, name in enumerate(order)}
    position = {id(item): i for i, item in enumerate(items)}
    items.sort(key=lambda item: (max([rank.get(f, 0) for f in getattr(item, "fixturenames", ())] or [0]),
                                 position[id(item)]))


def pytest_collection_finish(session):
    if session.config.option.collectonly:
        return
    BACKGROUND.start({f for item in session.items for f in getattr(item, "fixturenames", ()) if f in SCENARIOS})


def pytest_sessionfinish(session, exitstatus):
    BACKGROUND.close()


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@scenario()
def built_copy(folder: Path) -> Path:
    """A copy of the project, built once for the whole session (tests must not modify it)."""
    target = copy_project(folder / "book")
    result = run_build(target)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return target


HOSTILE = {
    ("agents", "kw-2450", "name"): "<img src=x onerror=alert(1)>",
    ("agents", "ganitumab", "sponsor"): "<script>alert('sponsor')</script>",
    ("agents", "figitumumab", "codes"): "[x](javascript:alert(1)); CP-751,871",
    ("agents", "linsitinib", "name"): "{eval-rst}`.. raw:: html`",
}


@scenario("built_copy")
def hostile_site(folder: Path, built_copy: Path) -> Path:
    """The built copy rebuilt with markup and scripts typed into cells of the agents table."""
    from tests.helpers import set_cell

    root = folder / "book"
    shutil.copytree(built_copy, root, symlinks=True)
    for (table, key, column), value in HOSTILE.items():
        set_cell(root / "data" / f"{table}.csv", key, column, value)
    result = run_build(root)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return root / "_build" / "html"
