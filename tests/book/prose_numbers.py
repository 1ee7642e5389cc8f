"""Numbers typed into a chapter's prose (outside the fact roles): the book glues every number its
data hold, so a typed one is a number that can drift."""

from __future__ import annotations

import re
from pathlib import Path

import jupytext

from databook import prose

ROLE_OR_CITE = re.compile(r"\{(?:fact|source|claim|cite:[pt]|doc|term|ref|numref)\}`[^`]*`")
CODE = re.compile(r"`[^`]*`")
#: Numbers a sentence may type: years of publication, trial registry numbers and "95%" of a
#: confidence interval are names or dates, not counts the data could change.
ALLOWED = re.compile(r"^(19|20)\d\d$|^95%$")
#: Words after which a number is part of a name or a place in a source: "Fig. 4", "I-SPY 2",
#: "multidrug-resistance-associated protein 2", "§4.3–4.5", "§4.3.2", "Figs. 1 and 2".
NAME_BEFORE = re.compile(r"(Figs?\.(?:\s*\d+\s*(?:,|and|–))*|I-SPY|protein|§[\d.]*|§[\d.]+[–-])\s*$")
#: A company's code for a drug: "SCH 717454", "BI 836845" (letters, then a number of three digits
#: or more; a count after an abbreviation, "OS 12", is not taken for one).
DRUG_CODE = re.compile(r"\b[A-Z]{2,4}[- ]$")


def typed_numbers(path: Path, allowed: tuple[str, ...] = ()) -> list[str]:
    """Every number standing alone in the Markdown prose of a chapter, e.g. ``["12 patients"]``;
    ``allowed`` lists numbers a question may pose (a threshold, say)."""
    nb = jupytext.read(path)
    found = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for block in prose.prose_blocks(cell.source):
            plain = CODE.sub("", ROLE_OR_CITE.sub("", block))
            plain = re.sub(r"NCT\d+", "", plain)
            for m in prose.DIGIT.finditer(plain):
                before, after = plain[:m.start()], plain[m.end():]
                if (ALLOWED.match(m.group(0)) or m.group(0) in allowed or NAME_BEFORE.search(before)
                        or (DRUG_CODE.search(before) and len(m.group(0)) >= 3)
                        or before.endswith(("/", "§")) or after.startswith("/")
                        or (re.search(r"(^|\n)\s*$", before) and after.startswith("."))):
                    continue
                found.append(plain[max(0, m.start() - 30):m.end() + 20].replace("\n", " "))
    return found
