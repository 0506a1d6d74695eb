"""Navigation helpers over one sentence's dependency tree (linear-time precomputation).

The rules' view of a tree mends misparses of the compact model first
(:func:`_repaired`): hyphenated names, split or whole; a paper's kind read as an
adverb; a cited party's modifiers hung on the verb; a relay inside a report; a
subject with a preposition; hyphenated participles ("state-run"); "as saying" on the
quoted party's participle. The ``Document``
keeps the parser's own arcs.
"""

from __future__ import annotations

from typing import Iterable, List, Optional, Sequence, Tuple

import attrs
import regex

from ._readers import head_cycle
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
    _hyphenated_given_names(out)
    _newspaper_kind(out)
    _newspaper_kind_in_phrase(out)
    _cited_party_modifiers(out)
    _relay_inside_report(out)
    _subject_with_preposition(out)
    _hyphenated_participles(out)
    _as_saying_on_the_quoted(out)
    return out


def _as_saying_on_the_quoted(out: List[Word]) -> None:
    """"Al-Ahram quoted an Egyptian official involved in the talks as saying that …":
    *as saying* hung on a participle that modifies the quoted party is the quoting
    verb's, as in "quoted X as saying" (the participle describes X; it says nothing)."""
    n = len(out)
    for s in list(out):
        if (s.lemma or "").lower() not in ("say", "tell", "add", "warn", "state") or s.xpos != "VBG" \
                or not any(w.head == s.id and w.udeprel == "mark" and w.text.lower() == "as" for w in out):
            continue
        h = out[s.head - 1] if 0 < s.head <= n else None
        if h is None or h.upos != "VERB" or h.udeprel != "acl" or not 0 < h.head <= n:
            continue
        o = out[h.head - 1]
        q = out[o.head - 1] if 0 < o.head <= n else None
        if q is None or o.udeprel != "obj" or (q.lemma or "").lower() not in _RELAYING | {"report", "paraphrase"}:
            continue
        new = list(out)
        new[s.id - 1] = attrs.evolve(s, head=q.id, deprel="advcl")
        if _cycle_free(new):
            out[:] = new


# second parts of hyphenated adjectives the tokenizer splits off and the tagger reads as
# verbs: "state-run", "Kremlin-backed", "government-owned", "Iran-aligned"
_COMPOUND_PARTICIPLES = frozenset("run owned backed controlled funded affiliated linked allied aligned sponsored operated "
                                  "managed financed supported influenced friendly".split())


def _hyphenated_participles(out: List[Word]) -> None:
    """"the state-run IRNA news agency": the tokenizer splits "state-run" at its
    hyphen, and the tagger then reads "run" as the verb of a clause whose object is the
    agency (so "according to the state-run …" gets a content of its own). A participle
    of :data:`_COMPOUND_PARTICIPLES` written after a word and a hyphen, with no space,
    that has a noun object after it is an adjective of that noun (UD ``amod``): the noun
    takes the participle's place in the tree, and the participle's other dependents
    after it hang on the noun."""
    n = len(out)
    for k in range(2, n - 1):
        w, h, a = out[k], out[k - 1], out[k - 2]
        if w.text.lower() not in _COMPOUND_PARTICIPLES or w.upos not in ("VERB", "AUX") or h.text not in ("-", "\u2010", "\u2011") \
                or a.end != h.start or h.end != w.start:
            continue
        obj = next((x for x in out if x.head == w.id and x.udeprel in ("obj", "nsubj", "nsubj:pass", "iobj") and x.id > w.id
                    and x.upos in ("NOUN", "PROPN")), None)
        if obj is None or any(x.upos in ("VERB", "AUX", "ADP", "SCONJ", "PUNCT") for x in out[w.id:obj.id - 1]):
            continue
        new = list(out)
        marked = False
        for x in out:
            if x.head != w.id or x.id == obj.id:
                continue
            if x.id in (a.id, h.id):  # "state", "-": the adjective's own
                new[x.id - 1] = attrs.evolve(x, deprel="punct" if x.upos == "PUNCT" else "compound")
            elif x.udeprel == "mark" and x.id < w.id:  # "according to the state-run …": a preposition of the noun
                new[x.id - 1] = attrs.evolve(x, head=obj.id, deprel="case")
                marked = True
            else:
                new[x.id - 1] = attrs.evolve(x, head=obj.id)
        rel = "obl" if marked and w.udeprel in ("ccomp", "advcl", "xcomp", "parataxis") else w.deprel
        new[obj.id - 1] = attrs.evolve(obj, head=w.head, deprel=rel)
        new[w.id - 1] = attrs.evolve(w, upos="ADJ", xpos="JJ", head=obj.id, deprel="amod")
        if _cycle_free(new):
            out[:] = new


