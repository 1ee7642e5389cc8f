"""Build a data-backed book: validate, plan, execute, check the prose, stage, build, publish.

Jupyter Book 1 caches executed notebooks by their code cells alone, so after a data edit it
would serve stale pages. This orchestrator executes the chapters itself:

1. **Validate** every table and the bibliography (:mod:`databook.tableschema`,
   :mod:`databook.bibtex`); stop on any problem, naming file, row, column, value and rule.
2. **Plan** (:mod:`databook.plan`): a chapter is reused only if its verified cache entry has the
   same code key and every input it recorded while it ran (:mod:`databook.inputs`) is unchanged.
3. **Execute** the others (:mod:`databook.execute`), in parallel; a failed cell or a failed
   claim (:mod:`databook.facts`) stops the build.
4. **Check the prose** of every chapter against its facts (:mod:`databook.prose`).
5. **Stage** the executed notebooks (:mod:`databook.stage`) and build them strictly with Jupyter
   Book (:mod:`databook.sphinx`), execution off, warnings as errors.
6. **Publish** atomically (:mod:`databook.publish`) with the rebuild report
   (:mod:`databook.report`); a failed build leaves the last good site exactly as it was.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import os
import sys
import time
from pathlib import Path

from databook import cache, inputs, prose, publish, report, sphinx
from databook import notebooks as chapter_files
from databook.execute import execute, failure_summary
from databook.notebooks import merge, read_chapter, reads, writes
from databook.plan import plan
from databook.project import ROOT_ENV, Project, find_root
from databook.stage import stage


def validate_all(project: Project) -> list[str]:
    """Every problem in the data and the bibliography, as printable lines (empty if sound)."""
    from databook import bibtex, tableschema

    lines: list[str] = []
    _db, bib_problems = bibtex.check(project.bibliography, project.rel(project.bibliography))
    if bib_problems:
        lines.append(f"{project.rel(project.bibliography)}: {len(bib_problems)} "
                     f"problem{'s' if len(bib_problems) != 1 else ''}")
        lines.extend(f"  {p}" for p in bib_problems)
    data = project.rel(project.data_dir)
    problems = tableschema.check_descriptor(project.root, data)
    if not any(p.file.endswith("datapackage.json") for p in problems):
        package = tableschema.Package(project.root, data, project.rel(project.bibliography))
        problems += package.validate()
    if problems:
        lines.append(tableschema.report(problems))
    return lines


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def start_kernels(project: Project, kernels: str):
    """The warm fork server (started now, so its imports overlap validation), or None for
    ``kernels="fresh"`` (a new kernel per chapter, the plain Jupyter way)."""
    if kernels == "fresh" or not project.chapters():
        return None
    from databook.execute import kernel_env
    from databook.forkserver import DEFAULT_PRELOAD, ForkServer

    preload = project.config.get("preload") or list(DEFAULT_PRELOAD)
    import tempfile

    return ForkServer(kernel_env(project.root), list(preload), Path(tempfile.mkdtemp(prefix="databook-")))


class Kernels:
    """The fork server, started when the build knows it may need kernels: before validating the
    data (so that its imports overlap the validation), or once the plan has chapters to run. A
    build that changes nothing starts none."""

    def __init__(self, project: Project, kernels: str):
        self.project, self.kernels, self.server, self.started = project, kernels, None, False

    def start(self) -> None:
        if not self.started:
            self.started = True
            self.server = start_kernels(self.project, self.kernels)

    def get(self):
        self.start()
        return self.server

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()


def longest_first(todo: dict[str, str], seconds: dict[str, float]) -> dict[str, str]:
    """``todo`` with the chapters that took longest last time first, so that no long chapter starts
    last while the other workers sit idle; chapters never timed keep their order, after the timed.

    >>> list(longest_first({"a": "", "b": "", "c": ""}, {"b": 3.0, "a": 1.0}))
    ['b', 'a', 'c']
    """
    timed = sorted((d for d in todo if d in seconds), key=lambda d: -seconds[d])
    return {d: todo[d] for d in [*timed, *(d for d in todo if d not in seconds)]}


def run_chapters(project: Project, todo: dict[str, str], lock_digest: str, jobs: int | None,
                 say, server=None, seconds: dict[str, float] | None = None) -> dict[str, dict]:
    """Execute the chapters in ``todo`` (doc -> reason) in parallel worker processes, longest first
    by ``seconds`` (how long each took last time)."""
    todo = longest_first(todo, seconds or {})
    results: dict[str, dict] = {}
    if not todo:
        return results
    if isinstance(server, Kernels):
        server = server.get()
    from databook.execute import import_client, prune_typed

    import_client()   # while the fork server imports; the workers forked below inherit these
    prune_typed(project.root)
    address = server.address if server is not None and server.wait_ready() else None
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    with cf.ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(execute, str(project.root), doc, str(project.source(doc)), lock_digest,
                               600, address): doc
                   for doc in todo}
        width = len(str(len(todo)))
        for future in cf.as_completed(futures):
            res = future.result()
            results[res["doc"]] = res
            state = f"{res['seconds']:.1f}s" if res["ok"] else "FAILED"
            say(f"  [{len(results):>{width}}/{len(todo)}] execute  {res['doc']} ({todo[res['doc']]}) {state}")
    return results


class BuildLock:
    """One build at a time per build directory: a second one waits for the first to finish."""

    def __init__(self, build_dir: Path, say):
        self.path, self.say, self.handle = Path(build_dir) / ".lock", say, None

    def __enter__(self):
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = open(self.path, "w")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.say(f"another build is running in {self.path.parent}; waiting for it to finish")
            fcntl.flock(self.handle, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        import fcntl

        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


def tool_digest() -> str:
    """A digest of this tool's own code (every module of the ``databook`` package)."""
    here = Path(__file__).resolve().parent
    return inputs.sha(b"".join(p.name.encode() + p.read_bytes() for p in sorted(here.glob("*.py"))))


