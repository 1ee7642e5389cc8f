"""The prose check: glued values carry their rows' citations; alt text holds no counts."""

from __future__ import annotations

from databook.prose import check_markdown, prose_blocks

FACTS = {"facts": {"n": {"text": "3", "cite": ["alpha2020"]},
                   "count": {"text": "12", "cite": []},
                   "drug": {"text": "ganitumab", "cite": ["beta2021"]},
                   "rate": {"text": "10%", "cite": ["alpha2020", "beta2021"]}},
         "claims": {"best": {"holds": True}}}


def problems(*cells):
    return [p.message for p in check_markdown("book/x", list(cells), FACTS)]


def test_blocks_are_paragraphs_and_list_items_without_code():
    blocks = prose_blocks("One {fact}`n`.\nSame paragraph.\n\n- item {fact}`n`\n- item two\n\n"
                          "```python\nprint('{fact}`n`')\n```\n\n:::{note}\nInside {fact}`n`.\n:::\n")
    assert blocks == ["One {fact}`n`.\nSame paragraph.", "- item {fact}`n`", "- item two", "Inside {fact}`n`."]


def test_a_cited_fact_needs_its_source_or_the_same_citations_in_its_paragraph():
    assert problems("We had {fact}`n` responders {source}`n`.") == []
    assert problems("We had {fact}`n` responders {cite:p}`alpha2020`.") == []
    assert problems("We had {fact}`count` rows.") == []                      # a count of the book's own table
    [message] = problems("We had {fact}`n` responders {cite:p}`beta2021`.")
    assert "fact 'n' comes from rows citing alpha2020" in message and "does not cite alpha2020" in message
    [message] = problems("Pooled, {fact}`rate` {cite:p}`alpha2020`.")
    assert "does not cite beta2021" in message
    assert problems("Pooled, {fact}`rate` and {fact}`n` {source}`rate,n`.") == []


def test_unknown_names_are_refused():
    assert any("not a fact of this chapter" in m for m in problems("A {fact}`nope`."))
    assert any("not a claim" in m for m in problems("A sentence.{claim}`nope`"))
    assert problems("A sentence.{claim}`best`") == []


def test_alt_text_states_no_counts():
    ok = ":alt: Forest plot with a line per cohort and its 95% confidence interval; the table gives the numbers."
    assert problems(f"```{{figure}} x.png\n{ok}\n```") == []
    for bad in (":alt: Three trials, all negative.", ":alt: A bar of 12 patients.", ":alt: Only two agents remain."):
        assert any("alt text states a number or count" in m for m in problems(f"```{{figure}} x.png\n{bad}\n```"))
    assert problems(":alt: The IGF-1 and IGF-2 contacts of IGF-1R.") == []


def test_glued_text_does_not_open_a_sentence_with_a_numeral_or_in_lower_case():
    assert any("starts with the number '3'" in m for m in problems("{fact}`n` responded {source}`n`."))
    assert any("starts with the number '12'" in m for m in problems("It ended. {fact}`count` remained."))
    assert any("lower case" in m for m in problems("**Bold.** {fact}`drug` worked {source}`drug`."))
    assert problems("In all, {fact}`count` remained. Then it\n{fact}`count` remained.") == []
