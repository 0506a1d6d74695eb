"""Stage 7: learned span refinement — a BiLSTM word tagger that reads the rules' output.

Why: the rules of stage 6 find attribution frames from the tree, but two
things are learned better from annotated text than written by hand: the many
non-speech cues of PolNeAR (support, intention, evidence: "backing", "would
vote for") and its span conventions (where a source mention or a content
ends). This model labels every word B/I/O for source, cue and content. Its
inputs are the word, its lemma, part of speech and relation, the cue lexicon's
class of the word and of its head, the quotation state, the learned cue
detector's probability, a contextual word vector, where the word sits in the tree under its nearest
cue-like word (which argument, how deep, at its edge or not: the tree view a
sequence model lacks), and the rules' own role labels and rule names
(stacking, Wolpert 1992), so it learns where the rules are right and where
PolNeAR draws the line elsewhere. A bidirectional LSTM tagger with a
linear-chain CRF head per role is the usual architecture for role spans (the
BiLSTM-CRF baseline of CofeNet, Wang et al. 2022); the CRF's marginals are the
word probabilities, so a span is scored as a whole. The shipped model averages
two such networks.

:func:`refine` then merges the labels back into the attributions: it trims or
extends the rules' spans to the tagger's, drops a rule's attribution whose cue
the tagger rejects, and adds one for each cue the tagger finds that no rule
did (if it is confident enough), with the nearest source and content spans in
its sentence.

Each word also reads a contextual vector from a small pretrained sentence
encoder (:mod:`._encoder`, ``lexicons/<lang>/encoder.pt``): the parser's own
word vectors come from under a million words, so a cue unseen in PolNeAR train
would otherwise have no neighbour the tagger knows.

The model is trained on PolNeAR *train* by ``scripts/train_span_model.py`` and
shipped as data (``lexicons/<lang>/span_model.pt``, 6.2 MB, and the encoder,
23.3 MB); it reuses the word vectors of the bundled parser (``pretrain.pt``).
torch, which stanza already needs, is imported on first use only.
"""

from __future__ import annotations

import bisect
import functools
from typing import Any, Dict, List, Optional, Sequence, Tuple

import attrs
import regex

from ._classifier import CANDIDATE_UPOS, cue_features, load_cue_model
from ._lexicon import LEXICON_DIR, Lexicon
from ._marks import QUOTE_CHARS, paragraphs
from ._sources import ANTECEDENT_TYPES, honorific_genders, journalist_outlet, mention_gender, mention_source, relay_cue_is_mention
from ._tree import Tree
from ._types import Attribution, Document, Quote, Relay, Source, Span, Word

__all__ = ["SpanModel", "load_span_model", "word_features", "role_spans", "refine", "ROLES", "FEATURES"]

ROLES = ("source", "cue", "content")
#: categorical features of a word, in the model's input order (a model reads the
#: ones named in its ``meta["features"]``; new ones go at the end). ``gdeprel`` is
#: the relation of the word's grandparent; ``arel``/``acls``/``adist``/``edge``
#: come from :func:`_argument_of`
FEATURES = ("lemma", "upos", "deprel", "hupos", "hdir", "cls", "hcls", "learned", "quote", "shape", "pos", "r_source", "r_cue", "r_content", "kids",
            "cueprob", "r_rule", "gdeprel", "arel", "acls", "adist", "edge")
_KID_RELS = ("ccomp", "xcomp", "nsubj", "obj", "parataxis", "mark")


def role_spans(a: Attribution, text: str, relay_credit: str = "outermost") -> Tuple[Tuple[Span, ...], Tuple[Span, ...], Tuple[Span, ...]]:
    """Source, cue and content spans of a top-level attribution as PolNeAR draws
    them. With ``relay_credit="outermost"`` a relayed attribution is credited to
    its outermost reporting relay (an addressee or interviewer, "told CNN", whose
    relay cue is its own mention, reports nothing of its own in the text and is
    passed over); the source mention includes a following apposition
    ("X, a spokesman for Y")."""
    src = a.source
    if relay_credit == "outermost":
        reporting = [r for r in a.relayed_by if r.source is not None and not relay_cue_is_mention(r)]
        if reporting:
            src = reporting[0].source
    spans: Tuple[Span, ...] = ()
    if src is not None:
        span = src.span
        if src.role is not None and src.role.start >= span.end:
            span = Span.of(text, span.start, src.role.end)
        spans = (span,)
    return spans, tuple(a.cue), tuple(a.content)


def _shape(t: str) -> str:
    if not t:
        return "empty"
    if t[0].isdigit():
        return "digit"
    if not t[0].isalnum():
        return "punct"
    if t.isupper() and len(t) > 1:
        return "upper"
    return "cap" if t[0].isupper() else "lower"


def _words_in(span: Tuple[int, int], words: Sequence[Any], starts: Sequence[int]) -> range:
    """Indices of the words (sorted by offset, ``starts`` their offsets) that overlap ``span``."""
    s, e = span
    k = max(0, bisect.bisect_right(starts, s) - 1)
    while k < len(words) and words[k].end <= s:
        k += 1
    j = k
    while j < len(words) and words[j].start < e:
        j += 1
    return range(k, j)


def _bio(spans: Sequence[Tuple[int, int]], words: Sequence[Any]) -> List[str]:
    """B/I/O of each word against character spans (a word is inside a span it overlaps)."""
    tags = ["O"] * len(words)
    starts = [w.start for w in words]
    for span in spans:
        for n, k in enumerate(_words_in(span, words, starts)):
            if n == 0:
                tags[k] = "B"
            elif tags[k] == "O":
                tags[k] = "I"
    return tags


def word_features(doc: Document, quotes: Sequence[Quote], attributions: Sequence[Attribution], lexicon: Lexicon) -> Tuple[List[Any], List[str], List[List[str]], List[int]]:
    """The words of ``doc`` in order, their lower-cased forms, their categorical
    features (in :data:`FEATURES` order) and the index of each sentence's first word."""
    words: List[Any] = []
    forms: List[str] = []
    feats: List[List[str]] = []
    starts: List[int] = []
    text = doc.text
    qspans = sorted((q.start, q.end) for q in quotes)
    marks = {m.offset for q in quotes for m in q.marks}
    rules = {r: [] for r in ROLES}  # type: Dict[str, List[Tuple[int, int]]]
    by_rule: List[Tuple[int, int, str]] = []
    for a in attributions:
        if a.parent is not None:
            continue
        for r, spans in zip(ROLES, role_spans(a, text)):
            rules[r].extend((s.start, s.end) for s in spans)
            by_rule.extend((s.start, s.end, a.rule.split()[0] if a.rule else "-") for s in spans)
    all_words = [w for s in doc.sentences for w in s.words]
    rtags = {r: _bio(sorted(rules[r]), all_words) for r in ROLES}
    rule_of = ["-"] * len(all_words)
    word_starts = [w.start for w in all_words]
    for s0, e0, name in by_rule:
        for k in _words_in((s0, e0), all_words, word_starts):
            if rule_of[k] == "-":
                rule_of[k] = name
    cue_model = load_cue_model(lexicon.lang)
    qi = 0
    k = 0
    for si, sent in enumerate(doc.sentences):
        starts.append(len(words))
        tree = Tree(sent, si)
        byid = {w.id: w for w in sent.words}
        kids: Dict[int, set] = {}
        for w in sent.words:
            kids.setdefault(w.head, set()).add(w.udeprel)
        lems = [(w.lemma or w.text).lower() for w in sent.words]
        clss = [lexicon.verbs.get(lem, lexicon.nouns.get(lem, ("-", 0)))[0] for lem in lems]
        cls_of = {w.id: c for w, c in zip(sent.words, clss)}
        qstates = []
        for w in sent.words:
            while qi < len(qspans) and qspans[qi][1] <= w.start:
                qi += 1
            if w.start in marks:
                qstates.append("mark")
            elif any(s <= w.start < e for s, e in qspans[qi:qi + 3]):
                qstates.append("in")
            else:
                qstates.append("out")
        probs = []
        for j, w in enumerate(sent.words):
            p = None
            if cue_model is not None and w.upos in CANDIDATE_UPOS:
                p = cue_model.prob(cue_features(tree, w.id, qstates[j] == "in", None, lems[j]))
            probs.append(p)
        # a cue-like word (in the lexicon, or the cue detector's probability >= 0.3):
        # the words below it in the tree are its arguments (source, content)
        cuelike = [False] + [c != "-" or (p is not None and p >= 0.3) for c, p in zip(clss, probs)]
        for j, w in enumerate(sent.words):
            low = w.text.lower()
            lem = lems[j]
            h = byid.get(w.head)
            cls = clss[j]
            hcls = cls_of[h.id] if h is not None else "root"
            rate = lexicon.learned.get(lem)
            learned = "none" if rate is None else str(min(4, int(rate * 5)))
            qstate = qstates[j]
            pos = "first" if j == 0 else ("para" if "\n" in text[max(0, w.start - 2):w.start] else "mid")
            kid = "+".join(r for r in _KID_RELS if r in kids.get(w.id, ())) or "-"
            hdir = "root" if h is None else ("left" if w.head < w.id else "right")
            p = probs[j]
            cueprob = "-" if p is None else str(min(9, int(p * 10)))
            arel, acls, adist, edge = _argument_of(tree, w.id, cuelike, clss, probs)
            f = [lem, w.upos, w.deprel, h.upos if h is not None else "ROOT", hdir, cls, hcls, learned, qstate,
                 _shape(w.text), pos, rtags["source"][k], rtags["cue"][k], rtags["content"][k], kid, cueprob, rule_of[k],
                 (byid[h.head].deprel if h is not None and h.head in byid else "ROOT"), arel, acls, adist, edge]
            words.append(w)
            forms.append(low)
            feats.append(f)
            k += 1
    return words, forms, feats, starts


