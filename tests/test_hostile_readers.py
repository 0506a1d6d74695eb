"""Hostile input to the readers: CoNLL-U, brat standoff and evaluation gold.

Each case comes from the s19 fuzzing report (bugs 3, 4, 12 and 14): malformed
input must raise one clear :class:`quoteattr.QuoteAttrError` naming the line or
file and the fix, never a raw builtin error and never a silently wrong result.
No model is loaded here.
"""

from __future__ import annotations

import io
import json

import pytest

import quoteattr
from quoteattr import (
    AlignmentError,
    ConlluError,
    Document,
    InputDecodeError,
    InputError,
    InputTypeError,
    iter_conllu,
)
from quoteattr._brat import read_ann
from quoteattr._evaluate import load_seed_gold, polnear_corpus, run_evaluation


def row(*cols) -> str:
    assert len(cols) == 10
    return "\t".join(str(c) for c in cols)


GOOD = "\n".join(
    [
        row(1, "He", "he", "PRON", "_", "_", 2, "nsubj", "_", "_"),
        row(2, "said", "say", "VERB", "_", "_", 0, "root", "_", "_"),
        row(3, "hi", "hi", "INTJ", "_", "_", 2, "obj", "_", "SpaceAfter=No"),
        row(4, ".", ".", "PUNCT", "_", "_", 2, "punct", "_", "_"),
        "",
    ]
)
RANGE = row("1-2", "don't", "_", "_", "_", "_", "_", "_", "_", "_")


def word(i, form, head=0, misc="_"):
    return row(i, form, form, "X", "_", "_", head, "dep" if head else "root", "_", misc)


# ------------------------------------------------------------------ CoNLL-U (bug 4)


@pytest.mark.parametrize(
    "conllu, message, line",
    [
        (RANGE + "\n", r"multi-word token 1-2 .* needs word lines 1 to 2, but 0 followed", 1),
        (RANGE + "\n\n" + GOOD, "needs word lines 1 to 2", 1),
        (row("1-5", "don't", *["_"] * 8) + "\n" + word(1, "do") + "\n", "needs word lines 1 to 5, but 1 followed", 1),
        (row("2-1", "dont", *["_"] * 8) + "\n" + word(1, "do") + "\n" + word(2, "nt", 1) + "\n", "start is after the end", 1),
        (word(1, "I") + "\n" + row("3-4", "x", *["_"] * 8) + "\n", "must start at the next word ID, 2", 2),
        (GOOD.replace("2\tsaid", "\u00b2\tsaid"), "ID must be an integer", 2),
        (GOOD.replace("\t2\tnsubj", "\t\u00b2\tnsubj"), "HEAD must be an integer", 1),
        (GOOD.replace("nsubj\t_\t_", "nsubj\t_\tstart_char=x|end_char=2"), "bad offsets 'start_char=x", 1),
        (GOOD.replace("nsubj\t_\t_", "nsubj\t_\tTokenRange=a:b"), "bad offsets 'TokenRange=a:b'", 1),
    ],
    ids=["range-only", "range-then-blank", "range-beyond-words", "range-reversed", "range-skips-ids",
         "superscript-id", "superscript-head", "start-char-not-int", "token-range-not-int"],
)
def test_malformed_conllu_is_a_conllu_error_with_the_line(conllu, message, line):
    with pytest.raises(ConlluError, match=message) as info:
        Document.from_conllu(conllu)
    assert info.value.line == line


def test_negative_misc_offsets_are_rejected_not_aligned():
    # text[-11:-9] == "He" would pass a plain slice comparison
    conllu = word(1, "He", 2, "start_char=-11|end_char=-9") + "\n" + word(2, "said", 0, "start_char=3|end_char=7") + "\n"
    with pytest.raises((ConlluError, AlignmentError), match="He"):
        Document.from_conllu(conllu, text="He said it.")


def test_well_formed_multiword_token_still_reads():
    doc = Document.from_conllu(RANGE + "\n" + word(1, "do") + "\n" + word(2, "n't", 1) + "\n")
    assert doc.text == "don't"
    assert [(w.text, w.start, w.end) for w in doc.sentences[0].words] == [("do", 0, 5), ("n't", 0, 5)]


def test_text_that_is_not_a_str_is_a_type_error():
    with pytest.raises(InputTypeError, match="text must be a str"):
        Document.from_conllu(GOOD, text=123)


def test_binary_file_object_says_open_in_text_mode():
    with pytest.raises(InputTypeError, match="open the file in text mode"):
        Document.from_conllu(io.BytesIO(GOOD.encode()))


@pytest.mark.parametrize("how", ["path", "str", "iter", "file object"])
def test_latin1_file_names_the_path_and_byte_offset(tmp_path, how):
    path = tmp_path / "latin.conllu"
    path.write_bytes(("# text = café\n" + GOOD).encode("latin-1"))
    read = {
        "path": lambda: Document.from_conllu(path),
        "str": lambda: Document.from_conllu(str(path)),
        "iter": lambda: list(iter_conllu(path)),
        "file object": lambda: Document.from_conllu(open(path, encoding="utf-8")),
    }[how]
    with pytest.raises(InputDecodeError, match="latin.conllu: cannot decode byte at offset 12") as info:
        read()
    assert info.value.offset == 12


# ------------------------------------------------------------ brat (bugs 3, 12, 14)

TEXT = "Intro line.\r\n\r\n“We will win,” the minister said.\r\n"
ANN = (
    "T1\tContent 16 28\tWe will win,\n"
    "T2\tSource 30 42\tthe minister\n"
    "T3\tCue 43 47\tsaid\n"
    "E1\tAttribution:T3 Content:T1 Cue:T3 Source:T2\n"
)


