"""The agents chapter's facts: counts checked against the sources, and claims that fail when the
catalogue or the order of the chapters stops supporting them (drift)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import igfbook.tables
from igfbook import evidence, tables
from igfbook.facts import agents

from tests.book.drift import edit, failed, tables as drift_tables
from tests.book.prose_numbers import typed_numbers

CHAPTER = Path(__file__).resolve().parents[2] / "book" / "agents.md"


@pytest.fixture(scope="module")
def facts():
    return agents.facts()


def test_every_claim_holds_for_the_shipped_data(facts):
    assert failed(facts) == set()


def test_class_counts_are_the_sources_lists(facts):
    # Simpson et al. Fig. 3 lists 7 anti-IGF-1R antibodies (ganitumab, istiratumab, figitumumab,
    # cixutumumab, dalotuzumab, robatumumab, R-1507); Gombos et al. add AVE1642 and h10H5 and
    # Simpson §2.2 the comparator MAB391: 7 + 2 + 1 = 10.
    assert facts.value("n_mab") == 10
    # Fig. 3 lists 7 IGF-1R kinase inhibitors (BMS-754807, linsitinib, KW-2450, NVP-AEW541, AG-1024,
    # AZ12253801, BMS-536924); ceritinib (§4.3.1, an ALK inhibitor) is not one of them.
    assert facts.value("n_tki") == 7
    # Fig. 3: xentuzumab and dusigitumab.
    assert facts.value("n_ligand") == 2
    # pegvisomant and somatostatin analogues (Yee), recombinant IGFBP-3 (Gombos): 3; S961 (Yee),
    # NT157 (Simpson §4.3.2) and ceritinib: 3. In all 10 + 7 + 2 + 3 + 3 = 25.
    assert (facts.value("n_suppression"), facts.value("n_other"), facts.value("n_agents")) == (3, 3, 25)
    assert facts.text("other_names") == "ceritinib, S961 and NT157"


def test_phase_and_status_are_the_sources(facts):
    # Phase III: ganitumab (GAMMA, Simpson §4.2), figitumumab (NSCLC, §4.2), linsitinib (ACC, Yee).
    assert facts.text("phase3_names") == "ganitumab, figitumumab and linsitinib"
    # Chmielowski p. 2384: Pfizer, Roche, Amgen and BMS "halted further development";
    # Yee: linsitinib "was not further developed".
    assert facts.text("stopped_as_of") == ("ganitumab, figitumumab, R1507 and BMS-754807 (as of Chmielowski 2014) "
                                           "and linsitinib (as of Yee 2018)")
    # Simpson §2.3 (dusigitumab) and §4.2 (istiratumab, a phase II under way); Yee: xentuzumab in
    # trial with abemaciclib (NCT03099174).
    assert facts.text("ongoing_as_of") == ("istiratumab and dusigitumab (as of Simpson et al. 2017) "
                                           "and xentuzumab (as of Yee 2018)")
    # each status cites the source it is as of, not the row's own source
    assert facts["ongoing_as_of"].citations() == ["simpson2017igf", "yee2018fortyyears"]
    # 5 stopped + 3 continuing + 7 not stated + 10 laboratory-only = 25
    assert (facts.value("n_not_stated"), facts.value("n_lab_only")) == (7, 10)


def test_sponsors_cite_chmielowski(facts):
    # Simpson et al. name no companies; Chmielowski lists each drug with its company (p. 2384).
    assert facts["n_sponsored"].citations() == ["chmielowski2014editorial"]


# --------------------------------------------------------------------------- the sample errors


def test_the_coverage_matrix_is_placed_where_the_toc_puts_it(facts, monkeypatch):
    # Sample error: the chapter called the coverage matrix "a later chapter"; _toc.yml puts
    # three-ways just before agents.
    assert evidence.chapter_offset("agents", "three-ways") == -1
    order = evidence.chapter_order()
    swapped = order.copy()
    i, j = swapped.index("three-ways"), swapped.index("agents")
    swapped[i], swapped[j] = swapped[j], swapped[i]
    monkeypatch.setattr(evidence, "chapter_order", lambda: swapped)
    assert "three-ways-is-previous" in failed(agents.facts())


def test_every_sentence_that_places_a_chapter_is_checked():
    # "a later chapter", "the next chapter", "the chapter before" … must carry a checked claim
    text = CHAPTER.read_text(encoding="utf-8")
    for m in re.finditer(r"(later|earlier|next|previous|following) chapter|chapter (before|after)", text):
        sentence = text[m.start():text.find(".", m.end()) + 1]
        assert "{claim}" in sentence, f"unchecked placement: {sentence!r}"


def test_ceritinib_counted_as_a_kinase_inhibitor_breaks_the_class_claims():
    # Sample error: ceritinib (ALK; IGF-1R) filed as an IGF-1R kinase inhibitor.
    f = agents.facts(edit("agents", "ceritinib", agent_class="IGF-1R kinase inhibitor"))
    assert {"tki-all-insr-b", "tki-are-simpson-fig3", "alk-agent-is-other"} <= failed(f)
    assert f.text("tki_insr_b") == "7 of the 8"


# --------------------------------------------------------------------------- drift


def with_list(key: str, column: str, value: tuple):
    """The book's tables with a list cell of one agent replaced (``edit`` sets scalars only)."""
    t = drift_tables()
    frame = t.agents.copy()
    frame.at[frame.index[frame["agent_id"] == key][0], column] = value
    t.agents = frame
    return t


def test_a_new_status_source_changes_the_as_of_text():
    f = agents.facts(edit("agents", "xentuzumab", status_source="simpson2017igf"))
    assert f.text("ongoing_as_of") == "istiratumab, xentuzumab and dusigitumab (as of Simpson et al. 2017)"


def test_a_status_without_its_source_stops_the_build():
    assert "status-has-source" in failed(agents.facts(edit("agents", "dusigitumab", status_source=None)))


def test_a_preclinical_agent_given_a_stated_status_breaks_the_status_sums():
    f = agents.facts(edit("agents", "nt157", status="not stated"))
    assert "lab-only-are-preclinical" in failed(f)
    assert agents.facts(edit("agents", "nt157", status="in trial")).claims["statuses-add-up"].holds is False


def test_an_agent_called_by_another_drugs_name_breaks_the_two_drugs_claim():
    assert "r1507-two-drugs" in failed(agents.facts(with_list("r1507", "codes", ("R-1507", "robatumumab"))))


def test_an_antibody_given_insr_b_breaks_the_exercise_answer():
    f = agents.facts(with_list("figitumumab", "targets", ("IGF-1R", "INSR-B")))
    assert "insr-b-is-tki-or-insr-inhibitor" in failed(f)


def test_no_number_is_typed_in_the_prose():
    assert typed_numbers(CHAPTER) == []


def test_the_chapter_tables_pass_strict(monkeypatch):
    monkeypatch.setattr(igfbook.tables, "STRICT", True)
    t = agents.load()
    tables.show(agents.catalogue(t), "agents-catalogue", table="agents")
    tables.show(agents.by_class(t)[1], "agents-by-class")
