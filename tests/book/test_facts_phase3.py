"""The phase III chapter's facts: values checked against the sources and the verified primary
records, the issue's sample errors, and claims that fail when a maintainer's edit stops supporting
them (drift)."""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import pytest

import igfbook.tables
from databook import prose
from databook.facts import ClaimError
from igfbook import data, evidence, tables
from igfbook.facts import phase3

from tests.book.drift import edit, failed, tables as drift_tables
from tests.book.prose_numbers import typed_numbers

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = ROOT / "book" / "phase3.md"


@pytest.fixture(scope="module")
def facts():
    return phase3.facts()


def _blocks() -> list[str]:
    nb = jupytext.read(CHAPTER)
    return [b for c in nb.cells if c.cell_type == "markdown" for b in prose.prose_blocks(c.source)]


def test_every_claim_holds_for_the_shipped_data(facts):
    assert failed(facts) == set()


def test_the_trials_are_the_controlled_combination_studies(facts):
    # Randomised or phase II/III–III combination studies: figitumumab with carboplatin–paclitaxel
    # (randomised phase II, and phase III), with erlotinib (phase III), with cisplatin–gemcitabine
    # (phase III, cancelled); ganitumab with gemcitabine (GAMMA), with panitumumab (randomised
    # Ib/II) and with exemestane or fulvestrant; dalotuzumab with cetuximab–irinotecan (II/III);
    # cixutumumab ± anti-oestrogen; figitumumab ± exemestane; BMS-754807 ± letrozole; and I-SPY 2
    # (ganitumab with metformin and paclitaxel, adaptively randomised phase II by its verified
    # abstract): 12 trials.
    ids = set(phase3.trials(data.tables())["study_id"])
    assert ids == {"figitumumab-cp-nsclc-ph2", "figitumumab-cp-nsclc-ph3", "figitumumab-erlotinib-nsclc-ph3",
                   "figitumumab-cis-gem-nsclc-ph3", "ganitumab-gemcitabine-pancreas-ph3",
                   "ganitumab-panitumumab-crc-ph1b-2", "ganitumab-endocrine-bc-ph2",
                   "dalotuzumab-cetuximab-irinotecan-crc-ph2-3", "cixutumumab-ai-bc-ph2",
                   "figitumumab-exemestane-bc-ph2", "bms754807-letrozole-bc", "ispy2-ganitumab-metformin"}
    assert facts.value("n_trials") == 12
    # All but the cancelled ADVIGO 1017 trial (design not stated) were randomised.
    assert facts.value("n_randomised") == 11
    # phase III ×4 (two figitumumab stopped, ADVIGO cancelled, GAMMA) and the dalotuzumab II/III
    assert facts.value("n_late") == 5
    # stopped early: figitumumab CP and erlotinib, GAMMA, dalotuzumab; terminated: BMS-754807;
    # cancelled: ADVIGO 1017
    assert facts.value("n_ended") == 6


def test_every_study_told_here_is_in_the_chapter_table():
    t = data.tables()
    home = t.studies[t.studies.apply(evidence.chapter_of, axis=1) == "phase3"]
    assert set(home["title"]) <= set(phase3.trials_table(t)["study"])


def test_lung_values(facts):
    # Gombos (lung): 156 patients, 54% v 42%; cardiac toxicity 3% v 1.2% (3 / 1.2 = 2.5, not 2).
    assert (facts.text("figi_ph2_n"), facts.text("figi_ph2_orr_exp"), facts.text("figi_ph2_orr_ctl")) == (
        "156", "54%", "42%")
    assert (facts.text("cardiac_exp"), facts.text("cardiac_ctl"), facts.text("cardiac_ratio")) == ("3%", "1.2%", "2.5")
    # scagliotti2015figitumumab abstract: 583 randomised; median OS 5.7 v 6.2 months, HR 1.09
    # (0.91–1.31); treatment-related non-fatal SAEs 18% v 5%.
    assert [facts.text(n) for n in ("erl_n", "erl_os_exp", "erl_os_ctl", "erl_hr", "erl_hr_ci", "erl_sae_exp",
                                    "erl_sae_ctl")] == ["583", "5.7", "6.2", "1.09", "0.91–1.31", "18%", "5%"]
    assert facts["erl_n"].citations() == ["scagliotti2015figitumumab"]


