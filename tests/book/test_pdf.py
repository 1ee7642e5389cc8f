"""Handouts: built pages printed to PDF with the machine's Chromium (make pdf), offline."""

from __future__ import annotations

import re

from databook import pdf
from databook.project import Project


def test_chapters_print_to_multi_page_pdfs(built_copy, tmp_path):
    project = Project(built_copy)
    written = pdf.print_pages(project, ["book/safety", "book/later"], target=tmp_path)
    assert [p.name for p in written] == ["safety.pdf", "later.pdf"]
    for path in written:
        data = path.read_bytes()
        assert data.startswith(b"%PDF-")
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
        assert pages >= 3, f"{path.name}: {pages} pages"


def test_every_page_of_the_toc_is_a_document_to_print(built_copy):
    project = Project(built_copy)
    docs = pdf.pages(project)
    assert docs == project.documents() and "book/safety" in docs
    assert pdf.pages(project, ["book/later"]) == ["book/later"]


def test_printing_works_where_an_asyncio_loop_is_running(built_copy, tmp_path):
    # as in a notebook, or after other tests ran an event loop in this thread
    import asyncio

    async def inside():
        return pdf.print_pages(Project(built_copy), ["book/cite"], target=tmp_path)

    [written] = asyncio.run(inside())
    assert written.read_bytes().startswith(b"%PDF-")
