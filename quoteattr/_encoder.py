"""Contextual word vectors for the span tagger (stage 7): a small BERT encoder, offline.

Why: the span tagger's own inputs (the bundled parser's word vectors, trained
here on under a million words, and the parse) leave a cue it never saw in
PolNeAR train ("decried", "took aim at") with no neighbour it knows, and give
it no sense of where a paraphrase ends. A sentence encoder pretrained on a
billion sentence pairs does; the strongest published PolNeAR systems are BERT
taggers (CofeNet, Wang et al. 2022). Each word reads the mean of the last four
layers (Devlin et al. 2019, sec. 5.3). The tagger is trained on these vectors
first, then fine-tuned together with the encoder (``scripts/train_span_model.py
--finetune``, ULMFiT's two stages, Howard & Ruder 2018), so the shipped encoder
is all-MiniLM-L6-v2 adapted to PolNeAR's roles; training reads its weights as
they are stored (:meth:`Encoder.trainable`), so saving it loses nothing.

The encoder is all-MiniLM-L6-v2 (Wang et al. 2020, MiniLM; Reimers & Gurevych
2019, Sentence-BERT; Apache-2.0): 6 layers of 384, 22.7 M weights, shipped
int8 per row (``lexicons/<lang>/encoder.pt``: ``scripts/build_encoder.py``
stores the original, ``--finetune`` the tuned one) and run here in plain
torch, so no further package is needed. Its WordPiece tokenizer is
reimplemented below (the uncased BERT basic tokenizer, then greedy
longest-match-first; Wu et al. 2016), reading the parser's words, so each
word's vector is the mean over its own pieces.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from pathlib import Path
from typing import Any, List, Sequence

__all__ = ["Encoder", "load_encoder", "WordPiece", "quantized"]

#: pieces per window; a longer sentence is read in overlapping windows
_WINDOW = 256
#: the weight a fine-tuned encoder keeps as it was
_FIXED = "embeddings.word_embeddings.weight"


def _is_punct(ch: str) -> bool:
    """BERT's punctuation test: ASCII symbols and every Unicode P* character."""
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF or 0x2A700 <= cp <= 0x2B73F
            or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


class WordPiece:
    """The uncased BERT tokenizer, one word at a time.

    Args:
        vocab: the pieces, in id order ("##" marks a piece inside a word).
    """

    def __init__(self, vocab: Sequence[str]):
        self.ids = {p: i for i, p in enumerate(vocab)}
        self.unk = self.ids["[UNK]"]
        self.cls = self.ids["[CLS]"]
        self.sep = self.ids["[SEP]"]

    @functools.lru_cache(maxsize=65536)
    def pieces(self, word: str) -> tuple:
        """The piece ids of one word (never empty: a word of nothing readable is [UNK])."""
        out: List[int] = []
        for part in self._basic(word):
            out.extend(self._wordpiece(part))
        return tuple(out) or (self.unk,)

    @staticmethod
    def _basic(word: str) -> List[str]:
        text = unicodedata.normalize("NFD", word.lower())
        parts: List[str] = []
        cur: List[str] = []
        for ch in text:
            cp = ord(ch)
            cat = unicodedata.category(ch)
            if cp == 0 or cp == 0xFFFD or cat == "Mn" or (cat.startswith("C") and ch not in "\t\n\r"):
                continue  # control characters and the accents NFD split off
            if ch.isspace():
                if cur:
                    parts.append("".join(cur))
                    cur = []
            elif _is_punct(ch) or _is_cjk(cp):
                if cur:
                    parts.append("".join(cur))
                    cur = []
                parts.append(ch)
            else:
                cur.append(ch)
        if cur:
            parts.append("".join(cur))
        return parts

    def _wordpiece(self, token: str) -> List[int]:
        if len(token) > 100:
            return [self.unk]
        out, start = [], 0
        while start < len(token):
            end = len(token)
            found = None
            while start < end:
                sub = token[start:end] if start == 0 else "##" + token[start:end]
                if sub in self.ids:
                    found = self.ids[sub]
                    break
                end -= 1
            if found is None:
                return [self.unk]
            out.append(found)
            start = end
        return out


