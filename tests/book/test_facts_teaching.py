"""The teaching guide: answers borrowed from the chapters that establish them, pre-reading with
DOIs, every session complete, and the living-evidence session's three edits doing what its quiz
answers say they do."""

from __future__ import annotations

import csv
import re
import shutil

import pytest

from databook.version import data_version
from igfbook import refs
from igfbook.facts import sarcoma, teaching, three_ways

from tests.book.drift import edit, failed
from tests.conftest import run_build, scenario, tree_digest
from tests.helpers import ROOT, set_cell

PAGE = (ROOT / "book" / "teaching.md").read_text(encoding="utf-8")
CIXU = "cixutumumab-sarcoma-ph2-chmielowski"
TAP = "ganitumab-eft-dsrct-ph2-tap2012"


def _cell(path, key, column):
    with path.open(encoding="utf-8", newline="") as handle:
        return next(row[column] for row in csv.DictReader(handle) if row["arm_id"] == key)


def test_answers_are_the_chapters_own_facts_with_their_sources():
    t = sarcoma.load()
    guide, lender = teaching.facts(t), sarcoma.facts(t)
    for name in ("pool_rate", "pool_ci", "total_used", "cixu_stated"):
        assert guide.text(name) == lender.text(name)
        assert guide[name].citations() == lender[name].citations() != []
    assert failed(guide) == set()
    # the coverage claims the pharmacology quiz answers with are three-ways' own
    assert set(three_ways.facts(t).claims) >= {"mab-open-insra", "tki-all-insr-b", "lig-open-is-insulin"}


def test_an_edit_that_falsifies_a_chapter_falsifies_its_quiz_answer():
    patients = _cell(ROOT / "data" / "arms.csv", CIXU, "patients")
    # the rate one responder would give, as the editorial would print it: no longer impossible
    t = edit("arms", CIXU, orr_pct=round(100 / int(patients), 1))
    assert "cixu-rate-impossible" in failed(teaching.facts(t))


def test_pre_reading_links_every_article_by_its_doi():
    for session, keys in teaching.READING.items():
        listing = teaching.reading(session)
        assert len(listing.splitlines()) == len(keys)
        for key in keys:
            assert f"https://doi.org/{refs.doi(key)}" in listing
            assert refs.label(key) in listing


def test_an_article_without_a_doi_is_refused_as_pre_reading(monkeypatch):
    assert refs.doi("juergens2011figitumumab") is None   # an abstract: the bibliography has no DOI for it
    monkeypatch.setitem(teaching.READING, "journal-club", ["juergens2011figitumumab"])
    with pytest.raises(ValueError, match="juergens2011figitumumab.*no DOI"):
        teaching.reading("journal-club")


def sessions() -> list[str]:
    return re.split(r"^## \d+\. ", PAGE, flags=re.M)[1:]


def test_every_session_has_a_plan_a_non_code_track_reading_a_quiz_and_facilitator_notes():
    found = sessions()
    assert len(found) == len(teaching.READING)
    for text, session in zip(found, teaching.READING):
        title = text.splitlines()[0]
        assert "| time | activity |" in text, title
        assert "**Without code.**" in text, title
        assert f'teaching.reading("{session}")' in text, title
        for kind in ("quiz", "discuss"):
            label = f"{kind}-{session}"
            assert f":label: {label}\n" in text, (title, label)
            assert f"{{solution-start}} {label}\n" in text, (title, label)
        assert "*Facilitator's notes.*" in text, title


@scenario("built_copy")
def living_evidence_session(folder, built_copy):
    """The three edits of session 5 made on a copy of the built book, one after another, with what
    each build printed and what it left in the site."""
    root = folder / "book"
    shutil.copytree(built_copy, root, symlinks=True)
    arms = root / "data" / "arms.csv"
    original = arms.read_bytes()
    out = {}
    # 1. a new result: one more partial response, counted in both columns
    pr, responders = int(_cell(arms, TAP, "pr")), int(_cell(arms, TAP, "responders"))
    set_cell(arms, TAP, "pr", str(pr + 1))
    set_cell(arms, TAP, "responders", str(responders + 1))
    result = run_build(root)
    report = root / "_build" / "reports" / "rebuild-report.md"
    cite = root / "_build" / "html" / "book" / "cite.html"
    out["new result"] = (result, report.read_text(encoding="utf-8") if report.is_file() else "",
                         tree_digest(root / "_build" / "html"), cite.read_text(encoding="utf-8"),
                         data_version(root, record=False))
    # 2. a slip: the new count typed with a stray zero
    slip = str((responders + 1) * 10)
    evaluable_exceeded = int(slip) + int(_cell(arms, TAP, "sd")) > int(_cell(arms, TAP, "evaluable"))
    line = set_cell(arms, TAP, "responders", slip)
    out["slip"] = (run_build(root), slip, line, evaluable_exceeded, tree_digest(root / "_build" / "html"))
    # 3. a falsified sentence: every value valid, one claim false
    arms.write_bytes(original)
    patients = int(_cell(arms, CIXU, "patients"))
    set_cell(arms, CIXU, "orr_pct", f"{100 / patients:.1f}")
    out["falsified"] = (run_build(root), tree_digest(root / "_build" / "html"))
    return out


def test_the_living_evidence_session_goes_as_its_answers_say(living_evidence_session):
    # 1. a new result: one more partial response, counted in both columns
    result, report, site, cite_page, version = living_evidence_session["new result"]
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    for chapter in ("sarcoma", "monotherapy", "explorer"):
        assert f"re-executed `book/{chapter}`" in report, chapter
    # the citation page shows the new data version without running: the version is the build's
    assert "re-executed `book/cite`" not in report and "`book/cite`" not in report.split("## Sentences", 1)[-1]
    assert f"data version <strong><span class=\"build-value\">{version}</span>" in cite_page
    assert re.search(r"reused [1-9]\d* chapters? unchanged", report)
    moved = report.split("## Numbers that moved", 1)[1]
    assert "pool_rate" in moved and "book/sarcoma" in moved

    # 2. a slip: the new count typed with a stray zero; refused by its rule before any chapter runs
    result, slip, line, evaluable_exceeded, after = living_evidence_session["slip"]
    assert evaluable_exceeded
    assert result.returncode != 0
    out = result.stdout + result.stderr
    for words in ("data/arms.csv", f"row {line}", "column 'responders'", f"value '{slip}'", "[sum_at_most]"):
        assert words in out, words
    assert "execute  book/" not in out
    assert after == site

    # 3. a falsified sentence: every value valid, one claim false
    result, after = living_evidence_session["falsified"]
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert "[cixu-rate-impossible]" in out and "contradicted by: arms:" + CIXU in out
    assert "chapter 'sarcoma'" in out
    assert after == site
