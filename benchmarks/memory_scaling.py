"""Time and peak memory against text length: the scanner, the attribution stage,
and (optionally) the whole pipeline with the bundled parser.

Texts are the seed article repeated to the requested sizes. For the attribution
stage alone, the parse is the seed's real parse repeated (see attribution_speed.py).
Peak memory is measured with tracemalloc (Python allocations) per stage.

Usage: python benchmarks/memory_scaling.py [--sizes 0.05,0.5,5] [--pipeline-sizes 0.05,0.2] [--out ...]
Sizes are in MB of text. The goal: time and memory grow linearly with the text.
"""

import argparse
import json
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import quoteattr  # noqa: E402
from attribution_speed import repeat  # noqa: E402


def measure(fn, trace=True):
    """(result, seconds untraced, peak bytes traced): tracemalloc slows Python
    down several times, so time and memory come from separate runs."""
    t0 = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - t0
    peak = 0
    if trace:
        tracemalloc.start()
        fn()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return out, dt, peak


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--text", default=str(ROOT / "examples" / "bucha.txt"))
    ap.add_argument("--sizes", default="0.05,0.5,5")
    ap.add_argument("--pipeline-sizes", default="", help="MB sizes to run through the whole pipeline (slow: ~1 MB per 10 min on one core)")
    ap.add_argument("--model", default="compact")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "memory_scaling.json"))
    args = ap.parse_args()
    base_text = Path(args.text).read_text(encoding="utf-8")
    nlp = quoteattr.Pipeline(model=args.model)
    base = nlp.parse(base_text)
    rows = []
    for mb in (float(x) for x in args.sizes.split(",") if x):
        times = max(1, int(mb * 1e6 / (len(base_text) + 2)))
        doc = repeat(base, times)
        _, t_scan, m_scan = measure(lambda: quoteattr.scan(doc.text))
        res, t_att, m_att = measure(lambda: quoteattr.attribute_document(doc))
        row = {"mb": round(len(doc.text) / 1e6, 2), "sentences": len(doc.sentences), "attributions": len(res.attributions),
               "scan_s": round(t_scan, 3), "scan_peak_mb": round(m_scan / 1e6, 1),
               "attribution_s": round(t_att, 3), "attribution_peak_mb": round(m_att / 1e6, 1)}
        rows.append(row)
        print(json.dumps(row))
    for mb in (float(x) for x in args.pipeline_sizes.split(",") if x):
        times = max(1, int(mb * 1e6 / (len(base_text) + 2)))
        text = "\n\n".join([base_text] * times)
        import resource

        res, t, _ = measure(lambda: nlp(text), trace=False)
        m = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # the parser's memory is torch's, not Python's
        row = {"pipeline_mb": round(len(text) / 1e6, 2), "sentences": len(res.sentences), "seconds": round(t, 1), "peak_mb": round(m / 1e6, 1)}
        rows.append(row)
        print(json.dumps(row))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
