"""Hostile input, round 4: a quotation mark opening the text, JSON numbers too
long for ``int()``, JSON Lines holding U+2028, odd ``/api/doc/`` numbers,
non-documents given to ``format_table``/``to_conllu``, control characters in the
table, a model that is not a name, paths the system refuses, and negative
``--limit``/``--skip``.

No parsing model is loaded here (a fake pipeline stands in for the CLI).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import quoteattr
import quoteattr._pipeline as pl
from quoteattr import AttributedDocument, Document, OptionError, QuoteAttrError, Sentence, Word, scan
from quoteattr._cli import load_output, main
from quoteattr._errors import InputError, InputTypeError
from quoteattr._files import loads_json, raw_decode_json, read_text_file
from quoteattr._marks import QUOTE_CHARS
from quoteattr._output import document_to_dict, dumps_line, format_table
from hostile_fakes import FakePipeline, _doc, _error_line  # (shared by rounds 4 and 5)

LONG_NUMBER = "9" * 5000  # past Python's 4,300-digit limit for int()
TOO_LONG_NAME = "x" * 5000  # past every file system's NAME_MAX (ENAMETOOLONG)


@pytest.fixture
def fake_pipeline(monkeypatch):
    monkeypatch.setattr(pl, "Pipeline", FakePipeline)


# ------------------------------------------------------------ the scanner


@pytest.mark.parametrize("text", ["'", "\u2019", "' Hello", "\u2019 so,", "\uff07"])
def test_a_mark_opening_the_text_is_reported_not_taken_for_a_possessive(text):
    """Bug: a ' or ’ at offset 0 before a space was read as a plural possessive
    (``"" in "sS"`` is true) and vanished from the document's output."""
    r = scan(text)
    assert [m.offset for m in r.unmatched] == [0] and r.apostrophes == ()
    doc = quoteattr.attribute_document(Document(text, ()))
    assert [m.offset for m in doc.unmatched] == [0]
    # a real plural possessive is still an apostrophe
    assert scan("the students' union").apostrophes == (12,)


def test_text_of_quote_marks_only_loses_none():
    """Bug: in a text of marks alone, the first (' before a space) was lost; now
    every quotation mark is a quote's or unmatched."""
    text = "' \u201c\u201d\"\"\u00ab\u00bb\u2019 '"
    r = scan(text)
    owned = set()
    for m in [m for q in r.quotes for m in q.marks] + list(r.unmatched):
        owned.update(range(m.offset, m.offset + len(m.char)))
    assert owned == {i for i, c in enumerate(text) if c in QUOTE_CHARS}


# ------------------------------------------------------------ JSON numbers too long for int()


def test_json_number_too_long_is_a_decode_error_not_a_crash():
    """Bug: a 5,000-digit number raised a plain ValueError from inside ``json``,
    past every ``except JSONDecodeError``; ``from_json`` let it out as no QuoteAttrError."""
    for read in (lambda s: loads_json(s), lambda s: raw_decode_json(s, 0)):
        with pytest.raises(json.JSONDecodeError, match="number too long"):
            read('{"n": ' + LONG_NUMBER + "}")
    with pytest.raises(InputError, match="number too long"):
        AttributedDocument.from_json('{"schema": 1, "text": "a", "metadata": {"n": ' + LONG_NUMBER + "}}")
    with pytest.raises(InputError, match="not UTF-8"):  # bytes that are not UTF-8 still say so
        AttributedDocument.from_json(b"\xff{}")


def test_corpus_record_with_a_number_too_long_fails_alone(tmp_path, fake_pipeline, capsys):
    """Bug: one such record ended the whole corpus run as an internal error (exit 70)."""
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": 1, "text": "x", "n": ' + LONG_NUMBER + '}\n{"id": 2, "text": "\u201cOk,\u201d he said."}\n',
                      encoding="utf-8")
    out, err = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    assert main([str(corpus), "-o", str(out), "--errors", str(err), "-q"]) == 1
    assert [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()] == [2]
    (bad,) = [json.loads(x) for x in err.read_text(encoding="utf-8").splitlines()]
    assert bad["line"] == 1 and "number too long" in bad["error"]


