"""A table validated once per content: the same bytes are not validated again, the inputs its
validation recorded are recorded again, and an edited file is validated afresh."""

from __future__ import annotations

import shutil

import pytest

from databook import inputs, tableschema
from databook.tableschema import DataError, Package

from tests.tool.toy import TOY


@pytest.fixture()
def toy(tmp_path):
    return shutil.copytree(TOY, tmp_path / "toy")


def test_a_second_load_validates_nothing_and_records_the_same_inputs(toy, monkeypatch):
    inputs.forget()
    first = Package(toy).table("trials", track=False)
    recorded = inputs.recorded()
    calls = []
    monkeypatch.setattr(Package, "validate", lambda self, names=None: calls.append(names) or [])
    inputs.forget()
    again = Package(toy).table("trials", track=False)
    assert calls == [] and again.equals(first)
    assert inputs.recorded() == recorded
    again.loc[0, "name"] = "changed"                       # a copy: the kept table is untouched
    assert Package(toy).table("trials", track=False).loc[0, "name"] == first.loc[0, "name"]


def test_an_edited_file_is_validated_again(toy):
    Package(toy).table("trials")
    path = toy / "data" / "trials.csv"
    path.write_text(path.read_text().replace("t2,Second,all,1,20", "t2,Second,all,one,20"))
    with pytest.raises(DataError, match="whole number"):
        Package(toy).table("trials")
    assert len(tableschema._TYPED) <= 64


def test_a_table_validated_after_another_still_records_the_bibliography(toy):
    # The bibliography's keys are read once per package; a table validated second in the same
    # package used them too, so its kept inputs (replayed on every later load) must name them.
    package = Package(toy)
    package.bib_keys()                       # as the first table's validation does
    inputs.forget()
    package.table("trials", track=False)
    assert any(k.startswith("bibkeys:") for k in inputs.recorded())
    inputs.forget()
    Package(toy).table("trials", track=False)  # replayed from the kept table
    assert any(k.startswith("bibkeys:") for k in inputs.recorded())
