"""Stage 7: learned span refinement — a BiLSTM word tagger that reads the rules' output.

Why: the rules of stage 6 find attribution frames from the tree, but two
things are learned better from annotated text than written by hand: the many
non-speech cues of PolNeAR (support, intention, evidence: "backing", "would
vote for") and its span conventions (where a source mention or a content
ends). This model labels every word B/I/O for source, cue and content. Its
inputs are the word, its lemma, part of speech and relation, the cue lexicon's
class of the word and of its head, the quotation state, and the rules' own
role labels (stacking, Wolpert 1992), so it learns where the rules are right
and where PolNeAR draws the line elsewhere. A bidirectional LSTM tagger with
per-role heads is the usual architecture for role spans (the BiLSTM-CRF
baseline of Zhang et al. 2022, CofeNet, without the CRF: the rules' labels
already keep the outputs well formed).

:func:`refine` then merges the labels back into the attributions: it trims or
extends the rules' spans to the tagger's, drops a rule's attribution whose cue
the tagger rejects, and adds one for each cue the tagger finds that no rule
did, with the nearest source and content spans in its sentence.

The model is trained on PolNeAR *train* by ``scripts/train_span_model.py`` and
shipped as data (``lexicons/<lang>/span_model.pt``); it reuses the word
vectors of the bundled parser (``pretrain.pt``), so it adds only about 2 MB.
torch, which stanza already needs, is imported on first use only.
"""

from __future__ import annotations

import functools
from typing import Any, Dict, List, Optional, Sequence, Tuple

import attrs

from ._lexicon import LEXICON_DIR, Lexicon
from ._types import Attribution, Document, Quote, Source, Span

__all__ = ["SpanModel", "load_span_model", "word_features", "role_spans", "refine", "ROLES", "FEATURES"]

ROLES = ("source", "cue", "content")
#: categorical features of a word, in the model's input order
FEATURES = ("lemma", "upos", "deprel", "hupos", "hdir", "cls", "hcls", "learned", "quote", "shape", "pos", "r_source", "r_cue", "r_content", "kids")
_KID_RELS = ("ccomp", "xcomp", "nsubj", "obj", "parataxis", "mark")


def role_spans(a: Attribution) -> Tuple[Tuple[Span, ...], Tuple[Span, ...], Tuple[Span, ...]]:
    """Source, cue and content spans of a top-level attribution as PolNeAR draws
    them: a relayed attribution is credited to its outermost reporting relay
    (an addressee, whose relay cue is its own mention, is passed over), and the
    source mention includes a following apposition."""
    src = a.source
    reporting = [r for r in a.relayed_by if r.source is not None and not _cue_is_mention(r)]
    if reporting:
        src = reporting[0].source
    spans: Tuple[Span, ...] = ()
    if src is not None:
        span = src.span
        if src.role is not None and src.role.start >= span.end:
            span = Span(span.start, src.role.end, "")
        spans = (span,)
    return spans, tuple(a.cue), tuple(a.content)


def _cue_is_mention(r) -> bool:
    return all(r.source.span.start <= c.start and c.end <= r.source.span.end for c in r.cue) if r.cue else False


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


def _bio(spans: Sequence[Tuple[int, int]], words: Sequence[Any]) -> List[str]:
    """B/I/O of each word against character spans (a word is inside a span it overlaps)."""
    tags = ["O"] * len(words)
    for s, e in spans:
        first = True
        for k, w in enumerate(words):
            if w.start < e and s < w.end:
                if first:
                    tags[k] = "B"
                    first = False
                elif tags[k] == "O":
                    tags[k] = "I"
            elif not first and w.start >= e:
                break
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
    for a in attributions:
        if a.parent is not None:
            continue
        for r, spans in zip(ROLES, role_spans(a)):
            rules[r].extend((s.start, s.end) for s in spans)
    all_words = [w for s in doc.sentences for w in s.words]
    rtags = {r: _bio(sorted(rules[r]), all_words) for r in ROLES}
    qi = 0
    k = 0
    for sent in doc.sentences:
        starts.append(len(words))
        byid = {w.id: w for w in sent.words}
        kids: Dict[int, set] = {}
        for w in sent.words:
            kids.setdefault(w.head, set()).add(w.udeprel)
        for j, w in enumerate(sent.words):
            low = w.text.lower()
            lem = (w.lemma or w.text).lower()
            h = byid.get(w.head)
            hlem = (h.lemma or h.text).lower() if h is not None else "<root>"
            cls = lexicon.verbs.get(lem, lexicon.nouns.get(lem, ("-", 0)))[0]
            hcls = lexicon.verbs.get(hlem, lexicon.nouns.get(hlem, ("-", 0)))[0] if h is not None else "root"
            rate = lexicon.learned.get(lem)
            learned = "none" if rate is None else str(min(4, int(rate * 5)))
            while qi < len(qspans) and qspans[qi][1] <= w.start:
                qi += 1
            if w.start in marks:
                qstate = "mark"
            elif any(s <= w.start < e for s, e in qspans[qi:qi + 3]):
                qstate = "in"
            else:
                qstate = "out"
            pos = "first" if j == 0 else ("para" if "\n" in text[max(0, w.start - 2):w.start] else "mid")
            kid = "+".join(r for r in _KID_RELS if r in kids.get(w.id, ())) or "-"
            hdir = "root" if h is None else ("left" if w.head < w.id else "right")
            f = [lem, w.upos, w.deprel, h.upos if h is not None else "ROOT", hdir, cls, hcls, learned, qstate,
                 _shape(w.text), pos, rtags["source"][k], rtags["cue"][k], rtags["content"][k], kid]
            words.append(w)
            forms.append(low)
            feats.append(f)
            k += 1
    return words, forms, feats, starts


