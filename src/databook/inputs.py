"""What a chapter reads, recorded as it runs, so that the build knows when its outputs go stale.

Every loader calls :func:`record` with the input it used. An input is written ``kind:path`` or
``kind:path#part``, and each kind has exactly one digest, computed by :func:`digest` from the
files on disk, so the build can compare a cached chapter's recorded inputs with the current
ones without starting a kernel:

============  =====================================  ============================================
kind          example                                digest of
============  =====================================  ============================================
``file``      ``file:src/pkg/stats.py``              the bytes of a file (code, images)
``table``     ``table:data/agents.csv``              a CSV table's content: header → cells, row by
                                                     row; a byte-order mark, line endings and the
                                                     order of the columns are formatting, not
                                                     content, and do not change it
``column``    ``column:data/agents.csv#name``        one column's cells, in row order
``values``    ``values:data/agents.csv#agent_id``    the set of values of one column (what a
                                                     foreign key needs)
``schema``    ``schema:data/datapackage.json#agents``  one resource of a data package descriptor
``json``      ``json:data/datapackage.json``         a whole JSON document, canonically ordered
``bibkeys``   ``bibkeys:references.bib``             the set of citation keys of a BibTeX file
``bibentry``  ``bibentry:references.bib#smith2020``  the fields and people of one BibTeX entry
``bib``       ``bib:references.bib``                 every entry's fields and people (not comments)
``git``       ``git:data/``                          the commit history of a folder
============  =====================================  ============================================

A digest is ``None`` when the input no longer exists; a chapter that read it then re-runs.
"""

from __future__ import annotations

import contextlib

import csv
import hashlib
import io
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

from databook.project import find_root

_RECORDED: dict[str, str] = {}
#: Inputs noted but not yet digested: key -> the project root to read them from.
_PENDING: dict[str, Path | None] = {}
_PAUSED = False


