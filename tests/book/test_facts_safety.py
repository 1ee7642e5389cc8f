"""The safety chapter's facts and the adverse-events table: values against the sources, the class
grid, and claims that fail when a maintainer's edit stops supporting them (drift)."""

from __future__ import annotations

import pandas as pd
import pytest

from igfbook import safety
from igfbook.facts import safety as chapter

from tests.book.drift import edit, failed, tables as drift_tables


@pytest.fixture(scope="module")
def facts():
    return chapter.facts()


def test_every_claim_holds_for_the_shipped_data(facts):
    assert failed(facts) == set()


def test_numbers_are_the_sources(facts):
    # Gombos et al., IGF-1R pathway: hyperglycaemia in up to 20% of patients, fatigue 8-14%,
    # lymphocyte counts fell in 7% with CP-751,871 (figitumumab); lung cancer: cardiac toxicity
    # 3% v 1.2%. Scagliotti et al. 2015 (abstract, verified): non-fatal treatment-related serious
    # adverse events 18% v 5% with figitumumab and erlotinib.
    assert [facts.text(n) for n in ("hyper_rate", "fatigue_rate", "lymphocyte_rate", "cardiac_exp", "cardiac_ctl",
                                    "sae_exp", "sae_ctl")] == ["up to 20%", "8–14%", "7%", "3%", "1.2%", "18%", "5%"]
    # The sources stop with Yee 2018.
    assert facts.value("evidence_year") == 2018


def test_the_dose_limiting_toxicities_are_named_with_their_drug_and_class(facts):
    # Gombos: grade 3 thrombocytopenia dose-limiting at 20 mg/kg of AMG 479 (ganitumab); Simpson
    # §4.4: KW-2450's dose-limiting hyperglycaemia and rash.
    assert facts.text("dlt_list") == ("thrombocytopenia with ganitumab (a receptor antibody), hyperglycaemia with "
                                      "KW-2450 (a kinase inhibitor) and rash with KW-2450 (a kinase inhibitor)")


def test_the_grid_separates_the_classes():
    g = safety.harm_grid(drift_tables())
    assert g.loc["thrombocytopenia", "receptor antibodies"] == "dose-limiting"
    assert g.loc["hyperglycaemia", "kinase inhibitors"] == "dose-limiting"
    assert g.loc["treatment-related deaths", "receptor antibodies"] == "fatal"
    # the only statement about a ligand antibody's glucose effect is the funded review's expectation
    assert g.loc["hyperglycaemia", "ligand antibodies"] == "reported"
    assert g.loc["overall tolerability", "ligand antibodies"] == "similar to control"   # XENERA-1
    assert g.loc["thrombocytopenia", "ligand antibodies"] == ""


def test_a_statement_naming_agents_of_two_classes_is_refused():
    t = drift_tables()
    ae = t.adverse_events.copy()
    row = ae.index[ae["ae_id"] == "thrombocytopenia-ganitumab-gombos"][0]
    ae.at[row, "agent_ids"] = ("ganitumab", "linsitinib")
    t.adverse_events = ae
    with pytest.raises(ValueError, match="several classes"):
        safety.harms(t)


DRIFT = {
    # a ligand-antibody hyperglycaemia rate is reported: the sentence "no rate" must stop the build
    "ligand-hyperglycaemia-unmeasured": ("hyperglycaemia-ligand-simpson", {"value": 5.0, "unit": "%"}),
    "kw2450-dose-limiting": ("hyperglycaemia-kw2450-simpson", {"grade": "not stated"}),
    "xenera-similar": ("tolerability-xenera1", {"compared": "more than control"}),
    "ispy2-hyperglycaemia-despite-metformin": ("hyperglycaemia-ispy2-final", {"compared": pd.NA}),
    # an excess of harm in a single-agent study: "every excess was with a combination" no longer holds
    "excess-in-combinations": ("thrombocytopenia-ganitumab-gombos", {"compared": "more than control"}),
    "no-ligand-dlt": ("tolerability-xentuzumab-simpson", {"grade": "dose-limiting"}),
}


@pytest.mark.parametrize("claim", sorted(DRIFT))
def test_a_maintainer_s_edit_falsifies_the_claim(claim):
    key, cells = DRIFT[claim]
    assert claim in failed(chapter.facts(edit("adverse_events", key, **cells)))


def test_more_rates_would_falsify_few_rates():
    t = drift_tables()
    ae = t.adverse_events.copy()
    ae.loc[ae["value"].isna(), ["value", "unit"]] = [10.0, "%"]
    assert "few-rates" in failed(chapter.facts(drift_tables(adverse_events=ae)))


def test_the_editorial_conflict_must_stay_resolved_against_it():
    t = edit("conflicts", "c-toxicity-claim", resolution="The book repeats the editorial's claim.")
    assert "editorial-conflict-recorded" in failed(chapter.facts(t))


def test_reader_table_has_no_keys_and_every_statement():
    t = drift_tables()
    shown = chapter.statements(t)
    assert len(shown) == len(t.adverse_events)
    assert not any(c.endswith("_id") for c in shown.columns)
    assert "Gombos et al. 2012" in set(shown["reported by"])


def test_no_number_is_typed_in_the_prose():
    from pathlib import Path

    from tests.book.prose_numbers import typed_numbers

    assert typed_numbers(Path(__file__).resolve().parents[2] / "book" / "safety.md") == []


def test_tables_pass_strict(monkeypatch):
    import igfbook.tables

    monkeypatch.setattr(igfbook.tables, "STRICT", True)
    t = drift_tables()
    chapter.statements_table(t)
    igfbook.tables.show(chapter.grid(t)[1], "safety-grid")
