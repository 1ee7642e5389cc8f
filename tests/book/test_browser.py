"""The built site in a real browser: Debian's Chromium driven by Playwright, served on localhost.

Every page loads with no console error and no failed request and passes axe-core with no serious
or critical violation; search finds an agent; the explorer filters to the number of rows the data
predicts; an exercise's solution opens; hostile text in the data runs no script.
"""

from __future__ import annotations

import functools
import html
import http.server
import re
import socketserver
import threading
from pathlib import Path

import pytest

from databook import browser as browser_lookup
from tests.conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def serve(directory: Path) -> socketserver.TCPServer:
    handler = functools.partial(_Quiet, directory=str(directory))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def browser():
    chromium = browser_lookup.find()  # raises, saying what to install: never a skip
    assert AXE.exists(), "axe-core missing: run 'make test' (it runs npm ci)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=list(browser_lookup.ARGS))
        yield b
        b.close()


@pytest.fixture(scope="session")
def site(built_copy):
    server = serve(built_copy / "_build" / "html")
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def pages(root: Path) -> list[str]:
    html_dir = root / "_build" / "html"
    return sorted(p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html")
                  if p.name not in {"genindex.html"} and "_static" not in p.parts)


def visit(browser, url: str):
    """Open ``url``; return the page and the console errors and failed requests seen."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors, failed = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    aborted = []
    page.on("requestfailed", lambda r: (aborted if r.failure == "net::ERR_ABORTED" else failed).append(r.url))
    page.on("response", lambda r: failed.append(f"{r.status} {r.url} (from {r.request.headers.get('referer')})")
            if r.status >= 400 else None)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)
    if page.url == url:   # a request cut short by a redirect (the root page's) is not a failure
        failed.extend(aborted)
    return page, errors, failed


def _check_pages(browser, site, paths) -> dict:
    problems = {}
    for path in paths:
        page, errors, failed = visit(browser, f"{site}/{path}")
        # judge the page's own load; axe's CSS preloader then fetches stylesheets itself and
        # resolves the theme's @import against the page URL, which is axe's quirk, not the site's
        errors, failed = list(errors), list(failed)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                               ".filter(v => ['serious', 'critical'].includes(v.impact))"
                               ".map(v => v.id + ': ' + v.nodes.length + ' node(s), e.g. ' + v.nodes[0].target)")
        if errors or failed or result:
            problems[path] = {"console errors": errors, "failed requests": failed, "axe": result}
        page.close()
    return problems


def test_every_page_loads_cleanly_and_passes_axe(browser, site, built_copy):
    # half the pages in a second browser of its own, on another thread: the check is CPU-bound
    from playwright.sync_api import sync_playwright

    paths = pages(built_copy)
    assert len(paths) > 20
    other: dict = {}

    def second_half():
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=browser_lookup.find(), args=list(browser_lookup.ARGS))
            try:
                other.update(_check_pages(b, site, paths[1::2]))
            except Exception as error:  # reported below, not lost with the thread
                other["(second browser)"] = repr(error)
            finally:
                b.close()

    thread = threading.Thread(target=second_half)
    thread.start()
    problems = _check_pages(browser, site, paths[0::2])
    thread.join()
    problems.update(other)
    assert problems == {}


def test_search_finds_an_agent(browser, site):
    page, errors, _ = visit(browser, f"{site}/search.html?q=xentuzumab")
    page.wait_for_selector("#search-results li", timeout=15000)
    links = page.locator("#search-results li a").all_inner_texts()
    assert links, "search returned no page"
    assert any("agents" in t.lower() or "three ways" in t.lower() or "ligand" in t.lower() for t in links), links
    assert errors == []


def expected_rows(query: str) -> int:
    """Rows of the studies explorer whose visible text contains ``query`` (DataTables' search)."""
    from igfbook import data, explorer

    table = explorer.studies_table(data.tables())
    text = table.apply(lambda row: " ".join(html.unescape(re.sub(r"<[^>]+>", "", str(v))) for v in row), axis=1)
    return int(text.str.lower().str.contains(query.lower(), regex=False).sum())


@pytest.mark.parametrize("query", ["figitumumab", "Ewing", "phase III"])
def test_explorer_filters_to_the_rows_the_data_predicts(browser, site, query):
    page, errors, _ = visit(browser, f"{site}/book/explorer.html")
    page.wait_for_selector(".dt-info", timeout=15000)
    page.locator(".dt-search input").first.fill(query)
    page.wait_for_timeout(300)
    info = page.locator(".dt-info").first.inner_text()
    match = re.search(r"of (\d+) entries", info)
    assert match, info
    want = expected_rows(query.split()[0] if query == "phase III" else query)
    if query == "phase III":   # smart search matches every word: count rows containing both
        from igfbook import data, explorer
        table = explorer.studies_table(data.tables())
        text = table.apply(lambda r: " ".join(html.unescape(re.sub(r"<[^>]+>", "", str(v))) for v in r).lower(), axis=1)
        want = int((text.str.contains("phase") & text.str.contains("iii")).sum())
    assert int(match.group(1)) == want, info
    assert errors == []


def test_exercise_solution_opens(browser, site):
    page, errors, _ = visit(browser, f"{site}/book/agents.html")
    solution = page.locator(".solution.dropdown, details.solution, .solution").first
    assert solution.count() == 1
    toggle = page.locator(".solution .toggle-button, .solution button, details.solution summary, .solution .admonition-title").first
    body_text = "data.agents"  # words from the first solution's code
    assert not page.get_by_text("insr_b = agents", exact=False).first.is_visible()
    toggle.click()
    page.wait_for_timeout(300)
    assert page.get_by_text("insr_b = agents", exact=False).first.is_visible(), body_text
    assert errors == []


def test_screenshots_for_maintainers(browser, site):
    out = ROOT / "_build" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    for name, path in (("home", "book/intro.html"), ("explorer", "book/explorer.html")):
        page, errors, _ = visit(browser, f"{site}/{path}")
        page.wait_for_timeout(500)
        page.screenshot(path=str(out / f"{name}.png"), full_page=False)
        assert (out / f"{name}.png").stat().st_size > 10_000
        assert errors == []


def test_hostile_text_runs_no_script(browser, hostile_site):
    server = serve(hostile_site)
    try:
        fired = []
        for path in ("book/agents.html", "book/three-ways.html", "book/explorer.html"):
            page = browser.new_page()
            page.on("dialog", lambda d: (fired.append(d.message), d.dismiss()))
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/{path}", wait_until="load")
            page.wait_for_timeout(500)
            page.close()
        assert fired == []
    finally:
        server.shutdown()


def column_rows(column: str, query: str) -> int:
    """Rows of the studies explorer whose ``column`` contains ``query`` as readers see it."""
    from igfbook import data, explorer

    cells = explorer.studies_table(data.tables())[column].map(lambda v: html.unescape(re.sub(r"<[^>]+>", "", str(v))))
    return int(cells.str.lower().str.contains(query.lower(), regex=False).sum())


def _info_total(page) -> int:
    info = page.locator(".dt-info").first.inner_text()
    match = re.search(r"of (\d+) entries", info)
    assert match, info
    return int(match.group(1))


def test_explorer_column_filter_and_csv_export_give_the_rows_the_data_predict(browser, site, tmp_path):
    import csv

    page, errors, _ = visit(browser, f"{site}/book/explorer.html")
    page.wait_for_selector(".dt-info", timeout=15000)
    studies = page.locator("#studies-explorer_wrapper")
    # every filter box is named for assistive technology, not only by its placeholder
    boxes = studies.locator(".dt-scroll-footInner input")
    names = [boxes.nth(i).get_attribute("aria-label") for i in range(boxes.count())]
    assert names and all(n and n.startswith("Filter the ") for n in names), names
    studies.locator(".dt-scroll-footInner input[aria-label='Filter the tumour column']").press_sequentially("Ewing")
    page.wait_for_timeout(400)
    want = column_rows("tumour", "Ewing")
    assert 0 < want < column_rows("tumour", "") and _info_total(page) == want
    with page.expect_download() as download:
        studies.locator("button.buttons-csv").click()
    saved = tmp_path / "rows.csv"
    download.value.save_as(saved)
    rows = list(csv.reader(saved.open(encoding="utf-8-sig")))
    from igfbook import data, explorer
    assert rows[0] == list(explorer.studies_table(data.tables()).columns)
    assert len(rows) - 1 == want and all("Ewing" in r[rows[0].index("tumour")] for r in rows[1:])
    assert not any("<a " in cell for r in rows for cell in r)    # links exported as their text
    assert errors == []


def test_explorer_is_usable_with_the_keyboard_alone(browser, site, tmp_path):
    page, errors, _ = visit(browser, f"{site}/book/explorer.html")
    page.wait_for_selector(".dt-info", timeout=15000)
    target = "Filter the phase column"

    def focused() -> str:
        return page.evaluate("() => (document.activeElement.getAttribute('aria-label') || '') + '|' + "
                             "(document.activeElement.closest('.dt-container') || {id: ''}).id")

    for presses in range(400):      # Tab through the page, as a keyboard user does
        if focused() == f"{target}|studies-explorer_wrapper":
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError("the phase filter of the studies table cannot be reached with Tab")
    page.keyboard.type("III")
    page.wait_for_timeout(400)
    assert _info_total(page) == column_rows("phase", "III") > 0
    for presses in range(400):      # on to the export button, then Enter
        page.keyboard.press("Shift+Tab")
        if page.evaluate("() => document.activeElement.classList.contains('buttons-csv')"):
            break
    else:
        raise AssertionError("the CSV button cannot be reached with Tab")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    saved = tmp_path / "phase.csv"
    download.value.save_as(saved)
    assert len(saved.read_text(encoding="utf-8-sig").strip().splitlines()) - 1 == column_rows("phase", "III")
    assert errors == []


def test_slides_run_offline_and_step_through_every_slide(browser, site, built_copy):
    for deck in sorted((built_copy / "book" / "slides").glob("*.md")):
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        requests, errors, failed = [], [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.goto(f"{site}/slides/{deck.stem}.html", wait_until="load")
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        total = page.evaluate("Reveal.getTotalSlides()")
        assert total == len(re.findall(r"^---\s*$", deck.read_text(encoding="utf-8"), re.M)) + 1
        for _ in range(total - 1):
            page.keyboard.press("ArrowRight")
        assert page.evaluate("Reveal.getIndices().h") == total - 1 and page.evaluate("Reveal.isLastSlide()")
        assert errors == [] and failed == []
        assert all(u.startswith(site) or u.startswith("data:") for u in requests), requests
        page.close()


def test_an_exercise_solution_opens_and_closes_with_the_keyboard_alone(browser, site):
    page, errors, _ = visit(browser, f"{site}/book/agents.html")
    answer = page.get_by_text("insr_b = agents", exact=False).first
    assert not answer.is_visible()
    for presses in range(400):      # Tab from the top of the page to the first solution's toggle
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.solution')"):
            break
    else:
        raise AssertionError("no solution toggle can be reached with Tab")
    toggle = page.evaluate("document.activeElement.tagName + ' ' + (document.activeElement.getAttribute('aria-label') || '')")
    assert toggle.startswith("BUTTON") and "Toggle" in toggle   # a named button, announced as such
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert answer.is_visible()
    assert page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "true"
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert not answer.is_visible()
    assert errors == []
    page.close()