def _argument_of(tree: Tree, i: int, cuelike: Sequence[bool], clss: Sequence[str], probs: Sequence[Optional[float]]) -> Tuple[str, str, str, str]:
    """Where word ``i`` sits under its nearest cue-like ancestor (or itself):
    the relation of the argument subtree that holds it ("self" for the cue),
    the cue's lexicon class (or its cue-detector decile), the distance in arcs
    (capped at 4) and whether ``i`` is the first or last word of that argument
    subtree. Why: a sequence model cannot see the tree, and a content or source
    span is, most of the time, a whole argument subtree of its cue (the
    "frame" view of attribution, Pareti 2016)."""
    if cuelike[i]:
        return "self", clss[i - 1], "0", "-"
    child = i
    dist = 1
    for a in tree.ancestors(i):
        if cuelike[a]:
            p = probs[a - 1]
            acls = clss[a - 1] if clss[a - 1] != "-" else "p" + str(min(9, int((p or 0) * 10)))
            edge = ("L" if tree.lo[child] == i else "") + ("R" if tree.hi[child] == i else "")
            return tree.w(child).udeprel, acls, str(min(4, dist)), edge or "-"
        child = a
        dist += 1
    return "none", "-", "-", "-"


class SpanModel:
    """The tagger (one network or an ensemble whose probabilities are averaged)
    with its vocabularies; :meth:`tag` gives per-word role probabilities."""

    def __init__(self, net: Any, vocabs: Dict[str, Dict[str, int]], word_index: Dict[str, int], meta: dict, encoder: Any = None):
        self.nets = list(net) if isinstance(net, (list, tuple)) else [net]
        #: the contextual encoder whose word vectors the nets also read (``_encoder.Encoder``), or None
        self.encoder = encoder
        self.vocabs = vocabs
        self.word_index = word_index
        self.meta = meta
        self.thresholds = meta.get("thresholds", {})
        #: the features this model reads, as positions in :data:`FEATURES`
        self.columns = [FEATURES.index(f) for f in meta.get("features", FEATURES)]

    def encode(self, forms: Sequence[str], feats: Sequence[Sequence[str]]):
        import torch

        wid = [self.word_index.get(f, 1) for f in forms]
        names = [FEATURES[c] for c in self.columns]
        # one column at a time: a long document never holds all its ids as Python ints at once
        cols = [torch.tensor([self.vocabs[name].get(row[c], 1) for row in feats], dtype=torch.long) for name, c in zip(names, self.columns)]
        fid = torch.stack(cols, 1) if cols else torch.zeros((len(wid), 0), dtype=torch.long)
        return torch.tensor(wid, dtype=torch.long), fid

    def tag(self, forms: Sequence[str], feats: Sequence[Sequence[str]], starts: Sequence[int], chunk: int = 300, batch: int = 64,
            spans: float = 0.0):
        """Probabilities ``[n_words, 3 roles, 3 (O, B, I)]``, run in chunks of whole
        sentences, ``batch`` chunks at a time in one packed batch (memory stays
        bounded however long the document).

        With ``spans`` > 0 (CRF members only), also the exact spans whose probability,
        averaged over the members, is at least ``spans``: per role a list of
        ``(first word, last word, probability)`` (see :func:`_span_log_probs`);
        the result is then ``(probabilities, spans)``."""
        import torch

        n = len(forms)
        found: List[List[Tuple[int, int, float]]] = [[], [], []]
        if n == 0:
            return (torch.zeros((0, 3, 3)), found) if spans else torch.zeros((0, 3, 3))
        wid, fid = self.encode(forms, feats)
        bounds = _chunks(list(starts) + [n], chunk)
        out = []
        for net in self.nets:
            net.eval()  # a net being trained is read with dropout off
        with torch.no_grad():
            for g in range(0, len(bounds), batch):
                group = bounds[g:g + batch]
                longest = max(b - a for a, b in group)
                W = torch.zeros(len(group), longest, dtype=torch.long)
                F = torch.zeros(len(group), longest, fid.shape[1], dtype=torch.long)
                C = None
                if self.encoder is not None:  # a group at a time: a long document never holds all its vectors
                    lo, hi = group[0][0], group[-1][1]
                    inner = starts[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]
                    ctx = self.encoder.word_vectors(forms[lo:hi], [s - lo for s in inner] or [0])
                    C = torch.zeros(len(group), longest, ctx.shape[1])
                for k, (a, b) in enumerate(group):
                    W[k, :b - a] = wid[a:b]
                    F[k, :b - a] = fid[a:b]
                    if C is not None:
                        C[k, :b - a] = ctx[a - lo:b - lo]
                lengths = torch.tensor([b - a for a, b in group])
                p = 0
                pieces = []
                for net in self.nets:
                    if spans:
                        if not getattr(net, "crf", False):
                            raise ValueError("exact-span probabilities need CRF heads; this model has softmax heads")
                        em = net(W, F, lengths, C)
                        parts = net.chain(em, lengths)
                        pieces.append((em,) + parts[:4])
                        m = parts[-1]
                    else:
                        m = net.probs(W, F, lengths, C)
                    p = p + m.float().cpu()
                p = p / len(self.nets)
                out.extend(p[k, :b - a] for k, (a, b) in enumerate(group))
                for k, (a, b) in enumerate(group if spans else ()):
                    # one chunk, and at most 128 first words, at a time: spans are words x words x roles
                    for r0 in range(0, b - a, 128):
                        rows = (r0, min(b - a, r0 + 128))
                        sp = sum(torch.exp(_span_log_probs(e[k:k + 1, :b - a], m[k:k + 1, :b - a], t, al[k:k + 1, :b - a],
                                                           be[k:k + 1, :b - a], rows)) for e, m, t, al, be in pieces)
                        sp = sp[0].float().cpu() / len(pieces)
                        for i, j, r in (sp >= spans).nonzero().tolist():
                            found[r].append((a + r0 + i, a + j, float(sp[i, j, r])))
        probs = torch.cat(out, 0)
        return (probs, found) if spans else probs


def _chunks(bounds: Sequence[int], size: int) -> List[Tuple[int, int]]:
    """Runs of whole sentences of at most ``size`` words (a longer sentence alone)."""
    out = []
    a = bounds[0] if bounds else 0
    for i in range(1, len(bounds)):
        if bounds[i] - a > size and bounds[i - 1] > a:
            out.append((a, bounds[i - 1]))
            a = bounds[i - 1]
    if bounds and bounds[-1] > a:
        out.append((a, bounds[-1]))
    return out


def build_net(emb, sizes: Dict[str, int], hidden: int = 128, layers: int = 2, dropout: float = 0.3, features: Sequence[str] = FEATURES,
              tune_words: bool = False, word_dropout: float = 0.0, crf: bool = False, ctx_dim: int = 0, ctx_proj: int = 128):
    """The network: frozen word vectors + learned feature embeddings → BiLSTM → 3 heads.

    With ``crf`` each role's head is a linear-chain CRF (Lafferty et al. 2001;
    the BiLSTM-CRF of Huang et al. 2015): it is trained on whole label
    sequences, and :meth:`probs` gives each word's marginal B/I/O probability
    (forward-backward), so a span is scored as a whole and one uncertain word
    inside it does not cut it in two. Without it the heads are independent
    softmaxes. With ``ctx_dim`` each word also reads a contextual vector of that
    size (from :mod:`._encoder`), projected to ``ctx_proj``."""
    import torch
    from torch import nn

    # a span never starts with I: O→I and start→I are ruled out (so a content that runs
    # across a chunk boundary, which is rare, starts anew in the next chunk)
    allowed = torch.ones(3, 3)
    allowed[0, 2] = 0.0
    ban = (1.0 - allowed) * -1e4

    dims = {"lemma": 48, "deprel": 16, "upos": 12, "hupos": 8}

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            # the parser's vectors; with ``tune_words`` they are trained too (and shipped in the state)
            self.words = nn.Embedding.from_pretrained(emb.clone(), freeze=not tune_words, padding_idx=0)
            self.feats = nn.ModuleList(nn.Embedding(sizes[f], dims.get(f, 6), padding_idx=0) for f in features)
            d_in = emb.shape[1] + sum(dims.get(f, 6) for f in features) + (ctx_proj if ctx_dim else 0)
            self.ctx = nn.Linear(ctx_dim, ctx_proj) if ctx_dim else None
            self.drop = nn.Dropout(dropout)
            self.lstm = nn.LSTM(d_in, hidden, num_layers=layers, bidirectional=True, batch_first=True, dropout=dropout if layers > 1 else 0.0)
            self.out = nn.Linear(2 * hidden, 9)
            self.crf = crf
            if crf:
                self.trans = nn.Parameter(torch.zeros(3, 3, 3))  # role, from tag, to tag
                self.start = nn.Parameter(torch.zeros(3, 3))

        def forward(self, wid, fid, lengths=None, ctx=None):
            """Logits ``[batch, words, 3, 3]``; with ``lengths`` the padded batch is
            packed, so each sequence reads exactly as it would alone."""
            dev = self.out.weight.device  # inputs are built on the CPU; the net may live elsewhere (training on a GPU)
            wid, fid = wid.to(dev), fid.to(dev)
            if self.training and word_dropout > 0:  # unknown-word practice: some words become <UNK>
                wid = torch.where((torch.rand(wid.shape, device=dev) < word_dropout) & (wid > 1), torch.ones_like(wid), wid)
            parts = [self.words(wid)] + [e(fid[..., i]) for i, e in enumerate(self.feats)]
            if self.ctx is not None:
                if ctx is None:
                    raise ValueError("this span model reads contextual word vectors: pass ctx")
                parts.append(self.ctx(self.drop(ctx.to(dev))))
            x = self.drop(torch.cat(parts, -1))
            if lengths is None:
                h, _ = self.lstm(x)
            else:
                packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
                h, _ = nn.utils.rnn.pad_packed_sequence(self.lstm(packed)[0], batch_first=True, total_length=wid.shape[1])
            return self.out(self.drop(h)).reshape(wid.shape[0], wid.shape[1], 3, 3)

        def _scores(self):
            b = ban.to(self.trans.device)
            return self.trans + b, self.start + b[0]

        def probs(self, wid, fid, lengths, ctx=None):
            """Per-word role probabilities ``[batch, words, 3 roles, 3 (O, B, I)]``."""
            em = self(wid, fid, lengths, ctx)
            if not self.crf:
                return torch.softmax(em, dim=-1)
            return self.chain(em, lengths)[-1]

        def chain(self, em, lengths):
            """The CRF's pieces for emissions ``em``: ``(mask, trans, alphas, betas,
            marginals)``, log scores except the marginals."""
            mask = torch.arange(em.shape[1], device=em.device)[None, :] < lengths.to(em.device)[:, None]
            trans, start = self._scores()
            alphas = torch.stack(self._forward(em, mask, trans, start), 1)
            betas = self._backward(em, mask, trans)
            log_z = torch.logsumexp(alphas[:, -1], dim=-1, keepdim=True)
            return mask, trans, alphas, betas, torch.exp(alphas + betas - log_z[:, None])

        def _backward(self, em, mask, trans):
            """Log backward scores ``[batch, words, roles, tags]`` (zero past the last real word)."""
            beta = torch.zeros_like(em[:, 0])
            betas = [beta]
            for t in range(em.shape[1] - 2, -1, -1):
                nxt = torch.logsumexp(trans[None] + (em[:, t + 1] + beta)[:, :, None, :], dim=-1)
                beta = torch.where(mask[:, t + 1, None, None], nxt, torch.zeros_like(nxt))
                betas.append(beta)
            betas.reverse()
            return torch.stack(betas, 1)

        def _forward(self, em, mask, trans, start):
            """Log forward scores at every position (a padded position keeps the last real one's)."""
            alpha = start[None] + em[:, 0]
            alphas = [alpha]
            for t in range(1, em.shape[1]):
                nxt = torch.logsumexp(alpha[:, :, :, None] + trans[None], dim=-2) + em[:, t]
                alpha = torch.where(mask[:, t, None, None], nxt, alpha)
                alphas.append(alpha)
            return alphas

        def crf_loss(self, em, y):
            """Negative log-likelihood of the gold tag sequences ``y`` ([batch, words, 3]; -100 pads)."""
            mask = y[:, :, 0] != -100
            gold = y.clamp(min=0)
            trans, start = self._scores()
            log_z = _log_partition(em, mask, trans, start)  # [batch, roles]
            emit = em.gather(-1, gold[..., None])[..., 0]  # [batch, words, roles]
            score = (emit * mask[:, :, None]).sum(1)
            roles = torch.arange(3, device=em.device)[None, :]
            score = score + start[roles, gold[:, 0]]
            steps = trans[roles[:, None, :], gold[:, :-1], gold[:, 1:]]  # [batch, words-1, roles]
            score = score + (steps * mask[:, 1:, None]).sum(1)
            return (log_z - score).sum()

    return Net()


