"""The later-trials chapter: the verified records' numbers, the derived interval, and drift."""

from __future__ import annotations

import math

import pytest

from igfbook import safety
from igfbook.facts import later

from tests.book.drift import edit, failed, tables as drift_tables


@pytest.fixture(scope="module")
def facts():
    return later.facts()


def test_every_claim_holds_for_the_shipped_data(facts):
    assert failed(facts) == set()


def test_numbers_are_the_verified_abstracts(facts):
    # Kundranda et al. 2020 (PubMed 31912800): 88 randomised with high free IGF-1; median PFS 3.6 v
    # 7.3 months, HR 1.88, P = 0.027.
    assert [facts.text(n) for n in ("carrie_n", "carrie_pfs_exp", "carrie_pfs_ctl", "carrie_p")] == \
        ["88", "3.6", "7.3", "0.027"]
    # Schmid et al. 2023 (PubMed 37308971): 103 randomised; PFS by independent review 12.7 v 11.0
    # months, HR 1.19 (95% CI 0.55-2.59).
    assert [facts.text(n) for n in ("xenera_n", "xenera_pfs_exp", "xenera_pfs_ctl", "xenera_hr")] == \
        ["103", "12.7", "11", "1.19 (95% CI 0.55–2.59)"]
    # Schmid et al. 2021: 140 in the randomised phase II, HR 0.97 (0.57-1.65).
    assert (facts.text("xen_ph2_n"), facts.text("xen_ph2_hr")) == ("140", "0.97 (95% CI 0.57–1.65)")
    # DuBois et al. 2023 (PubMed 36669140): 298 eligible, EFS HR 1.00 (0.76-1.33), one-sided P = .50.
    assert (facts.text("aews_n"), facts.text("aews_hr"), facts.text("aews_p")) == \
        ("298", "1.00 (95% CI 0.76–1.33)", "0.50")


def test_the_derived_interval_follows_from_the_hazard_ratio_and_p():
    # SE(log HR) = log(1.88) / z(0.0135) = 0.6313 / 2.2115 = 0.2855; 0.6313 ± 1.96 × 0.2855 gives
    # exp(0.0718) = 1.07 and exp(1.1908) = 3.29.
    low, high = safety.derived_interval(1.88, 0.027)
    assert (round(low, 2), round(high, 2)) == (1.07, 3.29)
    assert math.isclose(math.log(low) + math.log(high), 2 * math.log(1.88))   # symmetric on the log scale


DRIFT = {
    "carrie-interval-derived": ("effects", "carrie-pfs", {"high": 2.9}),
    "carrie-worse": ("effects", "carrie-pfs", {"low": 0.95}),
    "aews-one-sided": ("effects", "aews1221-efs", {"p_sided": "two-sided"}),
    "none-better": ("later", "aews1221-ganitumab-ewing", {"answer": "better with the IGF drug"}),
    "ligand-none-better": ("later", "xenera1-xentuzumab-breast", {"answer": "better with the IGF drug"}),
    "xenera-from-ph2-subgroup": ("later", "xenera1-xentuzumab-breast", {"selection": "visceral disease"}),
    "all-randomised": ("later", "carrie-istiratumab-pancreas", {"design": "single-arm"}),
    "all-after": ("later", "carrie-istiratumab-pancreas", {"source": "simpson2017igf"}),
}


@pytest.mark.parametrize("claim", sorted(DRIFT))
def test_a_maintainer_s_edit_falsifies_the_claim(claim):
    table, key, cells = DRIFT[claim]
    assert claim in failed(later.facts(edit(table, key, **cells)))


def test_a_later_trial_without_a_comparison_is_caught():
    # the chapter reads the trial's comparison by key: removing it stops the build naming it
    t = drift_tables()
    t.effects = t.effects[t.effects["later_id"] != "aews1221-ganitumab-ewing"]
    with pytest.raises(KeyError, match="table effects has no row 'aews1221-efs'"):
        later.facts(t)


def test_a_question_asked_in_a_chapter_without_a_link_here_is_caught():
    # the cancer chapter does not link to the later trials
    t = edit("later", "aews1221-ganitumab-ewing", chapter="cancer")
    assert "askers-link-here" in failed(later.facts(t))


def test_reader_table_names_the_asking_chapter_by_title():
    shown = later.trials_table(drift_tables())
    assert "Sarcoma and the Ewing exception" in set(shown["question asked in"])
    assert not any(c.endswith("_id") for c in shown.columns)


def test_no_number_is_typed_in_the_prose():
    from pathlib import Path

    from tests.book.prose_numbers import typed_numbers

    assert typed_numbers(Path(__file__).resolve().parents[2] / "book" / "later.md") == []


def test_tables_pass_strict(monkeypatch):
    import igfbook.tables

    monkeypatch.setattr(igfbook.tables, "STRICT", True)
    igfbook.tables.show(later.trials_table(drift_tables()), "later-trials", table="later")
