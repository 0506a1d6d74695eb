"""Hostile input, round 5: quoteattr's own output of an empty document read back,
an ``evaluate --errors`` path that is the gold, ``serve``/``Server`` given no
documents, brat paths that are too long or missing and non-documents given to
``write_ann``, CoNLL-U fields holding tabs, a stanza parse without offsets, a
spaCy Span and spaCy Docs that must be serialized, a dask column that is not
there, bad kinds in the data model, and bidirectional controls in the table.

No parsing model is loaded here (a fake pipeline stands in for the CLI).
"""

from __future__ import annotations

import json
import re

import pytest

import quoteattr
import quoteattr._pipeline as pl
from quoteattr import AttributedDocument, Attribution, Document, InputError, InputTypeError, OptionError, QuoteAttrError, Sentence, Source, Span, Word
from quoteattr._brat import document_to_ann, read_ann, write_ann
from quoteattr._evaluate import load_seed_gold
from quoteattr._cli import load_output, main
from quoteattr._output import document_to_dict, dumps_line, format_table
from hostile_fakes import FakePipeline, _doc, _error_line  # (shared by rounds 4 and 5)

TOO_LONG_NAME = "x" * 5000  # past every file system's NAME_MAX (ENAMETOOLONG)


@pytest.fixture
def fake_pipeline(monkeypatch):
    monkeypatch.setattr(pl, "Pipeline", FakePipeline)


# ------------------------------------------------------------ the CLI


@pytest.mark.parametrize("name", ["out.json", "out.jsonl"])
def test_serve_reads_back_the_output_of_an_empty_document(name, tmp_path, fake_pipeline, capsys):
    """Bug: ``load_output`` took a text of "" for no text ("written with --no-text?"):
    the output of a corpus with one empty record, or of an empty file, could not be served."""
    out = tmp_path / name
    if name.endswith(".jsonl"):
        corpus = tmp_path / "c.jsonl"
        corpus.write_text('{"id": 1, "text": ""}\n{"id": 2, "text": "\u201cHi,\u201d he said."}\n', encoding="utf-8")
        assert main([str(corpus), "-o", str(out), "-q"]) == 0
    else:
        empty = tmp_path / "empty.txt"
        empty.write_text("", encoding="utf-8")
        assert main([str(empty), "-o", str(out)]) == 0
    texts = [d.text for d in load_output(str(out))]
    assert texts == (["", "\u201cHi,\u201d he said."] if name.endswith(".jsonl") else [""])
    # output written with --no-text still says so
    d = document_to_dict(_doc("a"))
    d.pop("text")
    out.write_text(dumps_line(d) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="no text"):
        load_output(str(out))


@pytest.mark.parametrize("target", ["gold", "text"])
def test_evaluate_errors_file_may_not_be_the_gold_or_its_text(target, tmp_path, fake_pipeline, capsys):
    """Bug: ``quoteattr evaluate --gold x.gold.json --errors x.gold.json`` (or the
    text) read the gold, then overwrote it with the error report."""
    text = tmp_path / "a.txt"
    text.write_text("\u201cHi,\u201d he said.", encoding="utf-8")
    gold = tmp_path / "a.gold.json"
    gold_json = json.dumps({"attributions": []})
    gold.write_text(gold_json, encoding="utf-8")
    victim = gold if target == "gold" else text
    assert main(["evaluate", "--gold", str(gold), "--errors", str(victim), "-q"]) == 2
    assert "is also an input" in _error_line(capsys.readouterr().err)
    assert gold.read_text(encoding="utf-8") == gold_json and text.read_text(encoding="utf-8") == "\u201cHi,\u201d he said."
    # another path is written as before
    assert main(["evaluate", "--gold", str(gold), "--errors", str(tmp_path / "err.json"), "-q"]) == 0
    assert "details" in json.loads((tmp_path / "err.json").read_text(encoding="utf-8"))


def test_evaluate_errors_file_may_not_be_a_polnear_file(tmp_path, fake_pipeline, capsys):
    """The same for a PolNeAR split: --errors naming one of its .ann files."""
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a.txt").write_text("He said hi.", encoding="utf-8")
    ann = tmp_path / "attributions" / "a_x.ann"
    ann.write_text("", encoding="utf-8")
    assert main(["evaluate", "--gold", str(tmp_path), "--errors", str(ann), "-q"]) == 2
    assert "is also an input" in _error_line(capsys.readouterr().err)


def test_a_folder_named_txt_in_a_directory_is_not_an_input(tmp_path, fake_pipeline, capsys):
    """Bug: a sub-folder named "2024.txt" was taken for a text file and failed the run (exit 1)."""
    (tmp_path / "2024.txt").mkdir()
    (tmp_path / "a.txt").write_text("\u201cHi,\u201d he said.", encoding="utf-8")
    assert main([str(tmp_path), "-f", "jsonl"]) == 0
    out, err = capsys.readouterr()
    assert [json.loads(x)["file"] for x in out.splitlines()] == [str(tmp_path / "a.txt")] and not err


# ------------------------------------------------------------ the corpus browser


