"""Train the learned span model (stage 7, ``quoteattr/_spanmodel.py``) on PolNeAR train.

The rules run first on every training article (parsed by the bundled model, so
the tagger learns that parser's errors too); the tagger then learns the gold
B/I/O labels of source, cue and content from the words, their parse and the
rules' own labels. ``--heldout`` articles of train (with ``--per-publisher``, the
last ones of each publisher, as dev is drawn) are kept out of
training and choose the epoch and the decision thresholds: dev is never seen.

Usage::

    python scripts/train_span_model.py --polnear ../shared/eval/polnear/train \\
        --out quoteattr/lexicons/en/span_model.pt [--parses a.pkl b.pkl ...]

``--parses`` are pickled lists of parsed ``quoteattr.Document`` in corpus
order (a cache; without it the articles are parsed, about 1 s each).

``--finetune MODEL`` is the second stage: the members of a trained model go on
training together with the sentence encoder they read (``--encoder``), which is
then shipped fine-tuned beside them (``--encoder-out``). Feature-based training
first, fine-tuning after, is the two-stage recipe of ULMFiT (Howard & Ruder
2018); fine-tuning BERT for tagging is Devlin et al. (2019, sec. 5.3).
``--finetune new`` is the one-stage recipe: new members and the encoder together
from the start. ``--device cuda`` trains either on a GPU; ``--examples-cache``
keeps the rules' output between runs, so a machine without the parser can train.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import pickle
import random
import sys
import time
from collections import Counter
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quoteattr._evaluate import polnear_corpus, project_to_polnear, score_polnear, trim_span  # noqa: E402
from quoteattr._lexicon import load_lexicon  # noqa: E402
from quoteattr._engine import keep_closing_marks  # noqa: E402
from quoteattr._pipeline import attribute_document, excluded_spans  # noqa: E402
from quoteattr._spanmodel import FEATURES, ROLES, SpanModel, _bio, _chunks, build_net, refine, word_features  # noqa: E402
from quoteattr._types import AttributedDocument  # noqa: E402
from quoteattr._parsing import COMPACT_MODEL_DIR  # noqa: E402

TAG = {"O": 0, "B": 1, "I": 2}


def examples(items, docs, lexicon):
    out = []
    for (art, text, gold), doc in zip(items, docs):
        adoc = attribute_document(doc, id=art, learned_spans=False)
        words, forms, feats, starts = word_features(doc, adoc.quotes, adoc.attributions, lexicon)
        tags = []
        for r in ROLES:
            spans = []
            for g in gold:
                for s in getattr(g, r):
                    a, b = trim_span(text, s.start, s.end)
                    if b > a:
                        spans.append((a, b))
            tags.append(_bio(sorted(spans), words))
        y = [[TAG[tags[r][k]] for r in range(3)] for k in range(len(words))]
        out.append(dict(art=art, text=text, gold=gold, doc=doc, adoc=adoc, forms=forms, feats=feats, starts=starts, y=y))
    return out


def heldout_ids(names, n, per_publisher=False):
    """Indices of the held-out articles: the last ``n``, or with ``per_publisher``
    the last ``n // publishers`` of each publisher (PolNeAR names an article
    ``<publisher>_<date>_<slug>`` and sorts by publisher, so the last ``n`` are one
    publisher's; dev has the same number of articles from each)."""
    if n <= 0:
        return set()
    if not per_publisher:
        return set(range(max(0, len(names) - n), len(names)))
    groups = {}
    for i, name in enumerate(names):
        groups.setdefault(name.split("_", 1)[0], []).append(i)
    k = max(1, n // len(groups))
    return {i for ids in groups.values() for i in ids[-k:]}


def build_vocabs(exs, min_count=2):
    counts = {f: Counter() for f in FEATURES}
    for e in exs:
        for row in e["feats"]:
            for f, v in zip(FEATURES, row):
                counts[f][v] += 1
    vocabs = {}
    for f in FEATURES:
        mc = 3 if f == "lemma" else min_count
        vals = [v for v, c in counts[f].most_common() if c >= mc]
        vocabs[f] = {v: i + 2 for i, v in enumerate(vals)}
    return vocabs


def tensors(model, exs, chunk):
    seqs = []
    for e in exs:
        wid, fid = model.encode(e["forms"], e["feats"])
        y = torch.tensor(e["y"], dtype=torch.long).reshape(-1, 3)
        ctx = _context(model, e) if model.encoder is not None else None
        for a, b in _chunks(e["starts"] + [len(e["forms"])], chunk):
            seqs.append((wid[a:b], fid[a:b], y[a:b], ctx[a:b] if ctx is not None else None))
    return seqs


CTX_CACHE = {}


def _context(model, e):
    """The encoder's word vectors of an example, float16 (from ``--ctx-cache`` when it has them)."""
    key = (e["art"], hashlib.md5("\x00".join(e["forms"]).encode("utf-8")).hexdigest(), tuple(e["starts"]))
    if key not in CTX_CACHE:
        CTX_CACHE[key] = model.encoder.word_vectors(e["forms"], e["starts"]).half().cpu()
    return CTX_CACHE[key]


def memoize_encoder(model):
    """Encode each held-out article once, not once per epoch and threshold."""
    if model.encoder is None:
        return
    model.encoder = copy.copy(model.encoder)  # the loaded encoder is shared (load_encoder caches it): wrap a copy
    enc, memo = model.encoder.word_vectors, {}

    def cached(forms, starts):
        key = (tuple(forms), tuple(starts))
        if key not in memo:
            memo[key] = enc(forms, starts)
        return memo[key]

    model.encoder.word_vectors = cached


def _parts(seqs, size, shuffle=True):
    """The chunks in batches of ``size`` (shuffled), each with its longest length."""
    idx = list(range(len(seqs)))
    if shuffle:
        random.shuffle(idx)
    for i in range(0, len(idx), size):
        part = [seqs[j] for j in idx[i:i + size]]
        yield part, max(len(p[0]) for p in part)


def _padded(part, n):
    """Word ids, features and labels of a batch of chunks, padded to ``n`` words (labels with -100)."""
    W = torch.zeros(len(part), n, dtype=torch.long)
    F = torch.zeros(len(part), n, part[0][1].shape[1], dtype=torch.long)
    Y = torch.full((len(part), n, 3), -100, dtype=torch.long)
    for k, (w, f, y, _) in enumerate(part):
        W[k, :len(w)] = w
        F[k, :len(w)] = f
        Y[k, :len(w)] = y
    return W, F, Y


def batches(seqs, size, shuffle=True):
    for part, n in _parts(seqs, size, shuffle):
        W, F, Y = _padded(part, n)
        C = None
        if part[0][3] is not None:
            C = torch.zeros(len(part), n, part[0][3].shape[1])
            for k, (w, _, _, c) in enumerate(part):
                C[k, :len(w)] = c.float()
        yield W, F, Y, C


def optimiser(net, lr):
    """Adam over the trainable weights, and the loss: B counts three times and I
    one and a half times as much as O (spans are rare; a missed span costs more)."""
    opt = torch.optim.Adam([p for p in net.parameters() if p.requires_grad], lr=lr)
    weight = torch.tensor([1.0, 3.0, 1.5], device=net.out.weight.device)
    return opt, torch.nn.CrossEntropyLoss(ignore_index=-100, weight=weight)


def decay(opt, factor):
    """Exponential learning-rate decay, once per epoch (``--decay``)."""
    for g in opt.param_groups:
        g["lr"] *= factor


def train_epoch(net, opt, loss_fn, seqs, batch):
    """One pass over the shuffled chunks; the summed loss."""
    net.train()
    total = 0.0
    dev = net.out.weight.device
    for W, F, Y, C in batches(seqs, batch):
        W, F, Y = W.to(dev), F.to(dev), Y.to(dev)
        opt.zero_grad()
        # padded, not packed: packing made CPU training about 5 times slower, and the
        # shipped members were trained this way (inference packs, which equals
        # reading each chunk alone)
        logits = net(W, F, None, C)
        if getattr(net, "crf", False):  # per word, as the softmax loss is
            loss = net.crf_loss(logits, Y) / (Y[:, :, 0] != -100).sum().clamp(min=1)
        else:
            loss = loss_fn(logits.reshape(-1, 3), Y.reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
        opt.step()
        total += float(loss.detach())
    return total


def evaluate(model, exs, lexicon):
    pairs = []
    for e in exs:
        # read as attribute_document reads it: nothing in the dateline or boilerplate,
        # closing marks kept (before, the thresholds were tuned without either)
        excluded = excluded_spans(e["text"], lexicon)[0]
        atts = keep_closing_marks(e["text"], e["adoc"].quotes, refine(e["doc"], e["adoc"].quotes, e["adoc"].attributions, lexicon, model, excluded))
        ad = AttributedDocument(text=e["text"], sentences=e["doc"].sentences, quotes=e["adoc"].quotes, attributions=tuple(atts), unmatched=e["adoc"].unmatched)
        pairs.append((e["art"], e["text"], e["gold"], project_to_polnear(ad)))
    r = score_polnear(pairs)
    return {k: r["exact"][k]["F1"] for k in ROLES}, r["attribution"]["F1"]


def _all_examples(args, items, lexicon):
    """The examples of every article and of its extra parse (``None`` where it has
    none), from ``--examples-cache`` when it holds them. Held-out articles are
    chosen afterwards, so one cache serves every split."""
    cache = Path(args.examples_cache) if args.examples_cache else None
    if cache is not None and cache.is_file():
        data = pickle.load(open(cache, "rb"))
        if [e["art"] for e in data["exs"]] != [art for art, _, _ in items]:
            sys.exit(f"--examples-cache {cache} holds other articles than --polnear (and --range)")
        if (args.extra_spacy or args.extra_parses) and all(e is None for e in data["extra"]):
            sys.exit(f"--examples-cache {cache} was made without extra parses: delete it, or leave out --extra-spacy/--extra-parses")
        return data["exs"], data["extra"]
    if args.parses:
        docs = [d for p in args.parses for d in pickle.load(open(p, "rb"))]
    else:
        import quoteattr

        docs = quoteattr.Pipeline(model="compact").parse_many([t for _, t, _ in items])
    if len(docs) != len(items):
        sys.exit(f"--parses hold {len(docs)} documents, the corpus {len(items)}")
    exs = examples(items, docs, lexicon)
    extra = []
    if args.extra_spacy:  # the same articles read by spaCy's small English model, through the UD converter
        from quoteattr import Document
        from quoteattr._evaluate import _spacy_pipeline

        snlp = _spacy_pipeline()
        extra = [Document.from_spacy(snlp(t)) for _, t, _ in items]
    elif args.extra_parses:
        extra = [d for p in args.extra_parses for d in pickle.load(open(p, "rb"))]
    if len(extra) > len(items):
        sys.exit(f"--extra-parses hold {len(extra)} documents, more than the {len(items)} articles")
    extra_exs = examples(items[:len(extra)], extra, lexicon) + [None] * (len(items) - len(extra))
    if cache is not None:
        with open(cache, "wb") as f:
            pickle.dump({"exs": exs, "extra": extra_exs}, f, protocol=pickle.HIGHEST_PROTOCOL)
    return exs, extra_exs


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polnear", required=True, help="PolNeAR train split (text/ and attributions/)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--parses", nargs="*", default=[], help="pickled parsed Documents, in corpus order")
    ap.add_argument("--heldout", type=int, default=84, help="N train articles choose epoch and thresholds: the last N, or with "
                    "--per-publisher the last N/7 of each publisher (0: train on all, see --thresholds-from)")
    ap.add_argument("--per-publisher", action="store_true", help="hold out the last N/(number of publishers) articles of each "
                    "publisher, as dev is drawn, instead of the last N of the corpus (which sorts by publisher: one publisher only)")
    ap.add_argument("--range", type=int, nargs=2, default=None, metavar=("A", "B"), help="use articles A..B-1 only (with --parses for just those)")
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--dropout", type=float, default=0.3)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--decay", type=float, default=1.0, help="the learning rate is multiplied by this after every epoch")
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--chunk", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--save-from", type=int, default=0, metavar="N", help="with --heldout 0: also save the network after every "
                    "epoch from N on, as OUT with .epK before its suffix (to ship the epoch a longer held-out run chose)")
    ap.add_argument("--average-from", type=int, default=0, metavar="N", help="also keep the running mean of the weights from epoch N "
                    "on (stochastic weight averaging, Izmailov et al. 2018); a held-out run keeps it where it scores better, "
                    "the final recipe saves it")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default="cpu", help="where the network trains (e.g. cuda); the rules and the merge run on the CPU")
    ap.add_argument("--extra-parses", nargs="*", default=[], help="more parses of the first training articles (another parser's), "
                    "added as training examples only (robustness to parse errors)")
    ap.add_argument("--extra-spacy", action="store_true", help="parse the training articles with spaCy's small English model too "
                    "and add them as training examples (as --extra-parses; needs quoteattr[spacy])")
    ap.add_argument("--tune-words", action="store_true", help="train the word vectors too (they are then shipped in the model)")
    ap.add_argument("--crf", action="store_true", help="linear-chain CRF heads (marginal probabilities at inference)")
    ap.add_argument("--word-dropout", type=float, default=0.0, help="share of training words read as unknown")
    ap.add_argument("--tune-passes", type=int, default=2, help="coordinate passes over the threshold grid (0: keep the defaults, "
                    "e.g. for a member that --combine will tune)")
    ap.add_argument("--decode", choices=("word", "span"), default=None, help="how refine() reads the tagger while thresholds are "
                    "tuned and scored: word (runs of words above the threshold) or span (the likeliest whole spans, exact-span "
                    "probabilities of the CRF); kept in the thresholds the model saves (default: as the starting thresholds say)")
    ap.add_argument("--combine", nargs="*", default=[], help="no training: average these trained models (an ensemble) and tune its thresholds")
    ap.add_argument("--thresholds-from", default=None, help="with --heldout 0: take the decision thresholds of this (held-out "
                    "tuned) model, as there is nothing left to tune them on; with --finetune and held-out articles: start from them")
    ap.add_argument("--encoder", default=None, help="also read this contextual encoder's word vectors (built by build_encoder.py; "
                    "shipped beside the span model under the same file name)")
    ap.add_argument("--ctx-cache", default=None, help="a file keeping the encoder's vectors of the training articles between runs")
    ap.add_argument("--without", nargs="*", default=[], choices=FEATURES, help="leave these features out (ablation)")
    ap.add_argument("--finetune", default=None, metavar="MODEL", help="train the members of this trained model (one "
                    "net or an ensemble, with the encoder it reads, --encoder) further, together with the encoder; or, with MODEL "
                    "'new', --members new CRF nets (--hidden, --layers, --dropout) and the encoder together from the start; --lr is then "
                    "the nets' peak learning rate and --epochs counts the fine-tuning epochs; extra parses are read only with "
                    "--finetune-extras (each costs an encoder pass)")
    ap.add_argument("--members", type=int, default=2, help="with --finetune new: how many nets share the encoder")
    ap.add_argument("--finetune-extras", action="store_true", help="with --finetune: train on the extra parses too")
    ap.add_argument("--eval-from", type=int, default=1, metavar="N", help="score the held-out articles after epoch N on only "
                    "(each scoring costs an encoder pass over them on the CPU)")
    ap.add_argument("--examples-cache", default=None, help="a file keeping the rules' output and the features of the training "
                    "articles (and of their extra parses) between runs: with it, no parse is needed (delete it when the rules, "
                    "the lexicon or the parses change: it is not checked against them)")
    ap.add_argument("--encoder-lr", type=float, default=1e-4, help="with --finetune: the encoder's peak learning rate (linear "
                    "warm-up over the first tenth of the steps, then linear decay to zero)")
    ap.add_argument("--encoder-out", default=None, help="with --finetune: where the fine-tuned encoder goes (default: beside --out, "
                    "as <out>.encoder.pt); the saved model names it")
    args = ap.parse_args(argv)
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    items = list(polnear_corpus(args.polnear))
    if args.range:
        items = items[args.range[0]:args.range[1]]
    lexicon = load_lexicon("en")
    t0 = time.time()
    exs, extra_exs = _all_examples(args, items, lexicon)
    held_ids = heldout_ids([art for art, _, _ in items], args.heldout, args.per_publisher)
    train = [e for i, e in enumerate(exs) if i not in held_ids]
    held = [exs[i] for i in sorted(held_ids)]
    cut = len(train)
    # another parse of a held-out article is not trained on
    train = train + [e for i, e in enumerate(extra_exs) if e is not None and i not in held_ids]
    print(f"{len(train)} training and {len(held)} held-out articles; features in {time.time() - t0:.0f} s", flush=True)
    pre = torch.load(COMPACT_MODEL_DIR / "pretrain.pt", map_location="cpu", weights_only=False)
    if args.combine:
        return combine(args, held, lexicon, pre)
    if args.finetune:
        return finetune(args, train if args.finetune_extras else train[:cut], held, lexicon, pre, cut)
    if not held and not args.thresholds_from:
        sys.exit("--heldout 0 trains on every article for exactly --epochs epochs; give --thresholds-from a held-out tuned model")
    if held and args.eval_from > args.epochs:
        sys.exit(f"--eval-from {args.eval_from} is past --epochs {args.epochs}: no epoch would be scored")
    fixed = _decoding(args, _thresholds_of(args.thresholds_from), args.crf) if args.thresholds_from else None
    vocabs = build_vocabs(train[:cut])
    netcfg = dict(hidden=args.hidden, layers=args.layers, dropout=args.dropout, tune_words=args.tune_words, word_dropout=args.word_dropout)
    if args.crf:
        netcfg["crf"] = True
    encoder = None
    if args.encoder:
        from quoteattr._encoder import load_encoder

        encoder = load_encoder(str(Path(args.encoder).resolve()))
        if args.device != "cpu":  # its vectors of the training articles are computed there too (and kept on the CPU)
            encoder = copy.copy(encoder)  # the loaded encoder is shared (load_encoder caches it): move a copy
            encoder.params = dict(encoder.params)
            encoder.to(args.device)
        netcfg["ctx_dim"] = encoder.dim
        if args.ctx_cache and Path(args.ctx_cache).is_file():
            CTX_CACHE.update(torch.load(args.ctx_cache, weights_only=False))
    features = [f for f in FEATURES if f not in args.without]
    net = build_net(pre["emb"].float(), {f: len(vocabs[f]) + 2 for f in features}, features=features, **netcfg).to(args.device)
    meta = {"net": netcfg, "features": features,
            "thresholds": _decoding(args, {"source": 0.5, "cue": 0.5, "content": 0.5, "drop": 0.1, "min_words": 2}, args.crf)}
    if encoder is not None:
        meta["encoder"] = Path(args.encoder).name
    model = SpanModel(net, vocabs, pre["vocab"]["_unit2id"], meta, encoder)
    t0 = time.time()
    seqs = tensors(model, train, args.chunk)
    if encoder is not None:
        print(f"encoder vectors in {time.time() - t0:.0f} s", flush=True)
        if args.ctx_cache and not Path(args.ctx_cache).is_file():
            torch.save(CTX_CACHE, args.ctx_cache)
    memoize_encoder(model)
    if not held:  # the final recipe: every article, a fixed number of epochs, fixed thresholds
        return train_all(args, net, meta, seqs, fixed, vocabs, cut, len(train) - cut)
    base, base_att = evaluate_rules(held)
    print(f"rules alone on held-out: {base} all {base_att}", flush=True)
    opt, loss_fn = optimiser(net, args.lr)
    best = (-1.0, None, 0)
    averaged = WeightAverage(args.average_from)
    for ep in range(1, args.epochs + 1):
        t0 = time.time()
        total = train_epoch(net, opt, loss_fn, seqs, args.batch)
        decay(opt, args.decay)
        if ep < args.eval_from:
            print(f"epoch {ep}: loss {total:.1f}, {time.time() - t0:.0f} s", flush=True)
            continue
        f1, att = evaluate(model, held, lexicon)
        score = sum(f1.values())
        print(f"epoch {ep}: loss {total:.1f}, held-out F1 {f1} all {att}, {time.time() - t0:.0f} s", flush=True)
        candidates = [(score, f1, att, {k: v.detach().cpu().clone() for k, v in net.state_dict().items()}, dict(epoch=ep))]
        if averaged.add(ep, net):
            current = candidates[0][3]
            net.load_state_dict(averaged.state(current))
            f1a, atta = evaluate(model, held, lexicon)
            print(f"  mean of epochs {args.average_from}-{ep}: held-out F1 {f1a} all {atta}", flush=True)
            candidates.append((sum(f1a.values()), f1a, atta, averaged.state(current), dict(epoch=ep, averaged_from=args.average_from)))
            net.load_state_dict(current)
        for score, f1, att, state, which in candidates:
            if score > best[0]:
                best = (score, state, which)
                # saved at once, with the default thresholds: a run cut short still leaves its best epoch
                _save(args, state, vocabs, dict(meta, **which, heldout=len(held), train_articles=cut, heldout_f1=f1, heldout_attribution_f1=att))
    net.load_state_dict(best[1])
    tune_thresholds(model, held, lexicon, args.tune_passes)
    f1, att = evaluate(model, held, lexicon)
    meta.update(**best[2], heldout=len(held), train_articles=cut, extra_parses=len(train) - cut, heldout_f1=f1, heldout_attribution_f1=att,
                rules_heldout_f1=base, thresholds=model.thresholds)
    _save(args, best[1], vocabs, meta)
    print(f"saved {args.out} ({best[2]}): held-out {f1} all {att}; rules alone {base} all {base_att}")