def _under(words: Sequence[Word], x: int, y: int) -> bool:
    """Whether word ``y`` is an ancestor of word ``x`` (ids)."""
    n = len(words)
    v, steps = words[x - 1].head, 0
    while 0 < v <= n and steps <= n:
        if v == y:
            return True
        v = words[v - 1].head
        steps += 1
    return False


def _cycle_free(words: Sequence[Word]) -> bool:
    """Whether every word reaches the root (the readers' check, :func:`._readers.head_cycle`)."""
    return head_cycle([w.head for w in words]) is None


# prepositions that never introduce a clause ("after", "before", "since" … may)
_PREPOSITIONS_ONLY = frozenset("with to by in of from on at into via about".split())


def _subject_with_preposition(out: List[Word]) -> None:
    """"said in an interview with the newspaper Clarín published on Sunday that …": a
    past participle (or a past tense: the tagger cannot tell them apart here) with no
    auxiliary whose subject, by the tree, starts with a
    preposition is no clause of its own (a subject takes no case marker): the
    participle modifies the noun before the preposition, and so does the phrase the
    parser made its subject."""
    for v in list(out):
        if v.upos != "VERB" or v.xpos not in ("VBN", "VBD") or any(w.head == v.id and w.udeprel in ("aux", "aux:pass", "cop") for w in out):
            continue
        s = next((w for w in out if w.head == v.id and w.udeprel == "nsubj" and w.id < v.id), None)
        if s is None:
            continue
        # (a preposition only: "after the senator won" is a clause whose marker the tagger read as one)
        case = next((w for w in out if w.head == s.id and w.udeprel == "case" and w.upos == "ADP" and w.id < s.id
                     and w.text.lower() in _PREPOSITIONS_ONLY), None)
        if case is None:
            continue
        first = min([case.id] + [w.id for w in out if w.head == s.id and w.id < s.id])
        if first < 2 or out[first - 2].upos not in ("NOUN", "PROPN", "VERB"):
            continue
        n = out[first - 2]
        new = list(out)
        if n.upos == "VERB":  # "said in a text message sent to reporters": the phrase is the verb's, the participle the phrase's
            new[s.id - 1] = attrs.evolve(s, head=n.id, deprel="obl")
            new[v.id - 1] = attrs.evolve(v, head=s.id, deprel="acl")
            for x in out:  # and "…, adding that …" after it is the verb's
                if x.head == v.id and x.udeprel in ("advcl", "conj", "parataxis") and x.xpos == "VBG" and x.id > v.id and out[x.id - 2].text == ",":
                    new[x.id - 1] = attrs.evolve(x, head=n.id, deprel="advcl")
        else:
            new[s.id - 1] = attrs.evolve(s, head=n.id, deprel="nmod")
            new[v.id - 1] = attrs.evolve(v, head=n.id, deprel="acl")
        if _cycle_free(new):
            out[:] = new


# reporting verbs that end a relay's "X, citing Y, *said* …" inside a report
_REPORT_LEMMAS = frozenset("say report write add claim state announce tell confirm reveal disclose allege".split())