@pytest.mark.parametrize("docs", [None, 5, "He said hi.", ["He said hi."], {"text": "a"}])
def test_serve_and_server_reject_what_is_not_documents(docs):
    """Bug: ``serve(None)`` raised "'NoneType' object is not iterable", and
    ``Server(["text"], ...)`` an AttributeError from deep in the table."""
    with pytest.raises(InputError, match="AttributedDocument"):
        quoteattr.serve(docs, port=0, block=False)
    with pytest.raises(InputError, match="AttributedDocument"):
        quoteattr.Server(docs, "127.0.0.1", 0)
    with quoteattr.serve(iter([AttributedDocument(text="a")]), port=0, block=False) as server:  # a generator still works
        assert "documents=1" in repr(server)


# ------------------------------------------------------------ brat


def test_read_ann_name_too_long_or_missing_is_an_input_error():
    """Bug: ``read_ann`` called ``Path.is_file``, which raises OSError for a name too long;
    a missing "gold/x.ann" was read as annotations ("not a brat annotation line")."""
    with pytest.raises(InputError, match="not a brat annotation line"):
        read_ann(TOO_LONG_NAME, "abc")
    for path in ("nope/x.ann", "x.ann"):
        with pytest.raises(InputError, match=f"{path}: no such file"):
            read_ann(path, "abc")
    assert read_ann("", "abc") == [] and read_ann("T1\tSource 0 1\ta\n", "abc") == []


@pytest.mark.parametrize("doc", ["He said hi.", None, Document("a", ())])
def test_write_ann_rejects_non_documents(doc):
    """Bug: ``write_ann("text")`` raised AttributeError ('str' object has no attribute 'attributions')."""
    for call in (write_ann, document_to_ann):
        with pytest.raises(InputTypeError, match="AttributedDocument"):
            call(doc)
    assert write_ann(_doc("\u201cHi,\u201d he said.")).startswith("T1\tSource 6 8\the\n")


# ------------------------------------------------------------ CoNLL-U


def test_to_conllu_keeps_one_line_per_word_whatever_the_tags_hold():
    """Bug: only the form and lemma were made safe: a tab or line break in a
    hand-built word's UPOS, XPOS, FEATS or DEPREL split its line, and the output
    could not be read back ('expected 10 tab-separated columns')."""
    word = Word(1, "Hi", "hi", "IN\tTJ", "U\nH", "A=1\rB=2", 0, "root\u2028x", 0, 2)
    conllu = quoteattr.to_conllu(Document("Hi", (Sentence((word,), 0, 2),)))
    assert len(conllu.splitlines()) == 4  # sent_id, text, the word, the blank line
    (w,) = Document.from_conllu(conllu, text="Hi").sentences[0].words
    assert (w.upos, w.xpos, w.feats, w.deprel) == ("IN TJ", "U H", "A=1 B=2", "root x")


def test_stanza_document_without_offsets_says_so():
    """Bug: a stanza Document built without character offsets became words at
    "None-None", refused later with the advice to build it with from_stanza."""
    stanza = pytest.importorskip("stanza")
    doc = stanza.Document([[{"id": 1, "text": "Hi", "head": 0, "deprel": "root"}]], text="Hi")
    with pytest.raises(InputError, match="'Hi' has no character offsets"):
        Document.from_stanza(doc)


# ------------------------------------------------------------ spaCy


def _spacy_doc():
    """A parsed spaCy Doc built by hand (no model): “We win,” she said."""
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import Doc

    nlp = spacy.blank("en")
    words = ["\u201c", "We", "win", ",", "\u201d", "she", "said", "."]
    return nlp, Doc(nlp.vocab, words=words, spaces=[False, True, False, False, True, True, False, False],
                    heads=[2, 2, 6, 2, 2, 6, 6, 6], deps=["punct", "nsubj", "ccomp", "punct", "punct", "nsubj", "ROOT", "punct"],
                    pos=["PUNCT", "PRON", "VERB", "PUNCT", "PUNCT", "PRON", "VERB", "PUNCT"],
                    lemmas=["\u201c", "we", "win", ",", "\u201d", "she", "say", "."])


def test_from_spacy_given_a_span_says_to_pass_the_doc():
    """Bug: ``Document.from_spacy(doc[0:3])`` raised AttributeError ('Span' object has no attribute 'has_annotation')."""
    _, doc = _spacy_doc()
    with pytest.raises(InputTypeError, match=r"got a Span; pass the whole Doc"):
        Document.from_spacy(doc[0:5])
    assert Document.from_spacy(doc[0:5].as_doc()).text == "\u201cWe win,\u201d "