def _span_log_probs(em, mask, trans, alphas, betas, rows: Optional[Tuple[int, int]] = None):
    """Log probability of every exact span under a B/I/O linear-chain CRF,
    ``[batch, i, j, roles]``: tags B at word ``i``, I at ``i+1..j``, and anything
    but I at ``j+1`` (or ``j`` the last word). From the forward and backward scores:
    ``alpha_i(B)`` + the I steps inside + the exit into a non-I tag + its
    ``beta``, less ``log Z`` (the span marginals of a semi-Markov reading of the
    chain; Sarawagi & Cohen 2004). Exact-match F1 scores whole spans, so decoding
    from these instead of per-word marginals chooses the boundaries it is scored on
    (minimum Bayes risk decoding; Kumar & Byrne 2004). ``-inf`` where ``j < i`` or
    past a sequence's end. ``rows=(a, b)`` gives only the spans that start at words
    ``a..b-1`` (memory stays bounded for a long sequence)."""
    import torch

    B, T, R, K = em.shape
    a, b = rows if rows is not None else (0, T)
    O, Bt, I = 0, 1, 2
    roles = torch.arange(R, device=em.device)
    log_z = torch.logsumexp(alphas[:, -1], dim=-1)  # [batch, roles]: a padded position keeps the last real alpha
    step = trans[roles, I, I][None, None] + em[..., I]  # [batch, words, roles]: an I after an I
    cum = torch.cumsum(step, dim=1)
    first = (trans[roles, Bt, I] - trans[roles, I, I])[None, None, None]  # the first I follows the B
    inner = cum[:, None, :, :] - cum[:, a:b, None, :]  # [batch, i, j, roles]: steps i+1..j
    i_idx = torch.arange(a, b, device=em.device)
    j_idx = torch.arange(T, device=em.device)
    length1 = (i_idx[:, None] == j_idx[None, :])[None, :, :, None]
    inner = torch.where(length1, torch.zeros_like(inner), inner + first)
    # leaving the span after word j from its last tag (B for a one-word span, I otherwise)
    nxt = em[:, 1:] + betas[:, 1:]  # [batch, words-1, roles, tags]
    out_tags = torch.tensor([O, Bt], device=em.device)

    def exit_from(tag):
        x = torch.logsumexp(trans[roles, tag][:, out_tags][None, None] + nxt[..., out_tags], dim=-1)  # [batch, words-1, roles]
        x = torch.where(mask[:, 1:, None], x, torch.zeros_like(x))  # the sequence ends after j
        return torch.cat([x, torch.zeros_like(x[:, :1])], dim=1)  # [batch, words, roles]

    exits = torch.where(length1, exit_from(Bt)[:, None], exit_from(I)[:, None])  # [batch, i, j, roles], by j
    logp = alphas[:, a:b, :, Bt][:, :, None, :] + inner + exits - log_z[:, None, None, :]
    valid = (i_idx[None, :, None] <= j_idx[None, None, :]) & mask[:, None, :] & mask[:, a:b, None]
    return torch.where(valid[..., None], logp, torch.full_like(logp, float("-inf")))


def _log_partition(em, mask, trans, start):
    """A linear-chain CRF's log partition function ``[batch, roles]``, as the last
    step of the forward algorithm gives it, but as a tree of log-semiring matrix
    products: each word's transition-plus-emission matrix (the identity at a padded
    word), multiplied pairwise in ``log2(words)`` rounds instead of one step per
    word (a parallel prefix reduction, Blelloch 1990; for CRFs, Rush 2020, Torch-Struct).
    The same number, with far fewer small operations: training on a GPU is bound
    by the count of kernel launches, not by arithmetic.

    Args:
        em: emissions ``[batch, words, roles, tags]``.
        mask: ``[batch, words]``, True at real words (a prefix of each row).
        trans: ``[roles, from tag, to tag]``; start: ``[roles, tags]``.
    """
    import torch

    B, T, R, K = em.shape
    alpha = start[None] + em[:, 0]  # [batch, roles, tags]
    if T == 1:
        return torch.logsumexp(alpha, dim=-1)
    eye = torch.full((K, K), -1e4, device=em.device, dtype=em.dtype)
    eye.fill_diagonal_(0.0)
    steps = trans[None, None] + em[:, 1:, :, None, :]  # [batch, words-1, roles, from, to]
    steps = torch.where(mask[:, 1:, None, None, None], steps, eye)
    while steps.shape[1] > 1:
        if steps.shape[1] % 2:
            steps = torch.cat([steps, eye.expand(B, 1, R, K, K)], dim=1)
        a, b = steps[:, 0::2], steps[:, 1::2]  # the earlier factor on the left: the product is not commutative
        steps = torch.logsumexp(a[..., :, :, None] + b[..., None, :, :], dim=-2)
    last = torch.logsumexp(alpha[..., :, None] + steps[:, 0], dim=-2)  # [batch, roles, tags]
    return torch.logsumexp(last, dim=-1)


@functools.lru_cache(maxsize=None)
def load_span_model(lang: str = "en") -> Optional[SpanModel]:
    """The shipped span model of ``lang`` (None if there is none)."""
    path = LEXICON_DIR / lang / "span_model.pt"
    if not path.is_file():
        return None
    import torch

    from ._parsing import COMPACT_MODEL_DIR

    data = torch.load(path, map_location="cpu", weights_only=False)
    pre = torch.load(COMPACT_MODEL_DIR / "pretrain.pt", map_location="cpu", weights_only=False)
    emb = pre["emb"].float()
    word_index = pre["vocab"]["_unit2id"]
    features = data["meta"].get("features", FEATURES)
    nets = []
    for state in data.get("states") or [data["state"]]:
        net = build_net(emb, {f: len(data["vocabs"][f]) + 2 for f in features}, features=features, **data["meta"]["net"])
        net.load_state_dict({k: v.float() for k, v in state.items()}, strict=False)
        net.eval()
        nets.append(net)
    encoder = None
    if data["meta"].get("encoder"):
        from ._encoder import load_encoder

        encoder = load_encoder(str(LEXICON_DIR / lang / data["meta"]["encoder"]))
    return SpanModel(nets, data["vocabs"], word_index, data["meta"], encoder)


def _spans_from(probs, words: Sequence[Any], role: int, threshold: float) -> List[Tuple[int, int, float]]:
    """Contiguous runs of words labelled B/I for ``role``: ``(start, end, mean probability)``."""
    out: List[Tuple[int, int, float]] = []
    cur: Optional[List[Any]] = None
    for k, w in enumerate(words):
        p = probs[k, role]
        pin = float(p[1] + p[2])
        if pin >= threshold and (cur is None or float(p[1]) < float(p[2]) or cur[1] >= w.start):
            if cur is None:
                cur = [w.start, w.end, [pin]]
            else:
                cur[1] = max(cur[1], w.end)
                cur[2].append(pin)
        elif pin >= threshold:  # a new B
            out.append((cur[0], cur[1], sum(cur[2]) / len(cur[2])))
            cur = [w.start, w.end, [pin]]
        else:
            if cur is not None:
                out.append((cur[0], cur[1], sum(cur[2]) / len(cur[2])))
            cur = None
    if cur is not None:
        out.append((cur[0], cur[1], sum(cur[2]) / len(cur[2])))
    return out


