"""The data changelog is read correctly from the version history."""

from __future__ import annotations

import csv
import io
import subprocess

import pytest

from igfbook import history

from helpers import ROOT


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def test_first_commit_of_a_table_adds_all_its_rows():
    log = history.data_history(ROOT)
    assert len(log), "no history of data/ (is this a git checkout?)"
    first = git("log", "--diff-filter=A", "--format=%H", "--", "data/agents.csv").split()[-1]
    rows_then = list(csv.reader(io.StringIO(git("show", f"{first}:data/agents.csv"), newline="")))
    row = log[(log["commit"] == first[:10]) & (log["table"] == "agents")]
    assert len(row) == 1
    assert int(row["added"].iloc[0]) == len(rows_then) - 1          # every data row, not the header
    assert int(row["removed"].iloc[0]) == 0 and int(row["modified"].iloc[0]) == 0


def test_every_commit_that_touched_a_table_is_listed():
    commits = set(c[:10] for c in git("log", "--format=%H", "--", "data/*.csv").split())
    assert set(history.data_history(ROOT)["commit"]) == commits


def test_no_history_outside_git(tmp_path):
    (tmp_path / "data").mkdir()
    assert len(history.data_history(tmp_path)) == 0
