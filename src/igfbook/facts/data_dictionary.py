"""Facts of the appendix *Data dictionary* (``book/data-dictionary.md``), and the page itself:
every table, column and row rule of ``data/datapackage.json``, with the names readers see.

>>> f = facts()
>>> f.claims["examples-are-real"].holds
True
"""

from __future__ import annotations

import re

import pandas as pd

from databook import dictionary
from databook.facts import FactSet
from igfbook import data, paths, tables, text
from igfbook.data import Tables


def load() -> Tables:
    return data.tables()


def descriptor() -> dict:
    """The data package descriptor (recorded as an input of the page)."""
    return dictionary.descriptor(paths.project())


def _title(resource: dict, column: str) -> str:
    for f in resource["schema"]["fields"]:
        if f["name"] == column:
            return f.get("title") or column.replace("_", " ")
    raise KeyError(f"table '{resource['name']}' has no column '{column}'")


def _quoted(titles: list[str]) -> str:
    return text.listing(f"'{x}'" for x in titles)


# --------------------------------------------------------------------------- what the page shows


def overview(package: dict) -> pd.DataFrame:
    """One line per table: its title, file, rows, and the columns that cite and locate each row."""
    rows = []
    for r in package["resources"]:
        prov = r.get("databook:provenance", {})
        cite = prov.get("cite") or []
        cite = [cite] if isinstance(cite, str) else cite
        rows.append({"table": r["title"], "file": f"data/{r['path']}",
                     "rows": dictionary.rows_in(paths.project(), r),
                     "each row cites": _quoted([_title(r, c) for c in cite]),
                     "and where in it": _quoted([_title(r, prov["locator"])]) if prov.get("locator") else ""})
    return pd.DataFrame(rows)


def allowed(field: dict, titles: dict[str, str]) -> str:
    """What a column allows, in words: list, allowed values (quoted, so that a value with a comma
    stays one value), format, range, citation keys or keys of another table (by its title)."""
    cons = {**field.get("constraints", {}), **field.get("databook:itemConstraints", {})}
    parts = []
    if field.get("type") == "list":
        parts.append(f"a list separated by '{field.get('delimiter', ',')}'")
    if "enum" in cons:
        parts.append("one of " + ", ".join(f"'{v}'" for v in cons["enum"]))
    if "pattern" in cons:
        parts.append(field.get("databook:format", f"the pattern {cons['pattern']}"))
    low, high = cons.get("minimum"), cons.get("maximum")
    if low is not None and high is not None:
        parts.append(f"from {low} to {high}")
    elif low is not None:
        parts.append(f"at least {low}")
    elif high is not None:
        parts.append(f"at most {high}")
    if field.get("databook:cite"):
        parts.append("citation keys of the bibliography")
    if field.get("databook:references"):
        ref = field["databook:references"]
        parts.append(f"keys of '{titles.get(ref['resource'], ref['resource'])}'")
    if field.get("databook:rowRefs"):
        parts.append("'table:key' of any row of the tables")
    return "; ".join(parts)


def fields(resource: dict) -> pd.DataFrame:
    """One line per column: what readers see it as (its title) first, then its name in the file,
    type, whether required, what is allowed and what it means."""
    titles = {r["name"]: r["title"] for r in descriptor()["resources"]}
    pk = resource["schema"].get("primaryKey", [])
    return pd.DataFrame([{
        "shown as": f.get("title", ""),
        "column in the file": f["name"] + (" (key)" if f["name"] in pk else ""),
        "type": f.get("type", "string"),
        "required": "yes" if f.get("constraints", {}).get("required") else "",
        "allowed": allowed(f, titles),
        "meaning": f.get("description", ""),
    } for f in resource["schema"]["fields"]])


def rule_words(resource: dict, rule: dict) -> str:
    """One row rule of a table in words, with the columns' titles, e.g. "'complete responses' +
    'partial responses' is at most 'patients'"."""
    q = lambda column: f"'{_title(resource, column)}'"  # noqa: E731
    kind = rule["rule"]
    if kind == "required_when":
        when = (" is " + text.listing((f"'{v}'" for v in rule["values"]), conjunction="or")) if "values" in rule \
            else " is given"
        return f"{q(rule['field'])} is required when {q(rule['column'])}{when}"
    if kind == "flag_matches_list":
        return f"{q(rule['flag'])} is yes exactly when {q(rule['field'])} is filled"
    if kind == "sum_at_most":
        return f"{' + '.join(q(c) for c in rule['fields'])} is at most {q(rule['limit'])}"
    if kind == "equals_sum":
        return f"{q(rule['field'])} equals {' + '.join(q(c) for c in rule['fields'])}"
    if kind == "rate_matches_counts":
        dens = text.listing((q(c) for c in rule["denominators"]), conjunction="or else")
        return (f"a stated {q(rule['rate'])} equals 100 × {q(rule['count'])} / {dens}, to the precision it is "
                f"stated with, unless {q(rule['unless'])} names a recorded source conflict")
    if kind == "one_used":
        return f"exactly one row for each {' and '.join(q(c) for c in rule['group'])} has {q(rule['flag'])} yes"
    if kind == "ordered":
        return f"{' ≤ '.join(q(c) for c in rule['fields'])} wherever they are given"
    if kind == "exactly_one":
        return f"exactly one of {text.listing((q(c) for c in rule['fields']), conjunction='or')} is filled"
    raise ValueError(f"table '{resource['name']}': no words for row rule '{kind}'")


