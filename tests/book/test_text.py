"""The prose helpers."""

from igfbook.text import listing


def test_listing_joins_with_and_and_drops_repeats():
    assert listing(["a"]) == "a"
    assert listing(["a", "b"]) == "a and b"
    assert listing(["a", "b", "a", "c"]) == "a, b and c"


def test_listing_of_nothing_says_so():
    assert listing([]) == "none"
    assert listing([], empty="no agent") == "no agent"
