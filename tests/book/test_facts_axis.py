"""The axis chapter's facts: who binds whom, checked against Simpson et al. §1.1 and Fig. 1, with
drift tests for every claim."""

from __future__ import annotations

from pathlib import Path

import pytest

import igfbook.tables
from igfbook import tables
from igfbook.facts import axis

from tests.book.drift import edit, failed
from tests.book.prose_numbers import typed_numbers

CHAPTER = Path(__file__).resolve().parents[2] / "book" / "axis.md"


@pytest.fixture(scope="module")
def facts():
    return axis.facts()


def test_every_claim_holds_for_the_shipped_data(facts):
    assert failed(facts) == set()


def test_the_table_is_simpsons_account(facts):
    # Simpson §1.1 and Fig. 1: IGF-1 and IGF-2 bind IGF-1R (2), insulin too (3); INSR-A binds insulin,
    # IGF-2 and, weakly, IGF-1 (6); INSR-B binds insulin (7); the hybrids bind all three (10);
    # IGF-2R binds IGF-2 (11); the binding proteins hold both IGFs (13).
    assert (facts.value("n_interactions"), facts.value("n_ligands"), facts.value("n_partners")) == (13, 3, 6)
    # IGF-2R and the IGFBPs pass on no signal: 13 - 3 = 10 signals, all but insulin → INSR-B for growth.
    assert (facts.value("n_signals"), facts.value("n_growth_signals")) == (10, 9)
    assert facts.text("glucose_signals") == "insulin → INSR-B"
    # IGF-2: IGF-1R, the hybrids, INSR-A, IGF-2R and the IGFBPs = 5; IGF-1 and insulin reach 4 each.
    assert facts.value("n_igf2_partners") == 5
    assert facts.text("igf2_partners") == "IGF-1R, IGF-1R/INSR hybrid, INSR-A, IGF-2R and IGFBPs"


def test_the_binding_protein_counts(facts):
    # Simpson Fig. 1 "IGFBPs 1 to 7"; Yee "Six well-characterized binding proteins"; Chmielowski
    # "6 circulating IGF-binding proteins".
    assert (facts.text("igfbp_simpson"), facts.text("igfbp_others")) == ("seven", "six")
    assert facts["igfbp_others"].citations() == ["yee2018fortyyears", "chmielowski2014editorial"]


def test_no_number_is_typed_in_the_prose():
    assert typed_numbers(CHAPTER) == []


# --------------------------------------------------------------------------- drift


def test_a_second_glucose_signal_breaks_the_one_metabolic_signal():
    f = axis.facts(edit("interactions", "igf1-insr-a", receptor="INSR-B", outcome="glucose metabolism"))
    assert "one-glucose-signal" in failed(f)
    assert f.text("glucose_signals") == "IGF-1 → INSR-B and insulin → INSR-B"


def test_a_signalling_igf2r_breaks_the_sequestration_claim():
    assert "sequestering-partners" in failed(axis.facts(edit("interactions", "igf2-igf2r", outcome="growth and survival")))


def test_igf2_losing_a_partner_breaks_most_partners():
    f = axis.facts(edit("interactions", "igf2-igf2r", ligand="IGF-1"))
    assert "igf2-most-partners" in failed(f)
    assert f.value("n_igf2_partners") == 4


def test_a_weaker_igf2_on_insr_a_breaks_the_equal_affinity():
    assert "insr-a-equal" in failed(axis.facts(edit("interactions", "igf2-insr-a", affinity="lower than the IGFs")))


def test_insulin_as_strong_as_the_igfs_on_igf1r_breaks_the_claim():
    assert "igfs-high-on-igf1r" in failed(axis.facts(edit("interactions", "insulin-igf1r", affinity="high")))


def test_insr_a_without_igf2_breaks_the_exercise_answer():
    f = axis.facts(edit("interactions", "igf2-insr-a", outcome="sequestration (no signal)"))
    assert "igf2-insra-escape" in failed(f)


def test_reworded_binding_protein_counts_break_or_change_the_sentence():
    f = axis.facts(edit("conflicts", "c-igfbp-count", version_c="7 circulating IGF-binding proteins"))
    assert "igfbp-two-counts" in failed(f)
    with pytest.raises(ValueError, match="c-igfbp-count"):
        axis.facts(edit("conflicts", "c-igfbp-count", version_a="seven IGFBPs"))


def test_the_chapter_tables_pass_strict(monkeypatch):
    monkeypatch.setattr(igfbook.tables, "STRICT", True)
    tables.show(axis.network(axis.load())[1], "axis-network-edges", table="interactions")
