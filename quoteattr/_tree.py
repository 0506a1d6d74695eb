"""Navigation helpers over one sentence's dependency tree (linear-time precomputation).

The rules' view of a tree mends three misparses of the compact model first
(:func:`_repaired`: hyphenated names, a paper's kind read as an adverb, a cited party's
modifiers hung on the verb); the ``Document`` keeps the parser's own arcs.
"""

from __future__ import annotations

from typing import Iterable, List, Optional, Sequence, Tuple

import attrs

from ._types import Sentence, Word

__all__ = ["Tree"]

PUNCT = frozenset(".,;:!?\"'“”‘’«»()[]{}-–—…")


# time words: a phrase of them after a verb's object is when, not whose ("quoted the
# minister on Tuesday as saying")
TEMPORAL = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight morning evening "
    "afternoon night week weekend month year day time".split()
)
# verbs whose object is the party whose words are relayed ("citing people familiar with
# the matter", "quoted a source in the company as saying")
_RELAYING = frozenset(["cite", "quote"])


def _repaired(words: Sequence[Word]) -> List[Word]:
    """The words with three misparses of the compact model mended, for the rules' view
    only (the ``Document`` keeps the parser's arcs): hyphenated names
    (:func:`_hyphenated_names`), a paper's kind read as an adverb ("the Nikkei business
    daily reported") and the modifiers of a cited party hung on the verb."""
    out = _hyphenated_names(words)
    if any(w.id != k + 1 for k, w in enumerate(out)):
        return out
    _newspaper_kind(out)
    _cited_party_modifiers(out)
    return out


def _newspaper_kind(out: List[Word]) -> None:
    """"the Nikkei business daily reported", "told the Izvestia daily": *daily* or
    *weekly* right after a noun that is the verb's subject or object, tagged as the
    verb's adverb, is the head noun of that phrase (the newspaper)."""
    for k in range(1, len(out)):
        w, prev = out[k], out[k - 1]
        if w.text.lower() not in ("daily", "weekly") or w.upos != "ADV" or w.udeprel != "advmod" \
                or prev.upos not in ("NOUN", "PROPN") or prev.head != w.head or prev.udeprel not in ("nsubj", "obj", "iobj") \
                or prev.end > w.start:
            continue
        out[k] = attrs.evolve(w, upos="NOUN", xpos="NN", deprel=prev.deprel)
        out[k - 1] = attrs.evolve(prev, head=w.id, deprel="compound")


def _cited_party_modifiers(out: List[Word]) -> None:
    """"citing people familiar with the matter", "cited a source in the company as
    saying": an adjective with its complement, or a prepositional phrase, that the
    parser hung on *cite*/*quote* right after its object modifies the object (a cited
    party is described, never predicated of: no secondary predicate or place of the
    citing is meant). A time ("quoted the minister on Tuesday") stays the verb's."""
    n = len(out)

    def first(x: int) -> int:  # the first word of x's phrase
        lo = x
        for w in out:
            v, steps = w.head, 0
            while v and steps <= n:
                if v == x:
                    lo = min(lo, w.id)
                    break
                v = out[v - 1].head if 0 < v <= n else 0
                steps += 1
        return lo

    for v in out:
        if (v.lemma or "").lower() not in _RELAYING or v.upos != "VERB":
            continue
        kids = [w for w in out if w.head == v.id]
        o = next((w for w in kids if w.udeprel == "obj" and w.id > v.id and w.upos in ("NOUN", "PROPN")), None)
        if o is None:
            continue
        for x in kids:
            if x.id != o.id + 1 and not (x.udeprel in ("obl", "nmod") and first(x.id) == o.id + 1):
                continue
            if x.upos == "ADJ" and x.udeprel in ("xcomp", "amod", "advmod", "obl") and x.id == o.id + 1 \
                    and any(c.head == x.id and c.udeprel in ("obl", "nmod") and c.id > x.id for c in out):
                out[x.id - 1] = attrs.evolve(x, head=o.id, deprel="amod")
            elif x.udeprel in ("obl", "nmod") and x.upos in ("NOUN", "PROPN") and (x.lemma or "").lower() not in TEMPORAL \
                    and x.id > o.id and any(c.head == x.id and c.udeprel == "case" and c.text.lower() in ("in", "at", "of", "from", "close", "near", "inside", "within") for c in out):
                out[x.id - 1] = attrs.evolve(x, head=o.id, deprel="nmod")


