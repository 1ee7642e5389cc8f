"""The data dictionary: every table and column, generated from ``data/datapackage.json``."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd

from igfbook import inputs, paths


def descriptor() -> dict:
    """The data package descriptor (recorded as an input of the chapter that reads it)."""
    path = paths.datapackage()
    text = path.read_text(encoding="utf-8")
    inputs.record(paths.rel(path), inputs.sha(text))
    return json.loads(text)


def rule_text(field: dict) -> str:
    """What a column allows, in words."""
    cons = {**field.get("constraints", {}), **field.get("igfbook:itemConstraints", {})}
    parts = []
    if field.get("type") == "list":
        parts.append(f"list separated by '{field.get('delimiter', ',')}'")
    if "enum" in cons:
        parts.append("one of: " + ", ".join(map(str, cons["enum"])))
    if "pattern" in cons:
        parts.append(field.get("igfbook:format", f"pattern {cons['pattern']}"))
    if "minimum" in cons or "maximum" in cons:
        parts.append(f"{cons.get('minimum', '')}–{cons.get('maximum', '')}".strip("–"))
    if field.get("igfbook:cite"):
        parts.append("key(s) of references.bib")
    if field.get("igfbook:references"):
        ref = field["igfbook:references"]
        parts.append(f"{ref['field']} of table {ref['resource']}")
    if field.get("igfbook:rowRefs"):
        parts.append("table:key of any row")
    return "; ".join(parts)


def fields(resource: dict) -> pd.DataFrame:
    """One row per column of a table: name, type, required, allowed values, meaning."""
    rows = []
    pk = resource["schema"].get("primaryKey", [])
    for f in resource["schema"]["fields"]:
        rows.append({
            "column": f["name"] + (" (key)" if f["name"] in pk else ""),
            "type": f.get("type", "string"),
            "required": "yes" if f.get("constraints", {}).get("required") else "",
            "allowed": rule_text(f),
            "meaning": f.get("description", ""),
        })
    return pd.DataFrame(rows)


def rows_in(resource: dict) -> int:
    """Number of data rows in a table's file."""
    path = paths.data_dir() / resource["path"]
    text = path.read_text(encoding="utf-8")
    inputs.record(paths.rel(path), inputs.sha(text))
    return max(0, sum(1 for row in csv.reader(io.StringIO(text, newline="")) if row) - 1)
