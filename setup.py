"""Packaging hook: a wheel of igfbook carries the book's data with it.

Installed from a wheel (``pip install`` of this project, as a reader notebook's first cell does
outside the repository), ``igfbook`` finds no project folder around itself; it then reads the copy
of the book's files that this hook puts inside the package as ``igfbook/_book/``: the data
package, the bibliography, the table of contents, the configuration and the chapters' Markdown
(which the facts read for titles and links). An editable install reads the repository itself.
setuptools cannot list files outside the package directory as package data, hence this hook.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: The project files a running chapter reads, copied into the wheel.
BOOK_FILES = ["pyproject.toml", "_toc.yml", "_config.yml", "references.bib"]
BOOK_FOLDERS = {"data": "*", "book": "*.md"}


class BuildWithBook(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "igfbook" / "_book"
        if target.exists():
            shutil.rmtree(target)
        for name in BOOK_FILES:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
        for folder, pattern in BOOK_FOLDERS.items():
            for path in sorted((ROOT / folder).glob(pattern)):
                if path.is_file():
                    (target / folder).mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, target / folder / path.name)


setup(cmdclass={"build_py": BuildWithBook})