def sphinx_environment_key(project: Project, lock_digest: str) -> str:
    """What Sphinx's saved environment depends on beyond the pages: this tool, the locked libraries
    and the book's configuration (``_config.yml``); when it changes, the environment is rebuilt."""
    config = project.root / "_config.yml"
    return tool_digest() + lock_digest + inputs.sha(config.read_bytes() if config.is_file() else b"")


def build(root: Path, jobs: int | None = None, quiet: bool = False, student: bool = False,
          verbose: bool = False, kernels: str = "fork") -> int:
    """The whole build; returns the exit status (0 = site published or already up to date).

    ``student`` builds the edition without exercise solutions into ``<build dir>/student``,
    reusing the main build's executed chapters.
    """
    project = Project(root)
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, flush=True))
    with BuildLock(project.build_dir, say):
        server = Kernels(project, kernels)
        try:
            status = _build(project, jobs, say, student, verbose, server)
            if status == 0:
                chapter_files.prune_parsed()
            return status
        finally:
            server.stop()


def _build(project: Project, jobs: int | None, say, student: bool, verbose: bool, server=None) -> int:
    started = time.perf_counter()
    root = project.root
    if student:
        project = Project(root, build=project.build_dir / "student", cache=project.cache_dir, student=True)
    os.environ[ROOT_ENV] = str(project.root)
    chapter_files.PARSED_DIR = project.build_dir / "parsed"
    keep = "the published site was not touched"

    # validation is a pure function of the data, the bibliography and this tool: skip it when
    # none of their bytes changed since it last passed
    valid_key = inputs.sha(tool_digest() + "".join(
        f"{path.relative_to(project.root).as_posix()}:{inputs.sha(path.read_bytes())};"
        for path in sorted([*project.data_dir.rglob("*"), project.bibliography]) if path.is_file()))
    valid_stamp = project.build_dir / "validated.key"
    if not (valid_stamp.is_file() and valid_stamp.read_text(encoding="utf-8") == valid_key):
        if server is not None:
            server.start()   # data changed: chapters will most likely run
        problems = validate_all(project)
        if problems:
            print("\n".join(problems), file=sys.stderr)
            print(f"\nBuild stopped: fix the data above; {keep}.", file=sys.stderr)
            return 1
        _write_atomic(valid_stamp, valid_key)
    say("data and bibliography valid")

    state_path = project.build_dir / "data-state.json"
    old_state = _read_json(state_path)
    new_state = report.table_state(project.data_dir)
    lock_digest = inputs.sha(project.lock_file.read_bytes()) if project.lock_file.exists() else ""
    chapters = project.chapters()
    todo = plan(project.root, project.cache_dir, {d: project.source(d) for d in chapters}, lock_digest)
    for notice in todo.notices:
        say(f"  notice   {notice}")
    if verbose:
        for doc in todo.reuse:
            say(f"  reuse    {doc}")
    elif todo.reuse:
        names = ", ".join(d.rsplit("/", 1)[-1] for d in todo.reuse)
        say(f"  reuse    {len(todo.reuse)} chapter{'s' if len(todo.reuse) != 1 else ''} unchanged: {names}")

    # chapters will run, so the site will most likely be rebuilt: Jupyter Book starts importing
    # now, while they run, and waits for the stage
    warm = sphinx.Warm(project) if todo.run else None
    try:
        return _after_plan(project, todo, chapters, lock_digest, jobs, say, server, warm, verbose, started,
                           keep, old_state, new_state, state_path)
    finally:
        if warm is not None:
            warm.stop()


