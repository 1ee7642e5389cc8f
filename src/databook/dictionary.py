"""The data dictionary: every table, column and row rule, generated from ``datapackage.json``."""

from __future__ import annotations

import json

import pandas as pd

from databook import inputs
from databook.project import Project


def descriptor(project: Project | None = None) -> dict:
    """The data package descriptor (recorded as an input of the chapter that reads it)."""
    project = project or Project(inputs.find_root())
    inputs.record(inputs.key("json", project.rel(project.descriptor)), root=project.root)
    return json.loads(project.descriptor.read_text(encoding="utf-8-sig"))


def rule_text(field: dict, bibliography: str = "the bibliography") -> str:
    """What a column allows, in words."""
    cons = {**field.get("constraints", {}), **field.get("databook:itemConstraints", {})}
    parts = []
    if field.get("type") == "list":
        parts.append(f"list separated by '{field.get('delimiter', ',')}'")
    if "enum" in cons:
        parts.append("one of: " + ", ".join(map(str, cons["enum"])))
    if "pattern" in cons:
        parts.append(field.get("databook:format", f"pattern {cons['pattern']}"))
    if "minimum" in cons or "maximum" in cons:
        parts.append(f"{cons.get('minimum', '')}–{cons.get('maximum', '')}".strip("–"))
    if field.get("databook:cite"):
        parts.append(f"key(s) of {bibliography}")
    if field.get("databook:references"):
        ref = field["databook:references"]
        parts.append(f"{ref['field']} of table {ref['resource']}")
    if field.get("databook:rowRefs"):
        parts.append("table:key of any row")
    return "; ".join(parts)


def fields(resource: dict, bibliography: str = "the bibliography") -> pd.DataFrame:
    """One row per column of a table: name, title, type, required, allowed values, meaning."""
    rows = []
    pk = resource["schema"].get("primaryKey", [])
    for f in resource["schema"]["fields"]:
        rows.append({
            "column": f["name"] + (" (key)" if f["name"] in pk else ""),
            "shown as": f.get("title", ""),
            "type": f.get("type", "string"),
            "required": "yes" if f.get("constraints", {}).get("required") else "",
            "allowed": rule_text(f, bibliography),
            "meaning": f.get("description", ""),
        })
    return pd.DataFrame(rows)


def rows_in(project: Project, resource: dict) -> int:
    """Number of data rows in a table's file. The set of its primary key's values is recorded as
    the input (keys are unique once the data are valid, so that set has one value per row): an edit
    to another cell does not change the count. A table without a primary key records its content."""
    path = project.data_dir / resource["path"]
    key = (resource.get("schema") or {}).get("primaryKey")
    key = [key] if isinstance(key, str) else key
    if key and len(key) == 1:
        inputs.record(inputs.key("values", project.rel(path), key[0]), root=project.root)
    else:
        inputs.record(inputs.key("table", project.rel(path)), root=project.root)
    rows = inputs.csv_rows(path) or []
    return max(0, len(rows) - 1)
