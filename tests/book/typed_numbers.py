"""Numbers typed into a chapter's prose (outside code, roles and directive options), so that a test
can list the ones a chapter is allowed to type and say why."""

from __future__ import annotations

import re
from pathlib import Path

from databook.prose import DIGIT, prose_blocks

ROOT = Path(__file__).resolve().parents[2]
ROLE_OR_CITE = re.compile(r"\{[a-z:]+\}`[^`]*`")


def markdown_cells(doc: str) -> list[str]:
    """The Markdown of ``book/<doc>.md`` without its front matter and code cells."""
    text = (ROOT / "book" / f"{doc}.md").read_text(encoding="utf-8")
    text = text.split("\n---\n", 1)[1] if text.startswith("---") else text
    return [text]


def typed_numbers(doc: str) -> set[str]:
    """Every number standing alone in the prose of a chapter (roles and citations removed)."""
    found: set[str] = set()
    for cell in markdown_cells(doc):
        for block in prose_blocks(cell):
            prose = re.sub(r"(?m)^\s*\d+\.\s", "", ROLE_OR_CITE.sub("", block))  # list numbers are not data
            found.update(m.group(0) for m in DIGIT.finditer(prose))
    return found
