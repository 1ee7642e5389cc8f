"""Which columns of a table a chapter actually read: tables that record their own use.

A loaded table is a :class:`TrackedFrame`, an ordinary pandas DataFrame that records, as an input
of the running chapter (``column:<file>#<name>``), every column whose values the chapter looks at.
An edit to a cell then re-runs only the chapters that read that cell's column.

The rule is conservative, so that no chapter can miss an input: a handful of operations whose
columns are known (selecting columns, ``.loc``/``.at``/``.iloc`` with a column part, sorting,
grouping or indexing by columns, ``explode``, ``dropna(subset=…)``) record exactly those columns, and ``assign`` with
computed values (not functions) adds columns without reading any;
operations that only reshape without looking at values (``copy``, ``head``, ``reset_index``,
``len``, column names, the index) record nothing; **every other use** — iterating rows, printing,
``apply``, ``merge``, arithmetic, passing the frame to another library, anything not listed —
records every column of the table. Frames derived from a tracked frame (filtered, sorted,
re-indexed) keep recording on the same table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import pandas as pd

_DEPTH = [0]   # > 0 while a tracked operation runs: what pandas does inside it is not the chapter's use


class Tracker:
    """Records the columns of one table file as inputs."""

    def __init__(self, path: str, columns: Sequence[str], record: Callable[[str], None]):
        self.path, self.columns, self._record = path, tuple(columns), record
        self.seen: set[str] = set()

    def touch(self, names: Iterable) -> None:
        for name in names:
            if isinstance(name, str) and name in self.columns and name not in self.seen:
                self.seen.add(name)
                self._record(name)

    def all(self) -> None:
        self.touch(self.columns)


def _labels(key) -> list:
    """Column labels named by an indexing key (a label, a list of labels), else []."""
    if isinstance(key, str):
        return [key]
    if isinstance(key, (list, tuple, pd.Index)) and all(isinstance(k, str) for k in key):
        return list(key)
    return []


class _Inside:
    def __enter__(self):
        _DEPTH[0] += 1

    def __exit__(self, *exc):
        _DEPTH[0] -= 1


INSIDE = _Inside()   # one instance serves every ``with``: it only counts the depth


#: Attributes that reveal no values of the table's columns.
SAFE = frozenset({
    "columns", "index", "shape", "ndim", "size", "empty", "dtypes", "copy", "head", "tail", "reset_index",
    "drop", "_tracker", "_repr_tracked_", "__class__", "__dict__", "_metadata", "attrs", "flags", "_flags",
    "_attrs", "__finalize__", "_constructor", "_constructor_sliced", "_constructor_from_mgr",
    "_constructor_sliced_from_mgr", "__len__", "keys",
})

#: Methods after which a column's name no longer says which column of the table it is.
RELABEL = frozenset({"rename", "set_axis", "add_prefix", "add_suffix", "T", "transpose", "melt",
                     "stack", "unstack", "pivot", "insert"})

#: Methods whose columns are named by an argument: method -> (positional index, keyword names).
BY_ARGUMENT = {
    "sort_values": (0, ("by",)), "set_index": (0, ("keys",)), "groupby": (0, ("by",)),
    "drop_duplicates": (0, ("subset",)), "explode": (0, ("column",)), "dropna": (None, ("subset",)),
    "pivot_table": (None, ("values", "index", "columns")), "nlargest": (1, ("columns",)),
    "nsmallest": (1, ("columns",)),
}


class _Indexer:
    """``.loc``/``.iloc``/``.at``/``.iat`` of a tracked frame: records the column part of the key."""

    def __init__(self, frame: "TrackedFrame", name: str, tracker: Tracker):
        self._frame, self._name, self._tracker = frame, name, tracker

    def _columns(self, key) -> None:
        tracker = self._tracker
        if isinstance(key, tuple) and len(key) >= 2 and self._name in ("loc", "at"):
            named = _labels(key[1])
            if named:              # the usual case, a cell or column by label: nothing else to look up
                tracker.touch(named)
                return
        with INSIDE:
            held = list(pd.DataFrame.__getattribute__(self._frame, "columns"))
        if not isinstance(key, tuple) or len(key) < 2:
            tracker.touch(held)      # rows only: every column of those rows is seen
            return
        cols = key[1]
        if self._name in ("iloc", "iat"):
            try:
                picked = held[cols] if isinstance(cols, (int, slice)) else [held[i] for i in cols]
            except (TypeError, IndexError):
                tracker.touch(held)
                return
            tracker.touch([picked] if isinstance(picked, str) else picked)
        else:
            tracker.touch(held)     # a slice or mask of columns

    def __getitem__(self, key):
        if _DEPTH[0] == 0:
            self._columns(key)
        with INSIDE:
            return pd.DataFrame.__getattribute__(self._frame, self._name)[key]

    def __setitem__(self, key, value):
        with INSIDE:
            pd.DataFrame.__getattribute__(self._frame, self._name)[key] = value


class TrackedFrame(pd.DataFrame):
    """A DataFrame that records which of its table's columns are read (see the module docstring)."""

    _metadata = ["_tracker"]

    @property
    def _constructor(self):
        tracker = object.__getattribute__(self, "__dict__").get("_tracker")

        def make(*args, **kwargs):
            frame = TrackedFrame(*args, **kwargs)
            object.__setattr__(frame, "_tracker", tracker)
            return frame
        return make

    def __getattribute__(self, name: str):
        base = pd.DataFrame.__getattribute__
        if _DEPTH[0]:
            return base(self, name)
        with INSIDE:
            tracker = base(self, "__dict__").get("_tracker")
            if tracker is None:
                return base(self, name)
            if name in ("loc", "iloc", "at", "iat"):
                return _Indexer(self, name, tracker)
            columns = base(self, "columns")
            try:
                value = base(self, name)
            except AttributeError:
                if name not in columns:
                    raise
                tracker.touch([name])   # df.column_name, found by pandas' __getattr__
                return pd.DataFrame.__getitem__(self, name)
            is_column = name not in SAFE and name in columns
        if name in BY_ARGUMENT:
            position, keywords = BY_ARGUMENT[name]

            def by_argument(*args, **kwargs):
                named = [args[position]] if position is not None and len(args) > position else []
                named += [kwargs[k] for k in keywords if k in kwargs]
                if not named and name in ("dropna", "drop_duplicates"):
                    tracker.touch(columns)
                for n in named:
                    tracker.touch(_labels(n))
                with INSIDE:
                    return value(*args, **kwargs)
            return by_argument
        if name == "assign":
            def assign(*args, **kwargs):
                # values were computed (and recorded) by the caller; a function given instead is
                # called by pandas on this frame, out of the tracker's sight: it may read any column
                if args or any(callable(v) for v in kwargs.values()):
                    tracker.touch(columns)
                with INSIDE:
                    return value(*args, **kwargs)
            return assign
        if is_column:
            tracker.touch([name])   # df.column_name
        elif name in RELABEL:
            # after relabelling, columns can no longer be told apart: every column this frame holds
            # counts as read (it cannot reveal the table's other columns)
            tracker.touch(columns)
        elif name not in SAFE:
            tracker.touch(columns)  # anything else may look at any column it holds
        if callable(value) and not isinstance(value, type):
            def inside(*args, **kwargs):
                with INSIDE:
                    return value(*args, **kwargs)
            return inside
        return value

    # Python looks these up on the type, not through __getattribute__.
    def __getitem__(self, key):
        if not _DEPTH[0]:
            tracker = object.__getattribute__(self, "__dict__").get("_tracker")
            if tracker is not None:
                tracker.touch(_labels(key))
        with INSIDE:
            return pd.DataFrame.__getitem__(self, key)

    def __setitem__(self, key, value):
        if not _DEPTH[0]:
            with INSIDE:
                tracker = pd.DataFrame.__getattribute__(self, "__dict__").get("_tracker")
            if tracker is not None and _labels(key):
                tracker.touch(_labels(key))   # an overwritten table column counts as read
        with INSIDE:
            pd.DataFrame.__setitem__(self, key, value)

    def __setattr__(self, name, value):
        if name == "columns" and not _DEPTH[0]:
            with INSIDE:
                tracker = pd.DataFrame.__getattribute__(self, "__dict__").get("_tracker")
                held = list(pd.DataFrame.__getattribute__(self, "columns"))
            if tracker is not None:
                tracker.touch(held)   # relabelled columns can no longer be told apart
        with INSIDE:
            pd.DataFrame.__setattr__(self, name, value)

    def __len__(self):
        with INSIDE:
            return pd.DataFrame.__len__(self)

    def __iter__(self):
        with INSIDE:
            return iter(list(pd.DataFrame.__iter__(self)))   # column names only

    def __contains__(self, key):
        with INSIDE:
            return pd.DataFrame.__contains__(self, key)