class WeightAverage:
    """The running mean of a network's floating-point weights over the epochs from
    ``start`` on (0: none). A mean of the late epochs sits in a flatter region than
    any one of them and usually generalises better (Izmailov et al. 2018, SWA)."""

    def __init__(self, start: int):
        self.start, self.count, self.mean = start, 0, {}

    def add(self, epoch: int, net) -> bool:
        if not self.start or epoch < self.start:
            return False
        self.count += 1
        for k, v in net.state_dict().items():
            if v.is_floating_point():
                v = v.detach().cpu().float()
                self.mean[k] = v.clone() if self.count == 1 else self.mean[k] + (v - self.mean[k]) / self.count
        return True

    def state(self, current):
        """``current`` (a state dict) with the mean in place of its floating-point weights."""
        return {k: self.mean[k].to(v.dtype) if k in self.mean else v for k, v in current.items()}


def _save(args, state, vocabs, meta, out=None):
    """One trained network to ``out`` (default ``--out``): float16 weights, without the
    parser's word vectors unless they were trained (``--tune-words``)."""
    state = {k: (v.half() if v.is_floating_point() else v).cpu() for k, v in state.items() if args.tune_words or not k.startswith("words.")}
    torch.save({"state": state, "vocabs": vocabs, "meta": meta}, out or args.out)


