"""The monotherapy chapter's facts: values checked against the sources, claims that fail when the
data stop supporting them (drift), and the chapter's tables as readers see them."""

from __future__ import annotations

from pathlib import Path

import pytest

import igfbook.tables
from databook.facts import ClaimError
from igfbook import evidence
from igfbook.facts import monotherapy

from tests.book.drift import edit, failed, tables

CHAPTER = Path(__file__).resolve().parents[2] / "book" / "monotherapy.md"


def edit_rows(table: str, changes: dict[str, dict]):
    """The book's tables with several rows of one table edited (``{key: {column: value}}``)."""
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
    return monotherapy.facts()


def test_every_claim_holds_for_the_shipped_data(facts):
    assert failed(facts) == set()


def test_values_are_the_ones_the_sources_print(facts):
    # Juergens et al. (abstract): 15 partial responses among 106 evaluable Ewing patients = 14.2%,
    # the highest single-agent rate; Clopper-Pearson 95% interval of 15/106 is 8.1-22.3%.
    assert facts.text("best_rate") == "14.2%"
    assert "15 of 106; 95% CI 8.1–22.3%" in facts.text("best_what")
    # Simpson et al. §2.3: xentuzumab, 1 confirmed PR in 9 patients at the RP2D (Japan): 0.3-48.2%,
    # the widest interval of any cohort with counts; and 2 PR of 48 in the Asian study.
    assert facts.text("wide_ci") == "0.3–48.2%"
    assert (facts.text("xjapan_counts"), facts.text("xasia_counts")) == ("1 of 9", "2 of 48")
    # Chmielowski p. 2385: cixutumumab 0.2% in 113 patients; one responder would be 1/113 = 0.9%.
    assert (facts.text("cixu_patients"), facts.text("cixu_stated"), facts.text("cixu_one")) == ("113", "0.2%", "0.9%")
    # Chmielowski pp. 2384-2385: R1507 in other sarcomas, 4 responders of 163, median response 12 weeks.
    assert (facts.text("r1507_sts_counts"), facts.text("r1507_sts_dor")) == ("4 of 163", "12")
    # Simpson et al. §2.3: dusigitumab, stable disease in 13 of 39 (US) and 4 of 10 (Japan).
    assert (facts.text("dus_us_sd"), facts.text("dus_jp_sd")) == ("13 of 39", "4 of 10")
    # Gombos et al. (ACC section): 4 of 14 figitumumab patients with shrinkage short of a partial response.
    assert facts.text("acc_shrink") == "4 of 14"
    # Simpson et al. §3.1: "approximately 10%" in Ewing sarcoma; the pool of the sarcoma chapter
    # (10/111, 15/106, 2/35, 6/84) is about 10% with an interval that contains it.
    assert facts.text("simpson_ewing") == "10%" and facts.text("pooled_k") == "four"
    # Simpson et al. §3.1: the receptors of the redundancy argument.
    assert facts.text("rtk_partners") == "EGFR, HER2, VEGFR, cMET, PDGFR and ALK"
    assert facts.text("steroid_partners") == "AR, ER and PR"
    # Exact interval of k/9 excludes 10% first at k = 4 (lower limit 13.7%); 3/9 gives 7.5%.
    assert facts.text("xjapan_needed") == "four" and facts.text("xjapan_needed_ci") == "13.7–78.8%"
    assert facts.text("xjapan_excluded") == "10%"     # the rate the exercise and its answer name
    # 15/106 - 15/107 = 0.13 percentage points.
    assert facts.text("figi_rate_diff") == "0.1"


# --------------------------------------------------------------------------- the sample errors


