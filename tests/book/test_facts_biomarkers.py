"""The biomarkers chapter's facts: values checked against the sources and the verified GAMMA
record, claims that fail when the data stop supporting them, and the chapter's tables."""

from __future__ import annotations

from pathlib import Path

import pytest

import igfbook.tables
from databook.facts import ClaimError
from igfbook import data
from igfbook.facts import biomarkers

from tests.book.drift import edit, failed

CHAPTER = Path(__file__).resolve().parents[2] / "book" / "biomarkers.md"


@pytest.fixture(scope="module")
def facts():
    return biomarkers.facts()


def test_every_claim_holds_for_the_shipped_data(facts):
    assert failed(facts) == set()


def test_values_are_the_ones_the_sources_print(facts):
    # Gombos et al., Table 3 and conclusions: some 1,300 to 10,000 receptors per cell.
    assert facts.text("receptors_per_cell") == "1,300–10,000"
    # Yee: HR 0.60 (CI 0.32–1.1) in women with HbA1c below 5.7%, the book's one account of it.
    assert (facts.text("hba1c_subgroup"), facts.text("hba1c_hr"), facts.text("hba1c_ci")) == \
        ("HbA1c below 5.7%", "0.60", "0.32–1.1")
    # The two markers of the patient's metabolism: overweight or obesity (Simpson et al. §4.4,
    # cixutumumab with ADT) and HbA1c (Yee, figitumumab with exemestane).
    assert facts.text("n_metabolic") == "two"
    assert set(facts["metabolic_list"].citations()) == {"simpson2017igf", "yee2018fortyyears"}
    # The randomised trials' "predicts response" rows: tumour IGF-1 mRNA (dalotuzumab, Simpson
    # §4.2), baseline IGF-1 (figitumumab phase III, Gombos), HbA1c (Yee) and squamous histology
    # (the randomised figitumumab phase II, Gombos, lung cancer).
    assert facts.text("n_randomised_predicts") == "four"


def test_the_counts_are_the_table_s(facts):
    b = data.biomarkers()
    clinical = b[b["evidence"] == "clinical"]
    assert facts.value("n_markers") == len(b)
    assert facts.value("n_clinical") + facts.value("n_preclinical") == len(b)
    # the finding phrase lists every clinical finding with its count, and they add up
    counts = [int(part.split()[0]) for part in facts.text("clin_findings").replace(" and ", ", ").split(", ")]
    assert sum(counts) == len(clinical)


def test_every_finding_of_the_schema_has_a_phrase():
    assert set(biomarkers.FINDING_PHRASE) == set(data.enum("biomarkers", "finding"))


# --------------------------------------------------------------------------- the sample error


def test_yee_s_pancreatic_finding_and_gamma_s_result_are_cited_to_their_own_sources(facts):
    # Yee cites McCaffery et al. 2013 for higher IGF1/IGF2 with benefit; the GAMMA phase III's
    # verified abstract (Fuchs et al. 2015, PMC4804122) found no association for IGF-1, IGFBP-2, IGFBP-3.
    assert facts["yee_pancreas"].citations() == ["yee2018fortyyears"]
    assert facts["gamma_marker"].citations() == ["fuchs2015gamma"]
    b = data.biomarkers().set_index("marker_id")
    assert b.loc["circulating-igf-gamma-ganitumab", "finding"] == "no association"
    assert b.loc["circulating-igf-gamma-ganitumab", "study_id"] == biomarkers.GAMMA
    assert str(b.loc["serum-igf1-igf2-ganitumab-pancreas", "study_id"]) != biomarkers.GAMMA


def test_linking_yee_s_finding_to_gamma_stops_the_build():
    f = biomarkers.facts(edit("biomarkers", "serum-igf1-igf2-ganitumab-pancreas", study_id=biomarkers.GAMMA))
    assert "yee-pancreas-not-gamma" in failed(f)
    with pytest.raises(ClaimError, match="GAMMA"):
        f.check()


