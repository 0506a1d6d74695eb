"""Hostile input, round 6: CoNLL-U round trips without ``text=`` (leading white
space, paragraphs, tabs, CRLF, runs of spaces, characters a line cannot hold),
the JSONL record's own "id" under ``--id-field``, the stanza processor's
``quoteattr_lang``, and the fuzzing that followed.

No parsing model is loaded here (a fake pipeline stands in for the CLI).
"""

from __future__ import annotations

import regex
import pytest

import quoteattr
from quoteattr import AlignmentError, Document, Sentence, Word, to_conllu


# ------------------------------------------------------------ CoNLL-U round trip


def _parse(text: str) -> Document:
    """A parse of ``text`` as a tokenizer would make it: runs of non-space are
    tokens, a final period its own token, "don't" a multi-word token, and a
    sentence ends at each period."""
    sents, words = [], []
    for m in regex.finditer(r"\S+", text):
        tok, s = m.group(), m.start()
        if tok.lower() == "don't":
            words += [("do", s, m.end()), ("n't", s, m.end())]
        elif tok.endswith(".") and len(tok) > 1:
            words += [(tok[:-1], s, m.end() - 1), (".", m.end() - 1, m.end())]
        else:
            words.append((tok, s, m.end()))
        if tok.endswith("."):
            sents.append(words)
            words = []
    if words:
        sents.append(words)
    out = []
    for ws in sents:
        ww = tuple(Word(i + 1, t, t.lower(), "X", "_", "_", 0 if i == 0 else 1, "dep" if i else "root", s, e) for i, (t, s, e) in enumerate(ws))
        out.append(Sentence(ww, ww[0].start, ww[-1].end))
    return Document(text, tuple(out))


def _words(doc: Document):
    return [[(w.id, w.text, w.head, w.start, w.end) for w in s] for s in doc.sentences]


ROUND_TRIP_TEXTS = {
    "leading and trailing white space": "  \n Hello world. It works.  \n",
    "paragraphs": "Para one.\n\nPara two here. And more.\n\n\n\nThree.\n",
    "tabs": "Tab\tseparated words.\t\tMore\t.",
    "crlf": "First line here.\r\nSecond line.\r\n\r\nNew paragraph.\r\n",
    "runs of spaces": "a  b   c.    d     e.",
    "non-ascii": "Héllo “wörld” 日本語. Ünïcödé — “quoted,” she said. 👍 ok.",
    "odd white space": "One.\u00a0Two\u2028three.\u3000Four\x0bfive\x0csix\x85seven\u2029eight\x1cnine.",
    "escape characters in the text": "back\\slash|pipe =eq. \\s \\n \\u0041 literal.",
    "multi-word token": "  I don't know.\n\nWe don't.",
    "lone CR": "Old Mac line.\rNext one.\r\rPara.",
    "control characters between tokens": "A\x07b \x00c.\x1b",
    "no white space at all": "x",
}


@pytest.mark.parametrize("text", list(ROUND_TRIP_TEXTS.values()), ids=list(ROUND_TRIP_TEXTS))
def test_conllu_round_trip_rebuilds_the_text_byte_for_byte(text):
    """Bug: without ``text=`` the text came from the ``# text`` lines joined by one
    space (or a blank line at ``# newpar``): leading white space, blank lines, tabs
    and CRLF were lost, and a parse with offsets in MISC failed with an
    AlignmentError ('token ... has offsets ..., but the text there is ...')."""
    doc = _parse(text)
    conllu = to_conllu(doc)
    back = Document.from_conllu(conllu)
    assert back.text == text
    assert _words(back) == _words(doc)
    for s in back.sentences:
        for w in s:
            if sum((v.start, v.end) == (w.start, w.end) for v in s) == 1:  # not a part of "don't"
                assert back.text[w.start:w.end] == w.text
    # one line per word and comment: nothing in MISC breaks a line for any reader
    for line in conllu.splitlines():
        assert line == "" or line.startswith("#") or len(line.split("\t")) == 10
    conllu.encode("utf-8")


