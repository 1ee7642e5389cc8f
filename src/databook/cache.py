"""The execution cache: one verified entry per executed chapter.

An entry holds the executed notebook, the chapter's code key, the inputs it recorded (with their
digests), the project modules it imported and how long it ran. It is written to a temporary file
and renamed into place, and it carries a digest of its own content, so a truncated, edited or
foreign entry (one copied from another chapter) is recognised when read. Such an entry is a
cache miss: the chapter runs again and the build says so in one line; it is never an error.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from databook.inputs import sha

FORMAT = 2


@dataclass
class Entry:
    """What the cache knows of one executed chapter."""

    doc: str
    key: str
    inputs: dict[str, str]
    modules: list[str]
    notebook: str
    seconds: float = 0.0
    meta: dict = field(default_factory=dict)

    def _body(self) -> dict:
        return {"format": FORMAT, "doc": self.doc, "key": self.key, "inputs": dict(sorted(self.inputs.items())),
                "modules": sorted(self.modules), "seconds": self.seconds, "meta": self.meta,
                "notebook": self.notebook}


def path_of(cache_dir: Path, doc: str) -> Path:
    return Path(cache_dir) / f"{doc}.json"


def save(cache_dir: Path, entry: Entry) -> Path:
    """Write ``entry`` atomically (temporary file, then rename)."""
    target = path_of(cache_dir, entry.doc)
    target.parent.mkdir(parents=True, exist_ok=True)
    body = entry._body()
    body["digest"] = sha(json.dumps(body, sort_keys=True))
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(body, sort_keys=True), encoding="utf-8")
    os.replace(tmp, target)
    return target


def load(cache_dir: Path, doc: str) -> tuple[Entry | None, str]:
    """The verified entry of ``doc``, or ``(None, why)``: why is "" when there is simply no entry,
    otherwise a short reason ("truncated or not JSON", "content does not match its digest" …)."""
    path = path_of(cache_dir, doc)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, ""
    except (OSError, UnicodeDecodeError):
        return None, "unreadable"
    try:
        body = json.loads(text)
    except ValueError:
        return None, "truncated or not JSON"
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        return None, "written by another version of the build"
    stated = body.pop("digest", None)
    if stated != sha(json.dumps(body, sort_keys=True)):
        return None, "content does not match its digest"
    if body.get("doc") != doc:
        return None, f"belongs to another chapter ({body.get('doc')!r})"
    try:
        return Entry(doc=body["doc"], key=body["key"], inputs=body["inputs"], modules=body["modules"],
                     notebook=body["notebook"], seconds=body.get("seconds", 0.0), meta=body.get("meta", {})), ""
    except (KeyError, TypeError):
        return None, "incomplete"