@pytest.mark.parametrize("name", ["out.json", "out.jsonl"])
def test_serve_output_with_a_number_too_long_exits_2(name, tmp_path, capsys):
    """Bug: ``quoteattr serve`` on such a file was an internal error (exit 70)."""
    f = tmp_path / name
    f.write_text('{"schema": 1, "text": "a", "id": ' + LONG_NUMBER + "}\n", encoding="utf-8")
    assert main(["serve", str(f), "--port", "0"]) == 2
    line = _error_line(capsys.readouterr().err)
    assert str(f) in line and "number too long" in line


# ------------------------------------------------------------ JSON Lines and line separators


@pytest.mark.parametrize("sep", ["\u2028", "\u2029", "\u0085"])
def test_serve_reads_back_jsonl_whose_text_holds_a_line_separator(sep, tmp_path):
    """Bug: reading JSON Lines with ``str.splitlines()`` cut a document at the
    U+2028 that JSON writes raw inside its text: quoteattr's own output could not be served."""
    # (since round 9 U+2029 PARAGRAPH SEPARATOR breaks paragraphs as a blank line does, so a
    # quote opened before it and closed after it mid-sentence is unmatched, not paired: there
    # it stands between the paragraphs; the JSON line holds it raw all the same)
    inner = " " if sep == "\u2029" else sep
    text = f"\u201cWe{inner}win,\u201d he said.{sep}And left.{sep}"
    f = tmp_path / "out.jsonl"
    f.write_text("".join(dumps_line(document_to_dict(_doc(t, id=k))) + "\n" for k, t in enumerate([text, "He said."])),
                 encoding="utf-8")
    assert sep in f.read_text(encoding="utf-8").split("\n")[0]
    docs = load_output(str(f))
    assert [d.text for d in docs] == [text, "He said."]
    assert docs[0].attributions[0].content[0].text == f"We{inner}win,"


# ------------------------------------------------------------ the corpus browser


def test_serve_doc_endpoint_answers_404_for_numbers_int_refuses():
    """Bug: ``str.isdigit`` passed "²" and 5,000 digits, ``int`` raised in the
    request thread, and the client got the connection closed with no answer."""
    docs = [AttributedDocument(text="a"), AttributedDocument(text="b")]
    with quoteattr.serve(docs, port=0, block=False) as server:
        def status(path):
            try:
                with urllib.request.urlopen(server.url.rstrip("/") + path, timeout=10) as r:
                    return r.status
            except urllib.error.HTTPError as e:
                return e.code

        assert [status(p) for p in ("/api/doc/0", "/api/doc/1", "/api/doc/01")] == [200, 200, 200]
        for path in ("/api/doc/%C2%B2", "/api/doc/" + LONG_NUMBER, "/api/doc/%D9%A1", "/api/doc/2", "/api/doc/-1", "/api/doc/"):
            assert status(path) == 404, path


def test_an_id_of_zero_names_its_document():
    """Bug: ``id or file`` took the id 0 for no id: the page showed "document 1"
    (beside the document whose id is 1), the table "-"."""
    from quoteattr._serve import corpus_rows

    docs = [_doc("\u201cA,\u201d he said.", id=k) for k in (0, 1)] + [_doc("B", id="", file="f.txt"), _doc("C")]
    assert [d["id"] for d in corpus_rows(docs)["documents"]] == ["0", "1", "f.txt", "document 4"]
    assert [line.split()[0] for line in format_table(docs[:2]).splitlines()[1:]] == ["0", "1"]


# ------------------------------------------------------------ API functions given the wrong thing


@pytest.mark.parametrize("docs", ["He said hi.", None, 5, [1], [AttributedDocument(text="a"), "b"], {"text": "a"}])
def test_format_table_rejects_non_documents(docs):
    """Bug: ``format_table("text")`` raised AttributeError ('str' object has no attribute 'metadata')."""
    with pytest.raises(InputTypeError, match="AttributedDocument"):
        format_table(docs)
    assert format_table(iter([AttributedDocument(text="a")])).startswith("doc")  # any iterable of documents still works


