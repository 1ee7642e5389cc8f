"""Publish a built site atomically, and verify a published site against its manifest.

Each published site is a folder ``<build>/site/<id>/`` holding the pages and ``MANIFEST.json``
(every file with its SHA-256). ``<build>/html`` is a symbolic link to the live one, replaced in a
single atomic rename, so at every moment ``html`` is either the whole old site or the whole new
one; a build that fails, or is killed, leaves the last good site as it was. A site is *intact*
when its manifest matches the files on disk: a deleted, added or edited page makes it stale, and
the next build publishes a repaired copy.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

MANIFEST = "MANIFEST.json"


def _sha_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def file_digests(folder: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file below ``folder`` except the manifest."""
    return {p.relative_to(folder).as_posix(): _sha_file(p) for p in sorted(folder.rglob("*"))
            if p.is_file() and not (p.parent == folder and p.name == MANIFEST)}


def write_manifest(folder: Path, meta: dict) -> dict:
    manifest = {"meta": meta, "files": file_digests(folder)}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def read_manifest(site: Path) -> dict | None:
    try:
        manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) and isinstance(manifest.get("files"), dict) else None


def damage(site: Path) -> list[str]:
    """What is wrong with a published site (empty when it matches its manifest)."""
    if not site.is_dir():
        return ["no site"]
    manifest = read_manifest(site)
    if manifest is None:
        return ["no readable manifest"]
    on_disk = file_digests(site)
    want = manifest["files"]
    problems = [f"missing {p}" for p in sorted(set(want) - set(on_disk))]
    problems += [f"changed {p}" for p in sorted(p for p in set(want) & set(on_disk) if want[p] != on_disk[p])]
    problems += [f"unexpected {p}" for p in sorted(set(on_disk) - set(want))]
    return problems


def live(build_dir: Path) -> Path:
    return Path(build_dir) / "html"


def publish(built: Path, build_dir: Path, meta: dict, extra: dict[str, str] | None = None) -> Path:
    """Copy ``built`` into a new site folder, add ``extra`` files and the manifest, and make it
    the live ``html`` in one atomic rename. Returns the new site folder."""
    build_dir = Path(build_dir)
    sites = build_dir / "site"
    sites.mkdir(parents=True, exist_ok=True)
    site_id = (meta.get("site_key") or "site")[:16]
    target = sites / site_id
    n = 0
    while target.exists():  # never write into a folder that may be live
        n += 1
        target = sites / f"{site_id}-{n}"
    incoming = sites / f".incoming-{os.getpid()}"
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.copytree(built, incoming)
    for name, text in (extra or {}).items():
        (incoming / name).parent.mkdir(parents=True, exist_ok=True)
        (incoming / name).write_text(text, encoding="utf-8")
    write_manifest(incoming, meta)
    incoming.rename(target)
    link = live(build_dir)
    tmp = build_dir / f".html-{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(Path("site") / target.name)
    if link.is_dir() and not link.is_symlink():  # a site from before links were used: move it aside once
        link.rename(sites / f".legacy-{os.getpid()}")
    os.replace(tmp, link)  # atomic: html is the old site or the new one, never neither
    for old in sites.iterdir():
        if old != target and not old.name.startswith(".incoming"):
            shutil.rmtree(old, ignore_errors=True)
    return target
