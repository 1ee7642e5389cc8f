"""The regression snapshots: one per chapter, matching its code, holding numbers rather than pixels,
and equal (by nbval's comparison) to the outputs of the session's one build of the book."""

from __future__ import annotations

import nbformat
import pytest

from databook import cache, regression
from databook.notebooks import read_chapter
from databook.project import Project
from databook.snapshots import snapshot, snapshot_path

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


@pytest.mark.parametrize("doc", CHAPTERS)
def test_built_chapter_outputs_match_their_snapshot(doc, built_copy):
    # The build has just executed every chapter; its outputs are compared with the snapshot by
    # nbval's rules (sanitisers, markers, streams), so no chapter is executed a second time.
    built = Project(built_copy)
    entry, _ = cache.load(built.cache_dir, doc)
    assert entry is not None, f"the build left no executed notebook for {doc}"
    reference = nbformat.read(snapshot_path(PROJECT, doc), as_version=4)
    problems = regression.compare(reference, snapshot(built, doc, entry.notebook),
                                  regression.sanitize_patterns(ROOT / "tests" / "sanitize.cfg"))
    assert not problems, (f"{doc}: outputs differ from tests/snapshots (if the change is intended, run "
                          "'make snapshots' and review the diff):\n" + "\n".join(problems))
