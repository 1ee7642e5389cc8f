"""Regression snapshots: the executed chapters, kept under ``tests/snapshots`` for nbval.

``make snapshots`` (after a build) copies each executed chapter here with its images removed
(nbval does not compare images; every figure also prints its numbers, which it does compare).
``pytest --nbval`` re-executes the snapshots and compares every text and table output, so a data
change that moves a number fails in the cell that shows it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import nbformat

from igfbook import paths
from igfbook.build import NB_FORMAT, Project, _cache_paths, merge, read_chapter

IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml")
#: What a glued figure's image becomes in a snapshot; tests/sanitize.cfg maps live images to it too.
IMAGE_PLACEHOLDER = "IMAGE"


def snapshot_path(root: Path, doc: str) -> Path:
    return root / "tests" / "snapshots" / f"{doc}.ipynb"


def strip_images(nb) -> None:
    """Remove images (nbval does not compare them) and the outputs of cells that nbval is told to
    ignore (the explorer's interactive tables, which embed their scripts)."""
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


def write(root: Path) -> list[Path]:
    """Copy every executed chapter from the build cache into ``tests/snapshots``."""
    project = Project(root)
    written = []
    missing = [doc for doc in project.chapters() if not _cache_paths(project, doc)[1].exists()]
    if missing:  # check everything before writing anything
        raise SystemExit(f"not executed yet: {', '.join(missing)}: run 'make book' first")
    for doc in project.chapters():
        _meta, nb_path = _cache_paths(project, doc)
        nb = merge(read_chapter(project.source(doc)), nbformat.read(nb_path, as_version=NB_FORMAT))
        strip_images(nb)
        target = snapshot_path(root, doc)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
        written.append(target)
    keep = set(written)
    for old in (root / "tests" / "snapshots").rglob("*.ipynb"):
        if old not in keep:
            old.unlink()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="igfbook snapshots", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=None)
    args = parser.parse_args(argv)
    root = (args.root or paths.root()).resolve()
    for path in write(root):
        print(f"  snapshot {path.relative_to(root)}")
    return 0
