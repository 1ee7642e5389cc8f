"""Slide decks: reveal.js presentations built from the executed chapters, so they stay true.

A deck is a Markdown file in the slides folder (``[tool.databook] slides``, default
``book/slides``). Slides are separated by a line holding only ``---``; the first heading of the
first slide is the deck's title. A deck never computes or types a number: it names what a chapter
established, with the chapter's name before ``::``:

- ``{fact}`sarcoma::pool_rate``` — a fact the chapter glued; ``{source}`sarcoma::pool_rate``` its
  citation, as in the chapter;
- a line ``{figure} sarcoma::fig_ewing_forest`` — the chapter's glued figure with the alt text and
  caption the chapter gives it;
- ``{claim}`sarcoma::cixu-rate-impossible``` — marks a sentence of the deck as one the chapter
  checked (the chapter glues a claim only when the data support it);
- ``{doc}`sarcoma``` — a link to the chapter's page.

The build checks every deck against the executed chapters before anything is published (an unknown
name stops it, naming deck, line and name), renders each deck to one HTML file under ``slides/``
in the site, and copies reveal.js beside them, from the ``sphinx-revealjs`` package, so the slides
work offline. Nothing here knows the book's subject.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from databook import bibtex
from databook.inputs import sha
from databook.notebooks import merge, read_chapter, reads
from databook.project import Project
from databook.reader import ROLE, Resolver, _blocks, chapter_title, glue_store

SEPARATOR = re.compile(r"^---[ \t]*$", re.M)
FIGURE = re.compile(r"^\{figure\}\s+(?P<doc>[\w-]+)::(?P<key>\S+)\s*$", re.M)
DIRECTIVE = r"^(:{3,}|`{3,})\{glue:figure\}\s*%s\s*$"
#: Where the decks and their reveal.js go in the site.
OUT = "slides"


def deck_paths(project: Project) -> list[Path]:
    folder = project.root / project.config["slides"]
    return sorted(folder.glob("*.md")) if folder.is_dir() else []


_MEMO: dict[tuple, object] = {}


def named_chapters(path: Path) -> set[str]:
    """The chapters a deck names (the part before ``::`` of its facts, citations, claims and
    figures): the only executed notebooks its checks and its page are made from."""
    found = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        for m in ROLE.finditer(line):
            if m["role"] in ("fact", "source", "claim"):
                for name in m["body"].split(","):
                    doc, sep, _ = name.strip().partition("::")
                    if sep:
                        found.add(doc)
        figure = FIGURE.match(line)
        if figure:
            found.add(figure["doc"])
    return found


def _of_deck(path: Path, notebooks: dict[str, str]) -> dict[str, str]:
    """The executed notebooks of the chapters deck ``path`` names."""
    named = named_chapters(path)
    return {doc: text for doc, text in notebooks.items() if Path(doc).name in named}


def _digests(paths: list[Path]) -> tuple:
    return tuple((str(p), sha(p.read_bytes()) if p.is_file() else "") for p in paths)   # a deck's path is in its messages


def _basis(project: Project) -> tuple:
    """What every deck is made from besides itself and its chapters' notebooks: the sources of
    every page (titles, figure captions), the bibliography, the table of contents and the lock
    file (which pins reveal.js)."""
    return (str(project.root), str(project.build_dir), _digests(
        [project.bibliography, project.root / "_toc.yml", project.lock_file,
         *(project.source(d) for d in project.documents())]))


def _key(what: str, project: Project, notebooks: dict[str, str], decks: list[Path] | None = None,
         basis: tuple | None = None) -> tuple:
    """Everything a deck's checks and page are made from: the executed notebooks of the chapters
    it names (``notebooks``), :func:`_basis` and the decks themselves."""
    decks = deck_paths(project) if decks is None else decks
    return (what, basis or _basis(project), tuple(sorted((d, sha(t)) for d, t in notebooks.items())),
            _digests(decks))


def _kept(what: str, project: Project, notebooks: dict[str, str], make, decks: list[Path] | None = None,
          basis: tuple | None = None):
    """``make()`` kept on disk in the build folder by the digest of what it is made from and of
    this module, so that a build in which none of these changed does not check or render the
    deck again (a kept value that cannot be read is made again)."""
    import pickle

    digest = sha(repr(_key(what, project, notebooks, decks, basis)) + Path(__file__).read_text(encoding="utf-8"))
    path = project.build_dir / "slides" / f"{what}.pickle"
    try:
        kept_digest, value = pickle.loads(path.read_bytes())
        if kept_digest == digest:
            return value
    except Exception:   # missing, damaged or of another version: make it again
        pass
    value = make()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(pickle.dumps((digest, value)))
    tmp.replace(path)
    return value


def _once(what: str, project: Project, notebooks: dict[str, str], make):
    """``make()`` computed once for these notebooks of this project (the build checks a deck, then
    renders it, from the same notebooks: each chapter is read once, not twice)."""
    key = _key(what, project, notebooks)
    if key not in _MEMO:
        if len(_MEMO) > 32:
            _MEMO.clear()
        _MEMO[key] = make()
    return _MEMO[key]


def _stores(project: Project, notebooks: dict[str, str]) -> dict[str, dict]:
    """Each executed chapter's glue store, by the chapter's page name (``book/sarcoma`` → ``sarcoma``)."""
    return _once("stores", project, notebooks,
                 lambda: {Path(doc).name: glue_store(reads(text)) for doc, text in notebooks.items()})


def _figure_block(project: Project, doc: str, key: str) -> str | None:
    """The chapter's own ``glue:figure`` directive for ``key`` (options and caption), or None."""
    text = project.source(doc).read_text(encoding="utf-8")
    m = re.search(DIRECTIVE % re.escape(key), text, re.M)
    if not m:
        return None
    end = text.find("\n" + m.group(1) + "\n", m.end())
    return text[m.start(): end + len(m.group(1)) + 2] if end >= 0 else None


