"""Stage 4: cues — the words that signal an attribution.

Verb cues are content words whose lemma is in ``lexicons/<lang>/verbs.tsv``;
noun cues are nouns in ``nouns.tsv``; "according to" is found by its two words
(UD attaches it as ``case`` + ``fixed`` to the source, which the parser does not
always get right). The lexicon classes follow the reporting-verb classes of
Krestel, Bergler & Witte (2008) and the PARC 3.0 cue inventory (Pareti 2016).
"""

from __future__ import annotations

from typing import Callable, Dict, List, Optional, Tuple

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


def lemma_guesses(low: str) -> Tuple[str, ...]:
    """Candidate lemmas of an inflected word a lemmatizer left as it is: the suffix
    rules of `_guess_lemma`, and the word minus one or two letters ("used", "says")."""
    return (_guess_lemma(low), low[:-1], low[:-2])


def _model_lemma(lem: str, w, model) -> str:
    """A dictionary lemmatizer leaves unseen inflected verbs as they are ("tweeted"):
    the detector then knows the guessed lemma ("tweet") when it saw that one in training."""
    if w.upos == "VERB" and lem == w.text.lower() and w.xpos in ("VBD", "VBZ", "VBG", "VBN") and ("lem=" + lem) not in model.weights:
        g = _guess_lemma(lem)
        undoubled = (g[:-1],) if len(g) > 3 and g[-1] == g[-2] else ()  # "slammed" -> "slam"
        for cand in lemma_guesses(lem) + undoubled:
            if ("lem=" + cand) in model.weights:
                return cand
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
        if low == "in" and w.udeprel == "case" and tree.head(i) > i and _lemma(tree, tree.head(i)) in lexicon.survey_nouns:
            # "In a CNN poll released Monday, 50 percent …": the poll is the source (PolNeAR)
            out.append(CueHit(i, "in", "according", 0.7, "survey"))
            continue
        if low == "called" and i > 2 and tree.w(i - 1).text == "-" and tree.w(i - 2).text.lower() == "so" \
                and tree.w(i - 2).end == tree.w(i - 1).start and tree.w(i - 1).end == w.start:
            continue  # "the so-called “prestige thriller”": a name's distance, not a report (PolNeAR train: a cue 1 time in 33)
        if low == "according" and i < n and tree.w(i + 1).text.lower() == "to":
            out.append(CueHit(i, "according to", "according", lexicon.multiword.get(("according", "to"), ("according", 0.95))[1], "according"))
            continue
        if low == "per" and _per_source(tree, i):
            # "…, per Axios." / "Per the Times, …": the informal "according to" of news copy
            out.append(CueHit(i, "per", "according", 0.8, "according"))
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
        if model is not None and w.upos in CANDIDATE_UPOS and lem not in lexicon.verbs and lem not in lexicon.nouns and lem not in _FUNCTION_VERBS:
            p = model.prob(cue_features(tree, i, bool(in_quote and in_quote(w.start)), None, _model_lemma(lem, w, model)))
            if p >= model.threshold:
                out.append(CueHit(i, lem, "learned", round(p, 3), "verb" if w.upos == "VERB" else "noun"))
    return out


# verbs that are auxiliaries far more often than cues: "Police *had* last month charged
# X", misparsed with "had" as the main verb, is no attribution by "had" (PolNeAR train
# marks "have" as a cue 6 times in 158)
_FUNCTION_VERBS = frozenset(["be", "have", "do"])


def _guess_lemma(low: str) -> str:
    """A crude English verb lemma for when the lemmatizer leaves an inflected form."""
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("d", "")):
        if low.endswith(suffix) and len(low) - len(suffix) >= 2:
            return low[: len(low) - len(suffix)] + repl
    return low


_NOT_CUE_ADVERBS = frozenset("how when where why so as there here thus however therefore".split())


def _modifier_after(tree: Tree, v: int, last: int, modifiers: Dict[str, str]) -> List[int]:
    """A temporal word or an in/on medium phrase that starts right after the cue."""
    j = last + 1
    if j > tree.n:
        return []
    w = tree.w(j)
    low = w.text.lower()
    if modifiers.get(low) == "time" and tree.head(j) == v:
        return [j]
    if low in ("in", "on", "via") and w.udeprel == "case":
        h = tree.head(j)
        if h and tree.head(h) == v and modifiers.get(tree.w(h).text.lower()) == "medium" and tree.lo[h] == j:
            return list(range(j, h + 1))
    return []


def _per_source(tree: Tree, i: int) -> bool:
    """Whether "per" at word ``i`` credits a source ("…, per Axios.", "Per the
    Times, …") rather than dividing ("$5 per share", "per cent", "as per usual"):
    it opens its sentence or follows a comma, and a capitalized name ends the
    phrase right before the sentence's end or a comma."""
    if not (i == 1 or tree.w(i - 1).text == ","):
        return False
    k = i + 1
    if k <= tree.n and tree.w(k).upos == "DET":
        k += 1
    j = k
    while j <= tree.n and tree.w(j).upos == "PROPN" and tree.w(j).text[:1].isupper():
        j += 1
    if j == k:
        return False
    return j > tree.n or tree.w(j).text in (",", ".", ";", ":", "!", "?") or tree.is_punct(j) or tree.w(j).text.lower() in ("reported", "reports")


def cue_spans_words(tree: Tree, hit: CueHit, lexicon: Optional[Lexicon] = None) -> Tuple[int, ...]:
    """The word ids that make up the cue's surface form.

    As annotated in PARC 3.0 and PolNeAR, the cue takes in its particles ("according
    to"), auxiliaries and negation ("has said", "did not mention", "don’t like"), the
    infinitive marker ("to oppose"), an adverb right before
    it ("recently said", "just told"; in PolNeAR train such adverbs are inside the cue 9
    times in 10), and, with ``lexicon``, a temporal word or a medium phrase right after
    it ("said Tuesday", "said in a statement"; see ``cue_modifiers.tsv``).
    """
    if hit.pos == "according":
        return tuple(range(hit.word, hit.word + len(hit.lemma.split())))
    ids = [hit.word]
    for c in tree.children(hit.word, "compound:prt"):
        ids.append(c)
    k = hit.word - 1
    while k >= 1 and tree.head(k) == hit.word and (
        tree.w(k).udeprel == "aux" or tree.w(k).text.lower().replace("\u2019", "'") in ("also", "not", "n't", "never")
        or (tree.w(k).udeprel == "advmod" and tree.w(k).upos == "ADV" and tree.w(k).text.lower() not in _NOT_CUE_ADVERBS)
        or (tree.w(k).udeprel == "mark" and tree.w(k).text.lower() == "to")  # an infinitive: "to say"
    ):
        ids.append(k)
        k -= 1
    if lexicon is not None and lexicon.cue_modifiers and hit.pos != "noun":
        ids += _modifier_after(tree, hit.word, max(ids), lexicon.cue_modifiers)
    return tuple(sorted(ids))