class Encoder:
    """The encoder network and its tokenizer. :meth:`word_vectors` is all a caller needs."""

    def __init__(self, data: dict):
        self.config = data["config"]
        self.vocab = list(data["vocab"])
        self.tokenizer = WordPiece(self.vocab)
        self.params = {k: _dequantize(v).float() for k, v in data["state"].items()}
        self.dim = int(self.config["hidden_size"])
        self.layers = int(self.config["num_hidden_layers"])
        self.heads = int(self.config["num_attention_heads"])
        self.eps = float(self.config.get("layer_norm_eps", 1e-12))
        #: read the weights as :func:`quantized` stores them (set on a :meth:`trainable` copy,
        #: so fine-tuning sees what the shipped file will hold)
        self.stored = False

    def word_vectors(self, forms: Sequence[str], starts: Sequence[int], batch: int = 32):
        """One vector per word (``[len(forms), dim]``, float32): the mean, over the word's
        pieces, of the mean of the last four layers, each sentence (from ``starts``)
        read alone."""
        import torch

        with torch.no_grad():
            return self.pool(self.windows(forms, starts), len(forms), batch)

    def windows(self, forms: Sequence[str], starts: Sequence[int], offset: int = 0) -> list:
        """The encoder's inputs for ``forms``: ``(piece ids, owner word of each piece,
        keep)`` per window, each sentence (from ``starts``) in windows of its own;
        owners are word indices plus ``offset``."""
        n = len(forms)
        bounds = list(starts) + [n]
        out: list = []
        for a, b in zip(bounds, bounds[1:]):
            if b <= a:
                continue
            ids: List[int] = []
            owner: List[int] = []
            for k in range(a, b):
                p = self.tokenizer.pieces(forms[k])
                ids.extend(p)
                owner.extend([k + offset] * len(p))
            out.extend(_windows(ids, owner))
        return out

    def pool(self, windows: Sequence[tuple], n: int, batch: int = 32):
        """Word vectors (``[n, dim]``) from :meth:`windows`: the windows are run
        ``batch`` at a time, shortest first, and each word's pieces averaged.
        Differentiable, so the span tagger's training can fine-tune the encoder
        (its weights made ``torch.nn.Parameter``)."""
        import torch

        dev = self.device
        if n == 0:
            return torch.zeros((0, self.dim), device=dev)
        params = _as_stored(self.params) if self.stored else self.params
        # training needs the sum out of place (autograd); reading adds in place, one group at a time
        grad = torch.is_grad_enabled() and any(v.requires_grad for v in params.values())
        windows = sorted(windows, key=lambda w: len(w[0]))
        total = torch.zeros((n, self.dim), device=dev)
        count = torch.zeros(n, device=dev)
        for g in range(0, len(windows), batch):
            group = windows[g:g + batch]
            longest = max(len(w[0]) for w in group) + 2
            ids = torch.zeros((len(group), longest), dtype=torch.long)
            mask = torch.zeros((len(group), longest), dtype=torch.bool)
            owners, rows = [], []
            for i, (p, owner, keep) in enumerate(group):
                ids[i, :len(p) + 2] = torch.tensor([self.tokenizer.cls, *p, self.tokenizer.sep])
                mask[i, :len(p) + 2] = True
                kept = [j for j, k in enumerate(keep) if k]
                owners.extend(owner[j] for j in kept)
                rows.extend(i * longest + 1 + j for j in kept)  # the piece's row in h, flattened (after [CLS])
            # the index tensors are built on the CPU and moved once per group (one gather, no per-window mask)
            ids, mask = ids.to(dev), mask.to(dev)
            own, rows = torch.tensor(owners, dtype=torch.long, device=dev), torch.tensor(rows, dtype=torch.long, device=dev)
            h = self._forward(ids, mask, params)
            picked = h.reshape(-1, self.dim)[rows]
            total = total.index_add(0, own, picked) if grad else total.index_add_(0, own, picked)
            count.index_add_(0, own, torch.ones(len(own), device=dev))
        return total / count.clamp(min=1)[:, None]

    @property
    def device(self):
        """Where the weights are (the CPU unless :meth:`to` moved them)."""
        return self.params[_FIXED].device

    def to(self, device) -> "Encoder":
        """Move the weights to ``device`` in place (a trainable copy's ``Parameter``
        objects stay the same objects, so an optimiser over them still holds them);
        training on a GPU moves them back to the CPU to score held-out articles."""
        import torch

        for k, v in self.params.items():
            if isinstance(v, torch.nn.Parameter):
                v.data = v.data.to(device)
            else:
                self.params[k] = v.to(device)
        return self

    def trainable(self) -> "Encoder":
        """A copy whose weights are ``torch.nn.Parameter`` (:meth:`parameters`), to
        fine-tune with the span tagger; the word-piece embeddings stay fixed (most
        pieces never occur in the training text)."""
        import torch

        out = Encoder(self.to_data())  # from the weights as stored, so the fixed ones are exactly what is saved
        out.params = {k: v if k == _FIXED else torch.nn.Parameter(v) for k, v in out.params.items()}
        out.stored = True
        return out

    def parameters(self) -> list:
        """The weights a :meth:`trainable` copy learns."""
        import torch

        return [v for v in self.params.values() if isinstance(v, torch.nn.Parameter)]

    def to_data(self, **about: Any) -> dict:
        """What ``encoder.pt`` stores (:func:`quantized` weights), with ``about``
        added to the config (e.g. how it was fine-tuned)."""
        return {"config": dict(self.config, **about), "vocab": self.vocab, "state": quantized(self.params)}

    def _forward(self, ids, mask, params=None):
        """BERT (Devlin et al. 2019) forward pass: the mean of the last four layers' states."""
        import torch

        P = self.params if params is None else params
        F = torch.nn.functional
        pos = torch.arange(ids.shape[1], device=ids.device)
        x = P["embeddings.word_embeddings.weight"][ids] + P["embeddings.position_embeddings.weight"][pos][None] \
            + P["embeddings.token_type_embeddings.weight"][0]
        x = F.layer_norm(x, (self.dim,), P["embeddings.LayerNorm.weight"], P["embeddings.LayerNorm.bias"], self.eps)
        B, T, _ = x.shape
        hd = self.dim // self.heads
        bias = torch.zeros((B, 1, 1, T), device=ids.device)
        bias.masked_fill_(~mask[:, None, None, :], -1e4)
        states = []
        for n in range(self.layers):
            p = f"encoder.layer.{n}."

            def lin(name, t):
                return F.linear(t, P[p + name + ".weight"], P[p + name + ".bias"])

            q = lin("attention.self.query", x).view(B, T, self.heads, hd).transpose(1, 2)
            k = lin("attention.self.key", x).view(B, T, self.heads, hd).transpose(1, 2)
            v = lin("attention.self.value", x).view(B, T, self.heads, hd).transpose(1, 2)
            att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(hd) + bias, dim=-1)
            ctx = (att @ v).transpose(1, 2).reshape(B, T, self.dim)
            x = F.layer_norm(x + lin("attention.output.dense", ctx), (self.dim,), P[p + "attention.output.LayerNorm.weight"],
                             P[p + "attention.output.LayerNorm.bias"], self.eps)
            h = F.gelu(lin("intermediate.dense", x))
            x = F.layer_norm(x + lin("output.dense", h), (self.dim,), P[p + "output.LayerNorm.weight"], P[p + "output.LayerNorm.bias"], self.eps)
            states.append(x)
        return torch.stack(states[-4:]).mean(0)