def test_gamma_values(facts):
    # fuchs2015gamma abstract: 322 + 318 + 160 = 800 randomised; median OS 7.2, 7.0 and 7.1 months;
    # HR 1.00 (0.82–1.21) and 0.97 (0.76–1.23).
    assert facts.value("gamma_n") == 322 + 318 + 160
    assert (facts.text("gamma_os_placebo"), facts.text("gamma_os_12"), facts.text("gamma_os_20")) == ("7.2", "7.0", "7.1")
    assert facts.text("gamma_hr_12") == "1.00 (95% CI 0.82–1.21)"
    assert facts.text("gamma_hr_20") == "0.97 (95% CI 0.76–1.23)"
    assert facts["gamma_n"].citations() == ["fuchs2015gamma"]


def test_the_checklist_is_no_almost_everywhere(facts):
    # 12 trials × 4 questions = 48 answers: control arm yes for the 11 randomised trials and not
    # stated for ADVIGO 1017; insulin lowered yes for I-SPY 2 (metformin); every other answer no.
    checks = phase3.checks(data.tables())
    assert facts.value("n_cells") == 48 and facts.value("n_yes") == 12
    assert facts.text("yes_where") == "all of them in the control arm and insulin lowered columns"
    assert facts.text("n_not_stated") == "1 is not stated"
    for column in ("ligand antibody", "IGF biomarker selection"):
        assert set(checks[column]) == {"no"}
    assert checks.loc[checks["insulin lowered"] == "yes", "study_id"].tolist() == ["ispy2-ganitumab-metformin"]
    assert (facts.text("n_ligand"), facts.text("n_selected"), facts.text("n_insulin")) == ("none", "none", "1")


def test_tables_pass_strict(monkeypatch):
    monkeypatch.setattr(igfbook.tables, "STRICT", True)
    t = data.tables()
    shown = phase3.trials_table(t)
    assert not {"study_id", "arm_id"} & set(shown.columns)
    tables.show(shown, "phase3-controlled-trials")
    tables.show(phase3.checklist(t)[1], "phase3-checklist")
    tables.show(t.conflicts[["topic", "resolution", "reason"]], "ex", table="conflicts")


def test_no_number_is_typed_in_the_prose():
    assert typed_numbers(CHAPTER) == []


# --------------------------------------------------------------------------- the sample errors


def test_yee_serum_igf_finding_is_not_attributed_to_gamma(facts):
    # The chapter used to report Yee's "patients with higher IGF-1 and IGF-2 benefited" as a finding
    # of "the pancreatic trial", i.e. GAMMA. It comes from a randomised phase II analysis (McCaffery
    # 2013); GAMMA found no association (verified abstract of fuchs2015gamma).
    text = [b for b in _blocks() if "IGF-2" in b and "benefited" in b]
    assert text, "the chapter no longer reports the serum IGF finding"
    for block in text:
        assert "phase II trial, not from GAMMA" in block
        assert "fuchs2015gamma" in block  # GAMMA's own, negative, biomarker result beside it
    conflict = data.tables().row("conflicts", "c-pancreatic-serum-igf-trial")
    assert conflict.value("source_b") == "fuchs2015gamma" and "not associated" in conflict.value("version_b")


def test_linking_the_serum_finding_to_gamma_stops_the_build():
    t = edit("biomarkers", "serum-igf1-igf2-ganitumab-pancreas", study_id="ganitumab-gemcitabine-pancreas-ph3")
    assert "pancreatic-serum-igf-not-gamma" in failed(phase3.facts(t))


def test_the_second_stopped_figitumumab_trial_is_the_erlotinib_trial(facts):
    # The chapter used to leave "one or two carboplatin–paclitaxel phase III trials" open. The data
    # hold the second stopped trial, with erlotinib, and the chapter tells it from the data.
    t = data.tables()
    assert "figitumumab-erlotinib-nsclc-ph3" in set(phase3.trials(t)["study_id"])
    assert any("erlotinib" in trial for trial in phase3.checks(t)["trial"])
    prose_text = " ".join(_blocks())
    assert not re.search(r"one or two carboplatin", prose_text)
    assert "{fact}`erl_n`" in prose_text and facts.text("gombos_ph3_count") == "two"


def test_dropping_the_erlotinib_trial_changes_every_count_and_stops_the_build():
    t = drift_tables()
    t.studies = t.studies[t.studies["study_id"] != "figitumumab-erlotinib-nsclc-ph3"]
    t.combinations = t.combinations[t.combinations["study_id"] != "figitumumab-erlotinib-nsclc-ph3"]
    t.arms = t.arms[t.arms["study_id"] != "figitumumab-erlotinib-nsclc-ph3"]
    t.measures = t.measures[~t.measures["arm_id"].str.startswith("figitumumab-erlotinib-nsclc-ph3")]
    with pytest.raises(KeyError, match="figitumumab-erlotinib-nsclc-ph3"):
        phase3.facts(t)  # the sentences that quote its numbers cannot be written