class SpanModel:
    """The tagger with its vocabularies; :meth:`tag` gives per-word role probabilities."""

    def __init__(self, net: Any, vocabs: Dict[str, Dict[str, int]], word_index: Dict[str, int], meta: dict):
        self.net = net
        self.vocabs = vocabs
        self.word_index = word_index
        self.meta = meta
        self.thresholds = meta.get("thresholds", {})

    def encode(self, forms: Sequence[str], feats: Sequence[Sequence[str]]):
        import torch

        wid = [self.word_index.get(f, 1) for f in forms]
        fid = [[self.vocabs[name].get(v, 1) for name, v in zip(FEATURES, row)] for row in feats]
        return torch.tensor(wid, dtype=torch.long), torch.tensor(fid, dtype=torch.long).reshape(len(wid), len(FEATURES))

    def tag(self, forms: Sequence[str], feats: Sequence[Sequence[str]], starts: Sequence[int], chunk: int = 300):
        """Probabilities ``[n_words, 3 roles, 3 (O, B, I)]``, run in chunks of whole sentences."""
        import torch

        n = len(forms)
        if n == 0:
            return torch.zeros((0, 3, 3))
        wid, fid = self.encode(forms, feats)
        bounds = _chunks(list(starts) + [n], chunk)
        out = []
        self.net.eval()
        with torch.no_grad():
            for a, b in bounds:
                logits = self.net(wid[a:b].unsqueeze(0), fid[a:b].unsqueeze(0))
                out.append(torch.softmax(logits[0], dim=-1))
        return torch.cat(out, 0)


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


def build_net(emb, sizes: Dict[str, int], hidden: int = 128, layers: int = 2, dropout: float = 0.3):
    """The network: frozen word vectors + learned feature embeddings → BiLSTM → 3 heads."""
    import torch
    from torch import nn

    dims = {"lemma": 48, "deprel": 16, "upos": 12, "hupos": 8}

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.words = nn.Embedding.from_pretrained(emb, freeze=True, padding_idx=0)
            self.feats = nn.ModuleList(nn.Embedding(sizes[f], dims.get(f, 6), padding_idx=0) for f in FEATURES)
            d_in = emb.shape[1] + sum(dims.get(f, 6) for f in FEATURES)
            self.drop = nn.Dropout(dropout)
            self.lstm = nn.LSTM(d_in, hidden, num_layers=layers, bidirectional=True, batch_first=True, dropout=dropout)
            self.out = nn.Linear(2 * hidden, 9)

        def forward(self, wid, fid):
            x = [self.words(wid)] + [e(fid[..., i]) for i, e in enumerate(self.feats)]
            h, _ = self.lstm(self.drop(torch.cat(x, -1)))
            return self.out(self.drop(h)).reshape(wid.shape[0], wid.shape[1], 3, 3)

    return Net()


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
    net = build_net(emb, {f: len(data["vocabs"][f]) + 2 for f in FEATURES}, **data["meta"]["net"])
    state = {k: v.float() for k, v in data["state"].items()}
    net.load_state_dict(state, strict=False)
    net.eval()
    return SpanModel(net, data["vocabs"], word_index, data["meta"])


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


_EDGE = " \t\n,;:.—–-"


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


