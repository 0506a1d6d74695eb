"""Time the PolNeAR evaluation (parse + attribute + score) per article.

Usage: python benchmarks/evaluation_speed.py [--gold ../shared/eval/polnear/dev] [--parser stanza|spacy]
Prints the scores and the seconds per article, and writes them to a JSON file.
Goal: the 84 dev articles in under 10 minutes on a 2-core machine.
"""

import argparse
import json
import os
import platform
from pathlib import Path

from quoteattr._evaluate import run_evaluation

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--gold", default=str(ROOT.parent / "shared/eval/polnear/dev"))
    ap.add_argument("--parser", choices=["stanza", "spacy"], default="stanza")
    ap.add_argument("--model", default="compact")
    ap.add_argument("--out", default=str(ROOT / "benchmarks/results/evaluation_speed.json"))
    args = ap.parse_args()
    r = run_evaluation(args.gold, fmt="polnear", model=args.model, parser=args.parser)
    out = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores", "parser": args.parser, "documents": r["documents"],
        "seconds": r["seconds"], "seconds_per_document": r["seconds_per_document"],
        "exact_f1": {k: v["F1"] for k, v in r["exact"].items()},
        "cofenet_f1": {k: v["F1"] for k, v in r["cofenet"].items()},
    }
    print(json.dumps(out, indent=2))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=2), encoding="utf-8")
