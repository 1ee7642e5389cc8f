"""The agents table says what the sources say."""

from __future__ import annotations

import re

import pytest

from databook import bibtex, inputs
from igfbook import data, paths

from tests.helpers import sources_dir


@pytest.fixture(scope="module")
def agents():
    return data.agents()


@pytest.fixture(scope="module")
def source_text():
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(sources_dir().glob("*.txt")))
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1-\2", text)      # words hyphenated across lines
    return re.sub(r"\s+", " ", text)


def squash(text: str) -> str:
    """Lower case, letters and digits only, British spellings made American: text extracted from
    PDFs loses hyphens and spaces ("ScheringPlough"), and the book writes "analogues" where the
    sources print "analogs"."""
    text = text.lower().replace("analogue", "analog").replace("neutralis", "neutraliz")
    return re.sub(r"[^a-z0-9]", "", text)


def test_the_ligand_antibodies_are_the_two_simpson_names(agents):
    # Simpson et al. §2.3: "Two IGF-1/IGF-2 co-neutralizing mAbs, dusigitumab ... and xentuzumab".
    ligand = agents.loc[agents["agent_class"] == "IGF ligand-neutralising antibody", "name"]
    assert set(ligand) == {"dusigitumab", "xentuzumab"}


def test_every_name_code_and_variant_is_printed_in_a_source(agents, source_text):
    # The table gives names "as the sources give them": each must occur in an article or in the
    # title of a cited, verified reference (e.g. "SCH 717454" in the robatumumab trial's title).
    db = bibtex.load(paths.project().bibliography)
    titles = " ".join(bibtex.title(k, db) for k in db.entries)
    haystack = squash(source_text + " " + titles)
    missing = []
    for _, row in agents.iterrows():
        names = [row["name"], *row["codes"]]
        names += [v.split(" (")[0] for v in row["variants"]]
        missing += [(row["agent_id"], name) for name in names if squash(name) not in haystack]
    assert missing == []


def test_sponsors_are_named_in_the_sources(agents, source_text):
    haystack = squash(source_text)
    missing = [s for s in agents["sponsor"].dropna() if squash(s.split(" (")[0]) not in haystack]
    assert missing == []


def test_stopped_and_ongoing_agents_cite_who_says_so(agents):
    decided = agents[agents["status"].isin(["in clinical development", "development stopped"])]
    assert decided["status_source"].notna().all()


def test_preclinical_agents_have_no_clinical_status(agents):
    pre = agents[agents["highest_phase"] == "preclinical"]
    assert set(pre["status"]) <= {"no clinical use reported"}


def test_loading_records_exactly_what_was_read():
    # loading records the schema, the row keys and the citation keys it is checked against ...
    inputs.forget()
    agents = data.agents()
    loaded = {"schema:data/datapackage.json#agents", "column:data/agents.csv#agent_id", "bibkeys:references.bib"}
    assert set(inputs.recorded()) == loaded
    # ... and each column records itself when it is read, not before
    agents["sponsor"].tolist()
    assert set(inputs.recorded()) == loaded | {"column:data/agents.csv#sponsor"}
    # a table with foreign keys also records the key columns it refers to, not the whole target table
    inputs.forget()
    data.measures()
    assert set(inputs.recorded()) == {"schema:data/datapackage.json#measures", "column:data/measures.csv#measure_id",
                                      "bibkeys:references.bib", "values:data/arms.csv#arm_id"}
    inputs.forget()


def test_a_row_is_found_by_its_key_in_the_frame_as_it_is_now():
    t = data.tables()
    key = t.key_of("studies")
    first = t.studies[key].iloc[0]
    assert t.row("studies", first).key == first
    # a frame put in place of another (the way tests and maintainers edit) is searched afresh
    edited = t.studies.copy()
    edited.loc[edited[key] == first, key] = "renamed-study"
    t.studies = edited
    assert t.row("studies", "renamed-study").key == "renamed-study"
    with pytest.raises(KeyError, match=f"table studies has no row '{first}'"):
        t.row("studies", first)
    # a key changed in place, in the same frame, is found too, and the old key no longer is
    t.studies.loc[t.studies[key] == "renamed-study", key] = "renamed-again"
    assert t.row("studies", "renamed-again").key == "renamed-again"
    with pytest.raises(KeyError):
        t.row("studies", "renamed-study")


def test_reading_a_row_by_key_records_the_key_column_and_the_cells_read():
    t = data.tables()
    first = data.studies()["study_id"].iloc[0]   # read from another load of the table
    t.studies   # loaded (recording its schema and keys) before the record is cleared
    inputs.forget()
    row = t.row("studies", first)
    row.value("phase")
    recorded = set(inputs.recorded())
    assert {"column:data/studies.csv#study_id", "column:data/studies.csv#phase"} <= recorded
    assert "column:data/studies.csv#notes" not in recorded


def test_a_kept_result_is_computed_again_once_a_table_it_could_have_read_is_replaced():
    t = data.tables()
    calls = []

    def count():
        calls.append(1)
        return len(t.conflicts)
    n = t.memo("count", count)
    assert t.memo("count", count) == n and len(calls) == 1
    t.conflicts = t.conflicts.iloc[:3].copy()
    assert t.memo("count", count) == 3 and len(calls) == 2
