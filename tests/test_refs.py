"""The bibliography: parsable, unique, verified, and covering every citation in the book."""

from __future__ import annotations

import re

from igfbook import refs

from helpers import ROOT, sources_dir

CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")


def test_bibliography_is_sound():
    db, problems = refs.check(ROOT / "references.bib")
    assert problems == []
    assert db is not None and len(db.entries) > 0


def test_only_verified_entries():
    # Policy: an entry enters references.bib only with a record of how it was verified.
    db = refs.load(ROOT / "references.bib")
    unverified = [k for k, e in db.entries.items() if not e.fields.get("verification", "").strip()]
    assert unverified == []


def test_every_entry_comes_from_the_verified_list():
    verified = refs.keys_in(sources_dir() / "references-verified.bib")
    assert refs.keys_in(ROOT / "references.bib") <= verified


def test_every_citation_in_the_book_resolves():
    keys = refs.keys_in(ROOT / "references.bib")
    cited = set()
    for page in (ROOT / "book").rglob("*.md"):
        for group in CITE.findall(page.read_text(encoding="utf-8")):
            cited.update(k.strip() for k in group.split(","))
    assert cited, "the book cites nothing"
    assert cited - keys == set()


def test_duplicate_key_is_reported_with_both_lines(tmp_path):
    bib = tmp_path / "references.bib"
    bib.write_text("@article{a1,\n author={X, Y},\n title={T},\n journal={J},\n year={2000}\n}\n\n"
                   "@article{a1,\n author={Z, W},\n title={U},\n journal={J},\n year={2001}\n}\n")
    _db, [p] = refs.check(bib)
    assert (p.line, p.key) == (8, "a1")
    assert "first defined on line 1" in p.message


def test_unparsable_entry_is_reported_with_its_line(tmp_path):
    bib = tmp_path / "references.bib"
    bib.write_text("@article{ok1,\n author={X, Y},\n title={T},\n journal={J},\n year={2000}\n}\n"
                   "@article{broken,\n author={X, Y},\n title={T\n")
    _db, [p] = refs.check(bib)
    assert p.line >= 7 and "cannot be parsed" in p.message


def test_malformed_doi_and_missing_field(tmp_path):
    bib = tmp_path / "references.bib"
    bib.write_text("@article{x1,\n author={X, Y},\n title={T},\n journal={J},\n year={2000},\n doi={doi:10/abc}\n}\n"
                   "@article{x2,\n author={X, Y},\n journal={J},\n year={2000}\n}\n")
    _db, problems = refs.check(bib)
    assert {(p.key, p.line) for p in problems} == {("x1", 1), ("x2", 8)}
    assert any("malformed DOI" in p.message for p in problems)
    assert any("has no title" in p.message for p in problems)


def test_labels_follow_author_counts():
    # Five authors -> "et al."; a single author -> surname only; "and others" -> "et al.".
    assert refs.label("simpson2017igf") == "Simpson et al. 2017"
    assert refs.label("chmielowski2014editorial") == "Chmielowski 2014"
    assert refs.label("haluska2007cp751871") == "Haluska et al. 2007"