def _hyphenated_names(words: Sequence[Word]) -> List[Word]:
    """The words with each name written with a hyphen ("Park Jin-woo", "Kim Jong-un",
    "Babajide Sanwo-Olu") hung together on its last part.

    Why: the compact model's tokenizer splits at a hyphen (as its EWT training data
    does), and its parser then often hangs the parts apart ("Jin" an apposition of
    the dateline, "woo" the subject), so the speaker would be "woo". A capitalised
    proper noun, a hyphen and a word written without spaces are one name (UD ``flat``).
    The parse is left as it is where one part already hangs under the other."""
    out = list(words)
    n = len(out)
    for k in range(n - 2):
        a, h, b = out[k], out[k + 1], out[k + 2]
        if h.text != "-" or a.end != h.start or h.end != b.start or a.id != k + 1 or b.id != k + 3:
            continue
        if a.upos != "PROPN" or not a.text[:1].isupper() or not a.text.isalpha() or not b.text.isalpha() \
                or not (b.upos == "PROPN" or (b.text.islower() and len(b.text) <= 5 and b.upos in ("NOUN", "X", "ADJ"))):
            continue
        linked = False
        for x, y in ((a.id, b.id), (b.id, a.id)):  # is y an ancestor of x?
            v, steps = x, 0
            while 0 < v <= n and steps <= n:
                v = out[v - 1].head
                steps += 1
                if v == y:
                    linked = True
        if linked:
            if b.head == a.id and b.deprel == "appos":  # "Agence France-Presse": no apposition, one name
                out[k + 2] = attrs.evolve(b, deprel="flat")
            continue
        out[k] = attrs.evolve(a, head=b.id, deprel="flat")
        out[k + 1] = attrs.evolve(h, head=b.id, deprel="punct")
        if b.upos != "PROPN":  # "Jong-un": "un" is part of the name, not a noun
            out[k + 2] = attrs.evolve(b, upos="PROPN")
    return out


