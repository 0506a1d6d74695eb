"""Speed-up of Pipeline.pipe(n_process=N) over one process, end to end.

Usage: python benchmarks/parallel_speed.py [--texts ../shared/eval/polnear/dev/text] [--limit 24] [--processes 1,2]
Prints articles/min and tokens/s for each number of processes (the single
process also parses with one thread, like each worker), and writes JSON.
"""

import argparse
import json
import os
import time
from pathlib import Path

import quoteattr

ROOT = Path(__file__).resolve().parent.parent


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--texts", default=str(ROOT.parent / "shared/eval/polnear/dev/text"))
    ap.add_argument("--limit", type=int, default=24)
    ap.add_argument("--processes", default="1,2")
    ap.add_argument("--model", default="compact")
    ap.add_argument("--out", default=str(ROOT / "benchmarks/results/parallel_speed.json"))
    args = ap.parse_args()
    import torch

    torch.set_num_threads(1)
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(args.texts).glob("*.txt"))[: args.limit]]
    nlp = quoteattr.Pipeline(model=args.model)
    nlp.parse("Warm up.")
    rows = []
    for n in (int(x) for x in args.processes.split(",")):
        t0 = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=4, n_process=n))
        dt = time.perf_counter() - t0
        tokens = sum(len(s.words) for d in docs for s in d.sentences)
        row = {"processes": n, "articles": len(docs), "seconds": round(dt, 1), "articles_per_min": round(60 * len(docs) / dt, 1), "tokens_per_s": round(tokens / dt)}
        rows.append(row)
        print(json.dumps(row))
    if len(rows) > 1:
        print(f"speed-up with {rows[-1]['processes']} processes: {rows[0]['seconds'] / rows[-1]['seconds']:.2f}x on {os.cpu_count()} cores (worker start-up included)")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
