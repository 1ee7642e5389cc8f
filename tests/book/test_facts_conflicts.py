"""The conflicts appendix: every row shown, every affected row routed by the book's one chapter rule
and named by its label, cards for readers, and claims that fail when the data stop supporting them."""

from __future__ import annotations

import csv
import re

import pytest

import igfbook.tables
from igfbook import conflicts as domain, data, evidence, refs, tables
from igfbook.facts import conflicts

from tests.book.drift import edit, failed, tables as book_tables
from tests.book.prose_numbers import typed_numbers
from tests.helpers import ROOT


@pytest.fixture(scope="module")
def t():
    return data.tables()


@pytest.fixture(scope="module")
def facts(t):
    return conflicts.facts(t)


def test_every_claim_holds_for_the_shipped_data(facts):
    assert failed(facts) == set()


def test_counts_are_those_of_the_file(facts):
    with open(ROOT / "data" / "conflicts.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert facts.value("n_conflicts") == len(rows)
    assert sum(facts.value(f"kind_{conflicts.slug(k)}") for k in domain.kinds()) == len(rows)
    assert sum(facts.value(f"ev_{conflicts.slug(e)}") for e in domain.evidence_kinds()) == len(rows)
    assert facts.value("n_wording") == sum(1 for r in rows if not r["affects"])
    # Gombos et al. (2012) is the oldest of the four articles: Chmielowski 2014, Simpson 2017, Yee 2018.
    assert facts.text("top_source") == "Gombos et al. 2012"


def test_the_sections_follow_the_schema_order_and_cover_every_kind():
    assert conflicts.SECTION_KINDS == domain.kinds()
    text = (ROOT / "book" / "conflicts.md").read_text(encoding="utf-8")
    for kind in domain.kinds():
        assert f'conflicts.cards(t, "{kind}")' in text
    for doc in conflicts.SECTION_CHAPTERS:
        assert f'conflicts.chapter_table(t, "{doc}")' in text and f"{{doc}}`{doc}`" in text


def test_affected_rows_use_the_one_chapter_rule(t):
    a = domain.affected_rows(t)
    assert len(a) == t.conflicts["affects"].map(len).sum()
    for row in a.itertuples():
        assert row.chapter == evidence.chapter_of_row(t, row.table, row.key)
        if row.table == "studies":
            study = t.studies.set_index("study_id").loc[row.key]
            assert row.chapter == evidence.chapter_of(study)
    assert "data-dictionary" not in set(a["chapter"])


def test_cards_show_the_data_with_labels_not_keys(t):
    keys = refs.keys()
    for c in t.conflicts.itertuples():
        card = domain.conflict_card(t, c.conflict_id).set_index("field")[c.conflict_id]
        assert card["topic"] == c.topic and card["evidence"] == c.evidence
        assert card["version A"] == domain.with_labels(c.version_a)
        assert ("version C" in card.index) == isinstance(c.version_c, str)
        assert card["source A"].startswith(refs.label(c.source_a))
        text = " ".join(card.astype(str))
        assert not [w for w in re.findall(r"\b[a-z][a-z-]*\d{4}[a-z0-9]*\b", text) if w in keys], c.conflict_id
        assert not re.search(r"\b(studies|arms|agents|biomarkers|interactions|combinations):[a-z0-9-]+", text)
        for item in c.affects:
            table, _, key = item.partition(":")
            assert domain.row_label(t, table, key) in card["rows affected"]
            assert evidence.chapter_title(evidence.chapter_of_row(t, table, key)) in card["rows affected"]


def test_tables_are_for_readers(monkeypatch, t):
    monkeypatch.setattr(igfbook.tables, "STRICT", True)
    fig, drawn = conflicts.by_kind(t)
    assert int(drawn["total"].sum()) == len(t.conflicts)
    shown = [tables.for_readers(drawn, "conflicts")]
    shown += [tables.for_readers(card) for k in domain.kinds() for card in domain.cards(t, k)]
    shown += [tables.for_readers(domain.by_chapter(t, d)) for d in conflicts.SECTION_CHAPTERS]
    for frame in shown:
        assert not frame.map(lambda v: isinstance(v, (tuple, bool))).any().any()


def test_the_page_types_no_number():
    assert typed_numbers(ROOT / "book" / "conflicts.md", allowed=("1",)) == []  # "Table 1", the name of Gombos et al.'s table


def test_the_new_rows_are_told_as_their_sources_say(t):
    # Simpson §4.2 ("advanced nonadenocarcinoma NSCLC") and the verified title of Scagliotti et al. 2015
    # ("... in patients with nonadenocarcinoma nonsmall-cell lung cancer").
    h = t.row("conflicts", "c-nsclc-ph3-histology")
    assert "non-adenocarcinoma" in h.value("version_b") and "non-adenocarcinoma" in h.value("version_c")
    assert "nonadenocarcinoma" in refs.title("scagliotti2015figitumumab").lower()
    # Tap et al. abstract: "CBR = complete + partial responses + stable disease [SD] >= 24 weeks".
    assert "24 weeks or more" in t.row("conflicts", "c-ganitumab-cbr-definition").value("version_b")


# --------------------------------------------------------------------------- drift


def test_a_kind_without_a_section_stops_the_build():
    f = conflicts.facts(edit("conflicts", "c-beatson-date", kind="novel kind"))
    assert "every-kind-has-a-section" in failed(f)
    assert f.claims["every-kind-has-a-section"].against == ("conflicts:c-beatson-date",)


def test_a_row_shown_in_a_chapter_without_a_section_stops_the_build():
    t = book_tables()
    c = t.conflicts.copy()
    at = c.index[c["conflict_id"] == "c-beatson-date"][0]
    c.at[at, "affects"] = ("studies:linsitinib-acc-ph3",)  # told in the tumours chapter
    f = conflicts.facts(book_tables(conflicts=c))
    assert "every-chapter-has-a-section" in failed(f)


def test_many_unresolved_conflicts_falsify_most_settled():
    t = book_tables()
    c = t.conflicts.copy()
    c.loc[c.index[:40], "evidence"] = "unresolved"
    assert "most-settled-by-documents" in failed(conflicts.facts(book_tables(conflicts=c)))


def test_a_settled_example_stops_the_answer():
    # The old answer named a conflict (figitumumab's phase III count) as unresolved after it was settled.
    f = conflicts.facts(edit("conflicts", "c-bms754807-phase", evidence="verified primary reference"))
    assert "example-unresolved" in failed(f)


def test_a_table_count_the_publication_does_not_support_falsifies_it_held():
    f = conflicts.facts(edit("arms", "figitumumab-sarcoma-ph1-olmos2010", sd=7))
    assert "top-source-table-held" in failed(f)


def test_a_new_date_conflict_changes_the_section_text():
    f = conflicts.facts(edit("conflicts", "c-igf1r-typos", kind="date"))
    assert f.text("kind_date") == "2 conflicts"
