"""Scenarios of the book's tests that more than one test module waits for: a fresh environment
outside the repository with the book installed from its wheel, and every reader notebook run in it."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.conftest import scenario


def offered(built_copy: Path) -> dict[str, Path]:
    """The reader notebooks the site offers, by chapter name."""
    return {p.stem: p for p in (built_copy / "_build" / "html" / "_downloads").glob("*/*.ipynb")}


@scenario("built_copy")
def fresh_python(where: Path, built_copy: Path) -> Path:
    """A virtual environment outside the repository with igfbook installed from its wheel (the
    libraries it needs are made visible from the project's environment, so nothing is downloaded)."""
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


@scenario("built_copy", "fresh_python")
def reader_notebook_runs(folder: Path, built_copy: Path, fresh_python: Path) -> dict:
    """Every reader notebook executed top to bottom by a fresh kernel of the fresh environment, each
    in an empty folder of its own with nothing of this environment but ``PATH``."""
    script = (
        "import sys, nbformat, nbclient\n"
        "nb = nbformat.read(sys.argv[1], as_version=4)\n"
        "nbclient.NotebookClient(nb, timeout=300, kernel_name='python3',"
        " resources={'metadata': {'path': sys.argv[2]}}).execute()\n")

    def run(item):
        name, path = item
        work = folder / name
        work.mkdir()
        result = subprocess.run([str(fresh_python), "-c", script, str(path), str(work)], capture_output=True,
                                text=True, cwd=work, timeout=600, env={"PATH": "/usr/bin:/bin", "HOME": str(work)})
        return name, result

    with ThreadPoolExecutor(2) as pool:
        return dict(pool.map(run, sorted(offered(built_copy).items())))
