"""The real book, built once for the session: complete, offline, strict, and rebuilt precisely.

How the build behaves on damage, bad rows, failed claims and so on is tested on the toy book
(``tests/tool/test_build.py``); here it is tested on the book itself.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from databook import sphinx
from databook.project import Project

from tests.conftest import run_build, scenario
from tests.helpers import ROOT, set_cell

EXTERNAL = re.compile(r"<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)=\"((?:https?:)?//[^\"]+)\"", re.I)


def page_text(path):
    import html

    text = re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", html.unescape(text))


def test_every_page_of_the_toc_is_built(built_copy):
    project = Project(built_copy)
    for doc in project.documents():
        assert (built_copy / "_build" / "html" / f"{doc}.html").is_file(), doc
    assert (built_copy / "_build" / "html" / "index.html").is_file()


def test_site_loads_nothing_from_the_network(built_copy):
    for page in (built_copy / "_build" / "html").rglob("*.html"):
        assert EXTERNAL.findall(page.read_text(encoding="utf-8")) == [], page.name


def test_strict_build_settings(root):
    config = yaml.safe_load((root / "_config.yml").read_text())
    assert config["execute"]["raise_on_error"] is True
    assert {".*", "_build", ".venv"} <= set(config["exclude_patterns"])
    assert sphinx.STRICT == ("-W", "-n", "--keep-going")
    assert set(sphinx.STRICT) <= set(sphinx.command(Project(root)))


@scenario("built_copy")
def sponsor_edit(folder, built_copy):
    """A private copy of the built project (with its execution cache, environment and site),
    rebuilt after a maintainer's edit of one cell."""
    root = folder / "book"
    shutil.copytree(built_copy, root, symlinks=True)
    set_cell(root / "data" / "agents.csv", "cixutumumab", "sponsor", "ImClone Systems")
    return root, run_build(root)


def test_a_data_edit_reruns_the_readers_reuses_the_rest_and_shows_the_new_value(sponsor_edit):
    root, result = sponsor_edit
    assert result.returncode == 0, result.stderr[-4000:]
    # the explorer shows the sponsor column, so it re-runs for that column
    assert re.search(r"execute  book/explorer \(inputs changed: [^)]*column:data/agents.csv#sponsor", result.stdout)
    reused = next(line for line in result.stdout.splitlines() if line.startswith("  reuse "))
    assert "signalling" in reused.split(":", 1)[1].split(", ")     # reads nothing of the agents table
    assert "cixutumumab · sponsor: 'ImClone' → 'ImClone Systems'" in result.stdout
    assert "ImClone Systems" in page_text(root / "_build" / "html" / "book" / "explorer.html")


def search_index(site: Path) -> dict:
    """The JSON inside a built site's ``searchindex.js``."""
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1:text.rindex(")")])


def test_a_rebuild_keeps_the_search_index_entries_of_the_pages_it_did_not_write(built_copy, sponsor_edit):
    # Sphinx 7 restores an incremental build's search index without its index entries (the
    # glossary's terms): they must survive the maintainer's edit, as a cold build has them
    root, result = sponsor_edit
    assert result.returncode == 0, result.stderr[-3000:]
    cold, rebuilt = (search_index(r / "_build" / "html") for r in (built_copy, root))
    assert len(cold["indexentries"]) > 20                    # the glossary alone has more terms
    assert rebuilt["indexentries"] == cold["indexentries"]
    assert [w for w, docs in rebuilt["terms"].items() if docs == []] == []   # no word left with no page


class _Links(__import__("html.parser", fromlist=["HTMLParser"]).HTMLParser):
    """Every link target and every id of one page."""

    def __init__(self):
        super().__init__()
        self.targets, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) and not (tag == "link" and attrs.get("rel") == "canonical"):
                self.targets.append(attrs[name])


def _parse(path):
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


#: The forms an outbound link of the book may take: a DOI, a trial registry record, a PubMed record,
#: the specifications the data dictionary names, and the help pages the interactive tables' own
#: fallback message points to (shown only if their scripts fail).
OUTBOUND = re.compile(r"^(https://doi\.org/10\.\d{4,9}/\S+|https://clinicaltrials\.gov/study/NCT\d{8}"
                      r"|https://pubmed\.ncbi\.nlm\.nih\.gov/\d+/?|https://specs\.frictionlessdata\.io/[\w/#.-]*"
                      r"|https://itables\.org/[\w/.-]*)$")


def test_every_internal_link_and_anchor_resolves_and_outbound_links_are_well_formed(built_copy):
    from urllib.parse import unquote, urlsplit

    html_dir = built_copy / "_build" / "html"
    # pages, not the theme's Jinja templates that Sphinx copies into _static
    pages = {p: _parse(p) for p in html_dir.rglob("*.html") if "_static" not in p.relative_to(html_dir).parts}
    broken, outbound = [], []
    for page, parsed in pages.items():
        for target in parsed.targets:
            parts = urlsplit(target)
            if parts.scheme in ("http", "https"):
                outbound.append(target)
                if not OUTBOUND.match(target):
                    broken.append(f"{page.relative_to(html_dir)}: outbound link of an unexpected form {target}")
                continue
            if parts.scheme in ("mailto", "data", "javascript") or target.startswith("#") and not parts.fragment:
                continue
            path = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if parts.path.endswith("/"):
                path = path / "index.html"
            if not path.exists():
                broken.append(f"{page.relative_to(html_dir)}: {target} (no such file)")
            elif parts.fragment and path.suffix == ".html":
                ids = pages[path].ids if path in pages else _parse(path).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(html_dir)}: {target} (no such anchor)")
    assert broken == [], "\n".join(broken[:30])
    assert any(t.startswith("https://doi.org/") for t in outbound)   # the bibliography links its DOIs


def test_every_figure_of_the_book_is_served_as_svg(built_copy):
    # the downloads page tells readers that every figure is a vector image they can save
    html_dir = built_copy / "_build" / "html"
    images = [src for page in (html_dir / "book").glob("*.html")
              for src in re.findall(r'<img[^>]*\ssrc="([^"]+)"', page.read_text(encoding="utf-8"))
              if not src.startswith("data:")]
    figures = sum(p.read_text(encoding="utf-8").count("{glue:figure}") for p in (ROOT / "book").glob("*.md"))
    assert len(images) >= figures > 10
    assert [s for s in images if not s.endswith(".svg")] == []
    for src in images:
        assert (html_dir / "book" / src).resolve().read_bytes().lstrip().startswith((b"<?xml", b"<svg"))


def test_the_first_page_says_what_the_book_is_not(built_copy):
    # a reader who opens the book should learn first that it is neither a systematic review nor
    # medical advice, and where its evidence stops
    text = page_text(built_copy / "_build" / "html" / "book" / "intro.html")
    # the section itself, not its entry in the page's own table of contents
    section = re.search(r"What this book is, and what it is not\W*(It is .*?)How to cite it", text).group(1)
    assert "It is not a systematic review." in section and "It is not medical advice" in section
    assert "A timeline of the programme" in section   # the link to where the dates are