def test_a_second_stopped_trial_that_is_not_in_the_table_is_caught():
    f = phase3.facts(edit("studies", "figitumumab-erlotinib-nsclc-ph3", status="reported"))
    assert "figi-ph3-stopped-count" in failed(f)
    assert f.value("n_ended") == 5


def test_the_checklist_sentences_follow_the_data():
    # an IGF-selected trial: the count changes, the "none" claims fail
    f = phase3.facts(edit("studies", "ganitumab-endocrine-bc-ph2", setting="tumour IGF-1R expression required"))
    assert f.text("n_selected") == "1" and f.value("n_yes") == 13
    assert "IGF biomarker selection" in f.text("yes_where")
    assert {"none-selected", "one-selected-study"} <= failed(f)
    # a ligand antibody in a controlled trial
    f = phase3.facts(edit("agents", "dalotuzumab", agent_class="IGF ligand-neutralising antibody"))
    assert f.text("n_ligand") == "1" and "no-ligand" in failed(f)


def test_metformin_in_a_second_controlled_trial_falsifies_the_one_insulin_trial():
    t = drift_tables()
    s = t.studies.copy()
    i = s.index[s["study_id"] == "ganitumab-endocrine-bc-ph2"][0]
    s.at[i, "partners"] = ("exemestane", "fulvestrant", "metformin")
    t.studies = s
    f = phase3.facts(t)
    assert "insulin-only-ispy" in failed(f) and f.text("n_insulin") == "2"


def test_i_spy_2_without_its_verified_design_leaves_no_trial_lowering_insulin():
    # the sources print no design for I-SPY 2; the book takes it from the verified abstract
    f = phase3.facts(edit("studies", "ispy2-ganitumab-metformin", design="not stated", phase="not stated"))
    assert f.text("n_insulin") == "none" and {"insulin-only-ispy", "breast-endocrine-but-ispy"} <= failed(f)


# --------------------------------------------------------------------------- drift of the other claims


def test_a_combination_row_lost_falsifies_the_cancelled_trial_sentence():
    t = drift_tables()
    t.combinations = t.combinations[t.combinations["combo_id"] != "clin-figitumumab-erlotinib-nsclc-ph3"]
    assert "one-without-combination-row" in failed(phase3.facts(t))


def test_a_gain_in_phase3_falsifies_the_positive_and_lasting_sentences():
    f = phase3.facts(edit("combinations", "clin-ganitumab-gemcitabine-pancreas", result="enhanced activity"))
    assert {"positive-phase2-response", "no-lasting-benefit"} <= failed(f)


def test_gamma_reported_without_a_stop_falsifies_the_stop():
    assert "gamma-stopped" in failed(phase3.facts(edit("studies", "ganitumab-gemcitabine-pancreas-ph3",
                                                       status="reported")))


def test_a_randomised_design_moves_a_comparison_into_the_table():
    f = phase3.facts(edit("studies", "linsitinib-erlotinib-nsclc-ph2", design="randomised"))
    assert "open-design-not-controlled" in failed(f) and f.value("n_trials") == 13


def test_a_second_single_agent_phase3_falsifies_the_only_one():
    assert "one-mono-ph3" in failed(phase3.facts(edit("studies", "dalotuzumab-ph1", phase="III")))


def test_the_scheduling_trials_must_be_in_the_table():
    t = edit("studies", "ganitumab-gemcitabine-pancreas-ph3", design="not stated", phase="II")
    assert "sched-trials-controlled" in failed(phase3.facts(t))


def test_a_second_breast_trial_with_chemotherapy_falsifies_all_but_i_spy_endocrine():
    f = phase3.facts(edit("combinations", "clin-cixutumumab-ai-bc", partner_class="DNA-damaging chemotherapy"))
    assert "breast-endocrine-but-ispy" in failed(f)


def test_a_radiotherapy_partner_falsifies_no_radiotherapy():
    t = drift_tables()
    s = t.studies.copy()
    i = s.index[s["study_id"] == "cixutumumab-adt-prostate"][0]
    s.at[i, "partners"] = ("androgen-deprivation therapy", "radiotherapy")
    t.studies = s
    assert "no-radiotherapy-trial" in failed(phase3.facts(t))


def test_one_antibody_per_tumour_falsifies_the_duplication_answer():
    t = drift_tables()
    s = t.studies.copy()
    for key, group in (("cixutumumab-ai-bc-ph2", "prostate"), ("figitumumab-exemestane-bc-ph2", "liver"),
                       ("ganitumab-panitumumab-crc-ph1b-2", "other")):
        s.loc[s["study_id"] == key, "tumour_group"] = group
    t.studies = s
    assert "several-antibodies-same-tumour" in failed(phase3.facts(t))


