"""The site's root page: Jupyter Book's bare refresh made a complete, accessible page."""

from __future__ import annotations

from databook.sphinx import complete_redirect


def test_the_bare_refresh_gets_a_language_title_icon_and_link(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "intro.html").write_text('<head><link rel="icon" href="../_static/icon.png"/></head>')
    (tmp_path / "index.html").write_text('<meta http-equiv="Refresh" content="0; url=book/intro.html" />\n')
    assert complete_redirect(tmp_path, "Targeting <IGF>")
    page = (tmp_path / "index.html").read_text()
    assert '<html lang="en">' in page and "<title>Targeting &lt;IGF&gt;</title>" in page
    assert '<link rel="icon" href="_static/icon.png">' in page       # rebased from book/ to the root
    assert '<a href="book/intro.html">' in page and 'content="0; url=book/intro.html"' in page


def test_a_real_root_page_is_left_alone(tmp_path):
    (tmp_path / "index.html").write_text("<!DOCTYPE html><html lang='en'><body>home</body></html>")
    assert not complete_redirect(tmp_path, "x")
    assert "home" in (tmp_path / "index.html").read_text()
