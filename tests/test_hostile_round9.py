"""Hostile input, round 9: the open findings of round 8 (CSV formula injection, options
silently ignored, pipe(n_process>1) with metadata that cannot be pickled, attributions
without content, wide characters in the table, white-space-only documents in CoNLL-U,
U+2029 as a paragraph break) and what the probes of round 9 found.

No parsing model is loaded here: a stub parses by white space (tests/test_hostile_round6.py)
and a fake pipeline stands in for the CLI.
"""

from __future__ import annotations

import csv
import io
import json
import pickle
import threading
import unicodedata

import pytest

import quoteattr
from quoteattr import AttributedDocument, Attribution, Document, InputError, Source, Span, scan, to_conllu
from quoteattr._cli import main

from hostile_fakes import FakePipeline, StubPipeline, _doc, _error_line
from test_hostile_round6 import _parse


@pytest.fixture
def fake_pipeline(monkeypatch):
    import quoteattr._pipeline as pl

    monkeypatch.setattr(pl, "Pipeline", FakePipeline)


_Stub = StubPipeline


# ------------------------------------------------------------ finding 1: CSV formula injection


class _EveryQuote(FakePipeline):
    """Each quote attributed, to a speaker whose name is the quote's last word."""

    def __call__(self, text, **meta):
        r = scan(text)
        k = text.rfind(" said")
        src = Span.of(text, k - 5, k) if k >= 5 else Span.of(text, 0, 0)
        atts = tuple(Attribution("direct", (q.content,), source=Source(src, "@" + src.text.strip(), "person"))
                     for q in r.quotes)
        return AttributedDocument(text=text, quotes=r.quotes, unmatched=r.unmatched, attributions=atts, metadata=meta)


HOSTILE = ("\u201c=HYPERLINK(A1;B2)\u201d, \u201c+1+cmd|/C calc!A0\u201d, "
           "\u201c-2+3\u201d, \u201c@SUM(A1:A9)\u201d, \u201c\t=1+1\u201d, \u201c'Tis true\u201d, "
           "\u201c-\u201d and \u201cplain\u201d, Mr Evil said.")


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path, monkeypatch):
    """Finding 1: a cell starting with = + - @ (or a tab or CR) was written as is, and a
    spreadsheet opening the CSV ran it as a formula (OWASP "CSV injection"). Such a cell
    now starts with ', and so does one that already started with ' (so that taking one
    leading ' off every cell that has one gives back exactly what was found)."""
    import quoteattr._pipeline as pl
    from quoteattr._frames import rows

    monkeypatch.setattr(pl, "Pipeline", _EveryQuote)
    (tmp_path / "a.txt").write_text(HOSTILE, encoding="utf-8", newline="")
    out = tmp_path / "out.csv"
    assert main([str(tmp_path / "a.txt"), "-f", "csv", "-o", str(out), "-q"]) == 0
    got = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    want = rows(_EveryQuote()(HOSTILE), str(tmp_path / "a.txt"))
    assert len(got) == len(want) == 8 and got[6]["content"] == "'-"
    for g in got:
        for cell in g.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert got[0]["content"] == "'=HYPERLINK(A1;B2)"
    assert got[0]["entity"] == "'@Evil" and got[5]["content"] == "''Tis true" and got[7]["content"] == "plain"

    def undo(cell):
        return cell[1:] if cell.startswith("'") else cell

    for g, w in zip(got, want):  # nothing lost: one ' off gives back every value
        assert {k: undo(v) for k, v in g.items()} == {k: "" if v is None else str(v) for k, v in w.items()}
    from quoteattr._cli import _csv_cell

    assert [_csv_cell(x) for x in ("\r=1", "\t@x", "a=1", "", 0.5, None, -1)] == ["'\r=1", "'\t@x", "a=1", "", 0.5, None, -1]


# ------------------------------------------------------------ finding 2: options silently ignored


