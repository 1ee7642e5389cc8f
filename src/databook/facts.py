"""Facts and claims: the numbers and statements of a chapter, each with where it came from.

A chapter's prose is written over a :class:`FactSet` that a tested function of the book's own
package computes. Each :class:`Fact` is a named value with the text the prose shows and the
:class:`Source` of every table cell it was read from (table, row key, column, the row's citation
keys and locator). Each :class:`Claim` is a statement the prose makes about the data — "only",
"none", "the lowest", "is not pooled" — with whether the data still support it and the rows
that contradict it.

In a chapter::

    facts = mybook.facts.pooling()   # computes values and checks claims
    facts.glue()                   # stops here, naming every failed claim, if the data moved

and in its Markdown, three roles (see :mod:`databook.sphinxext`)::

    Across {fact}`pool_k` trials the pooled rate was {fact}`pool_rate` {source}`pool_rate`.
    None of the cohorts with counts is left out.{claim}`none-left-out`

``{fact}`` shows a value, ``{source}`` the citation of the rows it came from (so a glued number
cannot carry someone else's citation), and ``{claim}`` marks the sentence a check stands behind;
it renders nothing, but the strict build fails if the chapter did not check that claim.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

#: Glue key of a chapter's facts as JSON (read by the prose check and the rebuild report).
FACTS_KEY = "databook.facts"


@dataclass(frozen=True)
class Source:
    """One table cell (or row, if ``column`` is None) a value was read from."""

    table: str
    key: str
    column: str | None = None
    cite: tuple[str, ...] = ()
    locator: str | None = None

    def ref(self) -> str:
        """``table:key`` or ``table:key#column``, e.g. ``"arms:trial-1-all#responders"``."""
        return f"{self.table}:{self.key}" + (f"#{self.column}" if self.column else "")


@dataclass(frozen=True)
class Cell:
    """A value read from a table, with its source."""

    value: Any
    source: Source


class Row(Mapping):
    """One row of a table that hands out its cells with their provenance.

    ``row["patients"]`` is a :class:`Cell`; ``row.get("patients")`` or ``row.value("patients")``
    the bare value.
    """

    def __init__(self, table: str, key: str, data: Mapping[str, Any], cite: Iterable[str] = (),
                 locator: str | None = None):
        self.table, self.key, self._data = table, key, data   # read lazily: only the cells used are read
        self.cite = tuple(c for c in cite if c)
        self.locator = locator

    def source(self, column: str | None = None) -> Source:
        return Source(self.table, self.key, column, self.cite, self.locator)

    def cited_to(self, cite: Iterable[str], locator: str | None = None) -> "Row":
        """The same row (its cells still read lazily) citing other references, e.g. a study's row
        cited to its primary publication rather than to the review that describes it."""
        return Row(self.table, self.key, self._data, cite, locator)

    def __getitem__(self, column: str) -> Cell:
        if column not in self._data:
            raise KeyError(f"table {self.table} has no column {column!r}")
        return Cell(self._data[column], self.source(column))

    def __contains__(self, column) -> bool:
        return column in self._data

    def value(self, column: str) -> Any:
        return self[column].value

    def __iter__(self):
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"Row({self.table}:{self.key})"


def sources_of(*things: Any) -> tuple[Source, ...]:
    """Flatten cells, rows, sources and iterables of them into sources (order kept, no repeats)."""
    out: list[Source] = []

    def walk(x: Any) -> None:
        if x is None:
            return
        if isinstance(x, Source):
            out.append(x)
        elif isinstance(x, Cell):
            out.append(x.source)
        elif isinstance(x, Row):
            out.append(x.source())
        elif isinstance(x, FactLike):
            out.extend(x.sources)
        elif isinstance(x, (str, bytes)):
            raise TypeError(f"a source must be a Cell, Row or Source, not the text {x!r}")
        elif isinstance(x, Iterable):
            for item in x:
                walk(item)
        else:
            raise TypeError(f"not a source: {x!r}")

    for thing in things:
        walk(thing)
    return tuple(dict.fromkeys(out))


