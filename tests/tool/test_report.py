"""The rebuild report: rows added, removed and modified; chapters run; numbers that moved."""

from __future__ import annotations

from databook import report


def test_table_state_is_content_keyed_by_primary_key(tmp_path):
    (tmp_path / "datapackage.json").write_text(
        '{"resources": [{"name": "t", "path": "t.csv", "schema": {"fields": [], "primaryKey": ["id"]}}]}')
    (tmp_path / "t.csv").write_bytes(b"\xef\xbb\xbfid,v\r\na,1\r\nb,2\r\n")
    assert report.table_state(tmp_path) == {"t": {"a": {"id": "a", "v": "1"}, "b": {"id": "b", "v": "2"}}}


def test_diff_tables():
    old = {"t": {"a": {"id": "a", "v": "1"}, "b": {"id": "b", "v": "2"}}}
    new = {"t": {"a": {"id": "a", "v": "9"}, "c": {"id": "c", "v": "3"}}}
    assert report.diff_tables(old, new) == [{"table": "t", "added": ["c"], "removed": ["b"],
                                             "modified": {"a": {"v": ("1", "9")}}}]
    assert report.diff_tables(old, old) == []


def glued(name, text):
    return {"outputs": [{"output_type": "display_data", "metadata": {"scrapbook": {"name": name}},
                         "data": {report.GLUE_MIME: repr(text)}}]}


def test_numbers_that_moved_and_shown_tables():
    old = {"cells": [glued("n", "3"), {"outputs": [{"data": {"text/plain": "table t\n a b\n 1 2"}}]}]}
    new = {"cells": [glued("n", "4"), {"outputs": [{"data": {"text/plain": "table t\n a b\n 1 3"}}]}]}
    change = report.diff_notebooks(old, new)
    assert change["glue"] == {"n": ("'3'", "'4'")}
    assert change["tables"] == {"t": ["- 1 2", "+ 1 3"]}
    text = report.report([], {"book/a": "inputs changed: table:data/t.csv"}, ["book/b"], {"book/a": change})
    assert "- re-executed `book/a` (inputs changed: table:data/t.csv)" in text
    assert "- reused 1 chapter unchanged" in text and "`book/a` glued `n`: 3 → 4" in text
    assert "no earlier build" in report.report(None, {}, [], {})
    assert "- no table changed" in report.report([], {}, [], {})


def test_the_sentences_whose_glued_values_moved_are_listed_as_readers_read_them():
    from databook.report import changed_sentences

    markdown = ["# Trials\n\nThe table holds {fact}`n` trials {source}`n`. Their notes are kept "
                "apart{claim}`notes-apart`. See {doc}`the notes <notes>`.\n\n- {fact}`best` responded best."]
    old = {"n": "2", "n.cite": "{cite:p}`alpha2020`", "best": "t1"}
    new = {"n": "3", "n.cite": "{cite:p}`alpha2020,beta2021`", "best": "t1"}
    assert changed_sentences(markdown, old, new) == [
        ("The table holds 2 trials [alpha2020].", "The table holds 3 trials [alpha2020,beta2021].")]
    assert changed_sentences(markdown, old, old) == []


def test_the_terminal_summary_keeps_a_screenful_and_counts_the_rest():
    from databook.report import summary

    text = "# Report\n\n## Tables\n" + "".join(f"- row {i}\n" for i in range(30)) + "\n## Chapters\n- one\n"
    short = summary(text, limit=5).splitlines()
    assert short[:3] == ["# Report", "## Tables", "- row 0"]
    assert "  … 25 more lines in the full report" in short and short[-1] == "- one"
    assert len(short) == 1 + 1 + 5 + 1 + 1 + 1
