"""The nbval snapshots exist for every chapter and still match the chapters' code."""

from __future__ import annotations

import nbformat
import pytest

from igfbook.build import Project, read_chapter
from igfbook.snapshots import snapshot_path

from helpers import ROOT

CHAPTERS = Project(ROOT).chapters()


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
        figure_cell = any("figures." in line for line in cell.get("source", "").splitlines()) and cell.cell_type == "code"
        if figure_cell:
            shown = [o for o in outputs if o.get("output_type") in {"execute_result", "display_data", "stream"}
                     and ("text/html" in o.get("data", {}) or o.get("output_type") == "stream")]
            assert shown, f"a figure cell of {doc} shows no numbers"
