"""Reader notebooks, tried as a student would: the package installed from a wheel into a fresh
virtual environment outside the repository, and every chapter's downloaded notebook executed
there; its Markdown holds the book's numbers and citations, not MyST markup."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import sysconfig
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

MYST = re.compile(r"\{(fact|source|claim|cite:p|cite:t|doc|term|ref|numref)\}`|^:::\{|^`{3,}\{(exercise|solution)",
                  re.M)


@pytest.fixture(scope="session")
def notebooks(built_copy) -> dict[str, Path]:
    found = {p.stem: p for p in (built_copy / "_build" / "html" / "_downloads").glob("*/*.ipynb")}
    assert found, "the site offers no reader notebooks"
    return found


@pytest.fixture(scope="session")
def fresh_python(built_copy, tmp_path_factory) -> Path:
    """A virtual environment outside the repository with igfbook installed from its wheel (the
    libraries it needs are made visible from the project's environment, so nothing is downloaded)."""
    where = tmp_path_factory.mktemp("fresh")
    wheels = where / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels),
                    str(built_copy)], check=True, timeout=600)
    venv = where / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # a path added by a .pth file is not itself a site directory, so the project's editable
    # install of igfbook (a .pth hook there) is not seen: igfbook comes from the wheel alone
    Path(site, "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", *map(str, wheels.glob("*.whl"))],
                   check=True, timeout=600)
    return python


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


def test_every_reader_notebook_runs_outside_the_repository(notebooks, fresh_python, tmp_path):
    script = (
        "import sys, nbformat, nbclient\n"
        "nb = nbformat.read(sys.argv[1], as_version=4)\n"
        "nbclient.NotebookClient(nb, timeout=300, kernel_name='python3',"
        " resources={'metadata': {'path': sys.argv[2]}}).execute()\n")

    def run(item):
        name, path = item
        work = tmp_path / name
        work.mkdir()
        result = subprocess.run([str(fresh_python), "-c", script, str(path), str(work)], capture_output=True,
                                text=True, cwd=work, timeout=600, env={"PATH": "/usr/bin:/bin", "HOME": str(work)})
        return name, result

    with ThreadPoolExecutor(2) as pool:
        failures = {name: r.stderr[-1500:] for name, r in pool.map(run, sorted(notebooks.items())) if r.returncode}
    assert not failures, failures
