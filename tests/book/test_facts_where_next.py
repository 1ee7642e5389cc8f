"""The where-next chapter's facts: counts checked against the sources, claims that fail when the data
stop supporting them (drift), and reader-facing tables."""

from __future__ import annotations

import pytest

import igfbook.tables
from igfbook import tables
from igfbook.facts import where_next

from tests.book.drift import edit, failed, tables as book_tables
from tests.book.prose_numbers import typed_numbers
from tests.helpers import ROOT


@pytest.fixture(scope="module")
def facts():
    return where_next.facts()


def with_cell(table: str, key: str, column: str, value):
    """The book's tables with one cell set to a value pandas would unpack (a tuple, say)."""
    t = book_tables()
    frame = t.frame(table).copy()
    frame.at[frame.index[frame[t.key_of(table)] == key][0], column] = value
    setattr(t, table, frame)
    return t


def test_every_claim_holds_for_the_shipped_data(facts):
    assert failed(facts) == set()


def test_values_are_the_ones_the_sources_support(facts):
    # Simpson et al. §5 names five priority partners; the tables hold no clinical row for immune
    # checkpoint inhibitors (§4.5 is preclinical) or radiotherapy ("no clinical trial has tested this").
    assert facts.text("n_priorities") == "five"
    assert facts.text("untested") == "immune checkpoint inhibitors and radiotherapy"
    # Endocrine clinical rows: BMS-754807 + letrozole (stopped), ganitumab + exemestane/fulvestrant (harm),
    # cixutumumab +/- AI and figitumumab + exemestane (no benefit), dusigitumab + AI and xentuzumab +
    # enzalutamide (pending), cixutumumab + ADT (feasible), NeoBIG (stopped): 8 rows, 3 negative, 0 positive.
    assert (facts.text("endo_clinical"), facts.text("endo_negative"), facts.text("endo_positive")) == ("8", "3", "none")
    # Open trials: istiratumab (Simpson §4.2) and five ligand-antibody trials, four of them with xentuzumab.
    assert (facts.text("n_open"), facts.text("n_open_ligand")) == ("6", "5")
    assert facts.text("open_by_agent") == "4 with xentuzumab and 1 with dusigitumab"
    # Early results (Simpson §4.3.1, §4.4): xentuzumab + afatinib and xentuzumab + exemestane + everolimus.
    assert facts.text("early_partners") == "with afatinib and with exemestane and everolimus"
    # The review's funder as its public record shows it (sources table), and xentuzumab's developer.
    assert facts.text("funder") == "Boehringer Ingelheim"
    assert facts["funder"].citations() == ["simpson2017igf"]


def test_the_chapter_types_no_number_the_data_hold():
    assert typed_numbers(ROOT / "book" / "where-next.md") == []


def test_tables_are_for_readers(monkeypatch):
    monkeypatch.setattr(igfbook.tables, "STRICT", True)
    t = where_next.load()
    for frame, table in ((where_next.priorities(t), None), (where_next.open_table(t), "studies"),
                         (where_next.ties(t), None), (where_next.conditions(t), None),
                         (where_next.radiotherapy(t), "combinations")):
        shown = tables.for_readers(frame, table)
        tables.show(frame, "x", table=table)
        assert not shown.map(lambda v: type(v).__name__ in ("bool", "bool_")).any().any()
        assert not shown.map(lambda v: isinstance(v, tuple)).any().any()
    assert "source" in tables.for_readers(where_next.open_table(t), "studies").columns
    assert not where_next.open_table(t)["source"].str.contains(r"\d{4}[a-z]").any()  # labels, not keys


# --------------------------------------------------------------------------- drift


def test_more_clinical_rows_for_egfr_falsify_endocrine_most():
    t = book_tables()
    c = t.combinations.copy()
    rows = c.index[(c["partner_class"] == "EGFR/HER2") & (c["evidence_level"] == "preclinical")][:3]
    c.loc[rows, "evidence_level"] = "phase II"
    c.loc[rows, "study_id"] = "xentuzumab-afatinib-nsclc-ph1b"
    assert "endocrine-most-clinical" in failed(where_next.facts(book_tables(combinations=c)))


