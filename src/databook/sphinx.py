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


def build(project: Project, builder: str = "html", extra: list[str] | None = None,
          log: Path | None = None) -> int:
    """Run Jupyter Book on the stage; returns the exit status. Output goes to ``log`` when given."""
    env = dict(os.environ, PYTHONHASHSEED="0", SOURCE_DATE_EPOCH="0")
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
