"""How to cite: the data version shown is the build's, and the citation comes from the book's config."""

from __future__ import annotations

import shutil

from databook import version
from igfbook.facts import cite

from tests.book.drift import failed
from tests.book.prose_numbers import typed_numbers
from tests.helpers import ROOT


def test_the_facts_hold_and_the_citation_comes_from_the_config():
    f = cite.facts()
    assert failed(f) == set()
    assert (f.text("book_title"), f.text("book_year")) == ("Targeting the IGF axis in cancer", "2026")
    assert typed_numbers(ROOT / "book" / "cite.md") == []


def _copy(tmp_path):
    for name in ("pyproject.toml", "_toc.yml", "_config.yml", "references.bib"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "book", tmp_path / "book")
    return tmp_path


def test_an_edit_to_a_value_changes_the_version(tmp_path, monkeypatch):
    root = _copy(tmp_path)
    before = version.data_version(root, record=False)
    path = root / "data" / "agents.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Amgen", "Amgen Inc.", 1), encoding="utf-8")
    assert version.data_version(root, record=False) != before


def test_an_undescribed_table_falsifies_the_coverage(tmp_path, monkeypatch):
    root = _copy(tmp_path)
    (root / "data" / "extra.csv").write_text("a\n1\n", encoding="utf-8")
    monkeypatch.setenv("DATABOOK_ROOT", str(root))
    assert "version-covers-every-table" in failed(cite.facts())


def test_the_pages_show_the_data_version_of_the_copy_they_were_built_from(built_copy):
    shown = f'<span class="build-value">{version.data_version(built_copy, record=False)}</span>'
    html = built_copy / "_build" / "html" / "book"
    assert (html / "cite.html").read_text(encoding="utf-8").count(shown) == 2   # the sentence and the citation
    assert (html / "teaching.html").read_text(encoding="utf-8").count(shown) == 1   # the quiz's answer
