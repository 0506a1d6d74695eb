"""Stage 4: cues — the words that signal an attribution.

Verb cues are content words whose lemma is in ``lexicons/<lang>/verbs.tsv``;
noun cues are nouns in ``nouns.tsv``; "according to" is found by its two words
(UD attaches it as ``case`` + ``fixed`` to the source, which the parser does not
always get right). The lexicon classes follow the reporting-verb classes of
Krestel, Bergler & Witte (2008) and the PARC 3.0 cue inventory (Pareti 2016).
"""

from __future__ import annotations

from typing import Callable, List, Optional, Tuple

import attrs

from ._classifier import CANDIDATE_UPOS, cue_features, load_cue_model
from ._lexicon import Lexicon
from ._tree import Tree

__all__ = ["CueHit", "find_cues"]

_VERB_TAGS = ("VERB",)
# verbs outside the hand-classified list count as cues when PolNeAR train used
# them as cues at least this often (0.3 gained ~1 F1 on PolNeAR train over 0.7
# but admits weak cues such as "promote", "refer"; precision first)
LEARNED_MIN_RATE = 0.7
_FINITE_OR_PART = ("VB", "VBD", "VBZ", "VBP", "VBG", "VBN")


@attrs.frozen
class CueHit:
    """A cue word found in a sentence.

    Attributes:
        word: the id of the cue's head word.
        lemma: its lemma ("say", "according to").
        cue_class: the lexicon class (speech, accusation, relay, according, …).
        strength: the lexicon strength (0–1).
        pos: ``verb``, ``noun`` or ``according``.
    """

    word: int
    lemma: str
    cue_class: str
    strength: float
    pos: str


def _lemma(tree: Tree, i: int) -> str:
    w = tree.w(i)
    lem = (w.lemma or w.text).lower()
    return lem


def find_cues(tree: Tree, lexicon: Lexicon, in_quote: Optional[Callable[[int], bool]] = None, use_model: bool = True) -> List[CueHit]:
    """All cue hits of one sentence, in word order.

    Args:
        in_quote: tells whether a character offset lies inside a quotation
            (a feature of the learned detector).
        use_model: also ask the learned cue detector about words the lexicon
            does not classify (else the PolNeAR-derived verb list is used).
    """
    out: List[CueHit] = []
    n = tree.n
    model = load_cue_model(lexicon.lang) if use_model else None
    for i in range(1, n + 1):
        w = tree.w(i)
        lem = _lemma(tree, i)
        low = w.text.lower()
        if low == "according" and i < n and tree.w(i + 1).text.lower() == "to":
            out.append(CueHit(i, "according to", "according", lexicon.multiword.get(("according", "to"), ("according", 0.95))[1], "according"))
            continue
        if w.upos in _VERB_TAGS or (w.upos in ("NOUN", "ADJ", "PROPN") and w.xpos in _FINITE_OR_PART and tree.w(i).deprel in ("root", "ccomp", "parataxis", "conj", "advcl")):
            entry = lexicon.verbs.get(lem) or lexicon.verbs.get(_guess_lemma(low))
            if entry:
                out.append(CueHit(i, lem if lem in lexicon.verbs else _guess_lemma(low), entry[0], entry[1], "verb"))
                continue
            if model is None:
                rate = lexicon.learned.get(lem, 0.0)
                if rate >= LEARNED_MIN_RATE:
                    out.append(CueHit(i, lem, "learned", rate, "verb"))
                    continue
        if w.upos == "NOUN":
            entry = lexicon.nouns.get(lem)
            if entry:
                out.append(CueHit(i, lem, entry[0], entry[1], "noun"))
                continue
        if model is not None and w.upos in CANDIDATE_UPOS and lem not in lexicon.verbs and lem not in lexicon.nouns:
            p = model.prob(cue_features(tree, i, bool(in_quote and in_quote(w.start)), None))
            if p >= model.threshold:
                out.append(CueHit(i, lem, "learned", round(p, 3), "verb" if w.upos == "VERB" else "noun"))
    return out


def _guess_lemma(low: str) -> str:
    """A crude English verb lemma for when the lemmatizer leaves an inflected form."""
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("d", "")):
        if low.endswith(suffix) and len(low) - len(suffix) >= 2:
            return low[: len(low) - len(suffix)] + repl
    return low


def cue_spans_words(tree: Tree, hit: CueHit) -> Tuple[int, ...]:
    """The word ids that make up the cue's surface form (particles, "according to")."""
    if hit.pos == "according":
        return (hit.word, hit.word + 1)
    ids = [hit.word]
    for c in tree.children(hit.word, "compound:prt"):
        ids.append(c)
    # auxiliaries, negation, "also", and an adverb between auxiliary and verb are
    # part of the cue ("has said", "is telling", "did not mention", "also told",
    # "has repeatedly said"), as in PARC/PolNeAR
    k = hit.word - 1
    while k >= 1 and tree.head(k) == hit.word and (
        tree.w(k).udeprel == "aux" or tree.w(k).text.lower() in ("also", "not", "n't", "never")
        or (tree.w(k).udeprel == "advmod" and tree.w(k).upos == "ADV" and k > 1 and tree.w(k - 1).udeprel == "aux" and tree.head(k - 1) == hit.word)
    ):
        ids.append(k)
        k -= 1
    return tuple(sorted(ids))
