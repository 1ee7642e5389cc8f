"""Command line: ``python -m igfbook {build,validate,snapshots,dist}``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from igfbook import paths


def validate(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="igfbook validate",
                                     description="Check every table and the bibliography; report all problems.")
    parser.add_argument("--root", type=Path, default=None)
    args = parser.parse_args(argv)
    from igfbook.build import validate_all

    lines = validate_all((args.root or paths.root()).resolve())
    if lines:
        print("\n".join(lines), file=sys.stderr)
        return 1
    print("all tables and references.bib valid")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = {"build": "igfbook.build", "validate": None, "snapshots": "igfbook.snapshots", "dist": "igfbook.dist"}
    if not argv or argv[0] not in commands:
        print("usage: python -m igfbook {build,validate,snapshots,dist} [--help]", file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "validate":
        return validate(rest)
    module = __import__(commands[command], fromlist=["main"])
    return module.main(rest)
