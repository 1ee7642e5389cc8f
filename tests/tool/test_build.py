"""The build end to end, on the toy book: never stale, never half-published, healing its own damage.

Each test starts from a private copy of one built toy book (see ``conftest.py``), so the cold build
is paid once.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import threading

from databook.version import data_version

from tests.tool.toy import build


def tree(folder):
    """Path -> SHA-256 of every file below ``folder`` (to prove a site was left untouched)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def page(root, doc):
    """The text of a built page, tags removed."""
    import html as _html

    text = (root / "_build" / "html" / f"{doc}.html").read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", _html.unescape(re.sub(r"<[^>]+>", "", text)))


def set_cell(path, key, column, value):
    rows = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()]
    col = rows[0].index(column)
    for row in rows[1:]:
        if row[0] == key:
            row[col] = value
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")


def test_cold_build_publishes_every_page_with_its_facts_and_citations(built_toy):
    text = page(built_toy, "book/trials")
    assert "The table holds 2 trials. Together they had 4 responders" in text
    assert "[Alpha et al., 2020, Beta et al., 2021]" in text      # the rows' own citations
    # "Beta, Ben and others" in the .bib: an author list truncated by BibTeX reads "et al."
    assert "Ben Beta et al. A second trial" in page(built_toy, "book/bibliography")
    assert "and others" not in page(built_toy, "book/bibliography") + text
    assert "The first note reads: a note." in page(built_toy, "book/notes")
    assert (built_toy / "_build" / "html" / "MANIFEST.json").is_file()
    root = (built_toy / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in root and "<title>Toy book</title>" in root  # not a bare refresh


def test_a_rebuild_with_nothing_changed_does_nothing(toy_site):
    result = build(toy_site)
    assert result.returncode == 0 and "site up to date: nothing to rebuild" in result.stdout
    assert "execute " not in result.stdout


def test_a_cell_edit_reruns_the_readers_of_its_column_and_shows_the_new_value(toy_site):
    import hashlib

    def pages():   # the first rebuild after a cold build: no page may differ by how it was built
        html = toy_site / "_build" / "html"
        return {p.relative_to(html).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in html.rglob("*.html")}
    before = pages()
    trials = toy_site / "data" / "trials.csv"
    dated = trials.stat()
    set_cell(trials, "t1", "note", "an edited note")
    # The toy book has no version history, so its pages are dated by their newest source file
    # (see test_pages_are_dated_by_their_sources_not_by_1970). The edit keeps the file's date: a copy made on an earlier day
    # would otherwise show a new date on every page, which is right, but not what this test is about.
    os.utime(trials, ns=(dated.st_atime_ns, dated.st_mtime_ns))
    result = build(toy_site)
    assert result.returncode == 0, result.stderr
    after = pages()
    # early cut-off: the chapter that reads the column and the page that shows the data version,
    # which no chapter computes (the build gives it), so nothing runs for it
    assert sorted(p for p in after if after[p] != before.get(p)) == ["book/index.html", "book/notes.html"]
    assert f"built from data version {data_version(toy_site, record=False)}." in page(toy_site, "book/index")
    assert "execute  book/notes (inputs changed: column:data/trials.csv#note)" in result.stdout
    assert "  [1/1] execute  book/notes" in result.stdout                        # the progress count
    assert re.search(r"^  sphinx   \d+ pages? written of \d+ in ", result.stdout, re.M)
    assert "reuse    1 chapter unchanged: trials" in result.stdout   # it reads the same table, but not that column
    assert "The first note reads: an edited note." in page(toy_site, "book/notes")
    assert "t1 · note: 'a note' → 'an edited note'" in result.stdout              # the rebuild report
    review = (toy_site / "_build" / "reports" / "rebuild-report.md").read_text(encoding="utf-8")
    assert "before: The first note reads: a note" in review and "after:  The first note reads: an edited note" in review


def test_a_value_the_build_does_not_give_stops_the_strict_build(toy_site):
    index = toy_site / "book" / "index.md"
    index.write_text(index.read_text().replace("{build}`data_version`", "{build}`data_verison`"))
    before = tree(toy_site / "_build" / "html")
    result = build(toy_site)
    assert result.returncode != 0
    assert "{build}`data_verison` is not a value of the build; the build gives: data_version" in result.stderr
    assert tree(toy_site / "_build" / "html") == before


def test_a_new_row_reruns_every_reader_of_the_table(toy_site):
    path = toy_site / "data" / "trials.csv"
    path.write_text(path.read_text() + "t3,Third,all,0,5,x,beta2021,p. 5\n")
    result = build(toy_site)
    assert result.returncode == 0, result.stderr
    assert "execute  book/notes" in result.stdout and "execute  book/trials" in result.stdout
    assert "The table holds 3 trials" in page(toy_site, "book/trials")


def test_spreadsheet_formatting_reruns_nothing_and_keeps_the_data_version(toy_site):
    path = toy_site / "data" / "trials.csv"
    version = data_version(toy_site, record=False)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))   # Excel's "CSV UTF-8"
    result = build(toy_site)
    assert result.returncode == 0, result.stderr
    assert "execute " not in result.stdout and "executed 0 of 2 chapters" in result.stdout
    assert data_version(toy_site, record=False) == version
    # the pages are unchanged; only the staged data package (offered for download) takes the new bytes
    assert (toy_site / "_build" / "stage" / "data" / "trials.csv").read_bytes() == path.read_bytes()