def test_a_negative_ligand_antibody_trial_falsifies_older_drugs():
    t = with_cell("combinations", "clin-cixutumumab-ai-bc", "agent_ids", ("xentuzumab",))
    assert "endocrine-negatives-older-drugs" in failed(where_next.facts(t))


def test_an_odd_result_falsifies_the_rest():
    f = where_next.facts(edit("combinations", "clin-dusigitumab-ai-bc", result="untested rationale"))
    assert "endocrine-rest" in failed(f)


def test_more_endocrine_laboratory_rows_falsify_egfr_broadest():
    t = book_tables()
    c = t.combinations.copy()
    rows = c.index[c["partner_class"].isin(["radiotherapy", "immune checkpoint / CSF-1R"])][:4]
    c.loc[rows, "partner_class"] = "endocrine therapy"
    assert "egfr-broadest" in failed(where_next.facts(book_tables(combinations=c)))


def test_a_negative_egfr_trial_with_a_ligand_antibody_falsifies_other_drugs():
    t = with_cell("combinations", "clin-ganitumab-panitumumab-crc", "agent_ids", ("xentuzumab",))
    assert "egfr-negatives-older-drugs" in failed(where_next.facts(t))


def test_a_reported_cdk_trial_falsifies_pending():
    f = where_next.facts(edit("combinations", "clin-xentuzumab-abemaciclib-bc", result="no added benefit"))
    assert "cdk-pending" in failed(f)


def test_a_second_randomised_open_trial_falsifies_only_the_prostate_trial():
    f = where_next.facts(edit("studies", "dusigitumab-ai-bc-ph2", design="randomised"))
    assert "one-compared" in failed(f)
    assert f.text("n_not_compared") == "4"


def test_reported_xentuzumab_trials_falsify_most():
    t = edit("studies", "xentuzumab-afatinib-nsclc-ph1b", status="reported")
    studies = t.studies.copy()
    studies.loc[studies["study_id"] == "xentuzumab-abemaciclib-bc", "status"] = "reported"
    f = where_next.facts(book_tables(studies=studies))
    assert "xentuzumab-most" in failed(f)
    assert f.text("n_open") == "4"


def test_another_developer_falsifies_the_funder_tie():
    assert "funder-develops-xentuzumab" in failed(where_next.facts(edit("agents", "xentuzumab", sponsor="Pfizer")))


def test_a_positive_ispy_result_falsifies_the_negative_adaptive_trial():
    f = where_next.facts(edit("combinations", "clin-ispy2-ganitumab-metformin", result="enhanced activity"))
    assert "ispy-reported-negative" in failed(f)


def test_a_marker_selected_comparison_falsifies_none_meets_both():
    f = where_next.facts(edit("studies", "xentuzumab-enzalutamide-crpc-ph1b-2", setting="IGF-1 high required"))
    assert {"none-meets-both", "no-open-marker"} <= failed(f)
    assert f.text("n_open_selected") == "1"


def test_recorded_designs_falsify_mostly_unrecorded():
    t = book_tables()
    studies = t.studies.copy()
    studies.loc[studies["status"].isin(["ongoing", "planned"]), "design"] = "single-arm"
    f = where_next.facts(book_tables(studies=studies))
    assert "design-mostly-unrecorded" in failed(f)


def test_an_open_ligand_trial_that_becomes_a_receptor_antibody_trial_changes_the_priorities():
    t = with_cell("combinations", "clin-xentuzumab-afatinib-nsclc", "agent_ids", ("istiratumab",))
    f = where_next.facts(t)
    assert "EGFR" not in f.text("with_trial")
    assert f.text("n_with_trial") == "two"


def test_a_clinical_immune_row_changes_the_untested_priorities():
    t = edit("combinations", "imm-csf1r-glioma", evidence_level="phase I", study_id="cixutumumab-adt-prostate")
    assert where_next.facts(t).text("untested") == "radiotherapy"
