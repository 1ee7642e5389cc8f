"""The prose helpers of igfbook.text: one phrase per kind of value."""

import doctest

import pytest

from igfbook import text
from igfbook.text import listing


def test_docstring_examples_run():
    assert doctest.testmod(text).failed == 0


def test_listing_joins_with_and_and_drops_repeats():
    assert listing(["a"]) == "a"
    assert listing(["a", "b"]) == "a and b"
    assert listing(["a", "b", "a", "c"]) == "a, b and c"
    assert listing(["a", "b"], conjunction="or") == "a or b"


def test_listing_of_nothing_says_so():
    assert listing([]) == "none"
    assert listing([], empty="no agent") == "no agent"


def test_computed_shares_and_stated_percentages_are_told_apart():
    # a share computed from counts keeps one decimal (15/106 = 0.1415...); a stated percentage is
    # printed as the source printed it
    assert text.pct(15 / 106) == "14.2%"
    assert text.percent(54.0) == "54%" and text.percent(14.2) == "14.2%"
    assert text.interval(0.044, 0.159) == "4.4–15.9%"
    assert text.span(0.32, 1.1) == "0.32–1.1" and text.span(0.5, 1.0, 2) == "0.50–1.00"


@pytest.mark.parametrize("n,expected", [(0, "no"), (1, "one"), (10, "ten"), (11, "11")])
def test_small_counts_are_words(n, expected):
    assert text.words(n) == expected


def test_counts_agree_with_their_nouns():
    assert text.count(1, "trial") == "1 trial" and text.count(2, "trial") == "2 trials"
    assert text.count(2, "with stable disease", "with stable disease") == "2 with stable disease"
    assert text.count_word(0) == "none" and text.count_word(0, "no trial") == "no trial" and text.count_word(4) == "4"


def test_drug_names_mid_sentence_and_sentence_openings():
    assert text.drug("Xentuzumab") == "xentuzumab"
    assert text.drug("R1507") == "R1507" and text.drug("BMS-754807") == "BMS-754807"
    assert text.sentence("ganitumab") == "Ganitumab"
    assert text.lower_first("Phase II trial") == "phase II trial"
    assert text.lower_first("SARC phase II trial") == "SARC phase II trial"  # an acronym keeps its case


def test_a_qualifier_goes_before_the_number_and_an_empty_one_leaves_it_bare():
    # "almost 30" (Gombos et al.'s count of candidate drugs), "up to 20%"; pandas reads an empty
    # qualifier cell as NaN, which must not print as "nan 30"
    assert text.qualified("almost", "30") == "almost 30"
    assert text.qualified("up to", "20%") == "up to 20%"
    assert text.qualified(float("nan"), "30") == text.qualified(None, "30") == text.qualified("", "30") == "30"