def test_a_prose_edit_reuses_the_outputs(toy_site):
    chapter = toy_site / "book" / "notes.md"
    chapter.write_text(chapter.read_text().replace("# Notes", "# Notes on the trials"))
    result = build(toy_site)
    assert result.returncode == 0, result.stderr
    assert "unchanged: trials, notes" in result.stdout and "Notes on the trials" in page(toy_site, "book/notes")


def test_an_edit_of_the_books_own_code_reruns_the_chapters_that_import_it(toy_site):
    module = toy_site / "src" / "toy" / "facts.py"
    module.write_text(module.read_text() + "\n# edited\n")
    result = build(toy_site)
    assert result.returncode == 0, result.stderr
    assert "execute  book/trials (inputs changed: file:src/toy/facts.py)" in result.stdout


def test_data_that_falsify_a_claim_stop_the_build_naming_chapter_claim_and_rows(toy_site):
    before = tree(toy_site / "_build" / "html")
    set_cell(toy_site / "data" / "trials.csv", "t2", "responders", "10")   # 10/20 now beats 3/30
    result = build(toy_site)
    assert result.returncode != 0
    assert "claim of chapter 'trials' no longer holds" in result.stderr
    assert "[first-is-best] the first trial has the highest response rate" in result.stderr
    assert "contradicted by: trials:t2" in result.stderr
    assert "published site was not touched" in result.stderr
    assert tree(toy_site / "_build" / "html") == before


def test_a_glued_value_without_its_rows_citation_stops_the_build(toy_site):
    before = tree(toy_site / "_build" / "html")
    chapter = toy_site / "book" / "trials.md"
    chapter.write_text(chapter.read_text().replace("responders\n{source}`responders`", "responders"))
    result = build(toy_site)
    assert result.returncode != 0
    assert "book/trials: fact 'responders' comes from rows citing alpha2020, beta2021" in result.stderr
    assert tree(toy_site / "_build" / "html") == before


def test_a_bad_row_or_a_sphinx_warning_stops_the_build_and_keeps_the_site(toy_site):
    before = tree(toy_site / "_build" / "html")
    path = toy_site / "data" / "trials.csv"
    good = path.read_text()
    set_cell(path, "t1", "patients", "-1")
    result = build(toy_site)
    assert result.returncode != 0
    assert "data/trials.csv, row 2, column 'patients', value '-1': must be at least 1 [minimum]" in result.stderr
    path.write_text(good)
    (toy_site / "book" / "index.md").write_text("# Toy book\n\nSee {ref}`no-such-label`.\n")
    result = build(toy_site)
    assert result.returncode != 0 and "no-such-label" in result.stderr
    assert tree(toy_site / "_build" / "html") == before


def test_a_damaged_cache_entry_is_run_again_with_a_notice(toy_site):
    entry = toy_site / "_build" / "cache" / "book" / "trials.json"
    entry.write_text(entry.read_text()[:100])
    result = build(toy_site)
    assert result.returncode == 0, result.stderr
    assert "notice   cache entry of book/trials discarded (truncated or not JSON); it will run again" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_deleted_or_edited_page_is_repaired(toy_site):
    html = toy_site / "_build" / "html"
    (html / "book" / "notes.html").unlink()
    (html / "book" / "trials.html").write_text("vandalised")
    result = build(toy_site)
    assert result.returncode == 0, result.stderr
    assert "notice   published site damaged (missing book/notes.html; changed book/trials.html)" in result.stdout
    assert "The first note reads" in page(toy_site, "book/notes")
    assert "Together they had 4 responders" in page(toy_site, "book/trials")


