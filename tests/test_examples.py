"""The example scripts run (end to end with the shipped model)."""

import csv
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def corpus(tmp_path):
    d = tmp_path / "articles"
    d.mkdir()
    (d / "a.txt").write_text("“We will win,” the minister told Reuters. The Kremlin accused Kyiv of lying.", encoding="utf-8")
    (d / "b.txt").write_text("The minister said that the talks had failed, AFP reported.", encoding="utf-8")
    return d


def run(*args):
    return subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True, check=True, cwd=ROOT)


def test_folder_to_csv(tmp_path):
    out = tmp_path / "out.csv"
    run(ROOT / "examples" / "folder_to_csv.py", corpus(tmp_path), out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["doc_id"] for r in rows} == {"a.txt", "b.txt"}
    assert any(r["entity"] == "minister" and r["relayed_by"] == "Reuters" for r in rows)


def test_most_quoted(tmp_path):
    r = run(ROOT / "examples" / "most_quoted.py", corpus(tmp_path))
    assert "most-quoted sources" in r.stdout and "minister" in r.stdout and "Reuters" in r.stdout


def test_stanza_pipeline_example():
    r = run(ROOT / "examples" / "stanza_pipeline.py")
    assert "AFP → Russian defence ministry" in r.stdout
