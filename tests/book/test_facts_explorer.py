"""The trials explorer: one chapter rule with the conflicts appendix (tested on every study), reader
labels instead of keys, offline tables, and claims that fail when the data stop supporting them."""

from __future__ import annotations

import re
import types

import pytest

import igfbook.explorer
import igfbook.tables
from igfbook import conflicts, data, evidence, explorer as domain, refs, tables
from igfbook.facts import explorer

from tests.book.drift import edit, failed
from tests.book.prose_numbers import typed_numbers
from tests.helpers import ROOT


@pytest.fixture(scope="module")
def t():
    return data.tables()


@pytest.fixture(scope="module")
def facts(t):
    return explorer.facts(t)


def test_every_claim_holds_for_the_shipped_data(facts):
    assert failed(facts) == set()


def test_every_study_goes_to_one_chapter_in_the_explorer_and_the_appendix(t):
    # The issue: the old explorer.chapter_of and combos.chapter_of sent 25 of 51 studies apart.
    r = explorer.routes(t).set_index("study_id")
    assert len(r) == len(t.studies)
    for study in t.studies.itertuples():
        rule = evidence.chapter_of(t.studies.set_index("study_id").loc[study.study_id].to_dict() | {"study_id": study.study_id})
        assert r.loc[study.study_id, "explorer"] == rule == evidence.chapter_of_row(t, "studies", study.study_id)
    # and every affected study row of a conflict goes where the explorer sends it
    a = conflicts.affected_rows(t)
    for row in a[a["table"] == "studies"].itertuples():
        assert row.chapter == r.loc[row.key, "explorer"]
    assert not hasattr(domain, "chapter_of")


def test_the_old_rule_would_have_stopped_the_build(monkeypatch, t):
    # the explorer's former rule: by tumour group first, then combination or not
    by_group = {"sarcoma": "sarcoma", "lung": "tumours", "breast": "tumours", "adrenocortical": "tumours"}
    old = types.SimpleNamespace(chapter_of=lambda s: by_group.get(s["tumour_group"]) or
                                ("combinations" if s["combination"] else "monotherapy"),
                                chapter_title=evidence.chapter_title)
    monkeypatch.setattr(igfbook.explorer, "evidence", old)
    f = explorer.facts(t)
    assert "one-chapter-rule" in failed(f)
    assert len(f.claims["one-chapter-rule"].against) >= 10


def test_the_tables_show_labels_not_keys(t):
    studies, agents = explorer.studies_table(t), explorer.agents_table(t)
    keys = set(t.studies["study_id"]) | set(t.arms["arm_id"]) | {k for k in t.agents["agent_id"] if "-" in k}
    for frame in (studies, agents):
        for cell in frame.to_numpy().ravel():
            visible = re.sub(r"<[^>]+>", "", str(cell))
            assert not any(re.search(rf"(?<![\w-]){re.escape(k)}(?![\w-])", visible) for k in keys), visible
    titles = {evidence.chapter_title(d) for d in set(explorer.routes(t)["explorer"])}
    assert set(studies["chapter"].map(lambda a: re.sub(r"<[^>]+>", "", a))) == titles
    assert not studies["source"].map(lambda a: re.sub(r"<[^>]+>", "", a)).str.contains(r"\d{4}[a-z]").any()
    # each source link lands on the row's own entry of the bibliography, not on the top of the page
    for frame, table in ((studies, t.studies), (agents, t.agents)):
        hrefs = frame["source"].str.extract(r'href="([^"]+)"')[0]
        assert hrefs.tolist() == [f"bibliography.html#cite-{k}" for k in table["source"]]


def test_the_entry_anchor_is_the_one_the_bibliography_page_is_built_with():
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]["config"]
    assert config["bibtex_cite_id"] == refs.CITE_ID


def test_data_text_is_escaped(t):
    studies = t.studies.copy()
    studies.loc[0, "title"] = "<script>alert(1)</script>"
    t2 = data.tables()
    t2.studies = studies
    assert "<script>" not in explorer.studies_table(t2).iloc[0]["study"]


def test_the_interactive_tables_work_offline(t):
    html = explorer.studies(t).data
    assert "<script" in html and not re.search(r"""src=["']https?://""", html)


def test_headers_are_for_readers(monkeypatch, t):
    monkeypatch.setattr(igfbook.tables, "STRICT", True)
    for frame in (explorer.studies_table(t), explorer.agents_table(t)):
        tables.for_readers(frame)


def test_the_page_types_no_number():
    assert typed_numbers(ROOT / "book" / "explorer.md") == []


# --------------------------------------------------------------------------- drift


def test_a_study_that_becomes_sarcoma_moves_in_both_places():
    t = edit("studies", "linsitinib-acc-ph3", tumour_group="sarcoma")
    r = explorer.routes(t).set_index("study_id")
    assert r.loc["linsitinib-acc-ph3", "explorer"] == "sarcoma" == r.loc["linsitinib-acc-ph3", "appendix"]
    assert "one-chapter-rule" not in failed(explorer.facts(t))


def test_an_unused_version_no_conflict_names_stops_the_build():
    t = data.tables()
    c = t.conflicts.copy()  # a maintainer drops the arm from every conflict that names it
    c["affects"] = c["affects"].map(lambda rows: tuple(a for a in rows if a != "arms:figitumumab-ewing-ph2-chmielowski"))
    t.conflicts = c
    f = explorer.facts(t)
    assert "other-versions-in-appendix" in failed(f)
    assert f.claims["other-versions-in-appendix"].against == ("arms:figitumumab-ewing-ph2-chmielowski",)


def test_a_planned_study_changes_the_statuses():
    f = explorer.facts(edit("studies", "xentuzumab-abemaciclib-bc", status="planned"))
    assert "planned" in f.text("statuses")
