"""Executed chapters against their snapshots, by nbval's comparison, without executing again."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from databook.regression import compare, sanitize_patterns


def notebook(*outputs, source="print(x)", tags=()):
    cell = new_code_cell(source, execution_count=1, outputs=list(outputs))
    if tags:
        cell.metadata["tags"] = list(tags)
    return new_notebook(cells=[new_markdown_cell("# Title"), cell])


def stream(text):
    return new_output("stream", name="stdout", text=text)


def result(text):
    return new_output("execute_result", data={"text/plain": text}, execution_count=1)


def test_the_same_outputs_agree():
    assert compare(notebook(stream("15/106\n")), notebook(stream("15/106\n"))) == []


def test_a_changed_number_is_reported_with_both_values():
    problems = compare(notebook(result("rate 14.2%")), notebook(result("rate 14.9%")))
    assert len(problems) == 1 and problems[0].startswith("code cell 1:")
    assert "14.2%" in problems[0] and "14.9%" in problems[0]


def test_streams_split_differently_are_the_same_output():
    assert compare(notebook(stream("a\nb\n")), notebook(stream("a\n"), stream("b\n"))) == []


def test_an_output_missing_from_the_build_is_reported():
    problems = compare(notebook(result("table"), stream("x\n")), notebook(stream("x\n")))
    assert problems and "Missing output fields" in problems[0]


def test_sanitisers_are_applied_to_both_sides(tmp_path):
    cfg = tmp_path / "sanitize.cfg"
    cfg.write_text("[addresses]\nregex: at 0x[0-9a-f]+\nreplace: at 0xADDRESS\n")
    ref, new = notebook(result("<Fig at 0x7f00>")), notebook(result("<Fig at 0x7e11>"))
    assert compare(ref, new) != []
    assert compare(ref, new, sanitize_patterns(cfg)) == []


def test_nbval_markers_are_honoured():
    assert compare(notebook(result("a"), tags=["nbval-ignore-output"]), notebook(result("b"))) == []
    assert compare(notebook(result("a"), source="# NBVAL_IGNORE_OUTPUT\nprint(x)"),
                   notebook(result("b"), source="# NBVAL_IGNORE_OUTPUT\nprint(x)")) == []
    assert compare(notebook(result("a"), tags=["nbval-skip"]), notebook(result("b"))) == []


def test_images_are_not_compared_but_their_printed_numbers_are():
    ref = notebook(new_output("display_data", data={"image/png": "AAAA", "text/plain": "table n=3"}))
    new = notebook(new_output("display_data", data={"image/png": "BBBB", "text/plain": "table n=3"}))
    assert compare(ref, new) == []
    new.cells[1].outputs[0].data["text/plain"] = "table n=4"
    assert compare(ref, new) != []


def test_changed_code_asks_for_new_snapshots():
    problems = compare(notebook(stream("1\n")), notebook(stream("1\n"), source="print(y)"))
    assert problems == ["the chapter's code differs from its snapshot's: run 'make snapshots' and review the diff"]


def test_round_trip_through_a_file(tmp_path):
    nb = notebook(result("x"))
    path = tmp_path / "a.ipynb"
    nbformat.write(nb, path)
    assert compare(nbformat.read(path, as_version=4), nb) == []
