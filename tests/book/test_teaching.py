"""Teachers' features: the chapter frame, the student edition, and notebooks that run on their own."""

from __future__ import annotations

import concurrent.futures as cf
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest
import yaml

from tests.conftest import ROOT, run_build

PARTS = ("Part I", "Part II", "Part III", "Part IV", "Part V")


def content_chapters() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [c["file"] for part in toc["parts"] if part["caption"].startswith(PARTS) for c in part["chapters"]]


@pytest.mark.parametrize("doc", content_chapters())
def test_chapter_has_the_teaching_frame(doc):
    text = (ROOT / f"{doc}.md").read_text(encoding="utf-8")
    assert ":::{admonition} In this chapter" in text, "learning objectives"
    assert ":::{admonition} Before you start" in text, "prerequisites"
    assert re.search(r"^## Summary", text, re.M), "key points"
    assert text.count("{exercise}") >= 1, "exercises"
    starts, ends = text.count("{solution-start}") + text.count("{solution}"), text.count("{solution-end}")
    assert starts >= text.count("{exercise}"), "every exercise has a solution"
    assert text.count("{solution-start}") == ends, "gated solutions are closed"
    assert ":class: dropdown" in text, "solutions are in dropdowns"
    assert "{term}`" in text, "links to the glossary"


def test_student_edition_has_exercises_but_no_solutions(built_copy, tmp_path):
    root = tmp_path / "book"
    shutil.copytree(built_copy, root, symlinks=True)
    result = run_build(root, "--student")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "executed 0 of" in result.stdout  # reuses the main edition's executed chapters
    teacher, student = root / "_build" / "html", root / "_build" / "student" / "html"
    n_solutions = 0
    for page in sorted(teacher.rglob("book/*.html")):
        full = page.read_text(encoding="utf-8")
        light = (student / page.relative_to(teacher)).read_text(encoding="utf-8")
        n_solutions += full.count('class="solution')
        assert 'class="solution' not in light, page.name
        assert full.count('class="exercise') == light.count('class="exercise'), page.name
    assert n_solutions >= len(content_chapters())  # the check above had solutions to look for
    # the teacher's handout of the guide carries the facilitator's notes, the student's does not
    from pypdf import PdfReader

    from databook import pdf
    from databook.project import Project

    editions = {"teacher": Project(root), "student": Project(root, build=root / "_build" / "student", student=True)}
    text = {}
    for name, project in editions.items():
        [handout] = pdf.print_pages(project, ["book/teaching"], target=tmp_path / name)
        text[name] = " ".join(page.extract_text() for page in PdfReader(handout).pages)
    assert "Facilitator" in text["teacher"] and "Facilitator" not in text["student"]
    assert text["student"].count("Quiz.") == text["teacher"].count("Quiz.") >= 5


def _run(path: str) -> tuple[str, str | None]:
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    with tempfile.TemporaryDirectory() as tmp:  # a clean kernel in an empty folder
        env = {k: v for k, v in os.environ.items() if not k.startswith("DATABOOK_")}
        os.environ.clear()
        os.environ.update(env)
        try:
            NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": tmp}}).execute()
        except Exception as exc:  # report, don't raise across processes
            return path, f"{type(exc).__name__}: {str(exc)[-1500:]}"
    return path, None


def test_downloadable_notebooks_run_top_to_bottom(built_copy):
    notebooks = sorted(str(p) for p in (built_copy / "_build" / "html" / "_sources").rglob("*.ipynb"))
    assert len(notebooks) >= len(content_chapters())
    with cf.ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        failures = {Path(p).name: err for p, err in pool.map(_run, notebooks) if err}
    assert failures == {}