class Tree:
    """A sentence with children lists and subtree extents.

    Word ids are 1-based; ``words[0]`` is a placeholder for the root: an empty word
    (no text, tag or relation), so a rule that looks one word back from the first
    word reads nothing instead of failing.
    """

    __slots__ = ("sent", "index", "words", "kids", "lo", "hi", "n")

    def __init__(self, sent: Sentence, index: int):
        self.sent = sent
        self.index = index
        root = Word(0, "", "", "", "", "", 0, "", sent.start, sent.start)
        self.words: List[Word] = [root, *_repaired(sent.words)]
        n = len(sent.words)
        self.n = n
        self.kids: List[List[int]] = [[] for _ in range(n + 1)]
        for w in self.words[1:]:
            h = w.head if 0 <= w.head <= n and w.head != w.id else 0
            self.kids[h].append(w.id)
        # subtree extents as word ids (min, max), computed iteratively (no recursion limit)
        self.lo = list(range(n + 1))
        self.hi = list(range(n + 1))
        order: List[int] = []
        seen = [False] * (n + 1)
        stack = [0]
        while stack:
            v = stack.pop()
            if seen[v]:
                continue
            seen[v] = True
            order.append(v)
            stack.extend(self.kids[v])
        for v in reversed(order):
            for c in self.kids[v]:
                if self.lo[c] < self.lo[v]:
                    self.lo[v] = self.lo[c]
                if self.hi[c] > self.hi[v]:
                    self.hi[v] = self.hi[c]
        # words unreachable from the root (cycles in a bad parse) stay single-word subtrees

    def w(self, i: int) -> Word:
        return self.words[i]

    def children(self, i: int, *deprels: str) -> List[int]:
        """Children of ``i``, optionally only those whose universal relation is one of ``deprels``."""
        ks = self.kids[i]
        if not deprels:
            return ks
        return [k for k in ks if self.words[k].deprel in deprels or self.words[k].udeprel in deprels]

    def child(self, i: int, *deprels: str) -> Optional[int]:
        ks = self.children(i, *deprels)
        return ks[0] if ks else None

    def head(self, i: int) -> int:
        h = self.words[i].head
        return h if 0 <= h <= self.n else 0

    def ancestors(self, i: int) -> Iterable[int]:
        seen = 0
        h = self.head(i)
        while h and seen <= self.n:
            yield h
            h = self.head(h)
            seen += 1

    def is_punct(self, i: int) -> bool:
        w = self.words[i]
        return w.upos == "PUNCT" or (w.text != "" and all(ch in PUNCT for ch in w.text))

    def extent(self, ids: Sequence[int]) -> Tuple[int, int]:
        """Character extent of the subtrees of ``ids``."""
        lo = min(self.lo[i] for i in ids)
        hi = max(self.hi[i] for i in ids)
        return self.words[lo].start, self.words[hi].end

    def phrase_start(self, i: int) -> int:
        """The first word of ``i``'s subtree that is not punctuation (a parser may hang
        a closing comma and quotation mark on the next phrase)."""
        first = self.lo[i]
        while first < i and self.is_punct(first):
            first += 1
        return first

    def _token_of(self, i: int) -> Tuple[int, int]:
        """The first and last word ids of the token word ``i`` belongs to (words of a
        multi-word token share its offsets)."""
        w = self.words[i]
        a = b = i
        while a > 1 and (self.words[a - 1].start, self.words[a - 1].end) == (w.start, w.end):
            a -= 1
        while b < self.n and (self.words[b + 1].start, self.words[b + 1].end) == (w.start, w.end):
            b += 1
        return a, b

    def own_offsets(self, i: int) -> Tuple[int, int]:
        """Word ``i``'s own character range. Where a multi-word token spells out its
        words and the next one is a clitic ("He" + "’s" of "He’s"), each word has its own
        part, so a speaker is "He", not "He’s"; other multi-word tokens ("ca" + "n’t")
        keep the token's range."""
        w = self.words[i]
        a, b = self._token_of(i)
        if a == b:
            return w.start, w.end
        texts = [self.words[k].text for k in range(a, b + 1)]
        if sum(len(t) for t in texts) != w.end - w.start:
            return w.start, w.end
        cuts = [w.start]
        for t in texts:
            cuts.append(cuts[-1] + len(t))
        # join pieces that do not start a clitic: only "’s", "'m", "’re" … stand apart
        lo, hi = i - a, i - a + 1
        while lo > 0 and texts[lo][:1] not in "'’":
            lo -= 1
        while hi < len(texts) and texts[hi][:1] not in "'’":
            hi += 1
        return cuts[lo], cuts[hi]

    def trimmed_extent(self, first: int, last: int, drop_lead: Tuple[str, ...] = ()) -> Optional[Tuple[int, int]]:
        """Character extent of words ``first..last`` without edge punctuation
        (and without leading words whose lower-cased text is in ``drop_lead``)."""
        while first <= last and (self.is_punct(first) or self.words[first].text.lower() in drop_lead):
            first += 1
        while last >= first and self.is_punct(last) and not self._opened_inside(first, last):
            last -= 1
        if first > last:
            return None
        return self.own_offsets(first)[0], self.own_offsets(last)[1]

    def _opened_inside(self, first: int, last: int) -> bool:
        """Whether word ``last`` is a closing quotation mark opened within ``first..last``.

        Such a mark ends the extent ("said the plan was “a disaster”"); one opened
        before it (“He told me, ‘We are leaving,’” cut at the inner quote) does not.
        """
        t = self.words[last].text
        if not _closing_quote(t):
            return False
        inside = [self.words[k].text for k in range(first, last + 1)]
        if t in _STRAIGHT:
            return inside.count(t) % 2 == 0
        return inside.count(_OPENER[t]) >= inside.count(t)

    def word_at(self, offset: int) -> Optional[int]:
        for w in self.sent.words:
            if w.start <= offset < w.end:
                return w.id
        return None


_OPENER = {"”": "“", "’": "‘", "»": "«", "''": "``"}
_STRAIGHT = ('"', "'")


def _closing_quote(text: str) -> bool:
    return text in ("”", "’", '"', "»", "''", "'")
