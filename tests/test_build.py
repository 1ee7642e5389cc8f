"""The build, end to end, on copies of the project: complete, never stale, never half-published."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from igfbook.build import Project

from conftest import copy_project, run_build, tree_digest
from helpers import set_cell

EXTERNAL = re.compile(r"<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)=\"((?:https?:)?//[^\"]+)\"", re.I)


def page_text(path):
    text = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", text)


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
    source = (root / "src" / "igfbook" / "build.py").read_text()
    assert '"-W", "-n", "--keep-going"' in source


@pytest.fixture()
def fresh_copy(tmp_path, built_copy):
    """A private copy of the built project (with its execution cache and site)."""
    target = tmp_path / "book"
    shutil.copytree(built_copy, target, symlinks=True)
    shutil.rmtree(target / "_build" / "sphinx", ignore_errors=True)  # Sphinx's environment holds absolute paths
    (target / "_build" / "published-site.key").unlink(missing_ok=True)
    result = run_build(target)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "executed 0 of" in result.stdout  # the cache carried over: nothing re-ran
    return target


def test_data_edit_reexecutes_readers_and_shows_the_new_value(fresh_copy):
    root = fresh_copy
    page = root / "_build" / "html" / "book" / "agents.html"
    assert "Cixutumumab IMC-A12 anti-IGF-1R antibody" in page_text(page)

    set_cell(root / "data" / "agents.csv", "cixutumumab", "agent_class", "IGF-1R kinase inhibitor")
    result = run_build(root)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "execute  book/agents (inputs changed: data/agents.csv)" in result.stdout
    assert "reuse    book/signalling" in result.stdout  # reads no column of agents.csv
    text = page_text(page)
    assert "Cixutumumab IMC-A12 IGF-1R kinase inhibitor" in text
    assert "Cixutumumab IMC-A12 anti-IGF-1R antibody" not in text


def test_noop_rebuild_executes_nothing(fresh_copy):
    result = run_build(fresh_copy)
    assert result.returncode == 0
    assert "execute " not in result.stdout
    assert "executed 0 of" in result.stdout


def test_prose_edit_reuses_outputs(fresh_copy):
    chapter = fresh_copy / "book" / "agents.md"
    chapter.write_text(chapter.read_text().replace("## The catalogue", "## The catalogue of agents"))
    result = run_build(fresh_copy)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "reuse    book/agents" in result.stdout
    assert "The catalogue of agents" in page_text(fresh_copy / "_build" / "html" / "book" / "agents.html")


def test_package_edit_reexecutes_the_chapters_that_import_it(fresh_copy):
    module = fresh_copy / "src" / "igfbook" / "figures.py"
    module.write_text(module.read_text() + "\n# edited\n")
    result = run_build(fresh_copy)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "execute  book/agents (inputs changed: src/igfbook/figures.py)" in result.stdout
    assert "reuse    book/intro" in result.stdout  # the introduction draws no figure


@pytest.mark.parametrize("agent, column, value", [
    ("cixutumumab", "agent_class", "antibody"),
    ("linsitinib", "source", "fassnacht2015"),
    ("figitumumab", "name", "Ganitumab"),
])
def test_bad_row_stops_the_build_and_keeps_the_last_site(fresh_copy, agent, column, value):
    root = fresh_copy
    before = tree_digest(root / "_build" / "html")
    row = set_cell(root / "data" / "agents.csv", agent, column, value)
    result = run_build(root)
    assert result.returncode != 0
    assert f"data/agents.csv, row {row}, column '{column}', value '{value}'" in result.stderr
    assert tree_digest(root / "_build" / "html") == before


def test_failing_cell_stops_the_build_keeps_the_site_and_writes_a_report(fresh_copy):
    root = fresh_copy
    before = tree_digest(root / "_build" / "html")
    chapter = root / "book" / "agents.md"
    chapter.write_text(chapter.read_text().replace("agents = data.agents()", "agents = data.agents()\n1 / 0", 1))
    result = run_build(root)
    assert result.returncode != 0
    assert "ZeroDivisionError" in result.stderr
    assert "ZeroDivisionError" in (root / "_build" / "reports" / "book__agents.log").read_text()
    assert tree_digest(root / "_build" / "html") == before


def test_sphinx_warning_fails_the_build(fresh_copy):
    root = fresh_copy
    before = tree_digest(root / "_build" / "html")
    page = root / "book" / "bibliography.md"
    page.write_text(page.read_text() + "\nSee {ref}`no-such-label`.\n")
    result = run_build(root)
    assert result.returncode != 0
    assert tree_digest(root / "_build" / "html") == before


def test_missing_site_is_created_from_cache(fresh_copy):
    shutil.rmtree(fresh_copy / "_build" / "html")
    result = run_build(fresh_copy)
    assert result.returncode == 0
    assert (fresh_copy / "_build" / "html" / "book" / "agents.html").is_file()
