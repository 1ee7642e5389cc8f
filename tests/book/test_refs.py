"""The bibliography: parsable, unique, verified, and covering every citation in the book."""

from __future__ import annotations

import re

from databook import bibtex
from igfbook import refs

from tests.helpers import ROOT, sources_dir

BIB = ROOT / "references.bib"

CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")


def test_bibliography_is_sound():
    db, problems = bibtex.check(BIB)
    assert problems == []
    assert db is not None and len(db.entries) > 0


def test_only_verified_entries():
    # Policy: an entry enters references.bib only with a record of how it was verified: a
    # "% verified:" comment naming the public records checked, and a verification field.
    text = BIB.read_text(encoding="utf-8")
    db = bibtex.load(BIB)
    unverified = [k for k, e in db.entries.items() if not e.fields.get("verification", "").strip()]
    assert unverified == []
    starts = [m for m in re.finditer(r"^@\w+\{([^,]+),", text, re.M)]
    for m in starts:
        before = text[: m.start()].rstrip().splitlines()[-1]
        assert before.startswith("% verified:") and len(before) > 40, f"{m.group(1)} has no verification note"


def test_entries_from_the_verified_list_are_kept_as_verified():
    # The entries checked before the book began are kept field for field; entries the book added
    # later carry their own verification note (above).
    shared, ours = bibtex.load(sources_dir() / "references-verified.bib"), bibtex.load(BIB)
    for key, entry in shared.entries.items():
        assert key in ours.entries, key
        assert dict(ours.entries[key].fields) == dict(entry.fields), key


def test_every_citation_in_the_book_resolves():
    keys = bibtex.keys_in(BIB)
    cited = set()
    for page in (ROOT / "book").rglob("*.md"):
        for group in CITE.findall(page.read_text(encoding="utf-8")):
            cited.update(k.strip() for k in group.split(","))
    assert cited, "the book cites nothing"
    assert cited - keys == set()


def test_labels_follow_author_counts():
    # Five authors -> "et al."; a single author -> surname only; "and others" -> "et al.".
    assert refs.label("simpson2017igf") == "Simpson et al. 2017"
    assert refs.label("chmielowski2014editorial") == "Chmielowski 2014"
    assert refs.label("haluska2007cp751871") == "Haluska et al. 2007"
    assert refs.label("schoffski2013cixutumumab") == "Schöffski et al. 2013"      # LaTeX escapes rendered