def _decoding(args, thresholds, crf=True):
    """The thresholds with ``--decode`` applied (span decoding needs CRF heads)."""
    th = dict(thresholds)
    if getattr(args, "decode", None) == "span":
        if not crf:
            sys.exit("--decode span reads the CRF's exact-span probabilities: the model needs CRF heads (--crf)")
        th["decode"] = "span"
    elif getattr(args, "decode", None) == "word":
        th.pop("decode", None)
    return th


def _thresholds_of(path):
    """The decision thresholds a held-out run tuned (``--thresholds-from``)."""
    return torch.load(path, map_location="cpu", weights_only=False)["meta"]["thresholds"]


def train_all(args, net, meta, seqs, thresholds, vocabs, n_articles, n_extra):
    """Train on all the articles for exactly ``--epochs`` epochs (the epoch and
    the thresholds were chosen by a held-out run of the same recipe)."""
    opt, loss_fn = optimiser(net, args.lr)
    averaged = WeightAverage(args.average_from)
    for ep in range(1, args.epochs + 1):
        t0 = time.time()
        total = train_epoch(net, opt, loss_fn, seqs, args.batch)
        decay(opt, args.decay)
        averaged.add(ep, net)
        print(f"epoch {ep}: loss {total:.1f}, {time.time() - t0:.0f} s", flush=True)
        if args.save_from and ep >= args.save_from and ep < args.epochs:
            out = Path(args.out)
            _save(args, net.state_dict(), vocabs, dict(meta, epoch=ep, heldout=0, train_articles=n_articles, extra_parses=n_extra,
                                                       thresholds=dict(thresholds), thresholds_from=Path(args.thresholds_from).name),
                  out=out.with_name(f"{out.stem}.ep{ep}{out.suffix}"))
    meta.update(epoch=args.epochs, heldout=0, train_articles=n_articles, extra_parses=n_extra, thresholds=dict(thresholds), thresholds_from=Path(args.thresholds_from).name)
    state = net.state_dict()
    if averaged.count:
        state = averaged.state(state)
        meta["averaged_from"] = args.average_from
    _save(args, state, vocabs, meta)
    print(f"saved {args.out} (all articles, {args.epochs} epochs, thresholds {thresholds})")


