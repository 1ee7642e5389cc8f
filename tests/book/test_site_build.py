"""The real book, built once for the session: complete, offline, strict, and rebuilt precisely.

How the build behaves on damage, bad rows, failed claims and so on is tested on the toy book
(``tests/tool/test_build.py``); here it is tested on the book itself.
"""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from databook import sphinx
from databook.project import Project

from tests.conftest import run_build
from tests.helpers import set_cell

EXTERNAL = re.compile(r"<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)=\"((?:https?:)?//[^\"]+)\"", re.I)


def page_text(path):
    import html

    text = re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", html.unescape(text))


def test_every_page_of_the_toc_is_built(built_copy):
    project = Project(built_copy)
    for doc in project.documents():
        assert (built_copy / "_build" / "html" / f"{doc}.html").is_file(), doc
    assert (built_copy / "_build" / "html" / "index.html").is_file()


def test_site_loads_nothing_from_the_network(built_copy):
    for page in (built_copy / "_build" / "html").rglob("*.html"):
        assert EXTERNAL.findall(page.read_text(encoding="utf-8")) == [], page.name


def test_strict_build_settings(root):
    config = yaml.safe_load((root / "_config.yml").read_text())
    assert config["execute"]["raise_on_error"] is True
    assert {".*", "_build", ".venv"} <= set(config["exclude_patterns"])
    assert sphinx.STRICT == ("-W", "-n", "--keep-going")
    assert set(sphinx.STRICT) <= set(sphinx.command(Project(root)))


@pytest.fixture()
def fresh_copy(tmp_path, built_copy):
    """A private copy of the built project (with its execution cache, environment and site)."""
    target = tmp_path / "book"
    shutil.copytree(built_copy, target, symlinks=True)
    return target


def test_a_data_edit_reruns_the_readers_reuses_the_rest_and_shows_the_new_value(fresh_copy):
    root = fresh_copy
    set_cell(root / "data" / "agents.csv", "cixutumumab", "sponsor", "ImClone Systems")
    result = run_build(root)
    assert result.returncode == 0, result.stderr[-4000:]
    # the explorer shows the sponsor column, so it re-runs for that column
    assert re.search(r"execute  book/explorer \(inputs changed: [^)]*column:data/agents.csv#sponsor", result.stdout)
    reused = next(line for line in result.stdout.splitlines() if line.startswith("  reuse "))
    assert "signalling" in reused.split(":", 1)[1].split(", ")     # reads nothing of the agents table
    assert "cixutumumab · sponsor: 'ImClone' → 'ImClone Systems'" in result.stdout
    assert "ImClone Systems" in page_text(root / "_build" / "html" / "book" / "explorer.html")