def _ov(a: Tuple[int, int], b: Tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def refine(doc: Document, quotes: Sequence[Quote], attributions: Sequence[Attribution], lexicon: Lexicon, model: SpanModel,
           excluded: Sequence[Span] = ()) -> List[Attribution]:
    """The attributions with the tagger's spans (see the module docstring).

    The library's own conventions stay: a direct quote's content is the text
    between its marks, a source's apposition stays its ``role``, and a relay's
    cues and sources (the chain) are the rules'. Nothing is added inside
    ``excluded`` text (boilerplate, a dateline).
    """
    text = doc.text
    words, forms, feats, starts = word_features(doc, quotes, attributions, lexicon)
    if not words:
        return list(attributions)
    probs = model.tag(forms, feats, starts)
    th = model.thresholds
    S, C, K = (_trimmed(text, _spans_from(probs, words, r, th.get(role, 0.5))) for r, role in enumerate(ROLES))
    drop_below = th.get("drop", 0.1)
    sent_of = _sentence_index(doc)
    used_c: set = set()
    used_s: set = set()
    used_k: set = set()
    parents = {a.parent for a in attributions if a.parent is not None}
    kept: List[Tuple[int, Attribution]] = []  # (index in ``attributions``, refined)
    for i, a in enumerate(attributions):
        if a.parent is not None:
            continue
        src, cue, content = role_spans(a)
        cs = [j for j, c in enumerate(C) if any(_ov(c[:2], (s.start, s.end)) for s in cue)]
        used_c.update(cs)
        ks = sorted({j for j, k in enumerate(K) for s in content if _ov(k[:2], (s.start, s.end))})
        used_k.update(ks)
        ss = [j for j, s in enumerate(S) if src and _ov(s[:2], (src[0].start, src[0].end))]
        used_s.update(ss)
        if cue and not cs and i not in parents and a.kind != "direct":
            pmax = max((float(probs[k, 1, 1] + probs[k, 1, 2]) for k, w in enumerate(words) if any(w.start < s.end and s.start < w.end for s in cue)), default=1.0)
            if pmax < drop_below:
                continue
        fixed_content = a.kind == "direct" or i in parents or not ks  # a parent's content holds its children
        if a.relayed_by:
            kept.append((i, a if fixed_content else attrs.evolve(a, content=_content(text, K, ks))))
            continue
        new_cue = tuple(a.cue)
        if len(cue) == 1 and len(cs) == 1:
            new_cue = (Span.of(text, C[cs[0]][0], C[cs[0]][1]),)
        new_content = tuple(a.content) if fixed_content else _content(text, K, ks)
        new_src = a.source
        if a.source is not None and len(ss) == 1:
            new_src = _retarget_source(doc, a.source, S[ss[0]][0], S[ss[0]][1])
        kept.append((i, attrs.evolve(a, cue=new_cue, content=new_content, source=new_src)))
    # the tagger's own cues: nearest free source and content in the sentence
    for j, c in enumerate(C):
        if j in used_c or any(x.start < c[1] and c[0] < x.end for x in excluded):
            continue
        si = sent_of(c[0])
        ks = [m for m, k in enumerate(K) if m not in used_k and sent_of(k[0]) == si and not _ov(k[:2], c[:2])]
        if not ks:
            continue
        m = min(ks, key=lambda m: _gap(K[m], c))
        used_k.add(m)
        ss = [n for n, s in enumerate(S) if n not in used_s and sent_of(s[0]) == si and not _ov(s[:2], c[:2]) and not _ov(s[:2], K[m][:2])]
        source = None
        if ss:
            n = min(ss, key=lambda n: _gap(S[n], c))
            used_s.add(n)
            sp = Span.of(text, S[n][0], S[n][1])
            source = Source(sp, sp.text)
        content = Span.of(text, K[m][0], K[m][1])
        if len(content.text.split()) < model.thresholds.get("min_words", 2):
            continue
        kind = "direct" if any(q.start <= content.start and content.end <= q.end and q.level == 0 for q in quotes) else "indirect"
        kept.append((-1, Attribution(kind, (content,), (Span.of(text, c[0], c[1]),), source, confidence=round(c[2], 3), rule="learned span")))
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
    new_index = {i: k for k, (i, _) in enumerate(kept) if i >= 0}
    return [a if a.parent is None else attrs.evolve(a, parent=new_index[a.parent]) for _, a in kept]


def _content(text: str, K: Sequence[Tuple[int, int, float]], ks: Sequence[int]) -> Tuple[Span, ...]:
    return tuple(Span.of(text, K[j][0], K[j][1]) for j in ks)


def _gap(a: Tuple[int, int, float], b: Tuple[int, int, float]) -> int:
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def _retarget_source(doc: Document, src: Source, start: int, end: int) -> Source:
    """The rule's source with the tagger's extent, kept inside the mention's noun
    phrase (the subtree of its head: "on Tuesday" in "X on Tuesday said" is not
    part of X). Entity, type and head are kept; an apposition the tagger takes in
    stays the source's ``role``."""
    text = doc.text
    lo, hi = _subtree_extent(doc, src.span)
    start, end = max(start, lo), min(end, hi)
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


def _subtree_extent(doc: Document, mention: Span) -> Tuple[int, int]:
    """Character extent of the subtrees of the mention's roots (its words whose
    head lies outside it); the whole text if the mention is not found."""
    from ._tree import Tree

    for k, sent in enumerate(doc.sentences):
        if sent.start <= mention.start < max(sent.end, sent.start + 1):
            ids = [w.id for w in sent.words if mention.start <= w.start and w.end <= mention.end]
            if not ids:
                break
            t = Tree(sent, k)
            roots = [i for i in ids if t.w(i).head not in ids]
            return min(t.w(t.lo[i]).start for i in roots), max(t.w(t.hi[i]).end for i in roots)
    return 0, len(doc.text)


def _sentence_index(doc: Document):
    import bisect

    bounds = [s.start for s in doc.sentences]

    def of(offset: int) -> int:
        return max(0, bisect.bisect_right(bounds, offset) - 1)

    return of
