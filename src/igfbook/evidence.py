"""The book's evidence rules: which rows stand for what, and where each study is told.

These are the judgements the book makes about its tables, written once and tested:

- which row of ``arms`` the book reports for an arm (``use``), and how to look one up;
- which cohorts count as Ewing sarcoma, and which studies belong to a tumour group;
- which chapter is the home of each study (:func:`chapter_of`), so the trials explorer, the
  conflicts appendix and every "see" link send a reader to the same place;
- the reported measures of an arm that the fixed columns do not hold (table ``measures``).
"""

from __future__ import annotations

import re

import pandas as pd

from databook.facts import Cell, Row
from igfbook.data import Tables

# --------------------------------------------------------------------------- arms and measures


def used(arms: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``arms`` the book reports (``use`` true): one per arm and study."""
    return arms[arms["use"].fillna(False).astype(bool)]


def arm(t: Tables, arm_id: str) -> Row:
    """One row of ``arms`` with its provenance, e.g. ``arm(t, "figitumumab-ewing-ph2-juergens2011")["pr"]``."""
    return t.row("arms", arm_id)


def measure(t: Tables, arm_id: str, measure_name: str) -> Row:
    """The row of ``measures`` for one measure of one arm (raises ``KeyError`` naming both)."""
    m = t.measures
    found = m[(m["arm_id"] == arm_id) & (m["measure"] == measure_name)]
    if len(found) != 1:
        raise KeyError(f"table measures has {len(found)} rows for arm '{arm_id}' and measure '{measure_name}'")
    return t.as_row("measures", found.iloc[0])


def measures_of(t: Tables, arm_ids) -> pd.DataFrame:
    """The measures of the given arms, in table order."""
    return t.measures[t.measures["arm_id"].isin(list(arm_ids))]


def effect(t: Tables, effect_id: str) -> Row:
    """One comparison of table ``effects`` (a controlled trial's result), with its provenance."""
    return t.row("effects", effect_id)


def harm(t: Tables, ae_id: str) -> Row:
    """One statement of table ``adverse_events``, with its provenance."""
    return t.row("adverse_events", ae_id)


def effects_of_arm(t: Tables, arm_id: str) -> pd.DataFrame:
    """The used comparisons whose IGF-drug arm is ``arm_id``, in table order."""
    e = t.effects
    return e[(e["arm_id"] == arm_id) & e["use"]]


def number_in(row: Row, column: str, pattern: str) -> Cell:
    """A number written inside a text cell (a conflict's version, say), with that cell's source;
    raises when the wording no longer holds it, so a sentence cannot outlive its number.

    >>> number_in(Row("c", "k", {"v": "more than 700 patients"}), "v", r"more than (\\d+)").value
    700
    """
    text = row.value(column)
    match = re.search(pattern, text or "")
    if not match:
        raise ValueError(f"{row.table}:{row.key} column '{column}' no longer matches {pattern!r}: {text!r}")
    raw = match.group(1)
    value = int(raw) if raw.isdigit() else float(raw) if re.fullmatch(r"\d+\.\d+", raw) else raw
    return Cell(value, row.source(column))


def version(t: Tables, conflict_id: str, letter: str) -> Row:
    """One version (a, b or c) of a conflict as a row citing only that version's source."""
    c = t.row("conflicts", conflict_id)
    data = {"text": c.value(f"version_{letter}"), "source": c.value(f"source_{letter}"),
            "locator": c.value(f"locator_{letter}")}
    return Row("conflicts", f"{conflict_id}/{letter}", data, (data["source"],), data["locator"])


# --------------------------------------------------------------------------- cohorts and groups

#: Diseases whose presence in a cohort's tumour description means it is not a Ewing cohort.
NOT_EWING = ("other", "osteosarcoma", "rhabdomyosarcoma", "synovial", "soft-tissue", "soft tissue", "bone and")


def is_ewing_cohort(tumour: str) -> bool:
    """Whether a tumour description names Ewing family tumours and no other sarcoma.

    Desmoplastic small round cell tumour, the other EWS-translocated tumour, may share the cohort.

    >>> is_ewing_cohort("Ewing sarcoma"), is_ewing_cohort("Ewing sarcoma and other sarcoma subtypes")
    (True, False)
    """
    text = tumour.lower()
    return "ewing" in text and not any(word in text for word in NOT_EWING)


def is_ewing_arm(row: pd.Series) -> bool:
    """Whether a row of a response table is a Ewing cohort: judged by the arm's name when it names
    Ewing sarcoma (mixed trials report their Ewing cohort as an arm), else by the study's tumour.

    >>> is_ewing_arm(pd.Series({"arm": "Ewing sarcoma patients", "tumour": "osteosarcoma and Ewing sarcoma"}))
    True
    """
    arm_name = str(row.get("arm", ""))
    return is_ewing_cohort(arm_name if "ewing" in arm_name.lower() else str(row.get("tumour", "")))


def ewing_cohorts(rates: pd.DataFrame) -> pd.DataFrame:
    """The single-agent Ewing cohorts with counts in a response table: the cohorts the book pools
    (one definition, used by every chapter that pools them)."""
    if not len(rates):
        return rates
    keep = rates["has_counts"].astype(bool) & rates.apply(is_ewing_arm, axis=1)
    return rates[keep]


def cohort_labels(rates: pd.DataFrame) -> pd.Series:
    """A reader's label per cohort of a response table: the agent, or "agent, arm" where the same
    agent has several cohorts (labels of a pool must be unique)."""
    repeated = rates["agent"].duplicated(keep=False)
    return rates["agent"].where(~repeated, rates["agent"] + ", " + rates["arm"])


def tumour_studies(studies: pd.DataFrame, arms: pd.DataFrame, group: str, arm_pattern: str) -> pd.DataFrame:
    """Studies of one tumour group, plus studies of other groups with a used arm whose name
    matches ``arm_pattern`` (a case-insensitive regular expression), e.g. a breast subgroup of a
    mixed phase I trial."""
    u = used(arms)
    matching = set(u.loc[u["arm"].str.contains(arm_pattern, case=False, regex=True), "study_id"])
    keep = (studies["tumour_group"] == group) | studies["study_id"].isin(matching)
    return studies[keep].reset_index(drop=True)


def sarcoma_studies(studies: pd.DataFrame, arms: pd.DataFrame) -> pd.DataFrame:
    """Studies in sarcoma, plus studies of mixed tumours that report a Ewing sarcoma subgroup."""
    return tumour_studies(studies, arms, "sarcoma", "Ewing")


def is_controlled(study: pd.Series | dict) -> bool:
    """Randomised, or of phase II/III or III: the trials that compare against a control."""
    return str(study["design"]).startswith("randomised") or study["phase"] in ("II/III", "III")


# --------------------------------------------------------------------------- where each study is told

#: Single-agent studies of these tumour groups are told in the tumour chapter.
TUMOUR_CHAPTER_GROUPS = ("lung", "breast", "adrenocortical")


def chapter_of(study: pd.Series | dict) -> str:
    """The chapter (document name) that tells a study in full: the one home every link uses.

    1. sarcoma studies, alone or combined: ``sarcoma``;
    2. controlled combination trials (randomised or phase II/III–III): ``phase3``;
    3. other combination studies: ``combinations``;
    4. single-agent studies in lung, breast or adrenocortical cancer: ``tumours``;
    5. every other single-agent study: ``monotherapy``.
    """
    if study["tumour_group"] == "sarcoma":
        return "sarcoma"
    if bool(study["combination"]):
        return "phase3" if is_controlled(study) else "combinations"
    if study["tumour_group"] in TUMOUR_CHAPTER_GROUPS:
        return "tumours"
    return "monotherapy"


#: The columns :func:`chapter_of` reads (so a chapter that routes studies re-runs only when these change).
CHAPTER_COLUMNS = ["tumour_group", "combination", "design", "phase"]


def chapters(studies: pd.DataFrame) -> pd.Series:
    """:func:`chapter_of` for every row of ``studies`` (reading only :data:`CHAPTER_COLUMNS`)."""
    return studies[CHAPTER_COLUMNS].apply(chapter_of, axis=1)


#: The chapter that shows each table's rows (studies and arms follow their study).
TABLE_CHAPTER = {"agents": "agents", "interactions": "axis", "signalling": "signalling", "biomarkers": "biomarkers",
                 "combinations": "combinations", "crosstalk": "why-combine", "sources": "intro",
                 "field_counts": "lessons",
                 "conflicts": "conflicts", "measures": "monotherapy", "adverse_events": "safety",
                 "later": "later"}


def chapter_of_row(t: Tables, table: str, key: str) -> str:
    """The chapter that shows row ``key`` of ``table`` (``data-dictionary`` if none does)."""
    if table in ("effects", "arms", "measures", "studies"):
        try:
            row = t.row(table, key)
        except KeyError:
            return "data-dictionary"
        if table == "effects":
            study = row.value("study_id")
            return chapter_of_row(t, "studies", study) if isinstance(study, str) else "later"
        if table == "measures":
            return chapter_of_row(t, "arms", row.value("arm_id"))
        if table == "arms":
            return chapter_of_row(t, "studies", row.value("study_id"))
        return chapter_of({c: row.value(c) for c in CHAPTER_COLUMNS})
    return TABLE_CHAPTER.get(table, "data-dictionary")


# --------------------------------------------------------------------------- the order of the chapters


def chapter_order() -> list[str]:
    """The book's documents in reading order, as ``_toc.yml`` lists them, without folder or
    extension (``"intro"`` first); records the table of contents as an input of the running
    chapter, so a sentence such as "the chapter before" is re-checked when the order changes.

    >>> chapter_order()[0]
    'intro'
    """
    from databook import inputs
    from igfbook import paths

    project = paths.project()
    inputs.record(inputs.key("file", "_toc.yml"), root=project.root)
    return [doc.rsplit("/", 1)[-1] for doc in project.documents()]


def chapter_offset(doc: str, other: str) -> int:
    """How many places ``other`` comes after ``doc`` in reading order (negative if before), e.g.
    ``chapter_offset("agents", "three-ways") == -1`` for "the chapter before"."""
    order = chapter_order()
    for name in (doc, other):
        if name not in order:
            raise KeyError(f"'{name}' is not a document of _toc.yml")
    return order.index(other) - order.index(doc)


def links_to(doc: str, target: str) -> bool:
    """Whether chapter ``doc`` links to chapter ``target`` (a ``{doc}`` role naming it), read from
    ``book/<doc>.md`` and recorded as an input of the running chapter."""
    from databook import inputs
    from igfbook import paths

    project = paths.project()
    path = project.source(f"book/{doc}")
    inputs.record(inputs.key("file", project.rel(path)), root=project.root)
    return re.search(r"\{doc\}`(?:[^`<]*<)?" + re.escape(target) + r">?`", path.read_text(encoding="utf-8")) is not None


def chapter_title(doc: str) -> str:
    """The title a reader sees for a chapter (its first heading), read from ``book/<doc>.md`` and
    recorded as an input of the running chapter, e.g. ``chapter_title("sarcoma")``
    == ``"Sarcoma and the Ewing exception"``. Raises ``FileNotFoundError`` for a chapter that does
    not exist, so a link cannot point nowhere."""
    from databook import inputs
    from igfbook import paths

    project = paths.project()
    path = project.source(f"book/{doc}")
    inputs.record(inputs.key("file", project.rel(path)), root=project.root)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise ValueError(f"{project.rel(path)} has no title (a line starting with '# ')")


# --------------------------------------------------------------------------- rows cited to the right reference


def primary(t: Tables, study_id: str) -> Row:
    """A study's row citing its verified primary publication (not the source article that first
    describes it), for facts read from that publication, e.g. the partner drug of a trial the
    sources misdescribe. Raises ``KeyError`` if the study has no primary publication."""
    row = t.row("studies", study_id)
    ref = row.value("primary_ref")
    if not isinstance(ref, str) or not ref:
        raise KeyError(f"study '{study_id}' has no primary publication (column primary_ref is empty)")
    return row.cited_to((ref,), "primary publication")


def dated_by(t: Tables, study_id: str) -> Row:
    """A study's row citing the reference that dates it: its primary publication when
    ``year_basis`` says so, else the source article that first mentions it — the one of the source
    articles (table ``sources``) published in the study's year, which need not be the article in the
    row's ``source`` column. Raises ``ValueError`` if no source article has that year."""
    from igfbook import refs

    row = t.row("studies", study_id)
    if row.value("year_basis") == "primary publication":
        return primary(t, study_id)
    year = int(row.value("year"))
    articles = [k for k in t.sources["key"] if refs.year(k) == year]
    if len(articles) != 1:
        raise ValueError(f"study '{study_id}' is dated {year} by its earliest source, but "
                         f"{len(articles)} source articles were published that year: {articles}")
    key = articles[0]
    return row.cited_to((key,), row.value("locator") if key == row.value("source") else None)


def status_of(t: Tables, agent_id: str) -> Row:
    """An agent's row citing the source of its development status (``status_source``), e.g. for
    "development stopped", rather than the source that describes the agent."""
    row = t.row("agents", agent_id)
    key = row.value("status_source")
    return row.cited_to((key,) if isinstance(key, str) and key else (), None)


def require(facts, name: str, *cells: Cell) -> list:
    """The values of ``cells``, which fact ``name`` of a :class:`~databook.facts.FactSet` is built
    from; raises :class:`~databook.facts.MissingValue` naming the fact and the empty cell, as
    ``FactSet.add`` does for a single cell, e.g. ``text.k_of_n(*require(f, "x", row["pr"], row["patients"]))``."""
    from databook.facts import MissingValue

    values = []
    for cell in cells:
        v = cell.value
        if v is None or (not isinstance(v, (list, tuple, str)) and bool(pd.isna(v))):
            raise MissingValue(f"fact '{name}' of chapter '{facts.chapter}' has no value ({cell.source.ref()} is "
                               "empty): the prose needs it; fill the cell or change the sentence")
        values.append(v)
    return values
