"""The citable object: CITATION.cff agrees with the book's configuration and package version."""

from __future__ import annotations

import tomllib

import yaml

from tests.helpers import ROOT


def test_citation_file_names_the_book_as_its_configuration_does():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["cff-version"] == "1.2.0"
    assert cff["title"] == config["title"]
    assert [a["name"] for a in cff["authors"]] == [config["author"]]
    assert cff["version"] == project["version"]
    assert cff["license"] == "MIT" and "MIT" in project["license"]["text"]


def test_the_licence_covers_code_text_and_data():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in text and "CC BY 4.0" in text and "data/" in text and "book/" in text
