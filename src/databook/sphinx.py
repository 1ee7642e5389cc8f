"""Build the staged tree with Jupyter Book, strictly: warnings are errors, nothing executes."""

from __future__ import annotations

import os
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


def build(project: Project, builder: str = "html", extra: list[str] | None = None,
          log: Path | None = None) -> int:
    """Run Jupyter Book on the stage; returns the exit status. Output goes to ``log`` when given."""
    env = dict(os.environ, PYTHONHASHSEED="0", SOURCE_DATE_EPOCH=str(source_date(project)))
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


def environment_broken(log: Path) -> bool:
    """Whether a failed build crashed (a damaged saved environment, say) rather than warned."""
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(marker in text for marker in BROKEN_ENVIRONMENT)


def warnings(log: Path, limit: int = 40) -> str:
    """The warning and error lines of a build log (colour codes removed)."""
    import re

    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    lines = [l for l in text.splitlines() if re.search(r"\b(WARNING|ERROR|CRITICAL|Error|Exception)\b", l)]
    if len(lines) > limit:
        lines = lines[:limit] + [f"… and {len(lines) - limit} more lines"]
    return "\n".join(lines) or text[-3000:]
