"""Hostile input at the edges: output writing, reading output back, CLI paths.

Fuzz report s19, bugs 1, 5, 6, 9 and 12. All but one test run without the
parsing model (a fake pipeline or a model directory that is never loaded).
"""

from __future__ import annotations

import json
import math

import pytest

import quoteattr
from quoteattr import AttributedDocument
from quoteattr._cli import decode_bytes, main
from quoteattr._corpus import done_ids, run_corpus
from quoteattr._errors import InputDecodeError, InputError, InputTypeError, OptionError
from quoteattr._output import dumps_line

SURROGATE_TEXT = "\ud800 \u201cWe win,\u201d he said."


def _strict_loads(line: str):
    """json.loads that rejects NaN/Infinity, as jq and JavaScript do."""
    def bad(token):
        raise ValueError(f"non-standard JSON token {token}")

    return json.loads(line, parse_constant=bad)


class FakePipe:
    """Stands in for Pipeline.pipe: one empty result per record, no model.

    A record whose text contains "BOOM" raises, as an engine bug would,
    killing the generator and every record batched with it.
    """

    def __init__(self):
        self.calls = []

    def pipe(self, records, batch_size=16, text_field="text", n_process=1):
        self.calls.append(batch_size)
        batch = []
        for rec in records:
            batch.append(rec)
            if len(batch) >= batch_size:
                yield from self._run(batch, text_field)
                batch = []
        yield from self._run(batch, text_field)

    @staticmethod
    def _run(batch, text_field):
        if any("BOOM" in r[text_field] for r in batch):
            raise AttributeError("'NoneType' object has no attribute 'text'")
        for r in batch:
            yield AttributedDocument(text=r[text_field], metadata={k: v for k, v in r.items() if k != text_field})


