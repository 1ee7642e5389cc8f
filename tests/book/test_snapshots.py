"""The regression snapshots exist for every chapter, match its code, and hold numbers, not pixels."""

from __future__ import annotations

import nbformat
import pytest

from databook.notebooks import read_chapter
from databook.project import Project
from databook.snapshots import snapshot_path

from tests.helpers import ROOT

PROJECT = Project(ROOT)
CHAPTERS = PROJECT.chapters()


def code(nb):
    return [c.source for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("doc", CHAPTERS)
def test_snapshot_matches_chapter_code(doc):
    path = snapshot_path(PROJECT, doc)
    assert path.is_file(), f"no snapshot for {doc}: run 'make snapshots'"
    snapshot = nbformat.read(path, as_version=4)
    assert code(snapshot) == code(read_chapter(PROJECT.source(doc))), (
        f"{doc} changed since its snapshot was taken: run 'make snapshots' and review the diff")


def test_no_orphan_snapshots():
    expected = {snapshot_path(PROJECT, d) for d in CHAPTERS}
    assert set(PROJECT.snapshots_dir.rglob("*.ipynb")) == expected


@pytest.mark.parametrize("doc", CHAPTERS)
def test_snapshots_hold_no_images_but_every_figure_prints_numbers(doc):
    # nbval cannot compare images, so a cell that draws a figure must also show, as text, the table
    # of the numbers it draws; the snapshot keeps only a placeholder for the image itself.
    snapshot = nbformat.read(snapshot_path(PROJECT, doc), as_version=4)
    for cell in snapshot.cells:
        outputs = cell.get("outputs", [])
        data = [o.get("data", {}) for o in outputs]
        assert not any(k in ("image/png", "image/jpeg", "image/svg+xml") for d in data for k in d)
        if any(v == "IMAGE" for d in data for k, v in d.items() if "image/" in k):
            texts = ["".join(d.get("text/plain", "")) for d in data]
            assert any(t.startswith("table ") for t in texts), f"a figure cell of {doc} shows no table of its numbers"