def test_the_chapter_never_gives_yee_s_finding_to_gamma():
    text = CHAPTER.read_text()
    paragraph = next(p for p in text.split("\n\n") if "{source}`yee_pancreas`" in p)
    # the paragraph that reports Yee's finding cites GAMMA only for GAMMA's own, negative, result
    assert "{source}`gamma_marker`" in paragraph and "{claim}`yee-pancreas-not-gamma`" in paragraph
    assert "fuchs2015gamma" not in paragraph.split("{source}`yee_pancreas`")[0]


# --------------------------------------------------------------------------- drift: every claim

DRIFT = {
    "igf1r-tissue-only-positive": ("biomarkers", "igf1r-preselection-dalotuzumab", {"finding": "predicts response"}),
    "igf1r-selection-failed": ("biomarkers", "igf1r-ihc-cixutumumab-temsirolimus", {"finding": "mixed"}),
    "r1507-not-measured": ("biomarkers", "igf1r-not-measured-r1507", {"finding": "no association"}),
    "igf1-in-cp-trial": ("biomarkers", "circulating-igf1-figitumumab-nsclc", {"study_id": "figitumumab-erlotinib-nsclc-ph3"}),
    "yee-pancreas-not-gamma": ("biomarkers", "serum-igf1-igf2-ganitumab-pancreas", {"source": "fuchs2015gamma"}),
    "yee-analysis-earlier": ("biomarkers", "serum-igf1-igf2-ganitumab-pancreas",
                             {"detail": "In a ganitumab trial in pancreatic cancer (McCaffery et al. 2016), patients "
                                        "with higher IGF1 and IGF2 benefited."}),
    "gamma-no-association": ("biomarkers", "circulating-igf-gamma-ganitumab", {"finding": "predicts response"}),
    "gamma-is-phase-iii": ("studies", biomarkers.GAMMA, {"phase": "II"}),
    "circulating-mixed": ("biomarkers", "circulating-igf1-simpson", {"finding": "predicts response"}),
    "insr-prognostic": ("biomarkers", "insr-top-quartile-cixutumumab", {"finding": "predicts response"}),
    "hba1c-is-metabolic": ("biomarkers", "hba1c-figitumumab-exemestane", {"category": "ligand level"}),
    "hba1c-ci-includes-1": ("effects", "figi-exe-hba1c", {"high": 0.9}),
    "ewing-free-prognostic": ("biomarkers", "free-igf1-figitumumab-ewing", {"finding": "predicts response"}),
    "metabolic-from-combinations": ("studies", "cixutumumab-adt-prostate", {"combination": False}),
    "others-no-association": ("biomarkers", "ews-translocation-ganitumab", {"finding": "predicts response"}),
    "randomised-predicts-exploratory": ("biomarkers", "pik3ca-ganitumab-endocrine", {"finding": "predicts response"}),
}


def test_every_claim_has_a_drift_test(facts):
    assert set(DRIFT) == set(facts.claims)


@pytest.mark.parametrize("claim", sorted(DRIFT))
def test_a_maintainer_s_edit_falsifies_the_claim(claim):
    table, key, cells = DRIFT[claim]
    f = biomarkers.facts(edit(table, key, **cells))
    assert claim in failed(f)
    with pytest.raises(ClaimError, match=claim):
        f.check()


def test_a_new_marker_changes_the_counts_in_the_sentences():
    t = edit("biomarkers", "mrna-profiling-yee", evidence="clinical")
    f = biomarkers.facts(t)
    assert f.value("n_clinical") == biomarkers.facts().value("n_clinical") + 1


# --------------------------------------------------------------------------- the chapter's pages


def test_the_chapter_s_tables_pass_strict(monkeypatch):
    monkeypatch.setattr(igfbook.tables, "STRICT", True)
    t = biomarkers.load()
    igfbook.tables.for_readers(biomarkers.candidates_table(t), "biomarkers")
    igfbook.tables.for_readers(biomarkers.tried_table(t))
    igfbook.tables.for_readers(biomarkers.findings_figure(t)[1])


def test_the_chapter_uses_no_other_measure_shim():
    text = CHAPTER.read_text()
    assert "other_value" not in text and "glue:text" not in text


def test_free_igf1_in_the_figitumumab_ewing_trial(facts):
    # Juergens et al. 2011 (verified abstract): free IGF-1 below 0.65 ng/mL, n = 14, median OS 3.6 months.
    assert facts.text("ewing_free_os") == "3.6"
