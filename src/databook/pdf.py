"""Print the built site to PDF, one file per page of the book, for handouts.

    python -m databook pdf [--root .] [--only book/safety ...]

Each page of ``_build/html`` is opened in the machine's Chromium (found as for the browser tests,
see :mod:`databook.browser`) and printed with the theme's print styles (navigation, buttons and
sidebars hidden) to ``_build/pdf/<document>.pdf``. Offline: pages load from disk and the site
fetches nothing. A page's interactive tables print as the rows they show.
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="databook pdf", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=None)
    parser.add_argument("--only", nargs="*", help="documents to print (default: every page of the TOC)")
    args = parser.parse_args(argv)
    project = Project(args.root or find_root())
    for path in print_pages(project, pages(project, args.only)):
        print(f"  pdf  {project.rel(path)}")
    return 0
