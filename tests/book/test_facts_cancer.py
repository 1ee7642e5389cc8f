"""The cancer chapter's facts: Simpson et al.'s Ewing summary, the backbone review's funding and
the first exercise's answer, with drift tests for every claim."""

from __future__ import annotations

from pathlib import Path

import pytest

from igfbook.facts import cancer

from tests.book.drift import edit, failed, tables as drift_tables
from tests.book.prose_numbers import typed_numbers

CHAPTER = Path(__file__).resolve().parents[2] / "book" / "cancer.md"


@pytest.fixture(scope="module")
def facts():
    return cancer.facts()


def test_every_claim_holds_for_the_shipped_data(facts):
    assert failed(facts) == set()


def test_values_are_the_sources(facts):
    # Simpson §3.1: "evidence of activity in approximately 10% of patients" with Ewing sarcoma.
    assert facts.text("simpson_ewing") == "10%"
    assert facts["simpson_ewing"].citations() == ["simpson2017igf"]
    # The OUCI record of Simpson et al. names the funder; Chmielowski (p. 2384) the developer of
    # BI836845.
    assert facts.text("simpson_funder") == facts.text("xentuzumab_sponsor") == "Boehringer Ingelheim"


def test_the_exercise_answer(facts):
    # A tumour with mostly INSR-A, under an anti-IGF-1R antibody: IGF-1, IGF-2 and insulin all
    # still reach INSR-A (Simpson §2.1); a ligand antibody blocks the two IGFs (§2.3); the kinase
    # inhibitors block all three (§2.2), and INSR-B with them.
    assert facts.text("insra_open") == "IGF-1 → INSR-A, IGF-2 → INSR-A and insulin → INSR-A"
    assert facts.text("insra_lig_blocked") == "IGF-1 → INSR-A and IGF-2 → INSR-A"
    assert facts.text("insra_best_class") == "IGF-1R kinase inhibitors"


def test_the_chapter_claims_no_stake_beyond_the_record():
    # Sample error: "the review has a commercial stake" went beyond a funder named in a record.
    text = CHAPTER.read_text(encoding="utf-8").lower()
    for phrase in ("stake", "commercial interest", "the authors have", "conflict of interest"):
        assert phrase not in text, phrase


def test_the_funding_sentence_is_checked():
    text = CHAPTER.read_text(encoding="utf-8")
    sentence = text[text.index("names {fact}`simpson_funder`"):]
    assert "{claim}`funder-develops-xentuzumab`" in sentence[:sentence.index(". ")]


def test_no_number_is_typed_in_the_prose():
    assert typed_numbers(CHAPTER) == []


# --------------------------------------------------------------------------- drift


def test_another_developer_breaks_the_funding_sentence():
    assert "funder-develops-xentuzumab" in failed(cancer.facts(edit("agents", "xentuzumab", sponsor="Amgen")))


def test_a_reworded_funding_cell_changes_the_sentence():
    t = drift_tables()
    src = t.sources.copy()
    src.loc[src["key"] == "simpson2017igf", "funding"] = "Boehringer Ingelheim Pharma (named in the record)"
    t.sources = src
    f = cancer.facts(t)
    assert f.text("simpson_funder") == "Boehringer Ingelheim Pharma"
    assert "funder-develops-xentuzumab" in failed(f)


def test_ceritinib_among_the_kinase_inhibitors_breaks_the_exercise_answer():
    # the sample error of the agents table: 7 of 8 kinase inhibitors would block INSR-A
    f = cancer.facts(edit("agents", "ceritinib", agent_class="IGF-1R kinase inhibitor"))
    assert {"one-class-blocks-most", "tki-costs-glucose"} <= failed(f)


def test_an_antibody_that_reaches_insr_a_breaks_the_open_signals():
    t = drift_tables()
    frame = t.agents.copy()
    frame.at[frame.index[frame["agent_id"] == "ganitumab"][0], "targets"] = ("IGF-1R", "INSR-A")
    t.agents = frame
    assert "mab-leaves-insra-open" in failed(cancer.facts(t))


def test_a_reworded_ewing_summary_stops_the_build():
    with pytest.raises(ValueError, match="c-ewing-activity-summary"):
        cancer.facts(edit("conflicts", "c-ewing-activity-summary", version_a="activity in about one patient in ten"))