def test_conllu_round_trip_writes_udpipe_spacing_fields():
    """The spacing uses UDPipe's MISC fields and ``# newpar``, so other tools read it too."""
    conllu = to_conllu(_parse("  Hi there.\n\nBye.\t"))
    rows = [line.split("\t") for line in conllu.splitlines() if line and not line.startswith("#")]
    misc = {r[1]: r[9] for r in rows}
    assert misc["Hi"] == r"SpacesBefore=\s\s|start_char=2|end_char=4"
    assert misc["there"] == "SpaceAfter=No|start_char=5|end_char=10"
    assert rows[2][9] == r"SpacesAfter=\n\n|start_char=10|end_char=11"
    assert rows[-1][9] == r"SpacesAfter=\t|start_char=16|end_char=17"
    assert conllu.splitlines().count("# newpar") == 1
    assert "# newpar\n# sent_id = 2\n# text = Bye." in conllu


def test_conllu_reads_udpipe_spacing_without_offsets():
    """A UDPipe file (spacing fields, no offsets) gives the exact text and offsets."""
    conllu = "\n".join([
        "# newdoc", "# newpar", "# text = Hi there.",
        "1\tHi\thi\tINTJ\t_\t_\t0\troot\t_\tSpacesBefore=\\s\\t",
        "2\tthere\tthere\tADV\t_\t_\t1\tadvmod\t_\tSpaceAfter=No",
        "3\t.\t.\tPUNCT\t_\t_\t1\tpunct\t_\tSpacesAfter=\\r\\n\\r\\n",
        "",
        "# newpar", "# text = 10 000 more",
        "1\t10 000\t10000\tNUM\t_\t_\t2\tnummod\t_\tSpacesInToken=10\\u00a0000",
        "2\tmore\tmore\tADJ\t_\t_\t0\troot\t_\tSpacesAfter=\\n",
        "",
    ])
    doc = Document.from_conllu(conllu)
    assert doc.text == " \tHi there.\r\n\r\n10\u00a0000 more\n"
    assert [(w.text, w.start, w.end) for s in doc.sentences for w in s] == [
        ("Hi", 2, 4), ("there", 5, 10), (".", 10, 11), ("10 000", 15, 21), ("more", 22, 26)]


def test_conllu_without_spacing_fields_reads_as_before():
    """Files without spacing fields (quoteattr's own before this round) still read
    from their ``# text`` lines: sentences joined by one space."""
    old = "# text = Hello  world.\n1\tHello\t_\t_\t_\t_\t0\troot\t_\tstart_char=0|end_char=5\n" \
          "2\tworld.\t_\t_\t_\t_\t1\tdep\t_\tstart_char=7|end_char=13\n\n" \
          "# text = Bye.\n1\tBye.\t_\t_\t_\t_\t0\troot\t_\tstart_char=14|end_char=18\n\n"
    doc = Document.from_conllu(old)
    assert doc.text == "Hello  world. Bye."


def test_conllu_that_cannot_be_rebuilt_says_so_and_names_text():
    """A parse whose offsets the written spacing cannot reproduce (overlapping
    tokens, a hand-built document) is refused with the fix, never read shifted."""
    text = "abcdef"
    words = (Word(1, "abcd", "_", "X", "_", "_", 0, "root", 0, 4), Word(2, "cdef", "_", "X", "_", "_", 1, "dep", 2, 6))
    conllu = to_conllu(Document(text, (Sentence(words, 0, 6),)))
    with pytest.raises(AlignmentError, match=r"cannot be rebuilt exactly.*text=") as ei:
        Document.from_conllu(conllu)
    assert isinstance(ei.value, ValueError)
    assert Document.from_conllu(conllu, text=text).text == text  # the fix works


def test_conllu_unknown_escapes_stay_as_written():
    """As in UDPipe, an escape it does not know (``\\x``, a short ``\\u12``) is kept."""
    conllu = "1\ta\t_\t_\t_\t_\t0\troot\t_\tSpacesAfter=\\x\\u12\\\n2\tb\t_\t_\t_\t_\t1\tdep\t_\t_\n"
    assert Document.from_conllu(conllu).text == "a\\x\\u12\\b"


# ------------------------------------------------------------ --id-field


@pytest.fixture
def fake_pipeline(monkeypatch):
    import quoteattr._pipeline as pl
    from hostile_fakes import FakePipeline

    monkeypatch.setattr(pl, "Pipeline", FakePipeline)