def test_spacy_doc_with_attributions_can_be_serialized():
    """Bug: ``Doc.to_bytes`` could not pack ``doc._.quoteattr`` ("can not serialize
    'AttributedDocument' object"): no DocBin, and ``nlp.pipe(texts, n_process=2)`` failed."""
    from quoteattr.spacy import QuoteAttrComponent
    from spacy.tokens import Doc, DocBin

    nlp, doc = _spacy_doc()
    doc = QuoteAttrComponent(nlp, learned_spans=False)(doc)
    (a,) = doc._.attributions
    assert a.source.text == "she" and doc._.quoteattr.sentences
    back = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert back._.quoteattr == doc._.quoteattr and back._.attributions == doc._.attributions
    (back2,) = DocBin(store_user_data=True, docs=[doc]).from_bytes(DocBin(store_user_data=True, docs=[doc]).to_bytes()).get_docs(nlp.vocab)
    assert back2._.quoteattr == doc._.quoteattr
    assert Doc(nlp.vocab, words=["a"])._.attributions is None  # before the component ran


# ------------------------------------------------------------ dask


@pytest.mark.parametrize("option", ["text_column", "id_column"])
def test_dask_frame_column_that_is_not_there_is_an_option_error(option):
    """Bug: a misspelt column was a KeyError from deep inside the workers, at compute()."""
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    import quoteattr.dask as qd

    ddf = dd.from_pandas(pd.DataFrame({"doc": ["a"], "text": ["\u201cNo,\u201d she said."]}), npartitions=1)
    with pytest.raises(OptionError, match=f"{option} 'txt' is not a column of the dataframe \\(columns: doc, text\\)"):
        qd.attribute_frame(ddf, **{option: "txt"})


# ------------------------------------------------------------ the data model and the table


@pytest.mark.parametrize("build, message", [
    (lambda: Source(Span.of("a", 0, 1), "a", "robot"), "Source.type is 'robot'; expected one of person, organization"),
    (lambda: Attribution("said", ()), "Attribution.kind is 'said'; expected one of direct, indirect, mixed"),
])
def test_data_model_kind_out_of_range_is_an_input_error(build, message):
    """Bug: attrs' own validator raised a bare ValueError whose message was a tuple of its internals."""
    with pytest.raises(InputError, match=message):
        build()


def test_table_shows_bidirectional_controls_as_escapes():
    """Bug: U+202E printed raw reversed the rest of the table's line (the columns after it)."""
    text = "\u201cA\u202eB\u2067C\u200f,\u201d he said."
    table = format_table(_doc(text))
    assert not any(c in table for c in "\u202e\u2067\u200f")
    assert "A\\u202eB\\u2067C\\u200f," in table
    assert "\u05e9\u05dc\u05d5\u05dd" in format_table(_doc("\u201c\u05e9\u05dc\u05d5\u05dd,\u201d he said."))  # right-to-left text itself stays


def test_every_error_here_is_a_quoteattr_error():
    """The errors of this round are the library's own, and the builtins callers catch."""
    for call, builtin in ((lambda: quoteattr.serve(None, port=0, block=False), ValueError), (lambda: write_ann("x"), TypeError),
                          (lambda: read_ann("x.ann", "a"), ValueError), (lambda: Attribution("said", ()), ValueError)):
        with pytest.raises(QuoteAttrError) as info:
            call()
        assert isinstance(info.value, builtin)


def test_a_pipeline_can_be_pickled_and_copied_for_workers(nlp):
    """Bug: a Pipeline that had parsed held a stanza pipeline and a lock, so pickling it
    (dask, multiprocessing) or deep-copying it raised "cannot pickle '_thread.lock'"."""
    import copy
    import pickle

    nlp.parse("Hello there.")  # loaded
    for other in (pickle.loads(pickle.dumps(nlp)), copy.deepcopy(nlp)):
        assert (other.lang, other.model, other.span_decoding, other.learned_spans) == (nlp.lang, nlp.model, nlp.span_decoding, nlp.learned_spans)
        assert other._nlp is None  # a copy loads its own parser when it first parses
        assert other("“We will win,” the minister said.").attributions[0].chain == ("minister",)


@pytest.mark.parametrize("entry,message", [
    ("1", r"attributions\[0\] is a int; each gold attribution is an object"),
    ('{"content": {"text": "a", "start": 0, "end": 1}}', r"attributions\[0\]: no 'id'"),
    ('{"id": "A1", "cue": []}', r"\('A1'\): no 'content'"),
    ('{"id": "A1", "content": {"text": "a", "start": 0, "end": 1}, "cue": [{"start": "x"}]}', r"'cue' must be \{'start': int, 'end': int\}"),
    ('{"id": "A1", "content": {"text": "a", "start": 0, "end": 1}, "chain": "AFP"}', r"'chain' must be a list of strings"),
])
def test_a_malformed_seed_gold_entry_is_named_before_the_model_loads(tmp_path, capsys, entry, message):
    """Bug: a gold attribution that was not an object, or lacked "id", or had a cue without
    offsets, failed deep in the scorer after the model had loaded (exit 70, internal error)."""
    gold, text = tmp_path / "x.gold.json", tmp_path / "x.txt"
    gold.write_text('{"attributions": [%s]}' % entry, encoding="utf-8")
    text.write_text("abc", encoding="utf-8")
    assert main(["evaluate", "--gold", str(gold), "--text", str(text)]) == 2
    assert re.search(message, _error_line(capsys.readouterr().err))
    with pytest.raises(InputError):
        load_seed_gold(gold)
