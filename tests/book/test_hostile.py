"""Hostile text in the data stays inert; builds are repeatable; no command rewrites the data."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from tests.conftest import run_build, scenario
from tests.helpers import set_cell



def digest_tree(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_markup_in_data_is_shown_as_text(hostile_site):
    agents = (hostile_site / "book" / "agents.html").read_text(encoding="utf-8")
    three = (hostile_site / "book" / "three-ways.html").read_text(encoding="utf-8")
    # the values appear, escaped, in the catalogue table and in glued prose
    assert "&lt;img src=x onerror=alert(1)&gt;" in agents
    assert "&lt;script&gt;alert(&#39;sponsor&#39;)&lt;/script&gt;" in agents or \
           "&lt;script&gt;alert('sponsor')&lt;/script&gt;" in agents
    assert "{eval-rst}`.. raw:: html`" in agents.replace("&#96;", "`")  # glued list of phase III agents
    assert "&lt;img src=x onerror=alert(1)&gt;" in three                # glued list of kinase inhibitors


def test_no_page_contains_injected_markup(hostile_site):
    for page in hostile_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<img src=x onerror" not in html, page.name
        assert "<script>alert(" not in html, page.name
        assert not re.search(r'href="javascript:', html, re.I), page.name


def executed_state(root):
    """Executed notebooks and cache entries (without the execution time, which is meant to vary, and
    the entry's digest of itself, which covers that time)."""
    state = {}
    for path in sorted((root / "_build" / "cache").rglob("*")):
        if path.suffix == ".ipynb":
            state[path.name] = path.read_bytes()
        elif path.suffix == ".json" and path.name != "data-state.json":
            entry = json.loads(path.read_text())
            entry.pop("seconds", None)
            entry.pop("digest", None)
            state[path.name] = entry
    return state


@scenario("built_copy")
def fresh_kernel_build(folder, built_copy):
    """The same inputs as the shared build, with no cache, built with a fresh kernel per chapter."""
    other = folder / "again"
    shutil.copytree(built_copy, other, ignore=shutil.ignore_patterns("_build"))  # same inputs, no cache
    return other, run_build(other, "--kernels", "fresh")


def test_two_builds_of_the_same_inputs_are_identical_whatever_the_kernels(built_copy, fresh_kernel_build):
    # The shared build forks its kernels from a warm process; this one starts a fresh kernel per
    # chapter, the plain Jupyter way: notebooks, recorded inputs and pages must not differ.
    other, result = fresh_kernel_build
    assert result.returncode == 0, result.stderr[-3000:]
    first, again = executed_state(built_copy), executed_state(other)
    differ = {name: sorted(k for k in set(first.get(name, {})) | set(again.get(name, {}))
                           if isinstance(first.get(name), dict) and first[name].get(k) != again.get(name, {}).get(k))
              for name in set(first) | set(again) if first.get(name) != again.get(name)}
    assert differ == {}, f"cache entries or executed notebooks differ between two builds: {differ}"
    a, b = digest_tree(built_copy / "_build" / "html"), digest_tree(other / "_build" / "html")
    differ = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
    assert differ == [], f"pages differ between two builds: {differ[:10]}"


def test_no_command_rewrites_data_or_bibliography(tmp_path, built_copy):
    root = tmp_path / "book"
    shutil.copytree(built_copy, root, symlinks=True)
    watched = lambda: {**digest_tree(root / "data"), "references.bib": hashlib.sha256((root / "references.bib").read_bytes()).hexdigest()}
    before = watched()
    env = dict(os.environ, PYTHONPATH=str(root / "src"))
    env.pop("DATABOOK_ROOT", None)
    for command in (["validate"], ["build"], ["snapshots"], ["dist"]):
        out = subprocess.run([sys.executable, "-m", "databook", *command, "--root", str(root)],
                             capture_output=True, text=True, env=env, cwd=root)
        assert out.returncode == 0, (command, out.stderr[-2000:])
    assert watched() == before
    manifest = json.loads((root / "_build" / "dist" / "MANIFEST.json").read_text())
    assert manifest["files"]["data/agents.csv"]["sha256"] == before["agents.csv"]
