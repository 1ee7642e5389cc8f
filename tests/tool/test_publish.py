"""Publishing swaps whole sites atomically; a published site is verified against its manifest."""

from __future__ import annotations

import os

from databook import publish


def built(tmp_path, name, pages):
    folder = tmp_path / name
    for rel, text in pages.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text)
    return folder


def test_publish_links_the_new_site_and_removes_the_old(tmp_path):
    build_dir = tmp_path / "_build"
    first = publish.publish(built(tmp_path, "b1", {"index.html": "one", "book/a.html": "a"}), build_dir,
                            {"site_key": "k1"}, extra={"report.txt": "r"})
    live = publish.live(build_dir)
    assert live.is_symlink() and (live / "book" / "a.html").read_text() == "a"
    assert (live / "report.txt").read_text() == "r"
    assert publish.damage(live) == []
    second = publish.publish(built(tmp_path, "b2", {"index.html": "two"}), build_dir, {"site_key": "k2"})
    assert (live / "index.html").read_text() == "two" and not first.exists() and second.exists()
    assert os.readlink(live) == os.path.join("site", second.name)   # relative: a copied build dir still works


def test_damage_names_missing_changed_and_unexpected_pages(tmp_path):
    build_dir = tmp_path / "_build"
    publish.publish(built(tmp_path, "b1", {"index.html": "one", "a.html": "a", "b.html": "b"}), build_dir,
                    {"site_key": "k1"})
    live = publish.live(build_dir)
    (live / "a.html").unlink()
    (live / "b.html").write_text("edited")
    (live / "c.html").write_text("stray")
    assert publish.damage(live) == ["missing a.html", "changed b.html", "unexpected c.html"]
    (live / publish.MANIFEST).write_text("{not json")
    assert publish.damage(live) == ["no readable manifest"]
    assert publish.damage(tmp_path / "nothing") == ["no site"]


def test_a_site_from_before_links_is_replaced(tmp_path):
    build_dir = tmp_path / "_build"
    (build_dir / "html").mkdir(parents=True)
    (build_dir / "html" / "index.html").write_text("old")
    publish.publish(built(tmp_path, "b1", {"index.html": "new"}), build_dir, {"site_key": "k1"})
    assert (publish.live(build_dir) / "index.html").read_text() == "new"