@dataclass
class Fact:
    """A named value of a chapter, the text the prose shows, and where it came from."""

    name: str
    value: Any
    text: str
    sources: tuple[Source, ...] = ()
    cite: bool = True   # False for facts about the book's own tables (counts of rows), not the literature

    def citations(self) -> list[str]:
        """Citation keys of the rows behind the value, in order of first appearance."""
        return list(dict.fromkeys(k for s in self.sources for k in s.cite)) if self.cite else []

    def rows(self) -> list[str]:
        """``table:key`` of every row behind the value."""
        return list(dict.fromkeys(f"{s.table}:{s.key}" for s in self.sources))


FactLike = Fact


@dataclass
class Claim:
    """A statement the prose makes about the data, and whether the data still support it."""

    id: str
    statement: str
    holds: bool
    against: tuple[str, ...] = ()   # rows that contradict it, as table:key


class ClaimError(AssertionError):
    """Claims of a chapter that its data no longer support."""

    def __init__(self, chapter: str, failed: list[Claim]):
        self.chapter, self.failed = chapter, failed
        lines = [f"{len(failed)} claim{'s' if len(failed) != 1 else ''} of chapter '{chapter}' "
                 f"no longer hold{'' if len(failed) != 1 else 's'} for the data:"]
        for c in failed:
            lines.append(f"  - [{c.id}] {c.statement}")
            if c.against:
                lines.append(f"    contradicted by: {', '.join(c.against)}")
        lines.append("Change the sentence (and its claim) or the data; the site was not touched.")
        super().__init__("\n".join(lines))


class MissingValue(ValueError):
    """A fact the prose needs has no value in the data."""


def _missing(value: Any) -> bool:
    try:
        import pandas as pd

        return value is None or bool(pd.isna(value)) if not isinstance(value, (list, tuple, dict)) else False
    except (TypeError, ValueError):
        return False


def _text(value: Any) -> str:
    import numbers

    if isinstance(value, bool) or value is None or type(value).__name__ in ("bool_", "NAType"):
        raise TypeError("give a text for a yes/no or missing value: prose should not print True, False or None")
    if isinstance(value, (numbers.Integral, str)):
        return str(int(value)) if isinstance(value, numbers.Integral) else value
    raise TypeError(f"give a text for {type(value).__name__} values (format numbers with the book's text helpers)")


