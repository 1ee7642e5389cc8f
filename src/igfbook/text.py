"""The short phrases facts are written in: one formatter per kind of value.

Chapters never format numbers themselves; the facts functions use these, so a percentage, a
count or an interval reads the same way everywhere in the book.

>>> listing(["figitumumab", "ganitumab", "figitumumab", "R1507"])
'figitumumab, ganitumab and R1507'
>>> pct(0.0901), percent(54.0), interval(0.044, 0.159), number(0.60, 2)
('9.0%', '54%', '4.4–15.9%', '0.60')
>>> count(1, "patient"), count(3, "patient"), count_word(0), k_of_n(2, 35)
('1 patient', '3 patients', 'none', '2 of 35')
"""

from __future__ import annotations

from collections.abc import Iterable

NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def listing(items: Iterable, empty: str = "none", conjunction: str = "and") -> str:
    """Items as an English list, duplicates dropped, order kept."""
    unique = [str(x) for x in dict.fromkeys(items)]
    if not unique:
        return empty
    return unique[0] if len(unique) == 1 else ", ".join(unique[:-1]) + f" {conjunction} " + unique[-1]


def pct(share: float, digits: int = 1) -> str:
    """A computed proportion (0–1) as a percentage, e.g. ``pct(0.0901) == "9.0%"``."""
    return f"{100 * share:.{digits}f}%"


def number(value: float, digits: int | None = None) -> str:
    """A number as a source prints it: whole numbers without decimals, else as given,
    e.g. ``number(54.0) == "54"``, ``number(2.5) == "2.5"``; ``digits`` fixes the decimals."""
    value = float(value)
    if digits is not None:
        return f"{value:.{digits}f}"
    return str(int(value)) if value.is_integer() else f"{value:g}"


def percent(value: float) -> str:
    """A percentage as a source states it (0–100), e.g. ``percent(14.2) == "14.2%"``."""
    return f"{number(value)}%"


def interval(low: float, high: float, digits: int = 1) -> str:
    """An interval of proportions (0–1), e.g. ``interval(0.044, 0.159) == "4.4–15.9%"``."""
    return f"{100 * low:.{digits}f}–{100 * high:.{digits}f}%"


def qualified(qualifier, shown: str) -> str:
    """A number as its source words it: the qualifier, if there is one, before it.

    >>> qualified("almost", "30"), qualified(None, "30"), qualified(float("nan"), "8%")
    ('almost 30', '30', '8%')
    """
    return f"{qualifier} {shown}" if isinstance(qualifier, str) and qualifier else shown


def span(low: float, high: float, digits: int | None = None) -> str:
    """An interval of plain numbers (a ratio's, say), e.g. ``span(0.32, 1.1) == "0.32–1.1"``."""
    return f"{number(low, digits)}–{number(high, digits)}"


def ratio(value: float, low: float | None = None, high: float | None = None, interval: str | None = None) -> str:
    """A hazard ratio with its interval as the data describe it, e.g.
    ``ratio(1.0, 0.82, 1.21, "95% confidence interval") == "1.00 (95% CI 0.82–1.21)"``,
    ``ratio(0.6, 0.32, 1.1, "confidence interval (level not stated)") == "0.60 (CI 0.32–1.10)"`` and
    ``ratio(1.88, 1.07, 3.29, "derived 95% confidence interval") == "1.88 (95% CI 1.07–3.29, derived)"``:
    two decimals throughout, as hazard ratios are usually reported (a source's "0.90" is typed as 0.9)."""
    shown = number(value, 2)
    import pandas as pd

    if pd.isna(low) or pd.isna(high):  # no interval printed
        return shown
    if interval == "95% confidence interval":
        return f"{shown} (95% CI {span(low, high, 2)})"
    if interval == "derived 95% confidence interval":
        return f"{shown} (95% CI {span(low, high, 2)}, derived)"
    return f"{shown} (CI {span(low, high, 2)})"


def count(n: int, noun: str, plural: str | None = None) -> str:
    """A count with its noun, e.g. ``count(1, "trial") == "1 trial"``, ``count(2, "trial") == "2 trials"``."""
    n = int(n)
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"


def count_word(n: int, zero: str = "none") -> str:
    """A count for prose with a word for zero, e.g. ``count_word(0) == "none"``, ``count_word(3) == "3"``."""
    return zero if int(n) == 0 else str(int(n))


def words(n: int) -> str:
    """Small counts in words (for the start of a sentence), e.g. ``words(3) == "three"``; larger ones in digits."""
    n = int(n)
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def k_of_n(k: int, n: int) -> str:
    """``"k of n"``, e.g. ``k_of_n(2, 35) == "2 of 35"``."""
    return f"{int(k)} of {int(n)}"


def drug(name: str) -> str:
    """A drug name as it reads mid-sentence: international non-proprietary names in lower case,
    codes unchanged, e.g. ``drug("Xentuzumab") == "xentuzumab"``, ``drug("R1507") == "R1507"``."""
    return name.lower() if name[:1].isupper() and name[1:].islower() else name


def sentence(text: str) -> str:
    """Text opening a sentence: first letter upper case, e.g. ``sentence("ganitumab") == "Ganitumab"``."""
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """A title used mid-sentence, e.g. ``lower_first("Phase II trial") == "phase II trial"``."""
    return text[:1].lower() + text[1:] if text[1:2].islower() or text[1:2] == " " else text
