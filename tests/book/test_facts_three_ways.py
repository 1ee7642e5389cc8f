"""The three-ways chapter's facts: what each class blocks, the early ligand-antibody trials and
the backbone review's funding, checked against the sources, with drift tests for every claim."""

from __future__ import annotations

from pathlib import Path

import pytest

import igfbook.tables
from igfbook import evidence, tables
from igfbook.facts import three_ways

from tests.book.drift import edit, failed, tables as drift_tables
from tests.book.prose_numbers import typed_numbers

CHAPTER = Path(__file__).resolve().parents[2] / "book" / "three-ways.md"


@pytest.fixture(scope="module")
def facts():
    return three_ways.facts()


def with_list(table: str, key: str, column: str, value: tuple):
    t = drift_tables()
    frame = t.frame(table).copy()
    frame.at[frame.index[frame[t.key_of(table)] == key][0], column] = value
    setattr(t, table, frame)
    return t


def test_every_claim_holds_for_the_shipped_data(facts):
    assert failed(facts) == set()


def test_what_each_class_leaves_open(facts):
    # Simpson §2.1: receptor antibodies leave IGF-2 free to activate INSR-A homodimers;
    # they block IGF-1R and (§2.1) the hybrids, so every INSR-A and INSR-B signal stays open.
    assert facts.text("mab_open") == "IGF-1 → INSR-A, IGF-2 → INSR-A, insulin → INSR-A and insulin → INSR-B"
    assert facts.value("n_mab_open") == 4
    # §2.3: the ligand antibodies leave insulin and its receptor alone: the four insulin signals.
    assert facts.text("lig_open") == ("insulin → IGF-1R, insulin → IGF-1R/INSR hybrid, insulin → INSR-A "
                                      "and insulin → INSR-B")
    # §2.2: BMS-754807 also inhibits TrkA, TrkB and aurora kinases.
    assert facts.text("off_target") == "BMS-754807 also inhibits TrkA, TrkB and Aurora kinases"


def test_every_kinase_inhibitor_blocks_insr_b(facts):
    # Sample error: the old share was 7/8 = 88% because ceritinib, an ALK inhibitor (§4.3.1),
    # was counted in the class. Fig. 3's 7 kinase inhibitors all act on INSR-B (§2.2): 7/7.
    assert facts.text("tki_insr_b") == "all 7 of them"
    f = three_ways.facts(edit("agents", "ceritinib", agent_class="IGF-1R kinase inhibitor"))
    assert {"tki-all-insr-b", "tki-close-insra"} <= failed(f)
    assert f.text("tki_insr_b") == "7 of the 8"


def test_the_early_ligand_trials_are_counted_as_the_sources_print_them(facts):
    # Simpson §2.3: dusigitumab 13 SD of 39 (US dose escalation) and SD as best response in 4 of 10
    # (Japan; the verified Iguchi 2015 abstract agrees); xentuzumab 2 PR and 15 SD of 48 (Asia) and a
    # confirmed PR in 1 of 9 at the RP2D (Japan). The UK study gives no numbers.
    assert facts.value("lig_n_single") == 4
    assert facts.value("lig_single_patients") == 39 + 10 + 48 + 9
    assert facts.text("lig_pr") == ("2 of 48 in the study in Asia and 1 of 9 in the RP2D cohort (1000 mg weekly) "
                                    "of the study in Japan")
    # Chmielowski (2014) was still waiting for the results that Simpson et al. (2017) report.
    assert facts.text("years_between") == "three"


def test_the_funding_sentence_says_what_the_record_shows(facts):
    # The OUCI record of Simpson et al. names Boehringer Ingelheim as funder; Chmielowski (p. 2384)
    # names Boehringer Ingelheim as the developer of BI836845 (xentuzumab). Nothing more.
    assert facts.text("simpson_funder") == facts.text("xentuzumab_sponsor") == "Boehringer Ingelheim"
    assert facts["xentuzumab_sponsor"].citations() == ["chmielowski2014editorial"]


def test_the_chapter_claims_no_stake_beyond_the_record():
    # Sample error: "The authors have a stake" went beyond a funder named in a bibliographic record.
    text = CHAPTER.read_text(encoding="utf-8").lower()
    for phrase in ("stake", "commercial interest", "the authors have", "conflict of interest"):
        assert phrase not in text, phrase


def test_the_next_chapter_is_the_catalogue(monkeypatch):
    order = evidence.chapter_order()
    monkeypatch.setattr(evidence, "chapter_order", lambda: [d for d in order if d != "agents"] + ["agents"])
    assert "agents-next" in failed(three_ways.facts())


