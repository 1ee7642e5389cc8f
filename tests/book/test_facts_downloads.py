"""The downloads page offers every file of the data package and the bibliography."""

from __future__ import annotations

from igfbook.facts import downloads

from tests.book.drift import failed
from tests.helpers import ROOT


def test_every_claim_holds():
    assert failed(downloads.facts()) == set()


def test_a_table_missing_from_the_page_is_caught(monkeypatch):
    links = downloads.offered()
    monkeypatch.setattr(downloads, "offered", lambda: links - {"data/effects.csv"})
    f = downloads.facts()
    assert "every-file-offered" in failed(f)
    assert f.claims["every-file-offered"].against == ("file:data/effects.csv",)


def test_rows_are_counted_from_the_files():
    shown = downloads.tables_table(downloads.load())
    later = shown.set_index("file").loc["data/later.csv", "rows"]
    assert later == len((ROOT / "data" / "later.csv").read_text(encoding="utf-8").strip().splitlines()) - 1


def test_the_stage_carries_the_data_package(tmp_path):
    from databook.project import Project
    from databook.stage import stage

    project = Project(ROOT)
    project.build = tmp_path
    stage(project, {})
    assert (tmp_path / "stage" / "data" / "effects.csv").read_bytes() == (ROOT / "data" / "effects.csv").read_bytes()