GRID = (("cue", (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)), ("content", (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)), ("source", (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)),
        ("drop", (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)), ("join", (0, 10, 30, 60)), ("new_cue", (0.0, 0.6, 0.7, 0.8, 0.9)),
        ("min_words", (1, 2)))


def tune_thresholds(model, held, lexicon, passes=2):
    """Coordinate search: a small grid per threshold on the held-out articles, one
    threshold after another, twice over (the later ones change the best earlier ones).
    The thresholds never change the tagger's probabilities, so each article is tagged
    once."""
    tag, memo = model.tag, {}

    def cached(forms, feats, starts, spans=0.0):
        key = (tuple(forms), spans)
        if key not in memo:
            memo[key] = tag(forms, feats, starts, spans=spans)
        return memo[key]

    model.tag = cached
    try:
        _coordinate_search(model, held, lexicon, passes)
    finally:
        model.tag = tag


def _coordinate_search(model, held, lexicon, passes):
    for _ in range(passes):
        for key, grid in GRID:
            scores = {}
            for v in grid:
                model.thresholds[key] = v
                f1, att = evaluate(model, held, lexicon)
                scores[v] = (sum(f1.values()), f1, att)
            v = max(scores, key=lambda k: scores[k][0])
            model.thresholds[key] = v
            print(f"threshold {key} = {v}: {scores[v][1]} all {scores[v][2]}", flush=True)


