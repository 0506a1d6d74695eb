#!/usr/bin/env python
"""Train word vectors on UD English-EWT train plus PolNeAR train text (issue #3, part 2).

Stanza's published English tagger and parser use GloVe vectors trained on billions of
words; the compact model cannot download them.  This script tests the closest thing we can
build offline: word2vec skip-gram vectors trained on the text we are allowed to use (EWT
*train* sentences and PolNeAR *train* articles; never dev or test).  Whether they help is
answered in docs/models.md with the tagger's dev score with and without them.

Stages:

    corpus   EWT train forms + PolNeAR train articles (split into UD-style words by a
             regular expression), lowercased (stanza looks pretrained vectors up by ``word.lower()``),
             one sentence per line
    train    gensim Word2Vec (skip-gram, 100 dims, window 5, min_count 2, 15 epochs, one
             worker, fixed seed).  gensim is not a quoteattr dependency: run this stage
             with a Python that has it (``pip install gensim`` in a separate venv).
    convert  write stanza's Pretrain ``.pt`` file (what ``--wordvec_pretrain_file`` takes)

Example::

    python scripts/train_word_vectors.py --stage corpus --ud-dir ../shared/ud/UD_English-EWT \\
        --polnear ../shared/eval/polnear/train --work-dir /work/train/wordvec
    /work/w2v/bin/python scripts/train_word_vectors.py --stage train --work-dir /work/train/wordvec
    python scripts/train_word_vectors.py --stage convert --work-dir /work/train/wordvec
"""

import argparse
import glob
import os
import re
import sys

SEED = 1234

# PolNeAR text is split into EWT-style words by a regular expression: clitics ('s, n't,
# 're, ...) and punctuation become their own words, as in UD.  (Stanza's tokenizer gives
# the same words but runs at ~150 words/s on this text; the vectors only need the forms.)
_TOKEN = re.compile(r"(?:\w\.){2,}|n[’']t|[’'](?:s|re|ve|ll|d|m)\b|\w+(?=n[’']t)|[\w.-]*\w|[^\w\s]", re.I | re.U)


def stage_corpus(args):

    out = os.path.join(args.work_dir, "corpus.txt")
    n_sent = n_tok = 0
    with open(out, "w", encoding="utf-8") as f:
        train = glob.glob(os.path.join(args.ud_dir, "*-ud-train.conllu"))
        if len(train) != 1:
            raise SystemExit(f"expected one *-ud-train.conllu in {args.ud_dir}, got {train}")
        words = []
        for line in open(train[0], encoding="utf-8"):
            line = line.rstrip("\n")
            if not line:
                if words:
                    f.write(" ".join(words) + "\n")
                    n_sent += 1
                    n_tok += len(words)
                words = []
            elif not line.startswith("#"):
                cols = line.split("\t")
                if "-" in cols[0] or "." in cols[0]:
                    continue  # multi-word token ranges / empty nodes: keep the syntactic words
                words.append(cols[1].lower().replace(" ", "_"))
        texts = sorted(glob.glob(os.path.join(args.polnear, "text", "*.txt")))
        if not texts:
            raise SystemExit(f"no PolNeAR texts under {args.polnear}/text")
        for path in texts:
            for para in open(path, encoding="utf-8").read().split("\n"):
                words = [w.lower() for w in _TOKEN.findall(para)]
                if words:
                    f.write(" ".join(words) + "\n")
                    n_sent += 1
                    n_tok += len(words)
    print(f"corpus: {n_sent} sentences, {n_tok} words -> {out}")


def stage_train(args):
    from gensim.models import Word2Vec

    corpus = os.path.join(args.work_dir, "corpus.txt")
    sents = [line.split() for line in open(corpus, encoding="utf-8")]
    model = Word2Vec(sents, vector_size=args.dim, window=5, min_count=2, sg=1, negative=10,
                     epochs=15, workers=1, seed=SEED)
    out = os.path.join(args.work_dir, "vectors.txt")
    model.wv.save_word2vec_format(out, binary=False)
    print(f"vectors: {len(model.wv)} words x {args.dim} -> {out}")


def stage_convert(args):
    from stanza.models.common.pretrain import Pretrain

    vec = os.path.join(args.work_dir, "vectors.txt")
    out = os.path.join(args.work_dir, "en_ewt_polnear.pretrain.pt")
    if os.path.exists(out):
        os.remove(out)
    pt = Pretrain(out, vec)
    pt.load()
    print(f"stanza pretrain: {len(pt.vocab)} entries, {tuple(pt.emb.shape)} -> {out}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--stage", required=True, choices=["corpus", "train", "convert"])
    p.add_argument("--work-dir", required=True)
    p.add_argument("--ud-dir", help="UD_English-EWT directory (corpus stage)")
    p.add_argument("--polnear", help="PolNeAR train directory with text/ (corpus stage)")
    p.add_argument("--dim", type=int, default=100)
    args = p.parse_args()
    os.makedirs(args.work_dir, exist_ok=True)
    {"corpus": stage_corpus, "train": stage_train, "convert": stage_convert}[args.stage](args)


if __name__ == "__main__":
    sys.exit(main())
