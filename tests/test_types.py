"""The attrs data model: spans, validation, immutability, JSON round trips."""

from __future__ import annotations

import json

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import quoteattr
from quoteattr import (
    SCHEMA_VERSION,
    AttributedDocument,
    Attribution,
    Document,
    ModelInfo,
    Quote,
    QuoteMark,
    Relay,
    Sentence,
    Source,
    Span,
    Word,
)

TEXT = (
    "MOSCOW (Reuters) - “We will win,” Kremlin spokesman Dmitry Peskov told TASS, "
    "Ukrainian media reported. »\nAlso Read - Something Else"
)


def span(sub: str, text: str = TEXT, nth: int = 0) -> Span:
    i = -1
    for _ in range(nth + 1):
        i = text.index(sub, i + 1)
    return Span.of(text, i, i + len(sub))


# ------------------------------------------------------------------------ Span


@pytest.mark.parametrize(
    "start, end",
    [
        pytest.param(-1, 2, id="negative-start"),
        pytest.param(3, 2, id="end-before-start"),
        pytest.param(0, 6, id="end-past-text"),
        pytest.param(6, 6, id="start-past-text"),
        pytest.param(-2, -1, id="both-negative"),
    ],
)
def test_span_of_rejects_bad_ranges(start, end):
    with pytest.raises(ValueError, match="outside a text of 5 characters"):
        Span.of("hello", start, end)


def test_span_constructor_validates():
    with pytest.raises(ValueError, match="start must be >= 0"):
        Span(-1, 2, "ab")
    with pytest.raises(ValueError, match="before its start"):
        Span(5, 2, "")