def combine(args, held, lexicon, pre):
    """An ensemble of trained models (same features and vocabularies): their
    probabilities are averaged; the thresholds are tuned again on held-out train.
    A model that is already an ensemble (``--finetune`` saves its members together)
    brings all its members; one such model alone is how a fine-tuned run gets its
    thresholds tuned, or given (``--heldout 0 --thresholds-from``)."""
    parts = [torch.load(p, map_location="cpu", weights_only=False) for p in args.combine]
    first = parts[0]
    for p in parts[1:]:
        if p["vocabs"] != first["vocabs"] or p["meta"]["features"] != first["meta"]["features"] or p["meta"]["net"] != first["meta"]["net"]:
            sys.exit("--combine: the models differ in features, vocabularies or network size")
        if p["meta"].get("encoder") != first["meta"].get("encoder") and (p["meta"].get("finetuned_from") or first["meta"].get("finetuned_from")):
            sys.exit("--combine: fine-tuned models each read their own encoder; combine only models that read the same one")
    meta = dict(first["meta"])
    features = meta["features"]
    states = [st for p in parts for st in (p.get("states") or [p["state"]])]
    nets = []
    for st in states:
        net = build_net(pre["emb"].float(), {f: len(first["vocabs"][f]) + 2 for f in features}, features=features, **meta["net"])
        net.load_state_dict({k: v.float() for k, v in st.items()}, strict=False)
        nets.append(net)
    encoder = None
    if meta.get("encoder"):
        from quoteattr._encoder import load_encoder

        encoder = load_encoder(str(Path(args.encoder or Path(args.combine[0]).with_name(meta["encoder"])).resolve()))
    if held and args.thresholds_from:  # where the tuning starts
        meta["thresholds"] = _thresholds_of(args.thresholds_from)
    meta["thresholds"] = _decoding(args, meta.get("thresholds", {}), meta["net"].get("crf", False))
    model = SpanModel(nets, first["vocabs"], pre["vocab"]["_unit2id"], meta, encoder)
    memoize_encoder(model)
    if not held:  # members trained on every article: nothing to tune on
        if not args.thresholds_from:
            sys.exit("--combine with --heldout 0 needs --thresholds-from")
        meta.update(members=[dict(epoch=p["meta"].get("epoch")) for p in parts], thresholds_from=Path(args.thresholds_from).name,
                    thresholds=_decoding(args, _thresholds_of(args.thresholds_from), meta["net"].get("crf", False)))
        torch.save({"states": states, "vocabs": first["vocabs"], "meta": meta}, args.out)
        print(f"saved {args.out} ({len(states)} members, thresholds {meta['thresholds']})")
        return
    base, base_att = evaluate_rules(held)
    print(f"rules alone on held-out: {base} all {base_att}; members: {[p['meta'].get('heldout_f1') for p in parts]}", flush=True)
    tune_thresholds(model, held, lexicon, args.tune_passes)
    f1, att = evaluate(model, held, lexicon)
    meta.update(members=[dict(epoch=p["meta"].get("epoch"), heldout_f1=p["meta"].get("heldout_f1")) for p in parts],
                heldout_f1=f1, heldout_attribution_f1=att, rules_heldout_f1=base, thresholds=model.thresholds)
    torch.save({"states": states, "vocabs": first["vocabs"], "meta": meta}, args.out)
    print(f"saved {args.out} ({len(states)} members): held-out {f1} all {att}; rules alone {base} all {base_att}")


