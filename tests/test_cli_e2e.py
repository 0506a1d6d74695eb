"""The README's main job and CLI formats, end to end with the shipped model."""

import json
import subprocess
import sys
from pathlib import Path

from quoteattr._cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_main_job_prints_schema_1_json(capsys):
    assert main(["examples/bucha.txt"] if (Path.cwd() / "examples").exists() else [str(ROOT / "examples" / "bucha.txt")]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["schema"] == 1
    assert set(d) >= {"file", "schema", "attributions", "quotes", "unmatched_marks"}
    a = d["attributions"][0]
    assert set(a) >= {"kind", "content", "cue", "source", "relayed_by", "parent", "confidence"}
    for a in d["attributions"]:
        for s in a["content"] + a["cue"]:
            assert d["text"][s["start"]:s["end"]] == s["text"]


def test_jsonl_table_and_stdin(tmp_path):
    f1 = tmp_path / "a.txt"
    f1.write_text("“We will win,” the minister said.", encoding="utf-8")
    f2 = tmp_path / "b.txt"
    f2.write_text("", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "quoteattr", str(f1), str(f2), "--quiet"], capture_output=True, text=True, check=True)
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [len(x["attributions"]) for x in lines] == [1, 0]
    r = subprocess.run([sys.executable, "-m", "quoteattr", "--format", "table"], input="“No,” she said.", capture_output=True, text=True, check=True)
    assert "she" in r.stdout and "direct" in r.stdout
    out = tmp_path / "out.jsonl"
    r = subprocess.run([sys.executable, "-m", "quoteattr", str(tmp_path), "-o", str(out), "-q"], capture_output=True, text=True, check=True)
    assert r.stdout == ""
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def test_partial_failure_exit_code(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("He said it was over.", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9")
    r = subprocess.run([sys.executable, "-m", "quoteattr", str(good), str(bad), "-q"], capture_output=True, text=True)
    assert r.returncode == 1
    assert "bad.txt" in r.stderr and "offset 3" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stdout.splitlines()) == 1


def test_csv_and_brat_exports(tmp_path):
    import csv

    from quoteattr._brat import read_ann

    f = tmp_path / "a.txt"
    f.write_text("“We will win,” the minister said. The Kremlin accused Kyiv of lying.", encoding="utf-8")
    out = tmp_path / "a.csv"
    assert main([str(f), "--format", "csv", "-o", str(out), "-q"]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["cue"] for r in rows] == ["said", "accused"] and rows[0]["source"] == "the minister"
    outdir = tmp_path / "brat"
    assert main([str(f), "--format", "brat", "-o", str(outdir), "-q"]) == 0
    text = (outdir / "a.txt").read_text(encoding="utf-8")
    anns = read_ann((outdir / "a.ann").read_text(encoding="utf-8"), text)
    assert [a.cue[0].text for a in anns] == ["said", "accused"]
    assert [a.source[0].text for a in anns] == ["the minister", "The Kremlin"]
