"""Slide decks: every session's deck is in the site, drawn from the chapters' own glued figures
and facts (so a rebuild keeps them true), and a deck that names something no chapter glued stops
the build before anything is published."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from databook import cache, slides
from databook.project import Project
from databook.reader import glue_store, _plain
from databook.notebooks import reads, writes
from igfbook.facts import teaching

from tests.helpers import ROOT

PROJECT = Project(ROOT)
DECKS = slides.deck_paths(PROJECT)


def executed(root: Path) -> dict[str, str]:
    project = Project(root)
    return {doc: cache.load(project.cache_dir, doc)[0].notebook for doc in project.chapters()}


def test_every_session_of_the_guide_has_a_deck_and_links_it():
    assert sorted(p.stem for p in DECKS) == sorted(teaching.READING)
    guide = (ROOT / "book" / "teaching.md").read_text(encoding="utf-8")
    for deck in DECKS:
        assert f'<a href="../slides/{deck.stem}.html">' in guide, deck.stem


@pytest.mark.parametrize("deck", DECKS, ids=lambda p: p.stem)
def test_a_deck_shows_the_chapters_figures_and_facts_as_the_chapters_glued_them(deck, built_copy):
    page = (built_copy / "_build" / "html" / "slides" / f"{deck.stem}.html").read_text(encoding="utf-8")
    source = deck.read_text(encoding="utf-8")
    assert page.count("<section>") == len(re.findall(r"^---\s*$", source, re.M)) + 1
    assert not re.search(r"\{(fact|source|claim|doc|figure)\}", page), "markup left in the slides"
    notebooks = executed(built_copy)
    stores = {Path(d).name: glue_store(reads(t)) for d, t in notebooks.items()}
    for chapter, name in re.findall(r"\{fact\}`([\w-]+)::([\w-]+)`", source):
        text = _plain(stores[chapter][name])
        assert text in page, (chapter, name, text)
    figures = re.findall(r"^\{figure\} ([\w-]+)::(\S+)$", source, re.M)
    assert page.count('<img src="data:image/png;base64,') == len(figures)
    for chapter, key in figures:
        chapter_text = (ROOT / "book" / f"{chapter}.md").read_text(encoding="utf-8")
        alt = re.search(r"\{glue:figure\} " + re.escape(key) + r"\n(?::[^\n]*\n)*?:alt: ([^\n]*)", chapter_text)
        assert alt and f'alt="{alt.group(1)}"'.replace("'", "&#x27;") in page, (chapter, key)
    for chapter in re.findall(r"\{doc\}`([\w-]+)`", source):
        assert f'href="../book/{chapter}.html"' in page


def test_reveal_js_comes_with_the_site(built_copy):
    reveal = built_copy / "_build" / "html" / "slides" / "reveal"
    for name in ("reveal.js", "reveal.css", "reset.css", "theme/white.css", "LICENSE"):
        assert (reveal / name).is_file(), name
    # the theme's only import is its own font, shipped beside it
    imports = re.findall(r"@import url\(([^)]*)\)", (reveal / "theme" / "white.css").read_text(encoding="utf-8"))
    assert imports and all((reveal / "theme" / i).is_file() for i in imports)


BAD_DECK = """# A deck with mistakes

{fact}`sarcoma::pool_rte` and {fact}`nowhere::pool_rate`, {claim}`sarcoma::no-such-claim`

{figure} sarcoma::fig_nothing

{doc}`no-such-page`
"""


def test_a_deck_naming_what_no_chapter_glued_is_refused_with_deck_line_and_name(built_copy, tmp_path):
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "bad.md").write_text(BAD_DECK, encoding="utf-8")
    project = Project(ROOT, config={"slides": str(folder)})
    found = slides.problems(project, executed(built_copy))
    assert len(found) == 5, found
    assert all(p.startswith(f"{folder / 'bad.md'}, line ") for p in found)
    joined = "\n".join(found)
    for words in ("line 3: chapter 'sarcoma' glued no fact 'pool_rte'", "line 3: no executed chapter 'nowhere'",
                  "line 3: chapter 'sarcoma' checked no claim 'no-such-claim'",
                  "line 5: chapter 'sarcoma' shows no glued figure 'fig_nothing'",
                  "line 7: no page 'no-such-page'"):
        assert words in joined, words
    # the real decks have none of these
    assert slides.problems(PROJECT, executed(built_copy)) == []


def test_a_deck_is_checked_and_rendered_again_only_when_a_chapter_it_names_changed(built_copy, tmp_path,
                                                                                    monkeypatch):
    project = Project(ROOT, build=tmp_path / "build")
    notebooks = executed(built_copy)
    first = slides.pages(project, notebooks)
    made: list[str] = []
    render, check = slides.render, slides._problems
    monkeypatch.setattr(slides, "render", lambda p, path, nbs: made.append(path.stem) or render(p, path, nbs))
    monkeypatch.setattr(slides, "_problems", lambda p, nbs, path: made.append(f"check {path.stem}") or
                        check(p, nbs, path))
    monkeypatch.setattr(slides, "_MEMO", {})

    def edited(doc: str) -> dict[str, str]:
        nb = reads(notebooks[doc])
        nb.metadata["edited"] = True    # new bytes, as a chapter that ran again with other outputs
        return {**notebooks, doc: writes(nb)}

    named = {deck.stem: slides.named_chapters(deck) for deck in DECKS}
    unnamed = next(d for d in sorted(notebooks) if not any(Path(d).name in n for n in named.values()))
    assert slides.pages(project, edited(unnamed)) == first and made == []
    # a chapter that exactly one deck names: that deck alone is checked and rendered again
    once = next(c for c in sorted({c for n in named.values() for c in n})
                if sum(c in n for n in named.values()) == 1)
    deck = next(stem for stem, n in named.items() if once in n)
    slides.pages(project, edited(f"book/{once}"))
    assert sorted(made) == sorted([f"check {deck}", deck])


def test_the_same_deck_in_another_folder_is_reported_under_its_own_path(built_copy, tmp_path):
    # the checks of a deck are kept between builds; what is kept must not carry another path
    notebooks = executed(built_copy)
    for name in ("first", "second"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "bad.md").write_text(BAD_DECK, encoding="utf-8")
        project = Project(ROOT, build=tmp_path / "build", config={"slides": str(folder)})
        found = slides.problems(project, notebooks)
        assert len(found) == 5 and all(p.startswith(f"{folder / 'bad.md'}, line ") for p in found), found
