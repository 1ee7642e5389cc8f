"""Helpers for tests that edit copies of the data."""

from __future__ import annotations

import os
from pathlib import Path

from igfbook.catalogue import data_copy as catalogue_data_copy
from igfbook.catalogue import line_of, read_rows, set_cell, write_rows  # noqa: F401  (one home for both)

ROOT = Path(__file__).resolve().parents[1]


def sources_dir() -> Path:
    """The folder of the source articles as text (``$BOOK_SOURCES`` or ``../shared/sources``)."""
    path = Path(os.environ.get("BOOK_SOURCES", ROOT.parent / "shared" / "sources"))
    assert path.is_dir(), (f"source texts not found at {path}: set BOOK_SOURCES to the folder "
                           "that holds the four articles as .txt files")
    return path


def data_copy(tmp: Path) -> Path:
    """A project root in ``tmp`` holding copies of data/ and references.bib only."""
    return catalogue_data_copy(ROOT, tmp)

