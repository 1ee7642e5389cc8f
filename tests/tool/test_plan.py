"""Planning: a chapter runs when it never ran, its code changed or an input it read changed."""

from __future__ import annotations

from databook import cache, inputs
from databook.notebooks import code_key, read_chapter
from databook.plan import plan

CHAPTER = """---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  name: python3
  display_name: Python 3
---
# A

```{code-cell} ipython3
x = 1
```
"""


def setup(tmp_path):
    (tmp_path / "book").mkdir()
    source = tmp_path / "book" / "a.md"
    source.write_text(CHAPTER)
    (tmp_path / "t.csv").write_text("id,v\n1,2\n")
    return source


def test_each_reason_to_run(tmp_path):
    source = setup(tmp_path)
    cache_dir = tmp_path / "cache"
    assert plan(tmp_path, cache_dir, {"book/a": source}, "lock").run == {"book/a": "not executed before"}
    key = code_key(read_chapter(source), "lock")
    cache.save(cache_dir, cache.Entry("book/a", key, {"table:t.csv": inputs.digest("table:t.csv", tmp_path)}, [],
                                      "{}"))
    p = plan(tmp_path, cache_dir, {"book/a": source}, "lock")
    assert p.run == {} and p.reuse == ["book/a"] and p.entries["book/a"].key == key
    assert plan(tmp_path, cache_dir, {"book/a": source}, "other lock").run == {"book/a": "code changed"}
    source.write_text(CHAPTER.replace("# A", "# A, retitled"))     # prose only: the code key is unchanged
    assert plan(tmp_path, cache_dir, {"book/a": source}, "lock").reuse == ["book/a"]
    source.write_text(CHAPTER.replace("x = 1", "x = 2"))
    assert plan(tmp_path, cache_dir, {"book/a": source}, "lock").run == {"book/a": "code changed"}
    source.write_text(CHAPTER)
    (tmp_path / "t.csv").write_text("id,v\n1,3\n")
    assert plan(tmp_path, cache_dir, {"book/a": source}, "lock").run == {"book/a": "inputs changed: table:t.csv"}


def test_a_damaged_entry_is_a_notice_and_a_run(tmp_path):
    source = setup(tmp_path)
    cache_dir = tmp_path / "cache"
    path = cache.save(cache_dir, cache.Entry("book/a", "k", {}, [], "{}"))
    path.write_text(path.read_text()[:10])
    p = plan(tmp_path, cache_dir, {"book/a": source}, "lock")
    assert p.run == {"book/a": "not executed before"}
    assert p.notices == ["cache entry of book/a discarded (truncated or not JSON); it will run again"]


def test_chapters_to_run_start_longest_first_by_their_last_time(tmp_path):
    from databook.build import longest_first

    source = setup(tmp_path)
    (tmp_path / "book" / "b.md").write_text(CHAPTER.replace("x = 1", "y = 1"))
    cache_dir = tmp_path / "cache"
    key = code_key(read_chapter(source), "lock")
    cache.save(cache_dir, cache.Entry("book/a", key, {"table:t.csv": "old"}, [], "{}", seconds=1.5))
    p = plan(tmp_path, cache_dir, {"book/a": source, "book/b": tmp_path / "book" / "b.md"}, "lock")
    assert set(p.run) == {"book/a", "book/b"} and p.seconds == {"book/a": 1.5}   # b never ran: no time
    assert list(longest_first({"a": "", "b": "", "c": "", "d": ""}, {"c": 9.0, "a": 2.0, "d": 4.0})) == \
        ["c", "d", "a", "b"]                      # timed, longest first; the untimed keep their order after
    assert longest_first({"a": "why", "b": "why not"}, {}) == {"a": "why", "b": "why not"}
