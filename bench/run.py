"""Benchmark the build on a throwaway copy of the project and print the ratios that matter.

    .venv/bin/python bench/run.py            # or: make bench

Measured on the machine at hand (nothing here is a pass/fail test):

- cold build (no cache, no site);
- no-op rebuild;
- rebuild after a one-cell edit in a table read by few chapters (``signalling``);
- rebuild after a one-cell edit in a table read by most chapters (``agents``);
- the floors: executing the affected chapters alone, and, for the cold build, executing every
  chapter plus Sphinx writing the staged site from scratch;
- scale: loading and validating a copy of the data with every table 100 times larger, and
  drawing the aggregate figures from it.

Targets (2 cores): one-table edit feeding ≤ 1/4 of the chapters ≤ 0.35 × cold; no-op ≤ 0.1 × cold;
cold ≤ 1.2 × (execute all + Sphinx write); 100× data validated in < 1 s.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP = {".git", ".venv", "_build", ".pytest_cache", "__pycache__", "bench"}


def copy_project(target: Path) -> Path:
    shutil.copytree(ROOT, target, ignore=lambda d, names: [n for n in names if n in SKIP or n.endswith(".egg-info")])
    return target


def build(root: Path) -> tuple[float, str]:
    env = dict(os.environ, DATABOOK_ROOT=str(root), PYTHONPATH=str(root / "src"))
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "databook", "build", "--root", str(root)],
                         capture_output=True, text=True, env=env, cwd=root)
    seconds = time.perf_counter() - start
    if out.returncode:
        raise SystemExit(f"build failed:\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}")
    return seconds, out.stdout


def executed(stdout: str) -> list[str]:
    return [line.split()[1] for line in stdout.splitlines() if line.strip().startswith("execute ")]


def edit_first_cell(path: Path, column: str) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    col = rows[0].index(column)
    rows[1][col] = rows[1][col] + " (edited)"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def floor_execute(root: Path, docs: list[str]) -> float:
    """Executing ``docs`` alone, in parallel as the build does, without planning or Sphinx."""
    sys.path.insert(0, str(root / "src"))
    from igfbook.build import Project, execute
    import concurrent.futures as cf

    project = Project(root)
    lock = __import__("igfbook.inputs", fromlist=["sha"]).sha((root / "requirements.lock").read_bytes())
    start = time.perf_counter()
    with cf.ProcessPoolExecutor(max_workers=min(os.cpu_count() or 1, max(1, len(docs)))) as pool:
        results = list(pool.map(execute, [str(root)] * len(docs), docs,
                                [str(project.source(d)) for d in docs], [lock] * len(docs)))
    assert all(r["ok"] for r in results), [r["error"][-500:] for r in results if not r["ok"]]
    return time.perf_counter() - start


def floor_sphinx(root: Path) -> float:
    """Sphinx writing the already staged site from scratch (no execution)."""
    sys.path.insert(0, str(root / "src"))
    from igfbook.build import Project, sphinx

    project = Project(root)
    shutil.rmtree(project.sphinx_dir, ignore_errors=True)
    start = time.perf_counter()
    with open(os.devnull, "w") as devnull:
        saved = os.dup(1), os.dup(2)
        os.dup2(devnull.fileno(), 1), os.dup2(devnull.fileno(), 2)
        try:
            status = sphinx(project)
        finally:
            os.dup2(saved[0], 1), os.dup2(saved[1], 2)
    assert status == 0
    return time.perf_counter() - start


def scale(root: Path, factor: int = 100) -> dict[str, float]:
    """Multiply every table's rows by ``factor`` (new keys, same references) and time validation."""
    sys.path.insert(0, str(root / "src"))
    import json

    from igfbook import tableschema

    descriptor = json.loads((root / "data" / "datapackage.json").read_text())
    for res in descriptor["resources"]:
        if res["name"] in {"agents", "conflicts", "sources"}:  # fixed lists that other rows point at
            continue
        path = root / "data" / res["path"]
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        header, body = rows[0], rows[1:]
        pk = res["schema"]["primaryKey"][0]
        k = header.index(pk)
        bigger = [header]
        for copy in range(factor):
            for row in body:
                row = list(row)
                if copy:
                    row[k] = f"{row[k]}-x{copy}"
                    if res["name"] == "arms":  # one 'used' row per study arm: make the arm label new too
                        row[header.index("arm")] = f"{row[header.index('arm')]} (copy {copy})"
                bigger.append(row)
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(bigger)
        path.write_text(out.getvalue(), encoding="utf-8")
    os.environ["IGFBOOK_ROOT"] = str(root)
    start = time.perf_counter()
    package = tableschema.Package(root)
    frames, problems = {}, 0
    for name in package.resources:  # what the chapters do: every table, validated and typed
        try:
            frames[name] = package.table(name)
        except tableschema.DataError as err:
            problems += len(err.problems)
    seconds = time.perf_counter() - start
    rows = sum(len(f) for f in frames.values())
    drawn = {}
    if not problems:  # the figures must still read: count what they draw from the big tables
        from igfbook import clinical_figures, combination_figures, refs, stats

        rates = stats.response_table(frames["studies"], frames["arms"], frames["agents"])
        _fig, table = clinical_figures.forest(rates)
        drawn["forest plot lines"] = (int(rates["has_counts"].sum()), len(table))
        years = {k: int(e.fields["year"]) for k, e in refs.load(root / "references.bib").entries.items()}
        _fig, table = clinical_figures.timeline(frames["studies"], frames["agents"], years)
        drawn["timeline rows"] = (len(frames["studies"]), len(table))
        _fig, table = combination_figures.evidence_matrix(frames["combinations"])
        drawn["evidence-matrix groups"] = (len(frames["combinations"]), len(table))
    return {"seconds": seconds, "rows": rows, "problems": problems, "drawn": drawn}


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="igfbook-bench-") as tmp:
        root = copy_project(Path(tmp) / "book")
        sys.path.insert(0, str(root / "src"))
        from igfbook.build import Project

        chapters = Project(root).chapters()
        cold, _ = build(root)
        noop, _ = build(root)
        edit_first_cell(root / "data" / "signalling.csv", "notes")
        few, out_few = build(root)
        few_docs = executed(out_few)
        edit_first_cell(root / "data" / "agents.csv", "notes")
        most, out_most = build(root)
        most_docs = executed(out_most)
        floor_few = floor_execute(root, few_docs)
        floor_all = floor_execute(root, chapters)
        sphinx_write = floor_sphinx(root)
        scaled = scale(copy_project(Path(tmp) / "big"))

    n = len(chapters)
    print(f"igfbook build benchmark on {os.cpu_count()} cores, {n} executed chapters")
    print(f"  cold build                          {cold:7.1f} s")
    print(f"  no-op rebuild                       {noop:7.1f} s   {noop / cold:5.2f} × cold   (target ≤ 0.10)")
    print(f"  edit feeding {len(few_docs)}/{n} chapters ({', '.join(few_docs)})")
    print(f"                                      {few:7.1f} s   {few / cold:5.2f} × cold   (target ≤ 0.35 when ≤ 1/4 of chapters)")
    print(f"    floor: executing them alone       {floor_few:7.1f} s   build = {few / floor_few:4.1f} × floor")
    print(f"  edit feeding {len(most_docs)}/{n} chapters          {most:7.1f} s   {most / cold:5.2f} × cold")
    print(f"  floor for cold: execute all {floor_all:5.1f} s + Sphinx write {sphinx_write:5.1f} s = {floor_all + sphinx_write:5.1f} s;"
          f" cold = {cold / (floor_all + sphinx_write):4.2f} × floor (target ≤ 1.2)")
    print(f"  100× data: {scaled['rows']} rows loaded and validated in {scaled['seconds']:.2f} s "
          f"({scaled['problems']} problems; target < 1 s)")
    for what, (rows_in, shown) in scaled["drawn"].items():
        print(f"    {what}: {rows_in} data rows drawn as {shown} (aggregated where one mark per row would not read)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