def test_two_builds_at_once_take_turns(toy_site):
    set_cell(toy_site / "data" / "trials.csv", "t1", "note", "concurrent")
    results = []
    threads = [threading.Thread(target=lambda: results.append(build(toy_site))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    assert sum("another build is running" in r.stdout for r in results) == 1
    assert "The first note reads: concurrent." in page(toy_site, "book/notes")


def test_the_tool_imports_nothing_of_the_book():
    code = ("import sys, databook.build, databook.sphinxext, databook.snapshots, databook.dist, databook.history, "
            "databook.dictionary; print(sorted(m for m in sys.modules if m.split('.')[0] in ('igfbook', 'toy')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_pages_are_dated_by_their_sources_not_by_1970(toy, built_toy):
    import datetime
    import os

    from databook.project import Project
    from databook.sphinx import source_date

    when = datetime.datetime(2031, 6, 1, tzinfo=datetime.timezone.utc).timestamp()
    for path in toy.rglob("*"):
        os.utime(path, (when - 86400, when - 86400))
    os.utime(toy / "data" / "trials.csv", (when, when))       # the newest source: the data
    assert source_date(Project(toy)) == int(when)              # no version history here: newest file
    year = datetime.datetime.fromtimestamp(source_date(Project(built_toy)), datetime.timezone.utc).year
    assert "Last updated on" in page(built_toy, "book/trials") and "1970" not in page(built_toy, "book/trials")
    assert str(year) in page(built_toy, "book/trials").split("Last updated on", 1)[1]


def test_damaged_parse_and_merge_records_are_misses_not_errors(toy_site):
    for kept in (toy_site / "_build" / "parsed").glob("*.json"):
        kept.write_text("{not json")
    (toy_site / "_build" / "merged.json").write_text("[1, 2")
    staged = next((toy_site / "_build" / "stage" / "book").glob("*.ipynb"))
    staged.write_text(staged.read_text() + " ")          # a staged notebook that no longer matches
    result = build(toy_site)
    assert result.returncode == 0, result.stderr
    assert "execute " not in result.stdout
    assert "The table holds 2 trials" in page(toy_site, "book/trials")


def test_a_no_op_rebuild_parses_no_chapter_again(toy_site, monkeypatch):
    import jupytext

    from databook import build as build_module
    from databook import notebooks

    calls = []
    monkeypatch.setattr(jupytext, "reads", lambda *a, **k: calls.append(a) or (_ for _ in ()).throw(AssertionError))
    monkeypatch.setattr(notebooks, "_READ", {})
    monkeypatch.setattr(notebooks, "PARSED_DIR", None)     # set by the build; restored afterwards
    monkeypatch.setenv("DATABOOK_ROOT", str(toy_site))
    assert build_module.build(toy_site, quiet=True) == 0
    assert calls == []                                     # every chapter's parse was kept on disk


def test_a_no_op_rebuild_imports_no_notebook_library(toy_site):
    # a build that changes nothing reads kept parses, kept outputs and kept pages: importing
    # jupytext, nbformat, pandas or Sphinx would be most of its time
    from tests.tool.toy import SRC

    code = ("import sys; from pathlib import Path; from databook.build import build;"
            "status = build(Path(sys.argv[1]), quiet=True);"
            "print(status, sorted(m for m in ('jupytext', 'nbformat', 'nbclient', 'pandas', 'sphinx', 'jupyter_book')"
            " if m in sys.modules))")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(toy_site / "src"), str(SRC)]))
    env.pop("DATABOOK_ROOT", None)
    out = subprocess.run([sys.executable, "-c", code, str(toy_site)], capture_output=True, text=True, env=env,
                         cwd=toy_site, timeout=600)
    assert out.stdout.split() == ["0", "[]"], out.stdout + out.stderr


def test_pages_written_are_read_from_sphinx_s_log(tmp_path):
    from databook import sphinx

    log = tmp_path / "sphinx.log"
    log.write_text("\x1b[01mwriting output... \x1b[39;49;00m\n"
                   "\x1b[01mwriting output... \x1b[39;49;00m[ 50%] \x1b[32mbook/intro\x1b[39;49;00m\n"
                   "writing output... [100%] book/notes\n", encoding="utf-8")
    assert sphinx.pages_written(log) == ["book/intro", "book/notes"]
    assert sphinx.pages_written(tmp_path / "missing.log") == []


def test_a_configuration_edit_sphinx_applies_when_reading_reaches_every_page(toy_site):
    # bibtex_cite_id is applied when Sphinx reads the bibliography page: an edit of _config.yml
    # alone must rebuild Sphinx's saved environment, or the new ids never appear
    bib = toy_site / "_build" / "html" / "book" / "bibliography.html"
    assert 'id="cite-alpha2020"' not in bib.read_text(encoding="utf-8")
    # first a prose edit, so that Sphinx's saved environment belongs to this copy of the book
    notes = toy_site / "book" / "notes.md"
    notes.write_text(notes.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    assert build(toy_site).returncode == 0
    assert 'id="cite-alpha2020"' not in bib.read_text(encoding="utf-8")
    config = toy_site / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "    bibtex_reference_style: author_year\n",
        "    bibtex_reference_style: author_year\n    bibtex_cite_id: \"cite-{key}\"\n"), encoding="utf-8")
    result = build(toy_site)
    assert result.returncode == 0, result.stdout + result.stderr
    text = bib.read_text(encoding="utf-8")
    assert 'id="cite-alpha2020"' in text and 'id="cite-beta2021"' in text
    assert 'href="bibliography.html#cite-alpha2020"' in (toy_site / "_build" / "html" / "book" / "trials.html").read_text(
        encoding="utf-8")
