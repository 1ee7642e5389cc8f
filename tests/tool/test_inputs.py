"""One digest per kind of input; formatting that is not content does not change a digest."""

from __future__ import annotations

import pytest

from databook import inputs


@pytest.fixture()
def root(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "t.csv").write_text("id,name,n\na,Alpha,1\nb,Beta,2\n", encoding="utf-8")
    return tmp_path


def digests(root, *keys):
    return [inputs.digest(k, root) for k in keys]


def test_keys_are_parsed_and_refused_when_malformed():
    assert inputs.parse("column:data/t.csv#name") == ("column", "data/t.csv", "name")
    assert inputs.parse("table:data/t.csv") == ("table", "data/t.csv", None)
    assert inputs.key("values", "data/t.csv", "id") == "values:data/t.csv#id"
    with pytest.raises(ValueError, match="kinds"):
        inputs.parse("data/t.csv")
    with pytest.raises(ValueError, match="unknown input kind"):
        inputs.key("nonsense", "x")


def test_a_byte_order_mark_crlf_and_column_order_are_not_content(root):
    path = root / "data" / "t.csv"
    keys = ["table:data/t.csv", "column:data/t.csv#name", "values:data/t.csv#id"]
    before = digests(root, *keys)
    raw = path.read_bytes()
    assert inputs.digest("file:data/t.csv", root) == inputs.sha(raw)
    path.write_bytes(b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"))          # Excel's "CSV UTF-8"
    assert digests(root, *keys) == before
    path.write_text("name,n,id\nAlpha,1,a\nBeta,2,b\n", encoding="utf-8")      # columns reordered
    assert digests(root, *keys) == before
    assert inputs.digest("file:data/t.csv", root) != inputs.sha(raw)           # the bytes did change


def test_a_cell_edit_changes_its_table_and_column_but_not_the_other_columns(root):
    path = root / "data" / "t.csv"
    before = dict(zip(["table", "name", "n", "id"], digests(
        root, "table:data/t.csv", "column:data/t.csv#name", "column:data/t.csv#n", "values:data/t.csv#id")))
    path.write_text("id,name,n\na,Alpha,1\nb,Beta,3\n", encoding="utf-8")
    after = dict(zip(["table", "name", "n", "id"], digests(
        root, "table:data/t.csv", "column:data/t.csv#name", "column:data/t.csv#n", "values:data/t.csv#id")))
    assert after["table"] != before["table"] and after["n"] != before["n"]
    assert after["name"] == before["name"] and after["id"] == before["id"]


def test_values_are_a_set_and_a_vanished_input_has_no_digest(root):
    path = root / "data" / "t.csv"
    before = inputs.digest("values:data/t.csv#id", root)
    path.write_text("id,name,n\nb,Beta,2\na,Alpha,1\n", encoding="utf-8")   # rows swapped
    assert inputs.digest("values:data/t.csv#id", root) == before
    assert inputs.digest("column:data/t.csv#nope", root) is None
    assert inputs.digest("table:data/missing.csv", root) is None


def test_schema_json_and_bibliography_kinds(tmp_path):
    (tmp_path / "d.json").write_text('{"resources": [{"name": "a", "x": 1}, {"name": "b", "x": 2}]}')
    a = inputs.digest("schema:d.json#a", tmp_path)
    whole = inputs.digest("json:d.json", tmp_path)
    (tmp_path / "d.json").write_text('{"resources": [{"x": 1, "name": "a"}, {"name": "b", "x": 3}]}')
    assert inputs.digest("schema:d.json#a", tmp_path) == a       # resource a unchanged (key order is not content)
    assert inputs.digest("json:d.json", tmp_path) != whole
    (tmp_path / "r.bib").write_text("@article{k1, author={A, B}, title={T}, journal={J}, year={2020}}\n"
                                    "@article{k2, author={C, D}, title={U}, journal={J}, year={2021}}\n")
    keys, k1 = inputs.digest("bibkeys:r.bib", tmp_path), inputs.digest("bibentry:r.bib#k1", tmp_path)
    (tmp_path / "r.bib").write_text("@article{k1, author={A, B}, title={T}, journal={J}, year={2020}}\n"
                                    "@article{k2, author={C, D}, title={V}, journal={J}, year={2021}}\n")
    assert inputs.digest("bibkeys:r.bib", tmp_path) == keys      # same keys
    assert inputs.digest("bibentry:r.bib#k1", tmp_path) == k1    # k1 untouched
    assert inputs.digest("bibentry:r.bib#k2", tmp_path) != k1
    assert inputs.digest("bibentry:r.bib#k9", tmp_path) is None


def test_recording_and_staleness(root):
    inputs.forget()
    inputs.record("table:data/t.csv", root=root)
    recorded = inputs.recorded()
    assert list(recorded) == ["table:data/t.csv"]
    assert inputs.stale(recorded, root) == []
    (root / "data" / "t.csv").write_text("id,name,n\na,Alpha,9\n", encoding="utf-8")
    assert inputs.stale(recorded, root) == ["table:data/t.csv"]
    assert inputs.stale({"old-style-key": "x"}, root) == ["old-style-key"]
    inputs.forget()


def test_nothing_is_recorded_while_paused(tmp_path):
    from databook import inputs

    inputs.forget()
    (tmp_path / "a.txt").write_text("a")
    with inputs.paused():
        inputs.record(inputs.key("file", "a.txt"), root=tmp_path)
        inputs.record(inputs.key("file", "b.txt"), "given", root=tmp_path)
    assert inputs.recorded() == {}
    inputs.record(inputs.key("file", "a.txt"), root=tmp_path)   # recording resumes after the block
    assert list(inputs.recorded()) == ["file:a.txt"]


def test_a_row_count_depends_on_the_keys_not_on_the_other_cells(root):
    from databook import dictionary
    from databook.project import Project

    (root / "_toc.yml").write_text("format: jb-book\nroot: intro\n", encoding="utf-8")
    project = Project(root)
    resource = {"name": "t", "path": "t.csv", "schema": {"primaryKey": ["id"]}}
    inputs.forget()
    assert dictionary.rows_in(project, resource) == 2
    assert set(inputs.recorded()) == {"values:data/t.csv#id"}   # a cell of name or n does not count
    inputs.forget()
    assert dictionary.rows_in(project, {"name": "t", "path": "t.csv", "schema": {}}) == 2
    assert set(inputs.recorded()) == {"table:data/t.csv"}        # without a key: the whole content