@pytest.mark.parametrize("fmt", ["table", "csv", "brat"])
def test_no_text_with_a_format_that_writes_no_json_is_refused(fmt, tmp_path, fake_pipeline, capsys):
    """Finding 2: ``--no-text`` with the table, CSV or brat output was ignored without a word
    (brat even wrote the text: its .txt file)."""
    (tmp_path / "a.txt").write_text(TEXT_A, encoding="utf-8")
    out = tmp_path / ("outdir" if fmt == "brat" else "out")
    assert main([str(tmp_path / "a.txt"), "-f", fmt, "--no-text", "-o", str(out), "-q"]) == 2
    line = _error_line(capsys.readouterr().err)
    assert f"--no-text does nothing with --format {fmt}" in line and "drop --no-text" in line
    assert not out.exists()
    corpus, out = tmp_path / "c.jsonl", tmp_path / "out.jsonl"  # (a corpus, JSON Lines, still takes it)
    corpus.write_text(json.dumps({"id": 1, "text": TEXT_A}) + "\n", encoding="utf-8")
    assert main([str(corpus), "--no-text", "-o", str(out), "-q"]) == 0
    assert "text" not in json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("fmt", [["--format", "polnear"], []])
def test_evaluate_text_with_a_polnear_split_is_refused(fmt, tmp_path, fake_pipeline, capsys):
    """Finding 2: ``evaluate --text FILE`` with a PolNeAR split was ignored: the split's own
    texts were scored, not the file named."""
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a.txt").write_text("He said hi.", encoding="utf-8")
    (tmp_path / "attributions" / "a_x.ann").write_text("T1\tSource 0 2\tHe\n", encoding="utf-8")
    (tmp_path / "mine.txt").write_text("He said hi.", encoding="utf-8")
    assert main(["evaluate", "--gold", str(tmp_path), *fmt, "--text", str(tmp_path / "mine.txt"), "-q"]) == 2
    line = _error_line(capsys.readouterr().err)
    assert "--text names a seed gold's text file" in line and "reads its texts from text/" in line and "drop --text" in line


# ------------------------------------------------------------ finding 3: pipe(n_process>1), metadata that cannot be pickled


class _Pool:
    """multiprocessing's Pool as the workers see it, in this process: every argument and
    result goes through pickle, as it would to and from a spawned worker."""

    def __init__(self, n, initializer=None, initargs=()):
        import quoteattr._pipeline as pl

        pl._WORKER["pipe"] = _Stub()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def apply_async(self, func, args):
        class _Result:
            def __init__(self, value):
                self.value = value

            def get(self):
                return self.value

        sent = pickle.loads(pickle.dumps(args))  # raises as the real pool's task queue would
        return _Result(pickle.loads(pickle.dumps(func(*sent))))


class _Context:
    Pool = _Pool


def test_pipe_in_processes_keeps_metadata_that_cannot_be_pickled(monkeypatch):
    """Finding 3: ``pipe(records, n_process=2)`` with a record whose metadata cannot be
    pickled (a lock, an open file, a lambda) failed with multiprocessing's raw
    "TypeError: cannot pickle '_thread.lock' object", naming no record. The metadata now
    stays in this process: only the texts go to the workers, and each result gets its
    record's metadata back, the very objects, as with ``n_process=1``."""
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "get_context", lambda *a: _Context())
    lock, handler = threading.Lock(), (lambda x: x)
    recs = [{"id": k, "text": TEXT_A if k % 2 else TEXT_B, "lock": lock, "callback": handler, "model": "mine"} for k in range(5)]
    par = list(_Stub().pipe([dict(r) for r in recs], batch_size=2, n_process=2))
    one = list(_Stub().pipe([dict(r) for r in recs], batch_size=2))
    assert [d.metadata["id"] for d in par] == list(range(5))
    assert all(d.metadata["lock"] is lock and d.metadata["callback"] is handler for d in par)
    assert [list(d.metadata) for d in par] == [list(d.metadata) for d in one]
    assert [(d.text, d.quotes, d.attributions, d.metadata["record_model"], d.metadata["model"]) for d in par] == \
           [(d.text, d.quotes, d.attributions, d.metadata["record_model"], d.metadata["model"]) for d in one]


# ------------------------------------------------------------ finding 4: an attribution without content


