"""The bibliography: every problem with its line; labels as readers see them."""

from __future__ import annotations

import shutil

from databook import bibtex

ENTRY = "@article{%s,\n  author = {%s},\n  title = {T},\n  journal = {J},\n  year = {%s}\n}\n"


def write(tmp_path, text):
    path = tmp_path / "r.bib"
    path.write_text(text, encoding="utf-8")
    return path


def test_labels_render_escapes_and_truncation(tmp_path):
    path = write(tmp_path, ENTRY % ("a", "Sch{\\\"o}ffski, Patrick and Adkins, D. and Blay, J.", "2013")
                 + ENTRY % ("b", "Haluska, Paul and others", "2007") + ENTRY % ("c", "Maki, Robert", "2010")
                 + ENTRY % ("d", "Tap, W. and Demetri, G.", "2012"))
    db = bibtex.load(path)
    assert [bibtex.label(k, db) for k in "abcd"] == ["Schöffski et al. 2013", "Haluska et al. 2007", "Maki 2010",
                                                     "Tap and Demetri 2012"]
    assert bibtex.plain("{E}wing's {IGF-1R}") == "Ewing's IGF-1R"


def test_every_problem_is_reported_with_its_line(tmp_path):
    text = ENTRY % ("a", "A, B", "2020") + ENTRY % ("a", "C, D", "2021") + "@article{broken,\n  title = {x\n"
    _db, problems = bibtex.check(write(tmp_path, text), "r.bib")
    messages = [str(p) for p in problems]
    assert any(m.startswith("r.bib:7: entry 'a': duplicate key (first defined on line 1)") for m in messages)
    assert any(m.startswith("r.bib:13: entry 'broken': unbalanced braces") for m in messages)


def test_field_checks_and_a_byte_order_mark_is_accepted(tmp_path):
    text = "\ufeff" + ENTRY % ("a", "A, B", "20xx") + ENTRY.replace("year", "doi") % ("b", "C, D", "doi.org/1")
    _db, problems = bibtex.check(write(tmp_path, text), "r.bib")
    messages = {str(p).split(": ", 1)[1] for p in problems}
    assert "entry 'a': malformed year '20xx': use four digits" in messages
    assert "entry 'b': has no year" in messages
    assert "entry 'b': malformed DOI 'doi.org/1': a DOI looks like 10.1234/abc" in messages


BIB = """@article{alpha2020,
  author  = {Alpha, Ann and Beta, Ben},
  title   = {A first trial},
  journal = {Journal of Tests},
  year    = {2020}
}
"""


def test_an_entry_is_formatted_once_per_content_from_one_build_to_the_next(monkeypatch):
    from pybtex.database import parse_string
    from pybtex.plugin import find_plugin
    from pybtex.style.formatting import BaseStyle

    formatted: list[str] = []
    real = getattr(BaseStyle.format_entry, "original", BaseStyle.format_entry)
    monkeypatch.setattr(BaseStyle, "format_entry",
                        lambda self, label, entry, bib_data=None: formatted.append(label) or real(self, label, entry, bib_data))
    stores: list = [({}, {})]
    bibtex.remember_formatting(lambda: stores[0])
    plain = lambda: find_plugin("pybtex.style.formatting", "plain")()   # a new style object, as each build makes
    entry = parse_string(BIB, "bibtex").entries["alpha2020"]

    first = plain().format_entry("AB20", entry)
    assert formatted == ["AB20"] and "A first trial" in first.text.render_as("text")
    stores[0] = (stores[0][1], {})              # the next build reuses what the last one formatted
    assert plain().format_entry("AB20", entry).text.render_as("text") == first.text.render_as("text")
    assert formatted == ["AB20"]
    plain().format_entry("AB", entry)           # another label is another formatting
    assert formatted == ["AB20", "AB"]
    entry.fields["title"] = "A retitled trial"  # so is an edited entry, and it shows the edit
    assert "A retitled trial" in plain().format_entry("AB20", entry).text.render_as("text")
    assert formatted == ["AB20", "AB", "AB20"]
    stores[0] = (stores[0][1], {})              # a build that cites only the edited entry …
    plain().format_entry("AB20", entry)
    assert formatted == ["AB20", "AB", "AB20"] and len(stores[0][1]) == 1   # … keeps only that one
    stores[0] = None                            # outside a build: pybtex formats as usual
    plain().format_entry("AB20", entry)
    assert formatted == ["AB20", "AB", "AB20", "AB20"]


def test_a_rebuild_shows_the_citations_a_cold_build_shows(tmp_path, built_toy):
    # citations formatted by the previous build and reused must read as a cold build formats them
    from tests.tool.toy import build, copy_built

    warm = copy_built(built_toy, tmp_path / "warm")
    cold = copy_built(built_toy, tmp_path / "cold")
    shutil.rmtree(cold / "_build")
    for root in (warm, cold):
        page = root / "book" / "trials.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence of prose.\n", encoding="utf-8")
        result = build(root)
        assert result.returncode == 0, result.stdout + result.stderr
    for name in ("trials.html", "bibliography.html"):
        pages = [(root / "_build" / "html" / "book" / name).read_text(encoding="utf-8") for root in (warm, cold)]
        assert "Journal of Tests" in pages[0] and pages[0] == pages[1], name