def problems(project: Project, notebooks: dict[str, str]) -> list[str]:
    """Every name a deck uses that the executed chapters do not have, as 'deck, line N: …'. Each
    deck is checked again only when it, or a chapter it names, changed."""
    found: list[str] = []
    basis = _basis(project)
    for path in deck_paths(project):
        mine = _of_deck(path, notebooks)
        found += _kept(f"problems-{path.stem}", project, mine, lambda: _problems(project, mine, path), [path], basis)
    return found


def _problems(project: Project, notebooks: dict[str, str], path: Path) -> list[str]:
    stores, docs = _stores(project, notebooks), {Path(d).name: d for d in notebooks}
    pages = {Path(d).name for d in project.documents()}
    found = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{project.rel(path)}, line {n}"
        for m in ROLE.finditer(line):
            role, body = m["role"], m["body"]
            if role == "doc":
                if Path(body).name not in pages:
                    found.append(f"{where}: no page {body!r} in the table of contents")
                continue
            if role == "claim":
                doc, _, id = body.partition("::")
                if doc not in stores or f"claim.{id}" not in stores[doc]:
                    found.append(f"{where}: chapter {doc!r} checked no claim {id!r}")
                continue
            if role not in ("fact", "source"):
                found.append(f"{where}: a deck may use {{fact}}, {{source}}, {{claim}} and {{doc}} only, "
                             f"not {{{role}}}")
                continue
            for name in body.split(","):
                doc, _, key = name.strip().partition("::")
                wanted = key + (".cite" if role == "source" else "")
                if not key:
                    found.append(f"{where}: {name.strip()!r} names no chapter: write chapter::name")
                elif doc not in stores:
                    found.append(f"{where}: no executed chapter {doc!r}")
                elif wanted not in stores[doc] and not (role == "source" and key in stores[doc]):
                    found.append(f"{where}: chapter {doc!r} glued no {'fact' if role == 'fact' else 'citation of'} {key!r}")
        m = FIGURE.match(line)
        if m:
            doc, key = m["doc"], m["key"]
            if doc not in stores:
                found.append(f"{where}: no executed chapter {doc!r}")
            elif "image/png" not in stores[doc].get(key, {}) or _figure_block(project, docs[doc], key) is None:
                found.append(f"{where}: chapter {doc!r} shows no glued figure {key!r}")
        elif line.startswith("{figure}"):
            found.append(f"{where}: write a figure as '{{figure}} chapter::name'")
    return found


class _DeckResolver(Resolver):
    """Roles of a deck: ``chapter::name`` facts and citations, and links to chapter pages."""

    def role(self, match: re.Match) -> str:
        if match["role"] == "doc":
            target = Path(match["body"]).name
            return f"[{self.title(target)}](../book/{target}.html)"
        return super().role(match)


def _resolvers(project: Project, notebooks: dict[str, str]):
    return _once("resolvers", project, notebooks, lambda: _make_resolvers(project, notebooks))


def _make_resolvers(project: Project, notebooks: dict[str, str]):
    db = bibtex.load(project.bibliography)
    docs = {Path(d).name: d for d in project.documents()}

    def cite(key: str) -> str:
        return bibtex.label(key, db) if key in db.entries else key

    def title(target: str) -> str:
        doc = docs.get(Path(target).name)
        return chapter_title(project, doc) if doc else target

    merged = {f"{page}::{k}": v for page, store in _stores(project, notebooks).items() for k, v in store.items()}
    chapters = {Path(doc).name: Resolver(glue_store(merge(read_chapter(project.source(doc)), reads(text))), cite, title)
                for doc, text in notebooks.items()}
    return _DeckResolver(merged, cite, title), chapters


