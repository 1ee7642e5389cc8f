"""The why-combine chapter's facts: values checked against the crosstalk table and the sources, and
claims that fail when a maintainer's edit stops supporting them (drift)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

import igfbook.tables
from igfbook import combos, data, tables
from igfbook.facts import why_combine

from tests.book.drift import edit, failed, tables as drift_tables
from tests.book.prose_numbers import typed_numbers

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def facts():
    return why_combine.facts()


def _csv(name):
    with open(ROOT / "data" / f"{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_claim_holds_for_the_shipped_data(facts):
    assert failed(facts) == set()


def test_counts_are_those_of_the_crosstalk_file(facts):
    rows = _csv("crosstalk")
    # counted straight from the CSV, independently of the loaders
    assert facts.value("n_statements") == len(rows)
    assert facts.value("n_partners") == len({r["partner"] for r in rows})
    assert facts.value("n_articles") == 4  # Simpson, Gombos, Yee and Chmielowski all name a partner
    assert facts.value("n_simpson") == sum(r["source"] == "simpson2017igf" for r in rows)
    by = Counter(r["consequence"] for r in rows)
    assert facts.value("n_partner_resistance") == by["resistance to the partner's inhibitor"]
    assert facts.value("n_igf_resistance") == by["resistance to IGF-1R inhibition"]


def test_the_insulin_receptor_statements(facts):
    # Simpson §1.2 (INSR takes over), §2.1/§3.1 (IGF-2 on INSR-A), §3.1 (stem cells); Gombos
    # (speculated compensation); Yee (hyperinsulinaemia; insulin drives growth); Chmielowski
    # (serum insulin rises): 3 + 1 + 2 + 1 = 7 statements from all four articles, 5 of them
    # escape from IGF-1R inhibition (all but the stem-cell and the insulin-drives-growth ones).
    assert (facts.text("n_insr"), facts.text("n_insr_articles"), facts.text("n_insr_escape")) == ("7", "4", "5")


def test_gombos_wrote_five_years_before_simpson(facts):
    # Gombos et al. 2012, Simpson et al. 2017
    assert facts.text("years_earlier") == "five"


def test_the_list_entries_leave_only_named_partners(facts):
    # VEGFR, cMET and PDGFR appear only in Simpson's §3.1 and §4.3.1 lists and Fig. 4; FGFR only in
    # Fig. 4; PR only in §3.1 and Fig. 4.
    assert set(why_combine.only_listed(data.tables())) == {"VEGFR", "cMET", "PDGFR", "FGFR", "PR"}
    # EGFR keeps 8 specific statements and INSR all 7 (none of them is a list entry)
    assert facts.text("top_specific").startswith("EGFR (8), INSR (7)")


def test_ties_are_kept_in_the_rankings(facts):
    # HER2 and ER tie on 8 statements each for second place behind EGFR's 11
    assert facts.text("top_partners") == "EGFR (11), ER (8) and HER2 (8)"


def test_tables_pass_strict(monkeypatch):
    monkeypatch.setattr(igfbook.tables, "STRICT", True)
    t = data.tables()
    tables.show(why_combine.summary(t), "crosstalk-partners")
    ct = t.crosstalk
    tables.show(ct[["relation", "context", "locator"]], "ex", table="crosstalk")
    tables.show(t.combinations[["partners", "model", "evidence_level", "result"]], "ex", table="combinations")


def test_no_number_is_typed_in_the_prose():
    assert typed_numbers(ROOT / "book" / "why-combine.md") == []


# --------------------------------------------------------------------------- drift


def _with_partner(edge_ids, partner):
    t = drift_tables()
    ct = t.crosstalk.copy()
    ct.loc[ct["edge_id"].isin(edge_ids), "partner"] = partner
    t.crosstalk = ct
    return t


def test_an_article_that_stops_naming_the_insulin_receptor_falsifies_every_article():
    t = edit("crosstalk", "chmielowski-insr-rescue", partner="ER")
    assert "insr-every-article" in failed(why_combine.facts(t))


def test_insr_losing_statements_no_longer_moves_up_beside_egfr():
    t = _with_partner(["yee-insr-drives-growth", "gombos-insr-compensation"], "ER")
    assert "insr-moves-up-beside-egfr" in failed(why_combine.facts(t))


def test_recasting_receptors_as_other_falsifies_most_partners_rtk():
    t = drift_tables()
    ct = t.crosstalk.copy()
    ct.loc[ct["partner"].isin(["VEGFR", "cMET", "PDGFR", "FGFR", "ALK"]), "partner_type"] = "other"
    t.crosstalk = ct
    assert "most-partners-rtk" in failed(why_combine.facts(t))


def test_escape_statements_moved_away_from_insr_falsify_insr_leads():
    t = drift_tables()
    ct = t.crosstalk.copy()
    ct.loc[ct["partner"] == "INSR", "consequence"] = "tumour growth"
    t.crosstalk = ct
    assert "insr-leads-escape" in failed(why_combine.facts(t))


def test_a_specific_statement_about_pdgfr_changes_the_listed_partners():
    t = edit("crosstalk", "simpson-431-pdgfr", context="Blocking PDGFR in a glioma model raised IGF-1R.")
    f = why_combine.facts(t)
    assert "PDGFR" not in f.text("only_listed")
    assert f.text("n_listed") != why_combine.facts().text("n_listed")
