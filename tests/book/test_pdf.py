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
    # the whole book joins the pages in order, a bookmark on the first page of each, page numbers kept
    from pypdf import PdfReader

    parts = [len(PdfReader(p).pages) for p in written]
    book = PdfReader(pdf.join(project, ["book/safety", "book/later"], written, tmp_path / "book.pdf"))
    assert len(book.pages) == sum(parts)
    assert [(o.title, book.get_destination_page_number(o)) for o in book.outline] == [
        ("Safety and tolerability", 0), ("After the sources: the later controlled trials", parts[0])]
    footer = book.pages[parts[0] + 1].extract_text()
    assert re.search(rf"2/{parts[1]}\s*$", footer), footer[-200:]


def test_every_page_of_the_toc_is_a_document_to_print(built_copy):
    project = Project(built_copy)
    docs = pdf.pages(project)
    assert docs == project.documents() and "book/safety" in docs
    assert pdf.pages(project, ["book/later"]) == ["book/later"]


def test_printing_works_where_an_asyncio_loop_is_running(built_copy, tmp_path):
    # as in a notebook: printing called from a coroutine, with an event loop running in the thread
    # (run in a thread of the test's own, whose loop nothing else in the session has touched)
    import asyncio
    import threading

    result = {}

    async def inside():
        return pdf.print_pages(Project(built_copy), ["book/cite"], target=tmp_path)

    def in_thread():
        try:
            result["written"] = asyncio.run(inside())
        except Exception as exc:  # reported below, in the test's own thread
            result["error"] = exc

    worker = threading.Thread(target=in_thread)
    worker.start()
    worker.join(timeout=300)
    assert "error" not in result, result.get("error")
    [written] = result["written"]
    assert written.read_bytes().startswith(b"%PDF-")