# --------------------------------------------------------------------------- drift


def test_a_funder_that_is_not_the_developer_stops_the_build():
    t = drift_tables()
    src = t.sources.copy()
    src.loc[src["key"] == "simpson2017igf", "funding"] = "Another Company (named as funder in the record)"
    t.sources = src
    f = three_ways.facts(t)
    assert "funder-develops-xentuzumab" in failed(f)
    assert f.text("simpson_funder") == "Another Company"
    assert "funder-develops-xentuzumab" in failed(three_ways.facts(edit("agents", "xentuzumab", sponsor="MedImmune")))


def test_a_dusigitumab_response_breaks_only_xentuzumab():
    f = three_ways.facts(edit("arms", "dusigitumab-ph1-us-simpson", pr=1, responders=1))
    assert "pr-only-xentuzumab" in failed(f)
    assert f.text("lig_pr").startswith("1 of 39 in the dose-escalation cohort of the study in US patients")


def test_more_responses_than_stable_disease_breaks_the_comparison():
    assert "sd-more-than-pr" in failed(three_ways.facts(edit("arms", "xentuzumab-ph1-japan-simpson", sd=0)))


def test_a_cohort_that_was_not_dose_finding_breaks_the_description():
    f = three_ways.facts(edit("studies", "xentuzumab-ph1-asia", design="randomised"))
    assert "single-are-dose-finding" in failed(f)


def test_a_patient_count_for_the_uk_study_joins_the_sum():
    f = three_ways.facts(edit("arms", "xentuzumab-ph1-japan-simpson", patients=12))
    assert f.value("lig_single_patients") == 39 + 10 + 48 + 12


def test_a_phase_iii_result_breaks_the_early_evidence_claim():
    assert "ligand-evidence-early" in failed(three_ways.facts(edit("studies", "xentuzumab-afatinib-nsclc-ph1b", phase="III")))


def test_a_third_ligand_antibody_breaks_the_pair():
    f = three_ways.facts(edit("agents", "nt157", agent_class="IGF ligand-neutralising antibody"))
    assert {"ligand-pair", "only-ligand-spares-glucose"} & failed(f)


def test_an_antibody_that_blocks_insr_a_breaks_the_open_door():
    f = three_ways.facts(with_list("agents", "ganitumab", "targets", ("IGF-1R", "IGF-1R/INSR hybrid", "INSR-A")))
    assert {"mab-open-igf2-insra", "mab-open-insra"} <= failed(f)
    f = three_ways.facts(with_list("agents", "xentuzumab", "targets", ("IGF-1",)))
    assert "lig-blocks-every-igf-signal" in failed(f)
    f = three_ways.facts(with_list("agents", "dusigitumab", "targets", ("IGF-1", "IGF-2", "insulin")))
    assert "lig-open-is-insulin" in failed(f)


def test_an_antibody_that_blocks_the_insulin_receptor_breaks_the_exercise_answers():
    f = three_ways.facts(with_list("agents", "figitumumab", "targets", ("IGF-1R", "INSR-A", "INSR-B")))
    assert {"insulin-closers"} <= failed(f)
    f = three_ways.facts(with_list("agents", "s961", "targets", ("INSR-A",)))
    assert "only-ligand-spares-glucose" in failed(f)


def test_a_dusigitumab_study_with_another_primary_report_breaks_the_iguchi_sentence():
    assert "iguchi-agrees" in failed(three_ways.facts(edit("studies", "dusigitumab-ph1-japan", primary_ref=None)))


def test_insulin_closed_by_the_antibodies_breaks_the_open_door_sentence():
    # if the receptor antibodies also blocked the insulin receptor, insulin would have no open door
    t = drift_tables()
    frame = t.agents.copy()
    for i in frame.index[frame["agent_class"] == "anti-IGF-1R antibody"]:
        frame.at[i, "targets"] = ("IGF-1R", "IGF-1R/INSR hybrid", "INSR-A", "INSR-B")
    t.agents = frame
    assert "insulin-uses-open-doors" in failed(three_ways.facts(t))


def test_the_chapter_tables_pass_strict(monkeypatch):
    monkeypatch.setattr(igfbook.tables, "STRICT", True)
    t = three_ways.load()
    tables.show(three_ways.coverage_figure(t)[1], "coverage-classes", precision=2)
    tables.show(three_ways.early_table(t), "ligand-early-trials", table="arms")


def test_no_number_is_typed_in_the_prose():
    assert typed_numbers(CHAPTER) == []