def _everything(name: str):
    base = getattr(pd.DataFrame, name)

    def wrapper(self, *args, **kwargs):
        if not _DEPTH[0]:
            with INSIDE:
                tracker = pd.DataFrame.__getattribute__(self, "__dict__").get("_tracker")
                held = list(pd.DataFrame.__getattribute__(self, "columns"))
            if tracker is not None:
                tracker.touch(held)
        with INSIDE:
            return base(self, *args, **kwargs)
    wrapper.__name__ = name
    return wrapper


for _name in ("__repr__", "__str__", "_repr_html_", "__array__", "__eq__", "__ne__", "__lt__", "__le__", "__gt__",
              "__ge__", "__add__", "__sub__", "__mul__", "__truediv__", "__and__", "__or__", "__invert__",
              "__bool__", "__round__", "__abs__", "__neg__"):
    if hasattr(pd.DataFrame, _name):
        setattr(TrackedFrame, _name, _everything(_name))


def track(frame: pd.DataFrame, path: str, record: Callable[[str], None]) -> TrackedFrame:
    """``frame`` as a :class:`TrackedFrame` that calls ``record(column)`` the first time each
    column of the table file ``path`` is read."""
    tracked = TrackedFrame(frame)
    object.__setattr__(tracked, "_tracker", Tracker(path, list(frame.columns), record))
    return tracked