@pytest.mark.parametrize(
    "start, end",
    [(0, 0), (0, 5), (1, 4), (5, 5), (2, 3)],
)
def test_span_of_slices_the_text(start, end):
    s = Span.of("hello", start, end)
    assert (s.start, s.end) == (start, end)
    assert "hello"[s.start:s.end] == s.text
    assert len(s) == end - start


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30), st.data())
def test_span_of_property(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    s = Span.of(text, start, end)
    assert text[s.start:s.end] == s.text
    assert Span.from_dict(s.to_dict()) == s


def test_span_contains_and_overlaps():
    a = Span.of("abcdefgh", 1, 6)
    b = Span.of("abcdefgh", 2, 4)
    c = Span.of("abcdefgh", 6, 8)
    assert a.contains(b) and not b.contains(a)
    assert a.overlaps(b) and b.overlaps(a)
    assert not a.overlaps(c) and not c.overlaps(a)  # half-open: touching is not overlapping
    assert a.contains(a)


def test_span_is_frozen():
    s = Span.of("hello", 0, 2)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        s.start = 1
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        s.text = "x"


def test_value_equality_and_hash():
    assert Span.of("hello", 1, 3) == Span(1, 3, "el")
    assert Span.of("hello", 1, 3) != Span.of("hello", 1, 4)
    assert hash(Span.of("hello", 1, 3)) == hash(Span(1, 3, "el"))
    assert len({Span.of("hello", 1, 3), Span(1, 3, "el")}) == 1
    src1 = Source(span("Dmitry Peskov"), "Dmitry Peskov", "person")
    src2 = Source(span("Dmitry Peskov"), "Dmitry Peskov", "person")
    assert src1 == src2 and src1 is not src2


@pytest.mark.parametrize(
    "obj, field, value",
    [
        pytest.param(QuoteMark(0, "“", "open", "double"), "role", "close", id="QuoteMark"),
        pytest.param(Word(1, "a", "a", "X", "_", "_", 0, "root", 0, 1), "head", 2, id="Word"),
        pytest.param(Sentence((), 0, 0), "start", 1, id="Sentence"),
        pytest.param(Document("", ()), "text", "x", id="Document"),
        pytest.param(Source(Span(0, 0, ""), "x"), "type", "person", id="Source"),
        pytest.param(Attribution("direct", (Span(0, 1, "x"),)), "kind", "indirect", id="Attribution"),
        pytest.param(AttributedDocument("x"), "text", "y", id="AttributedDocument"),
        pytest.param(ModelInfo("m", "1", "abc"), "name", "n", id="ModelInfo"),
    ],
)
def test_every_model_class_is_frozen(obj, field, value):
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(obj, field, value)


# --------------------------------------------------------- Source, Attribution


@pytest.mark.parametrize("t", ["person", "organization", "outlet", "unknown"])
def test_source_types_accepted(t):
    assert Source(span("TASS"), "TASS", t).type == t


@pytest.mark.parametrize("t", ["Person", "agency", "", "people", None])
def test_source_type_validated(t):
    with pytest.raises(ValueError):
        Source(span("TASS"), "TASS", t)


def test_source_default_type_and_text():
    s = Source(span("TASS"), "TASS")
    assert s.type == "unknown"
    assert s.text == "TASS"


@pytest.mark.parametrize("kind", ["direct", "indirect", "mixed"])
def test_attribution_kinds_accepted(kind):
    assert Attribution(kind, (span("We will win,"),)).kind == kind


@pytest.mark.parametrize("kind", ["Direct", "quote", "", "reported", None])
def test_attribution_kind_validated(kind):
    with pytest.raises(ValueError):
        Attribution(kind, (span("We will win,"),))


def test_attribution_start_end():
    a = Attribution("direct", (span("We will win,"), span("Ukrainian media")))
    assert a.start == TEXT.index("We will win,")
    assert a.end == TEXT.index("Ukrainian media") + len("Ukrainian media")
    # (an attribution without content has no start: it is refused, tests/test_hostile_round9.py)
    with pytest.raises(ValueError, match="content is empty"):
        Attribution("direct", ())


# ----------------------------------------------------------------------- chain


def peskov() -> Source:
    return Source(
        span("Kremlin spokesman Dmitry Peskov"),
        "Dmitry Peskov",
        "person",
        head=span("Peskov"),
    )


def test_chain_outermost_relay_first_then_source():
    media = Relay(Source(span("Ukrainian media"), "Ukrainian media", "outlet"), (span("reported"),))
    tass = Relay(Source(span("TASS"), "TASS", "outlet"), (span("told"),))
    a = Attribution("direct", (span("We will win,"),), source=peskov(), relayed_by=(media, tass))
    assert a.chain == ("Ukrainian media", "TASS", "Dmitry Peskov")


def test_chain_without_relays_or_source():
    assert Attribution("direct", (span("We will win,"),), source=peskov()).chain == ("Dmitry Peskov",)
    assert Attribution("indirect", (span("We will win,"),)).chain == ()
    relay = Relay(Source(span("TASS"), "TASS", "outlet"))
    assert Attribution("indirect", (span("We will win,"),), relayed_by=(relay,)).chain == ("TASS",)


# ------------------------------------------------------------- small classes


def test_quote_mark_span_and_dict():
    m = QuoteMark(5, "“", "open", "double")
    assert m.span == Span(5, 6, "“")
    assert QuoteMark.from_dict(m.to_dict()) == m
    assert m.to_dict() == {"start": 5, "end": 6, "text": "“", "role": "open", "family": "double"}


def test_quote_properties():
    text = "x “a” y"
    q = quoteattr.scan(text).quotes[0]
    assert q.span == (2, 5) and q.start == 2 and q.end == 5
    assert Quote.from_dict(q.to_dict()) == q


def test_sentence_helpers():
    words = (
        Word(1, "We", "we", "PRON", "_", "_", 2, "nsubj", 0, 2),
        Word(2, "win", "win", "VERB", "_", "_", 0, "root", 3, 6),
        Word(3, ".", ".", "PUNCT", "_", "_", 2, "punct", 6, 7),
    )
    s = Sentence(words, 0, 7)
    assert len(s) == 3
    assert list(s) == list(words)
    assert s.word(2) is words[1]
    assert s.root is words[1]
    assert s.children(2) == (words[0], words[2])
    assert Sentence(words[:1], 0, 2).root is None
    assert Word(1, "x", "x", "X", "_", "_", 0, "nsubj:pass", 0, 1).udeprel == "nsubj"


# ---------------------------------------------------------- JSON round trip


def build_document() -> AttributedDocument:
    scanned = quoteattr.scan(TEXT)
    content = scanned.quotes[0].content
    assert [m.char for m in scanned.unmatched] == ["»"]
    media = Relay(
        Source(span("Ukrainian media"), "Ukrainian media", "outlet", head=span("media")),
        (span("reported"),),
    )
    tass = Relay(Source(span("TASS"), "TASS", "outlet"), (span("told"),))
    source = Source(
        span("Kremlin spokesman Dmitry Peskov"),
        "Dmitry Peskov",
        "person",
        head=span("Peskov"),
        role=span("Kremlin spokesman"),
    )
    direct = Attribution(
        "direct",
        (content,),
        cue=(span("told"),),
        source=source,
        relayed_by=(media, tass),
        confidence=0.875,
        rule="direct_told",
    )
    nested = Attribution(
        "indirect",
        (span("win"),),
        cue=(),
        source=None,
        relayed_by=(),
        parent=0,
        confidence=0.25,
        rule="",
    )
    return AttributedDocument(
        text=TEXT,
        sentences=(),
        quotes=scanned.quotes,
        attributions=(direct, nested),
        unmatched=scanned.unmatched,
        boilerplate=(span("Also Read - Something Else"),),
        dateline=span("MOSCOW (Reuters) - "),
        metadata={"file": "a.txt", "id": "doc-7", "publisher": "Ж-news", "rules": {"direct_told": 1}},
    )


def test_json_round_trip_dict():
    doc = build_document()
    d = doc.to_dict()
    assert d["schema"] == SCHEMA_VERSION == 1
    assert d["file"] == "a.txt" and d["id"] == "doc-7"
    assert "file" not in d["metadata"] and "id" not in d["metadata"]
    assert AttributedDocument.from_dict(d) == doc
    # the dict is JSON-ready as is
    assert json.loads(json.dumps(d)) == d


def test_json_round_trip_string():
    doc = build_document()
    s = doc.to_json()
    assert "Ж-news" in s  # not ASCII-escaped
    back = AttributedDocument.from_json(s)
    assert back == doc
    assert back.attributions[0].chain == ("Ukrainian media", "TASS", "Dmitry Peskov")
    assert back.to_json() == s


def test_json_round_trip_spans_still_slice_text():
    back = AttributedDocument.from_json(build_document().to_json(indent=2))
    for a in back.attributions:
        for sp in a.content + a.cue:
            assert back.text[sp.start:sp.end] == sp.text
    for q in back.quotes:
        assert back.text[q.content.start:q.content.end] == q.content.text


def test_json_without_text():
    d = json.loads(build_document().to_json(include_text=False))
    assert "text" not in d
    assert d["attributions"][0]["kind"] == "direct"


def test_json_empty_document_round_trip():
    doc = AttributedDocument("")
    assert AttributedDocument.from_json(doc.to_json()) == doc


@pytest.mark.parametrize("schema", [None, 0, 2, "1"])
def test_from_dict_rejects_other_schema(schema):
    d = build_document().to_dict()
    d["schema"] = schema
    with pytest.raises(quoteattr.InputError, match="schema"):
        AttributedDocument.from_dict(d)


def test_attribution_dict_round_trip_alone():
    a = build_document().attributions[0]
    assert Attribution.from_dict(a.to_dict()) == a
    assert Attribution.from_dict(json.loads(json.dumps(a.to_dict()))) == a
