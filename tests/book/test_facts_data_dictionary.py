"""The data dictionary: the schema's titles first, row rules in words, no copied examples, tables
for readers; claims that fail when the descriptor stops supporting them."""

from __future__ import annotations

import copy

import pytest

import igfbook.tables
from igfbook import data, tables
from igfbook.facts import data_dictionary as dd

from tests.book.drift import failed


@pytest.fixture(scope="module")
def package():
    return dd.descriptor()


@pytest.fixture(scope="module")
def t():
    return data.tables()


def test_every_claim_holds_for_the_shipped_data(t, package):
    assert failed(dd.facts(t, package)) == set()


def test_counts_are_the_descriptor_s(t, package):
    f = dd.facts(t, package)
    assert f.value("n_tables") == len(package["resources"]) == 15  # twelve tables of the sources; later trials, comparisons and harms
    assert f.value("n_columns") == sum(len(r["schema"]["fields"]) for r in package["resources"])
    assert f.value("n_rules") == sum(len(r.get("databook:rules", [])) for r in package["resources"])


def test_columns_are_shown_by_their_schema_titles_first(package):
    for r in package["resources"]:
        frame = dd.fields(r)
        assert list(frame.columns)[:2] == ["shown as", "column in the file"]
        assert list(frame["shown as"]) == [f.get("title") for f in r["schema"]["fields"]]


def test_row_rules_are_in_words_with_titles(package):
    arms = next(r for r in package["resources"] if r["name"] == "arms")
    words = dd.rules(arms)
    assert "'complete responses' + 'partial responses' is at most 'patients'" in words
    assert any("exactly one row for each 'study' and 'arm' has 'used by the book' yes" == w for w in words)
    assert all("_" not in w for r in package["resources"] for w in dd.rules(r))


def test_the_copied_example_would_have_been_caught(t, package):
    # The sample error: every key column gave the study key 'sarc-r1507-ewing' as its example.
    bad = copy.deepcopy(package)
    for r in bad["resources"]:
        if r["name"] == "interactions":
            r["schema"]["fields"][0]["databook:format"] = "a lower-case key, e.g. 'sarc-r1507-ewing'"
    f = dd.facts(t, bad)
    assert "examples-are-real" in failed(f)
    assert f.claims["examples-are-real"].against == ("interactions.interaction_id: sarc-r1507-ewing",)
    # and a description's example is checked too
    bad2 = copy.deepcopy(package)
    marker = next(fl for r in bad2["resources"] if r["name"] == "biomarkers" for fl in r["schema"]["fields"]
                  if fl["name"] == "marker")
    marker["description"] = "The marker, e.g. 'IGF-1R expression (immunohistochemistry)'."
    assert "examples-are-real" in failed(dd.facts(t, bad2))


def test_a_comma_list_falsifies_the_separator(t, package):
    bad = copy.deepcopy(package)
    next(fl for r in bad["resources"] for fl in r["schema"]["fields"] if fl.get("type") == "list")["delimiter"] = ","
    assert "lists-use-semicolons" in failed(dd.facts(t, bad))


def test_a_table_without_provenance_falsifies_every_row_cited(t, package):
    bad = copy.deepcopy(package)
    bad["resources"][0].pop("databook:provenance")
    assert "every-row-cited" in failed(dd.facts(t, bad))


def test_tables_are_for_readers(monkeypatch, package):
    monkeypatch.setattr(igfbook.tables, "STRICT", True)
    tables.for_readers(dd.overview(package))
    for r in package["resources"]:
        tables.for_readers(dd.fields(r))
    assert set(dd.overview(package)["table"]) == {r["title"] for r in package["resources"]}


def test_every_row_rule_is_shown_with_a_real_row():
    from igfbook import data

    t = data.tables()
    package = dd.descriptor()
    for resource in package["resources"]:
        shown = dd.rules_table(t, resource) if resource.get("databook:rules") else None
        if shown is None:
            continue
        assert len(shown) == len(resource["databook:rules"])
        keys = set(t.frame(resource["name"]).iloc[:, 0].astype(str)) if resource["name"] != "sources" \
            else set(data.table("sources")["key"])
        for example in shown["example row"]:
            assert example.split(":")[0] in keys, (resource["name"], example)
    arms = next(r for r in package["resources"] if r["name"] == "arms")
    first = dd.rules_table(t, arms).iloc[0]
    # Gombos et al.'s text for the R1507 Ewing cohort: 1 CR + 9 PR of 111 patients
    assert first["example row"] == ("sarc-r1507-ewing-gombos-text: 'complete responses' 1, "
                                    "'partial responses' 9, 'patients' 111")
