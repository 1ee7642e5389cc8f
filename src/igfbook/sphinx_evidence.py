"""A Sphinx extension of the book: the evidence date on every page.

Every page opens with a banner (the theme's announcement) saying how old the evidence is, computed
from the data: the years of the source articles (table ``sources``) and of the later trials
(table ``later``). It is printed too, so a handout carries it.
"""

from __future__ import annotations

# imported with the extension, not when the banner is computed: the build's warm Sphinx process
# imports extensions (and so pandas) while the chapters run, before the build needs them
from igfbook import data, evidence, refs, safety, text


def statement() -> str:
    """The banner's text, e.g. "Evidence: four reviews published 2012–2018, and six randomised
    trials reported 2020–2023 (After the sources). For teaching; not medical advice."."""
    t = data.tables()
    years = [refs.year(k) for k in safety.source_articles(t)]
    later = t.later["year"]
    title = evidence.chapter_title("later")
    return (f"Evidence: {text.words(len(years))} source articles published {min(years)}–{max(years)}, and "
            f"{text.words(len(later))} randomised trials reported {later.min()}–{later.max()} "
            f"(chapter “{title}”). A teaching text, not a systematic review; not medical advice.")


def _announce(app, config) -> None:
    options = dict(config.html_theme_options or {})
    options["announcement"] = statement()
    config.html_theme_options = options


def setup(app):
    app.connect("config-inited", _announce)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
