"""The nbval snapshots exist for every chapter and still match the chapters' code."""

from __future__ import annotations

import inspect
import re

import nbformat
import pytest

from igfbook import clinical_figures, combination_figures, figures

from igfbook.build import Project, read_chapter
from igfbook.snapshots import snapshot_path

from helpers import ROOT

CHAPTERS = Project(ROOT).chapters()
#: Functions of igfbook.figures that draw a figure (they return the figure and its numbers).
FIGURE_MODULES = (figures, clinical_figures, combination_figures)
FIGURE_FUNCTIONS = {f"{m.__name__.rsplit('.', 1)[1]}.{name}" for m in FIGURE_MODULES
                    for name, fn in inspect.getmembers(m, inspect.isfunction)
                    if fn.__module__ == m.__name__ and "Figure" in str(inspect.signature(fn).return_annotation)}
FIGURE_CALL = re.compile(r"\b(" + "|".join(re.escape(f) for f in sorted(FIGURE_FUNCTIONS)) + r")\(")


def code(nb):
    return [c.source for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("doc", CHAPTERS)
def test_snapshot_matches_chapter_code(doc):
    path = snapshot_path(ROOT, doc)
    assert path.is_file(), f"no snapshot for {doc}: run 'make snapshots'"
    snapshot = nbformat.read(path, as_version=4)
    assert code(snapshot) == code(read_chapter(Project(ROOT).source(doc))), (
        f"{doc} changed since its snapshot was taken: run 'make snapshots' and review the diff")


def test_no_orphan_snapshots():
    expected = {snapshot_path(ROOT, d) for d in CHAPTERS}
    assert set((ROOT / "tests" / "snapshots").rglob("*.ipynb")) == expected


@pytest.mark.parametrize("doc", CHAPTERS)
def test_snapshots_hold_no_images_but_every_figure_prints_numbers(doc):
    snapshot = nbformat.read(snapshot_path(ROOT, doc), as_version=4)
    for cell in snapshot.cells:
        outputs = cell.get("outputs", [])
        assert not any(k.startswith("image/") for o in outputs for k in o.get("data", {}))
        if cell.cell_type == "code" and FIGURE_CALL.search(cell.source):
            texts = ["".join(o.get("data", {}).get("text/plain", "")) + "".join(o.get("text", "")) for o in outputs]
            assert any(t.startswith("table ") or o.get("output_type") == "stream" for t, o in zip(texts, outputs)), (
                f"a figure cell of {doc} shows no table of the numbers it draws")


def test_figure_functions_are_known():
    assert {"figures.agents_by_class", "figures.coverage", "figures.pathway", "clinical_figures.forest"} <= FIGURE_FUNCTIONS
    assert any(f.startswith("combination_figures.") for f in FIGURE_FUNCTIONS)


def test_every_figure_function_is_used_in_a_chapter():
    text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "book").glob("*.md"))
    unused = sorted(f for f in FIGURE_FUNCTIONS if f + "(" not in text)
    assert unused == []