def test_an_attribution_without_content_is_refused():
    """Finding 4: ``Attribution("direct", ())`` was accepted: an attribution that says who
    but not what, whose ``start``/``end`` were a made-up 0 (pointing at the text's first
    character), written to CSV as content 0-0. The engine never makes one; now it is an
    error naming the fix, built by hand or read from JSON."""
    t = "He said hi."
    src = Source(Span.of(t, 0, 2), "he", "person")
    with pytest.raises(InputError, match=r"Attribution\.content is empty; an attribution is who said what: give at least one content span"):
        Attribution("indirect", (), source=src)
    with pytest.raises(InputError, match="Attribution.content is empty"):
        Attribution("direct", [])
    with pytest.raises(quoteattr.InputTypeError, match=r"Attribution\.content must be a tuple of Spans, got str"):
        Attribution("direct", "He said hi.")
    good = Attribution("indirect", (Span.of(t, 8, 10),), source=src)
    import attrs

    with pytest.raises(InputError, match="content is empty"):
        attrs.evolve(good, content=())
    d = json.loads(AttributedDocument(t, attributions=(good,)).to_json())
    d["attributions"][0]["content"] = []
    with pytest.raises(InputError, match=r"quoteattr JSON: attributions\[0\]\.content is empty; an attribution is who said what"):
        AttributedDocument.from_dict(d)


# ------------------------------------------------------------ finding 5: wide characters in the table