def rules(resource: dict) -> list[str]:
    return [rule_words(resource, r) for r in resource.get("databook:rules", [])]


def rule_columns(rule: dict) -> list[str]:
    """The columns a row rule reads, in the order its words name them."""
    cols = []
    for key in ("field", "flag", "rate", "count", "fields", "limit", "column", "denominators", "group"):
        value = rule.get(key)
        cols += value if isinstance(value, list) else [value] if value else []
    return list(dict.fromkeys(cols))


def rule_example(frame: pd.DataFrame, resource: dict, rule: dict) -> str:
    """A real row the rule applies to, with the values it checks, e.g. "sarc-r1507-sarcoma-chmielowski:
    'responders' 5, 'patients' 163"; the first row where most of those columns are filled."""
    cols = [c for c in rule_columns(rule) if c in frame]
    if not len(frame) or not cols:
        return ""
    filled = frame[cols].notna().sum(axis=1)
    if rule["rule"] == "exactly_one":
        filled = filled.where(filled == 1, -1)
    row = frame.loc[filled.idxmax()]
    key = row[resource["schema"].get("primaryKey", [frame.columns[0]])[0]]

    def shown(value) -> str:
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, tuple):
            return "; ".join(value) or "(empty)"
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return "(empty)"
        return text.number(value) if isinstance(value, float) else str(value)

    return f"{key}: " + ", ".join(f"'{_title(resource, c)}' {shown(row[c])}" for c in cols)


def rules_table(t: Tables, resource: dict) -> pd.DataFrame:
    """Every row rule of a table in words, with a real row it applies to."""
    frame = t.frame(resource["name"]) if resource["name"] != "sources" else data.table("sources")
    return pd.DataFrame([{"rule": rule_words(resource, r), "example row": rule_example(frame, resource, r)}
                         for r in resource.get("databook:rules", [])])


def sections(package: dict, t: Tables | None = None) -> list:
    """The page's section for every table, ready to display (``display(*sections(package, t))``)."""
    from IPython.display import Markdown

    out = []
    for r in package["resources"]:
        out.append(Markdown(f"## {r['title']}"))
        out.append(Markdown(f"{r['description']} File `data/{r['path']}`, "
                            f"{dictionary.rows_in(paths.project(), r)} rows."))
        out.append(tables.show(fields(r), f"dictionary-{r['name']}"))
        if r.get("databook:rules"):
            out.append(Markdown("Row rules, each with a row of the table it applies to:"))
            out.append(tables.show(rules_table(t or data.tables(), r), f"dictionary-{r['name']}-rules"))
    return out


# --------------------------------------------------------------------------- examples in the descriptor


def examples(resource: dict) -> list[tuple[str, str]]:
    """(column, example) for every example the descriptor gives of a column's values: the quoted
    values of its format, and values quoted after "e.g." or in brackets in its description."""
    found = []
    for f in resource["schema"]["fields"]:
        fmt, desc = f.get("databook:format", ""), f.get("description", "")
        shown = re.findall(r"'([^']+)'", fmt) + re.findall(r"\bNCT\d{8}\b", fmt)
        shown += re.findall(r"'([^']+)'", desc.split("e.g.", 1)[1]) if "e.g." in desc else []
        shown += re.findall(r"\('([^']+)'\)", desc)
        found += [(f["name"], x) for x in dict.fromkeys(shown)]
    return found


def false_examples(t: Tables, package: dict) -> list[str]:
    """``table.column: example`` for every example that is not a value of its column."""
    bad = []
    for r in package["resources"]:
        frame = t.frame(r["name"]) if r["name"] != "sources" else data.table("sources")
        for column, example in examples(r):
            values = set()
            for v in frame[column].dropna():
                values.update(map(str, v) if isinstance(v, tuple) else [str(v)])
            if example not in values:
                bad.append(f"{r['name']}.{column}: {example}")
    return bad


# --------------------------------------------------------------------------- the facts


def facts(t: Tables | None = None, package: dict | None = None) -> FactSet:
    t = t or load()
    package = package or descriptor()
    f = FactSet("data-dictionary")
    resources = package["resources"]
    f.add("n_tables", len(resources), cite=False)
    f.add("n_columns", sum(len(r["schema"]["fields"]) for r in resources), cite=False)
    f.add("n_rules", sum(len(r.get("databook:rules", [])) for r in resources), cite=False)
    other = [f"{r['name']}.{fl['name']}" for r in resources for fl in r["schema"]["fields"]
             if fl.get("type") == "list" and fl.get("delimiter") != ";"]
    f.claim("lists-use-semicolons", "every list column separates its items with ';'", not other, other)
    uncited = [r["name"] for r in resources
               if not (r.get("databook:provenance", {}).get("cite") and r.get("databook:provenance", {}).get("locator"))]
    f.claim("every-row-cited", "every table names the column that cites each row's article and the column that "
                               "says where in it", not uncited, [f"datapackage:{n}" for n in uncited])
    bad = false_examples(t, package)
    f.claim("examples-are-real", "every example the descriptor gives of a column's values is a value of that column",
            not bad, bad)
    return f
