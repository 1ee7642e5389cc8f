"""The history of the data: which tables changed in which commit, when, and what changed in the
evidence.

Read from git: every commit that touched ``data/`` is compared with its parent, table by table,
row by row (by primary key). Each change is described from the data themselves: rows added,
removed and modified, the columns whose values changed, and the references the changed rows cite
(the table's citation columns, from the ``databook:provenance`` of its schema). The commit message
is kept, but as the commit's title, not as the reason.
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


def _rows(text: str | None) -> dict[str, dict[str, str]]:
    """Rows by their first column (the key), each as {column: value}; a byte-order mark, line
    endings and column order do not matter."""
    if not text:
        return {}
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    if not rows:
        return {}
    header = rows[0]
    return {r[0]: dict(zip(header, r)) for r in rows[1:] if r}


def _cite_columns(project: Project, table: str) -> list[str]:
    try:
        from databook.tableschema import Package

        cite = Package(project.root, project.rel(project.data_dir)).provenance(table).get("cite") or []
    except Exception:   # an unreadable schema leaves the history readable
        return []
    return [cite] if isinstance(cite, str) else list(cite)


def _keys_in(value: str) -> list[str]:
    return [k.strip() for k in value.replace(";", ",").split(",") if k.strip()]


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
            if not (added or removed or modified):
                continue   # formatting only (line endings, byte-order mark, column order)
            columns = sorted({c for k in modified for c in set(after[k]) | set(before[k])
                              if after[k].get(c) != before[k].get(c)})
            cite_cols = _cite_columns(project, Path(name).stem)
            cited = sorted({key for k in added + modified for c in cite_cols for key in _keys_in(after[k].get(c, ""))}
                           | {key for k in removed for c in cite_cols for key in _keys_in(before[k].get(c, ""))})
            records.append({"date": date, "commit": commit[:10], "table": Path(name).stem,
                            "added": len(added), "removed": len(removed), "modified": len(modified),
                            "keys": ", ".join((added + modified + removed)[:6]) +
                                    (" …" if len(added + modified + removed) > 6 else ""),
                            "columns": ", ".join(columns), "cited": ", ".join(cited), "title": subject})
    return pd.DataFrame(records, columns=["date", "commit", "table", "added", "removed", "modified", "keys",
                                          "columns", "cited", "title"])