def test_the_hazard_ratio_facts(facts):
    # 11 used hazard ratios: GAMMA x2, figitumumab-erlotinib OS and PFS, the HbA1c subgroup,
    # CARRIE x2, the xentuzumab phase II, XENERA-1 x2, AEWS1221; from 7 trials, 6 after the sources.
    assert (facts.text("n_hr"), facts.text("n_hr_trials"), facts.text("n_hr_after")) == ("11", "7", "six")
    assert facts.text("hr_lowest") == "0.60 (CI 0.32–1.10)"   # Yee's HbA1c subgroup


@pytest.mark.parametrize("claim, key, cells", [
    ("no-hr-favours-igf", "figi-exe-hba1c", {"high": 0.9}),
    ("worse-is-later", "gamma-os-gan12", {"value": 1.3, "low": 1.05, "high": 1.6}),
    ("lowest-is-subgroup", "gamma-os-gan20", {"value": 0.5, "low": 0.3, "high": 0.9}),
])
def test_an_edit_to_a_hazard_ratio_falsifies_its_sentence(claim, key, cells):
    assert claim in failed(phase3.facts(edit("effects", key, **cells)))


# --------------------------------------------------------------------------- the lung programme, told here once


def test_the_lung_programme_is_counted_from_the_data(facts):
    # Two figitumumab phase III trials in NSCLC were stopped (carboplatin-paclitaxel, Simpson et al.;
    # erlotinib, the verified Scagliotti et al. 2015) and one was cancelled (ADVIGO 1017, Gombos et al.).
    assert (facts.text("ph3_stopped_n"), facts.text("ph3_cancelled_n")) == ("Two", "one")
    assert facts.text("ph3_cp_partners") == "carboplatin and paclitaxel"
    assert facts.text("ph3_erl_partners") == "erlotinib"
    assert facts["ph3_erl_partners"].citations() == ["scagliotti2015figitumumab"]
    assert facts.text("ph3_cis_name") == "ADVIGO 1017"
    text = CHAPTER.read_text()
    assert "(phase3-lung)=" in text and "{fact}`ph3_stopped_n`" in text and "{source}`ph3_erl_partners`" in text


def test_describing_the_second_trial_as_chemotherapy_stops_the_build():
    # the error of Gombos et al., made in the data: the erlotinib trial given carboplatin-paclitaxel
    t = drift_tables()
    s = t.studies.copy()
    s.at[s.index[s["study_id"] == "figitumumab-erlotinib-nsclc-ph3"][0], "partners"] = ("carboplatin", "paclitaxel")
    t.studies = s
    f = phase3.facts(t)
    assert "erlotinib-trial-without-chemotherapy" in failed(f)
    with pytest.raises(ClaimError, match="erlotinib"):
        f.check()


def test_a_third_stopped_trial_changes_the_count_and_stops_the_build():
    f = phase3.facts(edit("studies", "figitumumab-cis-gem-nsclc-ph3", status="stopped early"))
    assert f.text("ph3_stopped_n") == "Three"
    assert {"ph3-stopped-are-these", "figi-ph3-stopped-count"} <= failed(f)


def test_gombos_without_chemotherapy_or_with_another_ratio_falsifies_the_sentences():
    f = phase3.facts(edit("conflicts", "c-figitumumab-ph3-count",
                          version_a="two randomised phase III trials of figitumumab stopped early"))
    assert "gombos-says-chemotherapy" in failed(f)
    f = phase3.facts(edit("adverse_events", "cardiac-figitumumab-cp-ctl", value=1.5))
    assert f.text("cardiac_ratio") == "2.0" and "cardiac-not-twice" in failed(f)


def test_the_exercise_answers_follow_from_the_assumption(facts):
    # 2/3 of 156 = 104 on figitumumab, 52 on chemotherapy; 54% of 104 = 56, 42% of 52 = 22;
    # 56/104 against 22/52: z test p = 0.17.
    a = phase3.ph2_assumed(data.tables())
    assert (a["n_exp"], a["n_ctl"], a["k_exp"], a["k_ctl"]) == (104, 52, 56, 22)
    assert facts.text("ex_ph2_p") == "0.17"
    # a phase II with 80% responses on figitumumab: the intervals part, and the test is significant
    f = phase3.facts(edit("arms", "figitumumab-cp-nsclc-ph2-exp", orr_pct=80.0))
    assert {"ph2-intervals-overlap", "ph2-not-significant"} <= failed(f)
    assert "ph2-not-significant" in failed(phase3.facts(edit("arms", "figitumumab-cp-nsclc-ph2-exp", orr_pct=70.0)))
