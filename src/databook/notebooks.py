"""Chapters as notebooks: reading MyST sources, the code key, repeatable outputs, solutions.

A chapter's *code key* covers what its execution depends on apart from the inputs it records:
its code cells, its kernel and the lock file of the environment. Outputs are cleaned of what
differs between two runs of the same inputs, so two builds give identical notebooks.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.metadata import version
from pathlib import Path

from databook.inputs import sha

NB_FORMAT = 4


_READ: dict[str, str] = {}
#: Where parsed chapters are kept between builds (set by the build: ``<build dir>/parsed``); a
#: parse is keyed by the digest of the chapter's bytes and the version of jupytext.
PARSED_DIR: Path | None = None


def _parse(path: Path, data: bytes):
    import jupytext

    text = data.decode("utf-8")
    nb = jupytext.reads(text, fmt="md:myst") if path.suffix == ".md" else jupytext.reads(text, fmt=path.suffix[1:])
    nb.metadata.pop("jupytext", None)
    for index, cell in enumerate(nb.cells):  # jupytext draws random ids; builds must be repeatable
        cell.id = f"cell-{index:03d}"
    return nb


@cache
def _jupytext_version() -> str:
    return version("jupytext")   # from its installed metadata: importing jupytext takes a third of a second


def _parsed(path: Path) -> str:
    """The chapter parsed into a notebook, as JSON text. Parsing MyST is the slow part of a build
    that changes nothing, so a parse is kept, by the digest of the chapter's bytes and the version
    of jupytext, in memory and under :data:`PARSED_DIR`."""
    path = Path(path)
    data = path.read_bytes()
    key = sha(data + path.suffix.encode() + _jupytext_version().encode())
    if key not in _READ:
        kept = PARSED_DIR / f"{key}.json" if PARSED_DIR is not None else None
        text = None
        if kept is not None and kept.is_file():
            text = kept.read_text(encoding="utf-8")
            try:
                json.loads(text)
            except ValueError:  # a damaged file is a miss
                text = None
        if text is None:
            text = json.dumps(_parse(path, data))
            if kept is not None:
                kept.parent.mkdir(parents=True, exist_ok=True)
                tmp = kept.with_name(f".{kept.name}.tmp")
                tmp.write_text(text, encoding="utf-8")
                tmp.replace(kept)
        _READ[key] = text
    return _READ[key]


def read_chapter(path: Path):
    """The chapter as an (unexecuted) nbformat notebook, with stable cell ids (a fresh copy on
    every call)."""
    import nbformat

    return nbformat.from_dict(json.loads(_parsed(path)))


def chapter_code_key(path: Path, lock_digest: str) -> str:
    """:func:`code_key` of the chapter at ``path``, from its kept parse alone (a build that changes
    nothing needs no notebook objects)."""
    return code_key(json.loads(_parsed(path)), lock_digest)


def prune_parsed() -> None:
    """Remove the kept parses that this process did not use (chapters since edited or removed)."""
    if PARSED_DIR is None or not PARSED_DIR.is_dir():
        return
    for kept in PARSED_DIR.glob("*.json"):
        if kept.stem not in _READ:
            kept.unlink(missing_ok=True)


def code_key(nb, lock_digest: str) -> str:
    """Digest of what execution depends on besides recorded inputs: code cells, kernel, lock file."""
    cells = [c["source"] for c in nb["cells"] if c["cell_type"] == "code"]
    kernel = nb["metadata"].get("kernelspec", {}).get("name", "python3")
    return sha(json.dumps({"cells": cells, "kernel": kernel, "lock": lock_digest}))


def clean(nb) -> None:
    """Drop what differs between two runs of the same inputs (execution metadata, widget state)."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                out.get("metadata", {}).pop("execution", None)


def merge(fresh, executed):
    """The fresh notebook (current prose) with the outputs of an execution of the same code."""
    code = [c for c in executed.cells if c.cell_type == "code"]
    mine = [c for c in fresh.cells if c.cell_type == "code"]
    for new, old in zip(mine, code):
        new.outputs = old.outputs
        new.execution_count = old.execution_count
    fresh.metadata["language_info"] = executed.metadata.get("language_info", {})
    return fresh


def writes(nb) -> str:
    """The notebook as JSON text, ending in a newline (nbformat's own serialisation, without the
    schema validation that ``nbformat.writes`` repeats on every call: notebooks are validated when
    read)."""
    from nbformat.v4 import nbjson

    return nbjson.writes(nb) + "\n"


def reads(text: str):
    """A notebook from JSON text, its split lines rejoined, as ``nbformat.reads`` gives it (converted
    to nbformat 4 if older), but not validated again: the notebooks read here were written by this
    tool."""
    from nbformat.v4 import nbjson

    if json.loads(text).get("nbformat") != NB_FORMAT:
        import nbformat

        return nbformat.reads(text, as_version=NB_FORMAT)
    return nbjson.reads(text)


# --------------------------------------------------------------------------- student edition

SOLUTION_START = re.compile(r"^(`{3,}|:{3,})\{solution-start\}.*?^\1[ \t]*$", re.M | re.S)
SOLUTION_END = re.compile(r"^(`{3,}|:{3,})\{solution-end\}.*?^\1[ \t]*$", re.M | re.S)


def without_solutions(nb):
    """The notebook with every gated solution (from ``{solution-start}`` to ``{solution-end}``,
    code cells included) removed, for the student edition. sphinx-exercise's own
    ``hide_solutions`` handles single ``{solution}`` directives but not gated ones."""
    cells, inside = [], False
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            if not inside:
                cells.append(cell)
            continue
        text, kept, pos = cell.source, [], 0
        while True:
            if inside:
                end = SOLUTION_END.search(text, pos)
                if not end:
                    break
                pos, inside = end.end(), False
            else:
                start = SOLUTION_START.search(text, pos)
                if not start:
                    kept.append(text[pos:])
                    break
                kept.append(text[pos:start.start()])
                pos, inside = start.end(), True
        cell.source = "".join(kept).strip("\n")
        if cell.source.strip():
            cells.append(cell)
    nb.cells = cells
    return nb


def strip_solutions_text(text: str) -> str:
    """A Markdown page with every gated solution removed (student edition)."""
    while (start := SOLUTION_START.search(text)) and (end := SOLUTION_END.search(text, start.end())):
        text = text[:start.start()] + text[end.end():]
    return text