def _relay_inside_report(out: List[Word]) -> None:
    """"The Kyiv Post reported that the Interfax news agency, citing a source, said …":
    a relay set off by commas inside a reported clause, the three links of a chain.
    The compact model rarely parses it (it makes the second reporting verb the root and
    the first its complement, or the agency the object of *citing*), so where the words
    run *V1 that NP, citing|quoting NP2, V2* with both verbs reporting, the NP having no
    verb and the tree not already reading NP as V2's subject, the arcs are set as UD
    draws the construction: V2 the complement of V1, NP its subject, *citing* its
    adverbial clause with NP2 as object. Left alone if the new arcs would make a cycle."""
    n = len(out)
    for ci in range(3, n - 3):
        c = out[ci]
        if c.text.lower() not in ("citing", "quoting") or out[ci - 1].text != ",":
            continue
        cid = c.id
        # NP: back from the comma to "that", nominal, no verb or comma in it
        k = ci - 2
        while k >= 0 and out[k].text.lower() != "that" and out[k].upos not in ("VERB", "AUX", "PUNCT") or (k >= 0 and out[k].text == "-"):
            k -= 1
        if k < 1 or out[k].text.lower() != "that" or k == ci - 2:
            continue
        that = out[k].id
        np_ids = list(range(that + 1, cid - 1))
        if not any(out[i - 1].upos in ("NOUN", "PROPN") for i in np_ids):
            continue
        v1 = next((out[j].id for j in range(k - 1, -1, -1) if out[j].upos == "VERB"), None)
        if v1 is None or (out[v1 - 1].lemma or "").lower() not in _REPORT_LEMMAS:
            continue
        # NP2: up to the next comma, followed by the second reporting verb
        j = ci + 1
        while j < n and out[j].text not in (",", ".", ";", ":", "“", '"'):
            j += 1
        if j + 1 >= n or out[j].text != "," or j == ci + 1:
            continue
        v2 = out[j + 1].id
        if out[v2 - 1].upos != "VERB" or (out[v2 - 1].lemma or "").lower() not in _REPORT_LEMMAS:
            continue
        np2_ids = list(range(cid + 1, out[j].id))
        region = set(np_ids)
        np_head = next((i for i in reversed(np_ids) if out[i - 1].head not in region and out[i - 1].upos in ("NOUN", "PROPN")), None)
        if np_head is None:
            np_head = next((i for i in reversed(np_ids) if out[i - 1].upos in ("NOUN", "PROPN")), None)
        if np_head is None or (out[np_head - 1].head == v2 and out[np_head - 1].udeprel == "nsubj"):
            continue
        new = list(out)
        if _under(out, v1, v2):  # V1 hung under V2: V1 takes V2's place
            new[v1 - 1] = attrs.evolve(new[v1 - 1], head=out[v2 - 1].head, deprel=out[v2 - 1].deprel)
        new[v2 - 1] = attrs.evolve(new[v2 - 1], head=v1, deprel="ccomp")
        new[np_head - 1] = attrs.evolve(new[np_head - 1], head=v2, deprel="nsubj")
        for i in np_ids:
            if i != np_head and out[i - 1].head not in region:
                new[i - 1] = attrs.evolve(new[i - 1], head=np_head, deprel="punct" if out[i - 1].upos == "PUNCT" else
                                          out[i - 1].deprel if out[i - 1].udeprel in ("det", "compound", "amod", "nmod", "flat", "punct") else "compound")
        new[that - 1] = attrs.evolve(new[that - 1], head=v2, deprel="mark")
        new[cid - 1] = attrs.evolve(c, head=v2, deprel="advcl")
        new[cid - 2] = attrs.evolve(new[cid - 2], head=cid, deprel="punct")
        new[out[j].id - 1] = attrs.evolve(new[out[j].id - 1], head=cid, deprel="punct")
        region2 = set(np2_ids)
        obj = None
        for i in np2_ids:
            if out[i - 1].head not in region2:
                if obj is None and out[i - 1].upos in ("NOUN", "PROPN", "PRON", "NUM"):
                    obj = i
                    new[i - 1] = attrs.evolve(new[i - 1], head=cid, deprel="obj")
                elif obj is not None:
                    new[i - 1] = attrs.evolve(new[i - 1], head=obj)
                else:
                    new[i - 1] = attrs.evolve(new[i - 1], head=cid)
        if obj is None:
            continue
        if _cycle_free(new):
            out[:] = new


_GIVEN_NAME = regex.compile(r"\p{Lu}\p{Ll}+-\p{Lu}\p{Ll}+")


