"""Record what a chapter reads, so that the build knows when its outputs go stale.

Every loader in the package calls :func:`record` with the input it used and a digest of exactly
the part it depends on. An input is a file (``data/agents.csv``) or a part of one, written
``file#part``: ``data/datapackage.json#agents`` is the schema of one table, ``references.bib#keys``
the set of citation keys, ``data/agents.csv#column:agent_id`` the set of values in one column
(what a foreign key needs); ``git:data/`` is the commit history of a folder. :func:`digest` recomputes the same digest from the files on disk, so the
build can compare a cached chapter's recorded inputs with the current ones without a kernel.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from igfbook import paths

_RECORDED: dict[str, str] = {}


def sha(data: bytes | str) -> str:
    """Hex SHA-256 of bytes or text, e.g. ``sha("x")[:8]``."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def digest(key: str, root: Path | None = None) -> str | None:
    """Digest of input ``key`` as it is now on disk, or ``None`` when it no longer exists."""
    base = Path(root) if root else paths.root()
    if key.startswith("git:"):
        import subprocess

        try:
            log = subprocess.run(["git", "log", "--format=%H%x1f%ad%x1f%s", "--date=short", "--", key[4:]],
                                 cwd=base, capture_output=True, text=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            log = ""
        return sha(log)
    name, _, part = key.partition("#")
    path = base / name
    if not path.is_file():
        return None
    if not part:
        return sha(path.read_bytes())
    if name.endswith("datapackage.json"):
        try:
            descriptor = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            return sha(path.read_bytes())
        for resource in descriptor.get("resources", []):
            if resource.get("name") == part:
                return sha(json.dumps(resource, sort_keys=True))
        return None
    if name.endswith(".csv") and part.startswith("column:"):
        import csv
        import io

        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig", errors="replace"), newline="")))
        column = part[len("column:"):]
        if not rows or column not in rows[0]:
            return None
        i = rows[0].index(column)
        return sha("\n".join(sorted({r[i].strip() for r in rows[1:] if len(r) > i})))
    if name.endswith(".bib") and part == "keys":
        from igfbook import refs  # local import: refs records inputs too

        try:
            return sha("\n".join(sorted(refs.keys_in(path))))
        except refs.BibError:
            return sha(path.read_bytes())
    return sha(path.read_bytes())


def record(key: str, value: str | None = None) -> None:
    """Note that the running chapter read input ``key`` (digest computed if not given)."""
    _RECORDED[key] = value if value is not None else (digest(key) or "")


def recorded() -> dict[str, str]:
    """Every input recorded so far in this process, with its digest."""
    return dict(sorted(_RECORDED.items()))
