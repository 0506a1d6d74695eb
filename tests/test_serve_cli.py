"""`quoteattr serve` from the shell: reads quoteattr output back and serves it locally;
bad inputs are one-line errors with exit code 2."""

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import quoteattr
from quoteattr._cli import main
from quoteattr._readers import iter_conllu_documents

DOCS = dict(iter_conllu_documents(Path(__file__).parent / "fixtures" / "documents.conllu"))


def _write_output(tmp_path):
    docs = [quoteattr.attribute_document(DOCS[n]) for n in ("paragraph_relay", "nested_quote")]
    out = tmp_path / "out.jsonl"
    out.write_text("".join(d.to_json(indent=None) + "\n" for d in docs), encoding="utf-8")
    return out, docs


def test_serve_command_serves_saved_output(tmp_path):
    out, docs = _write_output(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "quoteattr", "serve", str(out), "--port", "0"],
                            stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()
        assert "serving 2 document(s) on http://127.0.0.1:" in line, line
        url = line.split(" on ")[1].split()[0]
        data = json.load(urllib.request.urlopen(url + "api/attributions", timeout=10))
        assert len(data["rows"]) == sum(len(d.attributions) for d in docs)
        assert "<title>quoteattr</title>" in urllib.request.urlopen(url, timeout=10).read().decode()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert proc.stdout.read() == ""  # nothing but results on stdout, and serve prints none


def test_serve_command_rejects_output_without_text(tmp_path, capsys):
    doc = quoteattr.attribute_document(DOCS["paragraph_relay"])
    d = doc.to_dict()
    d.pop("text")
    bad = tmp_path / "notext.json"
    bad.write_text(json.dumps(d), encoding="utf-8")
    assert main(["serve", str(bad)]) == 2
    assert "--no-text" in capsys.readouterr().err


def test_serve_command_rejects_a_raw_corpus(tmp_path, capsys):
    raw = tmp_path / "corpus.jsonl"
    raw.write_text('{"id": 1, "text": "He said so."}\n', encoding="utf-8")
    assert main(["serve", str(raw)]) == 2
    err = capsys.readouterr().err
    assert "line 1" in err and "not quoteattr output" in err and "-o OUT.jsonl" in err


def test_serve_command_rejects_broken_json(tmp_path, capsys):
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"schema": 1,\n', encoding="utf-8")
    assert main(["serve", str(bad)]) == 2
    assert "line 1: not valid JSON" in capsys.readouterr().err