@pytest.mark.parametrize("doc", ["He said hi.", None, b"1\tHi"])
def test_to_conllu_rejects_non_documents(doc):
    """Bug: ``to_conllu("text")`` raised AttributeError ('str' object has no attribute 'sentences')."""
    with pytest.raises(InputTypeError, match="Document"):
        quoteattr.to_conllu(doc)
    parsed = Document.from_conllu("1\tHi\tHi\tX\t_\t_\t0\troot\t_\t_\n")
    assert "1\tHi\tHi" in quoteattr.to_conllu(parsed)


def test_table_shows_control_characters_as_escapes():
    """Bug: the table printed ESC, NUL and backspace raw: ESC [2J cleared the
    terminal, a backspace ate a column."""
    text = "\u201cA\x1b[2J\x00B\x08\x7f\x9b,\u201d he said."
    table = format_table(_doc(text))
    assert not any(c in table for c in "\x1b\x00\x08\x7f\x9b")
    assert "A\\u001b[2J\\u0000B\\u0008\\u007f\\u009b," in table


def _w(i, text, start, end, head=0, deprel="root"):
    return Word(i, text, text.lower(), "X", "_", "_", head, deprel, start, end)


@pytest.mark.parametrize("sentences, error, message", [
    (None, InputTypeError, "Document.sentences must be a tuple of Sentence, got NoneType"),
    (("He said",), InputTypeError, r"sentences\[0\] must be a Sentence, got str"),
    ((Sentence((_w(1, "He", 0, 2), _w(2, "said", 3, 7, 1, "dep"), _w(3, "so", 8, 10, 2, "dep")), 0, 10),), InputError,
     r"words\[2\] \('so'\) has offsets 8-10, outside a text of 7 characters"),
    ((Sentence((_w(3, "He", 0, 2, 2, "nsubj"), _w(9, "said", 3, 7)), 0, 7),), InputError, "has id 3; expected 1"),
    ((Sentence((_w(1, "He", 0, 2, 5, "nsubj"), _w(2, "said", 3, 7)), 0, 7),), InputError, "has head 5; expected 0"),
], ids=["none", "str", "offsets", "ids", "head"])
def test_hand_built_document_that_contradicts_itself_is_refused(sentences, error, message):
    """Bug: ``attribute_document`` on a hand-built Document with a word past the
    text's end or ids not 1..n raised IndexError (or TypeError) deep in the rules."""
    with pytest.raises(error, match=message):
        quoteattr.attribute_document(Document("He said", sentences), learned_spans=True)
    good = Document("He said", (Sentence((_w(1, "He", 0, 2, 2, "nsubj"), _w(2, "said", 3, 7)), 0, 7),))
    assert quoteattr.attribute_document(good, learned_spans=False).text == "He said"


@pytest.mark.parametrize("model", [None, 5, "", "  "])
def test_model_that_is_no_name_fails_when_the_pipeline_is_built(model):
    """Bug: ``Pipeline(model=None)`` (or ``""``, which read as the current
    directory) was accepted and only failed at the first text."""
    with pytest.raises(OptionError, match="model must be"):
        quoteattr.Pipeline(model=model)
    assert quoteattr.Pipeline(model=Path(quoteattr.__file__).parent / "models" / "en_ewt_compact").model  # a Path still works


# ------------------------------------------------------------ paths the system refuses


def test_read_text_file_that_cannot_be_read_is_an_input_error(tmp_path, monkeypatch):
    """Bug: a file that exists but cannot be read (permission denied) raised a raw OSError."""
    f = tmp_path / "a.txt"
    f.write_text("hi", encoding="utf-8")

    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(InputError, match=r"a\.txt: cannot read it \(Permission denied\)"):
        read_text_file(str(f))