class FactSet:
    """The facts and claims of one chapter."""

    def __init__(self, chapter: str):
        self.chapter = chapter
        self.facts: dict[str, Fact] = {}
        self.claims: dict[str, Claim] = {}

    # -- building
    def add(self, name: str, value: Any, text: str | None = None, sources: Any = (), cite: bool = True) -> Fact:
        """Add a fact. ``value`` may be a :class:`Cell` (its source is kept); ``sources`` are
        further cells, rows or sources it was computed from."""
        if name in self.facts:
            raise ValueError(f"fact {name!r} defined twice in chapter {self.chapter!r}")
        if not name.replace("_", "").replace("-", "").isalnum():
            raise ValueError(f"fact name {name!r}: use letters, digits, '_' and '-'")
        own = (value.source,) if isinstance(value, Cell) else ()
        raw = value.value if isinstance(value, Cell) else value
        if text is None and _missing(raw):
            where = f" ({own[0].ref()} is empty)" if own else ""
            raise MissingValue(f"fact '{name}' of chapter '{self.chapter}' has no value{where}: the prose needs it; "
                               "fill the cell or change the sentence")
        fact = Fact(name, raw, text if text is not None else _text(raw), own + sources_of(sources), cite)
        self.facts[name] = fact
        return fact

    def claim(self, id: str, statement: str, holds: bool, against: Iterable[Any] = ()) -> Claim:
        """Record a claim of the prose; ``against`` names the rows (``table:key`` text, or rows,
        cells, sources) that contradict it when it fails."""
        if id in self.claims:
            raise ValueError(f"claim {id!r} defined twice in chapter {self.chapter!r}")
        refs = []
        for a in against:
            if isinstance(a, str):
                refs.append(a)
            else:
                refs.extend(f"{s.table}:{s.key}" for s in sources_of(a))
        try:
            holds = bool(holds)
        except TypeError:  # a comparison with a missing value (pandas' NA) settles nothing
            holds = False
        claim = Claim(id, statement, holds, tuple(dict.fromkeys(refs)) if not holds else ())
        self.claims[id] = claim
        return claim

    def borrow(self, other: "FactSet", facts: Iterable[str] = (), claims: Iterable[str] = (),
               prefix: str = "") -> "FactSet":
        """Take facts and claims of another chapter as they are, sources and all, under
        ``prefix + name`` — for a page (a quiz, a summary) that asks about what another chapter
        establishes without computing it a second time. A borrowed claim that fails, fails here too."""
        for name in facts:
            fact = other[name]
            new = prefix + name
            if new in self.facts:
                raise ValueError(f"fact {new!r} defined twice in chapter {self.chapter!r}")
            self.facts[new] = Fact(new, fact.value, fact.text, fact.sources, fact.cite)
        for id in claims:
            try:
                claim = other.claims[id]
            except KeyError:
                raise KeyError(f"chapter {other.chapter!r} has no claim {id!r}") from None
            new = prefix + id
            if new in self.claims:
                raise ValueError(f"claim {new!r} defined twice in chapter {self.chapter!r}")
            self.claims[new] = Claim(new, f"{claim.statement} (from {other.chapter})", claim.holds, claim.against)
        return self

    def __repr__(self) -> str:
        return f"<FactSet {self.chapter}: {len(self.facts)} facts, {len(self.claims)} claims>"

    # -- reading
    def __getitem__(self, name: str) -> Fact:
        try:
            return self.facts[name]
        except KeyError:
            raise KeyError(f"chapter {self.chapter!r} has no fact {name!r}") from None

    def __contains__(self, name: str) -> bool:
        return name in self.facts

    def value(self, name: str) -> Any:
        return self[name].value

    def text(self, name: str) -> str:
        return self[name].text

    def failed(self) -> list[Claim]:
        return [c for c in self.claims.values() if not c.holds]

    def check(self) -> "FactSet":
        """Raise :class:`ClaimError` naming every claim the data no longer support."""
        failed = self.failed()
        if failed:
            raise ClaimError(self.chapter, failed)
        return self

    def as_json(self) -> dict:
        return {"chapter": self.chapter,
                "facts": {n: {"text": f.text, "cite": f.citations(), "rows": f.rows(),
                              "sources": [asdict(s) for s in f.sources]} for n, f in self.facts.items()},
                "claims": {i: {"statement": c.statement, "holds": c.holds, "against": list(c.against)}
                           for i, c in self.claims.items()}}

    # -- the chapter's side
    def glue(self) -> "FactSet":
        """Check every claim, then glue each fact's text (``name``), its citation (``name.cite``,
        when the rows behind it cite anything), each claim (``claim.<id>``, empty text) and the
        whole set as JSON (``databook.facts``) into the running notebook."""
        from IPython.display import Markdown
        from myst_nb import glue

        self.check()
        for name, fact in self.facts.items():
            glue(name, fact.text, display=False)
            if fact.citations():
                glue(f"{name}.cite", Markdown(cite_markup(fact.citations())), display=False)
        for id in self.claims:
            glue(f"claim.{id}", "", display=False)
        glue(FACTS_KEY, json.dumps(self.as_json(), sort_keys=True, ensure_ascii=False), display=False)
        return self


def cite_markup(keys: Iterable[str], style: str = "p") -> str:
    """MyST citation markup, e.g. ``cite_markup(["a", "b"]) == "{cite:p}`a,b`"``."""
    keys = list(dict.fromkeys(k for k in keys if k))
    return f"{{cite:{style}}}`{','.join(keys)}`" if keys else ""


def from_notebook(nb) -> dict | None:
    """The facts JSON glued into an executed notebook, or None if the chapter glued none."""
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            if out.get("metadata", {}).get("scrapbook", {}).get("name") == FACTS_KEY:
                import ast

                data = out.get("data", {})
                raw = data.get("application/papermill.record/text/plain") or data.get("text/plain") or ""
                raw = "".join(raw) if isinstance(raw, list) else raw
                return json.loads(ast.literal_eval(raw))
    return None


__all__ = ["Cell", "Claim", "ClaimError", "Fact", "FactSet", "MissingValue", "Row", "Source", "cite_markup", "from_notebook",
           "sources_of", "FACTS_KEY"]
