"""The timeline chapter's facts: every count about the figure is the data's, every dated study is
cited to the reference that dates it, and the claims fail when the data stop supporting them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import igfbook.tables
from databook.facts import ClaimError
from igfbook import data, evidence
from igfbook.facts import timeline

from tests.book.drift import edit, failed, tables

CHAPTER = Path(__file__).resolve().parents[2] / "book" / "timeline.md"


def edit_rows(table: str, changes: dict[str, dict]):
    t = tables()
    frame = t.frame(table).copy()
    key = t.key_of(table)
    for row, cells in changes.items():
        mask = frame[key] == row
        assert mask.sum() == 1, f"no single row {row!r} in {table}"
        for column, value in cells.items():
            frame.loc[mask, column] = value
    setattr(t, table, frame)
    return t


@pytest.fixture(scope="module")
def facts():
    return timeline.facts()


def test_every_claim_holds_for_the_shipped_data(facts):
    assert failed(facts) == set()


def test_the_counts_about_the_figure_are_the_data_s(facts):
    s = data.studies()
    d = s[s["year"].notna()]
    assert facts.value("n_dated") == len(d)
    assert facts.value("n_primary") + facts.value("n_earliest") == len(d)
    # 2017 holds 21 dated studies, 20 of them dated only because Simpson et al. (2017) is the first
    # source to mention them; the 21st is the I-SPY 2 abstract (Yee et al. 2017), a publication.
    peak = d[d["year"] == 2017]
    assert (facts.value("peak_year"), facts.value("n_peak")) == (2017, len(peak)) == (2017, 21)
    assert facts.value("n_peak_earliest") == (peak["year_basis"] == "earliest source").sum() == 20
    assert facts.text("peak_source") == "Simpson et al. 2017"
    # the earliest dated study: the figitumumab phase I of Haluska et al. 2007
    assert facts["first_study"].citations() == ["haluska2007cp751871"]
    # 2012 (Gombos et al.), 2017 (Simpson et al.) and 2018 (Yee) are the years dominated by source dates
    assert facts.text("source_heavy_years") == "2012, 2017 and 2018"


def test_phase_iii_trials_are_listed_with_their_partners(facts):
    # the figitumumab phase III trials in NSCLC are told apart by their partner drugs
    listed = facts.text("phase3_list")
    for partner in ("with carboplatin and paclitaxel", "with erlotinib", "with cisplatin and gemcitabine"):
        assert f"figitumumab {partner} in NSCLC" in listed
    assert "scagliotti2015figitumumab" in facts["phase3_list"].citations()


# --------------------------------------------------------------------------- the sample error


def test_a_source_dated_study_is_cited_to_the_article_that_dates_it():
    # BMS-754807 with letrozole: its source column is Yee (2018), but it is dated 2017 because
    # Simpson et al. (2017) mention it first; the date must be cited to Simpson et al.
    t = tables()
    row = t.row("studies", "bms754807-letrozole-bc")
    assert (row.value("source"), row.value("year"), row.value("year_basis")) == ("yee2018fortyyears", 2017,
                                                                                 "earliest source")
    assert evidence.dated_by(t, "bms754807-letrozole-bc").cite == ("simpson2017igf",)


def test_a_source_year_without_a_source_article_stops_the_build():
    # no source article appeared in 2016: a study "dated by its earliest source" in 2016 is an error
    t = edit("studies", "xentuzumab-abemaciclib-bc", year=2016)
    with pytest.raises(ValueError, match="xentuzumab-abemaciclib-bc.*2016"):
        timeline.facts(t)


def test_dating_more_studies_by_publication_changes_the_sentence():
    t = edit("studies", "dusigitumab-ph1-us", year_basis="primary publication", primary_ref="iguchi2015medi573")
    f = timeline.facts(t)
    assert f.value("n_peak_earliest") == 19 and f.value("n_primary") == timeline.facts().value("n_primary") + 1


# --------------------------------------------------------------------------- drift: every claim

MOVE = ["bms754807-cp-ph1-2", "bms754807-trastuzumab-bc", "kw2450-lapatinib-letrozole-ph1", "kw2450-ph1",
        "ganitumab-panitumumab-crc-ph1b-2", "linsitinib-everolimus-crc-ph1b", "cixutumumab-adt-prostate",
        "cixutumumab-everolimus-octreotide-net-ph1", "istiratumab-pancreas-ph2", "linsitinib-erlotinib-nsclc-ph2",
        "cixutumumab-temsirolimus-peds-sarcoma-ph2"]

DRIFT = {
    "first-study-unique": ("studies", {"sarc-r1507-ewing": {"year": 2007}}),
    # five source-dated 2017 studies moved to 2012, and one 2015 publication too: 2012 and 2017 tie at 16
    "peak-unique": ("studies", {**{s: {"year": 2012} for s in MOVE[:5]}, "dalotuzumab-ridaforolimus-ph1": {"year": 2012}}),
    # eleven 2017 studies given a publication of their own: most of 2017 is no longer source-dated
    "peak-mostly-source-dated": ("studies", {s: {"year_basis": "primary publication", "primary_ref": "simpson2017igf"}
                                             for s in MOVE}),
    "sarcoma-dated-by-publication": ("studies", {"sarc-r1507-ewing": {"year": 2012, "year_basis": "earliest source"}}),
    "ligand-alone-phase-i": ("studies", {"xentuzumab-ph1-uk": {"phase": "II"}}),
    "ligand-after-phase3": ("studies", {"dusigitumab-ph1-japan": {"year": 2010}}),
    "order-of-phases": ("studies", {"dusigitumab-ph1-japan": {"year": 2010}}),
    # four studies dated by a source in 2016, a year in which no source article appeared
    "source-heavy-years-are-review-years": ("studies", {s: {"year": 2016} for s in MOVE[:4]}),
    "last-ongoing-in-development": ("agents", {"istiratumab": {"status": "not stated", "status_source": None}}),
}


def test_every_claim_has_a_drift_test(facts):
    assert set(DRIFT) == set(facts.claims)


@pytest.mark.parametrize("claim", sorted(DRIFT))
def test_a_maintainer_s_edit_falsifies_the_claim(claim):
    table, changes = DRIFT[claim]
    f = timeline.facts(edit_rows(table, changes))
    assert claim in failed(f)
    with pytest.raises(ClaimError, match=claim):
        f.check()


# --------------------------------------------------------------------------- the chapter's pages


def test_the_figure_table_shows_titles_and_labels_not_slugs(monkeypatch):
    monkeypatch.setattr(igfbook.tables, "STRICT", True)
    t = timeline.load()
    _, shown = timeline.figure(t)
    igfbook.tables.for_readers(shown)
    ids = set(t.studies["study_id"])
    cells = {c for v in shown["study titles"] for c in v.split("; ") if c}
    assert cells and not cells & ids and cells <= set(t.studies["title"])
    assert not shown["dated by"].str.contains(r"\d{4}[a-z]", regex=True).any()  # no citation keys
    assert shown["studies"].sum() == len(t.studies[t.studies["year"].notna()].explode("agent_ids"))


def test_the_exercise_of_last_records_matches_the_chapter_s_code():
    t = timeline.load()
    last = timeline.last_records(t)
    assert sorted(last[last["last_status"] == "ongoing"].index) == ["dusigitumab", "istiratumab", "xentuzumab"]
    assert isinstance(last, pd.DataFrame)


def test_the_chapter_uses_only_facts():
    text = CHAPTER.read_text()
    assert "glue:text" not in text and "{fact}`n_peak_earliest`" in text
