"""Print the built site to PDF: one handout per page of the book, and the whole book as one file.

    python -m databook pdf [--root .] [--student] [--only book/safety ...]

Each page of ``_build/html`` is opened in the machine's Chromium (found as for the browser tests,
see :mod:`databook.browser`) and printed with the theme's print styles (navigation, buttons and
sidebars hidden) to ``_build/pdf/<document>.pdf``. Offline: pages load from disk and the site
fetches nothing. A page's interactive tables print as the rows they show. Every page carries its
title and page number in the footer.

The whole book, ``_build/pdf/<name>.pdf``, joins the pages in the order of the table of contents,
with a bookmark per page (titled as the page is) so that a PDF reader shows the contents; the
student edition (``--student``, from ``_build/student/html``) prints to ``_build/pdf/student/``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from databook.project import Project, find_root


def pages(project: Project, only: list[str] | None = None) -> list[str]:
    docs = project.documents()
    return [d for d in docs if not only or d in only]


def print_pages(project: Project, docs: list[str], target: Path | None = None) -> list[Path]:
    """Print each document's built page to ``target/<doc>.pdf``; returns the files written.

    Playwright's synchronous API refuses to run where an asyncio loop is running (a notebook, or
    a test session that ran one), so the printing runs in a thread of its own."""
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(_print_pages, project, docs, target).result()


def _print_pages(project: Project, docs: list[str], target: Path | None) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from databook import browser

    site = project.html_dir
    if not (site / "index.html").is_file():
        raise SystemExit(f"no site at {site}: build it first (make book)")
    target = target or project.build_dir / "pdf"
    written = []
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=browser.find())
        page = chromium.new_page()
        for doc in docs:
            html = site / f"{doc}.html"
            if not html.is_file():
                raise SystemExit(f"{doc}: no page {html} in the site")
            page.goto(html.as_uri(), wait_until="load")
            page.emulate_media(media="print")
            out = target / f"{doc}.pdf"
            out.parent.mkdir(parents=True, exist_ok=True)
            page.pdf(path=str(out), format="A4", print_background=True,
                     margin={"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"},
                     display_header_footer=True, header_template="<span></span>",
                     footer_template='<div style="font-size:8px;width:100%;text-align:center">'
                                     '<span class="title"></span> — <span class="pageNumber"></span>/'
                                     '<span class="totalPages"></span></div>')
            written.append(out)
        chromium.close()
    return written


def join(project: Project, docs: list[str], files: list[Path], target: Path) -> Path:
    """The pages' PDFs as one file, in the given order, with one bookmark per page."""
    from pypdf import PdfWriter

    from databook.reader import chapter_title

    writer = PdfWriter()
    writer.add_metadata({"/Title": project.title()})
    for doc, path in zip(docs, files, strict=True):
        start = len(writer.pages)
        writer.append(str(path), import_outline=False)
        writer.add_outline_item(title=chapter_title(project, doc), page_number=start)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="databook pdf", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=None)
    parser.add_argument("--only", nargs="*", help="documents to print (default: every page of the TOC)")
    parser.add_argument("--student", action="store_true", help="print the student edition (make student first)")
    args = parser.parse_args(argv)
    project = Project(args.root or find_root())
    target = project.build_dir / "pdf"
    if args.student:
        project = Project(project.root, build=project.build_dir / "student", student=True)
        target = target / "student"
    docs = pages(project, args.only)
    written = print_pages(project, docs, target)
    for path in written:
        print(f"  pdf  {project.rel(path)}")
    if not args.only:
        book = join(project, docs, written, target / f"{project.config['name']}.pdf")
        print(f"  book {project.rel(book)}")
    return 0
