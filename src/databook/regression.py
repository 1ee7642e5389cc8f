"""Regression check of executed chapters against their committed snapshots, by nbval's rules.

``pytest --nbval`` would execute every snapshot again to get outputs to compare; the build has just
executed every chapter, so this module compares the build's own outputs with the snapshot instead,
cell by cell, with nbval's comparison (``IPyNbCell.compare_outputs``: the same keys skipped, the
same sanitisers applied, the same streams coalesced) and nbval's markers (``# NBVAL_IGNORE_OUTPUT``,
``# NBVAL_SKIP`` and the ``nbval-*`` cell tags). Each chapter is executed once per test run.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

import nbformat
from nbval import plugin


class _Colours:
    OKBLUE = FAIL = ENDC = ""


class _NoAssertRepr:
    """Stands in for pytest's hook: nbval then prints both outputs in full."""

    @staticmethod
    def pytest_assertrepr_compare(**_):
        return []


class _File:
    def __init__(self, patterns):
        self.sanitize_patterns = patterns
        self.skip_compare = ("metadata", "traceback", "prompt_number", "output_type", "name", "execution_count",
                             "application/vnd.jupyter.widget-view+json", "image/png", "image/jpeg")


class _Cell:
    """The part of nbval's cell item that its comparison reads."""

    colors = _Colours()
    ihook = _NoAssertRepr()
    config = None
    compare_outputs = plugin.IPyNbCell.compare_outputs
    format_output_compare = plugin.IPyNbCell.format_output_compare
    sanitize = plugin.IPyNbCell.sanitize

    def __init__(self, patterns):
        self.parent = _File(patterns)
        self.comparison_traceback: list[str] = []


def sanitize_patterns(path: Path | None) -> OrderedDict:
    """The regex → replacement pairs of an nbval sanitiser file (none without one)."""
    patterns: OrderedDict = OrderedDict()
    if path is not None:
        patterns.update(plugin.get_sanitize_patterns(Path(path).read_text(encoding="utf-8")))
    return patterns


def _options(cell) -> dict:
    options = {"check": True, "skip": False}
    for found in (plugin.find_comment_markers(cell.source), plugin.find_metadata_tags(cell.metadata)):
        options.update(dict(found))
    return options


def compare(reference, built, patterns: OrderedDict | None = None) -> list[str]:
    """Differences between a snapshot (``reference``) and a freshly built notebook, one message per
    cell that differs, e.g. ``["cell 4: mismatch 'text/plain' ..."]``; empty when they agree."""
    patterns = patterns if patterns is not None else OrderedDict()
    ref_cells = [c for c in reference.cells if c.cell_type == "code"]
    new_cells = [c for c in built.cells if c.cell_type == "code"]
    if [c.source for c in ref_cells] != [c.source for c in new_cells]:
        return ["the chapter's code differs from its snapshot's: run 'make snapshots' and review the diff"]
    problems = []
    for number, (ref, new) in enumerate(zip(ref_cells, new_cells), start=1):
        options = _options(ref)
        if options.get("skip") or not options.get("check", True) or ref.get("execution_count") is None:
            continue
        item = _Cell(patterns)
        test = plugin.coalesce_streams([nbformat.from_dict(o) for o in new.get("outputs", [])])
        expected = plugin.coalesce_streams([nbformat.from_dict(o) for o in ref.get("outputs", [])])
        if not item.compare_outputs(test, expected):
            problems.append(f"code cell {number}:\n" + "\n".join(item.comparison_traceback))
    return problems
