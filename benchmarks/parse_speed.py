#!/usr/bin/env python
"""Parse-speed benchmark for the packaged offline English model (en_ewt_compact).

Loads the model offline with ONE torch thread, parses news text with the full pipeline
(tokenize, mwt, pos, lemma, depparse) and reports sentences/s, tokens/s (words after mwt)
and peak resident memory (resource.getrusage ru_maxrss, which includes the Python
interpreter, torch and the loaded models).

Input: --text PATH (a .txt file, or a directory of .txt files, or a glob), default the
PolNeAR train texts ../shared/eval/polnear/train/text/*.txt relative to the repository
root, falling back to ../shared/seed/bucha.txt.  Texts are concatenated (blank-line
separated) and repeated until at least --min-chars characters; one warm-up call on the
first 2,000 characters is not timed.

    python benchmarks/parse_speed.py [--text PATH] [--out benchmarks/results/parse_speed.json]
"""

import argparse
import glob
import json
import os
import platform
import resource
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def read_texts(spec):
    if os.path.isdir(spec):
        paths = sorted(glob.glob(os.path.join(spec, "*.txt")))
    elif any(ch in spec for ch in "*?["):
        paths = sorted(glob.glob(spec))
    else:
        paths = [spec]
    return paths, [open(p, encoding="utf-8").read().strip() for p in paths]


def main():
    default_text = os.path.join(REPO, "..", "shared", "eval", "polnear", "train", "text")
    if not os.path.isdir(default_text):
        default_text = os.path.join(REPO, "..", "shared", "seed", "bucha.txt")
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model-dir", default=os.path.join(REPO, "quoteattr", "models", "en_ewt_compact"))
    p.add_argument("--text", default=default_text)
    p.add_argument("--max-files", type=int, default=40, help="use at most this many files (evenly spaced over the sorted list)")
    p.add_argument("--min-chars", type=int, default=100_000, help="repeat the text up to this many characters")
    p.add_argument("--out", default=os.path.join(HERE, "results", "parse_speed.json"))
    args = p.parse_args()

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("MKL_NUM_THREADS", "1")
    import torch
    torch.set_num_threads(1)
    import stanza
    t0 = time.time()
    md = os.path.abspath(args.model_dir)
    # the same loader quoteattr uses (word vectors, batch sizes, never downloading)
    from quoteattr._parsing import build_stanza_pipeline, resolve_model
    pipe = build_stanza_pipeline(resolve_model(md))
    load_s = time.time() - t0

    paths, texts = read_texts(args.text)
    if len(paths) > args.max_files:  # evenly spaced over the sorted list: all publishers
        step = len(paths) / args.max_files
        keep = [int(i * step) for i in range(args.max_files)]
        paths, texts = [paths[i] for i in keep], [texts[i] for i in keep]
    text = "\n\n".join(texts)
    base = text
    while len(text) < args.min_chars:
        text += "\n\n" + base

    pipe(text[:2000])  # warm-up
    t = time.time()
    doc = pipe(text)
    parse_s = time.time() - t
    n_sent = len(doc.sentences)
    n_tok = sum(len(s.words) for s in doc.sentences)
    maxrss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    res = {
        "model_dir": os.path.relpath(md, REPO),
        "text": [os.path.relpath(p, REPO) for p in paths],
        "characters": len(text),
        "sentences": n_sent,
        "tokens": n_tok,
        "parse_seconds": round(parse_s, 2),
        "sentences_per_second": round(n_sent / parse_s, 1),
        "tokens_per_second": round(n_tok / parse_s, 1),
        "model_load_seconds": round(load_s, 2),
        "peak_rss_mb": round(maxrss_kb / 1024, 1),
        "torch_threads": torch.get_num_threads(),
        "stanza": stanza.__version__,
        "torch": torch.__version__,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "processor": platform.processor() or None,
        "cpu_count": os.cpu_count(),
    }
    print(f"{n_sent} sentences, {n_tok} tokens in {parse_s:.1f}s: "
          f"{res['sentences_per_second']} sentences/s, {res['tokens_per_second']} tokens/s, "
          f"peak RSS {res['peak_rss_mb']} MB (load {load_s:.1f}s)")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(res, f, indent=2)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
