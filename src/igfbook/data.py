"""Load the book's tables, validated against ``data/datapackage.json`` and typed.

Each table is validated when it is first loaded (types, allowed values, keys, citations and row
rules); a bad row raises :class:`DataError` listing every problem with file, row, column, value
and rule. Loading records the table, its schema and the key columns it refers to as inputs of
the running chapter, so the build knows which chapters to re-execute after an edit.

:func:`tables` gives all of them lazily, with rows that carry their provenance::

    t = tables()
    t.studies                              # a DataFrame
    t.row("arms", "figi-ewing-ph2").get("patients")
    t.row("arms", "figi-ewing-ph2")["patients"]   # the value with its source (for facts)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar
from pathlib import Path

import pandas as pd

from databook.facts import Row, Source
from databook.tableschema import DataError, Package
from igfbook import paths

T = TypeVar("T")

__all__ = ["DataError", "Tables", "enum", "package", "table", "tables", "title"]

TABLES = ("agents", "sources", "field_counts", "interactions", "signalling", "studies", "arms", "measures", "later",
          "effects", "adverse_events", "biomarkers", "combinations", "crosstalk", "conflicts")


def package(root: Path | None = None) -> Package:
    """The data package of the project (a fresh read of the descriptor)."""
    project = paths.project() if root is None else paths.Project(root)
    return Package(project.root, project.config["data"], project.config["bibliography"])


def table(name: str, root: Path | None = None) -> pd.DataFrame:
    """Any table by name, validated and typed, e.g. ``table("agents")``."""
    return package(root).table(name)


def enum(table_name: str, column: str) -> list[str]:
    """A column's allowed values in display order, from the schema, e.g. ``enum("studies", "status")``."""
    return package().enum(table_name, column)


def title(table_name: str, column: str) -> str:
    """What readers call a column (its schema title), e.g. ``title("arms", "orr_pct")``."""
    return package().title(table_name, column)


class Tables:
    """Every table of the book, loaded on first use, with provenance-carrying rows.

    A test can hand a facts function a modified copy: ``t = Tables(); t.arms = edited``.
    """

    def __init__(self, root: Path | None = None):
        self.package = package(root)
        self._keys: dict[str, tuple[pd.DataFrame, dict]] = {}
        self._memo: dict[str, tuple[dict, object]] = {}

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name in TABLES:
            frame = self.package.table(name)
            setattr(self, name, frame)
            return frame
        raise AttributeError(name)

    def memo(self, name: str, compute: Callable[[], T]) -> T:
        """``compute()``, once while the tables it could have read stay the same frames: a result
        is kept with every frame loaded when it was computed, and computed again when any of them
        has been replaced (``t.conflicts = edited``). Callers must not modify what it returns."""
        kept = self._memo.get(name)
        if kept is not None and all(self.__dict__.get(n) is f for n, f in kept[0].items()):
            return kept[1]
        result = compute()
        self._memo[name] = ({n: f for n, f in self.__dict__.items() if n in TABLES}, result)
        return result

    def frame(self, name: str) -> pd.DataFrame:
        return getattr(self, name)

    def key_of(self, name: str) -> str:
        return self.package.primary_key(name)[0]

    def row(self, name: str, key: str) -> Row:
        """Row ``key`` of table ``name``; raises ``KeyError`` naming the table if it is absent."""
        found = self._labels_of(name, key)
        if len(found) != 1:
            raise KeyError(f"table {name} has no row '{key}'" if not len(found) else
                           f"table {name} has {len(found)} rows '{key}'")
        return self.as_row(name, found[0])

    def _labels_of(self, name: str, key: str) -> list:
        """The index labels of the rows of ``name`` whose key is ``key``, from an index of the key
        column built once per frame (reading the key column, as a search would). A frame put in
        place of another (``t.arms = edited``) gets its own index; a key found that no longer
        holds, or a key not found, is looked up again in a fresh index of the frame as it is."""
        frame, key_col = self.frame(name), self.key_of(name)
        for fresh in (False, True):
            kept = self._keys.get(name)
            if fresh or kept is None or kept[0] is not frame:
                index: dict = {}
                column = frame[key_col]
                for label, value in zip(column.index, column.tolist()):
                    index.setdefault(value, []).append(label)
                kept = self._keys[name] = (frame, index)
            found = kept[1].get(key, [])
            if found and all(frame.at[label, key_col] == key for label in found):
                return found
        return found

    def as_row(self, name: str, series_or_label) -> Row:
        """A row of table ``name`` as a provenance-carrying :class:`~databook.facts.Row`, given a
        row of a loaded frame or its index label (cells are read only when used)."""
        frame = self.frame(name)
        label = series_or_label.name if isinstance(series_or_label, pd.Series) else series_or_label
        cells = _Cells(frame, label)
        prov = self.package.provenance(name)
        columns = prov.get("cite") or []
        cites: list[str] = []
        for col in [columns] if isinstance(columns, str) else columns:
            value = cells.get(col)
            cites.extend(value if isinstance(value, tuple) else ([value] if isinstance(value, str) else []))
        locator = cells.get(prov.get("locator")) if prov.get("locator") else None
        return Row(name, str(cells[self.key_of(name)]), cells, cites, locator if isinstance(locator, str) else None)

    def rows(self, name: str, frame: pd.DataFrame | None = None) -> list[Row]:
        """The rows of table ``name`` that ``frame`` holds (default: every row), found by their
        key, so ``frame`` may be filtered, sorted, re-indexed or derived (e.g. a summary with a
        ``study_id`` column)."""
        if frame is None:
            return [self.as_row(name, label) for label in self.frame(name).index]
        key = self.key_of(name)
        if key not in frame.columns:
            raise KeyError(f"the frame has no column {key!r}, so its rows of table {name} cannot be found")
        return [self.row(name, k) for k in frame[key]]


class _Cells(Mapping):
    """The cells of one row of a loaded table, read one by one when asked for."""

    def __init__(self, frame: pd.DataFrame, label):
        self._frame, self._label = frame, label

    def __getitem__(self, column: str):
        if column not in self._frame.columns:
            raise KeyError(column)
        return self._frame.at[self._label, column]

    def __iter__(self):
        return iter(list(self._frame.columns))

    def __len__(self) -> int:
        return len(self._frame.columns)


def tables(root: Path | None = None) -> Tables:
    """All tables of the book (loaded lazily)."""
    return Tables(root)


def _loader(name: str):
    def load() -> pd.DataFrame:
        return table(name)

    load.__name__ = name
    load.__doc__ = f"Table ``{name}``, validated and typed."
    return load


agents = _loader("agents")
sources = _loader("sources")
field_counts = _loader("field_counts")
interactions = _loader("interactions")
signalling = _loader("signalling")
studies = _loader("studies")
arms = _loader("arms")
measures = _loader("measures")
later = _loader("later")
effects = _loader("effects")
adverse_events = _loader("adverse_events")
biomarkers = _loader("biomarkers")
combinations = _loader("combinations")
crosstalk = _loader("crosstalk")
conflicts = _loader("conflicts")
__all__ += list(TABLES)