def _hyphenated_given_names(out: List[Word]) -> None:
    """"Club president Mei-Ling Haworth insisted …": a hyphenated given name the
    tokenizer kept whole is tagged as a verb or an adjective ("Mei-Ling/VERB", an
    *acl* of the role), so the name would be "Haworth" or the role itself. A word of two
    capitalised parts joined by a hyphen, right before a name it is linked to, is a
    name: a proper noun, in apposition to a role noun it hangs on."""
    n = len(out)
    for k in range(n - 1):
        w, nxt = out[k], out[k + 1]
        if w.upos in ("PROPN", "PUNCT", "NUM") or not _GIVEN_NAME.fullmatch(w.text) or nxt.upos != "PROPN" \
                or not nxt.text[:1].isupper() or nxt.head != w.id and w.head != nxt.id:
            continue
        rel = w.deprel
        if 0 < w.head <= n and out[w.head - 1].upos == "NOUN" and w.udeprel in ("acl", "amod", "advcl", "dep", "nmod"):
            rel = "appos"  # on the role: "president Mei-Ling Haworth"
        out[k] = attrs.evolve(w, upos="PROPN", xpos="NNP", deprel=rel)


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


def _newspaper_kind_in_phrase(out: List[Word]) -> None:
    """"a report by the Nikkei business daily that cited …", "the sports daily Marca":
    *daily* or *weekly* tagged as an adverb right after the nouns of a phrase opened by
    a determiner, where it modifies a noun or a name follows it, is that phrase's head
    noun (an adverb neither modifies a noun nor comes before a name)."""
    n = len(out)
    for k in range(2, n):
        w, prev = out[k], out[k - 1]
        if w.text.lower() not in ("daily", "weekly") or w.upos != "ADV" or prev.upos not in ("NOUN", "PROPN") or prev.end >= w.start:
            continue
        nxt = out[k + 1] if k + 1 < n else None
        if not ((nxt is not None and nxt.upos == "PROPN" and nxt.text[:1].isupper())
                or (0 < w.head <= n and out[w.head - 1].upos in ("NOUN", "PROPN") and w.udeprel != "advmod")):
            continue
        j = k - 1
        while j > 0 and out[j - 1].upos in ("NOUN", "PROPN", "ADJ"):
            j -= 1
        if j == 0 or out[j - 1].upos != "DET" and out[j - 1].udeprel != "nmod:poss":
            continue
        phrase = {x.id for x in out[j - 1:k]}
        ph = next((x for x in reversed(out[j - 1:k]) if x.head not in phrase), None)
        if ph is None or ph.head == w.id:
            continue
        new = list(out)
        new[k] = attrs.evolve(w, upos="NOUN", xpos="NN", head=ph.head, deprel=ph.deprel)
        new[ph.id - 1] = attrs.evolve(ph, head=w.id, deprel="det" if ph.upos == "DET" else "compound")
        for x in out[j - 1:k]:
            if x.id != ph.id and x.head not in phrase:
                new[x.id - 1] = attrs.evolve(x, head=w.id)
        if _cycle_free(new):
            out[:] = new


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
        if _under(out, a.id, b.id) or _under(out, b.id, a.id):
            if b.head == a.id and b.deprel == "appos":  # "Agence France-Presse": no apposition, one name
                out[k + 2] = attrs.evolve(b, deprel="flat")
            if b.upos != "PROPN" and b.text.islower():  # "Ri Chol-man" with "man" the head: a name's part, not a noun
                out[k + 2] = attrs.evolve(out[k + 2], upos="PROPN")
            continue
        # (a family name first, that the first part hangs on: "Koo Byoung-sam", "Koo" read as
        # the role's apposition and "sam" as the subject: all three are one name)
        prev = out[k - 1] if k > 0 else None
        if prev is not None and a.head == prev.id and a.udeprel == "flat" and prev.upos == "PROPN" and prev.text[:1].isupper() \
                and prev.end < a.start and not _under(out, b.id, prev.id):
            out[k - 1] = attrs.evolve(prev, head=b.id, deprel="flat")
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