def test_the_lowest_rate_lists_every_tied_cohort_and_cites_their_rows(facts):
    # Three cohorts have no responder: dusigitumab in Japan (0/10, Simpson et al.), figitumumab in
    # ACC (0/14, Gombos et al.) and robatumumab in unresectable osteosarcoma (0/29, Anderson et al.).
    assert facts.text("low_rate") == "0.0%"
    assert facts.text("low_what_n") == "three cohorts"
    assert set(facts.value("low_what")) == {"dusigitumab-ph1-japan-simpson", "figitumumab-acc-ph1-gombos",
                                            "robatumumab-osteo-ewing-ph2-osteo-unresectable"}
    assert set(facts["low_what"].citations()) == {"simpson2017igf", "gombos2012crossroad", "anderson2016robatumumab"}
    # the old prose cited Chmielowski for the lowest rate: none of the tied rows comes from him
    assert "chmielowski2014editorial" not in facts["low_what"].citations()


def test_breaking_the_tie_changes_the_cohorts_and_their_citation():
    t = edit_rows("arms", {"dusigitumab-ph1-japan-simpson": {"responders": 1, "pr": 1},
                           "robatumumab-osteo-ewing-ph2-osteo-unresectable": {"responders": 1}})
    f = monotherapy.facts(t)
    assert f.value("low_what") == ("figitumumab-acc-ph1-gombos",)
    assert f.text("low_what").startswith("that of the phase I expansion cohort of figitumumab")
    assert f["low_what"].citations() == ["gombos2012crossroad"]


def test_the_figitumumab_phase_i_sarcoma_cohort_is_the_publication_s_row(facts):
    # Olmos et al. 2010 (and Gombos Table 1): 8 stable diseases; Gombos's text row (7) is not used.
    t = tables()
    rates = monotherapy.rates(t).set_index("arm_id")
    assert "figitumumab-sarcoma-ph1-olmos2010" in rates.index
    assert "figitumumab-sarcoma-ph1-gombos-text" not in rates.index
    assert rates.loc["figitumumab-sarcoma-ph1-olmos2010", "reported_by"] == "olmos2010figitumumab"
    read = {s.key for fact in facts.facts.values() for s in fact.sources if s.table == "arms"}
    assert "figitumumab-sarcoma-ph1-gombos-text" not in read


def test_every_glued_number_cites_the_rows_it_was_read_from(facts):
    assert facts["best_what"].citations() == ["juergens2011figitumumab"]
    assert facts["robat_counts"].citations() == ["anderson2016robatumumab"]
    assert facts["cixu_stated"].citations() == ["chmielowski2014editorial"]
    assert facts["wide_what"].citations() == ["simpson2017igf"]


# --------------------------------------------------------------------------- drift: every claim

