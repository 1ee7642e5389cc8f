"""The data changelog is read correctly from the version history (on a throwaway git repository)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from databook import history
from databook.project import Project

from tests.tool.toy import TOY


def git(root, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


@pytest.fixture()
def repo(tmp_path):
    root = shutil.copytree(TOY, tmp_path / "toy")
    git(root, "init", "-q")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "first version of the trials")
    path = root / "data" / "trials.csv"
    path.write_text(path.read_text().replace("t2,Second,all,1,20", "t2,Second,all,2,20") + "t3,Third,all,0,5,x,beta2021,p. 5\n")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "third trial")
    return root


def test_each_commit_lists_rows_added_removed_and_modified(repo):
    log = history.data_history(Project(repo))
    assert list(log["title"]) == ["third trial", "first version of the trials"]
    latest, first = log.iloc[0], log.iloc[1]
    assert (latest["added"], latest["removed"], latest["modified"]) == (1, 0, 1)
    # described from the data: t2's responders changed; t2 and the new t3 both cite beta2021
    assert (latest["columns"], latest["cited"]) == ("responders", "beta2021")
    assert first["cited"] == "alpha2020, beta2021"
    assert (first["added"], first["removed"], first["modified"]) == (2, 0, 0)   # every data row, not the header
    assert set(log["commit"]) == {c[:10] for c in git(repo, "log", "--format=%H").split()}


def test_a_formatting_only_commit_is_no_change_of_the_evidence(repo):
    path = repo / "data" / "trials.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "saved from a spreadsheet")
    assert "saved from a spreadsheet" not in list(history.data_history(Project(repo))["title"])


def test_no_history_outside_git(tmp_path):
    root = shutil.copytree(TOY, tmp_path / "toy")
    assert len(history.data_history(Project(root))) == 0
