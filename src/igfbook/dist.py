"""``make dist``: a publishable archive of the built site, with a checksum and a manifest.

The manifest records what the site was built from: the commit (when the project is a git
checkout), whether the working tree had uncommitted changes, and the SHA-256 and row count of
every data file and of ``references.bib``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import subprocess
import tarfile
from pathlib import Path

from igfbook import paths


def _git(root: Path, *args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def manifest(root: Path) -> dict:
    """What the site in ``_build/html`` was built from."""
    files = {}
    for path in sorted((root / "data").glob("*")) + [root / "references.bib"]:
        data = path.read_bytes()
        entry = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
        if path.suffix == ".csv":
            entry["rows"] = max(0, sum(1 for r in csv.reader(io.StringIO(data.decode("utf-8"), newline="")) if r) - 1)
        files[path.relative_to(root).as_posix()] = entry
    from igfbook.version import data_version

    return {"data_version": data_version(root),
            "commit": _git(root, "rev-parse", "HEAD") or None,
            "uncommitted_changes": bool(_git(root, "status", "--porcelain", "--", "data", "references.bib", "book", "src")),
            "files": files}


def build_archive(root: Path) -> tuple[Path, Path]:
    """Write ``_build/dist/igfbook-site.tar.gz`` (site + manifest) and its ``.sha256``."""
    site = root / "_build" / "html"
    if not (site / "index.html").exists():
        raise SystemExit("no site in _build/html: run 'make book' first")
    out = root / "_build" / "dist"
    out.mkdir(parents=True, exist_ok=True)
    archive = out / "igfbook-site.tar.gz"
    info = json.dumps(manifest(root), indent=2, sort_keys=True).encode("utf-8")

    def clean(tarinfo: tarfile.TarInfo) -> tarfile.TarInfo:  # same inputs, same bytes
        tarinfo.mtime, tarinfo.uid, tarinfo.gid, tarinfo.uname, tarinfo.gname = 0, 0, 0, "", ""
        return tarinfo

    import gzip

    with open(archive, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz, \
            tarfile.open(fileobj=gz, mode="w") as tar:
        for path in sorted(site.rglob("*")):
            tar.add(path, arcname=f"site/{path.relative_to(site).as_posix()}", recursive=False, filter=clean)
        member = clean(tarfile.TarInfo("site/MANIFEST.json"))
        member.size = len(info)
        tar.addfile(member, io.BytesIO(info))
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    checksum = archive.with_name(archive.name + ".sha256")
    checksum.write_text(f"{digest}  {archive.name}\n", encoding="utf-8")
    (out / "MANIFEST.json").write_bytes(info)
    return archive, checksum


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="igfbook dist", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=None)
    args = parser.parse_args(argv)
    root = (args.root or paths.root()).resolve()
    archive, checksum = build_archive(root)
    print(f"{archive.relative_to(root)}\n{checksum.read_text().strip()}")
    return 0
