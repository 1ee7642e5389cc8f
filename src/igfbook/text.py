"""Small helpers for the prose that chapters glue from data."""

from __future__ import annotations

from typing import Iterable


def listing(items: Iterable, empty: str = "none") -> str:
    """Items as an English list, duplicates dropped, order kept.

    >>> listing(["figitumumab", "ganitumab", "figitumumab", "R1507"])
    'figitumumab, ganitumab and R1507'
    """
    unique = [str(x) for x in dict.fromkeys(items)]
    if not unique:
        return empty
    return unique[0] if len(unique) == 1 else ", ".join(unique[:-1]) + " and " + unique[-1]
