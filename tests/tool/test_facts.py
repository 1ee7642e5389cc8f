"""Facts carry their provenance; claims fail loudly and name the rows against them."""

from __future__ import annotations

import pytest

from databook.facts import Cell, ClaimError, FactSet, MissingValue, Row, Source, cite_markup, sources_of


def rows():
    return [Row("trials", "t1", {"responders": 3, "patients": 30}, ("alpha2020",), "Table 1"),
            Row("trials", "t2", {"responders": 1, "patients": 20}, ("beta2021",), "p. 4")]


def test_a_cell_knows_its_table_row_column_citation_and_locator():
    cell = rows()[0]["patients"]
    assert cell == Cell(30, Source("trials", "t1", "patients", ("alpha2020",), "Table 1"))
    assert cell.source.ref() == "trials:t1#patients"
    with pytest.raises(KeyError, match="no column 'nope'"):
        rows()[0]["nope"]


def test_a_fact_cites_the_rows_it_was_computed_from_in_order():
    f = FactSet("demo")
    r = rows()
    fact = f.add("responders", 4, sources=[x["responders"] for x in r])
    assert fact.text == "4" and fact.citations() == ["alpha2020", "beta2021"]
    assert fact.rows() == ["trials:t1", "trials:t2"]
    assert f.add("count", 2, cite=False).citations() == []
    assert f.add("first", r[0]["patients"]).citations() == ["alpha2020"]


def test_values_that_are_not_words_need_a_text():
    f = FactSet("demo")
    with pytest.raises(TypeError, match="text"):
        f.add("rate", 0.1)
    with pytest.raises(TypeError, match="True, False"):
        f.add("flag", True)
    with pytest.raises(MissingValue, match="fact 'n' of chapter 'demo' has no value \\(trials:t1#patients is empty\\)"):
        f.add("n", Cell(None, Source("trials", "t1", "patients")))
    with pytest.raises(ValueError, match="defined twice"):
        f.add("a", 1), f.add("a", 2)
    with pytest.raises(TypeError, match="not the text"):
        sources_of("trials:t1")


def test_failed_claims_stop_with_the_chapter_the_statement_and_the_rows():
    f = FactSet("demo")
    f.claim("holds", "one thing is true", True)
    f.claim("fails", "the second trial responds best", False, [rows()[0], "trials:t9"])
    assert [c.id for c in f.failed()] == ["fails"]
    with pytest.raises(ClaimError) as error:
        f.check()
    message = str(error.value)
    assert "chapter 'demo'" in message and "[fails] the second trial responds best" in message
    assert "contradicted by: trials:t1, trials:t9" in message
    assert "[holds]" not in message


def test_a_claim_compared_with_a_missing_value_does_not_hold():
    import pandas as pd

    f = FactSet("demo")
    f.claim("unknown", "the primary report is the verified one", pd.NA == "ref2020", ["trials:t1"])
    assert [c.id for c in f.failed()] == ["unknown"] and f.claims["unknown"].against == ("trials:t1",)


def test_citation_markup():
    assert cite_markup(["a", "b", "a", ""]) == "{cite:p}`a,b`"
    assert cite_markup([]) == ""


def test_a_row_cited_to_another_reference_keeps_its_cells_and_key():
    row = rows()[0]
    other = row.cited_to(("primary2020",), "abstract")
    assert (other.table, other.key, other.value("patients")) == (row.table, row.key, row.value("patients"))
    assert other["patients"].source.cite == ("primary2020",) and other.locator == "abstract"
    assert row.cite != other.cite


def test_a_borrowed_fact_keeps_its_sources_and_a_borrowed_claim_still_fails():
    lender = FactSet("trials")
    r = rows()
    lender.add("responders", 4, sources=[x["responders"] for x in r])
    lender.claim("t1-best", "the first trial responds best", False, [r[1]])
    quiz = FactSet("quiz").borrow(lender, ["responders"], ["t1-best"])
    assert quiz["responders"].citations() == ["alpha2020", "beta2021"] and quiz.text("responders") == "4"
    with pytest.raises(ClaimError) as error:
        quiz.check()
    assert "chapter 'quiz'" in str(error.value) and "(from trials)" in str(error.value)
    assert "contradicted by: trials:t2" in str(error.value)
    with pytest.raises(KeyError, match="chapter 'trials' has no claim 'nope'"):
        FactSet("quiz").borrow(lender, claims=["nope"])
    with pytest.raises(ValueError, match="defined twice"):
        quiz.borrow(lender, ["responders"])
