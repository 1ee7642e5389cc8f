"""The signalling chapter's facts: the network of table ``signalling`` against Gombos et al.
Fig. 1 and Simpson et al. §1.2 and §4.3.2, with drift tests for every claim."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import igfbook.tables
from igfbook import tables
from igfbook.facts import signalling

from tests.book.drift import edit, failed, tables as drift_tables
from tests.book.prose_numbers import typed_numbers

CHAPTER = Path(__file__).resolve().parents[2] / "book" / "signalling.md"


@pytest.fixture(scope="module")
def facts():
    return signalling.facts()


def test_every_claim_holds_for_the_shipped_data(facts):
    assert failed(facts) == set()


def test_the_brakes_are_gombos_list(facts):
    # Gombos Fig. 1 legend: mTORC1, S6K, JNK and ERKs "induce IRS1 degradation" — four
    # brakes, one target. The book had left mTORC1 out.
    assert set(facts.text("brake_sources").replace(" and ", ", ").split(", ")) == {"mTORC1", "S6K", "JNK", "ERK"}
    assert facts.text("brake_target") == "IRS-1"
    # 4 brakes + Simpson §4.3.2's two feedback-relief edges (Akt ⊣ FOXO, FOXO → IGF-1R) = 6.
    assert facts.value("n_feedback") == 6
    assert facts.text("mtor_brakes") == "S6K and mTORC1"


def test_the_figure_cites_both_articles(facts):
    assert set(facts["pathway"].citations()) == {"gombos2012crossroad", "simpson2017igf"}


def test_no_number_is_typed_in_the_prose():
    assert typed_numbers(CHAPTER) == []


# --------------------------------------------------------------------------- drift


def test_a_brake_on_another_node_breaks_the_single_target():
    f = signalling.facts(edit("signalling", "jnk-irs1", downstream="Shc"))
    assert "one-brake-target" in failed(f)
    assert f.text("brake_target") == "IRS-1 and Shc"


def test_removing_the_s6k_brake_breaks_the_mtor_sentence():
    t = drift_tables()
    t.signalling = t.signalling[t.signalling["edge_id"] != "s6k-irs1"]
    assert "mtor-lifts-brake" in failed(signalling.facts(t))


def test_a_foxo_edge_that_is_not_relief_breaks_the_foxo_sentence():
    assert "foxo-relief" in failed(signalling.facts(edit("signalling", "foxo-igf1r", kind="cascade")))


def test_the_mapk_branch_cut_from_cyclin_d_breaks_the_meeting_point():
    assert "branches-meet-at-cyclin-d" in failed(signalling.facts(edit("signalling", "erk-cyclind", downstream="E2F")))


def test_a_new_brake_joins_the_listing():
    t = drift_tables()
    extra = pd.DataFrame([{"edge_id": "akt-irs1", "upstream": "Akt", "downstream": "IRS-1", "effect": "inhibits",
                           "kind": "negative feedback", "branch": "PI3K/Akt/mTOR", "source": "gombos2012crossroad",
                           "locator": "Fig. 1", "notes": pd.NA}])
    t.signalling = pd.concat([t.signalling, extra], ignore_index=True)
    f = signalling.facts(t)
    assert "Akt" in f.text("brake_sources") and f.value("n_feedback") == 7


def test_the_chapter_tables_pass_strict(monkeypatch):
    monkeypatch.setattr(igfbook.tables, "STRICT", True)
    t = signalling.load()
    tables.show(signalling.pathway(t)[1], "pathway-nodes", table="signalling")
    tables.show(signalling.edges_table(t), "pathway-edges", table="signalling")
