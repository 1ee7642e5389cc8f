"""A table validated once per content: the same bytes are not validated again, the inputs its
validation recorded are recorded again, and an edited file is validated afresh; the build's
chapters share what one of them validated through a folder of kept tables."""

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


def test_a_table_one_process_validated_is_read_by_the_next_from_the_kept_folder(toy, tmp_path, monkeypatch):
    from databook.project import TYPED_DIR_ENV

    monkeypatch.setenv(TYPED_DIR_ENV, str(tmp_path / "typed"))
    monkeypatch.setattr(tableschema, "_TYPED", tableschema.OrderedDict())
    inputs.forget()
    first = Package(toy).table("trials", track=False)
    recorded = inputs.recorded()
    assert len(list((tmp_path / "typed").glob("*.pickle"))) == 1
    # another process: nothing kept in memory, and validating would fail the test
    monkeypatch.setattr(tableschema, "_TYPED", tableschema.OrderedDict())
    calls = []
    monkeypatch.setattr(Package, "validate", lambda self, names=None: calls.append(names) or [])
    inputs.forget()
    again = Package(toy).table("trials", track=False)
    assert calls == [] and again.equals(first) and list(again.dtypes) == list(first.dtypes)
    assert inputs.recorded() == recorded
    # an edited file is a new key: validated again, and kept beside the first
    path = toy / "data" / "trials.csv"
    path.write_text(path.read_text().replace("t2,Second,all,1,20", "t2,Second,all,2,20"))
    Package(toy).table("trials", track=False)
    assert calls == [["trials"]] and len(list((tmp_path / "typed").glob("*.pickle"))) == 2


def test_a_damaged_kept_table_is_validated_again(toy, tmp_path, monkeypatch):
    from databook.project import TYPED_DIR_ENV

    monkeypatch.setenv(TYPED_DIR_ENV, str(tmp_path / "typed"))
    monkeypatch.setattr(tableschema, "_TYPED", tableschema.OrderedDict())
    first = Package(toy).table("trials", track=False)
    [kept] = (tmp_path / "typed").glob("*.pickle")
    kept.write_bytes(kept.read_bytes()[:40])          # damaged (a full disk, a copy cut short)
    monkeypatch.setattr(tableschema, "_TYPED", tableschema.OrderedDict())
    assert Package(toy).table("trials", track=False).equals(first)


def test_a_table_read_from_the_kept_folder_imports_what_validating_it_imports(toy, tmp_path):
    # a chapter's recorded inputs name the project's modules it imported (the tool's among them);
    # whether its process validated a table or read it from the folder must not change them
    import os
    import subprocess
    import sys

    from databook.project import TYPED_DIR_ENV
    from tests.tool.toy import SRC

    code = ("import sys; from databook.tableschema import Package;"
            "Package(sys.argv[1]).table('trials', track=False);"
            "print(sorted(m for m in sys.modules if m.startswith('databook.')))")
    env = dict(os.environ, PYTHONPATH=str(SRC), **{TYPED_DIR_ENV: str(tmp_path / "typed")})
    run = lambda: subprocess.run([sys.executable, "-c", code, str(toy)], capture_output=True, text=True,
                                 env=env, timeout=300)
    validated, read = run(), run()
    assert validated.returncode == 0 and read.returncode == 0, validated.stderr + read.stderr
    assert len(list((tmp_path / "typed").glob("*.pickle"))) == 1
    assert "databook.bibtex" in validated.stdout                 # the toy's rows cite its bibliography
    assert read.stdout == validated.stdout
