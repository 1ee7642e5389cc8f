"""The troubleshooting appendix: every catalogue case with the message it really gets."""

from __future__ import annotations

import pytest

from igfbook import catalogue
from igfbook.facts import troubleshooting

from tests.book.drift import failed


@pytest.fixture(scope="module")
def cases():
    return troubleshooting.load()


def test_every_claim_holds(cases):
    assert failed(troubleshooting.facts(cases)) == set()


def test_one_entry_per_case_with_the_file_it_broke(cases):
    assert [c["id"] for c in cases] == [c.id for c in catalogue.CASES]
    files = {c["file"] for c in cases}
    # the page records as inputs exactly the tables the cases break, and the bibliography
    assert {f"data/{t}.csv" for t in catalogue._TABLES_BROKEN} | {"references.bib"} == files


def test_messages_name_file_row_and_rule(cases):
    wrong_type = next(c for c in cases if c["id"] == "wrong-type")
    [line] = wrong_type["messages"]
    assert line.startswith("data/arms.csv, row ") and "column 'patients'" in line and line.endswith("[type]")


def test_a_silent_or_vague_refusal_falsifies_the_page(cases):
    silent = [dict(c, messages=[], hint_found=False) if c["id"] == "wrong-type" else c for c in cases]
    assert failed(troubleshooting.facts(silent)) == {"every-case-refused"}
    vague = [dict(c, hint_found=False) if c["id"] == "wrong-type" else c for c in cases]
    assert failed(troubleshooting.facts(vague)) == {"every-message-actionable"}


def test_the_scratch_copies_are_not_inputs_of_the_page():
    from databook import inputs

    inputs.forget()
    troubleshooting.load()
    keys = set(inputs.recorded())
    assert keys == {"table:data/agents.csv", "table:data/arms.csv", "table:data/studies.csv", "table:data/sources.csv",
                    "json:data/datapackage.json", "bib:references.bib"}


def test_the_claim_example_is_the_real_message():
    shown = troubleshooting.claim_example()
    assert shown.startswith("ClaimError: 1 claim of chapter 'later' no longer holds")
    assert "[none-better]" in shown and "later:aews1221-ganitumab-ewing" in shown
