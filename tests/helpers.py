"""Helpers for tests that edit copies of the data."""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def sources_dir() -> Path:
    """The folder of the source articles as text (``$BOOK_SOURCES`` or ``../shared/sources``)."""
    path = Path(os.environ.get("BOOK_SOURCES", ROOT.parent / "shared" / "sources"))
    assert path.is_dir(), (f"source texts not found at {path}: set BOOK_SOURCES to the folder "
                           "that holds the four articles as .txt files")
    return path


def data_copy(tmp: Path) -> Path:
    """A project root in ``tmp`` holding copies of data/ and references.bib only."""
    shutil.copytree(ROOT / "data", tmp / "data")
    shutil.copy(ROOT / "references.bib", tmp / "references.bib")
    return tmp


def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def set_cell(path: Path, key: str, column: str, value: str) -> int:
    """Set ``column`` of the row whose first cell is ``key``; returns that row's line number."""
    rows = read_rows(path)
    col = rows[0].index(column)
    for number, row in enumerate(rows[1:], start=2):
        if row[0] == key:
            row[col] = value
            write_rows(path, rows)
            return number
    raise KeyError(key)


def line_of(path: Path, key: str) -> int:
    """Line number (header = 1) of the row whose first cell is ``key``."""
    for number, row in enumerate(read_rows(path)[1:], start=2):
        if row[0] == key:
            return number
    raise KeyError(key)
