"""The introduction's facts: what the book is built from and who paid for its backbone review,
checked against the data and the public records, with drift tests for every claim."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

import igfbook.tables
from databook import bibtex
from igfbook import tables
from igfbook.facts import intro

from tests.book.drift import edit, failed, tables as drift_tables
from tests.book.prose_numbers import typed_numbers

CHAPTER = Path(__file__).resolve().parents[2] / "book" / "intro.md"


@pytest.fixture(scope="module")
def facts():
    return intro.facts()


def with_source_cell(key: str, column: str, value):
    t = drift_tables()
    frame = t.sources.copy()
    frame.at[frame.index[frame["key"] == key][0], column] = value
    t.sources = frame
    return t


def test_every_claim_holds_for_the_shipped_data(facts):
    assert failed(facts) == set()


def test_values(facts):
    # data/datapackage.json has 15 resources (the sources' 12, and later, effects, adverse_events);
    # the catalogue 25 agents in the schema's 5 classes.
    assert (facts.value("n_tables"), facts.value("n_agents"), facts.value("n_classes")) == (15, 25, 5)
    # _toc.yml: parts I–V hold 3 + 2 + 6 + 3 + 3 = 17 chapters (safety in Part III, later in Part V).
    assert (facts.value("n_chapters"), facts.text("n_parts")) == (17, "five")


def test_the_funding_is_what_the_record_shows(facts):
    # Sample error ("stake"): the Open Ukrainian Citation Index record of Simpson et al. (doi
    # 10.1007/s11523-017-0514-5) lists "Funder Boehringer Ingelheim"; Chmielowski (p. 2384) names
    # Boehringer Ingelheim as the company behind BI836845 (xentuzumab). That is all the book says.
    assert facts.text("simpson_funder") == "Boehringer Ingelheim"
    assert facts["simpson_funder"].citations() == ["simpson2017igf"]
    assert facts["xentuzumab_sponsor"].citations() == ["chmielowski2014editorial"]
    text = CHAPTER.read_text(encoding="utf-8").lower()
    for phrase in ("stake", "commercial interest", "the authors have", "conflict of interest"):
        assert phrase not in text, phrase


def test_the_sources_table_shows_each_tie(facts):
    shown = intro.sources_table(intro.load()).set_index("key")
    assert shown.loc["Gombos et al. 2012", "funding"] == "none found"
    assert "first author" in shown.loc["Yee 2018", "ties"]
    assert shown.loc["Chmielowski 2014", "tie_sources"] == "Schwartz et al. 2013; Chmielowski 2014"


def test_no_number_is_typed_in_the_prose():
    assert typed_numbers(CHAPTER) == []


# --------------------------------------------------------------------------- drift


def test_a_row_without_its_locator_breaks_the_provenance_sentence():
    f = intro.facts(edit("agents", "nt157", locator=None))
    assert "every-row-sourced" in failed(f)
    assert "agents:nt157" in f.claims["every-row-sourced"].against


def test_an_unchecked_reference_breaks_the_bibliography_sentence(monkeypatch):
    real = bibtex.load

    def load(path):
        db = copy.deepcopy(real(path))
        del db.entries["maki2010small"].fields["verification"]
        return db

    monkeypatch.setattr(intro.bibtex, "load", load)
    assert "references-checked" in failed(intro.facts())


def test_another_funder_breaks_the_funding_sentence():
    f = intro.facts(with_source_cell("simpson2017igf", "funding", "Amgen (named as funder in the record)"))
    assert "funder-develops-xentuzumab" in failed(f)
    assert f.text("simpson_funder") == "Amgen"


def test_ties_without_their_references_break_the_tie_sentences():
    assert "chmielowski-coauthor" in failed(intro.facts(
        with_source_cell("chmielowski2014editorial", "tie_sources", ("chmielowski2014editorial",))))
    assert "yee-first-author" in failed(intro.facts(with_source_cell("yee2018fortyyears", "tie_sources", ())))


def test_a_chapter_without_its_frame_breaks_the_reading_sentence(monkeypatch):
    chapters = intro.chapters_in_parts()
    monkeypatch.setattr(intro, "chapters_in_parts", lambda: chapters + ["glossary"])
    f = intro.facts()
    assert "chapter-frame" in failed(f)
    assert f.value("n_chapters") == 18


def test_the_chapter_tables_pass_strict(monkeypatch):
    monkeypatch.setattr(igfbook.tables, "STRICT", True)
    tables.show(intro.sources_table(intro.load()), "sources", table="sources")
