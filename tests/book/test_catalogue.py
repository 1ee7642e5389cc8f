"""Every case of the bad-input catalogue is refused with file, row, column, rule and a useful message."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from databook.build import validate_all
from databook.project import Project
from igfbook.catalogue import ACCEPTED, CASES
from tests.helpers import data_copy, set_cell


def validate(root):
    """What ``make validate`` reports for a project, checked in-process (the same function the
    build and the command line call), with the exit status it would give."""
    lines = validate_all(Project(root))
    return SimpleNamespace(returncode=1 if lines else 0, stderr="\n".join(lines))


def test_catalogue_is_large_and_unique():
    ids = [c.id for c in CASES]
    assert len(ids) >= 20 and len(set(ids)) == len(ids)
    assert all(c.fix and c.hint for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_refused_precisely(case, tmp_path):
    root = data_copy(tmp_path)
    expect = case.apply(root)
    result = validate(root)
    assert result.returncode != 0, f"{case.id} was accepted"
    lines = [line.strip() for line in result.stderr.splitlines()]
    where = expect["file"] + (f", row {expect['row']}" if expect["row"] is not None else "")
    if expect["file"] == "references.bib":
        where = f"references.bib:{expect['row']}"
    if expect.get("column"):
        where += f", column '{expect['column']}'"
    matching = [line for line in lines if line.startswith(where)]
    assert matching, f"no problem reported at {where!r}:\n{result.stderr}"
    if expect["rule"] != "bib":
        matching = [line for line in matching if line.endswith(f"[{expect['rule']}]")]
        assert matching, f"{where} reported, but not under rule {expect['rule']}:\n{result.stderr}"
    assert any(case.hint in line for line in matching), f"message lacks {case.hint!r}:\n{result.stderr}"


def test_all_problems_in_all_files_are_reported_in_one_run(tmp_path):
    root = data_copy(tmp_path)
    set_cell(root / "data" / "agents.csv", "ganitumab", "highest_phase", "IV")
    set_cell(root / "data" / "arms.csv", "sarc-r1507-sarcoma-chmielowski", "orr_pct", "250")
    set_cell(root / "data" / "studies.csv", "sarc-r1507-sarcoma", "phase", "2")
    result = validate(root)
    assert result.returncode != 0
    for file, rule in (("data/agents.csv", "[enum]"), ("data/arms.csv", "[maximum]"), ("data/studies.csv", "[enum]")):
        assert re.search(rf"^{re.escape(file)}: \d+ problems?$", result.stderr, re.M), result.stderr
        assert any(line.strip().startswith(file) and line.endswith(rule) for line in result.stderr.splitlines())


def test_undescribed_csv_file_is_refused(tmp_path):
    root = data_copy(tmp_path)
    (root / "data" / "trials2.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    result = validate(root)
    assert result.returncode != 0
    assert "data/trials2.csv: this CSV file is not described" in result.stderr


def test_broken_descriptor_is_reported_not_raised(tmp_path):
    root = data_copy(tmp_path)
    path = root / "data" / "datapackage.json"
    path.write_text(path.read_text().replace('"resources": [', '"resources": [,', 1))
    result = validate(root)
    assert result.returncode != 0
    assert "data/datapackage.json" in result.stderr and "not valid JSON" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("case", ACCEPTED, ids=[c.id for c in ACCEPTED])
def test_what_a_spreadsheet_writes_is_accepted_as_the_same_content(case, tmp_path):
    from databook import report
    from databook.version import data_version

    root = data_copy(tmp_path)
    before = (report.table_state(root / "data"), data_version(root, record=False))
    case.apply(root)
    result = validate(root)
    assert result.returncode == 0, result.stderr
    assert (report.table_state(root / "data"), data_version(root, record=False)) == before
