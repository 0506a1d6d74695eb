"""Hostile input, round 8: output written with ``--no-text`` read back, record fields
named like quoteattr's own metadata, and what the probes of round 8 found.

No parsing model is loaded here: a stub parses by white space (tests/test_hostile_round6.py)
and a fake pipeline stands in for the CLI.
"""

from __future__ import annotations

import json

import pytest

import quoteattr
from quoteattr import AttributedDocument, InputError, InputTypeError, Pipeline, RecordError, scan
from quoteattr._cli import main

from hostile_fakes import StubPipeline, _doc, _error_line
from test_hostile_round6 import _parse


@pytest.fixture
def fake_pipeline(monkeypatch):
    import quoteattr._pipeline as pl
    from hostile_fakes import FakePipeline

    monkeypatch.setattr(pl, "Pipeline", FakePipeline)


_Stub = StubPipeline


@pytest.fixture
def stub_pipeline(monkeypatch):
    import quoteattr._pipeline as pl

    monkeypatch.setattr(pl, "Pipeline", _Stub)


def _lines(path):
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


# ------------------------------------------------------------ finding 1: --no-text output read back

TEXT_A = "\u201cWe win,\u201d he said. \u201cOops"
TEXT_B = "\u201cHi,\u201d he said."


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_no_text_output_reads_back_with_the_text_given(fmt, tmp_path, fake_pipeline):
    """Finding 1: output written with ``--no-text`` read back as a document whose
    text was "" and whose spans lay past its end (its own to_json did not read
    back); now ``text=`` supplies the text and every span is checked against it."""
    (tmp_path / "a.txt").write_text(TEXT_A, encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    assert main([str(tmp_path / "a.txt"), "--no-text", "-f", fmt, "-o", str(out), "-q"]) == 0
    s = out.read_text(encoding="utf-8")
    assert '"text": "\u201cWe' not in s
    back = AttributedDocument.from_json(s, text=TEXT_A)
    want = _doc(TEXT_A)
    assert (back.text, back.quotes, back.unmatched, back.attributions) == (want.text, want.quotes, want.unmatched, want.attributions)
    assert AttributedDocument.from_json(back.to_json()) == back  # and it round-trips from there
    assert AttributedDocument.from_dict(json.loads(s), text=TEXT_A) == back


def test_no_text_output_without_the_text_says_how_to_read_it(tmp_path, fake_pipeline):
    """Finding 1: without ``text=`` the document is refused with the fix, not read
    as an empty text the spans do not fit."""
    (tmp_path / "a.txt").write_text(TEXT_A, encoding="utf-8")
    out = tmp_path / "out.json"
    assert main([str(tmp_path / "a.txt"), "--no-text", "-o", str(out), "-q"]) == 0
    with pytest.raises(InputError, match=r"a\.txt' was written without its text \(--no-text.*from_json\(line, text=original_text\)"):
        AttributedDocument.from_json(out.read_text(encoding="utf-8"))
    with pytest.raises(InputError, match="without its text"):
        AttributedDocument.from_dict(json.loads(out.read_text(encoding="utf-8")))


def test_no_text_output_with_the_wrong_text_is_refused():
    """Finding 1: ``text=`` is checked like a text in the file: spans that do not fit
    it, or a text that differs from the file's own, are errors naming the place."""
    s = _doc(TEXT_A).to_json(include_text=False)
    with pytest.raises(InputError, match=r"quotes\[0\]\.content says 'We win,' at 1-8, but the text there is"):
        AttributedDocument.from_json(s, text="\u201cWe lost\u201d he said. \u201cOops")
    with pytest.raises(InputError, match="past the end"):
        AttributedDocument.from_json(s, text="short")
    with pytest.raises(InputError, match=r"text= given \(5 characters\) is not the document's own \"text\".*first difference at character 0"):
        AttributedDocument.from_json(_doc(TEXT_A).to_json(), text="other")
    assert AttributedDocument.from_json(_doc(TEXT_A).to_json(), text=TEXT_A) == AttributedDocument.from_json(_doc(TEXT_A).to_json())
    with pytest.raises(InputTypeError, match="decode bytes first"):
        AttributedDocument.from_json(s, text=TEXT_A.encode())


def test_several_documents_in_one_json_array_say_how_to_read_them(tmp_path, fake_pipeline):
    """Finding 1 (the same reader): ``-f json A B`` writes an array, which from_json
    refused as "got list" without saying what to do."""
    for name, t in (("a", TEXT_A), ("b", TEXT_B)):
        (tmp_path / f"{name}.txt").write_text(t, encoding="utf-8")
    out = tmp_path / "out.json"
    assert main([str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-f", "json", "-o", str(out), "-q"]) == 0
    with pytest.raises(InputTypeError, match=r"got list; a list is several documents.*from_dict\(x\) for x in json\.load\(f\)"):
        AttributedDocument.from_json(out.read_text(encoding="utf-8"))
    docs = [AttributedDocument.from_dict(x) for x in json.loads(out.read_text(encoding="utf-8"))]
    assert [d.text for d in docs] == [TEXT_A, TEXT_B]


# ------------------------------------------------------------ finding 2: a record's "model" field


RECORD = {"id": "r1", "text": "MOSCOW (Reuters) - He said \u201chi.\u201d", "model": "gpt-4", "rules": "strict",
          "dateline": "Moscow, May 4", "wire": "AP", "outlet": "X"}


def _check_kept(meta):
    assert meta["record_model"] == "gpt-4" and meta["model"]["name"] == "en_ewt_compact"
    assert meta["record_rules"] == "strict" and isinstance(meta["rules"], dict)
    assert meta["record_dateline"] == "Moscow, May 4" and meta["dateline"]["wire"] == "Reuters"
    assert meta["record_wire"] == "AP" and meta["wire"] == "Reuters"
    assert meta["outlet"] == "X"


def test_a_records_model_field_is_kept_beside_quoteattrs_in_pipe():
    """Finding 2: a record field named "model" replaced quoteattr's model provenance
    (and quoteattr's "rules", "dateline", "wire" replaced or lost the record's):
    the record's is now kept as "record_model" …, quoteattr's under its own name."""
    [doc] = _Stub().pipe([dict(RECORD)])
    _check_kept(doc.metadata)
    assert doc.metadata["id"] == "r1"
    [doc] = _Stub().pipe([dict(RECORD, doc="d1")], id_field="doc")  # with another id field too
    _check_kept(doc.metadata)
    assert (doc.metadata["id"], doc.metadata["record_id"]) == ("d1", "r1")


def test_metadata_keywords_named_like_quoteattrs_own_are_kept_too():
    """Finding 2: ``nlp(text, model=…)`` and ``attribute_document(doc, dateline=…)``."""
    doc = _Stub()(RECORD["text"], model="gpt-4", rules="strict", dateline="Moscow, May 4", wire="AP", outlet="X")
    _check_kept(doc.metadata)
    doc = quoteattr.attribute_document(_parse(RECORD["text"]), dateline="mine", learned_spans=False)
    assert doc.metadata["record_dateline"] == "mine" and doc.metadata["dateline"]["wire"] == "Reuters"
    with pytest.raises(InputError, match="its own 'model' field is kept as 'record_model'.*has a 'record_model' field too"):
        _Stub()("He said hi.", model="a", record_model="b")


def test_a_records_model_field_in_a_corpus_run_is_kept(tmp_path, stub_pipeline):
    """Finding 2, on the command line: the record's "model" is metadata.record_model;
    a record that also has a "record_model" field goes to --errors, the run goes on."""
    corpus, out, err = tmp_path / "c.jsonl", tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    recs = [RECORD, {"id": 2, "text": "He said hi.", "model": "a", "record_model": "b"}, {"id": 3, "text": "No model."}]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    assert main([str(corpus), "-o", str(out), "--errors", str(err), "-q"]) == 1
    docs, errs = _lines(out), _lines(err)
    assert [d["id"] for d in docs] == ["r1", 3]
    _check_kept(docs[0]["metadata"])
    assert "record_model" not in docs[1]["metadata"] and docs[1]["metadata"]["model"]["name"] == "en_ewt_compact"
    assert len(errs) == 1 and errs[0]["line"] == 2 and "has a 'record_model' field too" in errs[0]["error"]


def test_a_records_own_fields_clash_is_a_record_error():
    with pytest.raises(RecordError, match=r"record on line 7: its own 'wire' field"):
        quoteattr._corpus.keep_own_keys({"wire": 1, "record_wire": 2}, 7)


# ------------------------------------------------------------ hand-built results whose spans are not their text's


def test_a_hand_built_result_whose_spans_miss_its_text_is_refused():
    """Bug: ``AttributedDocument("ab", quotes=<another text's quotes>)`` was accepted and
    ``to_json`` wrote output that ``from_json`` refused ("the spans do not belong to this text")."""
    other = "\u201cWe win,\u201d he said."
    r = scan(other)
    with pytest.raises(InputError, match=r"AttributedDocument: quotes\[0\]\.content says 'We win,' at 1-8, but the text there is "
                                         r"past the end of a 2-character text.*Span\.of"):
        AttributedDocument("ab", quotes=r.quotes)
    with pytest.raises(InputError, match=r"unmatched_marks\[0\] says"):
        AttributedDocument("x" * 30, unmatched=scan("ab \u201c").unmatched)
    with pytest.raises(InputTypeError, match=r"AttributedDocument: attributions\[0\]\.content\[0\] must be a Span, got str"):
        AttributedDocument(other, attributions=(quoteattr.Attribution("direct", ("We win",)),))
    with pytest.raises(InputTypeError, match="AttributedDocument.text must be a str, got NoneType"):
        AttributedDocument(None)
    with pytest.raises(InputTypeError, match="AttributedDocument: quotes must be a tuple, got str"):
        AttributedDocument(other, quotes="abc")
    good = AttributedDocument(other, quotes=r.quotes, unmatched=r.unmatched)  # a result that fits still builds and round-trips
    assert AttributedDocument.from_json(good.to_json()) == good


# ------------------------------------------------------------ combining marks before an apostrophe


@pytest.mark.parametrize("text, content", [
    ("\u2018Andre\u0301\u2019ll go,\u2019 he said.", "Andre\u0301\u2019ll go,"),  # decomposed (NFD) é
    ("\u2018I cafe\u0301\u2019d it,\u2019 he said.", "I cafe\u0301\u2019d it,"),
    ("\u201cHa\u0308ndel's music,\u201d he said.", "Ha\u0308ndel's music,"),
    ("\u201c\u05d0\u05b8\u2019\u05d1\u201d", "\u05d0\u05b8\u2019\u05d1"),  # a Hebrew letter with a vowel point
])
def test_an_apostrophe_after_a_combining_mark_is_an_apostrophe(text, content):
    """Bug: in decomposed text "André’ll" ends its "é" in U+0301, no letter, so the
    apostrophe was read as the closing mark: the quote was cut at "André" and the
    real closing mark reported unmatched."""
    r = scan(text)
    assert [q.content.text for q in r.quotes] == [content] and r.unmatched == ()
    assert scan("Andre\u0301\u2019ll go.").unmatched == ()


# ------------------------------------------------------------ the command line: inputs


def test_several_corpora_or_a_corpus_with_texts_are_refused(tmp_path, fake_pipeline, capsys):
    """Bug: ``quoteattr a.jsonl b.jsonl`` (a shell glob over a corpus folder) attributed
    each JSONL file as one article: its JSON, keys and quotes, silently."""
    for name in ("a.jsonl", "b.JSONL"):
        (tmp_path / name).write_text('{"id": 1, "text": "He said \\u201chi\\u201d."}\n', encoding="utf-8")
    (tmp_path / "t.txt").write_text("He said hi.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main([str(tmp_path / "a.jsonl"), str(tmp_path / "b.JSONL"), "-o", str(out), "-q"]) == 2
    assert "is a JSON Lines corpus, and a corpus is run alone, not with another corpus" in _error_line(capsys.readouterr().err)
    assert main([str(tmp_path / "t.txt"), str(tmp_path / "a.jsonl"), "-o", str(out), "-q"]) == 2
    assert "not with other inputs" in _error_line(capsys.readouterr().err)
    assert not out.exists()
    assert main([str(tmp_path / "b.JSONL"), "-o", str(out), "-q"]) == 0  # a corpus in capitals is a corpus
    assert [d["id"] for d in _lines(out)] == [1]


@pytest.mark.parametrize("magic, what", [(b"\x1f\x8b\x08\x00", "gzip-compressed file, not UTF-8 text; decompress it first: gunzip -k"),
                                         (b"PK\x03\x04\x14\x00", "zip archive"), (b"%PDF-1.7\n%\xe2\xe3", "PDF document, not UTF-8 text; extract its text first"),
                                         (b"BZh91AY&SY\x00", "bzip2-compressed")])
def test_a_compressed_file_or_a_pdf_gets_the_right_advice(magic, what, tmp_path, fake_pipeline, capsys):
    """Bug: a gzipped article or corpus got "convert the file, e.g. iconv -f latin1", which
    turns the compressed bytes into garbage text; a gzipped corpus named .jsonl failed line
    by line, one record error per "line" of the compressed bytes."""
    for name in ("a.txt", "c.jsonl"):
        (tmp_path / name).write_bytes(magic + bytes(range(256)) * 4)
        assert main([str(tmp_path / name), "-q", "-o", str(tmp_path / "out.jsonl")]) == 2
        line = _error_line(capsys.readouterr().err)
        assert what in line and "iconv" not in line and name in line
    (tmp_path / "b.txt").write_text("BZh, he said: \u201cno\u201d.", encoding="utf-8")  # a text may start so
    assert main([str(tmp_path / "b.txt"), "-q", "-o", str(tmp_path / "out.json")]) == 0


def test_stdin_given_twice_is_refused(fake_pipeline, capsys):
    """Bug: ``quoteattr - -`` read stdin, then found it empty and attributed "" as a second document."""
    assert main(["-", "-", "-q"]) == 2
    assert "'-' (standard input) is given more than once" in _error_line(capsys.readouterr().err)


def test_a_pattern_the_shell_did_not_expand_is_expanded(tmp_path, fake_pipeline, capsys):
    """Bug: ``quoteattr "data/*.txt"`` (quoted, or in a Windows shell, which passes patterns
    on) failed with "no such file"; a pattern matching nothing now says so."""
    for name, t in (("a.txt", TEXT_A), ("b.txt", TEXT_B), ("c.md", "no")):
        (tmp_path / name).write_text(t, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main([str(tmp_path / "*.txt"), "-o", str(out), "-q"]) == 0
    assert [d["text"] for d in _lines(out)] == [TEXT_A, TEXT_B]
    assert main([str(tmp_path / "*.rst"), "-q"]) == 2
    assert "no such file (no file matches it as a pattern either)" in _error_line(capsys.readouterr().err)
    (tmp_path / "[x].txt").write_text(TEXT_B, encoding="utf-8")  # a file named like a pattern is that file
    assert main([str(tmp_path / "[x].txt"), "-o", str(out), "-q"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["text"] == TEXT_B


# ------------------------------------------------------------ missing texts in records and data frames


def test_a_missing_text_in_a_stream_names_the_record():
    """Bug: one record with a null text among a million failed ``pipe()`` with "expected the
    record's 'text' field as str, got NoneType", naming neither the record nor the fix."""
    recs = [{"id": "a", "text": "He said hi."}, {"id": "b", "text": None}]
    with pytest.raises(InputTypeError, match=r"'text' field as str, got NoneType \(item 2 of the stream, id 'b'\); the text is missing"):
        list(_Stub().pipe(recs))
    with pytest.raises(InputTypeError, match=r"expected text as str, got float \(item 2 of the stream\); the text is missing"):
        list(_Stub().pipe(["He said hi.", float("nan")]))
    with pytest.raises(quoteattr.OptionError, match=r"item 1 of the stream, id 7: the record has no 'body' field"):
        list(_Stub().pipe([{"id": 7, "text": "x"}], text_field="body"))


def test_a_missing_text_in_a_dask_frame_names_the_row(monkeypatch):
    """Bug: a NaN in the text column failed the whole ``compute()`` with "got float"
    (or "got NAType"), naming no row."""
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    import dask

    import quoteattr._pipeline as pl
    import quoteattr.dask as qd

    monkeypatch.setattr(pl, "Pipeline", _Stub)
    monkeypatch.setattr(qd, "_LOCAL", __import__("threading").local())
    df = pd.DataFrame({"text": ["\u201cHi,\u201d he said.", None], "id": [10, 11]}, dtype=object)
    with dask.config.set(scheduler="synchronous"):
        with pytest.raises(InputTypeError, match=r"text_column 'text': the row with id '?11'? holds a missing text.*dropna\(subset=\['text'\]\)"):
            qd.attribute_frame(dd.from_pandas(df, npartitions=1), id_column="id").compute()
        frame = qd.attribute_frame(dd.from_pandas(df.fillna(""), npartitions=1), id_column="id").compute()
    assert list(frame.columns) == quoteattr._frames.COLUMNS  # the filled frame computes


# ------------------------------------------------------------ brat, languages, evaluation


def test_write_ann_of_an_attribution_without_cue_reads_back():
    """Bug: a hand-built attribution with a source alone was written as "Attribution:None",
    a T line that does not exist, and read_ann refused the file. (Since round 9 an
    attribution without content is refused when built; one without a cue is triggered
    by its content.)"""
    from quoteattr._brat import read_ann, write_ann

    t = "He said hi."
    src = quoteattr.Source(quoteattr.Span.of(t, 0, 2), "he", "person")
    with pytest.raises(InputError, match="content is empty"):
        quoteattr.Attribution("indirect", (), source=src)
    doc = AttributedDocument(t, attributions=(quoteattr.Attribution("indirect", (quoteattr.Span.of(t, 8, 10),), source=src),))
    ann = write_ann(doc)
    assert "None" not in ann and "Attribution 8 10" in ann
    [a] = read_ann(ann, t)
    assert [s.text for s in a.source] == ["He"] and [s.text for s in a.content] == ["hi"]


@pytest.mark.parametrize("lang", ["en-US", "EN", "en_GB"])
def test_a_language_with_a_region_says_which_code_to_pass(lang):
    with pytest.raises(quoteattr.OptionError, match=f"no lexicon for language '{lang}'; available: en: for '{lang}' pass lang='en'"):
        Pipeline(lang=lang)


def test_evaluate_with_nothing_to_score_is_an_error_not_zeros(tmp_path, fake_pipeline, capsys):
    """Bug: a PolNeAR folder whose texts and .ann files do not pair up (or ``--skip`` past
    the end) printed "0 documents" and scores of 0, exit 0."""
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a.txt").write_text("He said hi.", encoding="utf-8")
    (tmp_path / "attributions" / "b_x.ann").write_text("T1\tSource 0 2\tHe\n", encoding="utf-8")
    assert main(["evaluate", "--gold", str(tmp_path), "--format", "polnear", "-q"]) == 2
    assert "none pairs up (text/: a.txt; attributions/: b_x.ann)" in _error_line(capsys.readouterr().err)
    (tmp_path / "attributions" / "a_x.ann").write_text("T1\tSource 0 2\tHe\n", encoding="utf-8")
    assert main(["evaluate", "--gold", str(tmp_path), "--format", "polnear", "-q", "--skip", "1"]) == 2
    assert "--skip 1 leaves none of the 1 documents" in _error_line(capsys.readouterr().err)


def test_a_hand_built_word_with_reversed_offsets_says_reversed():
    """Bug: a word at 5-2 in a 42-character text was said to be "outside a text of 42 characters"."""
    import attrs

    doc = _parse("\u201cWe will win,\u201d the minister said.")
    s0 = doc.sentences[0]
    bad = quoteattr.Document(doc.text, (attrs.evolve(s0, words=(attrs.evolve(s0.words[0], start=5, end=2),) + s0.words[1:]),))
    with pytest.raises(InputError, match=r"words\[0\] \('\u201cWe'\) has offsets 5-2, reversed \(its end before its start\)"):
        quoteattr.attribute_document(bad, learned_spans=False)


@pytest.mark.parametrize("option", [["--batch-size", "0"], ["-j", "-1"], ["--batch-size", "x"]])
def test_a_bad_batch_size_leaves_the_output_as_it_was(option, tmp_path, stub_pipeline, capsys):
    """Bug: ``--batch-size 0`` (or ``-j -1``) was checked by the pipeline only after
    ``--output`` was opened for writing: the run failed, and the output of an earlier
    run was emptied."""
    corpus, out = tmp_path / "c.jsonl", tmp_path / "out.jsonl"
    corpus.write_text('{"id": 1, "text": "hi"}\n', encoding="utf-8")
    out.write_text('{"earlier": "run"}\n', encoding="utf-8")
    with pytest.raises(SystemExit) as e:
        main([str(corpus), "-o", str(out), "-q", *option])
    assert e.value.code == 2 and "expected a" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == '{"earlier": "run"}\n'


@pytest.mark.parametrize("inp", ["c.jsonl", "t.txt", "brat"])
def test_a_model_that_is_not_there_leaves_the_output_as_it_was(inp, tmp_path, capsys):
    """Bug: ``--model DIR`` naming no model was found missing at the first text, after
    ``--output`` had been opened for writing: exit 3, and an earlier run's output emptied."""
    (tmp_path / "c.jsonl").write_text('{"id": 1, "text": "hi"}\n', encoding="utf-8")
    (tmp_path / "t.txt").write_text("hi", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text('{"earlier": "run"}\n', encoding="utf-8")
    args = [str(tmp_path / "t.txt"), "-f", "brat", "-o", str(tmp_path / "bratdir")] if inp == "brat" else [str(tmp_path / inp), "-o", str(out)]
    assert main([*args, "--model", str(tmp_path / "no-model"), "-q"]) == 3
    assert "no-model does not exist" in _error_line(capsys.readouterr().err)
    assert out.read_text(encoding="utf-8") == '{"earlier": "run"}\n' and not (tmp_path / "bratdir").exists()


@pytest.mark.parametrize("option", ["--text-field", "--id-field"])
def test_an_empty_field_name_leaves_the_output_as_it_was(option, tmp_path, stub_pipeline, capsys):
    corpus, out = tmp_path / "c.jsonl", tmp_path / "out.jsonl"
    corpus.write_text('{"id": 1, "text": "hi"}\n', encoding="utf-8")
    out.write_text('{"earlier": "run"}\n', encoding="utf-8")
    assert main([str(corpus), "-o", str(out), option, "", "-q"]) == 2
    assert f"{option} must name a field" in _error_line(capsys.readouterr().err)
    assert out.read_text(encoding="utf-8") == '{"earlier": "run"}\n'