def finetune(args, train, held, lexicon, pre, cut):
    """``--finetune``: the members of a trained model and their encoder, trained
    together (or, with ``new``, new members and the encoder from the start). Each
    batch of chunks is read by the encoder once, with gradients, and every member's
    CRF loss is summed, so the members stay an ensemble over one shared encoder. A
    held-out run keeps the best epoch and tunes the thresholds again; the final
    recipe (``--heldout 0``) takes ``--thresholds-from``. With ``--device cuda`` the
    nets and the encoder train on the GPU and are moved to the CPU to be scored."""
    if not args.encoder:
        sys.exit("--finetune needs --encoder: the encoder the model's members read (or, with new, start from)")
    if not held and not args.thresholds_from:
        sys.exit("--finetune with --heldout 0 needs --thresholds-from (nothing is left to tune them on)")
    if held and args.eval_from > args.epochs:
        sys.exit(f"--eval-from {args.eval_from} is past --epochs {args.epochs}: no epoch would be scored")
    from quoteattr._encoder import load_encoder

    encoder = load_encoder(str(Path(args.encoder).resolve())).trainable()
    data = _new_members(args, train[:cut], encoder, pre) if args.finetune == "new" else torch.load(args.finetune, map_location="cpu", weights_only=False)
    meta = dict(data["meta"])
    if not meta["net"].get("ctx_dim"):
        sys.exit(f"--finetune: {args.finetune} does not read an encoder")
    if args.thresholds_from:
        meta["thresholds"] = _thresholds_of(args.thresholds_from)
    meta["thresholds"] = _decoding(args, meta.get("thresholds", {}), meta["net"].get("crf", False))
    features = meta["features"]
    nets = []
    for state in data.get("states") or [data["state"]]:
        net = build_net(pre["emb"].float(), {f: len(data["vocabs"][f]) + 2 for f in features}, features=features, **meta["net"])
        net.load_state_dict({k: v.float() for k, v in state.items()}, strict=False)
        nets.append(net)
    model = SpanModel(nets, data["vocabs"], pre["vocab"]["_unit2id"], meta, encoder)
    seqs = []
    for e in train:
        wid, fid = model.encode(e["forms"], e["feats"])
        y = torch.tensor(e["y"], dtype=torch.long).reshape(-1, 3)
        for a, b in _chunks(e["starts"] + [len(e["forms"])], args.chunk):
            inner = [s - a for s in e["starts"] if a <= s < b]
            seqs.append((wid[a:b], fid[a:b], y[a:b], (e["forms"][a:b], inner)))
    dev = torch.device(args.device)

    def move(where):
        for n in nets:
            n.to(where)
        encoder.to(where)

    move(dev)
    enc_params, net_params = encoder.parameters(), [p for n in nets for p in n.parameters() if p.requires_grad]
    opt = torch.optim.AdamW([{"params": enc_params, "lr": args.encoder_lr, "weight_decay": 0.01},
                             {"params": net_params, "lr": args.lr, "weight_decay": 0.0}])
    steps = max(1, args.epochs * -(-len(seqs) // args.batch))
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: (k + 1) / warm if k < warm else max(0.0, (steps - k) / max(1, steps - warm)))
    enc_out = Path(args.encoder_out or Path(args.out).with_suffix(".encoder.pt"))
    meta.update(encoder=enc_out.name, finetuned_from=Path(args.finetune).name,
                finetune=dict(epochs=args.epochs, lr=args.lr, encoder_lr=args.encoder_lr, batch=args.batch, extras=args.finetune_extras))

    def save(epoch, extra, out=Path(args.out), enc=enc_out):
        states = [{k: (v.half() if v.is_floating_point() else v).cpu() for k, v in n.state_dict().items() if not k.startswith("words.")} for n in nets]
        torch.save(encoder.to_data(finetuned_with=out.name), enc)
        torch.save({"states": states, "vocabs": data["vocabs"], "meta": dict(meta, encoder=enc.name, epoch=epoch, **extra)}, out)

    best = -1.0
    snapshot = None
    for ep in range(1, args.epochs + 1):
        t0 = time.time()
        total = 0.0
        for n in nets:
            n.train()
        for part in _finetune_batches(seqs, args.batch, encoder):
            W, F, Y, windows = part
            W, F, Y = W.to(dev), F.to(dev), Y.to(dev)
            C = encoder.pool(windows, W.shape[0] * W.shape[1]).reshape(W.shape[0], W.shape[1], -1)
            words = (Y[:, :, 0] != -100).sum().clamp(min=1)
            loss = sum(n.crf_loss(n(W, F, None, C), Y) / words for n in nets)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(enc_params + net_params, 5.0)
            opt.step()
            sched.step()
            total += float(loss.detach())
        if not held:
            print(f"epoch {ep}: loss {total:.1f}, {time.time() - t0:.0f} s", flush=True)
            if args.save_from and args.save_from <= ep < args.epochs:
                out = Path(args.out)
                save(ep, dict(heldout=0, train_articles=len(train), thresholds_from=Path(args.thresholds_from).name),
                     out=out.with_name(f"{out.stem}.ep{ep}{out.suffix}"), enc=enc_out.with_name(f"{enc_out.stem}.ep{ep}{enc_out.suffix}"))
            continue
        if ep < args.eval_from:
            print(f"epoch {ep}: loss {total:.1f}, {time.time() - t0:.0f} s", flush=True)
            continue
        move("cpu")
        f1, att = evaluate(model, held, lexicon)
        print(f"epoch {ep}: loss {total:.1f}, held-out F1 {f1} all {att}, {time.time() - t0:.0f} s", flush=True)
        if sum(f1.values()) > best:
            best = sum(f1.values())
            snapshot = (ep, [copy.deepcopy(n.state_dict()) for n in nets], {k: v.detach().clone() for k, v in encoder.params.items()})
            save(ep, dict(heldout=len(held), heldout_f1=f1, heldout_attribution_f1=att))
        move(dev)
    move("cpu")
    if not held:
        meta.update(thresholds=_thresholds_of(args.thresholds_from), thresholds_from=Path(args.thresholds_from).name)
        save(args.epochs, dict(heldout=0, train_articles=len(train)))
        print(f"saved {args.out} and {enc_out} (all articles, {args.epochs} epochs)")
        return
    ep, states, params = snapshot
    for n, st in zip(nets, states):
        n.load_state_dict(st)
    with torch.no_grad():
        for k, v in params.items():
            encoder.params[k].copy_(v)
    model.thresholds = dict(meta["thresholds"])
    tune_thresholds(model, held, lexicon, args.tune_passes)
    f1, att = evaluate(model, held, lexicon)
    meta["thresholds"] = model.thresholds
    save(ep, dict(heldout=len(held), train_articles=len(train), heldout_f1=f1, heldout_attribution_f1=att))
    print(f"saved {args.out} and {enc_out} (epoch {ep}): held-out {f1} all {att}")


def _new_members(args, train, encoder, pre):
    """``--finetune new``: ``--members`` untrained CRF nets over the vocabularies of
    ``train`` (the bundled parses), as a saved model holds them."""
    vocabs = build_vocabs(train)
    netcfg = dict(hidden=args.hidden, layers=args.layers, dropout=args.dropout, tune_words=False, word_dropout=args.word_dropout,
                  crf=True, ctx_dim=encoder.dim)
    features = [f for f in FEATURES if f not in args.without]
    states = [build_net(pre["emb"].float(), {f: len(vocabs[f]) + 2 for f in features}, features=features, **netcfg).state_dict()
              for _ in range(args.members)]
    meta = {"net": netcfg, "features": features, "thresholds": {"source": 0.5, "cue": 0.5, "content": 0.5, "drop": 0.1, "min_words": 2}}
    return {"states": states, "vocabs": vocabs, "meta": meta}


def _finetune_batches(seqs, size, encoder):
    """Shuffled batches of chunks for :func:`finetune`: padded ids, features and
    labels, and the encoder's windows of all the chunks (each word's index in the
    flattened ``[batch * longest]`` grid as its owner)."""
    for part, n in _parts(seqs, size):
        windows = []
        for k, (_, _, _, (forms, inner)) in enumerate(part):
            windows.extend(encoder.windows(forms, inner or [0], offset=k * n))
        yield (*_padded(part, n), windows)


def evaluate_rules(exs):
    pairs = [(e["art"], e["text"], e["gold"], project_to_polnear(e["adoc"])) for e in exs]
    r = score_polnear(pairs)
    return {k: r["exact"][k]["F1"] for k in ROLES}, r["attribution"]["F1"]


if __name__ == "__main__":
    main()
