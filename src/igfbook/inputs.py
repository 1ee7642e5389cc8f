"""Record what a chapter reads, so that the build knows when its outputs go stale.

Every loader in the package calls :func:`record` with the input it used and a digest of exactly
the part it depends on. An input is a file (``data/agents.csv``) or a part of one, written
``file#part``: ``data/datapackage.json#agents`` is the schema of one table, ``references.bib#keys``
the set of citation keys. :func:`digest` recomputes the same digest from the files on disk, so the
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
