"""The staged Sphinx source tree: configuration, TOC, bibliography, data package, pages,
executed chapters and their reader notebooks (:mod:`databook.reader`).

The stage mirrors the project's layout (``_build/stage/book/…``) with every chapter replaced by
its executed notebook and execution switched off in the staged ``_config.yml``. Only files
whose content changed are rewritten, so Sphinx's incremental build re-reads only what changed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from databook.inputs import sha
from databook.notebooks import reads, strip_solutions_text, without_solutions, writes
from databook.project import Project


#: Staged folder of files copied into the site as they are (Sphinx's ``html_extra_path``).
EXTRA = "_extra"
#: The ``{build}`name``` role as it appears in a notebook's JSON text.
BUILD_ROLE = re.compile(r"\{build\}`([^`]*)`")


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly that; True if written."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def staged_config(project: Project) -> dict:
    """The project's ``_config.yml`` as the staged build needs it."""
    config = project.book_config()
    config.setdefault("execute", {})["execute_notebooks"] = "off"
    repo = (config.get("repository") or {}).get("url")
    if repo and not project.student:
        # launch buttons open the reader notebooks that `databook snapshots` keeps in the repository
        # (glued values and citations written in); the student edition offers downloads only,
        # since the notebooks kept there are the main edition's, solutions included
        config["repository"].setdefault("path_to_book", project.config["notebooks"])
        config["repository"].setdefault("branch", "main")
        launch = config.setdefault("launch_buttons", {})
        launch["binderhub_url"] = launch.get("binderhub_url") or "https://mybinder.org"
        launch["colab_url"] = launch.get("colab_url") or "https://colab.research.google.com"
        config.setdefault("html", {})["use_repository_button"] = True
    # slide decks are not pages: their sources stay out of Sphinx, their rendered files are copied
    # into the site as they are (see :mod:`databook.slides`)
    from databook import slides

    if slides.deck_paths(project):
        decks = project.config["slides"]
        config["exclude_patterns"] = [*config.get("exclude_patterns", []), f"{decks}/*", EXTRA, f"{EXTRA}/**"]
        config.setdefault("sphinx", {}).setdefault("config", {})["html_extra_path"] = [EXTRA]
    if project.student:
        config.setdefault("sphinx", {}).setdefault("config", {})["hide_solutions"] = True
        config["title"] = f"{config.get('title', '')} (student edition)"
    return config


def page_folders(project: Project) -> list[Path]:
    """The top-level folders that hold the TOC's documents (e.g. ``book/``)."""
    folders = {Path(doc).parts[0] for doc in project.documents() if len(Path(doc).parts) > 1}
    return [project.root / f for f in sorted(folders)]


def stage(project: Project, notebooks: dict[str, str]) -> str:
    """Write the stage (touching only files whose content changed); returns a digest of the tree.

    ``notebooks`` maps each chapter to its executed notebook (JSON text).
    """
    stage_dir = project.stage_dir
    wanted: dict[Path, str] = {}

    def put(target: Path, data: bytes) -> None:
        write_if_changed(target, data)
        wanted[target] = sha(data)

    put(stage_dir / "_config.yml", yaml.safe_dump(staged_config(project), sort_keys=False,
                                                  allow_unicode=True).encode("utf-8"))
    put(stage_dir / "_toc.yml", (project.root / "_toc.yml").read_bytes())
    # the values the build itself gives the pages (``{build}`` role): rewritten only when one changed,
    # so Sphinx reads again only the pages that show it
    from databook.version import BUILD_VALUES, build_values

    values = build_values(project)
    put(stage_dir / BUILD_VALUES, (json.dumps(values, sort_keys=True, indent=1) + "\n").encode("utf-8"))
    put(stage_dir / project.config["bibliography"], project.bibliography.read_bytes())
    # the data package travels with the pages, so a page can offer its files for download
    for path in sorted(project.data_dir.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            put(stage_dir / path.relative_to(project.root), path.read_bytes())
    chapter_sources = {project.source(d) for d in notebooks}
    for folder in page_folders(project):
        for path in sorted(folder.rglob("*")):
            if path.is_dir() or path in chapter_sources or "/." in path.as_posix():
                continue
            data = path.read_bytes()
            if project.student and path.suffix == ".md":
                data = strip_solutions_text(data.decode("utf-8")).encode("utf-8")
            put(stage_dir / path.relative_to(project.root), data)
    from databook.reader import reader_text

    # reader notebooks are kept by the digest of what they are made from (the executed notebook, the
    # bibliography, every page's title, the build's values the chapter shows), so a no-op build does
    # not convert them all again, nor a data edit those of the chapters it did not change
    memo = project.build_dir / "reader"
    titles = "".join(project.source(d).read_text(encoding="utf-8").split("\n# ", 1)[-1].split("\n", 1)[0]
                     for d in project.documents())
    basis = sha(project.bibliography.read_bytes()) + sha(titles)

    def reader(doc: str, text: str) -> bytes:
        shown = {name: values.get(name) for name in sorted(set(BUILD_ROLE.findall(text)))}
        path = memo / f"{sha(doc + basis + json.dumps(shown) + text)}.ipynb"
        try:
            return path.read_bytes()
        except OSError:
            data = reader_text(project, doc, text, values).encode("utf-8")
            write_if_changed(path, data)
            return data

    from databook import slides

    for rel, data in slides.pages(project, notebooks).items():
        put(stage_dir / EXTRA / rel, data)
    for doc, text in notebooks.items():
        if project.student:
            text = writes(without_solutions(reads(text)))
        put(stage_dir / f"{doc}.ipynb", text.encode("utf-8"))
        # the reader notebook, offered for download: the chapter as plain Jupyter reads it
        put(stage_dir / "notebooks" / f"{doc}.ipynb", reader(doc, text))
    if stage_dir.exists():
        for path in sorted(stage_dir.rglob("*"), reverse=True):
            if path.is_file() and path not in wanted:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return sha("".join(f"{p.relative_to(stage_dir).as_posix()}\0{d}\n" for p, d in sorted(wanted.items())))