def _columns(s: str) -> int:
    return sum(0 if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf")
               else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def test_the_table_aligns_columns_of_wide_characters():
    """Finding 5: the table padded by characters, so a CJK name or an emoji (two columns
    on a terminal) pushed every later column of its row right, and a decomposed é (two
    characters, one column) pulled it left."""
    rows = [("\u201cWe win,\u201d \u7fd2\u8fd1\u5e73 said.", 10, 13),
            ("\u201cHi,\u201d Rene\u0301e said.", 6, 12),
            ("\u201cOk,\u201d \U0001f600\U0001f600 said.", 6, 8),
            ("\u201cYes,\u201d Bob said.", 7, 10)]
    docs = []
    for k, (t, a, b) in enumerate(rows):
        r = scan(t)
        att = Attribution("direct", (r.quotes[0].content,), cue=(Span.of(t, b + 1, b + 5),),
                          source=Source(Span.of(t, a, b), t[a:b], "person"))
        docs.append(AttributedDocument(t, quotes=r.quotes, attributions=(att,), metadata={"id": ["\u6587\u4ef6", "e\u0301", "x", "y"][k]}))
    lines = quoteattr.format_table(docs).splitlines()
    starts = {_columns(line[:line.index("content" if n == 0 else scan(rows[n - 1][0]).quotes[0].content.text)]) for n, line in enumerate(lines)}
    assert len(starts) == 1, lines
    assert "\u7fd2\u8fd1\u5e73" in lines[1] and "Rene\u0301e" in lines[2]


def test_the_table_cuts_wide_text_by_columns():
    """Finding 5: a cut at 20 characters of CJK was 40 columns wide."""
    from quoteattr._output import _short

    s = _short("\u4e2d" * 50, 20)
    assert _columns(s) <= 20 and s.endswith("\u2026") and s.startswith("\u4e2d" * 9)
    assert _short("abc", 20) == "abc" and _columns(_short("a" * 50, 20)) == 20


# ------------------------------------------------------------ finding 6: white-space-only documents in CoNLL-U


@pytest.mark.parametrize("text", ["   ", "\n\n", " \t\r\n\u3000 ", "\u2029\u00a0\ud800", "Not parsed."])
def test_a_document_without_sentences_comes_back_from_conllu(text):
    """Finding 6: ``to_conllu`` of a document without sentences (a white-space-only text,
    as parsing makes it, or a hand-built one) wrote nothing, so ``from_conllu`` gave back
    an empty text. Its text is now kept in a ``# quoteattr_text`` comment."""
    doc = Document(text, ())
    conllu = to_conllu(doc)
    conllu.encode("utf-8")
    assert len(conllu.splitlines()) == 1 and conllu.startswith("# quoteattr_text = ")
    assert Document.from_conllu(conllu) == doc
    assert Document.from_conllu(conllu, text=text) == doc
    assert Document.from_conllu("") == Document("", ()) and to_conllu(Document("", ())) == "\n"


def test_a_text_comment_that_disagrees_with_text_given_is_refused():
    with pytest.raises(quoteattr.AlignmentError, match=r"# quoteattr_text says the text is '   ' \(3 characters\), but the text= given"):
        Document.from_conllu(to_conllu(Document("   ", ())), text="Hello.")


def test_a_whitespace_text_parsed_by_the_stub_round_trips():
    doc = _parse(" \n\t ")
    assert doc.sentences == () and Document.from_conllu(to_conllu(doc)) == doc


# ------------------------------------------------------------ finding 7: U+2029 PARAGRAPH SEPARATOR


# (the blank-line cases are the control: they passed before the fix, and U+2029 now reads as they do)
@pytest.mark.parametrize("sep", ["\u2029", "\n\n", " \u2029 ", "\r\n\r\n"])
def test_a_quote_over_two_paragraphs_split_by_a_paragraph_separator(sep):
    """Finding 7: U+2029 (PARAGRAPH SEPARATOR) was no paragraph break: a quotation over two
    paragraphs so separated (the second reopening with a mark, as the convention is) lost
    its first part, reported unmatched. It now breaks paragraphs as a blank line does."""
    from quoteattr._marks import paragraphs

    text = f"\u201cWe will win.{sep}\u201cAnd we will rebuild,\u201d he said."
    r = scan(text)
    assert r.unmatched == () and len(r.quotes) == 1
    assert [m.char for m in r.quotes[0].marks] == ["\u201c", "\u201c", "\u201d"]
    assert len(paragraphs(text)) == 2
    doc = quoteattr.attribute_document(_parse(text), learned_spans=False)
    assert doc.unmatched == () and doc.quotes == r.quotes


@pytest.mark.parametrize("sep", ["\u2029", "\n\n"])  # ("\n\n": the control)
def test_a_paragraph_separator_ends_an_unclosed_quote(sep):
    """Finding 7: a quote left open at U+2029 is reported there, as at a blank line: a
    closing mark in the next paragraph, which does not reopen the quote, no longer pairs
    with it (a quote over the whole article)."""
    text = f"\u201cWe will win.{sep}He left, she said.\u201d Then \u201cno\u201d."
    r = scan(text)
    assert [m.offset for m in r.unmatched] == [0, text.index("\u201d")] and [q.content.text for q in r.quotes] == ["no"]


@pytest.mark.parametrize("sep", ["\u2028", "\n"])
def test_a_line_separator_is_no_paragraph_break_in_a_text_with_paragraphs(sep):
    """U+2028 (LINE SEPARATOR) is a line break inside a paragraph: never a paragraph break
    by itself, so a quote over one still pairs."""
    from quoteattr._marks import paragraphs

    text = f"Title\u2029\u201cWe will{sep}win,\u201d he said."
    r = scan(text)
    assert [q.content.text for q in r.quotes] == [f"We will{sep}win,"] and r.unmatched == ()
    assert len(paragraphs(text)) == 2


TEXT_A = "\u201cWe win,\u201d he said. \u201cOops"
TEXT_B = "\u201cHi,\u201d he said."


# ------------------------------------------------------------ probes: more options silently ignored


@pytest.mark.parametrize("option, name", [(["--text-field", "body"], "--text-field"), (["--id-field", "doc"], "--id-field"),
                                          (["-j", "2"], "-j/--n-process"), (["--batch-size", "4"], "--batch-size")])
def test_corpus_options_with_text_files_are_refused(option, name, tmp_path, fake_pipeline, capsys):
    """Probe (as finding 2): ``quoteattr articles/ --text-field body`` or ``-j 4`` was
    ignored without a word: text files are attributed whole, one at a time."""
    (tmp_path / "a.txt").write_text(TEXT_A, encoding="utf-8")
    out = tmp_path / "out.json"
    assert main([str(tmp_path / "a.txt"), *option, "-o", str(out), "-q"]) == 2
    line = _error_line(capsys.readouterr().err)
    assert f"{name} applies to a JSON Lines corpus (a .jsonl input) only" in line and "drop" in line
    assert not out.exists()
    corpus, out = tmp_path / "c.jsonl", tmp_path / "out.jsonl"  # (with a corpus they still work)
    corpus.write_text(json.dumps({"doc": "d1", "body": TEXT_A}) + "\n", encoding="utf-8")
    assert main([str(corpus), "--text-field", "body", "--id-field", "doc", "--batch-size", "4", "-o", str(out), "-q"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["id"] == "d1"


@pytest.fixture
def seed_gold(tmp_path):
    (tmp_path / "a.txt").write_text("He said hi.", encoding="utf-8")
    gold = tmp_path / "a.gold.json"
    gold.write_text(json.dumps({"text_file": "a.txt", "attributions": []}), encoding="utf-8")
    return gold


@pytest.mark.parametrize("option, says", [(["--limit", "2"], "--limit counts the documents of a PolNeAR split"),
                                          (["--skip", "1"], "--skip counts the documents of a PolNeAR split"),
                                          (["--relay-credit", "source"], "drop --relay-credit"),
                                          (["--parser", "spacy", "--model", "compact"], "--parser spacy parses with spaCy's small")])
def test_evaluate_options_a_seed_file_would_ignore_are_refused(option, says, seed_gold, fake_pipeline, capsys):
    """Probe (as finding 2): with a seed gold file ``--limit``/``--skip`` and ``--relay-credit``
    were ignored (a seed file is one document, scored without the PolNeAR projection), and
    ``--model`` with ``--parser spacy`` too; the report looked like the one asked for."""
    assert main(["evaluate", "--gold", str(seed_gold), *option, "-q"]) == 2
    assert says in _error_line(capsys.readouterr().err)


# ------------------------------------------------------------ probe: serve and DNS rebinding


def _get(url, host=None):
    import urllib.error
    import urllib.request

    req = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_serve_answers_only_requests_addressed_to_this_machine():
    """Probe: the browser on 127.0.0.1 answered a request whatever its Host, so a web page
    whose name was made to resolve to 127.0.0.1 (DNS rebinding) could read the corpus
    (``/api/attributions``, every document's text) through the user's browser as its own."""
    docs = [_doc(TEXT_B, id="secret")]
    with quoteattr.serve(docs, port=0, block=False) as server:
        base = server.url.rstrip("/")
        port = server.port
        for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1.evil.example:{port}", f"localhost.evil.example:{port}"):
            status, body = _get(base + "/api/attributions", host)
            assert status == 403 and b"secret" not in body and b"DNS rebinding" in body, host
        for host in (None, f"127.0.0.1:{port}", f"localhost:{port}", "localhost", f"LOCALHOST:{port}", f"[::1]:{port}", f"127.0.0.2:{port}"):
            status, body = _get(base + "/api/attributions", host)
            assert status == 200 and b"secret" in body, host


# ------------------------------------------------------------ probe: dask options checked when the graph is built


@pytest.mark.parametrize("kwargs, error", [({"lang": "fr"}, "no lexicon for language 'fr'"), ({"model": "compcat"}, "unknown model 'compcat'"),
                                           ({"batch_size": 0}, "batch_size must be a positive integer"),
                                           ({"text_field": ""}, "text_field must be a non-empty field name"),
                                           ({"include_text": "no"}, "include_text must be True or False")])
def test_dask_options_fail_when_the_graph_is_built(kwargs, error):
    """Probe: ``attribute_bag(bag, lang="fr")`` (or a mistyped model) failed only at
    ``compute()``, in every worker, after whatever ran upstream of it."""
    db = pytest.importorskip("dask.bag")
    import quoteattr.dask as qd

    bag = db.from_sequence([{"text": TEXT_B}], npartitions=1)
    with pytest.raises(quoteattr.QuoteAttrError, match=error):
        qd.attribute_bag(bag, **kwargs)
    if set(kwargs) <= {"lang", "model"}:
        pd = pytest.importorskip("pandas")
        dd = pytest.importorskip("dask.dataframe")
        with pytest.raises(quoteattr.QuoteAttrError, match=error):
            qd.attribute_frame(dd.from_pandas(pd.DataFrame({"text": [TEXT_B]}), npartitions=1), **kwargs)


# ------------------------------------------------------------ probe: -o - and --errors -


def test_output_dash_is_stdout(tmp_path, fake_pipeline, capsys, monkeypatch):
    """Probe: ``-o -`` wrote a file named "-" in the current directory and nothing to stdout
    (``-`` for an input is stdin); ``--errors -`` did the same."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(TEXT_B, encoding="utf-8")
    assert main(["a.txt", "-o", "-", "-q"]) == 0
    assert json.loads(capsys.readouterr().out)["text"] == TEXT_B and not (tmp_path / "-").exists()
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": 1, "text": TEXT_B}) + "\n", encoding="utf-8")
    assert main(["c.jsonl", "-o", "-", "-q"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == 1 and not (tmp_path / "-").exists()
    assert main(["c.jsonl", "-o", "-", "--resume", "-q"]) == 2
    assert "--resume needs --output FILE" in _error_line(capsys.readouterr().err)
    for argv in (["a.txt", "--errors", "-", "-q"], ["evaluate", "--gold", "a.gold.json", "--errors", "-", "-q"]):
        assert main(argv) == 2
        assert "--errors -: give the errors a file path" in _error_line(capsys.readouterr().err)
    assert not (tmp_path / "-").exists()


# ------------------------------------------------------------ probe: serve's inputs by extension, any case


@pytest.mark.parametrize("name", ["OUT.JSONL", "Out.Json", "out.NDJSON"])
def test_serve_reads_output_named_in_capitals_as_output(name, tmp_path, fake_pipeline, monkeypatch):
    """Probe: ``quoteattr serve OUT.JSONL`` parsed quoteattr's own output as an article (its
    JSON as the text: quotes in its keys), where out.jsonl was read back as documents."""
    import quoteattr._serve as sv

    seen = []
    monkeypatch.setattr(sv, "serve", lambda docs, **k: seen.extend(docs))
    f = tmp_path / name
    f.write_text(_doc(TEXT_B, id="d1").to_json() + "\n", encoding="utf-8")
    assert main(["serve", str(f), "--port", "0"]) == 0
    assert [d.text for d in seen] == [TEXT_B] and seen[0].metadata["id"] == "d1"


# ------------------------------------------------------------ probe: errors pickled back from worker processes


def test_every_error_comes_back_from_a_worker_process_as_it_was():
    """Probe: an error raised in a worker process (dask, ``pipe(n_process=2)``, spaCy's
    ``nlp.pipe(n_process=2)``) is pickled back; Exception's pickling calls ``__init__`` with
    the message again, so a RecordError said "record: record on line 3: …", and an
    InputDecodeError or OutputError could not be unpickled at all (a TypeError instead).
    (Checked in a fresh interpreter: importing dask.dataframe installs tblib's pickling,
    which hides the bug in this one.)"""
    import subprocess
    import sys

    script = r"""
import errno, json, pickle
import quoteattr
from quoteattr._errors import *
from quoteattr._frames import PandasMissingError
errors = [RecordError("bad", 3), ConlluError("bad", 4), AlignmentError("bad", 5), InputDecodeError("a.txt", 7),
          OutputError("o.jsonl", OSError(errno.ENOSPC, "No space left")), InputError("x"), OptionError("y"),
          InputTypeError("z"), ModelNotFoundError("m"), PandasMissingError("p")]
out = []
for e in errors:
    try:
        b = pickle.loads(pickle.dumps(e))
    except Exception as x:
        out.append([type(e).__name__, "unpickling failed: " + repr(x)])
        continue
    out.append([type(e).__name__, type(b) is type(e) and str(b) == str(e) and b.args == e.args and vars(b) == vars(e),
                str(b), getattr(b, "errno", None), getattr(b, "filename", None)])
print(json.dumps(out))
"""
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout.splitlines()[-1])
    assert [g[:2] for g in got] == [[g[0], True] for g in got], got
    import errno

    assert got[0][2] == "record on line 3: bad" and got[4][3:] == [errno.ENOSPC, "o.jsonl"] and got[8][2] == "m"
