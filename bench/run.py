"""Benchmark the build on throwaway copies of the project and print every ratio with its target.

    make bench          # or: .venv/bin/python bench/run.py [--quick]

Each scenario runs ``python -m databook build`` as a maintainer would, on a copy of the project in a
temporary folder (the project itself is never touched). Times are wall-clock seconds of one run on
the machine at hand; the ratios are what the targets are about, because they hold across machines.

Scenarios (targets for a 2-core machine):

1. cold build, kernels forked from one warm process (the default) against the same build starting a
   fresh kernel per chapter (``--kernels fresh``): ratio <= 0.50;
2. no-op rebuild: <= 0.05 x cold and <= 1 s;
3. one free-text cell of ``data/studies.csv`` edited: <= 0.25 x cold; the chapters that re-run
   are those that read that column, and Sphinx rewrites only the pages whose outputs changed
   (early cut-off), and those that show the data version (a value of the build, not of a chapter);
4. the same table saved with a byte-order mark and CRLF line endings (Excel's "CSV UTF-8"):
   nothing re-runs and the data version is unchanged;
5. scale: every table 100 times larger (validation < 1 s), and a book with three times as many
   chapters (generated copies) where a one-cell edit still costs <= 0.25 x its own cold build.

The README's speed table is this script's output (``--markdown`` prints it as a table).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP = {".git", ".venv", "_build", ".pytest_cache", "__pycache__", "node_modules", ".hypothesis"}


def copy_project(target: Path) -> Path:
    shutil.copytree(ROOT, target, ignore=lambda d, names: [n for n in names if n in SKIP or n.endswith(".egg-info")])
    return target


def build(root: Path, *args: str) -> tuple[float, str]:
    env = dict(os.environ, PYTHONPATH=str(root / "src"))
    env.pop("DATABOOK_ROOT", None)
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "databook", "build", "--root", str(root), *args],
                         capture_output=True, text=True, env=env, cwd=root)
    seconds = time.perf_counter() - start
    if out.returncode:
        raise SystemExit(f"build of {root} failed:\n{out.stdout[-3000:]}\n{out.stderr[-4000:]}")
    return seconds, out.stdout


def executed(stdout: str) -> list[str]:
    # "  [ 3/26] execute  book/x (...)": the document follows the word execute
    found = []
    for line in stdout.splitlines():
        words = line.split()
        if "execute" in words[:3] and words.index("execute") + 1 < len(words):
            found.append(words[words.index("execute") + 1])
    return found


def site_digests(root: Path) -> dict[str, str]:
    html = root / "_build" / "html"
    return {p.relative_to(html).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in html.rglob("*.html")}


def notebook_digests(root: Path) -> dict[str, str]:
    out = {}
    for path in (root / "_build" / "cache").rglob("*.json"):
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        if "notebook" in entry:
            out[entry["doc"]] = hashlib.sha256(entry["notebook"].encode()).hexdigest()
    return out


def edit_cell(path: Path, column: str, row: int = 1) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    col = rows[0].index(column)
    rows[row][col] = rows[row][col] + " (edited)"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def data_version(root: Path) -> str:
    code = "from databook.version import data_version; print(data_version(%r, record=False))" % str(root)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(root / "src")), check=True).stdout.strip()


def validation_seconds(root: Path) -> tuple[float, int, list[str]]:
    # pandas and pybtex are imported first: their import is a fixed cost, not one that grows with data
    code = ("import time,sys; from databook.project import Project; from databook.build import validate_all;"
            "import databook.tableschema, databook.bibtex;"
            "p=Project(sys.argv[1]); t=time.perf_counter(); lines=validate_all(p);"
            "print(time.perf_counter()-t); print(len(lines)); print('\\n'.join(lines[:5]))")
    out = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=str(root / "src")), check=True).stdout.splitlines()
    return float(out[0]), int(out[1]), out[2:]


def enlarge_tables(root: Path, factor: int = 100) -> int:
    """Every table ``factor`` times longer: copies of each row with new keys (rows other tables point
    at are kept once, so every reference still resolves). Returns the number of rows."""
    descriptor = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    total = 0
    for res in descriptor["resources"]:
        path = root / "data" / res["path"]
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        header, body = rows[0], rows[1:]
        if res["name"] in {"agents", "sources", "studies", "conflicts", "later"}:  # other tables point at their keys
            total += len(body)
            continue
        key = header.index(res["schema"]["primaryKey"][0])
        bigger = [header] + [list(r) for r in body]
        for copy in range(1, factor):
            for r in body:
                r = list(r)
                r[key] = f"{r[key]}-x{copy}"
                if res["name"] == "arms":  # one used row per arm name and study
                    r[header.index("arm")] += f" (copy {copy})"
                if res["name"] == "effects":  # one used row per comparison, endpoint and population
                    r[header.index("population")] += f" (copy {copy})"
                bigger.append(r)
        total += len(bigger) - 1
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(bigger)
        path.write_text(out.getvalue(), encoding="utf-8")
    return total


def triple_chapters(root: Path, copies: int = 2) -> int:
    """Add ``copies`` generated copies of every executed chapter to the table of contents (labels
    renamed so that the strict build accepts them). Returns the number of chapters."""
    import yaml

    toc_path = root / "_toc.yml"
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    sys.path.insert(0, str(root / "src"))
    from databook.project import Project

    chapters = Project(root).chapters()
    added = []
    for n in range(1, copies + 1):
        for doc in chapters:
            source = (root / f"{doc}.md").read_text(encoding="utf-8")
            labels = (set(re.findall(r"^:(?:label|name): (\S+)", source, re.M))
                      | set(re.findall(r"^\((\S+)\)=$", source, re.M)))
            for label in sorted(labels, key=len, reverse=True):
                source = re.sub(rf"(?<![\w-]){re.escape(label)}(?![\w-])", f"{label}-copy{n}", source)
            source = re.sub(r"^# (.+)$", rf"# \1 (copy {n})", source, count=1, flags=re.M)
            (root / f"{doc}-copy{n}.md").write_text(source, encoding="utf-8")
            added.append({"file": f"{doc}-copy{n}"})
    toc.setdefault("parts", []).append({"caption": "Generated copies (benchmark)", "chapters": added})
    # the downloads page lists every chapter's reader notebook (a claim checks it): list the copies too
    downloads = root / "book" / "downloads.md"
    if downloads.is_file():
        links = "".join(f"- {{download}}`{Path(a['file']).name}.ipynb <../notebooks/{a['file']}.ipynb>`\n" for a in added)
        downloads.write_text(downloads.read_text(encoding="utf-8") + "\n" + links, encoding="utf-8")
    toc_path.write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    return len(chapters) * (copies + 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="leave out the fresh-kernel build and the 3x book")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown (for the README)")
    args = parser.parse_args()
    rows: list[tuple[str, str, str, bool | None]] = []  # what, measured, target, met

    with tempfile.TemporaryDirectory(prefix="databook-bench-") as tmp:
        tmp = Path(tmp)
        root = copy_project(tmp / "book")
        cold, out = build(root)
        n = len(executed(out))
        rows.append((f"cold build, {n} chapters (kernels forked from a warm process)", f"{cold:.1f} s", "", None))
        if not args.quick:
            fresh_root = copy_project(tmp / "fresh")
            fresh, _ = build(fresh_root, "--kernels", "fresh")
            same = notebook_digests(fresh_root) == notebook_digests(root)
            rows.append(("cold build with a fresh kernel per chapter", f"{fresh:.1f} s", "", None))
            rows.append(("cold ÷ fresh-kernel cold", f"{cold / fresh:.2f}", "≤ 0.50", cold / fresh <= 0.5))
            rows.append(("executed notebooks identical in both modes", "yes" if same else "NO", "yes", same))
            shutil.rmtree(fresh_root)

        noop, _ = build(root)
        rows.append(("no-op rebuild", f"{noop:.2f} s = {noop / cold:.3f} × cold", "≤ 0.05 × cold and ≤ 1 s",
                     noop / cold <= 0.05 and noop <= 1.0))

        before_nb, before_pages = notebook_digests(root), site_digests(root)
        before_version = data_version(root)
        edit_cell(root / "data" / "studies.csv", "notes")
        edit, out = build(root)
        ran = executed(out)
        changed_nb = [d for d, h in notebook_digests(root).items() if before_nb.get(d) != h]
        after_pages = site_digests(root)
        rewritten = sorted(p for p, h in after_pages.items() if before_pages.get(p) != h)
        sys.path.insert(0, str(root / "src"))
        from databook.project import Project

        chapter_pages = [p for p in rewritten if p.removesuffix(".html") in Project(root).chapters()]
        rows.append((f"free-text cell of studies.csv edited: {len(ran)} of {n} chapters re-run",
                     f"{edit:.1f} s = {edit / cold:.2f} × cold", "≤ 0.25 × cold", edit / cold <= 0.25))
        # a page that shows the data version (the build's {build} role) is rewritten when it changes,
        # without its chapter running: its outputs are the same
        shows_version = {d for d in Project(root).chapters()
                         if "{build}`data_version`" in (root / f"{d}.md").read_text(encoding="utf-8")}
        moved = shows_version if data_version(root) != before_version else set()
        extra = sorted(set(p.removesuffix(".html") for p in chapter_pages) - set(changed_nb) - moved)
        cut_off = not extra
        rows.append((f"early cut-off: {len(changed_nb)} chapter outputs changed, {len(chapter_pages)} chapter "
                     f"pages rewritten ({len(set(p.removesuffix('.html') for p in chapter_pages) & moved)} "
                     "for the new data version)", "yes" if cut_off else f"NO ({', '.join(extra)})",
                     "only pages whose outputs or data version changed", cut_off))

        version = data_version(root)
        path = root / "data" / "agents.csv"
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
        fmt, out = build(root)
        still = data_version(root) == version
        rows.append(("agents.csv saved with BOM and CRLF: chapters re-run", str(len(executed(out))), "0",
                     not executed(out)))
        rows.append(("… and the data version", "unchanged" if still else "CHANGED", "unchanged", still))

        big = copy_project(tmp / "big")
        n_rows = enlarge_tables(big)
        seconds, problems, first = validation_seconds(big)
        ok = problems == 0 and seconds < 1.0
        rows.append((f"validate every table ×100 ({n_rows} rows)", f"{seconds:.2f} s"
                     + (f" ({problems} problems: {first[:1]})" if problems else ""), "< 1 s, no problem", ok))
        shutil.rmtree(big)

        if not args.quick:
            triple = copy_project(tmp / "triple")
            n3 = triple_chapters(triple)
            cold3, _ = build(triple)
            edit_cell(triple / "data" / "studies.csv", "notes")
            edit3, out3 = build(triple)
            rows.append((f"book with 3× the chapters ({n3}): cold", f"{cold3:.1f} s", "", None))
            rows.append((f"… one free-text cell edited: {len(executed(out3))} re-run",
                         f"{edit3:.1f} s = {edit3 / cold3:.2f} × its cold", "≤ 0.25 × cold", edit3 / cold3 <= 0.25))

    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    if args.markdown:
        print(f"Measured by `make bench` on {machine}.\n")
        print("| scenario | measured | target | met |\n|---|---|---|---|")
        for what, value, target, met in rows:
            print(f"| {what} | {value} | {target} | {'' if met is None else ('yes' if met else '**no**')} |")
    else:
        print(f"databook build benchmark ({machine})")
        width = max(len(r[0]) for r in rows)
        for what, value, target, met in rows:
            mark = "" if met is None else ("  ok" if met else "  MISSED")
            print(f"  {what:<{width}}  {value:>28}  {target:<24}{mark}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
