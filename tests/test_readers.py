"""CoNLL-U reading and writing: Document.from_conllu, iter_conllu, iter_conllu_documents, to_conllu."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import quoteattr
from quoteattr import (
    AlignmentError,
    ConlluError,
    Document,
    InputTypeError,
    QuoteAttrError,
    Sentence,
    Word,
    iter_conllu,
    to_conllu,
)
from quoteattr._readers import iter_conllu_documents

FIXTURE = Path(__file__).parent / "fixtures" / "patterns.conllu"


def row(*cols) -> str:
    assert len(cols) == 10
    return "\t".join(str(c) for c in cols)


# "I don't know." — a multi-word token (don't = do + n't)
MWT = "\n".join(
    [
        "# sent_id = 1",
        "# text = I don't know.",
        row(1, "I", "I", "PRON", "PRP", "_", 4, "nsubj", "_", "_"),
        row("2-3", "don't", "_", "_", "_", "_", "_", "_", "_", "_"),
        row(2, "do", "do", "AUX", "VBP", "_", 4, "aux", "_", "_"),
        row(3, "n't", "not", "PART", "RB", "_", 4, "advmod", "_", "_"),
        row(4, "know", "know", "VERB", "VB", "_", 0, "root", "_", "SpaceAfter=No"),
        row(5, ".", ".", "PUNCT", ".", "_", 4, "punct", "_", "_"),
        "",
    ]
)

# two sentences, no offsets in MISC
TWO = "\n".join(
    [
        "# sent_id = 1",
        "# text = Hello world.",
        row(1, "Hello", "hello", "INTJ", "_", "_", 0, "root", "_", "_"),
        row(2, "world", "world", "NOUN", "_", "_", 1, "vocative", "_", "SpaceAfter=No"),
        row(3, ".", ".", "PUNCT", "_", "_", 1, "punct", "_", "_"),
        "",
        "# sent_id = 2",
        "# text = It works.",
        row(1, "It", "it", "PRON", "_", "_", 2, "nsubj", "_", "_"),
        row(2, "works", "work", "VERB", "_", "_", 0, "root", "_", "SpaceAfter=No"),
        row(3, ".", ".", "PUNCT", "_", "_", 2, "punct", "_", "_"),
        "",
    ]
)


def forms_and_offsets(doc: Document):
    return [[(w.text, w.start, w.end) for w in s] for s in doc.sentences]


def assert_offsets_match(doc: Document):
    for s in doc.sentences:
        for w in s:
            assert 0 <= w.start <= w.end <= len(doc.text)
        singles = [w for w in s if not any(v is not w and v.start == w.start for v in s)]
        for w in singles:
            assert doc.text[w.start:w.end] == w.text
        assert s.start == s.words[0].start and s.end == s.words[-1].end


# ----------------------------------------------------------------- sources


def test_from_conllu_string():
    doc = Document.from_conllu(TWO)
    assert isinstance(doc, Document)
    assert doc.text == "Hello world. It works."
    assert forms_and_offsets(doc) == [
        [("Hello", 0, 5), ("world", 6, 11), (".", 11, 12)],
        [("It", 13, 15), ("works", 16, 21), (".", 21, 22)],
    ]
    assert_offsets_match(doc)


def test_from_conllu_path_object_and_str(tmp_path):
    p = tmp_path / "two.conllu"
    p.write_text(TWO, encoding="utf-8")
    from_str = Document.from_conllu(TWO)
    assert Document.from_conllu(p) == from_str
    assert Document.from_conllu(str(p)) == from_str


def test_from_conllu_file_object(tmp_path):
    p = tmp_path / "two.conllu"
    p.write_text(TWO, encoding="utf-8")
    with open(p, encoding="utf-8") as fh:
        doc = Document.from_conllu(fh)
        assert not fh.closed  # a file the caller opened is left open
    assert doc == Document.from_conllu(TWO)
    assert Document.from_conllu(io.StringIO(TWO)) == doc


def test_from_conllu_crlf_line_endings():
    assert Document.from_conllu(TWO.replace("\n", "\r\n")) == Document.from_conllu(TWO)


def test_words_keep_all_columns():
    doc = Document.from_conllu(MWT)
    w = doc.sentences[0].words[0]
    assert (w.id, w.text, w.lemma, w.upos, w.xpos, w.feats, w.head, w.deprel) == (
        1, "I", "I", "PRON", "PRP", "_", 4, "nsubj",
    )
    assert doc.sentences[0].root.text == "know"


def test_underscore_lemma_head_and_deprel_defaults():
    src = row(1, "Hi", "_", "INTJ", "_", "_", "_", "_", "_", "_") + "\n"
    (w,) = Document.from_conllu(src).sentences[0].words
    assert w.lemma == "Hi" and w.head == 0 and w.deprel == "dep"


def test_empty_input():
    doc = Document.from_conllu("")
    assert doc.text == "" and doc.sentences == ()


# ----------------------------------------------------------------- offsets

OFFSET_TEXT = "Hi  there.\n\nBye."


def _offset_conllu(misc_of):
    return "\n".join(
        [
            row(1, "Hi", "hi", "INTJ", "_", "_", 0, "root", "_", misc_of(0, 2)),
            row(2, "there", "there", "ADV", "_", "_", 1, "advmod", "_", misc_of(4, 9)),
            row(3, ".", ".", "PUNCT", "_", "_", 1, "punct", "_", misc_of(9, 10)),
            "",
            row(1, "Bye", "bye", "INTJ", "_", "_", 0, "root", "_", misc_of(12, 15)),
            row(2, ".", ".", "PUNCT", "_", "_", 1, "punct", "_", misc_of(15, 16)),
            "",
        ]
    )


@pytest.mark.parametrize(
    "misc_of",
    [
        pytest.param(lambda s, e: f"start_char={s}|end_char={e}", id="start_char-end_char"),
        pytest.param(lambda s, e: f"SpaceAfter=No|start_char={s}|end_char={e}", id="start_char-among-others"),
        pytest.param(lambda s, e: f"TokenRange={s}:{e}", id="TokenRange"),
    ],
)
def test_offsets_from_misc(misc_of):
    doc = Document.from_conllu(_offset_conllu(misc_of), text=OFFSET_TEXT)
    assert doc.text == OFFSET_TEXT
    assert forms_and_offsets(doc) == [
        [("Hi", 0, 2), ("there", 4, 9), (".", 9, 10)],
        [("Bye", 12, 15), (".", 15, 16)],
    ]
    assert [(s.start, s.end) for s in doc.sentences] == [(0, 10), (12, 16)]
    assert_offsets_match(doc)


def test_offsets_by_aligning_to_given_text():
    text = "  Hello   world .\n\n\tIt\n works.  "
    doc = Document.from_conllu(TWO, text=text)
    assert doc.text == text
    assert forms_and_offsets(doc) == [
        [("Hello", 2, 7), ("world", 10, 15), (".", 16, 17)],
        [("It", 20, 22), ("works", 24, 29), (".", 29, 30)],
    ]
    assert_offsets_match(doc)


def test_text_rebuilt_from_text_comments():
    doc = Document.from_conllu(TWO)
    assert doc.text == "Hello world. It works."
    assert_offsets_match(doc)


def test_text_rebuilt_with_newpar_as_blank_line():
    src = TWO.replace("# sent_id = 2", "# newpar\n# sent_id = 2")
    doc = Document.from_conllu(src)
    assert doc.text == "Hello world.\n\nIt works."
    assert_offsets_match(doc)


def test_text_rebuilt_from_forms_and_space_after_without_comments():
    src = "\n".join(l for l in TWO.splitlines() if not l.startswith("#")) + "\n"
    doc = Document.from_conllu(src)
    assert doc.text == "Hello world. It works."
    assert_offsets_match(doc)


def test_text_comment_containing_equals_sign():
    src = "# text = a = b\n" + "\n".join(
        [
            row(1, "a", "a", "X", "_", "_", 0, "root", "_", "_"),
            row(2, "=", "=", "SYM", "_", "_", 1, "dep", "_", "_"),
            row(3, "b", "b", "X", "_", "_", 1, "dep", "_", "_"),
        ]
    )
    doc = Document.from_conllu(src)
    assert doc.text == "a = b"
    assert forms_and_offsets(doc) == [[("a", 0, 1), ("=", 2, 3), ("b", 4, 5)]]


# ------------------------------------------------- multi-word tokens, empty nodes


def test_multiword_token_words_share_token_offsets():
    doc = Document.from_conllu(MWT)
    assert doc.text == "I don't know."
    words = doc.sentences[0].words
    assert [w.id for w in words] == [1, 2, 3, 4, 5]
    assert [(w.text, w.start, w.end) for w in words] == [
        ("I", 0, 1),
        ("do", 2, 7),
        ("n't", 2, 7),
        ("know", 8, 12),
        (".", 12, 13),
    ]
    assert doc.text[words[1].start:words[1].end] == "don't"


def test_multiword_token_aligned_to_given_text():
    text = "I  don't\nknow."
    doc = Document.from_conllu(MWT, text=text)
    assert [(w.text, w.start, w.end) for w in doc.sentences[0]] == [
        ("I", 0, 1),
        ("do", 3, 8),
        ("n't", 3, 8),
        ("know", 9, 13),
        (".", 13, 14),
    ]


def test_empty_nodes_are_skipped():
    lines = MWT.splitlines()
    lines.insert(5, row("3.1", "GAP", "gap", "X", "_", "_", "_", "_", "4:orphan", "_"))
    doc = Document.from_conllu("\n".join(lines) + "\n")
    assert doc == Document.from_conllu(MWT)
    assert all(w.text != "GAP" for w in doc.sentences[0])


# ------------------------------------------------------------------- errors


def _err_line(src: str, exc=ConlluError, **kw):
    with pytest.raises(exc) as ei:
        Document.from_conllu(src, **kw)
    return ei.value


def test_error_wrong_column_count_names_line_and_fix():
    src = "\n".join(
        [
            "# text = Hello world.",
            row(1, "Hello", "hello", "INTJ", "_", "_", 0, "root", "_", "_"),
            "2 world world NOUN _ _ 1 vocative _ _",
        ]
    )
    e = _err_line(src)
    assert e.line == 3
    assert "line 3" in str(e)
    assert "10 tab-separated columns" in str(e)
    assert "tabs" in str(e)  # the likely fix: columns separated by spaces
    assert isinstance(e, ValueError) and isinstance(e, QuoteAttrError)


def test_error_non_integer_id():
    src = "\n".join(
        [
            row(1, "Hello", "hello", "INTJ", "_", "_", 0, "root", "_", "_"),
            row("two", "world", "world", "NOUN", "_", "_", 1, "vocative", "_", "_"),
        ]
    )
    e = _err_line(src)
    assert e.line == 2
    assert "line 2" in str(e) and "'two'" in str(e) and "integer" in str(e)


def test_error_id_out_of_sequence():
    src = "\n".join(
        [
            "# sent_id = 1",
            row(1, "Hello", "hello", "INTJ", "_", "_", 0, "root", "_", "_"),
            row(3, "world", "world", "NOUN", "_", "_", 1, "vocative", "_", "_"),
        ]
    )
    e = _err_line(src)
    assert e.line == 3
    assert "line 3" in str(e) and "expected word ID 2, got 3" in str(e)


def test_error_id_out_of_sequence_in_second_sentence():
    lines = TWO.splitlines()
    lines[8] = lines[8].replace("1\tIt", "2\tIt", 1)
    e = _err_line("\n".join(lines))
    assert e.line == 9
    assert "expected word ID 1, got 2" in str(e)


def test_error_head_out_of_range():
    src = "\n".join(
        [
            row(1, "Hello", "hello", "INTJ", "_", "_", 0, "root", "_", "_"),
            row(2, "world", "world", "NOUN", "_", "_", 7, "vocative", "_", "_"),
            row(3, ".", ".", "PUNCT", "_", "_", 1, "punct", "_", "_"),
            "",
        ]
    )
    e = _err_line(src)
    assert e.line == 2
    assert "line 2" in str(e) and "HEAD 7" in str(e) and "3 words" in str(e)


def test_error_head_not_integer():
    src = row(1, "Hello", "hello", "INTJ", "_", "_", "root", "root", "_", "_") + "\n"
    e = _err_line(src)
    assert e.line == 1 and "HEAD" in str(e)


def test_error_tokens_do_not_match_given_text():
    e = _err_line(TWO, AlignmentError, text="Hello world. It failed.")
    assert isinstance(e, ValueError) and isinstance(e, QuoteAttrError)
    assert "line 10" in str(e)  # "works" is on line 10
    assert "'works'" in str(e)
    assert "given text" in str(e)  # says what is expected of the text


def test_alignment_error_carries_line_attribute():
    e = _err_line(TWO, AlignmentError, text="Hello world. It failed.")
    assert getattr(e, "line", None) == 10


def test_error_misc_offsets_do_not_match_given_text():
    src = _offset_conllu(lambda s, e: f"start_char={s}|end_char={e}")
    e = _err_line(src, AlignmentError, text="Ho  there.\n\nBye.")
    assert "line 1" in str(e) and "'Hi'" in str(e) and "pass the text" in str(e)


def test_error_misc_offsets_beyond_given_text():
    # offsets that point past the end of the given text cannot be right either
    src = _offset_conllu(lambda s, e: f"start_char={s}|end_char={e}")
    _err_line(src, AlignmentError, text="Hi  there.")


@pytest.mark.parametrize("data", [b"1\tHi\t_\t_\t_\t_\t0\troot\t_\t_\n", bytearray(b"x")])
def test_error_bytes_input(data):
    with pytest.raises(InputTypeError) as ei:
        Document.from_conllu(data)
    assert isinstance(ei.value, TypeError)
    assert "bytes" in str(ei.value) and "decode" in str(ei.value)


def test_error_wrong_source_type():
    with pytest.raises(TypeError):
        Document.from_conllu(42)


def test_error_from_file_object_also_has_line():
    with pytest.raises(ConlluError) as ei:
        Document.from_conllu(io.StringIO("# c\n\n1\tonly three\tcols\n"))
    assert ei.value.line == 3


# ----------------------------------------------------------- iter_conllu


def test_iter_conllu_yields_comments_and_tokens():
    out = list(iter_conllu(MWT))
    assert len(out) == 1
    comments, tokens = out[0]
    assert comments["sent_id"] == "1" and comments["text"] == "I don't know."
    assert [t.form for t in tokens] == ["I", "don't", "know", "."]
    assert [len(t.words) for t in tokens] == [1, 2, 1, 1]


def test_iter_conllu_is_lazy():
    bad_second = TWO.replace("1\tIt\tit", "x\tIt\tit")
    it = iter_conllu(bad_second)
    comments, tokens = next(it)
    assert comments["sent_id"] == "1"
    with pytest.raises(ConlluError):
        next(it)


# ------------------------------------------------------ iter_conllu_documents


def _docs_source():
    return "\n".join(
        [
            "# newdoc id = first",
            TWO,
            "# newdoc id = second",
            MWT,
            "# newdoc",
            "# text = Bye.",
            row(1, "Bye", "bye", "INTJ", "_", "_", 0, "root", "_", "SpaceAfter=No"),
            row(2, ".", ".", "PUNCT", "_", "_", 1, "punct", "_", "_"),
            "",
        ]
    )


def test_iter_conllu_documents_splits_at_newdoc():
    docs = list(iter_conllu_documents(_docs_source()))
    assert [d for d, _ in docs] == ["first", "second", None]
    assert [doc.text for _, doc in docs] == ["Hello world. It works.", "I don't know.", "Bye."]
    assert [len(doc.sentences) for _, doc in docs] == [2, 1, 1]
    for _, doc in docs:
        assert_offsets_match(doc)
        assert doc.sentences[0].words[0].start == 0  # offsets are per document


def test_iter_conllu_documents_without_newdoc_is_one_document():
    docs = list(iter_conllu_documents(TWO))
    assert len(docs) == 1
    assert docs[0][0] is None and docs[0][1] == Document.from_conllu(TWO)


class CountingLines:
    """A file-like object that counts how many lines have been read."""

    def __init__(self, text: str):
        self._lines = text.splitlines(keepends=True)
        self.read_lines = 0

    def read(self, *a):  # pragma: no cover - only its presence matters
        raise AssertionError("should be iterated line by line")

    def __iter__(self):
        for line in self._lines:
            self.read_lines += 1
            yield line


def test_iter_conllu_documents_streams():
    one = "\n".join(
        [
            "# text = Hi.",
            row(1, "Hi", "hi", "INTJ", "_", "_", 0, "root", "_", "SpaceAfter=No"),
            row(2, ".", ".", "PUNCT", "_", "_", 1, "punct", "_", "_"),
            "",
        ]
    )
    src = "".join(f"# newdoc id = d{k}\n{one}\n" for k in range(200))
    fh = CountingLines(src)
    it = iter_conllu_documents(fh)
    doc_id, doc = next(it)
    assert doc_id == "d0" and doc.text == "Hi."
    assert fh.read_lines < 20  # only the first document (and the start of the next) was read
    assert sum(1 for _ in it) == 199


def test_iter_conllu_documents_yields_good_documents_before_a_bad_one():
    src = _docs_source().replace("1\tBye\tbye", "1\tBye bye")
    it = iter_conllu_documents(src)
    assert next(it)[0] == "first"
    with pytest.raises(ConlluError) as ei:
        list(it)
    assert ei.value.line == 26


# ------------------------------------------------------------------ to_conllu


def _hand_document() -> Document:
    text = "Hello world.\n\n  Second one here."

    def w(i, t, h, s):
        return Word(i, t, t.lower(), "X", "_", "_", h, "dep" if h else "root", s, s + len(t))

    s1 = Sentence((w(1, "Hello", 0, 0), w(2, "world", 1, 6), w(3, ".", 1, 11)), 0, 12)
    s2 = Sentence(
        (w(1, "Second", 0, 16), w(2, "one", 1, 23), w(3, "here", 1, 27), w(4, ".", 1, 31)), 16, 32
    )
    return Document(text, (s1, s2))


def test_to_conllu_writes_offsets_and_text_comments():
    out = to_conllu(_hand_document())
    lines = out.splitlines()
    assert lines[0] == "# sent_id = 1"
    assert lines[1] == "# text = Hello world."
    assert lines[2].split("\t") == ["1", "Hello", "hello", "X", "_", "_", "0", "root", "_", "start_char=0|end_char=5"]
    assert all(len(l.split("\t")) == 10 for l in lines if l and not l.startswith("#"))
    assert out.endswith("\n\n")


def test_to_conllu_round_trip_with_text():
    doc = _hand_document()
    assert Document.from_conllu(to_conllu(doc), text=doc.text) == doc


def test_to_conllu_round_trip_without_text_single_line():
    doc = Document.from_conllu(TWO)
    back = Document.from_conllu(to_conllu(doc))
    assert back == doc


def test_to_conllu_round_trip_without_text_never_corrupts_offsets():
    # without the text and with paragraph breaks, the reader either rebuilds
    # the same offsets or says the text is needed; it never shifts offsets.
    doc = _hand_document()
    try:
        back = Document.from_conllu(to_conllu(doc))
    except AlignmentError as e:
        assert "pass the text" in str(e)
    else:
        assert forms_and_offsets(back) == forms_and_offsets(doc)


def test_to_conllu_is_utf8_and_one_line_per_word():
    # a lone surrogate (a legal "\ud800" JSON escape) and a line separator inside a
    # sentence: the output must encode as UTF-8 and keep one line per word
    text = "We\u2028won \ud800."

    def w(i, t, h, s):
        return Word(i, t, t, "X", "_", "_", h, "dep" if h else "root", s, s + len(t))

    doc = Document(text, (Sentence((w(1, "We", 0, 0), w(2, "won", 1, 3), w(3, "\ud800", 1, 7), w(4, ".", 1, 8)), 0, 9),))
    out = to_conllu(doc)
    out.encode("utf-8")
    lines = out.splitlines()
    assert lines[1] == "# text = We won \ufffd."
    assert [l.split("\t")[1] for l in lines[2:6]] == ["We", "won", "\ufffd", "."]
    assert lines[4].endswith("start_char=7|end_char=8")
    back = Document.from_conllu(out, text=text.replace("\u2028", " ").replace("\ud800", "\ufffd"))
    assert [[(s, e) for _, s, e in x] for x in forms_and_offsets(back)] == [[(0, 2), (3, 6), (7, 8), (8, 9)]]


def test_to_conllu_round_trip_multiword_token():
    doc = Document.from_conllu(MWT)
    back = Document.from_conllu(to_conllu(doc), text=doc.text)
    assert back == doc


def test_to_conllu_round_trip_fixture():
    doc = Document.from_conllu(FIXTURE)
    out = to_conllu(doc)
    back = Document.from_conllu(out, text=doc.text)
    assert back == doc
    assert forms_and_offsets(back) == forms_and_offsets(doc)


# --------------------------------------------------- the hand-written fixture


def test_fixture_documents_are_all_read():
    docs = list(iter_conllu_documents(FIXTURE))
    declared = [line.split("=", 1)[1].strip() for line in FIXTURE.read_text(encoding="utf-8").splitlines()
                if line.startswith("# newdoc id")]
    assert len(declared) >= 18
    ids = [d for d, _ in docs]
    assert ids == declared and None not in ids
    assert "direct_inverted" in ids and "split_quote" in ids


@pytest.mark.parametrize("doc_id, doc", list(iter_conllu_documents(FIXTURE)), ids=lambda x: x if isinstance(x, str) else "")
def test_fixture_document_structure(doc_id, doc):
    assert doc.sentences
    for sent in doc.sentences:
        roots = [w for w in sent if w.head == 0]
        assert len(roots) == 1, f"{doc_id}: {len(roots)} roots"
        assert roots[0].deprel == "root"
        n = len(sent)
        assert [w.id for w in sent] == list(range(1, n + 1))
        spans = [(w.start, w.end) for w in sent]
        for w in sent:
            assert 0 <= w.head <= n and w.head != w.id
            if spans.count((w.start, w.end)) > 1:  # a word of a multi-word token ("does" + "n’t") has the token's offsets
                assert w.text in doc.text[w.start:w.end]
            else:
                assert doc.text[w.start:w.end] == w.text
        # every word reaches the root (no cycles)
        for w in sent:
            seen, v = set(), w
            while v.head != 0:
                assert v.id not in seen, f"{doc_id}: cycle through word {v.id}"
                seen.add(v.id)
                v = sent.word(v.head)


def test_fixture_whole_file_as_one_document():
    doc = Document.from_conllu(FIXTURE)
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    n_sent = sum(1 for line in lines if line.startswith("# sent_id"))
    n_doc = sum(1 for line in lines if line.startswith("# newdoc"))
    assert len(doc.sentences) == n_sent
    assert_offsets_match(doc)
    # documents are separated by blank lines in the rebuilt text
    assert doc.text.count("\n\n") == n_doc - 1


def test_fixture_quotes_are_scanned_in_its_text():
    docs = dict(iter_conllu_documents(FIXTURE))
    r = quoteattr.scan(docs["split_quote"].text)
    assert [q.content.text for q in r.quotes] == ["It is true,", "and it is final."]
