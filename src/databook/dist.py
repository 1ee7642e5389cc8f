"""``dist``: a publishable archive of the built site, with a checksum and a manifest.

The manifest records what the site was built from: the data version, the commit (when the
project is a git checkout), whether the working tree had uncommitted changes, and the SHA-256
and row count of every data file and of the bibliography. Two archives of the same site and
data are byte-identical.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import subprocess
import tarfile
from pathlib import Path

from databook import inputs
from databook.project import Project, find_root
from databook.version import data_version


def _git(root: Path, *args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def manifest(project: Project) -> dict:
    """What the published site was built from."""
    files = {}
    for path in sorted(project.data_dir.glob("*")) + [project.bibliography]:
        data = path.read_bytes()
        entry = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
        if path.suffix == ".csv":
            entry["rows"] = max(0, len(inputs.csv_rows(path) or []) - 1)
        files[project.rel(path)] = entry
    watched = [project.rel(project.data_dir), project.rel(project.bibliography), "book", "src"]
    return {"data_version": data_version(project, record=False),
            "commit": _git(project.root, "rev-parse", "HEAD") or None,
            "uncommitted_changes": bool(_git(project.root, "status", "--porcelain", "--", *watched)),
            "files": files}


def build_archive(project: Project, name: str = "site") -> tuple[Path, Path]:
    """Write ``<build>/dist/<name>.tar.gz`` (site + manifest) and its ``.sha256``."""
    site = project.html_dir
    if not (site / "index.html").exists():
        raise SystemExit("no site in _build/html: build the book first")
    out = project.build_dir / "dist"
    out.mkdir(parents=True, exist_ok=True)
    archive = out / f"{name}.tar.gz"
    info = json.dumps(manifest(project), indent=2, sort_keys=True).encode("utf-8")

    def clean(tarinfo: tarfile.TarInfo) -> tarfile.TarInfo:  # same inputs, same bytes
        tarinfo.mtime, tarinfo.uid, tarinfo.gid, tarinfo.uname, tarinfo.gname = 0, 0, 0, "", ""
        return tarinfo

    with open(archive, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz, \
            tarfile.open(fileobj=gz, mode="w") as tar:
        for path in sorted(site.rglob("*")):
            tar.add(path, arcname=f"site/{path.relative_to(site).as_posix()}", recursive=False, filter=clean)
        member = clean(tarfile.TarInfo("site/DIST-MANIFEST.json"))
        member.size = len(info)
        tar.addfile(member, io.BytesIO(info))
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    checksum = archive.with_name(archive.name + ".sha256")
    checksum.write_text(f"{digest}  {archive.name}\n", encoding="utf-8")
    (out / "MANIFEST.json").write_bytes(info)
    return archive, checksum


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="databook dist", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=None)
    parser.add_argument("--name", default=None, help="archive name (default: the project's name + '-site')")
    args = parser.parse_args(argv)
    project = Project(args.root or find_root())
    archive, checksum = build_archive(project, args.name or f"{project.config['name']}-site")
    print(f"{project.rel(archive)}\n{checksum.read_text().strip()}")
    return 0
