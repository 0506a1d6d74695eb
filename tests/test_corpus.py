"""JSONL corpus runs: streaming, bad records, resume (end to end with the shipped model)."""

import json
import subprocess
import sys

from quoteattr._cli import main
from quoteattr._corpus import done_ids, iter_records


def write_corpus(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_iter_records_reports_bad_lines(tmp_path):
    p = tmp_path / "c.jsonl"
    write_corpus(p, ['{"id": 1, "text": "a"}', "{not json", '[1, 2]', '{"id": 4}', '{"id": 5, "text": 7}', "", '{"text": "no id"}'])
    got = [(n, r is not None, str(e) if e else None) for n, r, e in iter_records(p)]
    assert [g[0] for g in got] == [1, 2, 3, 4, 5, 7]
    assert got[0][1] and got[5][1]
    assert "not valid JSON" in got[1][2] and "line 2" in got[1][2]
    assert "expected a JSON object" in got[2][2]
    assert "no 'text' field" in got[3][2] and "--text-field" in got[3][2]
    assert "must be a string" in got[4][2]


def test_corpus_run_writes_errors_and_resumes(tmp_path, capsys):
    corpus = tmp_path / "c.jsonl"
    write_corpus(corpus, [
        json.dumps({"doc": "a", "body": "The minister said the talks had failed.", "outlet": "X"}),
        "{broken",
        json.dumps({"doc": "b", "body": "“No,” she said."}),
    ])
    out, err = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    code = main([str(corpus), "--text-field", "body", "--id-field", "doc", "-o", str(out), "--errors", str(err), "-q"])
    assert code == 1  # one bad record
    docs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [d["id"] for d in docs] == ["a", "b"]
    assert docs[0]["metadata"]["outlet"] == "X" and docs[0]["attributions"]
    errs = [json.loads(x) for x in err.read_text(encoding="utf-8").splitlines()]
    assert errs[0]["line"] == 2 and "not valid JSON" in errs[0]["error"]
    # a third record arrives; --resume processes only it
    with open(corpus, "a", encoding="utf-8") as f:
        f.write(json.dumps({"doc": "c", "body": "Reuters reported that the talks had failed."}) + "\n")
    code = main([str(corpus), "--text-field", "body", "--id-field", "doc", "-o", str(out), "--resume", "-q"])
    assert code == 1
    assert [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()] == ["a", "b", "c"]
    assert done_ids(out) == {"a", "b", "c"}


def test_resume_needs_output(tmp_path):
    corpus = tmp_path / "c.jsonl"
    write_corpus(corpus, ['{"id": 1, "text": "x"}'])
    r = subprocess.run([sys.executable, "-m", "quoteattr", str(corpus), "--resume"], capture_output=True, text=True)
    assert r.returncode == 2 and "--resume needs --output" in r.stderr and "Traceback" not in r.stderr


def test_torn_last_line_is_cut_before_appending(tmp_path):
    from quoteattr._corpus import drop_torn_line

    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "a"}\n{"id": "b", "attr', encoding="utf-8")
    assert drop_torn_line(out)
    assert out.read_text(encoding="utf-8") == '{"id": "a"}\n'
    assert not drop_torn_line(out)
    assert done_ids(out) == {"a"}


def test_directory_of_files_resumes_and_reports_errors(tmp_path):
    d = tmp_path / "articles"
    d.mkdir()
    (d / "a.txt").write_text("The minister said the talks had failed.", encoding="utf-8")
    (d / "b.txt").write_bytes(b"caf\xe9")
    out, err = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    assert main([str(d), "-o", str(out), "--errors", str(err), "-q"]) == 1
    assert [json.loads(x)["file"] for x in out.read_text(encoding="utf-8").splitlines()] == [str(d / "a.txt")]
    assert "b.txt" in err.read_text(encoding="utf-8")
    (d / "b.txt").write_text("“No,” she said.", encoding="utf-8")
    assert main([str(d), "-o", str(out), "--resume", "-q"]) == 0
    assert [json.loads(x)["file"] for x in out.read_text(encoding="utf-8").splitlines()] == [str(d / "a.txt"), str(d / "b.txt")]
