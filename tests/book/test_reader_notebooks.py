"""Reader notebooks, tried as a student would: the package installed from a wheel into a fresh
virtual environment outside the repository, and every chapter's downloaded notebook executed
there; its Markdown holds the book's numbers and citations, not MyST markup."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.book.conftest import offered
from tests.conftest import run_build, scenario

MYST = re.compile(r"\{(fact|source|claim|cite:p|cite:t|doc|term|ref|numref)\}`|^:::\{|^`{3,}\{(exercise|solution)",
                  re.M)


@pytest.fixture(scope="session")
def notebooks(built_copy) -> dict[str, Path]:
    found = offered(built_copy)
    assert found, "the site offers no reader notebooks"
    return found


def test_the_installed_package_reads_its_own_copy_of_the_data(fresh_python, tmp_path):
    out = subprocess.run([str(fresh_python), "-c", "import igfbook, igfbook.paths as p; from igfbook import data; "
                          "print(igfbook.__file__); print(p.root()); print(len(data.tables().later))"],
                         capture_output=True, text=True, cwd=tmp_path, check=True, env={"PATH": "/usr/bin:/bin"}).stdout
    module, root, n = out.split()
    assert "site-packages" in module and root.endswith("igfbook/_book") and int(n) >= 1


def test_every_chapter_is_offered_and_reads_as_plain_markdown(notebooks, built_copy):
    from databook.project import Project

    chapters = {Path(d).name for d in Project(built_copy).chapters()}
    assert set(notebooks) == chapters
    for name, path in notebooks.items():
        nb = json.loads(path.read_text(encoding="utf-8"))
        markdown = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
        assert not MYST.search(markdown), f"{name}: MyST left in the Markdown: {MYST.search(markdown).group(0)!r}"


def test_numbers_citations_and_figures_are_written_in(notebooks):
    nb = json.loads(notebooks["later"].read_text(encoding="utf-8"))
    markdown = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    # CARRIE: 88 randomised, from Kundranda et al. 2020 (the glued fact and the citation of its row)
    assert "randomised (88 of them)" in markdown and "(Kundranda et al. 2020)" in markdown
    phase3 = json.loads(notebooks["phase3"].read_text(encoding="utf-8"))
    attached = [name for c in phase3["cells"] for name in c.get("attachments", {})]
    assert attached == ["fig_phase3_forest.png", "fig_phase3_checklist.png"]


def test_every_reader_notebook_runs_outside_the_repository(notebooks, reader_notebook_runs):
    assert set(reader_notebook_runs) == set(notebooks)
    failures = {name: r.stderr[-1500:] for name, r in reader_notebook_runs.items() if r.returncode}
    assert not failures, failures


def _readable(path: Path) -> list[tuple]:
    """What a reader sees of a notebook: each cell's kind, text and attached figures' names (the
    bytes of a PNG are left out: they are the same figure drawn by the same code)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [(c["cell_type"], "".join(c["source"]), sorted(c.get("attachments", {}))) for c in nb["cells"]]


def test_the_notebooks_kept_for_launch_buttons_are_the_ones_the_build_offers(notebooks, built_copy):
    from databook.project import Project
    from databook.snapshots import reader_path

    from databook import cache

    project, kept = Project(built_copy), Project(Path(__file__).resolve().parents[2])
    history_readers = 0
    for doc in project.chapters():
        path = reader_path(kept, doc)
        assert path.is_file(), f"no reader notebook {kept.rel(path)}: run 'make snapshots'"
        mine, built = _readable(path), _readable(notebooks[Path(doc).name])
        if any(k.startswith("git:") for k in cache.load(project.cache_dir, doc)[0].inputs):
            # a chapter that reads the version history: the commit that keeps its notebook adds to
            # that history, so the kept copy always lags one commit; its text is the build's to
            # write, its code must still be the chapter's
            history_readers += 1
            mine, built = ([c for c in x if c[0] == "code"] for x in (mine, built))
        assert mine == built, (
            f"{kept.rel(path)} differs from what the build makes: run 'make snapshots' and commit it")
    assert history_readers <= 1   # the changelog, and nothing else, is compared on its code alone
    assert {p for p in kept.notebooks_dir.rglob("*.ipynb")} == {reader_path(kept, d) for d in project.chapters()}


@scenario("built_copy")
def repository_named(folder, built_copy):
    """The built copy rebuilt with a placeholder address: the one line of _config.yml a publisher sets."""
    import shutil

    root = folder / "book"
    shutil.copytree(built_copy, root, symlinks=True)
    config = root / "_config.yml"
    text = config.read_text(encoding="utf-8")
    had_empty_url = '\nrepository:\n  url: ""\n' in text
    config.write_text(text.replace('\nrepository:\n  url: ""\n',
                                   '\nrepository:\n  url: "https://github.com/example-org/igfbook"\n'), encoding="utf-8")
    return root, had_empty_url, run_build(root)


def test_launch_buttons_open_the_kept_reader_notebook_once_the_repository_is_named(repository_named):
    root, had_empty_url, result = repository_named
    assert had_empty_url
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    page = (root / "_build" / "html" / "book" / "sarcoma.html").read_text(encoding="utf-8")
    binder = "https://mybinder.org/v2/gh/example-org/igfbook/main?urlpath=lab/tree/notebooks/book/sarcoma.ipynb"
    colab = "https://colab.research.google.com/github/example-org/igfbook/blob/main/notebooks/book/sarcoma.ipynb"
    assert binder in page and colab in page
    assert (root / "notebooks" / "book" / "sarcoma.ipynb").is_file()   # what both open is in the repository
    # pages without code offer no launch button
    assert "mybinder.org" not in (root / "_build" / "html" / "book" / "glossary.html").read_text(encoding="utf-8")