def _run_corpus(tmp_path, records, *args):
    import json

    from quoteattr._cli import main

    corpus, out, err = tmp_path / "c.jsonl", tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    code = main([str(corpus), "-o", str(out), "--errors", str(err), "-q", *args])
    read = lambda p: [json.loads(x) for x in p.read_text(encoding="utf-8").splitlines()] if p.exists() else []
    return code, read(out), read(err)


def test_id_field_keeps_the_records_own_id_as_record_id(tmp_path, fake_pipeline):
    """Bug: under ``--id-field doc`` the record's own "id" was overwritten by the
    chosen id and lost from the output."""
    code, docs, errs = _run_corpus(tmp_path, [
        {"doc": "a", "id": 17, "text": "\u201cHi,\u201d he said.", "outlet": "X"},
        {"doc": "b", "text": "No id of its own."},
        {"doc": "c", "id": None, "text": "A null id is data too."},
    ], "--id-field", "doc")
    assert code == 0 and errs == []
    assert [d["id"] for d in docs] == ["a", "b", "c"]
    assert docs[0]["metadata"] == {"record_id": 17, "outlet": "X"}
    assert docs[1]["metadata"] == {}
    assert docs[2]["metadata"] == {"record_id": None}


def test_id_field_resume_still_skips_by_the_chosen_id(tmp_path, fake_pipeline):
    recs = [{"doc": "a", "id": 1, "text": "one"}, {"doc": "b", "id": 2, "text": "two"}]
    _run_corpus(tmp_path, recs[:1], "--id-field", "doc")
    code, docs, _ = _run_corpus(tmp_path, recs, "--id-field", "doc", "--resume")
    assert code == 0 and [(d["id"], d["metadata"]["record_id"]) for d in docs] == [("a", 1), ("b", 2)]


def test_id_field_with_a_record_id_field_too_is_refused_not_overwritten(tmp_path, fake_pipeline):
    code, docs, errs = _run_corpus(tmp_path, [
        {"doc": "a", "id": 1, "record_id": 9, "text": "x"},
        {"doc": "b", "record_id": 9, "text": "y"},  # no own "id": nothing moves, kept as is
    ], "--id-field", "doc")
    assert code == 1
    assert [(d["id"], d["metadata"]) for d in docs] == [("b", {"record_id": 9})]
    (e,) = errs
    assert e["line"] == 1 and e["id"] == "a" and "record_id" in e["error"] and "rename" in e["error"]


def test_id_field_default_id_is_unchanged(tmp_path, fake_pipeline):
    code, docs, _ = _run_corpus(tmp_path, [{"id": 5, "text": "x", "record_id": 3}])
    assert code == 0 and docs[0]["id"] == 5 and docs[0]["metadata"] == {"record_id": 3}


def test_id_field_same_as_text_field_is_an_option_error(tmp_path, fake_pipeline, capsys):
    """Bug: ``--id-field text`` moved every text to "id", and every record then
    failed with "record has no 'text' field"."""
    from hostile_fakes import _error_line

    code, docs, errs = _run_corpus(tmp_path, [{"text": "x"}], "--id-field", "text")
    assert code == 2 and docs == [] and errs == []
    line = _error_line(capsys.readouterr().err)
    assert "--id-field and --text-field" in line


# ------------------------------------------------------------ the stanza processor


def _stanza_pipeline(**kw):
    """A stanza pipeline with quoteattr after a pretokenized tokenizer: no model
    is loaded or downloaded (the tagger and parser are not needed to build it)."""
    stanza = pytest.importorskip("stanza")
    import quoteattr.stanza as qs

    return stanza.Pipeline(processors="tokenize,quoteattr", tokenize_pretokenized=True, quoteattr_check_requirements=False,
                           quoteattr_learned_spans=False, logging_level="ERROR", **qs.compact_model_kwargs(), **kw)


@pytest.mark.parametrize("lang, exc", [("xx", quoteattr.OptionError), ("../en", quoteattr.OptionError), (["en"], quoteattr.InputTypeError)])
def test_stanza_processor_refuses_an_unknown_quoteattr_lang(lang, exc):
    """Bug: ``quoteattr_lang`` was ignored (stanza overwrites the processor's
    ``lang`` with the pipeline's): "xx" ran the English rules without a word."""
    with pytest.raises(exc, match=r"quoteattr_lang: .*available: en"):
        _stanza_pipeline(quoteattr_lang=lang)