def test_read_ann_checks_t_text_against_the_text():
    # the same text with its CRLF turned into LF: offsets now point two characters early
    with pytest.raises(InputError, match=r"gold.ann:1: T1 text 'We will win,' does not match the text at 16-28 .*line endings") as info:
        read_ann(ANN, TEXT.replace("\r\n", "\n"), "gold.ann")
    assert isinstance(info.value, quoteattr.QuoteAttrError)
    (a,) = read_ann(ANN, TEXT, "gold.ann")
    assert [s.text for s in a.content + a.source + a.cue] == ["We will win,", "the minister", "said"]


def test_read_ann_tolerates_brat_line_breaks_and_joined_fragments():
    # brat joins a discontinuous span's parts with a space and writes a span holding
    # a line break over several .ann lines (three PolNeAR spans look like this)
    text = "3.\n\nThe number of picks, he said."
    ann = (
        "T1\tContent 0 2;4 23\t3.\n\nThe number of picks\n"  # the text column goes on over two lines
        "T2\tContent 0 23\t3.\n\nThe number of picks\n"  # one span holding the line break
        "T3\tCue 28 32\tsaid\n"
        "E1\tAttribution:T3 Content:T1 Cue:T3\n"
        "E2\tAttribution:T3 Content:T2 Cue:T3\n"
    )
    a, b = read_ann(ann, text)
    assert [s.text for s in a.content] == ["3.", "The number of picks"]
    assert [s.text for s in b.content] == ["3.\n\nThe number of picks"]


def test_reversed_brat_span_says_start_after_end():
    with pytest.raises(InputError, match=r"a.ann:1: span 17-13 starts after it ends"):
        read_ann("T1\tCue 17 13\tx\n", TEXT, "a.ann")


@pytest.mark.parametrize("event", ["Attribution:T9 Cue:T3", "Cue:T3 Addressee:T9", "Cue:T3 Content:E7"])
def test_event_referring_to_an_undefined_id_names_the_line(event):
    ann = "T3\tCue 43 47\tsaid\nE1\t" + event + "\n"
    with pytest.raises(InputError, match=r"a.ann:2: event E1 refers to unknown span"):
        read_ann(ann, TEXT, "a.ann")


def test_event_argument_without_an_id_is_an_error():
    with pytest.raises(InputError, match=r"a.ann:2: bad event argument 'Attribution'"):
        read_ann("T3\tCue 43 47\tsaid\nE1\tAttribution Cue:T3\n", TEXT, "a.ann")


@pytest.mark.parametrize("ann, text", [(None, TEXT), (b"T1\tCue 43 47\tsaid\n", TEXT), ("", None)])
def test_read_ann_wrong_types(ann, text):
    with pytest.raises(InputTypeError):
        read_ann(ann, text)


def test_read_ann_file_not_utf8(tmp_path):
    path = tmp_path / "x.ann"
    path.write_bytes("T3\tCue 43 47\tsaïd\n".encode("latin-1"))
    with pytest.raises(InputDecodeError, match="x.ann"):
        read_ann(path, TEXT)


# ------------------------------------------------------------ evaluation gold (bug 3)


def polnear_split(tmp_path, text: bytes, ann: str = ANN):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a1.txt").write_bytes(text)
    (tmp_path / "attributions" / "a1_x.ann").write_text(ann, encoding="utf-8")
    return tmp_path


def test_polnear_corpus_keeps_crlf_so_offsets_stay_right(tmp_path):
    root = polnear_split(tmp_path, TEXT.encode("utf-8"))
    ((art, text, gold),) = polnear_corpus(root)
    assert text == TEXT
    (a,) = gold
    assert [s.text for s in a.content + a.source + a.cue] == ["We will win,", "the minister", "said"]


def test_polnear_corpus_text_not_utf8_names_the_file(tmp_path):
    root = polnear_split(tmp_path, "caf\xe9".encode("latin-1"), ann="")
    with pytest.raises(InputDecodeError, match=r"a1.txt: cannot decode byte at offset 3"):
        list(polnear_corpus(root))


@pytest.mark.parametrize(
    "content, error, message",
    [
        (None, InputError, "no such file"),
        (b"{oops", InputError, "not valid JSON"),
        (b"5", InputError, "must hold a JSON object"),
        (b'{"note": 1}', InputError, "no 'attributions' list"),
        ('{"attributions": [], "note": "café"}'.encode("latin-1"), InputDecodeError, "cannot decode byte at offset 33"),
    ],
    ids=["missing", "bad-json", "not-object", "no-attributions", "latin-1"],
)
def test_bad_seed_gold_names_the_file(tmp_path, content, error, message):
    path = tmp_path / "s.gold.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(error, match=message) as info:
        load_seed_gold(path)
    assert "s.gold.json" in str(info.value)


def test_run_evaluation_rejects_bad_gold_before_loading_a_model(tmp_path):
    # model="no-such-model" would fail if the pipeline were built first
    (tmp_path / "s.gold.json").write_text(json.dumps({"attributions": [], "text_file": "missing.txt"}), encoding="utf-8")
    with pytest.raises(InputError, match=r"missing.txt: no such file \(the text of .*s.gold.json\)"):
        run_evaluation(tmp_path / "s.gold.json", model="no-such-model")
    (tmp_path / "bad.gold.json").write_bytes(b"[1, 2]")
    with pytest.raises(InputError, match="bad.gold.json: a seed gold file must hold a JSON object"):
        run_evaluation(tmp_path / "bad.gold.json", model="no-such-model")
    (tmp_path / "pn").mkdir()
    root = polnear_split(tmp_path / "pn", TEXT.replace("\r\n", "\n").encode("utf-8"))  # LF text, CRLF offsets
    with pytest.raises(InputError, match="a1_x.ann:1: T1 text"):
        run_evaluation(root, model="no-such-model")