def _after_plan(project, todo, chapters, lock_digest, jobs, say, server, warm, verbose, started, keep,
                old_state, new_state, state_path) -> int:
    results = run_chapters(project, todo.run, lock_digest, jobs, say, server, todo.seconds)
    failed = [r for r in results.values() if not r["ok"]]
    if failed:
        project.reports_dir.mkdir(parents=True, exist_ok=True)
        for res in sorted(failed, key=lambda r: r["doc"]):
            log = project.reports_dir / f"{res['doc'].replace('/', '__')}.log"
            log.write_text(res["error"], encoding="utf-8")
            print(f"\n{res['doc']}: execution stopped (full report: {project.rel(log)})\n"
                  f"{failure_summary(res['error'])}", file=sys.stderr)
        print(f"\nBuild stopped: a chapter failed; {keep}.", file=sys.stderr)
        return 1

    notebook_changes = {}
    for doc, res in results.items():
        previous, _ = cache.load(project.cache_dir, doc)
        if previous is not None:
            prose_cells = [c.source for c in read_chapter(project.source(doc)).cells if c.cell_type == "markdown"]
            notebook_changes[doc] = report.diff_notebooks(json.loads(previous.notebook), json.loads(res["nb"]),
                                                          prose_cells)
        cache.save(project.cache_dir, cache.Entry(doc, res["key"], res["inputs"], res["modules"], res["nb"],
                                                  res["seconds"]))

    # each chapter's prose merged with its outputs and checked; a chapter whose source, outputs and
    # tool are those of the last successful build reuses that result (the staged notebook)
    merged_path = project.build_dir / "merged.json"
    merged_before = {} if project.student else (_read_json(merged_path) or {})
    merged_now: dict[str, list[str]] = {}
    notebooks, text_problems = {}, []
    for doc in chapters:
        entry = todo.entries.get(doc) or cache.load(project.cache_dir, doc)[0]
        key = inputs.sha(inputs.sha(project.source(doc).read_bytes()) + inputs.sha(entry.notebook) + tool_digest())
        staged = project.stage_dir / f"{doc}.ipynb"
        kept = merged_before.get(doc)
        if kept and kept[0] == key and staged.is_file():
            text = staged.read_text(encoding="utf-8")
            if inputs.sha(text) == kept[1]:
                notebooks[doc] = text
                merged_now[doc] = kept
                continue
        nb = merge(read_chapter(project.source(doc)), reads(entry.notebook))
        text_problems += prose.check_notebook(doc, nb)
        notebooks[doc] = writes(nb)
        merged_now[doc] = [key, inputs.sha(notebooks[doc])]
    from databook import slides

    text_problems += slides.problems(project, notebooks)
    if text_problems:
        print("\n".join(str(p) for p in text_problems), file=sys.stderr)
        print(f"\nBuild stopped: {len(text_problems)} problem{'s' if len(text_problems) != 1 else ''} in the "
              f"prose; {keep}.", file=sys.stderr)
        return 1

    # the site also depends on the tool itself (its Sphinx extension, its staging), not only on
    # what it stages: a new version of the tool rebuilds the site
    site_key = inputs.sha(stage(project, notebooks) + lock_digest + tool_digest())
    if not project.student:  # the staged notebooks now hold these checked texts
        _write_atomic(merged_path, json.dumps(merged_now, sort_keys=True))
    stamp = project.build_dir / "published-site.key"
    say(f"executed {len(results)} of {len(chapters)} chapters")
    live = publish.live(project.build_dir)
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == site_key:
        damage = publish.damage(live)
        if not damage:
            say("site up to date: nothing to rebuild")
            return 0
        say(f"  notice   published site damaged ({'; '.join(damage[:3])}{' …' if len(damage) > 3 else ''}); "
            "rebuilding it")

    log = None if verbose else project.reports_dir / "sphinx.log"
    say("building the site")
    import shutil

    tool_key = project.sphinx_dir / "databook-tool.key"
    sphinx_key = sphinx_environment_key(project, lock_digest)
    if project.sphinx_dir.exists() and not (tool_key.is_file() and tool_key.read_text() == sphinx_key):
        # Sphinx re-reads changed pages only; a new tool, new libraries or a new book configuration
        # (an option Sphinx applies when it reads a page, such as the ids of bibliography entries)
        # may change every page
        shutil.rmtree(project.sphinx_dir, ignore_errors=True)
    sphinx_started = time.perf_counter()
    status = sphinx.build(project, log=log, warm=warm)
    if status != 0 and log is not None and sphinx.environment_broken(log):
        say("  notice   Sphinx's saved environment could not be used; building it afresh")
        shutil.rmtree(project.sphinx_dir, ignore_errors=True)
        status = sphinx.build(project, log=log)
    if status == 0:
        _write_atomic(tool_key, sphinx_key)
        if log is not None:
            written = sphinx.pages_written(log)
            say(f"  sphinx   {len(written)} page{'s' if len(written) != 1 else ''} written of "
                f"{len(project.documents())} in {time.perf_counter() - sphinx_started:.1f}s")
    if status != 0:
        if log is not None:
            print(sphinx.warnings(log), file=sys.stderr)
        print(f"\nBuild failed (Sphinx warnings are errors; full log: "
              f"{project.rel(log) if log else 'above'}); {keep}.", file=sys.stderr)
        return status

    table_changes = report.diff_tables(old_state, new_state) if isinstance(old_state, dict) else None
    text = report.report(table_changes, todo.run, todo.reuse, notebook_changes)
    _write_atomic(project.reports_dir / "rebuild-report.md", text)
    sphinx.complete_redirect(sphinx.built_html(project), project.title())
    publish.publish(sphinx.built_html(project), project.build_dir,
                    {"site_key": site_key, "lock": lock_digest}, extra={"rebuild-report.txt": text})
    _write_atomic(state_path, json.dumps(new_state, sort_keys=True))
    _write_atomic(stamp, site_key)
    if isinstance(old_state, dict) and (table_changes or notebook_changes):
        say("\n" + (text.rstrip() if verbose else report.summary(text)))
    say(f"site published: {project.rel(live)}/index.html in {time.perf_counter() - started:.1f}s "
        f"(report: {project.rel(project.reports_dir / 'rebuild-report.md')})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="databook build", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=None, help="project root (default: the folder with _toc.yml)")
    parser.add_argument("--jobs", type=int, default=None, help="parallel kernels (default: one per core)")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="stream Sphinx's own output")
    parser.add_argument("--student", action="store_true", help="build the edition without solutions")
    parser.add_argument("--kernels", choices=["fork", "fresh"], default="fork",
                        help="fork chapters' kernels from a warm process (default) or start each afresh")
    parser.add_argument("--build-dir", type=Path, default=None,
                        help="where to build (default: _build, or $DATABOOK_BUILD_DIR)")
    args = parser.parse_args(argv)
    if args.build_dir:
        os.environ["DATABOOK_BUILD_DIR"] = str(args.build_dir.resolve())
    root = (args.root or find_root()).resolve()
    return build(root, jobs=args.jobs, quiet=args.quiet, student=args.student, verbose=args.verbose,
                 kernels=args.kernels)
