"""The tumours chapter's facts (lung, breast, adrenocortical carcinoma): values checked against
the sources, claims that fail when the data stop supporting them, and the chapter's tables."""

from __future__ import annotations

from pathlib import Path

import pytest

import igfbook.tables
from databook.facts import ClaimError
from igfbook import evidence
from igfbook.facts import tumours

from tests.book.drift import edit as _edit, failed, tables


def edit(table: str, key: str, **cells):
    """:func:`drift.edit`, also for list cells (``partners=("erlotinib", "carboplatin")``)."""
    lists = {c: v for c, v in cells.items() if isinstance(v, tuple)}
    t = _edit(table, key, **{c: v for c, v in cells.items() if c not in lists}) if len(lists) < len(cells) else tables()
    frame = t.frame(table).copy()
    index = frame.index[frame[t.key_of(table)] == key]
    for column, value in lists.items():
        frame.at[index[0], column] = value
    setattr(t, table, frame)
    return t

CHAPTER = Path(__file__).resolve().parents[2] / "book" / "tumours.md"


@pytest.fixture(scope="module")
def facts():
    return tumours.facts()


def test_every_claim_holds_for_the_shipped_data(facts):
    assert failed(facts) == set()


def test_values_are_the_ones_the_sources_print(facts):
    # Gombos et al., lung section: IGF-1R overexpressed in up to 80% of lung cancers; 67% of
    # squamous tumours against 24% of other histologies.
    assert (facts.text("lung_igf1r"), facts.text("squamous_igf1r"), facts.text("other_igf1r")) == ("80%", "67%", "24%")
    # The figitumumab lung trials are told once, in phase3: none of their numbers is a fact here.
    assert not {"nsclc_ph2_n", "cardiac_exp", "ph3_erl_partners", "xafa"} & set(facts.facts)
    # Gombos et al., breast section: IGF-1R overexpressed in 44% of specimens; activity in 2 patients
    # on AVE1642 and 1 on ganitumab; cixutumumab + temsirolimus: 1 stable disease among 9.
    assert (facts.text("breast_igf1r"), facts.text("ave_active"), facts.text("gani_breast_active")) == ("44%", "two", "one")
    assert facts.text("cixtem_breast") == "1 of 9"
    # The HbA1c subgroup is told once, in biomarkers (the exercise here still reads its interval).
    assert "hba1c_hr" not in facts
    # Gombos et al., ACC section: 1 patient with activity on linsitinib; 14 on figitumumab, 4 with
    # shrinkage. Simpson et al. §4.3.4: 4 of 10 ACC patients on cixutumumab + temsirolimus.
    assert (facts.text("acc_lins_active"), facts.text("acc_figi_n"), facts.text("acc_figi_shrink")) == ("one", "14", "4")
    assert facts.text("acc_cixtem") == "4 of 10"
    # Breast studies with an endocrine partner: ganitumab (exemestane/fulvestrant), cixutumumab
    # (continued anti-oestrogen), figitumumab (exemestane), BMS-754807 (letrozole), KW-2450
    # (letrozole), dusigitumab (aromatase inhibitor), xentuzumab (exemestane) and Neo-BIG (letrozole).
    assert facts.value("n_breast_endocrine") == 8


def test_the_exercise_answer_follows_from_the_interval(facts):
    # log(1.1 / 0.32) / (2 x 1.96) = 0.315; z = log(0.60) / 0.315 = -1.62; p = 0.10.
    assert facts.text("ex_hr_p") == "0.10"


def test_the_lung_section_counts_the_phase_iii_trials_and_links_to_their_home(facts):
    # Three figitumumab phase III trials in NSCLC: two stopped, one cancelled (ADVIGO 1017).
    assert facts.text("ph3_n") == "three"
    assert set(facts["ph3_n"].citations()) >= {"simpson2017igf", "gombos2012crossroad"}
    text = CHAPTER.read_text()
    assert "<phase3-lung>" in text
    lung = text[text.index("## Lung cancer"):text.index("## Breast cancer")]
    assert "ph3_cp_partners" not in lung and "cardiac" not in lung.split("{ref}")[0]


def test_a_lung_trial_that_reported_falsifies_the_all_ended_sentence():
    f = tumours.facts(edit("studies", "figitumumab-cis-gem-nsclc-ph3", status="reported"))
    assert "lung-ph3-all-ended" in failed(f)
    with pytest.raises(ClaimError, match="lung-ph3-all-ended"):
        f.check()


# --------------------------------------------------------------------------- drift: every claim

DRIFT = {
    "lung-prognosis-disputed": ("biomarkers", "igf1r-expression-nsclc-prognosis", {"finding": "prognostic"}),
    "lung-ph3-all-ended": ("studies", "figitumumab-cp-nsclc-ph3", {"status": "reported"}),
    # the ganitumab trial recorded as a gain
    "breast-randomised-no-help": ("combinations", "clin-ganitumab-exemestane-fulvestrant",
                                  {"result": "enhanced activity"}),
    "later-lung-in-combinations": ("studies", "linsitinib-erlotinib-nsclc-ph2", {"design": "randomised"}),
    # a sarcoma trial with a breast subgroup, made randomised: told in sarcoma, not phase3
    "controlled-in-phase3": ("studies", "cixutumumab-temsirolimus-ph1", {"tumour_group": "sarcoma",
                                                                         "design": "randomised"}),
    "breast-partners-classified": ("studies", "dusigitumab-ai-bc-ph2", {"partners": ("goserelin",)}),
    "dalo-rida-in-combinations": ("studies", "dalotuzumab-ridaforolimus-ph1", {"design": "randomised"}),
    "acc-no-responses": ("arms", "figitumumab-acc-ph1-gombos", {"responders": 1}),
    "linsitinib-ph3-placebo": ("studies", "linsitinib-acc-ph3", {"design": "randomised"}),
    "hr-not-significant": ("effects", "figi-exe-hba1c", {"low": 0.45, "high": 0.8}),
    "hr-level-not-stated": ("effects", "figi-exe-hba1c", {"interval": "95% confidence interval"}),
    "cixu-markers-describe": ("biomarkers", "insr-top-quartile-cixutumumab", {"finding": "predicts response"}),
}


def test_every_claim_has_a_drift_test(facts):
    assert set(DRIFT) == set(facts.claims)


@pytest.mark.parametrize("claim", sorted(DRIFT))
def test_a_maintainer_s_edit_falsifies_the_claim(claim):
    table, key, cells = DRIFT[claim]
    f = tumours.facts(edit(table, key, **cells))
    assert claim in failed(f)
    with pytest.raises(ClaimError, match=claim):
        f.check()


# --------------------------------------------------------------------------- the chapter's pages


def test_the_chapter_s_tables_pass_strict(monkeypatch):
    monkeypatch.setattr(igfbook.tables, "STRICT", True)
    t = tumours.load()
    for frame in (tumours.lung_table(t), tumours.breast_table(t), tumours.acc_table(t)):
        igfbook.tables.for_readers(frame)


def test_the_chapter_shows_every_study_it_is_home_to():
    t = tumours.load()
    home = [s for _, s in t.studies.iterrows() if evidence.chapter_of(s) == "tumours"]
    shown = set(tumours.lung_table(t)["study"]) | set(tumours.breast_table(t)["study"]) | set(tumours.acc_table(t)["study"])
    assert home and all(s["title"] in shown for s in home)


def test_the_chapter_uses_no_other_measure_shim():
    text = CHAPTER.read_text()
    assert "other_value" not in text and "glue:text" not in text and "arm_rows" not in text
