"""Hostile input, round 3: quotes nested without end, byte order marks, numbers
too long for ``int()``, JSON nested too deep for Python's parser, brat files
with spaces for tabs or an ID given twice, and spans or output read back that
contradict themselves.

No model is loaded here.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

import quoteattr
from quoteattr import AttributedDocument, ConlluError, Document, InputError, InputTypeError, Span, scan
from quoteattr._brat import read_ann
from quoteattr._cli import load_output
from quoteattr._corpus import done_ids, iter_records
from quoteattr._evaluate import load_seed_gold
from quoteattr import _marks
from quoteattr._marks import QUOTE_CHARS


def _word(i, form, head=0, misc="_") -> str:
    return "\t".join(map(str, [i, form, form, "X", "_", "_", head, "dep" if head else "root", "_", misc]))


DEEP_JSON = "[" * 100_000 + "]" * 100_000


# ------------------------------------------------------------ the scanner


def test_deeply_nested_quotes_take_linear_time_and_memory():
    """Bug: n nested quotes held n contents of up to n characters each (quadratic memory and time)."""
    n = 5_000  # small enough to run without the fix (40,000 nested quotes took 10 s and 3.9 GB)
    text = "\u201c\u2018" * n + "\u2019\u201d" * n
    r = scan(text)
    assert sum(len(q.content.text) for q in r.quotes) <= 64 * len(text)  # was n squared: 200 million characters
    assert len(r.quotes) == _marks.MAX_DEPTH == 64 and max(q.level for q in r.quotes) == 63
    # every mark is still a quote's or reported unmatched, exactly once
    owned = sorted([m.offset for q in r.quotes for m in q.marks] + [m.offset for m in r.unmatched])
    assert owned == [i for i, c in enumerate(text) if c in QUOTE_CHARS]


# ------------------------------------------------------------ CoNLL-U


@pytest.mark.parametrize("first", ["# text = Hi", _word(1, "Hi")], ids=["comment", "word"])
def test_conllu_byte_order_mark_is_skipped(first, tmp_path):
    """Bug: a BOM on the first line made it 'expected 10 tab-separated columns' or 'ID must be an integer'."""
    conllu = "\ufeff" + first + "\n" + (_word(1, "Hi") + "\n" if first.startswith("#") else "")
    path = tmp_path / "bom.conllu"
    path.write_text(conllu, encoding="utf-8")
    for source in (conllu, path):
        doc = Document.from_conllu(source)
        assert doc.text == "Hi" and [w.text for s in doc.sentences for w in s.words] == ["Hi"]


@pytest.mark.parametrize("line, what", [
    ("9" * 5000 + "\tHi\tHi\tX\t_\t_\t0\troot\t_\t_", "ID"),
    (_word(1, "Hi", head="9" * 5000), "HEAD"),
    (_word(1, "Hi", misc="start_char=0|end_char=" + "9" * 5000), "offset"),
    ("1-" + "9" * 5000 + "\tx" + "\t_" * 8, "range"),
], ids=["id", "head", "offset", "range"])
def test_conllu_number_too_long_for_int_is_a_conllu_error(line, what):
    """Bug: a 5,000-digit ID, HEAD, range or offset raised int()'s bare ValueError (the 4,300-digit limit)."""
    with pytest.raises(ConlluError, match=f"line 1: {what} 9+… has 5000 digits"):
        Document.from_conllu(line + "\n")


def test_conllu_text_with_carriage_return_line_ends_reads_as_a_file_would():
    """Bug: CoNLL-U text with old-Mac \\r line ends failed as 'got 19 columns', though the same file read fine."""
    conllu = _word(1, "A") + "\r" + _word(2, "B", 1) + "\r\r" + _word(1, "C") + "\r\n"
    doc = Document.from_conllu(conllu)
    assert [[w.text for w in s.words] for s in doc.sentences] == [["A", "B"], ["C"]]
    assert doc.text == "A B C"


# ------------------------------------------------------------ JSON read back


def test_from_json_too_deep_is_an_input_error():
    """Bug: JSON nested ~1,000 deep escaped from_json as a RecursionError."""
    with pytest.raises(InputError, match="not valid JSON.*nested too deeply"):
        AttributedDocument.from_json(DEEP_JSON)