def _windows(ids: List[int], owner: List[int]):
    """A sentence's pieces in windows of at most ``_WINDOW``; a longer one is read in
    windows overlapping by half, and each piece is kept from the window where it sits
    most centrally (so every piece is read with context on both sides)."""
    if len(ids) <= _WINDOW:
        return [(ids, owner, [True] * len(ids))]
    step = _WINDOW // 2
    out = []
    starts = list(range(0, len(ids) - _WINDOW + step, step))
    for n, s in enumerate(starts):
        e = min(s + _WINDOW, len(ids))
        lo = s + (step // 2 if n > 0 else 0)
        hi = e - (step // 2 if n < len(starts) - 1 and e < len(ids) else 0)
        keep = [lo <= s + i < hi for i in range(e - s)]
        out.append((ids[s:e], owner[s:e], keep))
        if e == len(ids):
            break
    return out


def quantized(state: dict) -> dict:
    """Weights as ``encoder.pt`` stores them: each matrix of more than two rows as
    int8 with one float16 scale per row (symmetric: a row's largest value maps to
    127), the rest as float16. 23 MB instead of 91; the word vectors stay within a
    cosine of 0.999 of the float32 encoder's."""
    import torch

    out = {}
    for k, v in state.items():
        v = v.detach().float().cpu()
        if _by_rows(v):
            q, scale = _int8_rows(v)
            out[k] = (q.to(torch.int8), scale.half())
        else:
            out[k] = v.half()
    return out


def _by_rows(v) -> bool:
    """Whether :func:`quantized` stores ``v`` as int8 rows (a matrix of more than two rows)."""
    return v.dim() == 2 and v.shape[0] > 2


def _int8_rows(v):
    """``v`` rounded to int8 per row (as floats) and the float32 scale of each row."""
    import torch

    scale = v.abs().amax(1).clamp(min=1e-8) / 127.0
    return torch.round(v / scale[:, None]).clamp(-127, 127), scale


def _as_stored(state: dict) -> dict:
    """The weights as :func:`quantized` would store them, with the gradient passed
    straight through the rounding (Bengio et al. 2013; quantization-aware training,
    Jacob et al. 2018), so a fine-tuned encoder loses nothing when it is saved."""
    import torch

    out = {}
    for k, v in state.items():
        if not isinstance(v, torch.nn.Parameter):
            out[k] = v
            continue
        if _by_rows(v):
            q, scale = _int8_rows(v.detach())
            r = q * scale.half().float()[:, None]  # the scale is stored as float16
        else:
            r = v.detach().half().float()
        out[k] = v + (r - v.detach())
    return out


def _dequantize(v: Any):
    """A weight as stored: a tensor, or ``(int8 rows, per-row scale)``."""
    if isinstance(v, (tuple, list)):
        q, scale = v
        return q.float() * scale.float()[:, None]
    return v


@functools.lru_cache(maxsize=None)
def load_encoder(path: str) -> Encoder:
    """The encoder stored at ``path`` (loaded once per process)."""
    import torch

    return Encoder(torch.load(Path(path), map_location="cpu", weights_only=False))
