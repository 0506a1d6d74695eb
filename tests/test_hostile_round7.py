"""Hostile input, round 7: a CoNLL-U text ending in one space, NaN and out-of-range
confidences, seed gold whose offsets do not fit its text, hand-built parses with a
sentence range past the text or a float id, and damaged quoteattr data on a spaCy Doc.

No parsing model is loaded here (a fake pipeline stands in for the CLI).
"""

from __future__ import annotations

import json
import math

import attrs
import pytest

import quoteattr
from quoteattr import AttributedDocument, Attribution, Document, InputError, InputTypeError, Sentence, Span, to_conllu

from test_hostile_round6 import _parse


# ------------------------------------------------------------ CoNLL-U: one space at the end


@pytest.mark.parametrize("text", ["Hello world. ", "One.\n\nTwo. ", "x ", " a b. "])
def test_conllu_round_trip_keeps_one_trailing_space(text):
    """Bug: after the last token, one space was written as nothing (one space is
    the default, so no field), and the reader takes nothing after the last token:
    the text came back one character short."""
    back = Document.from_conllu(to_conllu(_parse(text)))
    assert back.text == text


# ------------------------------------------------------------ confidence


@pytest.mark.parametrize("value, exc", [(math.nan, InputError), (math.inf, InputError), (-0.1, InputError), (10**400, InputError),
                                        ("0.5", InputTypeError), (True, InputTypeError), (None, InputTypeError)])
def test_attribution_confidence_must_be_a_number_from_0_to_1(value, exc):
    with pytest.raises(exc, match=r"Attribution\.confidence must be a number from 0 to 1"):
        Attribution("direct", (Span.of("ab", 0, 1),), confidence=value)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "1e400", "2", str(10**400)])
def test_confidence_read_back_that_could_not_be_written_is_refused(value):
    """Bug: ``from_json`` read a NaN or infinite confidence (Python's json allows
    them), which ``to_json`` then wrote as the string "NaN" that ``from_json``
    refused: the output did not round-trip; a huge integer was an OverflowError."""
    text = "\u201cHi,\u201d he said."
    doc = AttributedDocument(text, attributions=(Attribution("direct", (Span.of(text, 1, 4),), confidence=0.75),))
    s = doc.to_json()
    assert AttributedDocument.from_json(s) == doc
    bad = s.replace('"confidence": 0.75', f'"confidence": {value}')
    assert bad != s
    with pytest.raises(InputError, match=r"attributions\[0\]\.confidence must be a number from 0 to 1"):
        AttributedDocument.from_json(bad)


# ------------------------------------------------------------ seed gold that does not fit its text


@pytest.fixture
def fake_pipeline(monkeypatch):
    import quoteattr._pipeline as pl
    from hostile_fakes import FakePipeline

    monkeypatch.setattr(pl, "Pipeline", FakePipeline)


SEED_TEXT = "\u201cHi,\u201d he said."


def _seed(tmp_path, **changes):
    entry = {"id": "a", "content": {"text": "Hi,", "start": 1, "end": 4}, "cue": [{"start": 9, "end": 13}], "speaker_entity": "he"}
    for k, v in changes.items():
        entry[k] = v
    (tmp_path / "s.txt").write_text(SEED_TEXT, encoding="utf-8")
    gold = tmp_path / "s.gold.json"
    gold.write_text(json.dumps({"text_file": "s.txt", "attributions": [entry]}), encoding="utf-8")
    return str(gold)


@pytest.mark.parametrize("changes, message", [
    ({"content": {"text": "Hi,", "start": 1, "end": 400}}, r"content offsets 1-400 are outside .*s\.txt \(14 characters\)"),
    ({"content": {"text": "", "start": 8, "end": 2}}, r"content offsets 8-2 .*or reversed"),
    ({"content": [{"text": "Hi,", "start": -3, "end": 4}]}, r"content offsets -3-4 are outside"),
    ({"cue": [{"start": 9, "end": 10**30}]}, r"cue offsets 9-1000000000000000000000000000000 are outside"),
    ({"content": {"text": "Bye", "start": 1, "end": 4}}, r"content text 'Bye' does not match .*s\.txt at 1-4 \('Hi,'\)"),
    ({"cue": [{"start": 9, "end": 13, "text": "told"}]}, r"cue text 'told' does not match"),
    ({"required": "no"}, r"'required' must be true or false, got 'no'"),
])
def test_seed_gold_that_does_not_fit_its_text_fails_loudly(tmp_path, fake_pipeline, capsys, changes, message):
    """Bug: seed gold offsets were never checked against the text (brat gold's
    are): gold for another text, or with reversed offsets, scored 0 with exit 0;
    "required": "no" counted as required."""
    from hostile_fakes import _error_line

    from quoteattr._cli import main

    assert main(["evaluate", "--gold", _seed(tmp_path), "--json", "-q"]) == 0  # the gold as made is fine
    capsys.readouterr()
    assert main(["evaluate", "--gold", _seed(tmp_path, **changes), "--json", "-q"]) == 2
    line = _error_line(capsys.readouterr().err)
    assert "attributions[0] ('a')" in line
    assert pytest.importorskip("re").search(message, line), line


