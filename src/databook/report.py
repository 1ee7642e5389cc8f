"""What a rebuild changed: table rows by key, re-executed chapters, glued values and shown tables.

The build keeps a copy of every table's rows (``_build/data-state.json``) and of every
executed chapter. After a rebuild, :func:`report` compares them with the new ones and says, in a
few lines, what a maintainer needs to check: which rows were added, removed or modified (and which
cells), which chapters ran and why, which glued values moved (old → new) and which rows of the
tables printed under figures and in the text changed.
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

from databook.inputs import csv_rows, table_content

GLUE_MIME = "application/papermill.record/text/plain"


# --------------------------------------------------------------------------- tables


def table_state(data_dir: Path) -> dict[str, dict[str, dict[str, str]]]:
    """Every table as {key: {column: value}}, read as plain text (key = the primary-key columns
    joined by '|'). A byte-order mark, line endings and column order do not change it."""
    descriptor = json.loads((Path(data_dir) / "datapackage.json").read_text(encoding="utf-8-sig"))
    state = {}
    for res in descriptor["resources"]:
        rows = csv_rows(Path(data_dir) / res["path"])
        if not rows:
            continue
        pk = res["schema"].get("primaryKey", [])
        pk = [pk] if isinstance(pk, str) else pk
        content = table_content(rows)
        state[res["name"]] = {"|".join(r.get(k, "") for k in pk) if pk else str(i): r for i, r in enumerate(content)}
    return state


def diff_tables(old: dict, new: dict) -> list[dict]:
    """Per table: keys added, removed and modified (with the cells that changed)."""
    out = []
    for name in sorted(set(old) | set(new)):
        a, b = old.get(name, {}), new.get(name, {})
        added = sorted(set(b) - set(a))
        removed = sorted(set(a) - set(b))
        modified = {}
        for key in sorted(set(a) & set(b)):
            cells = {c: (a[key].get(c, ""), b[key].get(c, "")) for c in set(a[key]) | set(b[key])
                     if a[key].get(c, "") != b[key].get(c, "")}
            if cells:
                modified[key] = dict(sorted(cells.items()))
        if added or removed or modified:
            out.append({"table": name, "added": added, "removed": removed, "modified": modified})
    return out


# --------------------------------------------------------------------------- notebooks


def glued(nb) -> dict[str, str]:
    """Glued values of an executed notebook: key -> text."""
    values = {}
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            meta = out.get("metadata", {}).get("scrapbook", {})
            if "name" in meta:
                text = data.get(GLUE_MIME) or data.get("text/plain") or ""
                values[meta["name"]] = "".join(text) if isinstance(text, list) else str(text)
    return values


def shown_tables(nb) -> dict[str, list[str]]:
    """Tables shown with a ``table <name>`` text form (see :mod:`databook.display`) in an executed notebook: name -> text lines."""
    found = {}
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            text = out.get("data", {}).get("text/plain", "")
            text = "".join(text) if isinstance(text, list) else str(text)
            if text.startswith("table "):
                first, _, rest = text.partition("\n")
                found[first[len("table "):]] = rest.splitlines()
    return found


def diff_notebooks(old, new, markdown: list[str] | None = None) -> dict:
    """Glued values, shown-table rows and (given the chapter's Markdown cells) sentences that
    differ between two executions of a chapter."""
    go, gn = glued(old), glued(new)
    glue = {k: (go.get(k), gn.get(k)) for k in sorted(set(go) | set(gn)) if go.get(k) != gn.get(k)}
    to, tn = shown_tables(old), shown_tables(new)
    rows = {}
    for name in sorted(set(to) | set(tn)):
        a, b = to.get(name, []), tn.get(name, [])
        if a != b:
            rows[name] = [line for line in difflib.unified_diff(a, b, lineterm="", n=0)
                          if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    return {"glue": glue, "tables": rows,
            "sentences": changed_sentences(markdown, go, gn) if markdown else []}


# --------------------------------------------------------------------------- sentences, for review

ROLE = re.compile(r"\{(fact|source|claim)\}`([^`]+)`")
OTHER_ROLE = re.compile(r"\{[\w:-]+\}`([^`<]*?)(?:\s*<[^`]*>)?`")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(*])")


def _render(text: str, values: dict[str, str]) -> str:
    """A sentence as a reader sees it: glued values put in, citations and other roles as text."""
    def fact(m: re.Match) -> str:
        role, names = m.group(1), m.group(2)
        if role == "claim":
            return ""
        if role == "source":
            cites = [values.get(f"{n}.cite", "") for n in names.split(",")]
            keys = re.findall(r"`([^`]+)`", " ".join(cites))
            return f"[{'; '.join(keys)}]" if keys else ""
        return _short(values.get(names), 200)
    text = ROLE.sub(fact, text)
    text = OTHER_ROLE.sub(lambda m: m.group(1), text)
    return re.sub(r"\s+", " ", text).strip()


def changed_sentences(markdown: list[str], old: dict[str, str], new: dict[str, str]) -> list[tuple[str, str]]:
    """Every sentence of a chapter's Markdown whose glued values or citations differ between two
    executions, as ``(old sentence, new sentence)`` rendered as a reader reads them: what a
    maintainer must re-read after an edit."""
    from databook.prose import prose_blocks

    moved = {k for k in set(old) | set(new) if old.get(k) != new.get(k)}
    if not moved:
        return []
    out = []
    for cell in markdown:
        for block in prose_blocks(cell):
            for sentence in SENTENCE_END.split(block):
                names = {n for m in ROLE.finditer(sentence) for n in m.group(2).split(",")}
                if not any(n in moved or f"{n}.cite" in moved for n in names):
                    continue
                before, after = _render(sentence, old), _render(sentence, new)
                if before != after:
                    out.append((before, after))
    return out


# --------------------------------------------------------------------------- the report


def _short(value: str | None, width: int = 70) -> str:
    if value is None:
        return "(none)"
    value = value.strip().strip("'\"")
    return value if len(value) <= width else value[: width - 1] + "…"


def report(table_changes: list[dict] | None, executed: dict[str, str], reused: list[str],
           notebook_changes: dict[str, dict]) -> str:
    """The rebuild report as Markdown text (``table_changes`` None: no earlier build to compare)."""
    lines = ["# What this rebuild changed", ""]
    lines.append("## Tables")
    if table_changes is None:
        lines.append("- no earlier build to compare with: every table is new to this build directory")
        table_changes = []
    elif not table_changes:
        lines.append("- no table changed")
    for t in table_changes:
        parts = []
        for what in ("added", "removed"):
            if t[what]:
                parts.append(f"{len(t[what])} {what} ({', '.join(t[what][:8])}{' …' if len(t[what]) > 8 else ''})")
        if t["modified"]:
            parts.append(f"{len(t['modified'])} modified")
        lines.append(f"- `{t['table']}`: " + "; ".join(parts))
        for key, cells in list(t["modified"].items())[:20]:
            for col, (a, b) in cells.items():
                lines.append(f"  - {key} · {col}: {_short(a, 50)!r} → {_short(b, 50)!r}")
    lines += ["", "## Chapters"]
    for doc, why in executed.items():
        lines.append(f"- re-executed `{doc}` ({why})")
    lines.append(f"- reused {len(reused)} chapter{'s' if len(reused) != 1 else ''} unchanged")
    lines += ["", "## Sentences to re-read"]
    said = False
    for doc, change in notebook_changes.items():
        for before, after in change.get("sentences", []):
            lines += [f"- `{doc}`:", f"  - before: {before}", f"  - after:  {after}"]
            said = True
    if not said:
        lines.append("- no sentence of the prose changed")
    lines += ["", "## Numbers that moved"]
    moved = False
    for doc, change in notebook_changes.items():
        for key, (a, b) in change["glue"].items():
            if key.startswith(("databook.", "claim.")) or key.endswith(".cite"):
                continue   # the tool's own records; claims and citations show in the sentences
            lines.append(f"- `{doc}` glued `{key}`: {_short(a)} → {_short(b)}")
            moved = True
        for name, diff in change["tables"].items():
            lines.append(f"- `{doc}` table `{name}`:")
            lines.extend(f"  {d}" for d in diff[:30])
            moved = True
    if not moved:
        lines.append("- no glued value or shown table changed")
    return "\n".join(lines) + "\n"


def summary(text: str, limit: int = 12) -> str:
    """The report shortened for the terminal: each section's first ``limit`` lines (the rest is
    counted), so a build prints about a screenful whatever changed."""
    out, section, count, hidden = [], None, 0, 0
    for line in text.splitlines():
        if line.startswith("## ") or line.startswith("# "):
            if hidden:
                out.append(f"  … {hidden} more line{'s' if hidden != 1 else ''} in the full report")
            section, count, hidden = line, 0, 0
            out.append(line)
            continue
        if not line.strip():
            continue
        count += 1
        if count <= limit:
            out.append(line)
        else:
            hidden += 1
    if hidden:
        out.append(f"  … {hidden} more line{'s' if hidden != 1 else ''} in the full report")
    return "\n".join(out)