def _exact_spans(found: Sequence[Tuple[int, int, float]], probs, words: Sequence[Any], role: int, threshold: float,
                 span_score: int = 0) -> List[Tuple[int, int, float]]:
    """The most probable whole spans of ``role`` at or above ``threshold``, no two
    overlapping (above one half no two overlapping spans can both qualify: their
    events exclude each other), as ``(start, end, score)`` in text order. The score
    is the words' mean probability, as :func:`_spans_from` gives it (the thresholds
    downstream read that), or with ``span_score`` the span's own probability."""
    taken: List[Tuple[int, int, float]] = []
    busy: set = set()
    for i, j, p in sorted(found, key=lambda x: -x[2]):
        if p < threshold or any(k in busy for k in range(i, j + 1)):
            continue
        busy.update(range(i, j + 1))
        score = p if span_score else sum(float(probs[k, role, 1] + probs[k, role, 2]) for k in range(i, j + 1)) / (j - i + 1)
        taken.append((words[i].start, words[j].end, score))
    return sorted(taken)


_EDGE = " \t\n,;:.—–-"


def _by_line(text: str, spans: Sequence[Tuple[int, int, float]]) -> List[Tuple[int, int, float]]:
    """Spans cut at line breaks: a PolNeAR content almost never runs across one (1 of
    23,289 content spans of PolNeAR train does; a headline and the lead below it are two
    texts). A quotation over several paragraphs is the rules' content, not the tagger's."""
    out: List[Tuple[int, int, float]] = []
    for a, b, p in spans:
        for m in regex.finditer(r"[^\n]+", text[a:b]):
            out.append((a + m.start(), a + m.end(), p))
    return out


def _outside(spans: Sequence[Tuple[int, int, float]], off: Sequence[Tuple[int, int]], off_ends: Sequence[int]) -> List[Tuple[int, int, float]]:
    """The runs cut back to the text outside the disjoint sorted ranges ``off``
    (a run inside one is dropped; one across a whole range keeps its longer side)."""
    if not off:
        return list(spans)
    out = []
    for a, b, p in spans:
        for k in _hits(off, off_ends, a, b):
            x, y = off[k]
            if x <= a:
                a = max(a, y)
            elif y >= b:
                b = min(b, x)
            elif x - a >= b - y:
                b = x
            else:
                a = y
        if a < b:
            out.append((a, b, p))
    return out


def _trimmed(text: str, spans: Sequence[Tuple[int, int, float]]) -> List[Tuple[int, int, float]]:
    """Spans without edge white space and clause punctuation (quotation marks stay)."""
    out = []
    for a, b, p in spans:
        while a < b and text[a] in _EDGE:
            a += 1
        while b > a and text[b - 1] in _EDGE:
            b -= 1
        if b > a:
            out.append((a, b, p))
    return out


_DANGLING = frozenset(["ADP", "DET", "CCONJ", "SCONJ"])


def _no_dangling(spans: Sequence[Tuple[int, int, float]], words: Sequence[Any]) -> List[Tuple[int, int, float]]:
    """Contents without a last word, after a comma, that opens something it does
    not hold ("… would continue, *in*" before "comments carried by TASS"): a
    preposition, determiner or conjunction."""
    ends = [w.end for w in words]
    out = []
    for a, b, p in spans:
        k = bisect.bisect_left(ends, b)
        if 0 < k < len(words) and words[k].start > a and words[k].end <= b and getattr(words[k], "upos", None) in _DANGLING \
                and words[k - 1].text in (",", ";", "\u2014"):
            b = words[k - 1].start  # the word crossed a comma and holds nothing
        if b > a:
            out.append((a, b, p))
    return out


def _no_open_determiner(spans: Sequence[Tuple[int, int, float]], words: Sequence[Any]) -> List[Tuple[int, int, float]]:
    """Cues without a last word that is a determiner ("said in an email to *The*"
    before "Verge"): a determiner belongs to the noun after it (UD ``det``), so a
    cue that ends on one has cut a name or a noun phrase in two."""
    ends = [w.end for w in words]
    out = []
    for a, b, p in spans:
        k = bisect.bisect_left(ends, b)
        while 0 <= k < len(words) and words[k].end == b and words[k].start > a and getattr(words[k], "upos", None) == "DET" \
                and k + 1 < len(words):
            b = words[k - 1].end
            k -= 1
        if b > a:
            out.append((a, b, p))
    return out


_LEANING = frozenset(["AUX", "DET", "PART", "NUM"])
# UD relations of a word that modifies a head after it inside one phrase
# ("the majority *leader*", "a Lebanese-Nigerian real *estate developer*").
_HYPHENS = "-\u2010\u2011"
_PREMODIFIER = frozenset(["compound", "amod", "nummod", "det", "flat", "nmod:poss", "aux", "aux:pass"])


def _with_heads(spans: Sequence[Tuple[int, int, float]], words: Sequence[Any], starts: Sequence[int]) -> List[Tuple[int, int, float]]:
    """Contents that end on a word leaning on a later one take that word in.

    Two cases: an auxiliary, determiner, particle or numeral whose head is the next
    word ("the strikes *would*" before "continue"); and a premodifier whose head
    comes within the next three words with no punctuation but a hyphen between
    ("Senator Mitch McConnell, the *majority*" before "leader"). A phrase cut
    before its head is mostly a tagger error: about 2% of PolNeAR's gold content
    parts end on a word whose head comes after them (held-out train), most of them
    before a parenthetical, which the punctuation test leaves alone.
    """
    ends = [w.end for w in words]
    out = []
    for a, b, p in spans:
        k = bisect.bisect_left(ends, b)
        for _ in range(3):
            if not (0 <= k < len(words) - 1 and words[k].end == b):
                break
            nxt = bisect.bisect_right(starts, k)  # the next sentence's index
            s0 = starts[nxt - 1]
            s1 = starts[nxt] if nxt < len(starts) else len(words)
            head = getattr(words[k], "head", 0)
            h = s0 + head - 1 if head else -1
            if getattr(words[k], "upos", None) in _LEANING and h == k + 1:
                pass
            elif not (getattr(words[k], "deprel", "") in _PREMODIFIER and k < h <= k + 3 and h < s1
                      and all(words[j].upos != "PUNCT" or words[j].text in _HYPHENS for j in range(k + 1, h))
                      and not any(s0 + getattr(words[j], "head", 0) - 1 == k for j in range(s0, k))  # a phrase of its own
                      and not regex.search(r"PronType=(Int|Rel)", getattr(words[k], "feats", "") or "")
                      and not (words[k].upos == "NOUN" and words[h].upos == "PROPN")):  # "war heroism | Trump mocked": a misparse
                break
            k = h
            b = words[k].end
        out.append((a, b, p))
    return out


def _no_open_relative(spans: Sequence[Tuple[int, int, float]], words: Sequence[Any], starts: Sequence[int]) -> List[Tuple[int, int, float]]:
    """Contents without a last word that opens a relative clause they leave out
    ("a few retail politicking touches *that*" before "Mr. Biden might
    appreciate"): the relative pronoun belongs to its clause (UD: its head is the
    ``acl:relcl`` verb after it), so the content ends on the noun it follows."""
    ends = [w.end for w in words]
    out = []
    for a, b, p in spans:
        k = bisect.bisect_left(ends, b)
        if 0 < k < len(words) and words[k].end == b and words[k].start > a and "PronType=Rel" in (getattr(words[k], "feats", "") or ""):
            s0 = starts[bisect.bisect_right(starts, k) - 1]
            head = getattr(words[k], "head", 0)
            if head and s0 + head - 1 > k:
                b = words[k - 1].end if words[k - 1].start >= a else b
        if b > a:
            out.append((a, b, p))
    return out


def _hits(spans: Sequence[Tuple[int, ...]], ends: Sequence[int], start: int, end: int) -> List[int]:
    """Indices of the sorted, disjoint ``spans`` that overlap ``[start, end)``."""
    out = []
    k = bisect.bisect_right(ends, start)
    while k < len(spans) and spans[k][0] < end:
        out.append(k)
        k += 1
    return out


