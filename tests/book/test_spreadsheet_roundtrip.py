"""Spreadsheet round trip with real software: every table opened in LibreOffice Calc (headless) and
saved again as CSV, as a maintainer would, is accepted and means exactly what it meant before.

LibreOffice writes the files differently (text quoted, ``true`` as ``TRUE``, ``1.00`` as ``1``):
the bytes change, the typed content of every table must not."""

from __future__ import annotations

import shutil
import subprocess

import pandas as pd

from databook.tableschema import Package

from tests.helpers import ROOT, data_copy


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    assert found, "LibreOffice is needed for this test: make test installs it (make spreadsheet-deps)"
    return found


def resave(folder, out, profile) -> None:
    """Open each CSV in Calc with its default CSV import (comma, double quote, UTF-8) and save it
    as CSV again with the same settings."""
    subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--infilter=CSV:44,34,76,1",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(out),
                    *sorted(str(p) for p in folder.glob("*.csv"))],
                   check=True, capture_output=True, timeout=300)


def test_tables_saved_by_libreoffice_validate_and_keep_their_content(tmp_path):
    root = data_copy(tmp_path / "book")
    out = tmp_path / "saved"
    resave(root / "data", out, tmp_path / "profile")
    names = list(Package(root).resources)
    changed = []
    for name in names:
        path = root / "data" / Package(root).resources[name]["path"]
        saved = out / path.name
        assert saved.is_file(), f"LibreOffice wrote no {path.name}"
        if saved.read_bytes() != path.read_bytes():
            changed.append(name)
        shutil.copy(saved, path)
    assert changed, "LibreOffice wrote every file byte for byte: the test would prove nothing"
    package = Package(root)
    assert package.validate() == []
    original = Package(ROOT)
    for name in names:
        pd.testing.assert_frame_equal(package.table(name, track=False), original.table(name, track=False),
                                      check_dtype=True, obj=f"table {name}")
