"""The bibliography: every problem with its line; labels as readers see them."""

from __future__ import annotations

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
