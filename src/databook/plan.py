"""Which chapters must execute, and why; the rest reuse their cached outputs.

A chapter is reused only if its cache entry is sound, its code key (code cells, kernel, lock
file) is unchanged, and every input it recorded last time still has the digest it had then.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from databook import cache, inputs
from databook.notebooks import chapter_code_key


@dataclass
class Plan:
    run: dict[str, str] = field(default_factory=dict)       # doc -> why it runs
    reuse: list[str] = field(default_factory=list)
    entries: dict[str, cache.Entry] = field(default_factory=dict)  # reusable entries by doc
    notices: list[str] = field(default_factory=list)         # one line per discarded cache entry
    seconds: dict[str, float] = field(default_factory=dict)  # how long each chapter to run took last time


def why_stale(entry: cache.Entry | None, key: str, root: Path, memo: dict | None = None) -> str:
    """Why a chapter with this entry and code key must run ("" if it need not). ``memo`` keeps
    digests already computed (chapters share most of their inputs)."""
    if entry is None:
        return "not executed before"
    if entry.key != key:
        return "code changed"
    changed = inputs.stale(entry.inputs, root, memo)
    if changed:
        shown = ", ".join(changed[:4]) + (f" and {len(changed) - 4} more" if len(changed) > 4 else "")
        return f"inputs changed: {shown}"
    return ""


def plan(root: Path, cache_dir: Path, chapters: dict[str, Path], lock_digest: str) -> Plan:
    """Plan the execution of ``chapters`` (doc -> source file) against the cache at ``cache_dir``."""
    result = Plan()
    memo: dict[str, str | None] = {}
    for doc, source in chapters.items():
        entry, problem = cache.load(cache_dir, doc)
        if problem:
            result.notices.append(f"cache entry of {doc} discarded ({problem}); it will run again")
        reason = why_stale(entry, chapter_code_key(source, lock_digest), root, memo)
        if reason:
            result.run[doc] = reason
            if entry is not None and entry.seconds:
                result.seconds[doc] = entry.seconds
        else:
            result.reuse.append(doc)
            result.entries[doc] = entry
    return result
