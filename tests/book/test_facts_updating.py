"""The worked example of an update: its rows are the tables' own, and its mistake is refused."""

from __future__ import annotations

import pytest

from igfbook.facts import updating

from tests.book.drift import edit, failed, tables as drift_tables


@pytest.fixture(scope="module")
def facts():
    return updating.facts()


def test_every_claim_holds(facts):
    assert failed(facts) == set()


def test_the_rows_are_the_files_text():
    forms = updating.rows(drift_tables())
    # as typed in data/effects.csv: two decimals, the derived interval of the CARRIE abstract's HR
    assert forms["effects"].loc["value", "carrie-pfs"] == "1.88"
    assert forms["effects"].loc["interval", "carrie-pfs"] == "derived 95% confidence interval"
    assert forms["later"].loc["nct", "value"] == "NCT02399137"


def test_the_swapped_interval_is_refused_with_its_row():
    [problem] = updating.mistake()
    assert problem.startswith("data/effects.csv, row ") and problem.endswith("[ordered]")
    assert "low = 3.29 is above value = 1.88" in problem


def test_the_entry_shown_is_the_verified_one():
    assert updating.verification_note().startswith("% verified: pubmed.ncbi.nlm.nih.gov/31912800")
    assert "doi          = {10.1016/j.annonc.2019.09.004}" in updating.entry()


def test_a_row_citing_another_article_falsifies_the_page():
    t = edit("effects", "carrie-pfs-hrg", reported_by="simpson2017igf")
    assert "carrie-rows-cite-its-report" in failed(updating.facts(t))