def _markdown_to_html(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table").render(text)


def _figure_html(project: Project, doc: str, key: str, resolver: Resolver) -> str:
    """The chapter's glued figure as ``<figure>``: its image inline, its alt text and its caption."""
    block = _figure_block(project, doc, key)
    attachments: dict = {}
    figure = _blocks(block, resolver, attachments)
    alt = re.search(r"^:alt:\s*(.*)$", block, re.M)
    png = attachments[f"{key}.png"]["image/png"]
    caption = figure.split("\n", 1)[1].strip() if "\n" in figure else ""
    caption = caption[1:-1] if caption.startswith("*") and caption.endswith("*") else caption
    return (f'<figure><img src="data:image/png;base64,{png}" alt="{html.escape(alt.group(1) if alt else key)}">'
            f'<figcaption>{_markdown_to_html(caption)}</figcaption></figure>\n')


def render(project: Project, path: Path, notebooks: dict[str, str]) -> str:
    """One deck as a page of reveal.js slides (figures inline, reveal.js beside it in the site)."""
    notebooks = _of_deck(path, notebooks)
    deck, chapters = _resolvers(project, notebooks)
    docs = {Path(d).name: d for d in notebooks}
    sections, title = [], None
    for part in SEPARATOR.split(path.read_text(encoding="utf-8")):
        chunks, text = [], []
        for line in part.strip("\n").split("\n"):
            m = FIGURE.match(line)
            if m:
                chunks.append(_markdown_to_html("\n".join(text)))
                text = []
                chunks.append(_figure_html(project, docs[m["doc"]], m["key"], chapters[m["doc"]]))
            else:
                text.append(deck.text(line))
        chunks.append(_markdown_to_html("\n".join(text)))
        if title is None:
            heading = re.search(r"^# (.+)$", part, re.M)
            title = deck.text(heading.group(1)).strip() if heading else path.stem
        sections.append("<section>\n" + "".join(chunks) + "</section>")
    return TEMPLATE.format(title=html.escape(title or path.stem), slides="\n".join(sections))


TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="reveal/reset.css">
<link rel="stylesheet" href="reveal/reveal.css">
<link rel="stylesheet" href="reveal/theme/white.css">
<style>
.reveal {{ font-size: 28px; }}
.reveal img {{ max-height: 62vh; max-width: 100%; }}
.reveal figure {{ margin: 0; }}
.reveal figcaption {{ font-size: 0.5em; line-height: 1.3; text-align: left; }}
.reveal table {{ font-size: 0.7em; }}
</style>
</head>
<body>
<div class="reveal"><div class="slides">
{slides}
</div></div>
<script src="reveal/reveal.js"></script>
<script>Reveal.initialize({{ hash: true, slideNumber: true, transition: "none" }});</script>
</body>
</html>
"""


def assets() -> dict[str, bytes]:
    """reveal.js as the ``sphinx-revealjs`` package ships it: ``reveal/…`` path → bytes."""
    from importlib.util import find_spec

    spec = find_spec("sphinx_revealjs")   # found, not imported: importing it imports Sphinx
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("the slides need reveal.js from the sphinx-revealjs package (see requirements.in)")
    dist = Path(spec.origin).parent / "_static" / "revealjs" / "dist"
    wanted = [dist / "reset.css", dist / "reveal.css", dist / "reveal.js", dist / "theme" / "white.css",
              *sorted((dist / "theme" / "fonts").rglob("*"))]
    licence = dist.parent / "LICENSE"
    files = {f"reveal/{p.relative_to(dist).as_posix()}": p.read_bytes() for p in wanted if p.is_file()}
    if licence.is_file():
        files["reveal/LICENSE"] = licence.read_bytes()
    return files


def pages(project: Project, notebooks: dict[str, str]) -> dict[str, bytes]:
    """Every file the slides add to the site, by path below the site's root. A deck is rendered
    again only when it, or a chapter it names, changed."""
    decks = deck_paths(project)
    if not decks or not notebooks:   # a stage of the data alone, with no chapter executed, has no slides
        return {}
    found = problems(project, notebooks)
    if found:   # the build reports these before staging; a caller that did not check is told here
        raise ValueError("the slide decks name what the chapters did not glue:\n" + "\n".join(found))
    out = {f"{OUT}/{name}": data for name, data in assets().items()}
    basis = _basis(project)
    for path in decks:
        mine = _of_deck(path, notebooks)
        out[f"{OUT}/{path.stem}.html"] = _kept(f"deck-{path.stem}", project, mine,
                                               lambda: render(project, path, mine).encode("utf-8"), [path], basis)
    return out