def test_stanza_processor_attributes_with_quoteattr_lang(monkeypatch):
    """The language given is the one whose lexicon attributes (a second language
    stands in through ``check_lang``, since only English is bundled)."""
    import quoteattr._lexicon as lx
    import quoteattr._pipeline as pl

    seen = []
    real_check, real_attribute = lx.check_lang, pl.attribute_document
    monkeypatch.setattr(lx, "check_lang", lambda lang: lang if lang == "xx" else real_check(lang))
    monkeypatch.setattr(pl, "attribute_document", lambda doc, lang, **kw: seen.append(lang) or real_attribute(doc, "en", **kw))
    nlp = _stanza_pipeline(quoteattr_lang="xx")
    assert nlp.processors["quoteattr"]._lang == "xx"
    doc = nlp([["\u201c", "Hi", ",", "\u201d", "he", "said", "."]])
    assert seen == ["xx"] and len(doc.quoteattr.quotes) == 1
    assert _stanza_pipeline().processors["quoteattr"]._lang == "en"  # the default


# ------------------------------------------------------------ fuzzing: parses that are not trees

CYCLE = "".join(f"{i}\t{t}\t{t.lower()}\t{u}\t_\t_\t{h}\t{d}\t_\t_\n" for i, t, u, h, d in [
    (1, "It", "PRON", 2, "nsubj"), (2, "rained", "VERB", 0, "root"), (3, ",", "PUNCT", 2, "punct"),
    (4, "according", "VERB", 6, "case"), (5, "to", "ADP", 4, "fixed"), (6, "Smith", "PROPN", 7, "obl"),
    (7, "Jones", "PROPN", 6, "flat"), (8, ".", "PUNCT", 2, "punct")])


def test_conllu_heads_in_a_cycle_are_a_conllu_error():
    """Bug: "It rained, according to Smith Jones." with Smith and Jones each
    other's head was read, and attribute_document then looped forever (the rules
    climb heads and walk dependents)."""
    from quoteattr import ConlluError

    with pytest.raises(ConlluError, match=r"line 6: the HEADs of words 6 → 7 → 6 make a cycle.*fix the HEAD column") as ei:
        Document.from_conllu(CYCLE)
    assert ei.value.line == 6 and isinstance(ei.value, ValueError)
    self_loop = CYCLE.replace("6\tSmith\tsmith\tPROPN\t_\t_\t7", "6\tSmith\tsmith\tPROPN\t_\t_\t6")
    with pytest.raises(ConlluError, match=r"words 6 → 6 make a cycle"):
        Document.from_conllu(self_loop)
    tree = CYCLE.replace("7\tJones\tjones\tPROPN\t_\t_\t6", "7\tJones\tjones\tPROPN\t_\t_\t2")
    assert len(Document.from_conllu(tree).sentences[0].words) == 8  # the same words as a tree are fine


def test_stanza_heads_in_a_cycle_are_an_input_error():
    stanza = pytest.importorskip("stanza")
    words = [{"id": i, "text": t, "head": h, "deprel": "dep", "start_char": s, "end_char": s + len(t)}
             for i, t, h, s in [(1, "Smith", 2, 0), (2, "Jones", 1, 6), (3, "spoke", 0, 12)]]
    doc = stanza.Document([words], text="Smith Jones spoke")
    with pytest.raises(quoteattr.InputError, match=r"words 1 → 2 → 1 make a cycle.*depparse"):
        Document.from_stanza(doc)


# ------------------------------------------------------------ fuzzing: the public API


@pytest.mark.parametrize("field, value", [(f, None) for f in ("text", "lemma", "upos", "xpos", "feats", "deprel")]
                         + [("lemma", b"hi"), ("upos", 1), ("deprel", ["root"])])
def test_word_tags_must_be_strings(field, value):
    """Bug: ``Word(1, None, …)`` (or a bytes lemma, an int tag) was accepted, and
    attribute_document failed deep inside with "'NoneType' object has no attribute 'lower'"."""
    kw = dict(id=1, text="Hi", lemma="hi", upos="X", xpos="_", feats="_", head=0, deprel="root", start=0, end=2)
    kw[field] = value
    with pytest.raises(quoteattr.InputTypeError, match=rf"Word\.{field} must be a str .*from_conllu"):
        Word(**kw)


