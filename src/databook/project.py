"""The shape of a data-backed book: where its files are and which documents its TOC names.

A project is a Jupyter Book 1 folder (``_config.yml``, ``_toc.yml``) with a folder of CSV tables
described by a Frictionless ``datapackage.json``, a BibTeX bibliography and a lock file. Where
these live is read from ``[tool.databook]`` in ``pyproject.toml`` (every key optional)::

    [tool.databook]
    data = "data"                    # CSV tables and datapackage.json
    bibliography = "references.bib"
    snapshots = "tests/snapshots"    # executed chapters kept for regression tests
    notebooks = "notebooks"          # reader notebooks kept for launch buttons (Binder, Colab)
    slides = "book/slides"           # reveal.js slide decks over the chapters' facts and figures
    lock = "requirements.lock"       # a change re-executes every chapter

The build directory is ``_build`` unless ``$DATABOOK_BUILD_DIR`` or ``--build-dir`` says otherwise.
"""

from __future__ import annotations

import copy
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

#: Environment variable naming the project root; the build sets it for every chapter it runs.
ROOT_ENV = "DATABOOK_ROOT"
#: The folder where chapters keep the tables they validated, for the next chapter (see
#: :mod:`databook.tableschema`); the build sets it for its kernels.
TYPED_DIR_ENV = "DATABOOK_TYPED_DIR"
BUILD_ENV = "DATABOOK_BUILD_DIR"

DEFAULTS = {"data": "data", "bibliography": "references.bib", "snapshots": "tests/snapshots",
            "notebooks": "notebooks", "slides": "book/slides", "lock": "requirements.lock"}


def settings(root: Path) -> dict[str, str]:
    """``[tool.databook]`` of ``root/pyproject.toml`` over the defaults, e.g. ``settings(p)["data"]``;
    ``name`` is the project's name (``[project] name``, else the folder's name)."""
    merged = {**DEFAULTS, "name": Path(root).resolve().name}
    path = Path(root) / "pyproject.toml"
    if path.is_file():
        pyproject = tomllib.loads(path.read_text(encoding="utf-8"))
        merged["name"] = pyproject.get("project", {}).get("name", merged["name"])
        merged.update(pyproject.get("tool", {}).get("databook", {}))
    return merged


def find_root(start: Path | None = None) -> Path:
    """``$DATABOOK_ROOT`` if set, else the nearest folder at or above ``start`` (default: the
    working directory) that holds a ``_toc.yml``."""
    env = os.environ.get(ROOT_ENV)
    if env:
        return Path(env).resolve()
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_toc.yml").is_file():
            return folder
    raise FileNotFoundError(f"no _toc.yml at or above {here}: run from the book's folder or pass --root")


@dataclass
class Project:
    """One book on disk, and where its build goes."""

    root: Path
    build: Path | None = None   # default: root/_build, or $DATABOOK_BUILD_DIR
    cache: Path | None = None   # default: <build dir>/cache (the student edition shares the main one)
    student: bool = False       # build without exercise solutions
    config: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.root = Path(self.root).resolve()
        self.config = {**settings(self.root), **self.config}

    # -- where things are
    @property
    def data_dir(self) -> Path:
        return self.root / self.config["data"]

    @property
    def descriptor(self) -> Path:
        return self.data_dir / "datapackage.json"

    @property
    def bibliography(self) -> Path:
        return self.root / self.config["bibliography"]

    @property
    def lock_file(self) -> Path:
        return self.root / self.config["lock"]

    @property
    def snapshots_dir(self) -> Path:
        return self.root / self.config["snapshots"]

    @property
    def notebooks_dir(self) -> Path:
        """Where ``databook snapshots`` keeps the reader notebooks that launch buttons open."""
        return self.root / self.config["notebooks"]

    @property
    def build_dir(self) -> Path:
        if self.build is not None:
            return Path(self.build)
        env = os.environ.get(BUILD_ENV)
        return Path(env) if env else self.root / "_build"

    @property
    def cache_dir(self) -> Path:
        return Path(self.cache) if self.cache is not None else self.build_dir / "cache"

    @property
    def stage_dir(self) -> Path:
        return self.build_dir / "stage"

    @property
    def sphinx_dir(self) -> Path:
        return self.build_dir / "sphinx"

    @property
    def html_dir(self) -> Path:
        return self.build_dir / "html"

    @property
    def reports_dir(self) -> Path:
        return self.build_dir / "reports"

    def rel(self, path: Path) -> str:
        """``path`` relative to the root, with forward slashes (for messages and records)."""
        path = Path(path)
        for candidate in (path.absolute(), path.resolve()):
            try:
                return candidate.relative_to(self.root).as_posix()
            except ValueError:
                continue
        return path.as_posix()

    # -- the book's configuration and table of contents
    def book_config(self) -> dict:
        """The Jupyter Book ``_config.yml``."""
        return _yaml_file(self.root / "_config.yml") or {}

    def title(self) -> str:
        """The book's title, from ``_config.yml``."""
        return str(self.book_config().get("title") or self.config.get("name") or "book")

    def toc(self) -> dict:
        return _yaml_file(self.root / "_toc.yml")

    def documents(self) -> list[str]:
        """Every document named in ``_toc.yml`` (root first), without extension."""
        toc = self.toc()
        found = [toc["root"]]

        def walk(node) -> None:
            if isinstance(node, dict):
                if "file" in node:
                    found.append(node["file"])
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for item in node:
                    walk(item)

        walk({k: v for k, v in toc.items() if k != "root"})
        return list(dict.fromkeys(found))

    def source(self, doc: str) -> Path:
        for ext in (".md", ".ipynb"):
            path = self.root / f"{doc}{ext}"
            if path.exists():
                return path
        raise FileNotFoundError(f"_toc.yml names '{doc}' but neither {doc}.md nor {doc}.ipynb exists")

    def chapters(self) -> list[str]:
        """The documents that are executable notebooks (MyST files that declare a kernelspec)."""
        return [d for d in self.documents() if is_notebook(self.source(d))]


_YAML: dict[tuple[str, bytes], object] = {}


def _yaml_file(path: Path):
    """A YAML file, parsed once per content: a build asks for the table of contents and the
    configuration dozens of times. Each caller gets its own copy."""
    data = path.read_bytes()
    key = (str(path), data)
    if key not in _YAML:
        if len(_YAML) > 16:
            _YAML.clear()
        _YAML[key] = yaml.safe_load(data.decode("utf-8"))
    return copy.deepcopy(_YAML[key])


def is_notebook(path: Path) -> bool:
    """Whether ``path`` is a notebook: an ``.ipynb``, or MyST Markdown with a kernelspec header."""
    if path.suffix == ".ipynb":
        return True
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return False
    end = text.find("\n---", 3)
    return end > 0 and "kernelspec" in text[3:end]
