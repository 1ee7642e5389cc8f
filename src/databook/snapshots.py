"""Regression snapshots: the executed chapters, kept under the snapshots folder for nbval.

``snapshots`` (after a build) copies each executed chapter there with its images removed (nbval
does not compare images; every figure also prints its numbers, which it does compare).
``pytest --nbval`` then re-executes the snapshots and compares every text and table output, so a
data change that moves a number fails in the cell that shows it.

It also keeps each chapter's reader notebook (:mod:`databook.reader`: glued values, citations and
figures written into its Markdown) in the notebooks folder, which the launch buttons (Binder,
Colab) open from the repository.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from databook import cache
from databook.notebooks import merge, read_chapter, reads, writes
from databook.project import Project, find_root

IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml")
#: What a glued figure's image becomes in a snapshot; the tests' nbval sanitiser maps live images to it too.
IMAGE_PLACEHOLDER = "IMAGE"


def snapshot_path(project: Project, doc: str) -> Path:
    return project.snapshots_dir / f"{doc}.ipynb"


def strip_images(nb) -> None:
    """Remove images (nbval does not compare them) and the outputs of cells that nbval is told to
    ignore (interactive tables, which embed their scripts)."""
    for cell in nb.cells:
        if "nbval-ignore-output" in cell.get("metadata", {}).get("tags", []):
            cell["outputs"] = []
            continue
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            for kind in IMAGE_TYPES:
                data.pop(kind, None)
            for kind in [k for k in data if "image/" in k]:  # glued figures: keep the key, drop the bytes
                data[kind] = IMAGE_PLACEHOLDER


def snapshot(project: Project, doc: str, executed_text: str):
    """The snapshot notebook of ``doc`` from its executed notebook text."""
    nb = merge(read_chapter(project.source(doc)), reads(executed_text))
    strip_images(nb)
    return nb


def reader_path(project: Project, doc: str) -> Path:
    return project.notebooks_dir / f"{doc}.ipynb"


def write(project: Project) -> list[Path]:
    """Copy every executed chapter from the build cache into the snapshots folder, and its reader
    notebook into the notebooks folder."""
    from databook.reader import reader_text

    entries = {doc: cache.load(project.cache_dir, doc)[0] for doc in project.chapters()}
    missing = [doc for doc, entry in entries.items() if entry is None]
    if missing:  # check everything before writing anything
        raise SystemExit(f"not executed yet: {', '.join(missing)}: run the build first")
    written = []
    for doc, entry in entries.items():
        target = snapshot_path(project, doc)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(writes(snapshot(project, doc, entry.notebook)), encoding="utf-8")
        written.append(target)
        reader = reader_path(project, doc)
        reader.parent.mkdir(parents=True, exist_ok=True)
        reader.write_text(reader_text(project, doc, entry.notebook), encoding="utf-8")
        written.append(reader)
    keep = set(written)
    for folder in (project.snapshots_dir, project.notebooks_dir):
        for old in folder.rglob("*.ipynb"):
            if old not in keep:
                old.unlink()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="databook snapshots", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=None)
    args = parser.parse_args(argv)
    project = Project(args.root or find_root())
    for path in write(project):
        print(f"  snapshot {project.rel(path)}")
    return 0
