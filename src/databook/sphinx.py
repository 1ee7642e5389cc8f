"""Build the staged tree with Jupyter Book, strictly: warnings are errors, nothing executes."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

from databook.project import Project

#: Sphinx options for every build: nitpicky, warnings as errors, but report them all.
STRICT = ("-W", "-n", "--keep-going")


def command(project: Project, builder: str = "html", extra: list[str] | None = None) -> list[str]:
    jb = Path(sys.executable).with_name("jupyter-book")
    return [str(jb) if jb.exists() else "jupyter-book", "build", str(project.stage_dir),
            "--path-output", str(project.sphinx_dir), "--builder", builder, *STRICT, *(extra or [])]


def source_date(project: Project) -> int:
    """The date the pages give as "last updated" (and the copyright year), in seconds since 1970:
    the time of the project's latest commit, else the newest modification of its pages, data and
    bibliography. The same sources give the same pages, whenever they are built."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=project.root, capture_output=True,
                             text=True, timeout=30)
        if out.returncode == 0 and out.stdout.strip().isdigit():
            return int(out.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    paths = [project.bibliography, project.root / "_config.yml", project.root / "_toc.yml"]
    from databook.stage import page_folders

    for folder in (project.data_dir, *page_folders(project)):
        paths.extend(p for p in folder.rglob("*") if p.is_file())
    return int(max(p.stat().st_mtime for p in paths if p.exists()))


#: Modules a Jupyter Book 1 build imports (its CLI, Sphinx's HTML builder, the extensions and theme
#: it always loads); a warm process imports these, and the book's own ``extra_extensions``, early.
JB_MODULES = ("jupyter_book.cli.main", "sphinx.application", "sphinx.builders.html", "sphinx.search",
              "myst_nb", "myst_parser", "sphinx_book_theme", "pydata_sphinx_theme", "sphinxcontrib.bibtex",
              "sphinx_design", "sphinx_togglebutton", "sphinx_copybutton", "sphinx_comments",
              "sphinx_external_toc", "sphinx_jupyterbook_latex", "sphinx_multitoc_numbering", "sphinx_thebe")


def _environment(project: Project) -> dict[str, str]:
    return dict(os.environ, PYTHONHASHSEED="0", SOURCE_DATE_EPOCH=str(source_date(project)))


class Warm:
    """A Jupyter Book process started before the stage is ready, so that its few seconds of imports
    overlap the chapters' execution instead of following it. It imports the modules a build
    needs and waits; :func:`build` then hands it the command line, and it runs ``jupyter-book``
    in that same process, exactly as the command would. One use; :meth:`stop` if not needed."""

    def __init__(self, project: Project):
        import yaml

        extensions: list[str] = []
        config = project.root / "_config.yml"
        try:
            extensions = list((yaml.safe_load(config.read_text(encoding="utf-8")) or {})
                              .get("sphinx", {}).get("extra_extensions") or [])
        except (OSError, yaml.YAMLError, AttributeError):
            pass
        self.process = subprocess.Popen(
            [sys.executable, "-m", "databook.sphinx", *JB_MODULES, *[str(e) for e in extensions]],
            cwd=project.root, env=_environment(project), stdin=subprocess.PIPE, text=True)

    def run(self, argv: list[str], log: Path | None) -> int:
        import json

        if log is not None:
            log.parent.mkdir(parents=True, exist_ok=True)
        self.process.stdin.write(json.dumps({"argv": argv, "log": str(log) if log else None}) + "\n")
        self.process.stdin.close()
        return self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def build(project: Project, builder: str = "html", extra: list[str] | None = None,
          log: Path | None = None, warm: Warm | None = None) -> int:
    """Run Jupyter Book on the stage; returns the exit status. Output goes to ``log`` when given.
    With ``warm``, the build runs in that already warm process."""
    if warm is not None and warm.process.poll() is None:
        return warm.run(command(project, builder, extra)[1:], log)
    env = _environment(project)
    if log is None:
        return subprocess.call(command(project, builder, extra), cwd=project.root, env=env)
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w", encoding="utf-8") as out:
        return subprocess.call(command(project, builder, extra), cwd=project.root, env=env,
                               stdout=out, stderr=subprocess.STDOUT)


def built_html(project: Project) -> Path:
    """Where Jupyter Book leaves the HTML it built from the stage."""
    return project.sphinx_dir / "_build" / "html"


BROKEN_ENVIRONMENT = ("Exception occurred", "Traceback (most recent call last)", "pickle", "EOFError")


_ANSI = __import__("re").compile(r"\x1b\[[0-9;]*m")


def pages_written(log: Path) -> list[str]:
    """The pages Sphinx wrote in the build whose log is ``log`` (its "writing output" lines)."""
    import re

    try:
        text = _ANSI.sub("", log.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return []
    return re.findall(r"^writing output\.\.\. \[\s*\d+%\] (\S+)", text, re.M)


def environment_broken(log: Path) -> bool:
    """Whether a failed build crashed (a damaged saved environment, say) rather than warned."""
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(marker in text for marker in BROKEN_ENVIRONMENT)


def warnings(log: Path, limit: int = 40) -> str:
    """The warning and error lines of a build log (colour codes removed)."""
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    lines = [l for l in text.splitlines() if re.search(r"\b(WARNING|ERROR|CRITICAL|Error|Exception)\b", l)]
    if len(lines) > limit:
        lines = lines[:limit] + [f"… and {len(lines) - limit} more lines"]
    return "\n".join(lines) or text[-3000:]


REFRESH = re.compile(r'<meta http-equiv="Refresh" content="0; url=([^"]+)"\s*/?>', re.I)


def complete_redirect(html_dir: Path, title: str) -> bool:
    """Give the site's root ``index.html`` — Jupyter Book writes a bare ``<meta>`` refresh there when
    the first page sits in a folder — a language, a title, the site's icon and a visible link, so
    it is a valid, accessible page and the browser asks for no missing ``/favicon.ico``. True if
    the page was rewritten."""
    index = html_dir / "index.html"
    if not index.is_file():
        return False
    found = REFRESH.fullmatch(index.read_text(encoding="utf-8").strip())
    if not found:
        return False
    target = found.group(1)
    icon = ""
    page = html_dir / target
    if page.is_file():
        link = re.search(r'<link rel="(?:shortcut )?icon" href="([^"]+)"', page.read_text(encoding="utf-8"))
        if link and not re.match(r"[a-z]+:", link.group(1)):
            rebased = (Path(target).parent / link.group(1)).as_posix()
            parts: list[str] = []
            for part in rebased.split("/"):
                if part == ".." and parts:
                    parts.pop()
                elif part not in (".", ""):
                    parts.append(part)
            icon = f'\n<link rel="icon" href="{"/".join(parts)}">'
    safe = html.escape(title)
    index.write_text(f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{safe}</title>{icon}
<meta http-equiv="Refresh" content="0; url={target}">
</head>
<body>
<main><p><a href="{target}">{safe}</a></p></main>
</body>
</html>
""", encoding="utf-8")
    return True


def _serve_once(modules: list[str]) -> int:
    """The warm process: import ``modules`` (any that fail are left to the build to report), then
    run the ``jupyter-book`` command line read from standard input."""
    import importlib
    import json

    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:
            pass
    line = sys.stdin.readline()
    if not line.strip():
        return 0   # not needed after all
    request = json.loads(line)
    if request["log"]:
        out = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(out, 1)
        os.dup2(out, 2)
        os.close(out)
    from jupyter_book.cli.main import main as jupyter_book

    sys.argv = ["jupyter-book", *request["argv"]]
    try:
        jupyter_book(args=sys.argv[1:], prog_name="jupyter-book")
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


def _exit_now(code: int) -> None:
    """End the warm process without unwinding the interpreter. After a build it holds Sphinx's
    whole environment and every imported library; tearing that down object by object takes about
    a second, which the build would spend waiting. Everything it wrote is closed by then (Sphinx
    writes each file in a ``with`` block); only the buffered output and the log are flushed."""
    import logging

    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


if __name__ == "__main__":
    _exit_now(_serve_once(sys.argv[1:]))