DRIFT = {
    # three more single-agent studies in lung cancer: no longer "almost only" combinations
    "common-mostly-combined": ("studies", {"dusigitumab-ph1-us": {"tumour_group": "lung"},
                                           "xentuzumab-ph1-uk": {"tumour_group": "lung"},
                                           "kw2450-ph1": {"tumour_group": "lung"}}),
    "most-sarcoma-or-mixed": ("studies", {s: {"tumour_group": "other"} for s in (
        "ganitumab-ph1", "dusigitumab-ph1-us", "dusigitumab-ph1-japan", "xentuzumab-ph1-uk", "xentuzumab-ph1-asia",
        "xentuzumab-ph1-japan", "dalotuzumab-ph1")}),
    "best-is-ewing": ("arms", {"xentuzumab-ph1-japan-simpson": {"pr": 5, "responders": 5}}),
    "simpson-within-pool": ("conflicts", {"c-ewing-activity-summary": {"version_a": "activity in approximately 25% of patients"}}),
    "cixu-rate-impossible": ("arms", {"cixutumumab-sarcoma-ph2-chmielowski": {"orr_pct": 0.9}}),
    "cixu-not-drawn": ("arms", {"cixutumumab-sarcoma-ph2-chmielowski": {"responders": 0}}),
    "ganitumab-no-denominator": ("arms", {"ganitumab-ph1-ewing": {"patients": 8}}),
    "ganitumab-one-pr-each": ("arms", {"ganitumab-eft-dsrct-ph2-eft": {"pr": 2, "responders": 2}}),
    # a maintainer stops using the trial report's row (its counts would no longer be drawn)
    "robatumumab-drawn": ("arms", {"robatumumab-osteo-ewing-ph2-ewing-anderson2016": {"use": False}}),
    "dusigitumab-us-not-drawn": ("arms", {"dusigitumab-ph1-us-simpson": {"responders": 0}}),
    "dusigitumab-japan-zero": ("arms", {"dusigitumab-ph1-japan-simpson": {"responders": 1, "pr": 1}}),
    "breast-activity-not-drawn": ("arms", {"ave1642-ph1-breast": {"responders": 2, "patients": 5}}),
    "acc-drawn-zero": ("arms", {"figitumumab-acc-ph1-gombos": {"responders": 1}}),
    "outside-sarcoma-ligand-phase-i": ("arms", {"figitumumab-acc-ph1-gombos": {"responders": 1}}),
    "xentuzumab-outside": ("arms", {"xentuzumab-ph1-asia-simpson": {"pr": 0, "responders": 0}}),
    "funder-makes-ligand-antibody": ("agents", {"xentuzumab": {"sponsor": "another company"}}),
    "ligand-counts-phase-i": ("studies", {"xentuzumab-ph1-asia": {"phase": "II"}}),
    "denominator-hardly-matters": ("arms", {"figitumumab-ewing-ph2-juergens2011": {"evaluable": 60}}),
    "evaluable-reproduces-rate": ("arms", {"figitumumab-ewing-ph2-chmielowski": {"orr_pct": 14.0}}),
    "xjapan-more-than-observed": ("arms", {"xentuzumab-ph1-japan-simpson": {"pr": 5, "responders": 5}}),
}


def test_every_claim_has_a_drift_test(facts):
    assert set(DRIFT) == set(facts.claims)


@pytest.mark.parametrize("claim", sorted(DRIFT))
def test_a_maintainer_s_edit_falsifies_the_claim(claim):
    table, changes = DRIFT[claim]
    f = monotherapy.facts(edit_rows(table, changes))
    assert claim in failed(f)
    with pytest.raises(ClaimError, match=claim):
        f.check()


def test_a_cohort_without_its_counts_stops_the_build_naming_the_fact():
    from databook.facts import MissingValue

    with pytest.raises(MissingValue, match="robat_counts.*arms:robatumumab-osteo-ewing-ph2-ewing-anderson2016"):
        monotherapy.facts(edit("arms", "robatumumab-osteo-ewing-ph2-ewing-anderson2016", responders=None))


def test_a_best_rate_outside_ewing_changes_the_sentence():
    f = monotherapy.facts(edit("arms", "xentuzumab-ph1-japan-simpson", pr=5, responders=5))
    assert f.text("best_rate") == "55.6%" and "xentuzumab" in f.text("best_what")


# --------------------------------------------------------------------------- the chapter's pages


def test_the_chapter_s_tables_pass_strict(monkeypatch):
    monkeypatch.setattr(igfbook.tables, "STRICT", True)
    t = monotherapy.load()
    for frame in (monotherapy.studies_table(t), monotherapy.rates_table(t), monotherapy.forest(t)[1]):
        igfbook.tables.for_readers(frame)
        assert not any(c in frame.columns for c in ("study_id", "arm_id", "orr_pct", "other_value"))


def test_the_chapter_shows_every_study_it_is_home_to():
    t = monotherapy.load()
    home = [s for _, s in t.studies.iterrows() if evidence.chapter_of(s) == "monotherapy"]
    shown = set(monotherapy.studies_table(t)["study"])
    assert home and all(s["title"] in shown for s in home)


def test_the_chapter_uses_only_facts_and_no_other_measure_shim():
    text = CHAPTER.read_text()
    assert "other_value" not in text and "glue:text" not in text
    assert "{fact}`low_what`" in text and "{source}`low_what`" in text