def test_from_json_accepts_a_byte_order_mark_as_bytes_do():
    """Bug: from_json read a BOM in bytes but refused the same document as str ('Unexpected UTF-8 BOM')."""
    doc = AttributedDocument(text="\u201cHi\u201d", quotes=scan("\u201cHi\u201d").quotes)
    assert AttributedDocument.from_json("\ufeff" + doc.to_json()).quotes == doc.quotes


def test_corpus_record_too_deep_is_that_record_s_error_and_the_run_goes_on(tmp_path):
    """Bug: one JSONL record nested too deep raised RecursionError out of iter_records (and --resume's done_ids)."""
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('\ufeff{"text": "a", "id": "x"}\n' + DEEP_JSON + '\n{"text": "b", "id": "y"}\n', encoding="utf-8")
    got = list(iter_records(corpus))
    assert [(n, rec and rec["id"]) for n, rec, _ in got] == [(1, "x"), (2, None), (3, "y")]
    assert "nested too deeply" in str(got[1][2]) and got[1][2].line == 2
    assert done_ids(corpus) == {"x", "y"}


@pytest.mark.parametrize("name", ["out.json", "out.jsonl"])
def test_serve_output_too_deep_or_with_a_bom(name, tmp_path):
    """Bug: serve's loader crashed on JSON nested too deep and read a BOM-first .json as 'Expecting value'."""
    path = tmp_path / name
    path.write_text(DEEP_JSON, encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON.*nested too deeply"):
        load_output(str(path))
    path.write_text("\ufeff" + AttributedDocument(text="Hi").to_json() + "\n", encoding="utf-8")
    assert [d.text for d in load_output(str(path))] == ["Hi"]


def test_seed_gold_too_deep_names_the_file(tmp_path):
    """Bug: a gold file nested too deep gave `quoteattr evaluate` a RecursionError, not a named InputError."""
    path = tmp_path / "x.gold.json"
    path.write_text(DEEP_JSON, encoding="utf-8")
    with pytest.raises(InputError, match="x.gold.json: not valid JSON.*nested too deeply"):
        load_seed_gold(path)
    path.write_text('\ufeff{"attributions": []}', encoding="utf-8")
    assert load_seed_gold(path) == {"attributions": []}


# ------------------------------------------------------------ spans and tampered output


@pytest.mark.parametrize("args, error, message", [
    ((0, 5, "ab"), InputError, r"span \[0, 5\) has a text of 2 characters"),
    ((None, 1, "a"), InputTypeError, "offsets must be integers, got NoneType"),
    (("0", 1, "a"), InputTypeError, "got str '0'"),
    ((0.0, 1.0, "a"), InputTypeError, "got float"),
    ((True, 1, "a"), InputTypeError, "got bool"),
    ((0, 1, b"a"), InputTypeError, "text must be a str, got bytes"),
])
def test_span_built_inconsistent_or_mistyped_is_refused(args, error, message):
    """Bug: Span(0, 5, "ab") and Span(0.0, 1.0, ...) were accepted, None gave a raw '<' TypeError."""
    with pytest.raises(error, match=message):
        Span(*args)


def test_span_of_checks_types_and_numpy_offsets_become_ints():
    """Bug: Span.of(None, ...) and Span.of(text, 0.5, 1) raised raw TypeErrors; numpy offsets stayed numpy (JSON cannot write them)."""
    with pytest.raises(InputTypeError, match="takes the text as a str"):
        Span.of(None, 0, 0)
    with pytest.raises(InputTypeError, match="got float 0.5"):
        Span.of("abc", 0.5, 1)
    s = Span.of("abc", np.int64(1), np.int32(3))
    assert type(s.start) is int and type(s.end) is int and json.loads(json.dumps(s.to_dict())) == {"start": 1, "end": 3, "text": "bc"}


QUOTE = {"marks": [{"start": 0, "end": 1, "text": '"', "role": "open", "family": "double"}],
         "content": {"start": 1, "end": 3, "text": "Hi"}, "level": 0, "parent": None}


def _tampered(**change) -> str:
    quote = json.loads(json.dumps(QUOTE))
    for path, value in change.items():
        *keys, last = path.split("__")
        target = quote
        for k in keys:
            target = target[int(k)] if k.isdigit() else target[k]
        target[last] = value
    return json.dumps({"schema": 1, "quotes": [quote]})  # without "text": written with --no-text


@pytest.mark.parametrize("payload, message", [
    (_tampered(content__end=9), r"quotes\[0\].content says 'Hi' at 1-9, 2 characters for a span of 8"),
    (_tampered(marks__0__role="sideways"), r"quotes\[0\].marks\[0\].role is 'sideways'; expected 'open' or 'close'"),
    (_tampered(marks__0__text=""), r"quotes\[0\].marks\[0\].text is empty"),
    (_tampered(parent=0), r"quotes\[0\].parent is 0; expected null or the index of another of the 1 quotes"),
    (_tampered(parent=7), r"quotes\[0\].parent is 7"),
    (json.dumps({"schema": 1, "text": "ab", "attributions": [
        {"kind": "direct", "content": [{"start": 0, "end": 1, "text": "a"}], "cue": [], "parent": -1}]}),
     r"attributions\[0\].parent is -1"),
])
def test_from_json_tampered_without_text_is_still_checked(payload, message):
    """Bug: output read back without its text took spans whose length contradicts their offsets, unknown roles, and parents pointing nowhere."""
    with pytest.raises(InputError, match=message):
        AttributedDocument.from_json(payload)
    # real output written without its text still reads back whole
    text = "\u201cWe win,\u201d he said, \u201cand \u2018they\u2019 lose.\u201d \u201cOops"
    r = scan(text)
    doc = AttributedDocument(text=text, quotes=r.quotes, unmatched=r.unmatched)
    back = AttributedDocument.from_json(doc.to_json(include_text=False), text=text)  # (round 8: the text is given)
    assert (back.quotes, back.unmatched) == (doc.quotes, doc.unmatched) and any(q.parent is not None for q in back.quotes)


# ------------------------------------------------------------ brat


TEXT = "He said hi."
ANN = "T1\tSource 0 2\tHe\nT2\tCue 3 7\tsaid\nT3\tContent 8 10\thi\nE1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n"


def test_read_ann_skips_a_byte_order_mark(tmp_path):
    """Bug: a BOM made the first T line unreadable, so 'E1 refers to unknown span T1' (or T1 was silently lost)."""
    path = tmp_path / "x.ann"
    path.write_text("\ufeff" + ANN, encoding="utf-8")
    for ann in (path, "\ufeff" + ANN):
        [a] = read_ann(ann, TEXT)
        assert [s.text for s in a.source] == ["He"]


def test_read_ann_with_spaces_for_tabs_is_an_error_not_empty():
    """Bug: an .ann whose columns are separated by spaces read as no annotations at all (gold silently empty)."""
    with pytest.raises(InputError, match=r"<ann>:1: not a brat annotation line.*spaces instead of tabs"):
        read_ann(ANN.replace("\t", " "), TEXT)
    # a T text over two lines, and AnnotatorNotes, are still read
    text = "He said\nhi there."
    ann = "T1\tSource 0 2\tHe\nT2\tCue 3 7\tsaid\nT3\tContent 3 10\tsaid\nhi\n#1\tAnnotatorNotes T3\tok\nE1\tAttribution:T2 Cue:T2 Content:T3 Source:T1\n"
    [a] = read_ann(ann, text)
    assert a.content[0].text == "said\nhi"


@pytest.mark.parametrize("extra, tid", [("T1\tSource 3 7\tsaid\n", "T1"), ("E1\tAttribution:T2 Content:T3\n", "E1")])
def test_read_ann_id_defined_twice_is_an_error(extra, tid):
    """Bug: a second T1 silently replaced the first, and a second E1 counted one gold attribution twice."""
    with pytest.raises(InputError, match=f"<ann>:5: {tid} is defined twice \\(also on line"):
        read_ann(ANN + extra, TEXT)


def test_invisible_format_characters_stay_out_of_speaker_names(nlp):
    """Zero-width spaces between words ended up inside the speaker's name ('\\u200b the\\u200b minister\\u200b')."""
    text = "\u201cWe\u200b will\u200b win,\u201d\u200b the\u200b minister\u200b said."
    (a,) = nlp(text).attributions
    assert a.source.entity == "minister" and text[a.source.span.start:a.source.span.end] == a.source.span.text
