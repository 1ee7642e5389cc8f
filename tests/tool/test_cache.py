"""Cache entries are verified when read: damage is a miss with a reason, never an exception."""

from __future__ import annotations

import json

from databook import cache


def entry(doc="book/a"):
    return cache.Entry(doc, "key1", {"table:data/t.csv": "d1"}, ["src/x.py"], '{"cells": []}', 1.5)


def test_round_trip(tmp_path):
    cache.save(tmp_path, entry())
    loaded, why = cache.load(tmp_path, "book/a")
    assert why == "" and loaded == entry()


def test_no_entry_is_a_plain_miss(tmp_path):
    assert cache.load(tmp_path, "book/a") == (None, "")


def test_truncated_edited_foreign_and_old_entries_are_misses_with_a_reason(tmp_path):
    path = cache.save(tmp_path, entry())
    text = path.read_text()
    path.write_text(text[: len(text) // 2])
    assert cache.load(tmp_path, "book/a") == (None, "truncated or not JSON")
    path.write_text(text.replace('"key1"', '"key2"'))
    assert cache.load(tmp_path, "book/a") == (None, "content does not match its digest")
    other = cache.save(tmp_path, entry("book/b"))
    path.write_text(other.read_text())                       # someone copied b's entry over a's
    assert cache.load(tmp_path, "book/a")[1] == "belongs to another chapter ('book/b')"
    body = json.loads(text)
    body["format"] = 1
    path.write_text(json.dumps(body))
    assert cache.load(tmp_path, "book/a") == (None, "written by another version of the build")
    path.write_bytes(b"\xff\xfe\x00")
    assert cache.load(tmp_path, "book/a")[0] is None