def test_seed_gold_white_space_differences_are_not_errors():
    """White space is collapsed on both sides, as for brat T lines (a CRLF text)."""
    from quoteattr._evaluate import check_seed_offsets

    check_seed_offsets("g", {"attributions": [{"id": "a", "content": {"text": "a  b", "start": 0, "end": 4}}]}, "a\r\nb.")


# ------------------------------------------------------------ hand-built parses


def _bad_sentence(doc: Document, **changes) -> Document:
    return attrs.evolve(doc, sentences=(attrs.evolve(doc.sentences[0], **changes),) + doc.sentences[1:])


@pytest.mark.parametrize("changes, message", [
    ({"end": 10**9}, r"sentences\[0\] has the range 0-1000000000; expected integer offsets 0 <= start <= end <= 33"),
    ({"start": None, "end": None}, r"has the range None-None"),
    ({"start": 1.5}, r"has the range 1\.5-"),
    ({"start": 20, "end": 3}, r"has the range 20-3"),
])
@pytest.mark.parametrize("use", ["attribute_document", "to_conllu"])
def test_a_sentence_range_outside_the_text_is_an_input_error(changes, message, use):
    """Bug: a hand-built Sentence whose range ran past the text was an IndexError
    deep in the rules (None a TypeError), and to_conllu failed the same way."""
    doc = _bad_sentence(_parse("\u201cWe will win,\u201d the minister said."), **changes)
    with pytest.raises(InputError, match=message):
        quoteattr.attribute_document(doc, learned_spans=False) if use == "attribute_document" else to_conllu(doc)


@pytest.mark.parametrize("value", [1.0, True])
def test_a_word_id_that_is_not_an_int_is_an_input_error(value):
    """Bug: ``Word(1.0, …)`` passed the id check (1.0 == 1) and failed as a list
    index deep in the rules."""
    doc = _parse("\u201cWe will win,\u201d the minister said.")
    s = doc.sentences[0]
    words = (attrs.evolve(s.words[0], id=value),) + s.words[1:]
    bad = attrs.evolve(doc, sentences=(Sentence(words, s.start, s.end),))
    with pytest.raises(InputError, match=r"words\[0\] has id .*expected 1"):
        quoteattr.attribute_document(bad, learned_spans=False)


# ------------------------------------------------------------ spaCy: damaged saved data


def _packed():
    pytest.importorskip("spacy")
    import quoteattr.spacy as qs
    from hostile_fakes import _doc

    return qs, qs._encode(_doc("\u201cHi,\u201d he said."))


@pytest.mark.parametrize("damage, message", [
    (lambda p: p.pop("sentences"), r"expected the keys 'doc' and 'sentences'"),
    (lambda p: p.update(sentences=5), r"the parse is not \[start, end"),
    (lambda p: p.update(sentences=[[0, 5, [[1, "Hi"]]]]), r"the parse is not \[start, end"),
    (lambda p: p.update(sentences=[[0, 5, [[1, None, "hi", "X", "_", "_", 0, "root", 0, 2]]]]), r"Word\.text must be a str"),
    (lambda p: p.update(sentences=[[0, 5, [[1, "Hi", "hi", "X", "_", "_", 0, "root", 0, 99]]]]), r"offsets 0-99, outside a text of 14"),
])
def test_damaged_quoteattr_data_on_a_spacy_doc_is_an_input_error(damage, message):
    """Bug: bytes read back (``Doc.from_bytes``, a ``DocBin``) with a missing key or
    a short word row failed with KeyError/TypeError from inside the msgpack
    decoder, and a word past the text was read as is."""
    qs, packed = _packed()
    assert qs._decode(dict(packed)).text == "\u201cHi,\u201d he said."
    damage(packed)
    with pytest.raises(InputError, match=message):
        qs._decode(packed)


def test_a_quote_mark_read_back_must_be_a_quotation_mark():
    # from_dict accepted any character as a mark; the scanner never makes such a document
    ok = {"start": 0, "end": 1, "text": "“", "role": "open", "family": "double"}
    assert quoteattr.QuoteMark.from_dict(ok).char == "“"
    with pytest.raises(quoteattr.InputError, match="no quotation mark"):
        quoteattr.QuoteMark.from_dict(dict(ok, text="x"))
