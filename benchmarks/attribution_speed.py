"""Speed and scaling of the attribution stage alone, on pre-parsed documents.

Parses an article once (the bundled compact model by default), then times
``quoteattr.attribute_document`` on the article repeated 1×, 10× and 100×
(one document each, paragraphs repeated), on one core. Prints sentences/s and
the cost per sentence at each size: if cost grows linearly, the per-sentence
time stays flat. Writes the numbers to a JSON file.

Usage: python benchmarks/attribution_speed.py [--text examples/bucha.txt] [--out benchmarks/results/attribution_speed.json]
       [--no-learned-spans]   (the rules alone)
"""

import argparse
import json
import os
import platform
import resource
import time
from pathlib import Path

import attrs

import quoteattr
from quoteattr import Document, Sentence

ROOT = Path(__file__).resolve().parent.parent


def repeat(doc: Document, times: int) -> Document:
    """The document's text ``times`` times over, with its parse shifted to match."""
    sep = "\n\n"
    text = sep.join([doc.text] * times)
    step = len(doc.text) + len(sep)
    sents = []
    for k in range(times):
        off = k * step
        for s in doc.sentences:
            words = tuple(attrs.evolve(w, start=w.start + off, end=w.end + off) for w in s.words)
            sents.append(Sentence(words, s.start + off, s.end + off))
    return Document(text, tuple(sents))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--text", default=str(ROOT / "examples" / "bucha.txt"))
    ap.add_argument("--model", default="compact")
    ap.add_argument("--sizes", default="1,10,100")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "attribution_speed.json"))
    ap.add_argument("--no-learned-spans", action="store_true", help="the rules alone, without the learned span model (stage 7)")
    args = ap.parse_args()
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:
        pass
    text = Path(args.text).read_text(encoding="utf-8")
    nlp = quoteattr.Pipeline(model=args.model)
    t0 = time.perf_counter()
    base = nlp.parse(text)
    parse_s = time.perf_counter() - t0
    results = {"machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores", "python": platform.python_version(), "learned_spans": not args.no_learned_spans,
               "article": args.text, "sentences": len(base.sentences), "parse_seconds": round(parse_s, 3), "sizes": []}
    print(f"parse (stanza, {args.model}): {len(base.sentences)} sentences in {parse_s:.2f} s = {len(base.sentences) / parse_s:.1f} sentences/s")
    for n in (int(x) for x in args.sizes.split(",")):
        doc = repeat(base, n)
        reps = max(1, 20 // n)
        t0 = time.perf_counter()
        for _ in range(reps):
            res = quoteattr.attribute_document(doc, learned_spans=not args.no_learned_spans)
        dt = (time.perf_counter() - t0) / reps
        sps = len(doc.sentences) / dt
        row = {"times": n, "sentences": len(doc.sentences), "attributions": len(res.attributions), "seconds": round(dt, 4),
               "sentences_per_s": round(sps, 1), "us_per_sentence": round(1e6 * dt / len(doc.sentences), 1)}
        results["sizes"].append(row)
        print(f"{n:>4}x: {row['sentences']:>6} sentences, {row['attributions']:>5} attributions, {dt:.3f} s, {sps:,.0f} sentences/s, {row['us_per_sentence']} µs/sentence")
    one = results["sizes"][0]
    results["attribution_share_of_parse"] = round(100 * one["seconds"] / parse_s, 2)
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(f"attribution stage = {results['attribution_share_of_parse']}% of the parse time; peak RSS {results['peak_rss_mb']} MB")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
