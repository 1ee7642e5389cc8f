"""Command line: ``python -m databook {build,validate,snapshots,dist,browser,pdf} [--root DIR]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from databook.project import Project, find_root

COMMANDS = {
    "build": ("databook.build", "validate, execute what changed, check the prose, build and publish the site"),
    "validate": (None, "check every table and the bibliography; report every problem"),
    "snapshots": ("databook.snapshots", "copy the executed chapters into the snapshots folder"),
    "dist": ("databook.dist", "archive the published site with a checksum and a manifest"),
    "browser": ("databook.browser", "print the Chromium the browser tests and PDFs will use, or what to install"),
    "pdf": ("databook.pdf", "print every page of the built site to PDF (_build/pdf), for handouts"),
}


def validate(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="databook validate", description=COMMANDS["validate"][1])
    parser.add_argument("--root", type=Path, default=None)
    args = parser.parse_args(argv)
    from databook.build import validate_all

    project = Project(args.root or find_root())
    lines = validate_all(project)
    if lines:
        print("\n".join(lines), file=sys.stderr)
        return 1
    print(f"all tables and {project.rel(project.bibliography)} valid")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS:
        print("usage: python -m databook COMMAND [--help]\n" +
              "\n".join(f"  {name:10} {help}" for name, (_, help) in COMMANDS.items()), file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "validate":
        return validate(rest)
    module = __import__(COMMANDS[command][0], fromlist=["main"])
    return module.main(rest)