def _write_lines(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _error_line(err: str) -> str:
    assert "Traceback" not in err and "internal error" not in err, err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("quoteattr: error: "), err
    return lines[0]


# ------------------------------------------------------ bug 1: lone surrogates, per-record guard


def test_corpus_lone_surrogate_record_is_written_and_run_goes_on(tmp_path, capsys):
    """The report's repro, end to end with the shipped model: exit 0, all three written."""
    corpus = tmp_path / "c.jsonl"
    _write_lines(corpus, ['{"id": 1, "text": "He said hi."}', '{"id": 2, "text": "\\ud800 \\u201cWe win,\\u201d he said."}',
                          '{"id": 3, "text": "She said bye."}'])
    out, err = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    assert main([str(corpus), "-o", str(out), "--errors", str(err), "-q"]) == 0
    docs = [_strict_loads(x) for x in out.read_bytes().decode("utf-8").splitlines()]
    assert [d["id"] for d in docs] == [1, 2, 3]
    assert docs[1]["text"] == SURROGATE_TEXT  # round-trips exactly: offsets stay right
    assert err.read_text(encoding="utf-8") == ""


def test_run_corpus_failing_record_goes_to_errors_and_the_rest_is_written(tmp_path):
    corpus = tmp_path / "c.jsonl"
    _write_lines(corpus, [json.dumps({"id": f"r{i}", "text": "BOOM" if i == 3 else f"text {i}"}) for i in range(1, 8)])
    out, errs = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    with open(out, "w", encoding="utf-8") as o, open(errs, "w", encoding="utf-8") as e:
        counts = run_corpus(FakePipe(), corpus, o, errors=e, batch_size=2)
    assert counts == {"written": 6, "skipped": 0, "failed": 1}
    assert [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()] == ["r1", "r2", "r4", "r5", "r6", "r7"]
    (bad,) = [json.loads(x) for x in errs.read_text(encoding="utf-8").splitlines()]
    assert bad["line"] == 3 and bad["id"] == "r3"
    assert "record on line 3" in bad["error"] and "AttributeError" in bad["error"] and "has no attribute 'text'" in bad["error"]


def test_run_corpus_error_not_tied_to_a_record_still_raises(tmp_path):
    class Broken:
        def pipe(self, records, **kw):
            raise OptionError("batch_size must be a positive integer")
            yield  # pragma: no cover

    corpus = tmp_path / "c.jsonl"
    _write_lines(corpus, ['{"id": 1, "text": "a"}'])
    with open(tmp_path / "out.jsonl", "w", encoding="utf-8") as o, pytest.raises(OptionError):
        run_corpus(Broken(), corpus, o)


def test_run_corpus_keyboard_interrupt_is_not_swallowed(tmp_path):
    class Interrupted(FakePipe):
        @staticmethod
        def _run(batch, text_field):
            raise KeyboardInterrupt
            yield  # pragma: no cover

    corpus = tmp_path / "c.jsonl"
    _write_lines(corpus, ['{"id": 1, "text": "a"}'])
    with open(tmp_path / "out.jsonl", "w", encoding="utf-8") as o, pytest.raises(KeyboardInterrupt):
        run_corpus(Interrupted(), corpus, o)


def test_dumps_line_escapes_lone_surrogates_and_round_trips():
    d = {"text": SURROGATE_TEXT, "note": "caf\u00e9 \U0001f600"}
    line = dumps_line(d)
    line.encode("utf-8")  # no UnicodeEncodeError
    assert "\\ud800" in line and "caf\u00e9" in line  # only the surrogate is escaped
    assert json.loads(line) == d


def test_to_json_with_a_lone_surrogate_is_utf8_and_reads_back():
    doc = AttributedDocument(text=SURROGATE_TEXT, quotes=quoteattr.scan(SURROGATE_TEXT).quotes, metadata={"id": "\udcff"})
    s = doc.to_json()
    s.encode("utf-8")
    back = AttributedDocument.from_json(s)
    assert back.text == SURROGATE_TEXT and back.quotes == doc.quotes and back.metadata["id"] == "\udcff"


# ------------------------------------------------------ bug 9: metadata JSON cannot represent


def test_to_json_unrepresentable_metadata_names_the_key():
    doc = AttributedDocument(text="He said hi.", metadata={"id": object(), "outlet": "X"})
    with pytest.raises(InputTypeError, match=r"metadata\['id'\] is a object.*default=str"):
        doc.to_json()
    assert '"id": "<object object' in doc.to_json(default=str)  # the documented opt-in
    with pytest.raises(InputTypeError, match=r"metadata\['tags'\]\[1\]"):
        AttributedDocument(text="x", metadata={"tags": ["a", {1, 2}]}).to_json()


def test_nan_id_is_written_as_a_string_and_resumes(tmp_path):
    corpus = tmp_path / "c.jsonl"
    _write_lines(corpus, ['{"id": NaN, "text": "a"}', '{"id": Infinity, "text": "b", "score": -Infinity}'])
    out = tmp_path / "out.jsonl"
    with open(out, "w", encoding="utf-8") as o:
        assert run_corpus(FakePipe(), corpus, o)["written"] == 2
    docs = [_strict_loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [d["id"] for d in docs] == ["NaN", "Infinity"] and docs[1]["metadata"]["score"] == "-Infinity"
    with open(out, "a", encoding="utf-8") as o:  # --resume: both already done
        assert run_corpus(FakePipe(), corpus, o, resume_ids=done_ids(out)) == {"written": 0, "skipped": 2, "failed": 0}
    assert _strict_loads(AttributedDocument(text="x", metadata={"id": math.nan}).to_json())["id"] == "NaN"


# ------------------------------------------------------ bug 6: reading output back


@pytest.mark.parametrize("payload, error, message", [
    ("not json", InputError, r"not valid JSON \(Expecting value at line 1, column 1\)"),
    ("[1,2]", InputTypeError, "expected an object.*got list"),
    ('{"schema": 2, "text": "abc"}', InputError, "schema 2"),
    ('{"schema": 1, "text": "abc", "quotes": [{}]}', InputError, r"quotes\[0\] has no 'marks'"),
    ('{"schema": 1, "text": "abc", "quotes": {}}', InputError, "quotes must be a list"),
    ('{"schema": 1, "text": 5}', InputError, "text must be a string"),
    ('{"schema": 1, "attributions": [{"kind": "indirect", "content": []}]}', InputError, r"attributions\[0\] has no 'cue'"),
    ('{"schema": 1, "attributions": [{"kind": "weird", "content": [], "cue": []}]}', InputError, "kind is 'weird'"),
    ('{"schema": 1, "boilerplate": [{"start": "1", "end": 3, "text": "bc"}]}', InputError, r"boilerplate\[0\].start must be an integer"),
    ('{"schema": 1, "text": "abc", "boilerplate": [{"start": 1, "end": 3, "text": "zz"}]}', InputError,
     r"boilerplate\[0\] says 'zz' at 1-3, but the text there is 'bc'"),
    ('{"schema": 1, "text": "abc", "dateline": {"start": 2, "end": 4, "text": "cd"}}', InputError, "dateline.*past the end"),
    ('{"schema": 1, "text": "abc", "boilerplate": [{"start": -2, "end": 3, "text": "c"}]}', InputError, "need 0 <= start <= end"),
    ('{"schema": 1, "text": "abc", "boilerplate": [{"start": 3, "end": 1, "text": ""}]}', InputError, "need 0 <= start <= end"),
    ('{"schema": 1, "text": "He said", "attributions": [{"kind": "indirect", "content": [{"start": 3, "end": 7, "text": "said"}], "cue": [],'
     ' "source": {"start": 0, "end": 2, "text": "He", "entity": "He", "type": "person", "head": {"start": 0, "end": 2, "text": "Xe"}}}]}',
     InputError, r"attributions\[0\].source.head says 'Xe'"),
])
def test_from_json_malformed_names_the_problem(payload, error, message):
    with pytest.raises(error, match=message) as info:
        AttributedDocument.from_json(payload)
    assert "quoteattr JSON" in str(info.value) or "schema" in str(info.value)


def test_from_dict_wrong_types():
    with pytest.raises(InputTypeError, match="got NoneType"):
        AttributedDocument.from_dict(None)
    with pytest.raises(InputTypeError, match="from_dict"):
        AttributedDocument.from_json({"schema": 1})


def test_from_json_without_text_skips_the_offset_check_and_good_output_round_trips():
    text = "\u201cWe will win,\u201d the minister said. \u201cOops"
    doc = AttributedDocument(text=text, quotes=quoteattr.scan(text).quotes, unmatched=quoteattr.scan(text).unmatched,
                             metadata={"file": "a.txt", "outlet": "X"})
    back = AttributedDocument.from_json(doc.to_json())
    assert (back.text, back.quotes, back.unmatched, back.metadata) == (doc.text, doc.quotes, doc.unmatched, doc.metadata)
    # (round 8: output without its text reads back with the text given, and is refused without it)
    assert AttributedDocument.from_json(doc.to_json(include_text=False), text=text).quotes == doc.quotes


# ------------------------------------------------------ bug 5: CLI exit 2, never 70, on bad paths


@pytest.mark.parametrize("case", ["missing_dir", "is_dir", "errors_missing_dir", "brat_to_file", "corpus_to_dir", "corpus_errors_missing_dir"])
def test_cli_unwritable_output_exits_2(case, tmp_path, fake_model, capsys):
    txt = tmp_path / "ok.txt"
    txt.write_text("He said hi.", encoding="utf-8")
    corpus = tmp_path / "c.jsonl"
    _write_lines(corpus, ['{"id": 1, "text": "He said hi."}'])
    (tmp_path / "adir").mkdir()
    args, named = {
        "missing_dir": ([str(txt), "-o", str(tmp_path / "nodir" / "out.json")], "nodir"),
        "is_dir": ([str(txt), "-o", str(tmp_path / "adir")], "is a directory"),
        "errors_missing_dir": ([str(txt), str(txt), "-o", str(tmp_path / "x.jsonl"), "--errors", str(tmp_path / "nodir" / "e.jsonl")],
                               "--errors"),
        "brat_to_file": (["-f", "brat", str(txt), "-o", str(txt)], "is a file"),
        "corpus_to_dir": ([str(corpus), "-o", str(tmp_path / "adir")], "is a directory"),
        "corpus_errors_missing_dir": ([str(corpus), "-o", str(tmp_path / "o.jsonl"), "--errors", str(tmp_path / "nodir" / "e.jsonl")],
                                      "does not exist"),
    }[case]
    assert main(args + ["--model", fake_model, "-q"]) == 2
    assert named in _error_line(capsys.readouterr().err)


@pytest.mark.parametrize("content, message", [
    (None, "no such file"),
    (b"{oops", "not valid JSON"),
    (b"5", "not an object"),
    (b'{"attributions": [], "note": "caf\xe9"}', "cannot decode byte at offset 33"),
    (b'{"attributions": [], "text_file": "missing.txt"}', "missing.txt: the gold's text file does not exist"),
])
def test_evaluate_bad_seed_gold_exits_2_naming_the_file(content, message, tmp_path, capsys):
    gold = tmp_path / "x.gold.json"
    if content is not None:
        gold.write_bytes(content)
    assert main(["evaluate", "--gold", str(gold), "-q"]) == 2
    line = _error_line(capsys.readouterr().err)
    assert message in line and ("x.gold.json" in line or "missing.txt" in line)


def test_evaluate_polnear_latin1_text_exits_2(tmp_path, capsys):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "b.txt").write_bytes(b"caf\xe9 said.")
    (tmp_path / "attributions" / "b_x.ann").write_text("", encoding="utf-8")
    assert main(["evaluate", "--gold", str(tmp_path), "-q"]) == 2
    assert "b.txt: cannot decode byte at offset 3" in _error_line(capsys.readouterr().err)


def test_evaluate_errors_path_checked_before_running(tmp_path, capsys):
    gold = tmp_path / "x.gold.json"
    gold.write_text('{"attributions": []}', encoding="utf-8")
    assert main(["evaluate", "--gold", str(gold), "--errors", str(tmp_path / "nodir" / "e.json")]) == 2
    assert "--errors" in _error_line(capsys.readouterr().err)


@pytest.mark.parametrize("content, message", [
    ('{"schema": 1, "text": "abc", "quotes": [{}]}', r"quotes[0] has no 'marks'"),
    ('{"schema": 1, "text": "abc", "attributions": [{"kind": "direct", "content": []}]}', "attributions[0] has no 'cue'"),
])
def test_serve_malformed_output_exits_2(content, message, tmp_path, capsys):
    f = tmp_path / "bad.json"
    f.write_text(content, encoding="utf-8")
    assert main(["serve", str(f), "--port", "0"]) == 2
    line = _error_line(capsys.readouterr().err)
    assert str(f) in line and message in line


def test_serve_port_out_of_range(tmp_path, capsys):
    f = tmp_path / "good.json"
    f.write_text(AttributedDocument(text="He said hi.").to_json(), encoding="utf-8")
    assert main(["serve", str(f), "--port", "99999"]) == 2
    assert "0-65535" in _error_line(capsys.readouterr().err)
    with pytest.raises(OptionError, match="0-65535"):
        quoteattr.serve([], port=-1, block=False)


# ------------------------------------------------------ bug 12: UTF-16/UTF-32 advice


@pytest.mark.parametrize("data, enc", [
    ("He said hi.".encode("utf-16"), "UTF-16"),
    ("He said hi.".encode("utf-16-be"), "UTF-16BE"),
    ("He said hi.".encode("utf-16-le"), "UTF-16LE"),
    ("He said hi.".encode("utf-32"), "UTF-32"),
    ("He said hi.".encode("utf-32-be"), "UTF-32BE"),
])
def test_wide_encodings_get_matching_advice(data, enc):
    with pytest.raises(InputDecodeError) as info:
        decode_bytes(data, "a.txt")
    msg = str(info.value)
    assert f"looks like {enc}," in msg and f"iconv -f {enc} -t utf-8 a.txt" in msg and "latin1" not in msg


def test_latin1_advice_and_a_few_nuls_unchanged():
    with pytest.raises(InputDecodeError, match="iconv -f latin1"):
        decode_bytes(b"caf\xe9 said", "b.txt")
    assert decode_bytes(b"He said\x00 hi, a NUL or two\x00 is still text.", "c.txt").count("\x00") == 2


def test_cli_files_one_failing_document_goes_to_errors_and_the_rest_is_written(tmp_path, monkeypatch, capsys):
    """Several text files: an engine failure on one is reported with its file, and the
    others are written (one file alone still fails loudly: nothing else would be lost)."""
    import quoteattr._pipeline as pl
    from quoteattr import _cli

    class BoomPipeline:
        def __init__(self, *a, **k):
            pass

        def __call__(self, text, **meta):
            if "BOOM" in text:
                raise AttributeError("'NoneType' object has no attribute 'text'")
            return AttributedDocument(text=text, metadata=meta)

    monkeypatch.setattr(pl, "Pipeline", BoomPipeline)
    (tmp_path / "a.txt").write_text("He said hi.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("BOOM", encoding="utf-8")
    (tmp_path / "c.txt").write_text("She said bye.", encoding="utf-8")
    out, err = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    code = _cli.main([str(tmp_path / n) for n in ("a.txt", "b.txt", "c.txt")] + ["-o", str(out), "--errors", str(err), "-q"])
    assert code == _cli.EXIT_PARTIAL
    assert [json.loads(line)["text"] for line in out.read_text(encoding="utf-8").splitlines()] == ["He said hi.", "She said bye."]
    (bad,) = [json.loads(line) for line in err.read_text(encoding="utf-8").splitlines()]
    assert bad["file"].endswith("b.txt") and "AttributeError" in bad["error"]
    assert "b.txt" in capsys.readouterr().err


def test_resume_keeps_ids_of_different_types_apart(tmp_path):
    # A null id becomes its line number (2); a later record's id is the string "2", another's
    # is true and another's 1: four records, none the same as another on --resume.
    corpus = tmp_path / "c.jsonl"
    _write_lines(corpus, ['{"id": "a", "text": "x"}', '{"id": null, "text": "x"}', '{"id": "2", "text": "x"}',
                          '{"id": true, "text": "x"}', '{"id": 1, "text": "x"}', '{"id": 1.0, "text": "x"}'])
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "a"}\n{"id": 2}\n', encoding="utf-8")  # a run killed after two records
    with open(out, "a", encoding="utf-8") as o:
        counts = run_corpus(FakePipe(), corpus, o, resume_ids=done_ids(out))
    assert counts == {"written": 4, "skipped": 2, "failed": 0}
    ids = [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()]
    assert ids == ["a", 2, "2", True, 1, 1.0]
    assert done_ids(out) == {"a", ("json", "2"), "2", ("json", "true"), ("json", "1"), ("json", "1.0")}
