"""Reader notebooks: each executed chapter as a notebook that reads correctly in plain Jupyter.

The book's chapters are MyST: their Markdown carries roles (``{fact}``, ``{source}``, ``{cite:p}``,
``{doc}``, ``{term}``…) and directives (admonitions, exercises, solutions, glued figures) that only
Sphinx renders, and their glued values live in outputs of a hidden cell, under a MIME type that
Jupyter does not display. A reader notebook is the same chapter with all of that resolved:

- glued facts and their citations written into the Markdown, citations as "(Author et al. 2017)";
- cross-references as the text a reader sees (a chapter's title, a term, "the exercise below");
- admonitions as block quotes, exercises and solutions as bold headings;
- each glued figure as an image attached to its Markdown cell, with its alt text and caption;
- every code cell kept, with its tables and printed numbers, so the notebook still runs, and the
  glue records dropped from its outputs.

Nothing here knows the book's subject: the citations are labelled from the project's
bibliography, the chapter titles read from the pages' first headings.
"""

from __future__ import annotations

import ast
import base64
import copy
import re
from pathlib import Path
from typing import Callable

from databook import bibtex
from databook.notebooks import merge, read_chapter, reads
from databook.project import Project

GLUE = "application/papermill.record/"
ROLE = re.compile(r"\{(?P<role>[a-z:]+)\}`(?P<body>[^`]*)`")
LABELLED = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)


def glue_store(nb) -> dict[str, dict]:
    """Every glued value of an executed notebook, by name: ``{mime: data}`` with the prefix removed."""
    store = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            name = out.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                store[name] = {k[len(GLUE):]: v for k, v in out.get("data", {}).items() if k.startswith(GLUE)}
    return store


def _plain(data: dict) -> str:
    if "text/markdown" in data:
        return data["text/markdown"]
    text = data.get("text/plain", "")
    try:
        value = ast.literal_eval(text)
        return value if isinstance(value, str) else text
    except (ValueError, SyntaxError):
        return text


class Resolver:
    """Turns the MyST roles of one chapter into plain Markdown."""

    def __init__(self, store: dict, cite: Callable[[str], str], title: Callable[[str], str],
                 build: dict[str, str] | None = None):
        self.store, self.cite_label, self.title, self.build = store, cite, title, build or {}

    def citation(self, keys: str) -> str:
        labels = [self.cite_label(k.strip()) for k in keys.split(",") if k.strip()]
        return f"({'; '.join(labels)})" if labels else ""

    def role(self, match: re.Match) -> str:
        role, body = match["role"], match["body"]
        labelled = LABELLED.match(body)
        text, target = (labelled["text"], labelled["target"]) if labelled else (None, body)
        if role == "fact":
            return _plain(self.store.get(body, {"text/plain": repr(f"[{body}]")}))
        if role == "build":
            return self.build.get(body, f"[{body}]")
        if role == "source":
            keys = []
            for name in body.split(","):
                markdown = _plain(self.store.get(f"{name.strip()}.cite", {}))
                keys += [k for group in re.findall(r"`([^`]*)`", markdown) for k in group.split(",")]
            return self.citation(",".join(dict.fromkeys(k.strip() for k in keys if k.strip())))
        if role == "cite:p":
            return self.citation(body)
        if role == "cite:t":
            return "; ".join(self.cite_label(k.strip()) for k in body.split(","))
        if role == "claim":
            return ""
        if role == "doc":
            return text or f"*{self.title(target)}*"
        if role == "term":
            return text or target
        if role == "numref":
            return text or "the figure"
        if role == "ref":
            return text or "the exercise"
        if role == "download":
            return text or target
        return text or body

    def text(self, markdown: str) -> str:
        return ROLE.sub(self.role, markdown)


def _blocks(markdown: str, resolver: Resolver, attachments: dict) -> str:
    """Rewrite the directives of one Markdown cell; ``attachments`` receives glued figures."""
    lines, out, i = markdown.split("\n"), [], 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^(:{3,}|`{3,})\{(?P<name>[a-z:-]+)\}\s*(?P<arg>.*)$", line)
        if not m:
            out.append(resolver.text(line))
            i += 1
            continue
        fence, name, arg = m.group(1), m["name"], m["arg"].strip()
        j = i + 1
        while j < len(lines) and lines[j].strip() != fence:
            j += 1
        body = lines[i + 1:j]
        options = {}
        while body and body[0].startswith(":"):
            key, _, value = body.pop(0)[1:].partition(":")
            options[key.strip()] = value.strip()
        content = resolver.text("\n".join(body).strip())
        if name == "admonition":
            quoted = "\n".join(f"> {x}" if x else ">" for x in content.split("\n"))
            out += [f"> **{resolver.text(arg)}**", ">", quoted]
        elif name == "exercise":
            out += ["**Exercise.** " + content]
        elif name == "solution-start":
            out += ["**Solution.**"]
        elif name == "solution-end":
            pass
        elif name == "glue:figure":
            image = resolver.store.get(arg, {})
            png = image.get("image/png")
            if png:
                attachments[f"{arg}.png"] = {"image/png": png if isinstance(png, str) else base64.b64encode(png).decode()}
                out += [f"![{options.get('alt', arg)}](attachment:{arg}.png)", ""]
            out += [f"*{content}*" if content else ""]
        else:
            out += [content]
        i = j + 1
    return "\n".join(out).strip() + "\n"


def reader_notebook(executed, resolver: Resolver):
    """The reader version of an executed chapter notebook (see the module)."""
    import nbformat   # here, not at the top: a build that changes nothing never needs it

    nb = copy.deepcopy(executed)
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            attachments: dict = {}
            source = _blocks(cell.source, resolver, attachments)
            if not source.strip():
                continue
            new = nbformat.v4.new_markdown_cell(source)
            if attachments:
                new["attachments"] = attachments
            cells.append(new)
        elif cell.cell_type == "code":
            outputs = [o for o in cell.get("outputs", []) if "scrapbook" not in o.get("metadata", {})]
            new = nbformat.v4.new_code_cell(cell.source, outputs=outputs, execution_count=None)
            for o in new["outputs"]:
                if "execution_count" in o:
                    o["execution_count"] = None
            cells.append(new)
        else:
            cells.append(cell)
    out = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"}})
    for i, cell in enumerate(out.cells):
        cell["id"] = f"cell-{i}"   # stable ids: two builds give the same file
    return out


def chapter_title(project: Project, doc: str) -> str:
    """A page's first heading (its title as readers see it)."""
    for line in project.source(doc).read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return Path(doc).name


def resolver_for(project: Project, executed, build: dict[str, str] | None = None) -> Resolver:
    """The resolver of one executed chapter; ``build`` is :func:`databook.version.build_values`
    (computed here when not given)."""
    if build is None:
        from databook.version import build_values

        build = build_values(project)
    db = bibtex.load(project.bibliography)
    docs = {Path(d).name: d for d in project.documents()}

    def title(target: str) -> str:
        doc = docs.get(Path(target).name)
        return chapter_title(project, doc) if doc else target

    return Resolver(glue_store(executed), lambda key: bibtex.label(key, db) if key in db.entries else key, title,
                    build)


def reader_text(project: Project, doc: str, executed_text: str, build: dict[str, str] | None = None) -> str:
    """The reader notebook of chapter ``doc`` as JSON text, from its executed notebook text."""
    import nbformat

    executed = merge(read_chapter(project.source(doc)), reads(executed_text))
    return nbformat.writes(reader_notebook(executed, resolver_for(project, executed, build))) + "\n"
