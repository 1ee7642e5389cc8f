"""Checks on a chapter's prose against its facts, run on every executed chapter before Sphinx.

The rules, each reported with the chapter, the paragraph and what would fix it:

1. **Known names.** Every ``{fact}``, ``{source}`` and ``{claim}`` names a fact or claim the
   chapter computed.
2. **A glued value carries the citation of its rows.** In each paragraph, every fact read from
   cited rows is cited: by ``{source}`` of that fact, or by citations in the same paragraph
   that include every key of its rows. A fact declared ``cite=False`` (a count of the book's own
   table rows) is exempt.
3. **No numbers in alt text.** Alternative text cannot hold glued values, so a count written
   there would drift from the data; alt text describes, the table beside the figure counts.
4. **Glued text does not open a sentence badly**: not with a numeral, not in lower case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROLE = re.compile(r"\{(fact|source|claim)\}`([^`]+)`")
CITE = re.compile(r"\{cite:[pt]\}`([^`]+)`")
FENCE = re.compile(r"^(`{3,}|~{3,})(.*)$")
ALT = re.compile(r"^\s*:alt:\s*(.*)$")
NUMBER_WORDS = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                          r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|hundred|"
                          r"both|all|none|only|most)\b", re.I)
DIGIT = re.compile(r"(?<![\w-])\d+(?:[.,]\d+)?%?(?![\w%-])(?!\s+(?:confidence|CI)\b)")  # a number standing alone:
# not the 1 of IGF-1, nor the 95% of "95% confidence interval"
SENTENCE_START = re.compile(r"(?:^\s*|[.!?]\**\s+|^\s*(?:[-*+]|\d+\.)\s+(?:\*\*[^*]+\*\*\s+)?)$")


@dataclass(frozen=True)
class ProseProblem:
    doc: str
    paragraph: str
    message: str

    def __str__(self) -> str:
        shown = re.sub(r"\s+", " ", self.paragraph).strip()
        shown = shown if len(shown) <= 160 else shown[:157] + "…"
        return f"{self.doc}: {self.message}\n    in: {shown}"


def prose_blocks(markdown: str) -> list[str]:
    """Paragraphs, list items and headings of a Markdown cell; code blocks and directive option
    lines left out (directive bodies, such as captions and exercises, are prose)."""
    blocks: list[str] = []
    current: list[str] = []
    fence = None

    def flush() -> None:
        if current:
            blocks.append("\n".join(current))
            current.clear()

    for line in markdown.splitlines():
        s = line.strip()
        m = FENCE.match(s)
        if fence:  # inside a code block: skip to its closing fence
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not m.group(2).strip():
                fence = None
            continue
        if m:
            info = m.group(2).strip()
            flush()
            if info and (not info.startswith("{") or info.startswith("{code-cell}")):
                fence = m.group(1)   # a code block (or a code cell): not prose
            continue                 # a directive's opening or closing fence
        if not s or s.startswith(":::") or re.match(r"^:[\w-]+:", s):
            flush()
            continue
        if s.startswith("#"):
            flush()
            blocks.append(s)
            continue
        if re.match(r"^([-*+]|\d+\.)\s", s):
            flush()
        current.append(line)
    flush()
    return blocks


def check_markdown(doc: str, cells: list[str], facts: dict | None) -> list[ProseProblem]:
    """Every problem in the Markdown cells of one chapter, given its facts JSON (or None)."""
    problems: list[ProseProblem] = []
    known = (facts or {}).get("facts", {})
    claims = (facts or {}).get("claims", {})
    for cell in cells:
        for line in cell.splitlines():
            alt = ALT.match(line)
            if alt and (DIGIT.search(alt.group(1)) or NUMBER_WORDS.search(alt.group(1))):
                word = (DIGIT.search(alt.group(1)) or NUMBER_WORDS.search(alt.group(1))).group(0)
                problems.append(ProseProblem(doc, line, f"alt text states a number or count ('{word}'): it cannot "
                                                        "be glued, so it would drift from the data; describe the "
                                                        "figure and leave the numbers to the table beside it"))
        for block in prose_blocks(cell):
            roles = [(role, n.strip()) for role, names in ROLE.findall(block)
                     for n in (names.split(",") if role == "source" else [names])]
            if not roles:
                continue
            cited = {k.strip() for keys in CITE.findall(block) for k in keys.split(",")}
            sourced = {name for role, name in roles if role == "source"}
            for name in sourced:
                cited.update(known.get(name, {}).get("cite", []))
            for role, name in roles:
                if role == "claim":
                    if name not in claims:
                        problems.append(ProseProblem(doc, block, f"{{claim}}`{name}` is not a claim this chapter "
                                                                 "checks: add it to the chapter's facts or remove it"))
                    continue
                if name not in known:
                    problems.append(ProseProblem(doc, block, f"{{{role}}}`{name}` is not a fact of this chapter"))
                    continue
                need = known[name].get("cite", [])
                if role == "fact" and need and name not in sourced and not set(need) <= cited:
                    missing = [k for k in need if k not in cited]
                    problems.append(ProseProblem(
                        doc, block, f"fact '{name}' comes from rows citing {', '.join(need)}, but this paragraph "
                                    f"does not cite {', '.join(missing)}: add {{source}}`{name}` or cite them"))
            for m in re.finditer(r"\{fact\}`([^`]+)`", block):
                before = block[:m.start()]
                text = known.get(m.group(1), {}).get("text", "")
                if text and SENTENCE_START.search(re.sub(r"\s+", " ", before)):
                    if text[0].isdigit():
                        problems.append(ProseProblem(doc, block, f"a sentence starts with the number "
                                                                 f"'{text}' (fact '{m.group(1)}'): reword it"))
                    elif text[0].islower():
                        problems.append(ProseProblem(doc, block, f"a sentence starts in lower case with "
                                                                 f"'{text}' (fact '{m.group(1)}'): reword it"))
    return problems


def check_notebook(doc: str, nb) -> list[ProseProblem]:
    """The prose problems of one executed chapter (nbformat notebook)."""
    from databook.facts import from_notebook

    cells = [c.source for c in nb.cells if c.cell_type == "markdown"]
    facts = from_notebook(nb)
    uses = any(ROLE.search(c) for c in cells)
    if uses and facts is None:
        return [ProseProblem(doc, "", "the prose uses {fact}, {source} or {claim} roles but the chapter glued no "
                                      "facts: call .glue() on its FactSet in a hidden cell")]
    return check_markdown(doc, cells, facts)