def test_conllu_file_that_cannot_be_read_is_an_input_error(tmp_path, monkeypatch):
    """Bug: ``Document.from_conllu(path)`` on a file it may not open raised a raw PermissionError."""
    import builtins

    f = tmp_path / "a.conllu"
    f.write_text("1\tHi\tHi\tX\t_\t_\t0\troot\t_\t_\n", encoding="utf-8")
    real_open = builtins.open

    def denied(file, *a, **k):
        if str(file) == str(f):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *a, **k)

    monkeypatch.setattr(builtins, "open", denied)
    for source in (f, str(f)):
        with pytest.raises(InputError, match=r"a\.conllu: cannot read it \(Permission denied\)"):
            Document.from_conllu(source)


@pytest.mark.parametrize("argv, what", [
    ([TOO_LONG_NAME + ".txt"], "cannot read it (File name too long)"),
    (["IN", "-o", TOO_LONG_NAME + ".json"], "--output"),
    (["IN", "--errors", TOO_LONG_NAME + ".json"], "--errors"),
    (["serve", TOO_LONG_NAME + ".json", "--port", "0"], "cannot read it"),
    (["evaluate", "--gold", TOO_LONG_NAME + ".json"], "--gold"),
], ids=["input", "output", "errors", "serve", "gold"])
def test_cli_path_too_long_exits_2(argv, what, tmp_path, fake_pipeline, capsys):
    """Bug: ``Path.is_dir``/``exists`` raise for a name too long (ENAMETOOLONG):
    an internal error, exit 70."""
    good = tmp_path / "in.txt"
    good.write_text("\u201cHi,\u201d he said.", encoding="utf-8")
    argv = [str(good) if a == "IN" else (str(tmp_path / a) if a.startswith("x" * 10) else a) for a in argv]
    assert main(argv) == 2
    line = _error_line(capsys.readouterr().err)
    assert what in line and "xxxxx" in line


def test_cli_stray_os_error_is_one_line_naming_the_path(monkeypatch, capsys):
    """Bug: an OSError the path checks did not foresee was an internal error (exit 70)."""
    import quoteattr._cli as cli

    def refuse(inputs):
        raise PermissionError(13, "Permission denied", "secret.txt")

    monkeypatch.setattr(cli, "_expand", refuse)
    assert main(["secret.txt"]) == 2
    line = _error_line(capsys.readouterr().err)
    assert "secret.txt: Permission denied (EACCES)" in line


def test_output_under_a_file_says_the_file_is_no_directory(tmp_path, fake_pipeline, capsys):
    """Bug: ``-o notes.txt/out.json`` said the directory notes.txt does not exist, and to mkdir it."""
    good = tmp_path / "in.txt"
    good.write_text("He said hi.", encoding="utf-8")
    assert main([str(good), "-o", str(good / "out.json")]) == 2
    line = _error_line(capsys.readouterr().err)
    assert "is a file, not a directory" in line and "mkdir" not in line


@pytest.mark.parametrize("option", ["--limit", "--skip"])
def test_evaluate_negative_limit_or_skip_is_refused(option, tmp_path, capsys):
    """Bug: ``--limit -1`` sliced ``docs[:-1]`` and silently left the last document
    out of the scores (``--skip -3`` scored only the last three)."""
    for sub in ("text", "attributions"):
        (tmp_path / sub).mkdir()
    with pytest.raises(SystemExit) as info:
        main(["evaluate", "--gold", str(tmp_path), option, "-1", "-q"])
    assert info.value.code == 2
    assert f"argument {option}: expected a number >= 0, got -1" in capsys.readouterr().err


def test_every_error_here_is_a_quoteattr_error():
    """The errors of this round are the library's own, and the builtins callers catch."""
    for call, builtin in ((lambda: format_table("x"), TypeError), (lambda: quoteattr.to_conllu(None), TypeError),
                          (lambda: AttributedDocument.from_json('{"n": ' + LONG_NUMBER + "}"), ValueError),
                          (lambda: quoteattr.Pipeline(model=None), ValueError)):
        with pytest.raises(QuoteAttrError) as info:
            call()
        assert isinstance(info.value, builtin)
