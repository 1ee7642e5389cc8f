"""The validator: the shipped data is valid, and broken rows are named precisely."""

from __future__ import annotations

import json

import frictionless
import pytest

from databook import tableschema
from databook.tableschema import DataError, Package

from tests.helpers import ROOT, data_copy, line_of, set_cell


def problems_of(root):
    return Package(root).validate()


def test_shipped_package_is_valid():
    assert Package(ROOT).validate() == []


def test_reference_implementation_agrees_the_package_is_valid():
    # frictionless is the reference implementation of the Data Package standard: the descriptor
    # and the tables must be valid for it too (it ignores the igfbook: extensions).
    report = frictionless.validate(str(ROOT / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_unknown_class_names_file_row_column_value_and_allowed_values(tmp_path):
    root = data_copy(tmp_path)
    csv_path = root / "data" / "agents.csv"
    row = set_cell(csv_path, "cixutumumab", "agent_class", "anti-IGF1R antibody")
    [p] = problems_of(root)
    assert (p.file, p.row, p.column, p.value, p.rule) == ("data/agents.csv", row, "agent_class",
                                                          "anti-IGF1R antibody", "enum")
    assert "anti-IGF-1R antibody" in p.message  # the message lists what is allowed


def test_citation_key_missing_from_bibliography(tmp_path):
    root = data_copy(tmp_path)
    row = set_cell(root / "data" / "agents.csv", "linsitinib", "source", "fassnacht2015")
    [p] = problems_of(root)
    assert (p.row, p.column, p.value, p.rule) == (row, "source", "fassnacht2015", "citation")


def test_citation_inside_a_list_is_checked_item_by_item(tmp_path):
    root = data_copy(tmp_path)
    row = set_cell(root / "data" / "agents.csv", "figitumumab", "other_sources",
                   "gombos2012crossroad; nosuchkey2020")
    [p] = problems_of(root)
    assert (p.row, p.column, p.rule) == (row, "other_sources", "citation")
    assert "'nosuchkey2020'" in p.message


def test_duplicate_name_points_at_both_rows(tmp_path):
    root = data_copy(tmp_path)
    csv_path = root / "data" / "agents.csv"
    first = line_of(csv_path, "figitumumab")
    row = set_cell(csv_path, "cixutumumab", "name", "figitumumab")
    [p] = problems_of(root)
    assert (p.row, p.column, p.value, p.rule) == (row, "name", "figitumumab", "unique")
    assert f"row {first}" in p.message


def test_duplicate_primary_key(tmp_path):
    root = data_copy(tmp_path)
    csv_path = root / "data" / "agents.csv"
    first = line_of(csv_path, "ganitumab")
    row = set_cell(csv_path, "istiratumab", "agent_id", "ganitumab")
    rules = {(p.row, p.column, p.rule) for p in problems_of(root)}
    assert (row, "agent_id", "primary-key") in rules
    assert any(p.rule == "primary-key" and f"row {first}" in p.message for p in problems_of(root))


def test_conditional_requirement(tmp_path):
    root = data_copy(tmp_path)
    row = set_cell(root / "data" / "agents.csv", "xentuzumab", "status_source", "")
    [p] = problems_of(root)
    assert (p.row, p.column, p.rule) == (row, "status_source", "required_when")


def test_every_problem_is_reported_in_one_run(tmp_path):
    root = data_copy(tmp_path)
    csv_path = root / "data" / "agents.csv"
    set_cell(csv_path, "ganitumab", "highest_phase", "IV")
    set_cell(csv_path, "nt157", "targets", "STAT3; mTOR")
    set_cell(csv_path, "s961", "agent_id", "S961")
    found = {(p.column, p.rule) for p in problems_of(root)}
    assert found == {("highest_phase", "enum"), ("targets", "enum"), ("agent_id", "pattern")}


def test_loader_raises_with_a_readable_report(tmp_path, monkeypatch):
    root = data_copy(tmp_path)
    row = set_cell(root / "data" / "agents.csv", "dusigitumab", "highest_phase", "2")
    monkeypatch.setenv("DATABOOK_ROOT", str(root))
    from igfbook import data

    with pytest.raises(DataError) as err:
        data.agents()
    text = str(err.value)
    assert f"data/agents.csv, row {row}, column 'highest_phase', value '2'" in text
    assert "allowed: preclinical, I, I/II, II, II/III, III, not stated" in text


def test_typed_columns(monkeypatch):
    monkeypatch.setenv("DATABOOK_ROOT", str(ROOT))
    agents = Package(ROOT).table("agents")
    fields = {f["name"]: f for f in json.loads((ROOT / "data" / "datapackage.json").read_text())["resources"][0]["schema"]["fields"]}
    for name, field in fields.items():
        if field["type"] == "list":
            assert all(isinstance(v, tuple) for v in agents[name]), name
        else:
            assert str(agents[name].dtype) == "string", name


def test_report_groups_by_file():
    p1 = tableschema.Problem("data/b.csv", 3, "x", "1", "enum", "bad")
    p2 = tableschema.Problem("data/a.csv", 2, "y", "2", "type", "bad")
    text = tableschema.report([p1, p2])
    assert text.index("data/a.csv: 1 problem") < text.index("data/b.csv: 1 problem")


def test_an_infinite_count_is_a_type_error_not_a_crash(tmp_path):
    # "inf" parses as a float; the row rules that add counts must not try to print it as an integer
    root = data_copy(tmp_path)
    row = set_cell(root / "data" / "arms.csv", "figitumumab-ewing-ph2-juergens2011", "pr", "inf")
    found = [(p.row, p.column, p.rule) for p in problems_of(root)]
    assert (row, "pr", "type") in found
