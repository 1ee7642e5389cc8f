"""The history of the data: which tables changed in which commit, when, and why.

Read from git: every commit that touched ``data/`` is compared with its parent, table by table,
row by row (by primary key). The commit message is the "why"; maintainers are asked to say in it
which trial or source prompted the edit.
"""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import pandas as pd

from databook import inputs
from databook.project import Project


def _git(root: Path, *args: str) -> str | None:
    try:
        out = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout


def _rows(text: str | None) -> dict[str, tuple]:
    if not text:
        return {}
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return {r[0]: tuple(r) for r in rows[1:] if r}


def data_history(project: Project | None = None) -> pd.DataFrame:
    """One row per commit and table changed: date, commit, message, rows added/removed/modified.

    Empty when the project is not a git checkout (the page then says so).
    """
    project = project or Project(inputs.find_root())
    root = project.root
    data = project.rel(project.data_dir)
    log = _git(root, "log", "--format=%H%x1f%ad%x1f%s", "--date=short", "--", f"{data}/")
    inputs.record(inputs.key("git", f"{data}/"), root=root)
    records = []
    for line in (log or "").splitlines():
        commit, date, subject = line.split("\x1f")
        changed = _git(root, "show", "--name-only", "--format=", commit, "--", f"{data}/") or ""
        for name in sorted(n for n in changed.splitlines() if n.endswith(".csv")):
            before = _rows(_git(root, "show", f"{commit}^:{name}"))
            after = _rows(_git(root, "show", f"{commit}:{name}"))
            added = sorted(set(after) - set(before))
            removed = sorted(set(before) - set(after))
            modified = sorted(k for k in set(after) & set(before) if after[k] != before[k])
            records.append({"date": date, "commit": commit[:10], "table": Path(name).stem,
                            "added": len(added), "removed": len(removed), "modified": len(modified),
                            "keys": ", ".join((added + modified + removed)[:6]) +
                                    (" …" if len(added + modified + removed) > 6 else ""),
                            "why": subject})
    return pd.DataFrame(records, columns=["date", "commit", "table", "added", "removed", "modified", "keys", "why"])
