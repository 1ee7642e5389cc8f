"""Build the book: validate the data, execute what changed, build the site strictly, publish atomically.

Jupyter Book 1 caches executed notebooks by their code cells alone, so after a data edit it would
serve stale pages. This module executes the chapters itself instead:

1. **Validate** every table and the bibliography; stop before anything else on any problem.
2. **Plan.** Each chapter's cache entry holds its executed notebook, a key (its code cells, the
   kernel, the lock file) and the inputs the chapter read while it ran — data files, the parts
   of ``datapackage.json`` and ``references.bib`` it used, and the ``igfbook`` modules it
   imported — each with a digest. The loaders record these as they run (:mod:`igfbook.inputs`),
   so nothing has to be declared by hand and nothing can be forgotten. A chapter is reused
   only if its key and every recorded digest still match the files on disk.
3. **Execute** the stale chapters in parallel, one kernel per chapter, failing on any cell error
   (the traceback is kept in ``_build/reports/``).
4. **Stage** a Sphinx source tree of executed notebooks (``_build/stage``) and build it with
   Jupyter Book, execution off, warnings as errors (``-W -n --keep-going``).
5. **Publish**: only a fully successful build replaces ``_build/html``; a failed one leaves the
   last good site exactly as it was.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from igfbook import inputs

NB_FORMAT = 4
PROBE = (
    "import json as _j, sys as _s\n"
    "from igfbook import inputs as _i\n"
    "_m = sorted(m.__file__ for n, m in list(_s.modules.items())\n"
    "            if (n == 'igfbook' or n.startswith('igfbook.')) and getattr(m, '__file__', None))\n"
    "print(_j.dumps({'inputs': _i.recorded(), 'modules': _m}))\n"
)


# --------------------------------------------------------------------------- the book's shape


@dataclass
class Project:
    root: Path
    build: Path | None = None  # default: root/_build, or $IGFBOOK_BUILD_DIR
    cache: Path | None = None  # default: <build dir>/cache (the student edition shares the main one)
    student: bool = False      # build without exercise solutions

    @property
    def build_dir(self) -> Path:
        if self.build is not None:
            return Path(self.build)
        env = os.environ.get("IGFBOOK_BUILD_DIR")
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

    def toc(self) -> dict:
        return yaml.safe_load((self.root / "_toc.yml").read_text(encoding="utf-8"))

    def documents(self) -> list[str]:
        """Every document named in ``_toc.yml`` (root first), without extension."""
        toc = self.toc()
        found = [toc["root"]]

        def walk(node):
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
        """The documents that are executable MyST notebooks (they declare a kernelspec)."""
        return [d for d in self.documents() if is_notebook(self.source(d))]


def is_notebook(path: Path) -> bool:
    if path.suffix == ".ipynb":
        return True
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return False
    end = text.find("\n---", 3)
    return end > 0 and "kernelspec" in text[3:end]


def read_chapter(path: Path):
    """The chapter as an (unexecuted) nbformat notebook."""
    import jupytext

    nb = jupytext.read(path, fmt="md:myst") if path.suffix == ".md" else jupytext.read(path)
    nb.metadata.pop("jupytext", None)
    for index, cell in enumerate(nb.cells):  # jupytext draws random ids; builds must be repeatable
        cell.id = f"cell-{index:03d}"
    return nb


def code_key(nb, lock_digest: str) -> str:
    cells = [c.source for c in nb.cells if c.cell_type == "code"]
    kernel = nb.metadata.get("kernelspec", {}).get("name", "python3")
    return inputs.sha(json.dumps({"cells": cells, "kernel": kernel, "lock": lock_digest}))


# --------------------------------------------------------------------------- the cache


@dataclass
class Entry:
    """What the cache knows of one executed chapter."""

    doc: str
    key: str
    inputs: dict[str, str]
    modules: list[str]
    seconds: float = 0.0

    @classmethod
    def load(cls, path: Path) -> "Entry | None":
        try:
            return cls(**json.loads(path.read_text(encoding="utf-8")))
        except (FileNotFoundError, ValueError, TypeError):
            return None

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.__dict__, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    def stale_inputs(self, root: Path) -> list[str]:
        """Recorded inputs whose digest on disk differs from the recorded one."""
        return sorted(k for k, v in self.inputs.items() if inputs.digest(k, root) != v)


def _cache_paths(project: Project, doc: str) -> tuple[Path, Path]:
    base = project.cache_dir / doc
    return base.with_suffix(".json"), base.with_suffix(".ipynb")


@dataclass
class Plan:
    run: dict[str, str] = field(default_factory=dict)      # doc -> reason
    reuse: list[str] = field(default_factory=list)


def plan(project: Project, docs: list[str], lock_digest: str) -> Plan:
    """Which chapters must execute, and why; the rest reuse their cached outputs."""
    result = Plan()
    for doc in docs:
        meta, nb_path = _cache_paths(project, doc)
        entry = Entry.load(meta)
        nb = read_chapter(project.source(doc))
        if entry is None or not nb_path.exists():
            result.run[doc] = "not executed before"
        elif entry.key != code_key(nb, lock_digest):
            result.run[doc] = "code changed"
        elif stale := entry.stale_inputs(project.root):
            result.run[doc] = "inputs changed: " + ", ".join(stale)
        else:
            result.reuse.append(doc)
    return result


# --------------------------------------------------------------------------- execution


def _kernel_env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["IGFBOOK_ROOT"] = str(root)
    env["PYTHONPATH"] = os.pathsep.join(p for p in [str(root / "src"), env.get("PYTHONPATH", "")] if p)
    env["PYTHONHASHSEED"] = "0"
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    env.pop("IGFBOOK_INPUT_LOG", None)
    return env


def execute(root: str, doc: str, source: str, lock_digest: str, timeout: int = 600) -> dict:
    """Execute one chapter in a fresh kernel (runs in a worker process)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    rootp = Path(root)
    os.environ.clear()
    os.environ.update(_kernel_env(rootp))
    nb = read_chapter(Path(source))
    key = code_key(nb, lock_digest)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    import tempfile

    from jupyter_client.manager import KernelManager

    runtime = tempfile.mkdtemp(prefix="igfbook-kernel-")
    # IPC sockets in a private folder: no TCP ports, no warning about unencrypted TCP.
    km = KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(runtime, "kernel"))
    client = NotebookClient(nb, km=km, timeout=timeout, kernel_name="python3", allow_errors=False,
                            record_timing=False, resources={"metadata": {"path": str(Path(source).parent)}})
    started = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as exc:
        nb.cells.pop()
        plain = re.sub(r"\x1b\[[0-9;]*m", "", str(exc))  # tracebacks come coloured for terminals
        return {"doc": doc, "ok": False, "error": plain, "nb": nbformat.writes(nb)}
    except Exception as exc:  # kernel died, timeout …
        nb.cells.pop()
        return {"doc": doc, "ok": False, "error": f"{type(exc).__name__}: {exc}", "nb": nbformat.writes(nb)}
    finally:
        if km.has_kernel:
            km.shutdown_kernel(now=False)
        shutil.rmtree(runtime, ignore_errors=True)
    seconds = time.perf_counter() - started
    probe = nb.cells.pop()
    text = "".join(o.get("text", "") for o in probe.outputs if o.get("output_type") == "stream")
    found = json.loads(text.strip().splitlines()[-1])
    modules = []
    recorded = dict(found["inputs"])
    for module in found["modules"]:
        path = Path(module).resolve()
        try:
            rel = path.relative_to(rootp).as_posix()
        except ValueError:
            continue  # a package outside the project: covered by the lock file
        modules.append(rel)
        recorded[rel] = inputs.digest(rel, rootp) or ""
    clean(nb)
    return {"doc": doc, "ok": True, "key": key, "inputs": recorded, "modules": sorted(modules),
            "seconds": round(seconds, 2), "nb": nbformat.writes(nb)}


