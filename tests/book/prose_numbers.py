"""Numbers typed in a chapter's prose: the book glues every number its data hold, so a typed one
is a number that can drift."""

from __future__ import annotations

import re
from pathlib import Path


def typed_numbers(path: Path) -> list[str]:
    """Standalone numbers typed in a chapter's prose (roles, code, front matter, list markers and
    directive options removed); drug codes such as BI 836845 or SCH 717454 and locators such as §1.1 or Fig. 1
    are names, not numbers."""
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    text = re.sub(r"\{[a-z:]+\}`[^`]*`", "", text)
    text = re.sub(r"^---.*?^---$", "", text, flags=re.S | re.M)
    text = re.sub(r"^\s*\d+\.\s", "", text, flags=re.M)
    text = re.sub(r"^:\w+:.*$", "", text, flags=re.M)
    text = re.sub(r"(§|Figs?\.|Tables?)\s*[\d.]+(?:(?:,|,? and)\s*(?:§\s*)?[\d.]+)*", "", text)   # locators
    return [m.group(0) for m in re.finditer(r"(?<![\w\-./])(?<!BI )(?<!SCH )\d+(?:\.\d+)?%?(?![\w\-/])", text)]