def sha(data: bytes | str) -> str:
    """Hex SHA-256 of bytes or text, e.g. ``sha("x")[:8] == "2d711642"``."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


# --------------------------------------------------------------------------- reading CSV content

_CSV_CACHE: dict[str, list[list[str]] | None] = {}


def csv_rows(path: Path) -> list[list[str]] | None:
    """The rows of a CSV file as text cells (BOM dropped, any line ending), or ``None`` if the
    file cannot be decoded or parsed. Parsed once per file content in a process (keyed by the
    bytes' digest, not by modification time, which two quick writes can share)."""
    try:
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        return None
    key = hashlib.sha256(data).hexdigest()
    if key not in _CSV_CACHE:
        try:
            text = data.decode("utf-8-sig")
            rows = [r for r in csv.reader(io.StringIO(text, newline=""), strict=True)]
            while rows and rows[-1] == []:
                rows.pop()
            _CSV_CACHE[key] = rows
        except (UnicodeDecodeError, csv.Error):
            _CSV_CACHE[key] = None
    return _CSV_CACHE[key]


def table_content(rows: list[list[str]]) -> list[dict[str, str]]:
    """Rows as ``{column: cell}`` dictionaries: the content of a table, whatever its column order."""
    header, body = rows[0], rows[1:]
    return [dict(zip(header, r)) for r in body]


# --------------------------------------------------------------------------- the kinds

def _file(path: Path, part: str | None) -> str | None:
    return sha(path.read_bytes()) if path.is_file() else None


def _table(path: Path, part: str | None) -> str | None:
    rows = csv_rows(path)
    if rows is None:
        return _file(path, None)
    if not rows:
        return sha("")
    return sha(_canonical(table_content(rows)))


def _column(path: Path, part: str | None) -> str | None:
    rows = csv_rows(path)
    if rows is None:
        return _file(path, None)
    if not rows or part not in rows[0]:
        return None
    i = rows[0].index(part)
    return sha(_canonical([r[i] if len(r) > i else None for r in rows[1:]]))


def _values(path: Path, part: str | None) -> str | None:
    rows = csv_rows(path)
    if rows is None:
        return _file(path, None)
    if not rows or part not in rows[0]:
        return None
    i = rows[0].index(part)
    return sha("\n".join(sorted({r[i].strip() for r in rows[1:] if len(r) > i})))


def _json(path: Path) -> object | None:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        return None
    except ValueError:
        return path.read_bytes()


def _schema(path: Path, part: str | None) -> str | None:
    descriptor = _json(path)
    if isinstance(descriptor, bytes):
        return sha(descriptor)
    for resource in (descriptor or {}).get("resources", []):
        if resource.get("name") == part:
            return sha(_canonical(resource))
    return None


def _whole_json(path: Path, part: str | None) -> str | None:
    document = _json(path)
    if document is None:
        return None
    return sha(document) if isinstance(document, bytes) else sha(_canonical(document))


def _bibkeys(path: Path, part: str | None) -> str | None:
    from databook import bibtex

    if not path.is_file():
        return None
    try:
        return sha("\n".join(sorted(bibtex.keys_in(path))))
    except bibtex.BibError:
        return sha(path.read_bytes())


def _bibentry(path: Path, part: str | None) -> str | None:
    from databook import bibtex

    if not path.is_file():
        return None
    try:
        return sha(_canonical(bibtex.entry_content(path, part)))
    except bibtex.BibError:
        return sha(path.read_bytes())
    except KeyError:
        return None


def _bib(path: Path, part: str | None) -> str | None:
    from databook import bibtex

    if not path.is_file():
        return None
    try:
        keys = sorted(bibtex.keys_in(path))
    except bibtex.BibError:
        return sha(path.read_bytes())
    return sha(_canonical({k: bibtex.entry_content(path, k) for k in keys}))


def _git(path: Path, part: str | None, root: Path) -> str | None:
    try:
        log = subprocess.run(["git", "log", "--format=%H%x1f%ad%x1f%s", "--date=short", "--", str(path)],
                             cwd=root, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        log = ""
    return sha(log)


#: The one registry of input kinds: kind -> digest of (path, part).
KINDS: dict[str, Callable[..., str | None]] = {
    "file": _file,
    "table": _table,
    "column": _column,
    "values": _values,
    "schema": _schema,
    "json": _whole_json,
    "bibkeys": _bibkeys,
    "bibentry": _bibentry,
    "bib": _bib,
    "git": _git,
}


def key(kind: str, path: str, part: str | None = None) -> str:
    """An input key, e.g. ``key("column", "data/agents.csv", "name") == "column:data/agents.csv#name"``."""
    if kind not in KINDS:
        raise ValueError(f"unknown input kind {kind!r}; known: {', '.join(KINDS)}")
    return f"{kind}:{path}" + (f"#{part}" if part is not None else "")


def parse(input_key: str) -> tuple[str, str, str | None]:
    """``"column:data/a.csv#name"`` -> ``("column", "data/a.csv", "name")``."""
    kind, sep, rest = input_key.partition(":")
    if not sep or kind not in KINDS:
        raise ValueError(f"not an input key: {input_key!r} (write kind:path[#part]; kinds: {', '.join(KINDS)})")
    path, hash_, part = rest.partition("#")
    return kind, path, part if hash_ else None


def digest(input_key: str, root: Path | None = None) -> str | None:
    """Digest of an input as it is now on disk, or ``None`` when it no longer exists."""
    base = Path(root) if root else find_root()
    kind, path, part = parse(input_key)
    if kind == "git":
        return _git(base / path, part, base)
    return KINDS[kind](base / path, part)


def record(input_key: str, value: str | None = None, root: Path | None = None) -> None:
    """Note that the running chapter read ``input_key``. Its digest (when not given) is computed
    from disk when :func:`recorded` is asked for, once per input: code that only validates, or a
    chapter that reads a table many times, does not digest the same file again and again.
    Inside :func:`paused` nothing is recorded."""
    parse(input_key)  # refuse malformed keys at once
    if _PAUSED:
        return
    if value is not None:
        _RECORDED[input_key] = value
        _PENDING.pop(input_key, None)
    elif input_key not in _RECORDED:
        _PENDING[input_key] = Path(root) if root else None


def recorded() -> dict[str, str]:
    """Every input recorded so far in this process, with its digest."""
    for input_key, root in list(_PENDING.items()):
        _RECORDED[input_key] = digest(input_key, root) or ""
        del _PENDING[input_key]
    return dict(sorted(_RECORDED.items()))


@contextlib.contextmanager
def paused():
    """Record nothing inside the block: for code that reads scratch copies of the project (a
    chapter that validates broken copies of the data to show the messages, say), whose files
    are not inputs of the chapter. The chapter records what it really depends on itself."""
    global _PAUSED
    before, _PAUSED = _PAUSED, True
    try:
        yield
    finally:
        _PAUSED = before


def forget() -> None:
    """Clear the record (a new chapter starts)."""
    _RECORDED.clear()
    _PENDING.clear()


def stale(recorded_inputs: dict[str, str], root: Path, memo: dict[str, str | None] | None = None) -> list[str]:
    """The recorded inputs whose digest on disk differs from the recorded one (sorted). ``memo``
    (input -> digest now) may be shared by calls that look at the same files at the same time."""
    memo = {} if memo is None else memo
    out = []
    for k, v in recorded_inputs.items():
        if k not in memo:
            try:
                memo[k] = digest(k, root)
            except ValueError:  # a key of an older format: treat as changed
                memo[k] = None
        if memo[k] != v:
            out.append(k)
    return sorted(out)