def clean(nb) -> None:
    """Drop what differs between two runs of the same inputs (execution metadata, widget state)."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                out.get("metadata", {}).pop("execution", None)


def merge(fresh, executed):
    """The fresh notebook (current prose) with the outputs of an execution of the same code."""
    code = [c for c in executed.cells if c.cell_type == "code"]
    mine = [c for c in fresh.cells if c.cell_type == "code"]
    for new, old in zip(mine, code):
        new.outputs = old.outputs
        new.execution_count = old.execution_count
    fresh.metadata["language_info"] = executed.metadata.get("language_info", {})
    return fresh


# --------------------------------------------------------------------------- staging and Sphinx


SOLUTION_START = re.compile(r"^(`{3,}|:{3,})\{solution-start\}.*?^\1[ \t]*$", re.M | re.S)
SOLUTION_END = re.compile(r"^(`{3,}|:{3,})\{solution-end\}.*?^\1[ \t]*$", re.M | re.S)


def without_solutions(nb):
    """The notebook with every gated solution (from ``{solution-start}`` to ``{solution-end}``,
    code cells included) removed, for the student edition. sphinx-exercise's own
    ``hide_solutions`` handles single ``{solution}`` directives but not gated ones."""
    cells, inside = [], False
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            if not inside:
                cells.append(cell)
            continue
        text, kept, pos = cell.source, [], 0
        while True:
            if inside:
                end = SOLUTION_END.search(text, pos)
                if not end:
                    break
                pos, inside = end.end(), False
            else:
                start = SOLUTION_START.search(text, pos)
                if not start:
                    kept.append(text[pos:])
                    break
                kept.append(text[pos:start.start()])
                pos, inside = start.end(), True
        cell.source = "".join(kept).strip("\n")
        if cell.source.strip():
            cells.append(cell)
    nb.cells = cells
    return nb


def strip_solutions_text(text: str) -> str:
    """A Markdown page with every gated solution removed (student edition)."""
    while (start := SOLUTION_START.search(text)) and (end := SOLUTION_END.search(text, start.end())):
        text = text[:start.start()] + text[end.end():]
    return text


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def stage(project: Project, notebooks: dict[str, str]) -> str:
    """Write the Sphinx source tree (config, toc, bibliography, pages, executed chapters), touching
    only files whose content changed; returns a digest of the whole tree."""
    import nbformat

    stage_dir = project.stage_dir
    wanted: set[Path] = set()
    config = yaml.safe_load((project.root / "_config.yml").read_text(encoding="utf-8"))
    config.setdefault("execute", {})["execute_notebooks"] = "off"
    repo = (config.get("repository") or {}).get("url")
    if repo:  # launch buttons open the generated chapter notebooks committed under tests/snapshots
        config["repository"].setdefault("path_to_book", "tests/snapshots")
        config["repository"].setdefault("branch", "main")
        launch = config.setdefault("launch_buttons", {})
        launch["binderhub_url"] = launch.get("binderhub_url") or "https://mybinder.org"
        launch["colab_url"] = launch.get("colab_url") or "https://colab.research.google.com"
        config.setdefault("html", {})["use_repository_button"] = True
    if project.student:
        config.setdefault("sphinx", {}).setdefault("config", {})["hide_solutions"] = True
        config["title"] = f"{config.get('title', '')} (student edition)"
    files = {
        "_config.yml": yaml.safe_dump(config, sort_keys=False, allow_unicode=True).encode("utf-8"),
        "_toc.yml": (project.root / "_toc.yml").read_bytes(),
        "references.bib": (project.root / "references.bib").read_bytes(),
    }
    for name, data in files.items():
        _write_if_changed(stage_dir / name, data)
        wanted.add(stage_dir / name)
    chapter_sources = {project.source(d) for d in notebooks}
    for path in sorted((project.root / "book").rglob("*")):
        if path.is_dir() or path in chapter_sources or "/." in path.as_posix():
            continue
        target = stage_dir / path.relative_to(project.root)
        data = path.read_bytes()
        if project.student and path.suffix == ".md":
            data = strip_solutions_text(data.decode("utf-8")).encode("utf-8")
        _write_if_changed(target, data)
        wanted.add(target)
    for doc, text in notebooks.items():
        target = stage_dir / f"{doc}.ipynb"
        nb = nbformat.reads(text, as_version=NB_FORMAT)
        if project.student:
            nb = without_solutions(nb)
        _write_if_changed(target, (nbformat.writes(nb) + "\n").encode("utf-8"))
        wanted.add(target)
    for path in sorted(stage_dir.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    digest = inputs.sha("".join(f"{p.relative_to(stage_dir).as_posix()}\0{inputs.sha(p.read_bytes())}\n"
                                for p in sorted(wanted)))
    return digest


def sphinx(project: Project, builder: str = "html", extra: list[str] | None = None) -> int:
    """Jupyter Book on the staged tree, strict; returns the exit status."""
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb) if jb.exists() else "jupyter-book", "build", str(project.stage_dir),
           "--path-output", str(project.sphinx_dir), "--builder", builder,
           "-W", "-n", "--keep-going", *(extra or [])]
    env = dict(os.environ, PYTHONHASHSEED="0", SOURCE_DATE_EPOCH="0")
    return subprocess.call(cmd, cwd=project.root, env=env)


def publish(project: Project, extra: dict[str, str] | None = None) -> None:
    """Replace ``_build/html`` with the new site in one rename (old site kept until then).

    ``extra`` maps file names to text written into the new site before it goes live.
    """
    built = project.sphinx_dir / "_build" / "html"
    incoming = project.build_dir / "html.new"
    outgoing = project.build_dir / "html.old"
    for tmp in (incoming, outgoing):
        shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(built, incoming)
    for name, text in (extra or {}).items():
        (incoming / name).write_text(text, encoding="utf-8")
    if project.html_dir.exists():
        project.html_dir.rename(outgoing)
    incoming.rename(project.html_dir)
    shutil.rmtree(outgoing, ignore_errors=True)


# --------------------------------------------------------------------------- the command


def validate_all(root: Path) -> list[str]:
    """Every problem in the data and the bibliography, as printable lines (empty if sound)."""
    from igfbook import refs, tableschema

    lines: list[str] = []
    _db, bib_problems = refs.check(root / "references.bib")
    if bib_problems:
        lines.append(f"references.bib: {len(bib_problems)} problem{'s' if len(bib_problems) != 1 else ''}")
        lines.extend(f"  {p}" for p in bib_problems)
    problems = tableschema.check_descriptor(root)
    if not any(p.file == "data/datapackage.json" for p in problems):
        problems += tableschema.Package(root).validate()
    if problems:
        lines.append(tableschema.report(problems))
    return lines


def build(root: Path, jobs: int | None = None, quiet: bool = False, student: bool = False) -> int:
    """The whole build; returns the exit status (0 = site published).

    ``student`` builds the edition without exercise solutions into ``<build dir>/student``,
    reusing the main build's executed chapters.
    """
    import nbformat

    project = Project(root)
    if student:
        main_cache = project.cache_dir
        project = Project(root, build=project.build_dir / "student", cache=main_cache, student=True)
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, flush=True))
    os.environ["IGFBOOK_ROOT"] = str(root)

    problems = validate_all(root)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print("\nBuild stopped: fix the data above; _build/html was not touched.", file=sys.stderr)
        return 1
    say("data and bibliography valid")

    from igfbook import changes

    state_path = project.build_dir / "data-state.json"
    try:
        old_state = json.loads(state_path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        old_state = None
    new_state = changes.table_state(root)

    lock_digest = inputs.sha((root / "requirements.lock").read_bytes())
    chapters = project.chapters()
    todo = plan(project, chapters, lock_digest)
    for doc in todo.reuse:
        say(f"  reuse    {doc}")
    results: dict[str, dict] = {}
    if todo.run:
        workers = max(1, min(jobs or os.cpu_count() or 1, len(todo.run)))
        with cf.ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(execute, str(root), doc, str(project.source(doc)), lock_digest): doc
                       for doc in todo.run}
            for future in cf.as_completed(futures):
                res = future.result()
                results[res["doc"]] = res
                state = f"{res['seconds']:.1f}s" if res["ok"] else "FAILED"
                say(f"  execute  {res['doc']} ({todo.run[res['doc']]}) {state}")
    failed = [r for r in results.values() if not r["ok"]]
    if failed:
        project.reports_dir.mkdir(parents=True, exist_ok=True)
        for res in failed:
            report = project.reports_dir / f"{res['doc'].replace('/', '__')}.log"
            report.write_text(res["error"], encoding="utf-8")
            print(f"\n{res['doc']}: a cell failed (full report: {report})\n{res['error'][-3000:]}",
                  file=sys.stderr)
        print("\nBuild stopped: a chapter failed to execute; _build/html was not touched.", file=sys.stderr)
        return 1
    notebook_changes = {}
    for doc, res in results.items():
        meta, nb_path = _cache_paths(project, doc)
        if nb_path.exists():
            notebook_changes[doc] = changes.diff_notebooks(json.loads(nb_path.read_text(encoding="utf-8")),
                                                           json.loads(res["nb"]))
        nb_path.parent.mkdir(parents=True, exist_ok=True)
        nb_path.write_text(res["nb"], encoding="utf-8")
        Entry(doc, res["key"], res["inputs"], res["modules"], res["seconds"]).save(meta)

    notebooks = {}
    for doc in chapters:
        _meta, nb_path = _cache_paths(project, doc)
        executed = nbformat.read(nb_path, as_version=NB_FORMAT)
        notebooks[doc] = nbformat.writes(merge(read_chapter(project.source(doc)), executed))
    site_key = inputs.sha(stage(project, notebooks) + lock_digest)
    stamp = project.build_dir / "published-site.key"
    say(f"executed {len(results)} of {len(chapters)} chapters; building the site")
    if (project.html_dir / "index.html").exists() and stamp.exists() and stamp.read_text() == site_key:
        say("site up to date: nothing to rebuild")
        return 0
    status = sphinx(project)
    if status != 0:
        print("\nBuild failed (Sphinx warnings are errors); _build/html was not touched.", file=sys.stderr)
        return status
    table_changes = changes.diff_tables(old_state, new_state) if old_state is not None else []
    text = changes.report(table_changes, todo.run, todo.reuse, notebook_changes)
    project.reports_dir.mkdir(parents=True, exist_ok=True)
    (project.reports_dir / "rebuild-report.md").write_text(text, encoding="utf-8")
    publish(project, extra={"rebuild-report.txt": text})
    state_path.parent.mkdir(parents=True, exist_ok=True)
    state_path.write_text(json.dumps(new_state, sort_keys=True), encoding="utf-8")
    stamp.write_text(site_key, encoding="utf-8")
    if old_state is not None and (table_changes or notebook_changes):
        say("\n" + text.rstrip())
    say(f"site published: {os.path.relpath(project.html_dir, root)}/index.html "
        f"(report: {os.path.relpath(project.reports_dir / 'rebuild-report.md', root)})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="igfbook build", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=None, help="project root (default: this project)")
    parser.add_argument("--jobs", type=int, default=None, help="parallel kernels (default: one per core)")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--student", action="store_true", help="build the edition without solutions")
    parser.add_argument("--build-dir", type=Path, default=None,
                        help="where to build (default: _build, or $IGFBOOK_BUILD_DIR)")
    args = parser.parse_args(argv)
    if args.build_dir:
        os.environ["IGFBOOK_BUILD_DIR"] = str(args.build_dir.resolve())
    from igfbook import paths

    root = (args.root or paths.root()).resolve()
    return build(root, jobs=args.jobs, quiet=args.quiet, student=args.student)