def test_from_stanza_given_a_quoteattr_document_says_it_is_parsed_already():
    """Bug: it has ``sentences`` and ``text`` as a stanza Document has, and failed
    with "'Sentence' object has no attribute 'tokens'"."""
    parsed = Document.from_conllu("1\tHi\thi\tINTJ\t_\t_\t0\troot\t_\t_\n")
    with pytest.raises(quoteattr.InputTypeError, match=r"quoteattr Document, which is parsed already.*attribute_document"):
        Document.from_stanza(parsed)


@pytest.mark.parametrize("host, message", [
    ("\ud800", r"'\\ud800'.*pass a host name or address"),  # was TypeError: encoding of hostname failed
    ("::1", r"'::1'.*a host name or address of this machine"),  # an IPv6 address (no lookup): was "choose another port"
])
def test_server_host_it_cannot_listen_on_is_an_option_error(host, message):
    from hostile_fakes import _doc

    with pytest.raises(quoteattr.OptionError, match=message) as ei:
        quoteattr.Server([_doc("\u201cHi,\u201d he said.")], host, 0)
    assert "\n" not in str(ei.value) and "another port" not in str(ei.value)


# ------------------------------------------------------------ fuzzing: interrupted runs


class _Interrupting:
    """A pipeline interrupted (Ctrl-C) at its third document."""

    def __init__(self, *a, **k):
        from hostile_fakes import FakePipeline

        self._fake = FakePipeline()
        self._n = 0

    def _tick(self):
        self._n += 1
        if self._n == 3:
            raise KeyboardInterrupt

    def __call__(self, text, **meta):
        self._tick()
        return self._fake(text, **meta)

    def pipe(self, records, batch_size=16, text_field="text", n_process=1):
        for doc in self._fake.pipe(records, batch_size, text_field, n_process):
            self._tick()
            yield doc


@pytest.mark.parametrize("kind", ["corpus", "files"])
def test_an_interrupted_jsonl_run_says_how_to_go_on(kind, tmp_path, monkeypatch, capsys):
    """Bug: Ctrl-C in a corpus run (or files written as JSON Lines) said only
    "interrupted"; the lines written are whole and ``--resume`` goes on."""
    import json

    import quoteattr._pipeline as pl
    from quoteattr._cli import main

    monkeypatch.setattr(pl, "Pipeline", _Interrupting)
    out = tmp_path / "out.jsonl"
    if kind == "corpus":
        corpus = tmp_path / "c.jsonl"
        corpus.write_text("".join(json.dumps({"id": i, "text": f"t{i}"}) + "\n" for i in range(5)), encoding="utf-8")
        inputs = [str(corpus)]
    else:
        for i in range(5):
            (tmp_path / f"{i}.txt").write_text(f"t{i}", encoding="utf-8")
        inputs = [str(tmp_path / f"{i}.txt") for i in range(5)]
    assert main([*inputs, "-o", str(out), "-q"]) == 130
    err = capsys.readouterr().err
    assert err.strip() == "quoteattr: error: interrupted; the lines written so far are kept: run again with --resume to go on"
    assert len([json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]) == 2
    monkeypatch.setattr(pl, "Pipeline", __import__("hostile_fakes").FakePipeline)
    assert main([*inputs, "-o", str(out), "-q", "--resume"]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5


def test_a_source_entity_drops_invisible_characters_but_keeps_joiners():
    # a soft hyphen or zero-width space from a web page split the name from its other
    # mentions; the span keeps the text as written; ZWNJ spells Persian names
    text = "Zelen\u00adsky\u200b said"
    src = quoteattr.Source(quoteattr.Span.of(text, 0, 10), "Zelen\u00adsky\u200b  Jr")
    assert src.entity == "Zelensky Jr" and src.text == "Zelen\u00adsky\u200b"
    assert quoteattr.Source(quoteattr.Span.of("ab", 0, 2), "Mohammad\u200cReza").entity == "Mohammad\u200cReza"
