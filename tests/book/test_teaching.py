"""Teachers' features: the chapter frame, the student edition, and notebooks that run on their own."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest
import yaml

from tests.conftest import ROOT, run_build, scenario

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


@scenario("built_copy")
def student_edition(folder, built_copy):
    """The built copy with the student edition built beside the main one."""
    root = folder / "book"
    shutil.copytree(built_copy, root, symlinks=True)
    return root, run_build(root, "--student")


def test_student_edition_has_exercises_but_no_solutions(student_edition, tmp_path):
    root, result = student_edition
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


def test_downloadable_notebooks_run_top_to_bottom(built_copy, reader_notebook_runs):
    # The page's download button gives the executed notebook with the book's markup; its code is,
    # cell for cell, the code of the chapter's reader notebook, which a fresh kernel of a fresh
    # environment outside the repository ran top to bottom (test_reader_notebooks): so each of
    # these runs too, and no chapter is executed a third time to show it.
    def code(path: Path) -> list[str]:
        return ["".join(c.source) for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]

    notebooks = {p.stem: p for p in (built_copy / "_build" / "html" / "_sources").rglob("*.ipynb")}
    assert len(notebooks) >= len(content_chapters())
    assert set(notebooks) == set(reader_notebook_runs)
    for name, path in sorted(notebooks.items()):
        reader = next((built_copy / "_build" / "html" / "_downloads").glob(f"*/{name}.ipynb"))
        assert code(path) == code(reader) and code(path), name
        assert reader_notebook_runs[name].returncode == 0, (name, reader_notebook_runs[name].stderr[-1500:])
