"""Acceptance on the seed article, end to end with the shipped model.

The counts are computed from the gold file (``../shared/seed/bucha.gold.json``)
by the same scorer that ``quoteattr evaluate --format seed`` uses; the article is
not special-cased anywhere in the library.
"""

import regex

from quoteattr._evaluate import score_seed


def test_examples_copy_is_the_seed(seed_text, seed_gold):
    # the gold offsets index bucha.txt; examples/bucha.txt must be the same text
    for g in seed_gold["attributions"]:
        c = g["content"]
        assert seed_text[c["start"]:c["end"]] == c["text"]


def test_required_attributions_found_with_speaker_and_chain(seed_doc, seed_gold):
    s = score_seed(seed_gold, seed_doc)
    missing = [d for d in s["details"] if d["required"] and not (d["found"] and d.get("speaker_ok") and d.get("chain_ok"))]
    assert s["all_right"] == s["required"] == 12, missing


def test_at_most_two_predictions_match_no_gold(seed_doc, seed_gold):
    s = score_seed(seed_gold, seed_doc)
    assert len(s["unmatched_predictions"]) <= 2, s["unmatched_predictions"]


def test_nothing_attributed_inside_also_read_lines(seed_doc, seed_text):
    lines = [(m.start(), m.end()) for m in regex.finditer(r"Also Read[^\n]*", seed_text)]
    assert lines, "the seed has Also Read lines"
    for a in seed_doc.attributions:
        spans = [*a.content, *a.cue] + ([a.source.span] if a.source else [])
        for sp in spans:
            for lo, hi in lines:
                assert not (sp.start < hi and lo < sp.end), (a.to_dict(), seed_text[lo:hi])
    assert {b.text[:9] for b in seed_doc.boilerplate} == {"Also Read"}


def test_every_mark_is_in_a_quote_or_unmatched(seed_doc, seed_text):
    from quoteattr._marks import QUOTE_CHARS, scan

    marks = {m.offset for q in seed_doc.quotes for m in q.marks} | {m.offset for m in seed_doc.unmatched}
    apostrophes = set(scan(seed_text).apostrophes)
    for i, ch in enumerate(seed_text):
        if ch in QUOTE_CHARS:
            assert (i in marks) != (i in apostrophes), (i, seed_text[i - 10:i + 10])


def test_scare_quotes_get_no_speaker(seed_doc):
    for a in seed_doc.attributions:
        if a.kind == "direct":
            assert len(a.content[0].text.split()) > 2, a.to_dict()


def test_nested_attribution_has_parent_and_chain(seed_doc):
    nested = [a for a in seed_doc.attributions if a.parent is not None]
    assert nested
    for a in nested:
        p = seed_doc.attributions[a.parent]
        assert any(c.start <= a.cue[0].start < c.end for c in p.content)
        assert a.relayed_by[-1].source.entity == p.source.entity
