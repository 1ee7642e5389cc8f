"""The trials explorer: the studies and agents tables as interactive, offline, filterable tables.

Every value taken from the data is HTML-escaped here, before the table reaches itables; the only
markup added is the links this module writes itself (to a chapter and to the bibliography). The
interactive table (itables, with its scripts embedded so the page works offline) is used on the
explorer page only; the rest of the book stays light.

Each study links to the one chapter that tells it in full, by :func:`igfbook.evidence.chapter_of`,
the rule the conflicts appendix also follows.
"""

from __future__ import annotations

import html

import pandas as pd

from igfbook import evidence, refs
from igfbook.data import Tables


def _link(href: str, text: str) -> str:
    return f'<a href="{html.escape(href, quote=True)}">{html.escape(text)}</a>'


def _text(value) -> str:
    if isinstance(value, (tuple, list)):
        value = "; ".join(map(str, value))
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value))


def outcome(arms: pd.DataFrame) -> pd.DataFrame:
    """Per study, the reported arms in brief: patients and responders of the arms the book uses."""
    used = arms[arms["use"]]

    def brief(group: pd.DataFrame) -> str:
        parts = []
        for row in group.itertuples():
            n = row.evaluable if pd.notna(row.evaluable) else row.patients
            if pd.notna(row.responders) and pd.notna(n):
                parts.append(f"{row.arm}: {int(row.responders)}/{int(n)} responded")
            elif pd.notna(row.orr_pct):
                parts.append(f"{row.arm}: response rate {row.orr_pct:g}%")
            elif pd.notna(row.patients):
                parts.append(f"{row.arm}: {int(row.patients)} patients")
        return "; ".join(parts)

    return used.groupby("study_id").apply(brief, include_groups=False).rename("reported outcome").reset_index()


def studies_table(t: Tables) -> pd.DataFrame:
    """One row per study, ready for display: escaped values, and links to the chapter that tells the
    study in full (:func:`igfbook.evidence.chapter_of`, shown by its title), to the bibliography
    (sources as author–year labels) and to each registration's ClinicalTrials.gov record. No key of
    any table is shown."""
    names = t.agents.set_index("agent_id")["name"]
    classes = t.agents.set_index("agent_id")["agent_class"]
    merged = t.studies.merge(outcome(t.arms), on="study_id", how="left")
    rows = []
    for _, s in merged.iterrows():
        chapter = evidence.chapter_of(s)
        primary = s["primary_ref"]
        rows.append({
            "study": _text(s["title"]),
            "agent": _text([names[a] for a in s["agent_ids"]]),
            "class": _text(sorted({classes[a] for a in s["agent_ids"]})),
            "partners": _text(s["partners"]) or "none (single agent)",
            "phase": _text(s["phase"]),
            "tumour": _text(s["tumour"]),
            "status": _text(s["status"]),
            "outcome": _text(s["reported outcome"]),
            "year": _text(s["year"]),
            "registration": ", ".join(_link(f"https://clinicaltrials.gov/study/{n}", n) for n in s["nct"]),
            "chapter": _link(f"{chapter}.html", evidence.chapter_title(chapter)),
            "source": _link(refs.anchor(s["source"]), refs.label(s["source"])),
            "primary publication": _link(refs.anchor(primary), refs.label(primary)) if isinstance(primary, str) else "",
        })
    return pd.DataFrame(rows)


def agents_table(t: Tables) -> pd.DataFrame:
    """One row per agent, ready for display (the agents are told in the catalogue chapter)."""
    agents = t.agents
    chapter = evidence.TABLE_CHAPTER["agents"]
    return pd.DataFrame({
        "agent": agents["name"].map(_text),
        "codes": agents["codes"].map(_text),
        "class": agents["agent_class"].map(_text),
        "targets": agents["targets"].map(_text),
        "sponsor": agents["sponsor"].map(_text),
        "highest phase": agents["highest_phase"].map(_text),
        "status": agents["status"].map(_text),
        "chapter": [_link(f"{chapter}.html", evidence.chapter_title(chapter))] * len(agents),
        "source": agents["source"].map(lambda k: _link(refs.anchor(k), refs.label(k))),
    })


def setup() -> None:
    """Emit itables' scripts into the page (offline: the bundle is embedded, nothing is fetched)."""
    from itables import init_notebook_mode

    init_notebook_mode(all_interactive=False, connected=False)


#: Runs whenever the table is drawn (DataTables' drawCallback; itables drops a custom initComplete when
#: column filters are on). It names each column's filter box for assistive technology (itables gives
#: it only a placeholder, which is not a label) and connects the boxes readers see: with horizontal
#: scrolling DataTables shows a copy of the footer, and itables listens to the hidden original only
#: (the hidden sizing copies are kept out of the Tab order by ``igfbook.css``).
FILTER_BOXES = """
function (settings) {
  const api = this.api();
  const box = settings.nTableWrapper || document;
  const bound = (window.igfbookFilterBoxes = window.igfbookFilterBoxes || new WeakSet());
  box.querySelectorAll("tfoot input").forEach(function (input) {
    const name = "Filter the " + (input.getAttribute("placeholder") || "").trim() + " column";
    input.setAttribute("aria-label", name);
    input.setAttribute("title", name);
    const cell = input.closest("th, td");
    if (bound.has(input) || !cell || cell.dataset.dtColumn === undefined) { return; }
    bound.add(input);
    const column = api.column(Number(cell.dataset.dtColumn));
    ["input", "keyup", "change"].forEach(function (kind) {
      input.addEventListener(kind, function () {
        if (column.search() !== input.value) { column.search(input.value).draw(); }
      });
    });
  });
}
"""


def interactive(frame: pd.DataFrame, table_id: str, caption: str):
    """An offline itables table (scripts embedded) for ``frame``, whose cells are already escaped:
    a search box over every column, a filter box under each column, sorting, paging, and a button
    that saves the rows as filtered to a CSV file (DataTables' own export, in the embedded bundle)."""
    from IPython.display import HTML
    from itables import JavascriptFunction, to_html_datatable

    markup = to_html_datatable(frame, caption=caption, connected=False, allow_html=True, showIndex=False,
                               table_id=table_id, pageLength=10, lengthMenu=[10, 25, 50, 100], scrollX=True,
                               classes="display compact", maxBytes=0, column_filters="footer",
                               buttons=[{"extend": "csvHtml5", "text": "Download these rows (CSV)",
                                         "title": table_id, "footer": False,
                                         "exportOptions": {"stripHtml": True}}],
                               layout={"topStart": "buttons", "topEnd": "search", "bottomStart": "pageLength",
                                       "bottomEnd": "paging", "bottom2Start": "info"},
                               drawCallback=JavascriptFunction(FILTER_BOXES.strip()))
    return HTML(markup)
