"""A small Sphinx extension for the book's pages.

Jupyter Book 1 always loads sphinx-thebe, and with sphinx-book-theme its inline configuration
script ends up on every page twice, which browsers report as an error ("Identifier
'THEBE_JS_URL' has already been declared"); it also names a CDN. The book does not offer live
code cells, so this extension removes thebe's scripts from every page. It also removes a false
ARIA role from the bibliography (see :func:`_fix_citation_list`).
"""

from __future__ import annotations


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
    """The bibliography's container claims role="list" but holds citations and links, not list
    items, which screen readers (and axe-core) report; drop the false role."""
    body = context.get("body")
    if body and 'role="list" class="citation-list"' in body:
        context["body"] = body.replace('role="list" class="citation-list"', 'class="citation-list"')


def setup(app):
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.connect("html-page-context", _fix_citation_list, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
