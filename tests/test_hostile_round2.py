"""Hostile input, round 2: lone surrogates in every output format, write failures
(a full disk), outputs that would destroy inputs, more Unicode quotation marks,
and the bugs the round-2 fuzz found (brat line breaks, brat name clashes, pandas
Arrow strings, several JSON documents in one file).

All but the last test run without the parsing model (a fake pipeline).
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import regex

import quoteattr
import quoteattr._pipeline as pl
from quoteattr import AttributedDocument, Attribution, Source, Span, scan
from quoteattr import _cli
from quoteattr._brat import read_ann, write_ann
from quoteattr._errors import InputError, OutputError, QuoteAttrError
from quoteattr._marks import QUOTE_CHARS
from quoteattr._output import format_table

SURROGATE_TEXT = "\ud800 \u201cWe win,\u201d he said."


def _fake_doc(text: str, **meta) -> AttributedDocument:
    """What the pipeline would give for ``text``: its quotes, and the first one
    attributed to the word "he" (when both are there)."""
    r = scan(text)
    attributions = ()
    k = text.find("he ")
    if r.quotes and k >= 0:
        src = Source(Span.of(text, k, k + 2), "he", "person")
        attributions = (Attribution("direct", (r.quotes[0].content,), source=src, confidence=0.9, rule="fake"),)
    return AttributedDocument(text=text, quotes=r.quotes, unmatched=r.unmatched, attributions=attributions, metadata=meta)


class FakePipeline:
    """Stands in for Pipeline in the CLI: no model; ``pipe`` for corpus runs."""

    text_override = None  # a text to attribute instead of the file's (one holding a lone surrogate)

    def __init__(self, *a, **k):
        pass

    def __call__(self, text, **meta):
        return _fake_doc(self.text_override if self.text_override is not None else text, **meta)

    def pipe(self, records, batch_size=16, text_field="text", n_process=1):
        for r in records:
            yield _fake_doc(r[text_field], **{k: v for k, v in r.items() if k != text_field})


@pytest.fixture
def fake_pipeline(monkeypatch):
    monkeypatch.setattr(pl, "Pipeline", FakePipeline)
    monkeypatch.setattr(FakePipeline, "text_override", None)
    return FakePipeline


class StrictStdout(io.TextIOWrapper):
    """A console: bytes underneath, strict encoding errors (as stdout under a UTF-8 locale)."""

    def __init__(self, encoding="utf-8"):
        super().__init__(io.BytesIO(), encoding=encoding, errors="strict", newline="", write_through=True)

    def value(self) -> bytes:
        return self.buffer.getvalue()


def _one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("quoteattr: error: "), err
    assert "Traceback" not in err and "internal error" not in err, err
    return lines[0]


# ------------------------------------------------------ 1. lone surrogates, every format, stdout and file


@pytest.fixture
def odd_name(tmp_path, monkeypatch):
    """A file whose name is not UTF-8: Python gives it a lone surrogate (\\udcff).
    Relative (the table cuts long names)."""
    monkeypatch.chdir(tmp_path)
    path = "a\udcff.txt"
    try:
        with open(path, "w", encoding="utf-8") as f:
            f.write("\u201cWe win,\u201d he said.")
    except (UnicodeEncodeError, OSError):
        pytest.skip("this file system cannot name a file with a non-UTF-8 byte")
    return path


@pytest.mark.parametrize("fmt", ["json", "jsonl", "table", "csv"])
@pytest.mark.parametrize("source", ["file name", "text"])
def test_every_format_writes_lone_surrogates_as_escapes_to_stdout_and_file(fmt, source, odd_name, tmp_path, fake_pipeline, monkeypatch, capsys):
    """Was exit 70 (UnicodeEncodeError) for table and CSV on a strict UTF-8 stdout."""
    quoted = "\u201cWe\ud800 win,\u201d he said."  # the surrogate in the quote: in every format's cells
    if source == "text":
        monkeypatch.setattr(FakePipeline, "text_override", quoted)
    console = StrictStdout()
    monkeypatch.setattr(sys, "stdout", console)
    assert _cli.main(["-q", "-f", fmt, odd_name]) == 0
    printed = console.value()
    out = tmp_path / f"out.{fmt}"
    assert _cli.main(["-q", "-f", fmt, odd_name, "-o", str(out)]) == 0
    assert out.read_bytes() == printed, "stdout and a file get the same bytes"
    written = printed.decode("utf-8")  # valid UTF-8
    assert "\\udcff" in written if source == "file name" else "\\ud800" in written
    if fmt in ("json", "jsonl"):
        d = json.loads(written)  # the escape is JSON's: reads back as the same string
        assert d["file"] == odd_name
        if source == "text":
            assert d["text"] == quoted and d["attributions"][0]["content"][0]["text"] == "We\ud800 win,"
    if fmt == "csv":
        (row,) = list(csv.DictReader(io.StringIO(written)))
        assert row["doc_id"] == "a\\udcff.txt" and row["content"] == ("We\\ud800 win," if source == "text" else "We win,")


def test_json_on_a_latin1_console_stays_valid_json(tmp_path, fake_pipeline, monkeypatch):
    """A console without UTF-8 (cp1252, latin-1): characters it lacks become JSON escapes.
    Was exit 70 (UnicodeEncodeError on “)."""
    f = tmp_path / "a.txt"
    text = "\u201cWe win \U0001F600,\u201d he said. caf\u00e9 \u301d\u306f\u3044\u301e"
    f.write_text(text, encoding="utf-8")
    console = StrictStdout("latin-1")
    monkeypatch.setattr(sys, "stdout", console)
    assert _cli.main(["-q", str(f)]) == 0
    assert json.loads(console.value().decode("latin-1"))["text"] == text


def test_table_escapes_lone_surrogates_and_keeps_columns_aligned():
    doc = _fake_doc(SURROGATE_TEXT, file="b\udcffad.txt")
    table = format_table([doc])
    table.encode("utf-8")
    header, row = table.splitlines()
    assert row.startswith("b\\udcffad.txt") and header.index("#") == row.index("0")


def test_render_html_is_valid_utf8_with_a_lone_surrogate():
    """The HTML held the raw surrogate: a notebook or a file could not encode it."""
    doc = _fake_doc("\u201cWe\ud800 win,\u201d he said.", file="x")
    for page in (quoteattr.render(doc), doc._repr_html_()):
        page.encode("utf-8")
        assert "We\\ud800 win," in page


def test_to_dataframe_keeps_a_lone_surrogate():
    """pandas 3 stores strings in Arrow, which raised UnicodeEncodeError from deep inside pyarrow."""
    pytest.importorskip("pandas")
    doc = _fake_doc("\u201cWe\ud800 win,\u201d he said.")
    df = quoteattr.to_dataframe(doc)
    assert list(df["content"]) == ["We\ud800 win,"] and list(df["source"]) == ["he"]
    plain = quoteattr.to_dataframe(_fake_doc("\u201cWe win,\u201d he said."))
    assert list(plain["content"]) == ["We win,"]


# ------------------------------------------------------ 2. a write that fails part-way: exit 74


class FullDisk(io.StringIO):
    """A stream on a full disk: writing (or the final flush) raises ENOSPC."""

    def __init__(self, fail_on="write", encoding="utf-8"):
        super().__init__()
        self.fail_on = fail_on
        self.encoding_ = encoding

    @property
    def encoding(self):
        return self.encoding_

    def write(self, s):
        if self.fail_on == "write":
            raise OSError(errno.ENOSPC, "No space left on device")
        return super().write(s)

    def flush(self):
        if self.fail_on == "flush":
            raise OSError(errno.ENOSPC, "No space left on device")

    def close(self):
        self.flush()
        super().close()


def test_output_error_is_an_oserror_with_errno_and_exit_74():
    e = OutputError("/data/out.jsonl", OSError(errno.ENOSPC, "No space left on device"))
    assert isinstance(e, OSError) and isinstance(e, QuoteAttrError)
    assert e.errno == errno.ENOSPC and e.exit_code == 74 == _cli.EXIT_IO
    assert str(e).startswith("--output /data/out.jsonl: writing failed: No space left on device (ENOSPC); free some disk space")


@pytest.mark.parametrize("fail_on", ["write", "flush"])
@pytest.mark.parametrize("fmt", ["json", "jsonl", "table", "csv"])
def test_full_disk_on_output_file_exits_74_naming_path_and_errno(fmt, fail_on, tmp_path, fake_pipeline, monkeypatch, capsys):
    """Was exit 70, "internal error: OSError: [Errno 28] ...", without the path."""
    f = tmp_path / "a.txt"
    f.write_text("\u201cWe win,\u201d he said.", encoding="utf-8")
    out = tmp_path / "out.txt"
    monkeypatch.setattr(_cli, "open", lambda *a, **k: FullDisk(fail_on), raising=False)
    assert _cli.main(["-q", "-f", fmt, str(f), "-o", str(out)]) == 74
    line = _one_error_line(capsys.readouterr().err)
    assert str(out) in line and "ENOSPC" in line and "No space left on device" in line


@pytest.mark.parametrize("fmt", ["json", "table", "csv"])
def test_full_disk_on_stdout_exits_74(fmt, tmp_path, fake_pipeline, monkeypatch, capsys):
    f = tmp_path / "a.txt"
    f.write_text("\u201cWe win,\u201d he said.", encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", FullDisk("write"))
    assert _cli.main(["-q", "-f", fmt, str(f)]) == 74
    assert "<stdout>: writing failed" in _one_error_line(capsys.readouterr().err)


def test_full_disk_in_a_corpus_run_exits_74_and_says_resume(tmp_path, fake_pipeline, monkeypatch, capsys):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": 1, "text": "He said hi."}\n', encoding="utf-8")
    monkeypatch.setattr(_cli, "open", lambda *a, **k: FullDisk("write"), raising=False)
    assert _cli.main([str(corpus), "-o", str(tmp_path / "o.jsonl"), "-q"]) == 74
    line = _one_error_line(capsys.readouterr().err)
    assert "o.jsonl" in line and "ENOSPC" in line and "--resume" in line


def test_full_disk_on_errors_file_exits_74(tmp_path, fake_pipeline, monkeypatch, capsys):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": 1, "text": "He said hi."}\n{"id": 2}\n', encoding="utf-8")
    out, err = tmp_path / "o.jsonl", tmp_path / "e.jsonl"
    real_open = open

    def fake_open(path, *a, **k):
        return FullDisk("write") if str(path) == str(err) else real_open(path, *a, **k)

    monkeypatch.setattr(_cli, "open", fake_open, raising=False)
    assert _cli.main([str(corpus), "-o", str(out), "--errors", str(err), "-q"]) == 74
    assert f"--errors {err}: writing failed" in _one_error_line(capsys.readouterr().err)


def test_full_disk_on_brat_files_exits_74(tmp_path, fake_pipeline, monkeypatch, capsys):
    """Was exit 2 ("cannot write"), as if the path were wrong."""
    f = tmp_path / "a.txt"
    f.write_text("\u201cWe win,\u201d he said.", encoding="utf-8")
    monkeypatch.setattr(_cli, "open", lambda *a, **k: FullDisk("write"), raising=False)
    assert _cli.main(["-q", "-f", "brat", str(f), "-o", str(tmp_path / "b")]) == 74
    line = _one_error_line(capsys.readouterr().err)
    assert str(tmp_path / "b" / "a.txt") in line and "ENOSPC" in line


def test_close_closes_every_output_even_when_one_fails():
    closed = []

    class Thing:
        def __init__(self, name, fail):
            self.name, self.fail = name, fail

        def close(self):
            closed.append(self.name)
            if self.fail:
                raise OutputError(self.name, OSError(errno.EIO, "Input/output error"))

    with pytest.raises(OutputError, match="out"):
        _cli._close(Thing("bar", False), Thing("out", True), Thing("errors", True))
    assert closed == ["bar", "out", "errors"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_dev_full_as_stdout_exits_74_with_one_line_and_no_exit_time_noise(tmp_path):
    """The real process: what stays in stdout's buffer must not fail again at exit
    ("Exception ignored ...", exit 120). `models` writes to stdout without loading a model."""
    with open("/dev/full", "w") as full:
        r = subprocess.run([sys.executable, "-m", "quoteattr", "models"], stdout=full, stderr=subprocess.PIPE, text=True,
                           timeout=120, cwd=str(tmp_path))
    assert r.returncode == 74, r.stderr
    assert _one_error_line(r.stderr).endswith("free some disk space and run again")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_dev_full_as_output_file_exits_74(tmp_path, fake_pipeline, capsys):
    f = tmp_path / "a.txt"
    f.write_text("\u201cWe win,\u201d he said.", encoding="utf-8")
    assert _cli.main(["-q", str(f), "-o", "/dev/full"]) == 74
    assert "--output /dev/full: writing failed: No space left on device (ENOSPC)" in _one_error_line(capsys.readouterr().err)


@pytest.mark.parametrize("argv", [["-q", "a.txt"], ["-q", "c.jsonl"], ["models"]])
def test_closed_stdout_exits_2(argv, tmp_path, fake_pipeline, monkeypatch, capsys):
    """`quoteattr a.txt >&-`: was exit 70, AttributeError: 'NoneType' object has no attribute 'write'."""
    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_text("He said hi.", encoding="utf-8")
    Path("c.jsonl").write_text('{"text": "He said hi."}\n', encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", None)
    assert _cli.main(argv) == 2
    assert "standard output is closed" in _one_error_line(capsys.readouterr().err)


def test_closed_stdin_exits_2(fake_pipeline, monkeypatch, capsys):
    """`quoteattr <&-`: was exit 70, AttributeError: 'NoneType' object has no attribute 'buffer'."""
    monkeypatch.setattr(sys, "stdin", None)
    assert _cli.main(["-q"]) == 2
    assert "standard input is closed" in _one_error_line(capsys.readouterr().err)


def test_resume_output_that_cannot_be_read_exits_2(tmp_path, fake_pipeline, monkeypatch, capsys):
    import quoteattr._corpus as corpus_mod

    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": 1, "text": "He said hi."}\n', encoding="utf-8")

    def denied(path):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(corpus_mod, "drop_torn_line", denied)
    assert _cli.main([str(corpus), "-o", str(tmp_path / "o.jsonl"), "--resume", "-q"]) == 2
    assert "cannot read it to resume (Permission denied)" in _one_error_line(capsys.readouterr().err)


def test_resume_skips_records_with_a_null_id(tmp_path, fake_pipeline, capsys):
    """A record with "id": null was written with a null id, which --resume cannot
    match: every resumed run wrote it again."""
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": null, "text": "He said hi."}\n{"text": "She said bye."}\n', encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert _cli.main([str(corpus), "-o", str(out), "-q"]) == 0
    assert _cli.main([str(corpus), "-o", str(out), "-q", "--resume"]) == 0
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == [1, 2]


# ------------------------------------------------------ outputs that are inputs


@pytest.mark.parametrize("case", ["text_output", "corpus_output", "corpus_errors", "errors_is_output"])
def test_an_output_that_is_an_input_is_refused_and_the_input_kept(case, tmp_path, fake_pipeline, capsys):
    """Was exit 0 with the article (or the corpus) overwritten before it was read."""
    txt = tmp_path / "a.txt"
    txt.write_text("\u201cWe win,\u201d he said.", encoding="utf-8")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": 1, "text": "He said hi."}\n', encoding="utf-8")
    before = {p: p.read_bytes() for p in (txt, corpus)}
    other = str(tmp_path / "o.jsonl")
    args, named = {
        "text_output": ([str(txt), "-o", str(tmp_path / "." / "a.txt")], "is also an input"),
        "corpus_output": ([str(corpus), "-o", str(corpus)], "is also an input"),
        "corpus_errors": ([str(corpus), "-o", other, "--errors", str(corpus)], "--errors"),
        "errors_is_output": ([str(txt), str(txt), "-o", other, "--errors", other], "is the --output file too"),
    }[case]
    assert _cli.main(args + ["-q"]) == 2
    assert named in _one_error_line(capsys.readouterr().err)
    assert {p: p.read_bytes() for p in (txt, corpus)} == before


# ------------------------------------------------------ CLI names


def test_brat_inputs_with_the_same_name_are_both_written(tmp_path, fake_pipeline, capsys):
    """Was: b/x.txt silently replaced a/x.txt in the output directory."""
    for d, word in (("a", "Hi"), ("b", "Bye")):
        (tmp_path / d).mkdir()
        (tmp_path / d / "x.txt").write_text(f"\u201c{word},\u201d he said.", encoding="utf-8")
    out = tmp_path / "brat"
    assert _cli.main(["-q", "-f", "brat", str(tmp_path / "a" / "x.txt"), str(tmp_path / "b" / "x.txt"), "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["x-2.ann", "x-2.txt", "x.ann", "x.txt"]
    assert "Bye" in (out / "x-2.txt").read_text(encoding="utf-8") and "Hi" in (out / "x.txt").read_text(encoding="utf-8")
    assert "written as x-2.txt" in capsys.readouterr().err


def test_brat_one_failing_file_is_reported_and_the_others_written(tmp_path, fake_pipeline, monkeypatch, capsys):
    """As for JSON output: an engine failure on one of several files ended the whole
    brat run (exit 70), and --errors was never written."""
    def call(self, text, **meta):
        if "BOOM" in text:
            raise AttributeError("'NoneType' object has no attribute 'text'")
        return _fake_doc(text, **meta)

    monkeypatch.setattr(FakePipeline, "__call__", call)
    for n, body in (("a", "\u201cHi,\u201d he said."), ("b", "BOOM"), ("c", "\u201cBye,\u201d he said.")):
        (tmp_path / f"{n}.txt").write_text(body, encoding="utf-8")
    (tmp_path / "d.txt").write_bytes(b"caf\xe9")
    out, err = tmp_path / "brat", tmp_path / "err.jsonl"
    names = [str(tmp_path / f"{n}.txt") for n in "abcd"]
    assert _cli.main(["-q", "-f", "brat", *names, "-o", str(out), "--errors", str(err)]) == 1
    assert sorted(p.name for p in out.iterdir()) == ["a.ann", "a.txt", "c.ann", "c.txt"]
    bad = [json.loads(line) for line in err.read_text(encoding="utf-8").splitlines()]
    assert [Path(b["file"]).name for b in bad] == ["b.txt", "d.txt"]
    assert "AttributeError" in bad[0]["error"] and "cannot decode" in bad[1]["error"]


def test_leading_dash_file_name_gets_a_hint(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("-notes.txt").write_text("He said hi.", encoding="utf-8")
    with pytest.raises(SystemExit) as e:
        _cli.main(["-notes.txt"])
    assert e.value.code == 2
    assert "put -- before file names starting with '-'" in capsys.readouterr().err


def test_leading_dash_file_name_after_double_dash_works(tmp_path, fake_pipeline, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("-notes.txt").write_text("\u201cHi,\u201d he said.", encoding="utf-8")
    assert _cli.main(["-q", "--", "-notes.txt"]) == 0
    assert json.loads(capsys.readouterr().out)["file"] == "-notes.txt"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_in_a_directory_is_reported_not_read(tmp_path, fake_pipeline, capsys):
    """A FIFO named *.txt in a directory of articles blocked the run forever."""
    import threading

    d = tmp_path / "articles"
    d.mkdir()
    (d / "a.txt").write_text("\u201cHi,\u201d he said.", encoding="utf-8")
    os.mkfifo(d / "b.txt")
    out = tmp_path / "out.jsonl"
    result = {}
    t = threading.Thread(target=lambda: result.update(code=_cli.main(["-q", str(d), "-o", str(out)])), daemon=True)
    t.start()
    t.join(60)
    if t.is_alive():  # unblock the reader, then fail
        os.close(os.open(d / "b.txt", os.O_WRONLY | os.O_NONBLOCK))
        t.join(10)
        pytest.fail("the run blocked reading the FIFO")
    assert result["code"] == 1
    assert [json.loads(line)["file"] for line in out.read_text(encoding="utf-8").splitlines()] == [str(d / "a.txt")]
    assert "b.txt: not a regular file" in capsys.readouterr().err


def test_serve_reads_several_json_documents_in_one_file(tmp_path, fake_pipeline):
    """`quoteattr -f json a.txt b.txt -o out.json` wrote documents one after another,
    which `json.load` rejects (Extra data); it now writes one array. `serve` reads
    both forms (the old one from earlier releases' files)."""
    for n in ("a", "b"):
        (tmp_path / f"{n}.txt").write_text(f"\u201c{n},\u201d he said.", encoding="utf-8")
    out = tmp_path / "out.json"
    assert _cli.main(["-q", "-f", "json", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", str(out)]) == 0
    texts = ["\u201ca,\u201d he said.", "\u201cb,\u201d he said."]
    assert [d["text"] for d in json.loads(out.read_text(encoding="utf-8"))] == texts
    assert [d.text for d in _cli.load_output(str(out))] == texts
    old = tmp_path / "old.json"
    old.write_text("\n".join(json.dumps(d, indent=2) for d in json.loads(out.read_text(encoding="utf-8"))) + "\n", encoding="utf-8")
    assert [d.text for d in _cli.load_output(str(old))] == texts
    assert _cli.main(["-q", "-f", "json", str(tmp_path / "a.txt"), "-o", str(out)]) == 0  # one input: one object
    assert json.loads(out.read_text(encoding="utf-8"))["text"] == texts[0]
    bad = tmp_path / "bad.json"
    bad.write_text(out.read_text(encoding="utf-8") + "\n{oops", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        _cli.load_output(str(bad))


# ------------------------------------------------------ brat: line breaks in span text


@pytest.mark.parametrize("brk", ["\r", "\r\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\t"])
def test_write_ann_keeps_each_annotation_on_one_line(brk):
    """Only \\n and \\t were replaced: a content span holding \\r or U+2028 was cut over
    two .ann lines, which brat (splitting lines as Python does) reads as broken."""
    text = f"\u201cWe will{brk}win,\u201d he said."
    k = text.index("\u201d")
    src = Source(Span.of(text, k + 2, k + 4), "he", "person")
    doc = AttributedDocument(text=text, attributions=(Attribution("direct", (Span.of(text, 1, k),), source=src),))
    ann = write_ann(doc)
    assert len(ann.splitlines()) == ann.count("\n") == 4  # T Source, T Content, T Attribution, E
    (got,) = read_ann(ann, text)
    assert got.content[0].text == f"We will{brk}win,"


# ------------------------------------------------------ 3. more quotation marks


@pytest.mark.parametrize("text, content, marks", [
    ("\u5f7c\u306f\u301d\u306f\u3044\u301e\u3068\u8a00\u3063\u305f\u3002", "\u306f\u3044", "\u301d\u301e"),
    ("\u301d\u306f\u3044\u301f", "\u306f\u3044", "\u301d\u301f"),
    ("\u301dWe will win,\u301e the minister said.", "We will win,", "\u301d\u301e"),
])
def test_cjk_double_prime_marks_pair(text, content, marks):
    r = scan(text)
    (q,) = r.quotes
    assert q.content.text == content and "".join(m.char for m in q.marks) == marks
    assert [m.role for m in q.marks] == ["open", "close"] and {m.family for m in q.marks} == {"double_prime"}
    assert r.unmatched == ()


@pytest.mark.parametrize("text, unmatched", [
    ("\u301d\u306f\u3044", ["\u301d"]),
    ("\u306f\u3044\u301e", ["\u301e"]),
    ("\u306f\u3044\u301f", ["\u301f"]),
    ("\u301e\u306f\u3044\u301d", ["\u301e", "\u301d"]),
    ("\u201c\u306f\u3044\u301e", ["\u201c", "\u301e"]),  # families do not mix
])
def test_unpaired_cjk_double_primes_are_reported_unmatched(text, unmatched):
    r = scan(text)
    assert r.quotes == () and [m.char for m in r.unmatched] == unmatched


@pytest.mark.parametrize("text, content, marks, family", [
    ("\uff62a\uff63", "a", "\uff62\uff63", "corner"),  # halfwidth corner brackets
    ("\ufe41a\ufe42", "a", "\ufe41\ufe42", "corner"),  # vertical forms
    ("\ufe43a\ufe44", "a", "\ufe43\ufe44", "white_corner"),
    ("\u2e42We win,\u201d he said.", "We win,", "\u2e42\u201d", "double"),  # double low-reversed-9
    ("\u275dWe win,\u275e he said.", "We win,", "\u275d\u275e", "double"),  # heavy ornaments
    ("\u275bWe win,\u275c he said.", "We win,", "\u275b\u275c", "single"),
    ("\U0001f676We win,\U0001f677 he said.", "We win,", "\U0001f676\U0001f677", "double"),
    ("\U0001f678We win,\U0001f677 he said.", "We win,", "\U0001f678\U0001f677", "double"),
    ("He said \uff07no\uff07.", "no", "\uff07\uff07", "single"),  # fullwidth apostrophe as a quote
])
def test_other_unicode_quotation_marks_pair(text, content, marks, family):
    r = scan(text)
    (q,) = r.quotes
    assert (q.content.text, "".join(m.char for m in q.marks), q.marks[0].family) == (content, marks, family)
    assert r.unmatched == ()


def test_fullwidth_apostrophe_between_letters_is_an_apostrophe():
    r = scan("don\uff07t")
    assert r.quotes == () and r.unmatched == () and r.apostrophes == (3,)


def test_every_unicode_quotation_mark_is_a_mark_and_never_lost():
    """Every character with Unicode's Quotation_Mark property is scanned; alone, each is unmatched."""
    marks = regex.findall(r"\p{Quotation_Mark}", "".join(map(chr, range(0x110000))))
    assert len(marks) >= 30
    assert set(marks) <= set(QUOTE_CHARS)
    for ch in QUOTE_CHARS:
        r = scan(f"a {ch} b")
        assert [m.char for m in r.unmatched] == [ch], ch


def test_double_prime_quote_is_attributed(nlp):
    """Through the shipped model: the new marks give a quote the engine attributes."""
    doc = nlp("\u301dWe will win,\u301e the minister said.")
    assert [q.content.text for q in doc.quotes] == ["We will win,"]
    (a,) = doc.attributions
    assert a.content[0].text == "We will win," and a.source.text == "the minister"
