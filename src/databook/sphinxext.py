"""The Sphinx extension of a data-backed book: the fact, source and claim roles, and page fixes.

Roles (over myst-nb's glue store, so an unknown name is a warning, and the strict build fails):

- ``{fact}`name``` — the text of a fact the chapter glued (see :mod:`databook.facts`);
- ``{source}`name``` — the citation of the rows that fact was read from, as ``{cite:p}``;
- ``{claim}`id``` — marks a sentence whose claim the chapter checked; renders nothing;
- ``{build}`name``` — a value of the build itself, such as ``data_version`` (see
  :func:`databook.version.build_values`); a page that shows one is read again when it changes.

Page fixes: Jupyter Book 1 always loads sphinx-thebe, whose inline script ends up on every page
twice (a browser error) and names a CDN; the book offers no live code, so thebe's scripts are
dropped. Stylesheets and scripts are linked without Sphinx's ``?v=`` checksum, which depends on
whether a page was written in a first or a later build. The bibliography's container claims ``role="list"`` without list items, which screen
readers and axe-core report; the false role is dropped.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from myst_nb.ext.glue.roles import PasteMarkdownRole, PasteTextRole
from sphinx.util.docutils import SphinxRole


class FactRole(PasteTextRole):
    """``{fact}`name``` — the glued text of a fact."""

    def run(self):
        name = self.text
        result, messages = super().run()
        for node in result:
            node["classes"] = [*node.get("classes", []), "fact"]
            node["fact"] = name
        return result, messages


class SourceRole(PasteMarkdownRole):
    """``{source}`name``` — the parenthetical citation of the rows behind a fact; ``{source}`a,b```
    cites the rows behind several facts at once, each key once."""

    def run(self):
        import re

        from myst_nb.core.render import MimeData
        from myst_nb.core.variables import RetrievalError

        from myst_nb.ext.glue.utils import glue_warning, retrieve_glue_data

        names = [n.strip() for n in self.text.split(",") if n.strip()]
        if len(names) == 1:
            self.text = f"{names[0]}.cite:myst"
            return super().run()
        keys, result = [], None
        for name in names:
            try:
                result = retrieve_glue_data(self.document, f"{name}.cite")
            except RetrievalError as exc:
                return [], [glue_warning(str(exc), self.document, self.line)]
            markup = result.data.get("text/markdown", "")
            keys += [k for group in re.findall(r"`([^`]*)`", markup) for k in group.split(",")]
        keys = list(dict.fromkeys(k.strip() for k in keys if k.strip()))
        cell_key = result.nb_renderer.renderer.nb_config.cell_metadata_key
        mime = MimeData("text/markdown", f"{{cite:p}}`{','.join(keys)}`",
                        cell_metadata={cell_key: {"markdown_format": "myst"}}, output_metadata=result.metadata,
                        line=self.line)
        found = result.nb_renderer.render_markdown_inline(mime)
        for node in found:
            self.set_source_info(node)
        return found, []


class ClaimRole(PasteTextRole):
    """``{claim}`id``` — a checked claim; renders an empty, invisible marker."""

    def run(self):
        claim = self.text
        self.text = f"claim.{claim}"
        result, messages = super().run()
        for node in result:
            node["classes"] = [*node.get("classes", []), "claim"]
            node["claim"] = claim
        return result, messages


class BuildRole(SphinxRole):
    """``{build}`name``` — a value of the build, read from the file the stage writes beside the
    pages; the page depends on that file, so Sphinx reads it again when a value changes."""

    def run(self):
        import json

        from databook.version import BUILD_VALUES

        path = Path(self.env.srcdir) / BUILD_VALUES
        self.env.note_dependency(str(path))
        try:
            values = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            values = {}
        if self.text not in values:
            known = ", ".join(sorted(values)) or "none (the page was not staged by the build)"
            message = self.inliner.reporter.warning(f"{{build}}`{self.text}` is not a value of the build; "
                                                    f"the build gives: {known}", line=self.lineno)
            return [], [message]
        return [nodes.inline(text=str(values[self.text]), classes=["build-value"])], []


_CHECKSUM = re.compile(r'(\s(?:href|src)="[^"?]+)\?v=[0-9a-f]+"')


def _same_links_cold_or_warm(app, pagename, templatename, context, doctree) -> None:
    """Link stylesheets and scripts without Sphinx's ``?v=`` checksum. Sphinx adds the checksum of
    a file only if the file is already in the output when the page is written; extensions that copy
    their files at the end of a build (myst-nb, sphinx-exercise) get none in a first build and one in
    every later build, so a page would differ by how it was built and be rewritten for nothing."""
    for name in ("css_tag", "js_tag"):
        tag = context.get(name)
        if callable(tag):
            context[name] = (lambda tag: lambda item: _CHECKSUM.sub(r'\1"', tag(item)))(tag)


def _drop_thebe(app, pagename, templatename, context, doctree) -> None:
    kept = []
    for script in context.get("script_files", []):
        name = str(getattr(script, "filename", script) or "")
        body = str(getattr(script, "attributes", {}).get("body", ""))
        if "thebe" in name.lower() or "THEBE_JS_URL" in body:
            continue
        kept.append(script)
    context["script_files"] = kept
    context["css_files"] = [css for css in context.get("css_files", [])
                            if "thebe" not in str(getattr(css, "filename", css) or "").lower()]


def _fix_citation_list(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    if body and 'role="list" class="citation-list"' in body:
        context["body"] = body.replace('role="list" class="citation-list"', 'class="citation-list"')


#: A single named author followed by BibTeX's ``and others`` ("Haluska and others"), as the
#: bibliography style renders it; readers expect "Haluska et al.".
AND_OTHERS = re.compile(r",? and others\b\.?")


def et_al(text: str) -> str:
    """``"Paul Haluska and others. Title"`` -> ``"Paul Haluska et al. Title"``."""
    return AND_OTHERS.sub(" et al.", text)


def _et_al(app, doctree, docname) -> None:
    """Author lists that the bibliography truncates with ``and others`` read "et al.", in the
    citations of a page and in the bibliography (only inside citation and reference nodes, never
    in prose)."""
    from docutils import nodes as dn

    for ref in doctree.findall(dn.reference):  # the hover text of a citation
        if isinstance(ref.get("reftitle"), str):
            ref["reftitle"] = et_al(ref["reftitle"])
    for node in list(doctree.findall(dn.Text)):
        parent = node.parent
        inside = False
        while parent is not None:
            if isinstance(parent, (dn.citation, dn.reference)) or "citation" in parent.get("classes", []):
                inside = True
                break
            parent = parent.parent
        if inside and AND_OTHERS.search(node.astext()):
            node.parent.replace(node, dn.Text(et_al(node.astext())))


#: The environment of the running build, whose formatted citations are kept with it (see setup).
_BUILD: dict = {}
_FORMATTED = "databook_formatted_entries"


def _keep_formatted(app, env, docnames) -> None:
    """Before Sphinx reads: what the last build formatted (restored with the environment, which
    Sphinx saves after reading) becomes what this one may reuse; this build starts afresh."""
    _BUILD["before"] = env.__dict__.get(_FORMATTED) or {}
    _BUILD["now"] = env.__dict__[_FORMATTED] = {}


def keep_index_entries() -> None:
    """Make an incremental Sphinx 7 build keep the search index's index entries (glossary terms,
    ``index`` directives) of the pages it does not write again.

    ``IndexBuilder.load`` restores titles and terms from the last ``searchindex.js`` but not its
    ``indexentries``, so after any rebuild the search found only the entries of the pages that
    build wrote. The entries are restored with the rest, dropped with the rest for pages that
    are written again or gone, and frozen in the order of the pages' names, the order in which a
    cold build writes (and so indexes) them. Words left with no page (a word only a rewritten page
    held) are dropped, as a cold build has none: a rebuild's index is the cold build's."""
    import io

    from sphinx.search import IndexBuilder

    if getattr(IndexBuilder.load, "keeps_index_entries", False):
        return
    load, prune, freeze = IndexBuilder.load, IndexBuilder.prune, IndexBuilder.freeze

    def load_with_entries(self, stream, format):
        text = stream.read()
        load(self, io.BytesIO(text) if isinstance(text, bytes) else io.StringIO(text), format)
        frozen = (self.formats[format] if isinstance(format, str) else format).loads(text)
        names, restored = frozen["docnames"], {}
        for entry, places in (frozen.get("indexentries") or {}).items():
            for doc, entry_id, main in places:
                restored.setdefault(names[doc], []).append((entry, entry_id, "main" if main else ""))
        self._index_entries = {doc: sorted(entries) for doc, entries in restored.items()}

    def prune_with_entries(self, docnames):
        prune(self, docnames)
        keep = set(docnames)
        self._index_entries = {d: e for d, e in self._index_entries.items() if d in keep}

    def freeze_in_order(self):
        self._index_entries = dict(sorted(self._index_entries.items()))
        # a word that only pages written again used to hold is left with no page: a cold build has none
        self._mapping = {word: docs for word, docs in self._mapping.items() if docs}
        self._title_mapping = {word: docs for word, docs in self._title_mapping.items() if docs}
        return freeze(self)

    load_with_entries.keeps_index_entries = True
    IndexBuilder.load, IndexBuilder.prune, IndexBuilder.freeze = load_with_entries, prune_with_entries, freeze_in_order


def _compiled_templates(app) -> None:
    """Keep the theme's compiled templates between builds (Jinja's bytecode cache, beside Sphinx's
    doctrees): compiling the three dozen templates of a page again costs about 0.4 s a build. Jinja
    reuses a compiled template only while its source's checksum is the same."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is not None and environment.bytecode_cache is None:
        from jinja2 import FileSystemBytecodeCache

        folder = Path(app.doctreedir) / "templates"
        folder.mkdir(parents=True, exist_ok=True)
        environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def setup(app):
    from databook.bibtex import remember_formatting, remember_plugins

    keep_index_entries()   # Sphinx 7 loses them in an incremental build
    remember_plugins()     # sphinxcontrib-bibtex asks pybtex for its plugins once per citation
    # … and formats every cited entry again in every build: once per content is enough
    remember_formatting(lambda: (_BUILD["before"], _BUILD["now"]) if "now" in _BUILD else None)
    app.connect("env-before-read-docs", _keep_formatted)
    app.connect("builder-inited", _compiled_templates)
    app.add_role("fact", FactRole())
    app.add_role("source", SourceRole())
    app.add_role("claim", ClaimRole())
    app.add_role("build", BuildRole())
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.connect("html-page-context", _same_links_cold_or_warm, priority=900)
    app.connect("html-page-context", _fix_citation_list, priority=900)
    app.connect("doctree-resolved", _et_al)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


__all__ = ["BuildRole", "ClaimRole", "FactRole", "SourceRole", "setup", "nodes"]