def _ov(a: Tuple[int, int], b: Tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


SPAN_DECODINGS = ("words", "spans")
#: how the library reads the tagger unless told otherwise: by whole spans (on the
#: held-out twin rebuilt on the current rules, 0.6 higher summed over the three roles
#: than word runs, each with its thresholds tuned; level on the twin before it:
#: docs/models.md)
DEFAULT_SPAN_DECODING = "spans"


def check_span_decoding(value: Any) -> str:
    """``value`` if it names a way to read the span model (:data:`SPAN_DECODINGS`)."""
    if value not in SPAN_DECODINGS:
        from ._errors import OptionError

        raise OptionError(f"span_decoding must be one of {', '.join(map(repr, SPAN_DECODINGS))}, got {value!r}")
    return value


def _thresholds_for(model: SpanModel, decode: Optional[str]) -> Dict[str, Any]:
    """The thresholds to read ``model`` with: its own (``decode=None``), or those
    tuned for word runs or whole spans (a model keeps the latter in
    ``meta["span_thresholds"]``; without them, its own with span decoding)."""
    th = model.thresholds
    if decode == "span":
        return dict(model.meta.get("span_thresholds") or th, decode="span")
    if decode == "word" and th.get("decode") == "span":
        return {k: v for k, v in th.items() if k != "decode"}
    return th


def refine(doc: Document, quotes: Sequence[Quote], attributions: Sequence[Attribution], lexicon: Lexicon, model: SpanModel,
           excluded: Sequence[Span] = (), decode: Optional[str] = None) -> List[Attribution]:
    """The attributions with the tagger's spans (see the module docstring).

    The library's own conventions stay: a direct quote's content is the text
    between its marks, a source's apposition stays its ``role``, and a relay's
    cues and sources (the chain) are the rules'. Nothing is added inside
    ``excluded`` text (boilerplate, a dateline). ``decode`` (``"word"`` or
    ``"span"``) overrides how the model's thresholds say to read its spans.
    """
    text = doc.text
    words, forms, feats, starts = word_features(doc, quotes, attributions, lexicon)
    if not words:
        return list(attributions)
    th = _thresholds_for(model, decode)
    if th.get("decode") == "span":  # whole spans, as exact match scores them
        floor = min([0.2] + [th.get(role, 0.5) for role in ROLES])  # one floor for most thresholds: a cache of tag() stays valid
        probs, found = model.tag(forms, feats, starts, spans=floor)
        S, C, K = (_trimmed(text, _exact_spans(found[r], probs, words, r, th.get(role, 0.5), th.get("span_score", 0)))
                   for r, role in enumerate(ROLES))
    else:
        probs = model.tag(forms, feats, starts)
        S, C, K = (_trimmed(text, _spans_from(probs, words, r, th.get(role, 0.5))) for r, role in enumerate(ROLES))
    K = _trimmed(text, _no_open_relative(_with_heads(_no_dangling(_by_line(text, K), words), words, starts), words, starts))
    S, C = _clitic_edges(S, C, words, _with_own_offsets(doc))
    C = _trimmed(text, _no_open_determiner(C, words))
    off_limits: List[Tuple[int, int]] = []  # excluded text, merged into disjoint runs
    for a0, b0 in sorted((x.start, x.end) for x in excluded):
        if off_limits and a0 <= off_limits[-1][1]:
            off_limits[-1] = (off_limits[-1][0], max(off_limits[-1][1], b0))
        else:
            off_limits.append((a0, b0))
    off_ends = [x[1] for x in off_limits]
    # a source or content run reaching into a dateline ("NEW DELHI (IANS) Congress
    # leader …") keeps only its words outside it
    S, K = (_trimmed(text, _outside(X, off_limits, off_ends)) for X in (S, K))
    s_ends, c_ends, k_ends = ([x[1] for x in X] for X in (S, C, K))  # runs are disjoint: ends are sorted too
    word_starts = [w.start for w in words]
    drop_below = th.get("drop", 0.1)
    min_words = th.get("min_words", 2)
    join = int(th.get("join", 0))
    sent_of = _sentence_index(doc)
    top_quote_objs = sorted((q for q in quotes if q.level == 0), key=lambda q: q.start)
    top_quotes = [(q.start, q.end) for q in top_quote_objs]  # top-level quotes never overlap
    quote_ends = [x[1] for x in top_quotes]
    attributions, detached = _unnest(attributions, K, k_ends, top_quotes, quote_ends)
    ruled_cues = [(x.start, x.end) for a in attributions for x in list(a.cue) + [y for r in a.relayed_by for y in r.cue]]
    free_cues = [c[:2] for c in C if c[2] >= th.get("new_cue", 0.0) and not any(_ov(c[:2], x) for x in ruled_cues)]
    used_c: set = set()
    used_s: set = set()
    used_k: set = set()
    ruled_k = {j for a in attributions if a.parent is None for x in a.content for j in _hits(K, k_ends, x.start, x.end)}
    runs_s = [x[:2] for x in S]
    runs_c = [x[:2] for x in C]
    parents = {a.parent for a in attributions if a.parent is not None}
    para_of = None  # paragraphs are read only when a new tagger cue's content is a quote
    kept: List[Tuple[int, Attribution]] = []  # (index in ``attributions``, refined)
    protected: List[Attribution] = []  # rules' attributions kept against the tagger (_named_saying)
    for a in attributions:  # a nested attribution's cue is taken: no second attribution on it
        if a.parent is not None:
            used_c.update(j for x in a.cue for j in _hits(C, c_ends, x.start, x.end))
        # nor is a relay's ("…, Interfax reported": the rules made it a relay, not a speaker)
        used_c.update(j for r in a.relayed_by for x in r.cue for j in _hits(C, c_ends, x.start, x.end))
    for i, a in enumerate(attributions):
        if a.parent is not None:
            continue
        src, cue, content = role_spans(a, text)
        cs = sorted({j for x in cue for j in _hits(C, c_ends, x.start, x.end)})
        ks = sorted({j for x in content for j in _hits(K, k_ends, x.start, x.end)})
        if i in detached:  # a former child's words are its own
            ks = [j for j in ks if not any(_ov(K[j][:2], o) for o in detached[i])]
        if a.kind != "direct" and cue:
            # a run drawn over this cue, beside a confident tagger cue that no rule took,
            # is what that cue reports, holding this claim
            ks = [j for j in ks if not (K[j][0] < cue[0].start < K[j][1] and any(
                not _ov(f, K[j][:2]) and sent_of(f[0]) == sent_of(K[j][0]) for f in free_cues))]
        if a.kind != "direct" and cue:
            # a confident tagger cue that no rule took, between this cue and a content
            # run, takes that run: the rules ran the content over another speaker's
            # clause ("complained X had attacked him and *questioned* why …")
            far = [j for j in ks if any(_between((cue[0].start, cue[-1].end), f, K[j][:2]) for f in free_cues)]
            if far and len(far) < len(ks):
                ks = [j for j in ks if j not in far]
        ss = _hits(S, s_ends, src[0].start, src[0].end) if src else []
        used_c.update(cs)
        used_k.update(ks)
        used_s.update(ss)
        # a chain is the rules' structure, which the tagger does not see: "X said …, AFP
        # reported" is one attribution relayed, where PolNeAR draws AFP's alone
        if a.kind != "direct" and cue and not any(regex.search(r"\p{L}", x.text) for x in cue):
            # a cue of punctuation, a headline's credit dash, is the rules' own reading of
            # the layout, which the tagger's words do not show: kept as the rules made it
            kept.append((i, a))
            continue
        if cue and not cs and i not in parents and a.kind != "direct" and not a.relayed_by:
            pmax = max((float(probs[k, 1, 1] + probs[k, 1, 2]) for x in cue for k in _words_in((x.start, x.end), words, word_starts)), default=1.0)
            if pmax < drop_below:
                # (unless the tagger read a second speaker's clause as the content of the one
                # before: a run over this cue that holds another attribution's content too)
                runs = [j for j in _hits(K, k_ends, cue[0].start, cue[0].end) if K[j][0] <= cue[0].start]
                merged = any(b is not a and any(_ov(K[j][:2], (x.start, x.end)) for x in b.content) for j in runs for b in attributions)
                if merged and _named_saying(a):
                    kept.append((i, a))
                    protected.append(a)
                continue
        widened = a.kind == "direct" and i not in parents and _leads_in(text, K, ks, content, sent_of, _own_spans(a))
        fixed_content = (a.kind == "direct" and not widened) or i in parents or not ks  # a parent's content holds its children
        if not fixed_content and a.relayed_by:
            # what was said never holds who said it or the cue ("AFP quoted the ministry as
            # saying that …": PolNeAR's univocal content starts at "the ministry", ours after "saying")
            own = _own_spans(a) + [(x.start, x.end) for r in a.relayed_by for x in r.cue]
            if any(_ov(K[m][:2], o) for m in ks for o in own):
                fixed_content = True
        if a.relayed_by:
            kept.append((i, a if fixed_content else attrs.evolve(a, content=_content(text, K, ks, join, _own_spans(a)) or a.content)))
            continue
        new_cue = tuple(a.cue)
        if len(cue) == 1 and len(cs) == 1:
            new_cue = (Span.of(text, C[cs[0]][0], C[cs[0]][1]),)
        if not fixed_content:
            ks = _bridge(text, K, ks, [(x.start, x.end) for x in a.cue], _own_spans(a) + runs_s, runs_c, ruled_k | used_k, sent_of)
            used_k.update(ks)
        new_content = tuple(a.content) if fixed_content else _content(text, K, ks, join, _own_spans(a))
        new_src = a.source
        if a.source is not None and len(ss) == 1:
            new_src = _retarget_source(doc, a.source, S[ss[0]][0], S[ss[0]][1])
        elif a.source is not None and not ss and cue:
            # the tagger sees no source where the rule put one, and exactly one free
            # source elsewhere in the cue's sentence: the rule took the wrong mention
            sent = doc.sentences[sent_of(cue[0].start)]
            free = [m for m in _hits(S, s_ends, sent.start, sent.end) if m not in used_s and S[m][0] >= sent.start
                    and not any(_ov(S[m][:2], (x.start, x.end)) for x in cue + content)]
            if len(free) == 1:
                used_s.add(free[0])
                f0, f1 = S[free[0]][:2]
                span = a.source.span
                if (f1 <= span.start and not text[f1:span.start].strip()) or (span.end <= f0 and not text[span.end:f0].strip()):
                    # right beside the rule's mention ("news agency" + "AFP"): the same
                    # source drawn wider, not another one; it keeps its name
                    new_src = attrs.evolve(a.source, span=Span.of(text, min(f0, span.start), max(f1, span.end)))
                else:
                    new_src = _source_at(doc, sent_of, lexicon, f0, f1)
        if a.kind != "direct" or widened:  # a quotation's own words stay whole
            new_content = _off_cue(text, new_content, new_cue)
        if not fixed_content:
            new_content = _no_aside(text, new_content, new_cue, a.content)
        if new_src is not None and any(_ov((new_src.span.start, new_src.span.end), (x.start, x.end)) for x in new_content):
            new_src = None  # the tagger read the rule's source as part of what was said: the speaker is not known
        kind = "mixed" if widened and new_content != tuple(a.content) else a.kind
        kept.append((i, attrs.evolve(a, kind=kind, cue=new_cue, content=new_content or a.content, source=new_src)))  # (never none: an attribution has content)
    # the tagger's own cues: nearest free source and content in the sentence
    new_cue = th.get("new_cue", 0.0)
    for j, c in enumerate(C):
        if j in used_c or c[2] < new_cue or _hits(off_limits, off_ends, c[0], c[1]):
            continue
        sent = doc.sentences[sent_of(c[0])]
        ks = [m for m in _hits(K, k_ends, sent.start, sent.end) if m not in used_k and K[m][0] >= sent.start and not _ov(K[m][:2], c[:2])]
        ks = [m for m in ks if len(text[K[m][0]:K[m][1]].split()) >= min_words]
        if not ks:
            continue
        m = min(ks, key=lambda m: _gap(K[m], c))
        parts = _bridge(text, K, [m], [c[:2]], runs_s, runs_c, ruled_k | used_k, sent_of)
        used_k.update(parts)
        ss = [n for n in _hits(S, s_ends, sent.start, sent.end) if n not in used_s and S[n][0] >= sent.start and not _ov(S[n][:2], c[:2]) and not _ov(S[n][:2], K[m][:2])]
        source = None
        if ss:
            n = min(ss, key=lambda n: _gap(S[n], c))
            used_s.add(n)
            source = _source_at(doc, sent_of, lexicon, S[n][0], S[n][1])
        else:  # the tagger marked none: the cue's subject, as the rules would take it
            source = _subject_source(doc, sent_of, lexicon, c[0], c[1], K[m][:2],
                                     off=lambda a, b: bool(_hits(off_limits, off_ends, a, b)))
        if source is not None and _hits(off_limits, off_ends, source.span.start, source.span.end):
            source = None  # a dateline is never the speaker ("ZURICH (Reuters) - … cut its forecast, citing …")
        contents = tuple(Span.of(text, K[n][0], K[n][1]) for n in parts)
        q = _hits(top_quotes, quote_ends, contents[0].start, contents[-1].end)
        kind = "direct" if q and top_quotes[q[0]][0] <= contents[0].start and contents[-1].end <= top_quotes[q[0]][1] else "indirect"
        if kind == "direct":
            para_of = para_of or _offset_index([a for a, _ in paragraphs(text)])
            claimed = [(x.start, x.end) for _, b in kept for x in b.content]
            contents += _speech_goes_on(text, top_quote_objs, q[0], c[:2], runs_c, claimed, sent_of, para_of)
        # (an outlet spoken to relays a speaker's words; with no speaker, "Asked on Sky News
        # whether …" names where the question was put, not who relays it)
        relays = (_addressee_relays(doc, sent_of, lexicon, c[0], c[1]) if source is not None else ()) + _journalist_relays(doc, sent_of, lexicon, source)
        kept.append((-1, Attribution(kind, contents, (Span.of(text, c[0], c[1]),), source, relays,
                                     confidence=round(c[2], 3), rule="learned span")))
    # nested attributions follow their (kept) parents; text order as the rules give it
    alive = {i for i, _ in kept}
    nested = [(i, a) for i, a in enumerate(attributions) if a.parent is not None]
    while True:  # children of kept parents, down the nesting
        more = [(i, a) for i, a in nested if i not in alive and a.parent in alive]
        if not more:
            break
        kept += more
        alive.update(i for i, _ in more)
    kept.sort(key=lambda p: (p[1].content[0].start, p[1].cue[0].start if p[1].cue else 0))
    _resolve_new_pronouns(kept, lexicon, honorific_genders(text, lexicon))
    _resolve_short_names(kept)
    if protected:
        kept[:] = [(i, _before_speakers(text, a, protected)) for i, a in kept]
    new_index = {i: k for k, (i, _) in enumerate(kept) if i >= 0}
    out = [a if a.parent is None else attrs.evolve(a, parent=new_index[a.parent]) for _, a in kept]
    return _nest_in_new(out, [None if i < 0 else attributions[i] for i, _ in kept])


def _nest_in_new(out: List[Attribution], rules: Sequence[Optional[Attribution]]) -> List[Attribution]:
    """``out`` with a rule's reported claim that lies inside a new tagger attribution's
    content nested in it (``rules``: the rules' attribution each came from, None for
    the tagger's own).

    Why: "We *asked* our followers what they *thought* Clinton was doing better" — the
    tagger's cue takes the content run over "thought" (see ``refine``), so the rules'
    attribution of "thought" is part of what was asked: a child, with the asker as its
    outer link, as the rules nest a claim inside reported speech. Its speaker is the
    rules' again where the tagger's free source moved it onto the host's.
    """
    for k, a in enumerate(out):
        if rules[k] is None or a.parent is not None or a.kind == "direct" or not a.cue:
            continue
        c = a.cue[0]
        hosts = [n for n, b in enumerate(out) if rules[n] is None and any(x.start <= c.start and c.end <= x.end for x in b.content)]
        if not hosts:
            continue
        host = out[hosts[0]]
        links = tuple(host.relayed_by) + ((Relay(host.source, tuple(host.cue)),) if host.source is not None else ())
        source = a.source
        if source is not None and host.source is not None and source.span == host.source.span:
            source = rules[k].source
        out[k] = attrs.evolve(a, parent=hosts[0], source=source, relayed_by=links + tuple(a.relayed_by))
        for d, b in enumerate(out):  # its own children are reported through the host too
            up, steps = b.parent, 0
            while up is not None and up != k and steps < len(out):
                up, steps = out[up].parent, steps + 1
            if up == k and d != k:
                out[d] = attrs.evolve(b, relayed_by=links + tuple(b.relayed_by))
    return out


def _with_own_offsets(doc: Document) -> List[Word]:
    """The words of ``doc`` in order, each with its own range inside a multi-word
    token where :meth:`Tree.own_offsets` gives one."""
    out: List[Word] = []
    for si, sent in enumerate(doc.sentences):
        tree = Tree(sent, si)
        for i in range(1, tree.n + 1):
            w = tree.w(i)
            a, b = tree.own_offsets(i)
            out.append(w if (a, b) == (w.start, w.end) else attrs.evolve(w, start=a, end=b))
    return out


def _clitic_edges(S: List[Tuple[int, int, float]], C: List[Tuple[int, int, float]], words: Sequence[Word],
                  own: Sequence[Word]) -> Tuple[List[Tuple[int, int, float]], List[Tuple[int, int, float]]]:
    """Source and cue runs with the edges a contraction puts inside one token: a
    speaker ends before its verb's clitic ("He" of "He’s said", "They" of "They’ve"),
    and a cue starts after its subject's pronoun ("’s said", not "He’s said").

    Why: the words of a multi-word token share its range, and the tagger learnt its
    labels over whole tokens, so its runs cover both pieces; the rules draw the
    pieces apart (:meth:`Tree.own_offsets`). A possessive ("Pence’s") is one mention
    and stays whole."""
    if len(own) != len(words) or all((o.start, o.end) == (w.start, w.end) for o, w in zip(own, words)):
        return S, C
    starts = [w.start for w in words]

    def covered(a: int, b: int) -> List[int]:
        k = bisect.bisect_left(starts, a)
        while k > 0 and words[k - 1].end > a:
            k -= 1
        out = []
        while k < len(words) and words[k].start < b:
            if words[k].end > a:
                out.append(k)
            k += 1
        return out

    def verb_clitic(k: int) -> bool:
        return own[k].start > words[k].start and own[k].upos in ("AUX", "VERB")

    S2 = []
    for a, b, p in S:
        ks = covered(a, b)
        if len(ks) > 1 and verb_clitic(ks[-1]) and own[ks[-2]].end > a:
            b = own[ks[-2]].end
        S2.append((a, b, p))
    C2 = []
    for a, b, p in C:
        ks = covered(a, b)
        if len(ks) > 1 and own[ks[0]].upos == "PRON" and (own[ks[0]].lemma or "").lower() != "it" and verb_clitic(ks[1]) and own[ks[1]].start < b:
            a = own[ks[1]].start
        C2.append((a, b, p))
    return S2, C2


def _unnest(attributions: Sequence[Attribution], K: Sequence[Tuple[int, int, float]], k_ends: Sequence[int],
            top_quotes: Sequence[Tuple[int, int]], quote_ends: Sequence[int]) -> Tuple[List[Attribution], Dict[int, List[Tuple[int, int]]]]:
    """The attributions, with a nested one made top-level where the tagger's content
    of its parent leaves out its cue.

    Why: an attribution is nested when its cue lies inside another's content ("they
    say most voters *believe* …"). The rules take a parent's content as far as the
    tree reaches, so a sentence's next clause can fall inside it ("… say they do not
    trust her, even some allies *questioned* why …"), and the tagger, which draws
    contents as PolNeAR does, stops before it. Then the inner attribution is a
    sibling, not a child. A cue inside a quotation stays nested: it is part of the
    quoted speech, and a parent must keep words of its own. Also returns, per former
    parent, the text its former children span, which its content no longer takes.
    """
    out = list(attributions)
    detached: Dict[int, List[Tuple[int, int]]] = {}
    cut: Dict[int, List[Relay]] = {}  # the links a former child no longer has
    for i, a in enumerate(out):
        if a.parent is None or not a.cue or _hits(top_quotes, quote_ends, a.cue[0].start, a.cue[0].end):
            continue
        ks = {j for x in out[a.parent].content for j in _hits(K, k_ends, x.start, x.end)}
        c = a.cue[0].start
        mine = _own_spans(a) + [(x.start, x.end) for x in a.content]
        region = (min(x for x, _ in mine), max(y for _, y in mine))
        p = attributions[a.parent]
        own_left = any(not _ov(K[j][:2], region) for j in ks)  # the parent keeps words of its own
        # (a relay between the two, named inside the parent's content, is a chain's middle
        # link, which the tagger does not see: "Le Monde reported that AFP, citing a police
        # source, said …" stays Le Monde → AFP → the source)
        middle = any(r.source is not None and any(x.start <= r.source.span.start and r.source.span.end <= x.end for x in p.content)
                     for r in a.relayed_by)
        if ks and not any(K[j][0] <= c < K[j][1] for j in ks) and own_left and not middle:
            detached.setdefault(a.parent, []).append(region)
            # nor is it reported through its former parent: the chain keeps its own relays
            cut[i] = list(p.relayed_by) + ([Relay(p.source, tuple(p.cue))] if p.source is not None else [])
            out[i] = attrs.evolve(a, parent=None, relayed_by=tuple(r for r in a.relayed_by if r not in cut[i]))
    for i, a in enumerate(out):  # nor are its own children
        lost: List[Relay] = []
        k, steps = a.parent, 0
        while k is not None and steps < len(out):
            lost += cut.get(k, [])
            k, steps = out[k].parent, steps + 1
        if lost:
            out[i] = attrs.evolve(a, relayed_by=tuple(r for r in a.relayed_by if r not in lost))
    return out, detached


def _resolve_new_pronouns(kept: List[Tuple[int, Attribution]], lexicon: Lexicon, genders: Dict[str, str]) -> None:
    """A tagger attribution whose speaker is a pronoun ("He told the BBC later that …",
    where the tree gave the rules nothing) names the speaker the rules resolved it to:
    the most recent earlier speaker of a compatible type outside its own content, as
    the engine resolves its own (``_engine._antecedent``). So does a pronoun the rules
    left unresolved, whose antecedent only the tagger found ("…, the Kommersant daily
    reported. It said …", the first sentence's subject misparsed)."""
    def anchor(a: Attribution) -> int:
        return a.cue[0].start if a.cue else a.content[0].start

    for k, (i, a) in enumerate(kept):
        s = a.source
        if s is None or s.text.lower() not in lexicon.pronouns or s.entity.lower() not in lexicon.pronouns:
            continue
        ptype, pgender = lexicon.pronouns[s.text.lower()]
        compatible = ANTECEDENT_TYPES.get(ptype, ANTECEDENT_TYPES["unknown"])
        lo, hi = min(c.start for c in a.content), max(c.end for c in a.content)
        # (read afresh each time: a pronoun resolved above can be the antecedent of the next)
        earlier = sorted((b for _, b in kept if b.parent is None and b.source is not None and anchor(b) < anchor(a)), key=anchor)
        for b in reversed(earlier):
            r = b.source
            if r.entity.lower() in lexicon.pronouns or r.type not in compatible:
                continue
            if lo <= anchor(b) < hi:
                continue  # the quoted speaker's discourse inside my own content
            if pgender in ("m", "f") and mention_gender(r, lexicon, genders) not in (None, pgender):
                continue  # "she" is not "Mr. Brennan" (as the engine's pronouns)
            kept[k] = (i, attrs.evolve(a, source=attrs.evolve(s, entity=r.entity, type=r.type if r.type != "unknown" else s.type)))
            break


def _resolve_short_names(kept: List[Tuple[int, Attribution]]) -> None:
    """A tagger speaker named by one word ("Ghaffari told reporters the date was set",
    where the tree gave the rules nothing) is the earlier speaker whose name ends or
    starts with that word ("Mohammad-Reza Ghaffari"), a person or untyped: the short
    name the rules resolve through their entity index (``_sources.EntityIndex``)."""
    def anchor(a: Attribution) -> int:
        return a.cue[0].start if a.cue else a.content[0].start

    for k, (i, a) in enumerate(kept):
        s = a.source
        if a.rule != "learned span" or s is None or len(s.entity.split()) != 1 or not s.entity[:1].isupper():
            continue
        key = s.entity.lower()
        earlier = sorted((b for _, b in kept if b.source is not None and anchor(b) < anchor(a)), key=anchor)
        for b in reversed(earlier):
            toks = b.source.entity.lower().split()
            if len(toks) >= 2 and key in (toks[0], toks[-1]) and b.source.type in ("person", "unknown"):
                kept[k] = (i, attrs.evolve(a, source=attrs.evolve(s, entity=b.source.entity, type=b.source.type if b.source.type != "unknown" else s.type)))
                break


def _named_saying(a: Attribution) -> bool:
    """Whether the rules' attribution is a named speaker's "said" or "told" ("…, while
    Reuters said the talks would resume"): where the tagger reads that clause as the
    content of the speaker before and would drop it, the rules' reading stands."""
    return len(a.cue) == 1 and a.cue[0].text.lower() in ("said", "says", "told", "tells") and a.source is not None \
        and a.source.type in ("outlet", "person", "organization") and a.source.span.text[:1].isupper() and a.source.span.end <= a.cue[0].start


_TRAILING_LINK = regex.compile(r"[\s,;:\-–—]*(?:\b(?:while|whereas|and|but|as)\b[\s,]*)?$", regex.IGNORECASE)


def _before_speakers(text: str, a: Attribution, protected: List[Attribution]) -> Attribution:
    """``a`` with a content that ran over a protected speaker's mention and cue cut
    before it ("the talks had collapsed, while | Reuters said …")."""
    if a in protected:
        return a
    out = []
    for c in a.content:
        end = c.end
        for p in protected:
            s = p.source.span.start
            if c.start < s < end and p.cue[0].end <= c.end:
                end = s
        if end != c.end:
            m = _TRAILING_LINK.search(text, c.start, end)
            end = m.start() if m else end
            if end > c.start:
                out.append(Span.of(text, c.start, end))
        else:
            out.append(c)
    return attrs.evolve(a, content=tuple(out)) if out and tuple(out) != a.content else a


def _own_spans(a: Attribution) -> List[Tuple[int, int]]:
    """The attribution's own cue and source spans (never inside its content)."""
    out = [(x.start, x.end) for x in a.cue]
    if a.source is not None:
        out.append((a.source.span.start, a.source.span.end))
    return out


def _off_cue(text: str, content: Tuple[Span, ...], cue: Tuple[Span, ...]) -> Tuple[Span, ...]:
    """The content without the cue's words at its edges: the tagger's cue can reach
    into the rules' content ("issued a statement saying" against the object frame's
    "a statement saying that …"); what was said starts after the cue (and its
    "that"). A cue inside the content, or one that would leave nothing, changes nothing."""
    out = []
    for c in content:
        a, b = c.start, c.end
        for x in cue:
            if x.start <= a < x.end:
                a = x.end
                m = regex.match(r"[\s\p{P}]*(?:that\b)?[\s\p{P}]*", text[a:b])
                a += m.end() if m else 0
            if x.start < b <= x.end and x.start > a:
                b = x.start
                while b > a and (text[b - 1].isspace() or regex.match(r"\p{P}", text[b - 1])):
                    b -= 1
        if b <= a or not regex.search(r"[\p{L}\p{N}]", text[a:b]):
            return content
        out.append(c if (a, b) == (c.start, c.end) else Span.of(text, a, b))
    return tuple(out)


#: what lies between a cue and the rules' content when it is an aside of the reporting
#: clause: a comma, the aside, a comma, then at most "that" or an opening quotation mark
_ASIDE = regex.compile(r"\s*,[^,\n]*[\p{L}\p{N}][^,\n]*,\s*(?:that\b\s*)?[" + regex.escape(QUOTE_CHARS) + r"]?\s*")


def _no_aside(text: str, content: Tuple[Span, ...], cue: Tuple[Span, ...], ruled: Tuple[Span, ...]) -> Tuple[Span, ...]:
    """The content without an aside that the tagger's run took in before the rules'
    content: "Der Spiegel reported, *without citing sources,* that …", "he said, *and
    I quote,* "…"". Set off by commas between the cue and the complement, the aside
    belongs to the reporting clause (how it was said), not to what was said; PolNeAR
    starts the content after it, as PARC 3.0 does (Pareti 2016, sec. 4)."""
    if not content or not cue or not ruled:
        return content
    a, r = content[0].start, ruled[0].start
    e = cue[-1].end
    if not (e <= a < r) or content[0].end <= r or not _ASIDE.fullmatch(text, e, r):
        return content
    return (Span.of(text, r, content[0].end),) + tuple(content[1:])


def _leads_in(text: str, K: Sequence[Tuple[int, int, float]], ks: Sequence[int], content: Sequence[Span], sent_of: Any,
              own: Sequence[Tuple[int, int]] = ()) -> bool:
    """Whether the tagger reads a direct quote as part of a longer content in its
    sentence: one run covers the whole quotation and reaches unquoted words
    before or after it ("If they leak, hackers are “effectively losing …”";
    "The people of Scranton “deserve …”"). PolNeAR draws the
    content of such a partial quotation as the whole clause it is part of. A run
    over the attribution's ``own`` cue or source spans is not such a clause."""
    if len(content) != 1 or not ks:
        return False
    qs, qe = content[0].start, content[0].end
    while qe > qs and not regex.match(r"[\p{L}\p{N}]", text[qe - 1]):  # runs are trimmed of edge punctuation
        qe -= 1
    while qs < qe and not regex.match(r"[\p{L}\p{N}]", text[qs]):
        qs += 1
    sent = sent_of(qs)
    for j in ks:
        a, b = K[j][0], K[j][1]
        if a <= qs and b >= qe and sent_of(a) == sent and sent_of(max(a, b - 1)) == sent and not any(_ov((a, b), o) for o in own):
            outside = text[a:qs] + text[qe:b]
            if regex.search(r"[\p{L}\p{N}]", outside):
                return True
    return False


def _content(text: str, K: Sequence[Tuple[int, int, float]], ks: Sequence[int], join: int = 0,
             apart: Sequence[Tuple[int, int]] = ()) -> Tuple[Span, ...]:
    """The tagger's content spans; with ``join`` parts at most that many characters
    apart become one (a gap the tagger left inside one content), unless the gap
    holds one of the ``apart`` spans: "The move, Carr explained, was the result
    …" is two parts around the reporting clause, as PolNeAR draws it."""
    parts = [list(K[j][:2]) for j in ks]
    out = [parts[0]]
    for a, b in parts[1:]:
        if a - out[-1][1] <= join and "\n" not in text[out[-1][1]:a] and not any(out[-1][1] <= x and y <= a for x, y in apart):
            out[-1][1] = b
        else:
            out.append([a, b])
    return tuple(Span.of(text, a, b) for a, b in out)


def _bridge(text: str, K: Sequence[Tuple[int, int, float]], ks: Sequence[int], cue: Sequence[Tuple[int, int]],
            cover: Sequence[Tuple[int, int]], cue_runs: Sequence[Tuple[int, int]], taken: set, sent_of: Any) -> List[int]:
    """``ks`` with the free content run on the far side of the cue where only the
    reporting clause lies between: "The goal, he said, was to win" is one content
    in two parts around ", he said," (PolNeAR draws it so; the tree hangs one part
    under the cue and the other elsewhere), and so are a relative pronoun and its
    clause ("which she said would …") and a subject and its predicate around a
    raising cue ("The change was seen by some as a demotion").

    The gap must hold a ``cue`` span and otherwise only white space, punctuation and
    ``cover`` spans (the source, the tagger's source runs) and those of the tagger's
    ``cue_runs`` that touch the cue (another cue's run means another attribution).
    It must sit between commas or dashes, or hold no punctuation at all, or follow a
    relative pronoun: ", Mr. Biden felt slighted" reads the run before the comma as
    another cue's content. On held-out PolNeAR train this took content F1 from 60.7
    to 61.9."""
    out = sorted(ks)
    cover = list(cover) + list(cue) + [c for c in cue_runs if any(_ov(c, x) for x in cue)]
    for side in (-1, 1):
        n = out[0] - 1 if side < 0 else out[-1] + 1
        if not 0 <= n < len(K) or n in taken:
            continue
        lo, hi = (K[n][1], K[out[0]][0]) if side < 0 else (K[out[-1]][1], K[n][0])
        if sent_of(K[n][0]) != sent_of(K[out[0] if side < 0 else out[-1]][0]) or not any(lo <= a and b <= hi for a, b in cue):
            continue
        first = K[n] if side < 0 else K[out[0]]
        gap = text[lo:hi].strip(" \t\n`" + QUOTE_CHARS)
        if not (gap[:1] and gap[:1] in ",\u2014" and gap[-1:] in ",\u2014" or text[first[0]:first[1]].lower() in _RELATIVE
                or not any(not ch.isalnum() and not ch.isspace() for ch in text[lo:hi])):
            continue
        if _only_covered(text, lo, hi, cover):
            out = [n] + out if side < 0 else out + [n]
    return out


_RELATIVE = frozenset(["which", "who", "whom", "whose", "what", "whatever", "whoever"])


def _speech_goes_on(text: str, tq: Sequence[Quote], i: int, cue: Tuple[int, int], cue_runs: Sequence[Tuple[int, int]],
                    claimed: Sequence[Tuple[int, int]], sent_of: Any, para_of: Any) -> Tuple[Span, ...]:
    """The contents of the quotes that carry on quote ``tq[i]`` after its reporting
    clause: "“A,” he surmised. “B.”" is one speech in two parts, as the rules join
    it for their own cues (:func:`quoteattr._engine._split_quotes`). The next quote
    must start in the cue's sentence or the one after it, in the same paragraph;
    no attribution holds it and no cue of its own follows it in its sentence."""
    out: List[Span] = []
    k, last = i + 1, sent_of(cue[0])
    while k < len(tq) and cue[1] <= tq[k].start:
        q = tq[k]
        if para_of(q.start) != para_of(tq[i].start) or sent_of(q.start) > last + 1 or not q.content.text.strip():
            break
        if any(_ov((q.start, q.end), x) for x in claimed):
            break
        s_end = sent_of(q.end - 1)
        if any(q.end <= a and sent_of(a) == s_end for a, _ in cue_runs):
            break  # "“B,” she added": its own cue
        out.append(q.content)
        k, last = k + 1, sent_of(q.end - 1)
    return tuple(out)


def _only_covered(text: str, lo: int, hi: int, cover: Sequence[Tuple[int, int]]) -> bool:
    """Whether every letter or digit of ``text[lo:hi]`` lies inside a ``cover`` span."""
    k = lo
    for a, b in sorted(cover):
        if b <= k or a >= hi:
            continue
        if a > k and any(ch.isalnum() for ch in text[k:a]):
            return False
        k = max(k, b)
    return not any(ch.isalnum() for ch in text[k:hi])


def _between(cue: Tuple[int, int], mid: Tuple[int, int], run: Tuple[int, int]) -> bool:
    """Whether ``mid`` lies between ``cue`` and ``run``, on either side."""
    return cue[1] <= mid[0] and mid[1] <= run[0] or run[1] <= mid[0] and mid[1] <= cue[0]


def _gap(a: Tuple[int, int, float], b: Tuple[int, int, float]) -> int:
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def _retarget_source(doc: Document, src: Source, start: int, end: int) -> Source:
    """The rule's source with the tagger's extent. Entity, type and head are
    kept; an apposition the tagger takes in stays the source's ``role``.

    The extent is not clipped to the mention's subtree: the parser often cuts a
    long mention ("Donald Trump's longtime confidant Roger Stone") where the
    tagger does not (clipping cost 1.4 points of source F1 on held-out train)."""
    text = doc.text
    role = src.role
    if role is not None and role.start >= src.span.end and end >= role.end:
        end = src.span.end  # the mention stops where its apposition starts
    elif role is not None and not (start <= role.start and role.end <= end):
        role = None
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    if start >= end or not (start <= src.span.start < end or src.span.start <= start < src.span.end):
        return src
    return attrs.evolve(src, span=Span.of(text, start, end), role=role)


def _mention_roots(doc: Document, k: int, start: int, end: int) -> Tuple[Optional[Tree], List[int]]:
    """Sentence ``k``'s tree and the ids of the words inside ``[start, end)`` whose
    head lies outside it, in word order (no tree and no ids if none is inside; the
    last word if a cyclic parse leaves no such word)."""
    sent = doc.sentences[k] if k < len(doc.sentences) else None
    ids = [w.id for w in sent.words if start <= w.start and w.end <= end] if sent is not None else []
    if not ids:
        return None, []
    tree = Tree(sent, k)
    inside = set(ids)
    return tree, [i for i in ids if tree.w(i).head not in inside] or [ids[-1]]


def _source_at(doc: Document, sent_of: Any, lexicon: Lexicon, start: int, end: int) -> Source:
    """A source for the tagger's span ``[start, end)``, named and typed as the rules
    name a mention (:func:`quoteattr._sources.mention_source` on the span's head word)."""
    text = doc.text
    span = Span.of(text, start, end)
    tree, roots = _mention_roots(doc, sent_of(start), start, end)
    if tree is None:
        return Source(span, span.text)
    # (named within the span: a head the parser made the sentence's root would otherwise
    # take its name from anywhere in the sentence, "A spokeswoman … confirmed to Reuters")
    last = max(i for i in range(1, tree.n + 1) if start <= tree.w(i).start and tree.w(i).end <= end)
    src = mention_source(tree, roots[0], text, lexicon, end=last)
    role = src.role if src.role is not None and start <= src.role.start and src.role.end <= end else None
    return attrs.evolve(src, span=span, role=role)


def _addressee_relays(doc: Document, sent_of: Any, lexicon: Lexicon, start: int, end: int) -> Tuple[Relay, ...]:
    """The outlets the tagger's own cue ``[start, end)`` was spoken to ("told AFP that
    …" where the parse lost the clause), as the rules relay an addressee."""
    from ._engine import outlet_addressees  # the rules' reading of an addressee (stage 6)

    tree, roots = _mention_roots(doc, sent_of(start), start, end)
    if tree is None:
        return ()
    return tuple(r for v in roots if tree.w(v).upos == "VERB" for r in outlet_addressees(tree, v, doc.text, lexicon))


def _journalist_relays(doc: Document, sent_of: Any, lexicon: Lexicon, src: Optional[Source]) -> Tuple[Relay, ...]:
    """The outlet relay of a speaker named as its journalist ("Al Jazeera's correspondent
    … reported"), as the rules give it: its cue is its own mention, so PolNeAR's
    projection passes over it."""
    if src is None or src.type == "outlet":
        return ()
    tree, roots = _mention_roots(doc, sent_of(src.span.start), src.span.start, src.span.end)
    outlet = journalist_outlet(tree, roots[0], doc.text, lexicon) if tree is not None else None
    return (Relay(outlet, (outlet.span,)),) if outlet is not None else ()


def _subject_source(doc: Document, sent_of: Any, lexicon: Lexicon, start: int, end: int, content: Tuple[int, int],
                    off: Optional[Any] = None) -> Optional[Source]:
    """The subject of the tagger's own cue where the tagger marked no source ("The
    ministry did not clarify how …"): the active subject (``nsubj``) of a word of the
    cue, its own or shared as the rules read it (with the verb it is coordinated with
    or modifies), outside the content, a noun or a pronoun. A passive subject is what
    was said or done, not who said it; an object the rules take for an infinitive's
    subject ("asked them to say") is not taken here."""
    from ._engine import _subject  # the rules' reading of a subject (stage 6)

    tree, roots = _mention_roots(doc, sent_of(start), start, end)
    if tree is None:
        return None
    for r in roots:
        # its own, or shared with the verb it is coordinated with or modifies ("she
        # criticized Singer and *challenged* him", "…, *trashing* Trump")
        i, _ = _subject(tree, r)
        if i is None or tree.w(i).deprel != "nsubj":  # not nsubj:pass, nor a clausal subject
            continue
        w = tree.w(i)
        if off is not None and off(w.start, w.end):
            # a dateline the parser made the subject ("NEW YORK (Reuters) - U.N. Secretary-General
            # António Guterres on Monday urged …"): the nominal hung on it past the dateline, as
            # the rules take it (``_engine._plausible_source``)
            i = next((j for j in range(i + 1, tree.hi[i] + 1) if tree.w(j).upos in ("NOUN", "PROPN", "PRON")
                      and not off(tree.w(j).start, tree.w(j).end) and off(tree.w(tree.head(j)).start, tree.w(tree.head(j)).end)
                      and i in tree.ancestors(j)), None)
            if i is None:
                return None
            w = tree.w(i)
        if w.upos not in ("NOUN", "PROPN", "PRON"):
            return None
        src = mention_source(tree, i, doc.text, lexicon)
        if _ov((src.span.start, src.span.end), content) or _ov((src.span.start, src.span.end), (start, end)):
            return None
        return src
    return None


def _sentence_index(doc: Document):
    return _offset_index([s.start for s in doc.sentences])


def _offset_index(bounds: Sequence[int]):
    """Offset → the number of the range (sentence, paragraph) it falls in, from the ranges' sorted starts."""

    def of(offset: int) -> int:
        return max(0, bisect.bisect_right(bounds, offset) - 1)

    return of
