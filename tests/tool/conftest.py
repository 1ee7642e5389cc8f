"""Fixtures of the build tool's tests: a toy book that knows nothing of the real one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.tool.toy import TOY, build, copy_built


@pytest.fixture()
def toy(tmp_path) -> Path:
    """A fresh, unbuilt copy of the toy book."""
    return Path(shutil.copytree(TOY, tmp_path / "toy"))


@pytest.fixture(scope="session")
def built_toy(tmp_path_factory) -> Path:
    root = Path(shutil.copytree(TOY, tmp_path_factory.mktemp("built-toy") / "toy"))
    result = build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture()
def toy_site(tmp_path, built_toy) -> Path:
    """A private copy of the built toy book; building it again finds it up to date."""
    return copy_built(built_toy, tmp_path / "toy")
