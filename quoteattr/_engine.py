"""Stage 6: attribution rules — cue + source + content from trees and quote spans.

Each cue is tried against frames, strongest first (the frames of PARC-style
attribution relations, Pareti 2016; the quote-linking rules follow the
speaker-identification heuristics of Pouliquen et al. 2007 and O'Keefe et al.
2012):

1. **relay** — "AFP quoted X as saying …", "X was quoted as saying",
   "X said, citing Y": the quoted/cited party is the source, the quoter a relay.
2. **clause** — the cue's ``ccomp`` (or ``xcomp``/``parataxis`` content):
   "X said (that) …", "X hinted that …".
3. **inverted** — the cue is a ``parataxis`` after its head clause:
   "…, reported news agency AFP", "“…,” he said".
4. **object** — accusation, demand, denial, evaluation, speech and evidence
   cues take their object and its right-hand arguments: "X accused Y of …",
   "X demanded …", "X announced his candidacy", "polls show a tight race" (as
   PolNeAR annotates them); the object of an addressee verb ("told reporters")
   is never content
   ("describing the killings as “war crimes”").
4b. **raising** — evidential raising verbs report their subject and complement
   with no source: "the plan seemed to fail", "Trump is expected to speak".
5. **adjacent quote** — a cue with no content of its own next to a quote:
   "X said: “…”", "“…,” X said" (robust to a tree that attaches the quote
   elsewhere).
6. **according to** — the clause the "according to X" phrase modifies.

Then quote-centric fallbacks for quotes still without a source: a cue verb
in the same sentence (**proximity**), a surface pattern after the closing mark
(**surface**: ``NP quoted NP as saying``, ``, NP said``, ``, said NP``), and
a quote that opens a paragraph after a paragraph of direct speech
(**continuation**). Each fallback's use is counted in the document metadata.

Content that is wholly one quotation becomes a *direct* attribution with the
quote's content; content carrying quotes is *mixed*; other content *indirect*.
Every rule looks at a bounded neighbourhood, so cost is linear in the text.
"""

from __future__ import annotations

import bisect
import gc
from collections import Counter
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

import attrs
import regex

from ._cues import CueHit, cue_spans_words, find_cues, lemma_guesses
from ._lexicon import Lexicon
from ._marks import QUOTE_CHARS, ScanResult, paragraphs
from ._sources import _PERSON_ROLE_WORDS, ANTECEDENT_TYPES, EntityIndex, _has_noun, _join, honorific_genders, journalist_outlet, mention_gender, mention_source, relay_cue_is_mention
from ._tree import Tree
from ._types import Attribution, Document, Quote, Relay, Source, Span, Word

__all__ = ["attribute_parsed"]

_SUBJ = ("nsubj", "csubj")
_RELATIVE = frozenset("who which that whom".split())
_FUNCTION_UPOS = frozenset(["DET", "ADP", "CCONJ", "SCONJ", "PART", "AUX", "PUNCT", "SYM"])
_OBJECT_CLASSES = frozenset(["accusation", "demand", "denial", "evaluation", "learned"])
_OBJECT_LEMMAS = frozenset(["describe", "call", "deny", "dismiss", "reject"])
_CLAUSE_CLASSES = frozenset(["speech", "writing", "cognition", "reporting", "relay", "denial", "accusation", "demand", "evidence", "learned"])
_ARG_MARKS = frozenset(["of", "for", "over", "about", "that", "to"])
_PREP_ARGS = frozenset(["for", "about", "against", "over", "on", "of", "with", "at"])
_MAX_GAP = 3
# verbs whose object is the addressee, never the content ("told reporters", "warned him")
_ADDRESSEE_LEMMAS = frozenset(["tell", "inform", "assure", "remind", "warn", "urge", "notify", "brief", "ask", "advise", "persuade", "convince", "thank"])
_WINDOW = 64  # attributions looked back over for parents and antecedents (keeps cost linear)  # characters of punctuation/space allowed between a cue clause and its quote


class _Ctx:
    """Per-document state shared by the rules."""

    def __init__(self, doc: Document, scan: ScanResult, lexicon: Lexicon, excluded: Sequence[Span]):
        self.doc = doc
        self.text = doc.text
        self.lex = lexicon
        self.trees = [Tree(s, i) for i, s in enumerate(doc.sentences)]
        self.quotes = scan.quotes
        self.q_starts = [q.start for q in scan.quotes]
        self.excluded = sorted(excluded, key=lambda s: s.start)
        self.ex_starts = [s.start for s in self.excluded]
        self.paras = paragraphs(doc.text)
        self.para_starts = [p[0] for p in self.paras]
        self.used_quotes: Dict[int, int] = {}  # quote index → attribution index
        self.stats: Counter = Counter()
        self.sent_starts = [t.sent.start for t in self.trees]
        self.consumed: set = set()  # (sentence, word) of cue words another rule already used
        self.fallbacks = True  # surface fallbacks for parse errors (off only for ablations)
        self.held: Tuple[List[int], List[int]] = ([], [])  # indirect contents: starts, running max end
        self.outlet_names: List[Tuple[int, str]] = []  # (offset, canonical name) of every outlet named in the text
        self.subject_names: List[Tuple[int, int, str]] = []  # (offset, tree index, name) of persons named in a main clause's subject
        self.cue_words: set = set()  # (sentence, word) of every cue found, before any rule runs
        self.genders = honorific_genders(doc.text, lexicon)  # surname → "m"/"f" from "Mr. X", "Ms. X"

    def excluded_at(self, offset: int) -> bool:
        k = bisect.bisect_right(self.ex_starts, offset) - 1
        return k >= 0 and self.excluded[k].start <= offset < self.excluded[k].end

    def para_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, offset) - 1)

    def sent_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, offset) - 1)

    def top_quote_at(self, offset: int) -> Optional[int]:
        """Index of the outermost quote whose span holds ``offset``."""
        k = bisect.bisect_right(self.q_starts, offset) - 1
        while k >= 0:
            q = self.quotes[k]
            if q.start <= offset < q.end:
                while q.parent is not None:
                    k = q.parent
                    q = self.quotes[k]
                return k
            if q.parent is None:
                return None
            k = q.parent if q.parent < k else k - 1
        return None

    def quote_starting_near(self, offset: int, direction: int) -> Optional[int]:
        """A level-0 quote whose opening (direction=+1) or closing (-1) mark is
        within a few punctuation/space characters of ``offset``."""
        if direction > 0:
            k = bisect.bisect_left(self.q_starts, offset)
            while k < len(self.quotes) and self.quotes[k].level > 0:
                k += 1
            if k < len(self.quotes):
                q = self.quotes[k]
                gap = self.text[offset:q.start]
                if len(gap) <= _MAX_GAP + 2 and not regex.search(r"[\p{L}\p{N}]", gap) and ("\n" not in gap or ":" in gap):
                    return k
            return None
        k = bisect.bisect_right(self.q_starts, offset) - 1
        while k >= 0:
            q = self.quotes[k]
            if q.level == 0 and q.end <= offset:
                gap = self.text[q.end:offset]
                if len(gap) <= _MAX_GAP and not regex.search(r"[\p{L}\p{N}\n]", gap):
                    return k
                return None
            k -= 1
        return None


# --------------------------------------------------------------------- helpers


def _title_like(tree: Tree, k: int) -> bool:
    """A nominal subtree of words alone, no punctuation or quote ("Attorney General",
    "Campaign spokesman", "Army Capt."): it may be a title split off a name."""
    return tree.w(k).upos in ("NOUN", "PROPN") and all(not tree.is_punct(j) for j in range(tree.lo[k], tree.hi[k] + 1))


_REFLEXIVES = frozenset(["himself", "herself", "itself", "themselves", "myself", "ourselves", "yourself", "yourselves"])

# a newspaper's kind the tagger reads as an adverb ("the Izvestia daily", "The Kommersant daily")
_KIND_ADVERBS = frozenset(["daily", "weekly"])


def _subject(tree: Tree, v: int, depth: int = 0) -> Tuple[Optional[int], bool]:
    """The subject of ``v``, inherited through participles and conjuncts
    ("Moscow denies it, saying …"). Returns (word id, inherited?)."""
    subjects = tree.children(v, "nsubj", "csubj")
    if len(subjects) > 1:  # "Mr. Brennan himself wrote": an emphatic reflexive is no subject of its own
        subjects = [k for k in subjects if tree.w(k).text.lower() not in _REFLEXIVES] or subjects
    before = [k for k in subjects if k < v]
    # two subjects is a misparse ("“…, nothing you can do, folks,” Trump told"): the one
    # nearest before the verb is its own
    s = max(before) if before else (subjects[0] if subjects else None)
    if s is not None:
        p = max((k for k in before if k < s), default=None)
        if p is not None and _apposition_as_subject(tree, v, p) == s:
            s = p  # the name, not its apposition (_make_source takes the apposition in)
        # a title and a name the parser made two subjects ("Attorney General | Loretta
        # Lynch announced"): the name, the last of the adjacent run, is the subject
        # (_make_source takes the title in)
        while _title_like(tree, s):
            nxt = next((k for k in subjects if tree.w(k).deprel == "nsubj" and tree.lo[k] == tree.hi[s] + 1
                        and not tree.is_punct(tree.lo[k])), None)  # (", the head of …" is an apposition)
            if nxt is None:
                break
            s = nxt
        return s, depth > 0
    # "The Kommersant daily, citing …, reported": the newspaper's kind tagged as an adverb
    # of the verb, the name as that adverb's subject
    for k in tree.children(v, "advmod"):
        if k < v and tree.w(k).text.lower() in _KIND_ADVERBS:
            n = next((c for c in tree.kids[k] if tree.w(c).udeprel == "nsubj" and tree.w(c).upos == "PROPN"), None)
            if n is not None:
                return n, False
    if depth == 0:
        # a subject the parser hung on a later verb that has a subject of its own ("Two
        # people briefed on the matter said …, the Financial Times reported"): the phrase
        # before this verb is its subject
        for k in range(1, v):
            h = tree.head(k)
            if tree.w(k).deprel == "nsubj" and h > v and tree.hi[k] < v \
                    and any(v < j < h and tree.w(j).deprel == "nsubj" for j in tree.kids[h]) and h <= tree.hi[v]:
                return k, False
        # a subject the parser hung inside the quotation before it, on its last verb or as
        # an apposition to its last noun ("“…,” Seth McKee, a political scientist, told The
        # Hill"; "“… bold progressive ideas,” Adam Green, co-founder of …, said"): the one
        # phrase between the closing quotation mark and this verb is this verb's subject (a
        # participle's subject is inherited, below)
        q = next((j for j in range(v - 1, 0, -1) if tree.w(j).text in _CLOSING_QUOTES), 0)
        # (a short title in quotation marks is no quotation: "Speaking on the “Political
        # Currency” podcast, former minister X said")
        opener = next((j for j in range(q - 1, 0, -1) if tree.w(j).text in ("“", '"', "‘", "«", "``")), 0) if q else 0
        title = bool(opener) and q - opener - 1 <= 3 and not tree.is_punct(q - 1)
        if q and not title and tree.w(v).xpos not in ("VBG", "VBN") and (tree.w(q).text != '"' or any(tree.w(j).text == '"' for j in range(1, q))):
            region = [j for j in range(q + 1, v) if not tree.is_punct(j)]
            roots = [j for j in region if not q < tree.head(j) < v]
            if len(roots) == 1 and 0 < tree.head(roots[0]) < q and tree.w(roots[0]).upos in ("NOUN", "PROPN", "PRON"):
                return roots[0], False
    w = tree.w(v)
    if v > 2 and w.text.lower().endswith("ing") and tree.w(v - 2).text.lower() == "with" and tree.w(v - 1).upos in ("PROPN", "NOUN", "PRON"):
        return v - 1, False  # absolute construction: "with Zelensky describing …"
    # (a participle after a comma the parser labelled a complement, "told Reuters that …,
    # saying …", is the same adjunct)
    adjunct = w.udeprel in ("ccomp", "parataxis") and w.xpos == "VBG" and v > 1 and tree.w(v - 1).text == ","
    if depth < 4 and (w.udeprel in ("advcl", "xcomp", "conj", "acl") or adjunct) and tree.head(v):
        h = tree.head(v)
        if _speech_participle_on_content(tree, v):
            h = tree.head(h)  # "The coach said the club would win, adding that …": the coach adds, not the club
        if w.udeprel == "xcomp":
            # object control: in "asked them to say", "them" say (Huddleston & Pullum 2002, ch. 14)
            o = next((k for k in tree.children(h, "obj", "iobj") if k < v), None)
            if o is not None:
                return o, True
        if w.udeprel == "acl" and tree.w(h).upos in ("NOUN", "PROPN", "PRON"):
            # "emails showing that …": the noun a participle modifies is its source
            return (h, True) if w.xpos == "VBG" or w.text.lower().endswith("ing") else (None, False)
        return _subject(tree, h, depth + 1)
    return None, False


# participles that open a reduced clause putting a question to the speaker ("Asked about
# the report, she said …", "Pressed on the issue, he said …")
_QUESTIONED = frozenset(["ask", "question", "press", "quiz", "challenge"])

_CLOSING_QUOTES = frozenset(["”", "’", '"', "''", "»", "›"])

# verbs of saying proper: after their addressee or setting ("told broadcaster NTV",
# "said in his nightly address"), a "that" clause is their complement, not a relative
# clause on the noun, even where the parser reads "that" as a relative pronoun
_SAYING = frozenset(["say", "tell", "write", "add", "announce", "explain", "state", "claim", "insist", "warn", "report", "confirm"])

# participles on a speaker (or between it and its verb) whose agent relays the speech:
# "a spokesman, quoted by RIA Novosti, said", "the statement, carried by the Saudi
# Press Agency, said"
_RELAYING_PARTICIPLES = frozenset(["quote", "cite", "carry", "relay", "publish", "report", "obtain", "see", "review"])
# a speaker an outlet interviewed or reached ("two diplomats interviewed by EFE said …"):
# the outlet relays the words when the agent is one ("reached by phone" is no relay)
_CONTACT_PARTICIPLES = frozenset(["interview", "contact", "reach", "approach", "ask", "survey", "poll"])

# participles whose prepositional object is the outlet that carried the words:
# "Speaking to CNN, X said", "Writing in the Guardian, X said"
_SPOKEN_TO = {"speak": ("to", "with", "on"), "talk": ("to", "with", "on"), "write": ("in", "for"), "appear": ("on",)}
# the speech handed to an outlet: "in a statement sent to CNN", "in an email provided to Reuters"
_SENT_TO = frozenset(["send", "email", "e-mail", "provide", "give", "deliver", "submit", "issue"])

# aspectual verbs: their infinitive complement is an event, never reported content
# ("the lead continues to grow"; Huddleston & Pullum 2002, ch. 14 §4)
_ASPECTUAL = frozenset(["continue", "begin", "start", "keep", "stop", "cease", "resume", "go", "proceed"])


def _apposition_as_subject(tree: Tree, v: int, p: int) -> Optional[int]:
    """The apposition the parser made a second subject of ``v`` after the name ``p``:
    "The Global Times, a tabloid run by …, said", "Tom Fitton, the president of Judicial
    Watch, charged". The name is the subject; the noun phrase between the two commas is
    its apposition. None when ``p`` is no such name."""
    if tree.w(p).upos != "PROPN" or tree.w(p).deprel != "nsubj" or tree.head(p) != v:
        return None
    s = next((k for k in tree.children(v, "nsubj") if k > p), None)
    if s is None or s > v or tree.w(s).upos != "NOUN":
        return None
    lo, hi = tree.lo[s], tree.hi[s]
    while lo < s and tree.is_punct(lo):  # the parser may hang the commas on the apposition itself
        lo += 1
    while hi > s and tree.is_punct(hi):
        hi -= 1
    comma, close = lo - 1, hi + 1
    if comma <= p or tree.w(comma).text != "," or close >= v or tree.w(close).text != ",":
        return None
    own = [j for j in range(tree.lo[p], comma) if j == p or p in tree.ancestors(j)]
    if len(own) != comma - tree.lo[p] or any(tree.w(j).upos in ("NUM", "ADP") for j in own):
        return None  # "At midday Saturday, …", "WASHINGTON, Dec. 8 …": no name of its own
    return s


def _that_clause_as_relative(tree: Tree, v: int) -> List[int]:
    """The complement of a verb of saying misparsed as a relative clause on its
    addressee ("as telling reporters *that* Russia would respond", with "that" read
    as the clause's object): ``[its head]``, or ``[]``. The clause has a subject of
    its own, so "that" fills no gap in it."""
    if (tree.w(v).lemma or "").lower() not in _SAYING:
        return []
    for o in tree.children(v, "iobj", "obj"):
        for r in tree.kids[o]:
            if r > o and tree.w(r).deprel == "acl:relcl" and tree.child(r, "nsubj") is not None \
                    and any(tree.w(k).text.lower() == "that" and k < tree.child(r, "nsubj") for k in tree.kids[r]):
                return [r]
    return []


def _participle_of_cue(ctx: _Ctx, tree: Tree, v: int) -> bool:
    """ "…,” he said, referring to the senator": a participle after a comma, on a verb
    of the cue lexicon, shares that verb's speaker."""
    h = tree.head(v)
    return bool(h) and v > h and tree.w(v).xpos == "VBG" and tree.w(v).udeprel in ("advcl", "xcomp", "conj") \
        and tree.w(v - 1).text == "," and (tree.w(h).lemma or "").lower() in ctx.lex.verbs


_REDUCED = frozenset({"when", "if", "once", "after", "before", "until", "unless", "as", "while", "though", "although"})


# words that open an adverbial clause, which is never what a cue reports
_SUBORDINATORS = _REDUCED | {"because", "since", "where", "whether"}


def _passive_participle(tree: Tree, v: int) -> bool:
    """A past participle, also where the tagger read it as a past tense: a reduced clause
    ("…, when asked about the report") has no subject and no auxiliary, so its past
    form is passive (an active one would read "when asking")."""
    w = tree.w(v)
    if w.xpos == "VBN":
        return True
    return w.xpos == "VBD" and v > 1 and tree.w(v - 1).text.lower() in _REDUCED and tree.child(v, "nsubj") is None \
        and tree.child(v, "aux") is None and tree.child(v, "aux:pass") is None


def _raising(ctx: _Ctx, tree: Tree, hit: CueHit, cue_ids: List[int]) -> Optional[_Draft]:
    """Evidential raising: "the candidate seemed to be shrinking", "Trump is expected to
    speak", "it appears that the game was not boring". Nobody is named as the source;
    what is reported is the subject with its complement, in two parts (PolNeAR), or
    the that-clause after an expletive subject."""
    v = hit.word
    text = ctx.text
    comp = next((c for c in tree.kids[v] if c > v and tree.w(c).udeprel in ("xcomp", "ccomp")), None)
    if comp is None:
        return None  # "appeared on television": no evidential reading
    subj = tree.child(v, "nsubj", "nsubj:pass")
    expletive = subj is not None and tree.w(subj).text.lower() in ("it", "there")
    parts: List[Span] = []
    if subj is not None and not expletive and subj < v:
        ext = tree.trimmed_extent(tree.lo[subj], tree.hi[subj])
        if ext:
            parts.append(Span.of(text, *ext))
    elif tree.w(comp).udeprel != "ccomp":
        return None
    ext = tree.trimmed_extent(tree.lo[comp], tree.hi[comp], drop_lead=("that",))
    if not ext:
        return None
    parts.append(Span.of(text, *ext))
    ctx.stats["frame:raising"] += 1
    return _Draft(parts, _span_of_words(tree, sorted(set(cue_ids)), text), None, [], hit.strength, "raising", tree.index, v)


# verbs of naming take an object and a predicate noun: "called him a loser" (content: both)
_NAMING = frozenset(["call", "label", "brand", "dub", "term"])
_CATENATIVE_BETWEEN = frozenset(["mark", "aux", "advmod", "compound:prt", "cop", "neg"])


def _catenative(tree: Tree, v: int, cue_ids: Sequence[int]) -> Tuple[int, List[int]]:
    """The verbs a cue verb is the open complement of, when they stand right before it.

    "declined to comment", "went on to say", "is expected to endorse", "was quick to
    embrace": PARC 3.0 and PolNeAR annotate the whole catenative chain as the cue
    (Pareti 2016, §4.2). Only an unbroken chain counts ("asked him to resign" is not
    one: the object stands between). Returns the top of the chain and the word ids
    to add to the cue (empty when ``v`` heads no chain).
    """
    added: List[int] = []
    cur, first = v, min(cue_ids)
    while tree.w(cur).udeprel == "xcomp" and 0 < tree.head(cur) < cur and len(added) < 12:
        h = tree.head(cur)
        if tree.w(h).upos not in ("VERB", "AUX", "ADJ"):
            break
        between = list(range(h + 1, first))
        if any(tree.head(k) not in (h, cur) or tree.w(k).deprel not in _CATENATIVE_BETWEEN and tree.w(k).udeprel not in _CATENATIVE_BETWEEN
               for k in between):
            break
        if any(tree.w(k).udeprel == "advmod" and tree.lo[k] != tree.hi[k] for k in between):
            break
        ids = [h] + between
        k = h - 1
        while k >= 1 and tree.head(k) == h and (tree.w(k).udeprel in ("aux", "cop") or tree.w(k).text.lower() in ("not", "n't", "never")):
            ids.append(k)
            k -= 1
        added += ids
        first = min(ids)
        cur = h
    return cur, added


def _sandwiched(tree: Tree, c: int, u: int) -> bool:
    """"X, citing Y, said": the participle ``c`` stands between commas right after
    the subject of ``u`` and right before ``u``, so it is ``u``'s, wherever the parser
    hung it."""
    amod = _amod_citing(tree, c)
    e = tree.hi[tree.head(c)] if amod else tree.hi[c]
    while e > c and tree.is_punct(e):
        e -= 1
    # (the parser may give the participle the subject: "reported that Ukrainian media,
    # citing the governor, said …" with "media" under "citing")
    subj_u = tree.child(u, "nsubj") or tree.child(c, "nsubj")
    # (a participle read as an adjective of Y may put "Y" under the subject as a conjunct)
    return (c > 1 and tree.w(c - 1).text == "," and e + 2 == u and tree.w(e + 1).text == ","
            and subj_u is not None and (tree.hi[subj_u] == c - 2 or (amod and subj_u < c - 1 and tree.head(tree.head(c)) == subj_u)))


def _before_that_clause(tree: Tree, x: int) -> Optional[int]:
    """The last word of ``x``'s phrase before a "that" clause with a subject of its
    own that the parser hung inside it ("told the state news agency SUNA that the
    report was …", read as a relative clause on "SUNA"), or None."""
    for k in range(x + 1, tree.hi[x] + 1):
        c = tree.head(k)
        if tree.w(k).text.lower() == "that" and c > k and tree.w(c).deprel.startswith("acl") and tree.child(c, "nsubj") not in (None, k):
            return k - 1
    return None


def _amod_citing(tree: Tree, c: int) -> bool:
    """"Local media, citing police, reported": the participle read as an adjective of
    the noun it cites."""
    return tree.w(c).udeprel == "amod" and tree.w(c).text.lower() in ("citing", "quoting") and tree.head(c) > c


def _cited(tree: Tree, cite: int) -> Optional[int]:
    """Whom the participle ``cite`` cites: its object, or the noun it was read as an
    adjective of."""
    return tree.head(cite) if _amod_citing(tree, cite) else tree.child(cite, "obj")


def _before_credit(tree: Tree, lo: int, hi: int) -> int:
    """The last word of ``lo..hi`` before a trailing source phrase ("…, according to
    X", "…, as quoted by X", "…, citing X"), which credits the whole report, not part
    of what was said. One that opens the content is inside it ("reported that,
    according to officials, the talks failed": the officials' attribution nests in
    the report)."""
    for k in range(lo + 1, hi + 1):
        low = tree.w(k).text.lower()
        if (low == "according" and k < tree.n and tree.w(k + 1).text.lower() == "to") or (
            low == "as" and k < tree.n and tree.w(k + 1).xpos == "VBN" and tree.w(k + 1).lemma.lower() in ("quote", "report", "cite")
        ) or (tree.w(k).lemma.lower() == "cite" and tree.w(k - 1).text == "," and not any(_sandwiched(tree, k, u) for u in range(k + 1, hi + 1))):
            if tree.trimmed_extent(lo, k - 1, drop_lead=("that",)) is not None:
                return k - 1
            break
    return hi


def _content_from(tree: Tree, ids: Sequence[int], text: str, exclude: Sequence[int] = (), stop: Optional[int] = None) -> Optional[Span]:
    """The span of the subtrees of ``ids`` (minus ``exclude`` subtrees at the
    edges, and ending before word ``stop``), without edge punctuation and a
    leading complementizer."""
    lo = min(tree.lo[i] for i in ids)
    hi = max(tree.hi[i] for i in ids)
    if stop is not None and lo < stop <= hi:
        hi = stop - 1
    for e in exclude:
        elo, ehi = tree.lo[e], tree.hi[e]
        if elo <= lo <= ehi:
            lo = ehi + 1
        if elo <= hi <= ehi:
            hi = elo - 1
    hi = _before_credit(tree, lo, hi)
    if lo > hi:
        return None
    ext = tree.trimmed_extent(lo, hi, drop_lead=("that",))
    if not ext:
        return None
    return Span.of(text, *ext)


def _span_of_words(tree: Tree, ids: Sequence[int], text: str) -> Tuple[Span, ...]:
    """Contiguous character spans of the given words.

    Each word takes its own range (:meth:`Tree.own_offsets`: "’s" of "He’s"); the
    words of a multi-word token that keep the token's range ("do" + "n’t" of
    "don’t") overlap, and are merged, never given twice."""
    out: List[Span] = []
    for i in sorted(ids):
        start, end = tree.own_offsets(i)  # "’s" of "He’s" without "He"
        if out and ((i - 1) in ids or start < out[-1].end):
            out[-1] = Span.of(text, out[-1].start, max(out[-1].end, end))
        else:
            out.append(Span.of(text, start, end))
    return tuple(out)


#: verbs whose object is the addressee ("told AFP"), not what was said
_ADDRESSEE_VERBS = frozenset(["tell", "inform", "assure", "remind", "brief"])

_CLAUSE_DEPS = frozenset(["nsubj", "obj", "iobj", "obl", "compound", "advmod", "aux", "mark", "expl", "neg", "appos"])


def _clause_end(tree: Tree, v: int, content_ids: Sequence[int], ctx: Optional["_Ctx"] = None) -> Tuple[int, int]:
    """Character extent of the cue clause: the cue with its arguments (subject,
    objects, particles), minus content and anything inside a quotation."""
    lo, hi = v, v
    for c in tree.kids[v]:
        if c in content_ids or tree.is_punct(c) or tree.w(c).udeprel not in _CLAUSE_DEPS:
            continue
        if ctx is not None and (ctx.top_quote_at(tree.w(tree.lo[c]).start) is not None or ctx.top_quote_at(tree.w(tree.hi[c]).start) is not None):
            continue
        lo = min(lo, tree.lo[c])
        hi = max(hi, tree.hi[c])
    return tree.w(lo).start, tree.w(hi).end


# ----------------------------------------------------------------------- rules


class _Draft:
    __slots__ = ("content", "cue", "source", "relays", "confidence", "rule", "sent", "cue_word", "quote_ids", "kind")

    def __init__(self, content, cue, source, relays, confidence, rule, sent, cue_word):
        self.content: List[Span] = list(content)
        self.cue: Tuple[Span, ...] = cue
        self.source: Optional[Source] = source
        self.relays: List[Relay] = list(relays)
        self.confidence = confidence
        self.rule = rule
        self.sent = sent
        self.cue_word = cue_word
        self.quote_ids: List[int] = []
        self.kind = "indirect"


def _make_source(ctx: _Ctx, tree: Tree, i: Optional[int], end: Optional[int] = None) -> Optional[Source]:
    """The source mention headed by word ``i`` (ending at word ``end`` at the latest)."""
    if i is None:
        return None
    w = tree.w(i)
    if w.text.lower() in ("it", "there") and w.deprel.endswith("expl"):
        return None
    h = tree.head(i)
    if w.text.lower() in _RELATIVE and h and tree.w(h).deprel.startswith("acl") and tree.head(h):
        # "Barkley, who said …": the mention is "who", the entity its antecedent
        ante = mention_source(tree, tree.head(h), ctx.text, ctx.lex)
        return Source(Span.of(ctx.text, w.start, w.end), ante.entity, ante.type, Span.of(ctx.text, w.start, w.end), None)
    if w.text.lower() in ("who", "which") and i > 2 and tree.w(i - 1).text == "," and tree.w(i - 2).upos in ("NOUN", "PROPN"):
        # the same with the relative clause misparsed as a clause of its own ("citing RIA
        # Novosti, which quoted …" read as a complement): the antecedent is the noun
        # phrase before the comma, whose head is the word there or the one it hangs on
        k = i - 2
        while tree.w(k).deprel in ("flat", "compound", "nmod:desc", "fixed") and tree.head(k) and tree.head(k) < i - 1:
            k = tree.head(k)
        ante = mention_source(tree, k, ctx.text, ctx.lex)
        return Source(Span.of(ctx.text, w.start, w.end), ante.entity, ante.type, Span.of(ctx.text, w.start, w.end), None)
    src = mention_source(tree, i, ctx.text, ctx.lex, end)
    first = i
    if w.udeprel == "nsubj":
        while True:  # the title the parser split off as a subject of its own (see _subject)
            prev = next((k for k in tree.children(h, "nsubj") if tree.hi[k] + 1 == tree.lo[first] and _title_like(tree, k)), None) if h else None
            if prev is None:
                break
            first = prev
    if first != i and src is not None:
        src = attrs.evolve(src, span=Span.of(ctx.text, tree.w(tree.lo[first]).start, src.span.end))
        if src.type in ("person", "unknown") and any((tree.w(k).lemma or "").lower() in ctx.lex.outlet_words for k in range(tree.lo[first], i)):
            src = attrs.evolve(src, type="outlet")  # "Local radio station | Bío-Bío quoted": the station's name
    if w.udeprel == "nsubj" and h and src is not None:
        # "Obama himself said": the emphatic reflexive (no subject of its own, see _subject)
        # is part of the mention, as PolNeAR draws it
        refl = next((k for k in tree.children(h, "nsubj") if tree.w(k).text.lower() in _REFLEXIVES and k > i
                     and tree.w(k).start >= src.span.end and not ctx.text[src.span.end:tree.w(k).start].strip()), None)
        if refl is not None:
            src = attrs.evolve(src, span=Span.of(ctx.text, src.span.start, tree.w(refl).end))
    app = _apposition_as_subject(tree, h, i) if w.udeprel == "nsubj" and h and src is not None else None
    if app is not None and src is not None:
        ext = tree.trimmed_extent(tree.lo[app], tree.hi[app])
        role = Span.of(ctx.text, *ext) if ext else Span.of(ctx.text, tree.w(app).start, tree.w(app).end)
        src = attrs.evolve(src, span=Span.of(ctx.text, src.span.start, max(src.span.end, role.end)), role=role)
    name = _outlet_name_after(ctx, tree, i)
    if src is not None and name is not None:
        # "the state news agency WAM" with the name hung elsewhere by the parser: one
        # mention, named by its name
        named = Span.of(ctx.text, tree.w(name[0]).start, tree.w(name[-1]).end)
        src = Source(Span.of(ctx.text, src.span.start, named.end), " ".join(named.text.split()), "outlet", named, src.role)
    return src


def _outlet_name_after(ctx: _Ctx, tree: Tree, i: int) -> Optional[List[int]]:
    """The proper name right after an outlet noun's phrase that the tree did not put
    in it ("carried by the state news agency WAM", "WAM" read as a complement of
    "carried"): the words of that name, or None."""
    if (tree.w(i).lemma or tree.w(i).text).lower() not in ctx.lex.outlet_words or tree.hi[i] != i:
        return None
    k = i + 1
    name: List[int] = []
    while k <= tree.n and tree.w(k).upos == "PROPN" and not (tree.lo[i] <= tree.head(k) <= tree.hi[i]):
        name.append(k)
        k += 1
        if k <= tree.n and tree.head(k) == name[-1] and tree.w(k).udeprel == "flat":
            continue
        break
    if not name or tree.w(name[0]).udeprel in _SUBJ + ("obj", "iobj"):
        return None  # "the agency Trump criticized": the subject of a clause of its own (two objects: see the addressee relays)
    end = tree.w(name[-1]).end
    if end < len(ctx.text) and not (ctx.text[end].isspace() or ctx.text[end] in ",.;:!?)\u201d\"'"):
        return None  # the name goes on in tokens of its own ("WKYC-TV")
    return name


def _cue_draft(ctx: _Ctx, tree: Tree, hit: CueHit) -> Optional[_Draft]:
    text = ctx.text
    v = hit.word
    cue_ids = list(cue_spans_words(tree, hit, ctx.lex))
    relays: List[Relay] = []
    conf = hit.strength
    if hit.pos == "according":
        return _according(ctx, tree, hit)
    noun = tree.head(v)
    if noun and tree.w(v).udeprel == "acl" and frame_of(ctx.lex, tree.w(v), "carry") and _in_event(ctx, tree, noun):
        return None  # "in a statement published on its website": part of a relay frame (see _carried_by), no cue
    if hit.pos == "survey":
        return _survey(ctx, tree, hit)
    if hit.pos == "noun":
        return _nominal(ctx, tree, hit)
    if hit.cue_class == "evidential" or (hit.lemma == "expect" and tree.child(v, "aux:pass") is not None):
        return _raising(ctx, tree, hit, cue_ids)
    top, chain = _catenative(tree, v, cue_ids)
    if chain:
        # "refused to endorse", "went on to say", "is expected to endorse": PolNeAR's cue
        # takes in the verbs the cue is the complement of; their subject is the source
        cue_ids += chain
        ctx.consumed.update((tree.index, k) for k in chain)
        ctx.stats["cue:catenative"] += 1
    subj, inherited = _subject(tree, top)
    weak_subject = False  # no word-order guess at a subject the grammar leaves unsaid
    if inherited and _passive_participle(tree, top) and tree.w(top).udeprel in ("advcl", "acl") and not chain:
        # "Asked about the rally, Reid said …": the passive participle's understood subject is
        # the one asked, not the asker; PolNeAR leaves such a source empty
        subj = None
        weak_subject = True
    if inherited and hit.cue_class == "learned" and not _participle_of_cue(ctx, tree, top):
        subj = None  # a weak cue does not borrow another verb's subject
    subj = _plausible_source(ctx, tree, subj, v)
    # "…,” said Vassily Nebenzia, Russian Ambassador …": in inverted order the name
    # right after the cue is the speaker, whatever the tree made of it
    if ctx.fallbacks and v > 1 and v < tree.n and tree.w(v - 1).text in ("”", "’", '"', ",") and tree.w(v + 1).upos == "PROPN" and hit.cue_class in ("speech", "reporting", "writing") \
            and not any(c > v and tree.w(c).udeprel in ("ccomp", "xcomp") for c in tree.kids[v]) \
            and not (hit.lemma == "tell" and subj is not None and subj < v):  # "The official, speaking …, told AFP": AFP is told
        run_end = v + 1
        while run_end < tree.n and tree.w(run_end + 1).upos == "PROPN":
            run_end += 1
        # (unless the tree's subject is a phrase that starts with that name: "said Army
        # Capt. Christian Pardo", a title the tagger did not read as a name)
        if subj is None or not (v + 1 <= subj <= run_end or (subj > v and tree.lo[subj] == v + 1)):
            subj = run_end if tree.head(v + 1) == run_end else v + 1
            ctx.stats["fallback:inverted-name"] += 1
    passive = tree.child(v, "nsubj:pass") is not None or tree.child(v, "aux:pass") is not None
    if passive and tree.child(v, "aux:pass") is None and v < tree.n and tree.w(v + 1).upos in ("PROPN", "NOUN", "DET", "PRON") \
            and not any((tree.w(a).lemma or "").lower() in ("be", "get") for a in tree.children(v, "aux")):
        # "State TV quoted Putin as saying": no passive auxiliary and an object right after
        # the verb, so it is active, whatever the parser labelled its subject (a headline's
        # "Minister quoted as saying" has no object and stays passive)
        passive = False
        if subj is None:
            subj = tree.child(v, "nsubj:pass")
    ap = tree.child(v, "aux:pass")
    sp = tree.child(v, "nsubj:pass")
    if passive and ap is not None and sp is not None and tree.w(ap).text.lower() in ("'s", "\u2019s") and (tree.w(sp).lemma or "").lower() != "it" \
            and (any(c > v and tree.w(c).udeprel in (("obj", "iobj") if hit.lemma in _ADDRESSEE_VERBS else ("ccomp", "obj", "iobj")) for c in tree.kids[v])
                 or (hit.lemma not in _ADDRESSEE_VERBS and ((tree.w(v).udeprel in ("parataxis", "ccomp") and 0 < tree.head(v) < v)
                                                              or any(c < sp and tree.w(c).udeprel in ("ccomp", "advcl", "parataxis") for c in tree.kids[v])))):
        # "He’s said that …", "She’s told reporters …", "“…,” she’s said": "has", which a
        # parser that learnt "it's said" reads as a passive "is"; with a complement, an
        # addressee or the reported clause before it, it is active
        passive = False
        subj = subj if subj is not None else sp
    weak = hit.cue_class == "learned"  # the learned detector's cues get no word-order fallbacks
    if ctx.fallbacks and subj is None and not passive and not weak and not weak_subject:
        subj = _surface_subject(ctx, tree, v)
        if subj is not None:
            ctx.stats["fallback:surface-subject"] += 1
    source_id = subj
    if passive:
        source_id = None
        agent = next((c for c in tree.children(v, "obl") if tree.w(c).deprel == "obl:agent" or any(tree.w(k).text.lower() == "by" for k in tree.children(c, "case"))), None)
        source_id = agent
    if ctx.fallbacks and source_id is None and not passive and hit.cue_class in ("speech", "reporting", "writing"):
        # inverted order misparsed as an object: "…, reported news agency AFP", "…, said the minister"
        after = [c for c in tree.kids[v] if c > v and tree.w(c).udeprel in ("obj", "dep", "appos", "obl", "nsubj") and tree.w(c).upos in ("PROPN", "NOUN", "PRON")
                 and not any(tree.w(x).udeprel == "case" for x in tree.kids[c])]
        before = [c for c in tree.kids[v] if c < v and tree.w(c).udeprel in ("ccomp", "parataxis", "advcl", "dep")] or (tree.head(v) and tree.head(v) < v)
        # or the verb comes first, the journalist's inversion before a quotation: "Added
        # Smith: “…”", "Said the minister, “…”" (the name phrase then ends at the colon or comma)
        fronted = bool(after) and tree.phrase_start(after[0]) == v + 1 and all(tree.is_punct(k) for k in range(1, v)) \
            and tree.w(v).xpos in ("VBD", "VBZ") and tree.hi[after[0]] + 1 < tree.n and tree.w(tree.hi[after[0]] + 1).text in (":", ",") \
            and tree.w(tree.hi[after[0]] + 2).text in ("“", '"', "‘", "'")
        if after and (before or fronted):
            source_id = after[0]
            ctx.stats["fallback:inverted-subject"] += 1
    if ctx.fallbacks and source_id is None and hit.cue_class in ("speech", "reporting", "writing"):
        # "…, state news agency RIA reported." read as a passive with two subjects: a bare
        # sentence-final report has its subject right before it, whatever the labels say
        bare = _bare_report(ctx, tree, v)
        if bare is not None:
            source_id = bare
            ctx.stats["fallback:bare-report-subject"] += 1
    content_ids: List[int] = []
    cited_by: Optional[int] = None  # "X said, citing Y, …": the participle
    rule = "clause"
    # 0. "As X reported, …" / "As reported by X, …": the cue heads an adverbial
    # as-clause, and what is reported is the clause it modifies
    as_src = None
    if tree.w(v).udeprel == "advcl" and hit.cue_class in ("speech", "reporting", "writing") \
            and any(tree.w(m).text.lower() == "as" for m in tree.children(v, "mark")):
        # the reporter is the clause's own subject or, passive ("As reported by X"), its
        # agent; never the main clause's subject that an adverbial clause inherits
        own_subj = tree.child(v, "nsubj") is not None
        as_src = next((c for c in tree.children(v, "obl") if tree.w(c).deprel == "obl:agent"
                       or (not own_subj and any(tree.w(k).text.lower() == "by" for k in tree.children(c, "case")))), None)
        if as_src is None and not inherited:
            as_src = source_id
    if as_src is not None:
        source_id = as_src
        h = tree.head(v)
        lo, hi = tree.lo[h], tree.hi[h]
        ext = None
        if tree.lo[v] <= lo + 1:
            ext = tree.trimmed_extent(tree.hi[v] + 1, hi, drop_lead=("that",))
        elif tree.hi[v] >= hi - 1:
            ext = tree.trimmed_extent(lo, tree.lo[v] - 1)
        if ext:
            span = _clip(ctx, Span.of(text, *ext))
            if span is not None:
                return _Draft([span], _span_of_words(tree, sorted(set(cue_ids)), text), _make_source(ctx, tree, source_id),
                              relays, conf * 0.9, "as-clause", tree.index, v)
    # 1. relay frames
    as_saying = [c for c in tree.kids[v] if tree.w(c).lemma == "say" and any(tree.w(m).text.lower() == "as" for m in tree.children(c, "mark"))]
    if hit.lemma in ("quote", "cite", "relay", "paraphrase") or (hit.lemma == "report" and as_saying):  # "Al Arabiya reported X as saying
        say = next((c for c in tree.kids[v] if tree.w(c).lemma in ("say", "tell", "add", "state", "warn") and tree.w(c).udeprel in ("advcl", "xcomp", "ccomp", "conj", "obl")), None)
        if not passive and tree.child(v, "obj") is None and v + 2 <= tree.n and tree.w(v + 1).text.lower() == "as" \
                and (tree.w(v + 2).lemma or "").lower() in ("say", "tell"):
            passive = True  # a headline's "Minister quoted as saying …": a passive without its auxiliary
        quoted = (tree.child(v, "obj") or next((k for k in tree.children(v, "xcomp", "iobj") if k > v and tree.w(k).upos in ("PROPN", "NOUN", "PRON")), None)) \
            if not passive else (tree.child(v, "nsubj:pass") or tree.child(v, "nsubj"))  # (an object the parser labelled xcomp)
        quoted = _plausible_source(ctx, tree, quoted, v)
        if ctx.fallbacks and quoted is None and not passive:
            # the tree lost the object: read "quoted <noun phrase> as saying" off the words
            k = v + 1
            while k <= tree.n and tree.w(k).upos in ("DET", "ADJ", "NOUN", "PROPN"):
                k += 1
            if k > v + 1 and k + 1 <= tree.n and tree.w(k).text.lower() == "as" and tree.w(k + 1).lemma.lower() == "say":
                np = Span.of(text, tree.w(v + 1).start, tree.w(k - 1).end)
                relay_src = _make_source(ctx, tree, subj)
                d = _Draft([], _span_of_words(tree, [v, k, k + 1], text), _plain_source(ctx, np), [Relay(relay_src, _span_of_words(tree, [v], text))] if relay_src else [], conf * 0.8, "surface-relay", tree.index, v)
                c_start, _ = _clause_end(tree, v, [], ctx)
                q = ctx.quote_starting_near(min(c_start, tree.w(v).start if subj is None else tree.w(tree.lo[subj]).start), -1)
                if q is None or ctx.used_quotes.get(q) is not None:
                    q = ctx.quote_starting_near(tree.w(k + 1).end, +1)
                if q is not None and ctx.used_quotes.get(q) is None:
                    d.content = [ctx.quotes[q].content]
                    ctx.stats["fallback:surface-relay"] += 1
                    return d
        if quoted is not None:
            relay_id = subj if not passive else source_id
            if passive and relay_id is None and say is not None:
                # "X was quoted as saying by Interfax": the parser may hang the agent on "saying"
                relay_id = next((c for c in tree.children(say, "obl") if any(tree.w(k).text.lower() == "by" for k in tree.children(c, "case"))), None)
            relay_src = _make_source(ctx, tree, relay_id)
            if relay_src is not None:
                relays.append(Relay(relay_src, _span_of_words(tree, cue_ids, text)))
            # "AFP, citing Interfax, quoted the ministry as saying …": a second link
            cite = _citing(ctx, tree, v) if not passive else None
            cited = _cited(tree, cite) if cite is not None else None
            cited_src = _make_source(ctx, tree, cited) if cited is not None and cited != quoted else None
            if cited_src is not None:
                relays.append(Relay(cited_src, _span_of_words(tree, [cite], text)))
                ctx.consumed.add((tree.index, cite))
                ctx.stats["relay:citing"] += 1
            source_id = quoted
            if say is not None:
                as_ = [c for c in tree.children(say, "mark") if tree.w(c).text.lower() == "as"]
                cue_ids += [say] + as_
                ctx.consumed.add((tree.index, say))
                inner = tree.children(say, "ccomp", "parataxis") or _that_clause_as_relative(tree, say)
                if inner:
                    content_ids = inner
            rule = "relay"
            ctx.stats["relay:" + hit.lemma] += 1
    elif hit.lemma == "say" or hit.cue_class in ("speech", "reporting"):
        # "X said …, citing Y" (the parser may hang "citing" on the reported clause) and
        # "X, citing Y, reported …" / "X, quoting Y, said …" (a participle between the
        # subject and the verb): Y is the source, X relays
        cite = _citing(ctx, tree, v)
        cited = _cited(tree, cite) if cite is not None else None
        if cited is not None and not _cited_reason(ctx, tree, cited):
            cited_by = cite
            relay_src = _make_source(ctx, tree, source_id)
            if relay_src is not None:
                relays.append(Relay(relay_src, _span_of_words(tree, cue_ids, text)))
            source_id = cited
            cue_ids.append(cite)
            rule = "relay"
            ctx.consumed.add((tree.index, cite))
            ctx.stats["relay:citing"] += 1
    # "Russia's defence ministry, quoted by the TASS news agency, said …": a participle on
    # the speaker names the relay (or between the speaker and the verb, where the parser
    # hung it on the verb)
    relaying: List[int] = []  # participles read as relays: never the complement
    if source_id is not None:
        for c in tree.children(source_id, "acl") + [c for c in tree.children(v, "advcl", "ccomp") if source_id < c < v]:
            if _relay_by(ctx, tree, c, relays, "relay:quoted-by-on-speaker"):
                relaying.append(c)
    # "…, Peskov said, quoted by Interfax." and "In a letter to EU leaders, seen by Politico,
    # X said …": set off by a comma and hung on the cue (the parser's complement), the
    # participle and its agent name the outlet that relayed the words, not what was said
    for c in tree.children(v, "ccomp", "advcl", "xcomp", "parataxis", "conj"):
        comma = tree.w(tree.lo[c]).text == "," or any(k > 1 and tree.w(k - 1).text == "," for k in (tree.lo[c], c))
        if c in relaying or not comma or (source_id is not None and tree.lo[source_id] <= c <= tree.hi[source_id]):
            continue
        if _relay_by(ctx, tree, c, relays, "relay:quoted-by-on-cue"):
            relaying.append(c)
    # "Al Jazeera's Hind Khoudary said …", "CNN's Jake Tapper asked …": a named journalist of
    # an outlet speaks through it (the possessor is its own mention's cue, as an addressee's)
    # (or named by the role alone: "Al Jazeera's correspondent in Gaza said", "a BBC reporter said")
    if source_id is not None and tree.w(source_id).upos == "PROPN":
        poss = next((k for k in range(tree.lo[source_id], source_id) if tree.w(k).deprel == "nmod:poss"
                     and tree.lo[source_id] <= tree.head(k) <= source_id and tree.w(tree.head(k)).upos == "PROPN"), None)
    else:
        poss = None
    psrc = _outlet_at(ctx, tree, poss) if poss is not None else journalist_outlet(tree, source_id, text, ctx.lex)
    if psrc is not None:
        relays.append(Relay(psrc, (psrc.span,)))
        ctx.stats["relay:outlet-journalist"] += 1
    # "Politico obtained a memo in which the budget director wrote …", "Reuters has seen a
    # letter in which X said …": the outlet that obtained or saw the document relays it
    n = tree.head(v)
    if tree.w(v).deprel == "acl:relcl" and n and frame_of(ctx.lex, tree.w(n), "event") and tree.w(n).udeprel == "obj":
        g = tree.head(n)
        hsrc = _outlet_at(ctx, tree, tree.child(g, "nsubj")) if g and frame_of(ctx.lex, tree.w(g), "carry") else None
        if hsrc is not None:
            relays.append(Relay(hsrc, _span_of_words(tree, [g], text)))
            ctx.stats["relay:obtained-document"] += 1
    # "Asked by Reuters, a ministry spokesman confirmed …", "Pressed by the BBC on whether …,
    # X said …": the outlet that put the question relays the answer; like an addressee it
    # reports nothing in the text, so its cue is its own mention
    # ("Asked on Sky News whether …, the minister replied": the outlet it was asked on; and
    # the question may be the tree's head, the answer its parataxis)
    h = tree.head(v)
    for c in tree.children(v, "advcl") + ([h] if 0 < h < v and tree.w(v).udeprel in ("parataxis", "ccomp", "conj") else []):
        if c < v and c not in relaying and _fronted_question(tree, c):
            agent = _by_agent(tree, c)
            agent = agent if agent is not None else next((k for k in tree.children(c, "obl") if k > c and any(
                tree.w(x).text.lower() == "on" for x in tree.children(k, "case"))), None)
            src = _make_source(ctx, tree, agent) if agent is not None else None
            if src is not None and src.type == "outlet":
                relays.append(Relay(src, (src.span,)))
                relaying.append(c)
                ctx.stats["relay:asked-by"] += 1
    # "Reuters cited a police official, who said …": the relative clause's speaker is the
    # object of a citing verb, whose subject relays the words, as in "Reuters quoted a
    # police official as saying …"
    if source_id is not None and not relays and tree.w(source_id).text.lower() in _RELATIVE and tree.w(v).udeprel == "acl":
        ante = tree.head(v)
        cv = tree.head(ante) if ante else 0
        if cv and tree.w(ante).udeprel == "obj" and (tree.w(cv).lemma or "").lower() in ("cite", "quote"):
            relay_src = _make_source(ctx, tree, tree.child(cv, "nsubj"))
            if relay_src is not None:
                relays.append(Relay(relay_src, _span_of_words(tree, [cv], text)))
                ctx.consumed.add((tree.index, cv))
                ctx.stats["relay:cited-who-said"] += 1
    # "…, as quoted by TASS", "…, as reported by Reuters": an outlet relays the speech
    for c in range(v + 1, tree.hi[v] + 1):
        w = tree.w(c)
        if w.lemma.lower() in ("quote", "report", "cite", "carry", "publish") and w.xpos == "VBN" and v in tree.ancestors(c) and c > 1 and tree.w(c - 1).text.lower() == "as":
            agent = next((k for k in tree.kids[c] if any(tree.w(x).text.lower() == "by" for x in tree.kids[k])), None)
            if agent is None and c + 2 <= tree.n and tree.w(c + 1).text.lower() == "by":
                agent = c + 2
            src = _make_source(ctx, tree, agent) if agent else None
            if src is not None:
                relays.append(Relay(src, (Span.of(text, tree.w(c - 1).start, tree.w(c).end),)))
                ctx.consumed.add((tree.index, c))
                ctx.stats["relay:as-quoted-by"] += 1
            break
    # outlets as addressees or interviewers: "X told Reuters", "in an interview with Y",
    # "Speaking to CNN, X said"
    if rule != "relay":
        def spoken_to(participles: List[int]) -> List[int]:
            # ("Writing in the Guardian, X said": the paper that printed the words)
            # (a capitalized participle may keep its form as lemma: "Writing")
            return [k for c in participles if tree.w(c).xpos == "VBG"
                    for lem in [(tree.w(c).lemma or "").lower()]
                    for preps in [next((_SPOKEN_TO[x] for x in (lem, lem[:-3], lem[:-3] + "e") if x in _SPOKEN_TO), ())]
                    for k in tree.children(c, "obl", "nmod") if any(tree.w(x).text.lower() in preps for x in tree.children(k, "case"))]

        # (or on the speaker's phrase: "…,” said Olga, a resident of Bakhmut, speaking to the BBC")
        on_speaker = spoken_to([c for c in range(tree.lo[source_id], tree.hi[source_id] + 1) if c > source_id and tree.w(c).udeprel in ("acl", "parataxis")]
                               if source_id is not None else [])
        # (or a relative clause there: "Javier Milei, who spoke to La Nación on Sunday, said")
        on_speaker += [k for c in (range(source_id + 1, tree.hi[source_id] + 1) if source_id is not None else ())
                       if tree.w(c).deprel == "acl:relcl" and _after_comma(tree, c, source_id)
                       and any(tree.w(x).text.lower() == "who" for x in tree.children(c, "nsubj"))
                       for lem in [(tree.w(c).lemma or "").lower()]
                       for k in (tree.children(c, "obj", "iobj") if lem == "tell" else
                                 [o for o in tree.children(c, "obl") if lem in ("speak", "talk")
                                  and any(tree.w(x).text.lower() in ("to", "with") for x in tree.children(o, "case"))])]
        # (a fronted participle the parser read as a second subject: "Writing in the Guardian, X said")
        fronted = [c for c in tree.children(v, "nsubj", "csubj") if source_id is not None and c < source_id and tree.w(c).xpos == "VBG"]
        # (an aside between speaker and cue, whatever the tree hung it on: "“…,” the minister,
        # speaking to ANSA, said", its participle read as the quote's)
        aside = [c for c in range(source_id + 1, v) if tree.w(c).xpos == "VBG" and tree.w(c - 1).text == "," and tree.lo[c] >= c - 1
                 and tree.hi[c] < v and tree.w(v - 1).text == "," and c not in tree.kids[v]] if source_id is not None and source_id < v else []
        speaking = spoken_to(tree.children(v, "advcl") + fronted + aside) + on_speaker
        # "The White House, in a statement to Reuters, said": the occasion hangs on the subject
        occasion = [k for k in tree.children(source_id, "nmod") if k > source_id and _in_event(ctx, tree, k)] if source_id is not None else []
        # "told the local newspaper Kyiv Independent" with the addressee read as a subject or
        # a clause: the nominal that starts right after "told", with no subject of its own
        misread = [c for c in tree.kids[v] if hit.lemma == "tell" and tree.w(c).udeprel in ("nsubj", "ccomp", "dep", "parataxis")
                   and tree.lo[c] == v + 1 and tree.w(c).upos in ("PROPN", "NOUN") and not tree.children(c, "nsubj", "cop")] \
            if not tree.children(v, "obj", "iobj") else []
        # ("told the Izvestia daily": the newspaper's kind tagged as an adverb, with its name under it)
        misread += [c for c in tree.children(v, "advmod") if hit.lemma == "tell" and c > v and tree.w(c).text.lower() in _KIND_ADVERBS
                    and any(tree.w(k).upos == "PROPN" for k in tree.kids[c])]
        # "The Guardian was told by two senior officials that …": the passive's subject is the
        # addressee, the agent the speaker
        told = [c for c in tree.children(v, "nsubj:pass") if hit.lemma == "tell" and passive and source_id is not None and c != source_id]
        for c in tree.children(v, "obj", "iobj", "obl") + speaking + occasion + misread + told:
            cand = c
            owner = _programme_outlet(tree, c, text, ctx.lex) if (hit.lemma == "tell" and tree.w(c).udeprel in ("obj", "iobj")) or c in speaking else c
            if owner != c:
                cand = owner  # "told the BBC's Today programme": the programme's outlet, not an occasion
            elif frame_of(ctx.lex, tree.w(c), "event"):
                # "in remarks to Reuters", "in an interview with CNN", "in an op-ed for the Times"
                # (never a time: "an interview broadcast on Monday by Channel 4"; "by" first)
                cand = next((k for preps in (("by",), ("with", "to", "for", "on", "in")) for k in tree.children(c, "nmod")
                             if not _is_temporal(tree, k) and any(tree.w(x).text.lower() in preps for x in tree.children(k, "case"))), None)
                if cand is None:  # "in an interview with NBC's “Meet the Press”" with "NBC's" hung on "interview"
                    cand = next((k for k in tree.children(c, "nmod:poss") if k > c and tree.w(k).upos == "PROPN"
                                 and tree.w(k - 1).text.lower() in ("with", "to", "for", "on", "in")), None)
                if cand is None:  # "in a statement sent to CNN", "in an email provided to Reuters"
                    cand = next((k for a in tree.children(c, "acl") if (tree.w(a).lemma or "").lower() in _SENT_TO
                                 for k in tree.children(a, "obl") if not _is_temporal(tree, k)
                                 and any(tree.w(x).text.lower() == "to" for x in tree.children(k, "case"))), None)
                if cand is None:
                    continue
            elif tree.w(c).udeprel == "obl" and (not any(tree.w(x).text.lower() in ("to", "with", "on", "in") for x in tree.children(c, "case"))
                                                or any(tree.w(x).text.lower() == "according" for x in tree.kids[c])):
                continue  # "said to Reuters", "said on CNN", "wrote in the Times" relay (outlets only, below); "according to Reuters" is its own attribution
            if tree.w(cand).udeprel == "obl" and any(tree.w(x).text.lower() == "with" for x in tree.children(cand, "case")) and cand not in speaking:
                continue  # "agreed with Reuters" is no relay; "speaking with", "an interview with" are
            poss = tree.child(cand, "nmod:poss")
            own_name = _outlet_at(ctx, tree, cand) if poss is not None else None
            if poss is not None and not (own_name is not None and own_name.entity in ctx.lex.outlets.values()) \
                    and (any(tree.w(x).text.lower() == "on" for x in tree.children(cand, "case"))
                         or (frame_of(ctx.lex, tree.w(c), "event") and tree.w(poss).upos == "PROPN")):
                # (not when the noun is a known outlet itself: "an interview with Germany's Die Zeit")
                cand = poss  # "said on CNN's State of the Union", "in an interview with NBC's “Meet the Press”": the program's outlet
            if hit.lemma != "tell" and tree.w(c).udeprel in ("obj", "iobj"):
                continue
            if source_id is not None and c not in occasion and c not in on_speaker \
                    and (cand == source_id or source_id in tree.ancestors(cand)):
                continue  # the speaker is not its own addressee ("“Yes,” told AFP": AFP spoke)
            src = _make_source(ctx, tree, cand, _before_that_clause(tree, cand))
            outlet = journalist_outlet(tree, cand, text, ctx.lex) if src is not None and src.type != "outlet" else None
            if outlet is not None:  # "a witness told a Reuters reporter": the reporter's outlet
                relays.append(Relay(outlet, (outlet.span,)))
                ctx.stats["relay:addressee-journalist"] += 1
            elif src is not None and src.type == "outlet":
                prev = relays[-1].source.span if relays else None
                if prev is not None and prev.end <= src.span.start and not text[prev.end:src.span.start].strip():
                    # "told local broadcaster WKYC-TV" split into two objects: one outlet, named by its name
                    src = attrs.evolve(src, span=Span.of(text, prev.start, src.span.end))
                    relays.pop()
                relays.append(Relay(src, _span_of_words(tree, [cand], text)))
                ctx.stats["relay:addressee"] += 1
    # 2. clause frame
    if not content_ids:
        # (never the citing participle itself, read as a complement: "said, quoting police, that …")
        comp = [c for c in tree.children(v, "ccomp") if c != cited_by and c not in relaying]
        if len(comp) == 1 and comp[0] > v and _bare_report(ctx, tree, comp[0]) is not None:
            comp = []  # "told reporters (…), the agency reported.": the credit is no complement (see _final_report)
        # "told Reuters that …, saying …": a participial cue after a comma is an attribution of
        # its own (the same speaker going on), not this cue's complement, wherever it hangs
        comp = [c for c in comp if not (c > v + 1 and tree.w(c).xpos == "VBG" and tree.w(c - 1).text == "," and _reporting(ctx, tree, c))]
        if any(c > v for c in comp):
            # "People briefed on the move said that …": a subjectless participle before
            # the cue, read as a second complement, belongs to the subject
            comp = [c for c in comp if c > v or tree.child(c, "nsubj") is not None or tree.child(c, "nsubj:pass") is not None]
        elif source_id is not None:
            # "People familiar with the matter told Bloomberg that …" with "familiar" read as the
            # only complement: a subjectless phrase between the subject and its verb modifies
            # the subject; what was said is elsewhere (hung on the addressee, below)
            comp = [c for c in comp if not (source_id < tree.lo[c] and c < v and tree.child(c, "nsubj") is None
                                            and tree.child(c, "nsubj:pass") is None)]
        # "Asked by CNN whether he would resign, the minister said no": a subjectless passive
        # participle before the cue is a reduced adverbial clause, the question, and neither
        # it nor what it asks is the cue's complement (PolNeAR makes "Asked" a cue of its own)
        asked = [c for c in comp if c < v and _fronted_question(tree, c)]
        if asked:
            comp = [c for c in comp if c > v or c < min(asked)]
        elif any(c > v for c in comp):
            # the question itself hung on the cue, after its participle: "Asked by CNN
            # whether he would run again, the senator said he had not decided"
            fronted = [c for c in tree.children(v, "advcl") if c < v and _fronted_question(tree, c)]
            if fronted:
                comp = [c for c in comp if c > v or c < min(fronted)]
        if ctx.fallbacks and tree.w(v).xpos == "VBG" and v > 1 and tree.w(v - 1).text == ",":
            # "X denies it, saying (that) Y" parsed upside down, with the main clause as
            # the participle's left complement: the content is to the right, the
            # speaker is the left clause's subject
            left = [c for c in tree.kids[v] if c < v and tree.w(c).udeprel in ("ccomp", "parataxis", "advcl")]
            right = [c for c in comp if c > v]
            if left and right:
                subjects = tree.children(left[0], "nsubj")
                if subjects:
                    comp = right
                    source_id = min(subjects)
                    ctx.stats["fallback:participle-upside-down"] += 1
        if ctx.fallbacks and not comp and hit.cue_class in ("speech", "cognition", "reporting", "writing"):
            # "said the talks failed" misparsed as object + small clause
            o, x = tree.child(v, "obj"), tree.child(v, "xcomp")
            if o is not None and x is not None and v < o < x and (tree.w(x).upos in ("VERB", "AUX", "ADJ")
                                                                 or hit.lemma in _NAMING and tree.w(x).upos in ("NOUN", "PROPN")):
                comp = [o, x]
                ctx.stats["fallback:object-small-clause"] += 1
        if ctx.fallbacks and len(comp) == 1 and hit.cue_class in ("speech", "cognition", "reporting", "writing"):
            # the same split with the verb as ccomp: "said [the talks]obj [failed]ccomp",
            # a subjectless complement right after the object
            o, x = tree.child(v, "obj"), comp[0]
            if o is not None and v < o < x and tree.hi[o] + 1 == tree.lo[x] and tree.w(x).upos in ("VERB", "AUX", "ADJ") \
                    and tree.child(x, "nsubj") is None and tree.child(x, "nsubj:pass") is None and tree.child(x, "expl") is None:
                comp = [o, x]
                ctx.stats["fallback:object-small-clause"] += 1
        if not comp and hit.cue_class in _CLAUSE_CLASSES:
            # "said in a video posted by his spokesman that …": the parser hangs the
            # complement on the relay's participle (see _carried_by)
            # (the event noun may hang one step lower: "said on Saturday, in comments reported by …")
            # (or on the addressee: "told the Financial Times in an interview published on Sunday that …")
            events = [h for o in tree.children(v, "obl", "obj", "iobj") for h in [o] + tree.children(o, "nmod") if frame_of(ctx.lex, tree.w(h), "event")]
            carriers = [c for h in events for c in tree.children(h, "acl") if frame_of(ctx.lex, tree.w(c), "carry")]
            carriers += [c for c in tree.children(v, "advcl") if c > 2 and tree.w(c - 1).text == "," and frame_of(ctx.lex, tree.w(c), "carry") and frame_of(ctx.lex, tree.w(c - 2), "event")]
            # (its "that" may be read as a pronoun: the clause's first word)
            comp = [k for c in carriers for k in tree.children(c, "ccomp", "advcl")
                    if k > c and (tree.w(k).udeprel == "ccomp" or any(tree.w(m).text.lower() == "that" and (tree.w(m).udeprel == "mark" or m == tree.lo[k])
                                                                     for m in tree.kids[k]))]
            if not comp and cited_by is not None:
                # "Xinhua said, citing local authorities, that …": the that-clause hung on "citing",
                # or deeper in the cited phrase after its closing comma ("citing three people
                # briefed on the talks, that …")
                comp = [k for k in tree.children(cited_by, "ccomp", "advcl") if k > cited_by and any(tree.w(m).text.lower() == "that" for m in tree.children(k, "mark"))]
                comp = comp or [k for k in range(cited_by + 1, tree.hi[cited_by] + 1) if tree.w(k).udeprel in ("ccomp", "advcl")
                                and any(tree.w(m).text.lower() == "that" and tree.w(m - 1).text == "," and all(tree.is_punct(x) for x in range(tree.lo[k], m))
                                        for m in tree.children(k, "mark"))][:1]
            if comp:
                ctx.stats["fallback:complement-on-relay"] += 1
        if not comp and hit.cue_class in _CLAUSE_CLASSES:
            # a that-clause the parser labelled advcl
            # (not one after the verb's object and a comma: "which first reported the plan, that
            # …" hangs a higher verb's complement there)
            comp = [c for c in tree.children(v, "advcl") if c > v and any(tree.w(m).text.lower() == "that" and not (
                tree.w(m - 1).text == "," and any(v < o < m for o in tree.children(v, "obj"))) for m in tree.children(c, "mark"))]
            # or conj, with no conjunction before it ("warned this week that Trump had
            # elevated the dangers"; "said X and that Y" coordinates two complements)
            comp = comp or [c for c in tree.children(v, "conj") if c > v and any(tree.w(m).text.lower() == "that" and m == tree.lo[c]
                                                                             for m in tree.children(c, "mark"))]
        if not comp and hit.cue_class in _CLAUSE_CLASSES:
            # "The Times reported, and the BBC has confirmed, that …": a second reporting verb
            # with its own subject, set off by commas, shares the complement after it
            comp = next(([k] for c in tree.children(v, "conj") if c > v and tree.child(c, "nsubj") is not None and _reporting(ctx, tree, c)
                         for k in tree.children(c, "ccomp") if k > c and _after_comma(tree, k, c)), [])
            if comp:
                ctx.stats["rule:shared-complement"] += 1
        if ctx.fallbacks and not comp and hit.cue_class in _CLAUSE_CLASSES:
            # "told the BBC that …" misparsed as a relative clause on the object: a
            # complementizer "that" (SCONJ) opening a clause inside the cue's phrase
            for k in range(v + 1, min(tree.hi[v], v + 15) + 1):
                c = tree.head(k)
                # (the parser may also read the complementizer as a relative pronoun, "that"/PRON,
                # "told broadcaster NTV that Turkey would mediate"; a clause with a subject of its
                # own right after a speech verb's phrase is its complement)
                if tree.w(k).text.lower() == "that" and (tree.w(k).upos == "SCONJ" or tree.w(k).udeprel == "mark" or (tree.w(k).upos == "PRON" and tree.w(k).udeprel == "obj" and hit.lemma in _SAYING)) \
                        and c > k and v in tree.ancestors(c) and tree.child(c, "nsubj") not in (None, k) \
                        and (tree.w(c).deprel.startswith("acl") or (tree.w(c).deprel == "ccomp" and tree.head(c) in tree.children(v, "iobj", "obj"))
                             or (tree.w(k - 1).text == "," and any(o in tree.ancestors(c) for o in tree.children(v, "iobj", "obj")))):
                    # (or a complement hung on the addressee, "told state news agency IRNA that …",
                    # or on a relative clause between commas on it: "told the Times, which first
                    # reported the plan, that …")
                    ext = tree.trimmed_extent(k + 1, _before_credit(tree, k + 1, tree.hi[c]))
                    if ext:
                        ctx.stats["fallback:that-clause"] += 1
                        return _Draft([Span.of(text, *ext)], _span_of_words(tree, sorted(set(cue_ids)), text), _make_source(ctx, tree, source_id),
                                      relays, conf * 0.85, "clause", tree.index, v)
                    break
            # "Witnesses told the BBC they heard explosions": a clause with no "that", read as
            # a relative clause on the addressee, yet with a subject and an object of its own
            # (so no gap a relative pronoun could fill): the complement
            if hit.lemma == "tell":
                for o in tree.children(v, "iobj", "obj"):
                    r = next((k for k in tree.kids[o] if k > o and tree.w(k).deprel == "acl:relcl"), None)
                    if r is None:
                        continue
                    subj_r = tree.child(r, "nsubj")
                    # (or with an auxiliary and no preposition left at its end: "told reporters the
                    # bloc would respond"; "the reporters he had spoken to" keeps its gap)
                    stranded = any(tree.w(k).upos == "ADP" and (k == tree.hi[r] or tree.w(k + 1).upos in ("ADP", "PUNCT", "SCONJ"))
                                   for k in range(tree.lo[r], tree.hi[r] + 1))
                    whole = tree.child(r, "obj") is not None or (bool(tree.children(r, "aux", "aux:pass", "cop")) and not stranded)
                    if subj_r is None or not whole or subj_r < o or any(tree.w(x).text.lower() in _RELATIVE for x in tree.kids[r]):
                        continue
                    first = min(tree.lo[subj_r], r)
                    ext = tree.trimmed_extent(first, _before_credit(tree, first, tree.hi[r]))
                    if ext:
                        ctx.stats["fallback:zero-that-clause"] += 1
                        return _Draft([Span.of(text, *ext)], _span_of_words(tree, sorted(set(cue_ids)), text), _make_source(ctx, tree, source_id),
                                      relays, conf * 0.8, "clause", tree.index, v)
        if ctx.fallbacks and not comp and hit.cue_class in _CLAUSE_CLASSES and v < tree.n:
            # a clause starting right after the cue but attached elsewhere (a misparse)
            k = v + 1
            while k <= tree.n and tree.w(k).text.lower() == "that":
                k += 1
            head_c = next((c for c in range(k, min(tree.n, k + 12) + 1) if tree.lo[c] <= k <= tree.hi[c] and tree.w(c).upos in ("VERB", "AUX", "ADJ") and tree.w(c).udeprel in ("ccomp", "advcl", "parataxis", "conj") and tree.head(c) != v and c not in tree.ancestors(v) and tree.child(c, "nsubj") is not None), None)
            if head_c is not None and _bare_report(ctx, tree, head_c) is not None:
                head_c = None  # "…, the agency reported.": a credit, not what was said
            if head_c is not None:
                ext = tree.trimmed_extent(k, _before_credit(tree, k, tree.hi[head_c]), drop_lead=("that",))
                if ext:
                    ctx.stats["fallback:adjacent-clause"] += 1
                    d = _Draft([Span.of(text, *ext)], _span_of_words(tree, sorted(set(cue_ids)), text), _make_source(ctx, tree, source_id), relays, conf * 0.8, "adjacent-clause", tree.index, v)
                    return d
        if not comp and hit.cue_class in ("demand", "speech") and hit.lemma not in ("say",) and hit.lemma not in _ASPECTUAL:
            comp = [c for c in tree.children(v, "xcomp") if tree.w(c).upos == "VERB" and c > v]
        if not comp and hit.cue_class in _CLAUSE_CLASSES:
            comp = [c for c in tree.children(v, "parataxis") if c > v and tree.child(c, "nsubj") is not None and _bare_report(ctx, tree, c) is None
                    and not _inverted_report(ctx, tree, c)]
        if _fronted_question(tree, v):
            # "Asked if he was ever bullied, the candidate said no", parsed with the main clause
            # as a complement of "Asked": what follows the clause's comma is not asked
            comp = [c for c in comp if c < v or not any(tree.w(k).text == "," for k in range(v + 1, tree.lo[c] + 1))]
        if not comp and hit.cue_class == "speech" and v < tree.n and tree.w(v + 1).text.lower() in ("yes", "no") \
                and (v + 1 == tree.n or tree.is_punct(v + 2)):
            comp = [v + 1]  # "the candidate said no.", "46 percent said yes, compared with …"
        content_ids = comp
        tail = _trailing_report(ctx, tree, v, content_ids)
        if tail is not None:
            # "Peskov said the talks failed, Interfax reported", parsed with "reported" as a
            # second complement of "said": the outlet relays the whole, it is not said
            # (its subject after "said": the parser may hang the speaker on it too)
            relay_src = _make_source(ctx, tree, max(c for c in tree.children(tail, "nsubj") if c > v))
            if relay_src is not None:
                relays.insert(0, Relay(relay_src, _span_of_words(tree, [tail], text)))
                content_ids = [c for c in content_ids if c != tail]
                ctx.consumed.add((tree.index, tail))
                ctx.stats["relay:trailing-report"] += 1
    # 3. inverted frame
    if not content_ids and tree.w(v).udeprel in ("parataxis", "conj", "ccomp") and tree.head(v) and tree.head(v) < v and source_id is not None \
            and not _fronted_question(tree, tree.head(v)) and (
            _inverted_order(tree, v, source_id)
            # "The talks failed, the minister told reporters": the reporting clause after a
            # comma, parsed as a parataxis of what it reports
            or (tree.w(v).udeprel == "parataxis" and source_id < v and _comma_before(tree, source_id)
                and hit.cue_class in ("speech", "reporting", "writing"))):
        h = tree.head(v)
        end = tree.lo[v] - 1
        comma = _phrase_comma(tree, source_id) if source_id < v else None
        if comma is not None and tree.lo[h] < comma < end:
            end = comma - 1  # the speaker hung inside what was said: "…, Chief Cabinet Secretary X said"
        ext = tree.trimmed_extent(tree.lo[h], end, drop_lead=("that",))
        span = Span.of(text, *ext) if ext else None
        if span is not None:
            d = _Draft([span], _span_of_words(tree, cue_ids, text), _make_source(ctx, tree, source_id), relays, conf * 0.9, "inverted", tree.index, v)
            return d
    # 3a. the same with the reported clause hung on the cue as a left dependent ("The
    # deal is off, Bloomberg reported, citing …", with "off" an adverb of "reported"):
    # a clause with a subject of its own that ends at the comma before the cue's subject
    # (the subject may be a relay's: "…, Bloomberg reported, citing people …")
    rep = subj if subj is not None else source_id
    if not content_ids and ctx.fallbacks and source_id is not None and rep is not None and rep < v and hit.cue_class in ("speech", "reporting", "writing") \
            and _comma_before(tree, rep) and tree.w(v).udeprel in ("root", "parataxis") \
            and not any(c > v and tree.w(c).udeprel in ("ccomp", "xcomp", "obj") for c in tree.kids[v]):
        comma = tree.phrase_start(rep) - 1
        # (never an adverbial clause: "When talk turned to Compaq, she declared …")
        left = [c for c in tree.kids[v] if c < comma and tree.hi[c] <= comma and tree.child(c, "nsubj") is not None and not tree.is_punct(c)
                and tree.child(c, "mark") is None and tree.w(tree.phrase_start(c)).text.lower() not in _SUBORDINATORS]
        if len(left) == 1 and all(tree.is_punct(k) for k in range(1, tree.lo[left[0]])) \
                and ctx.top_quote_at(tree.w(left[0]).start) is None:  # (a quotation is the quote frames')
            ext = tree.trimmed_extent(tree.lo[left[0]], comma - 1, drop_lead=("that",))
            if ext:
                ctx.stats["fallback:inverted-left-clause"] += 1
                return _Draft([Span.of(text, *ext)], _span_of_words(tree, cue_ids, text), _make_source(ctx, tree, source_id), relays, conf * 0.85, "inverted", tree.index, v)
    # 3b. parenthetical frame: "In a merger, he said, the HP brand would survive": the
    # cue clause sits between commas inside the clause it reports, which the tree
    # makes its head; the content is that clause around it, in two parts (PolNeAR)
    if not content_ids and ctx.fallbacks and hit.cue_class in ("speech", "reporting", "writing", "cognition") \
            and tree.w(v).udeprel in ("parataxis", "dep") and tree.head(v) > v and source_id is not None and source_id < v:
        h = tree.head(v)
        left = min([v] + [tree.lo[c] for c in tree.kids[v] if c < v and not tree.is_punct(c)])
        right = max([v] + [tree.hi[c] for c in tree.kids[v] if c > v and not tree.is_punct(c)])
        if left > 1 and right < tree.n and tree.w(left - 1).text == "," and tree.w(right + 1).text == "," and tree.lo[h] < left:
            before = tree.trimmed_extent(tree.lo[h], left - 1)
            after = tree.trimmed_extent(right + 1, tree.hi[h])
            opens_quote = ctx.quote_starting_near(tree.w(right + 1).end, +1) is not None
            if before and after and not opens_quote:  # "Asked about it, he said, “…”": the quote alone
                parts = [Span.of(text, *before), Span.of(text, *after)]
                ctx.stats["frame:parenthetical"] += 1
                return _Draft(parts, _span_of_words(tree, sorted(set(cue_ids)), text), _make_source(ctx, tree, source_id),
                              relays, conf * 0.9, "parenthetical", tree.index, v)
    # 4. object frame
    span = None
    if not content_ids and (hit.cue_class in _OBJECT_CLASSES or hit.lemma in _OBJECT_LEMMAS or hit.cue_class in ("speech", "denial", "evidence")):
        objs = [c for c in tree.kids[v] if c > v and tree.w(c).udeprel in ("obj", "ccomp", "xcomp", "obl", "advcl") and not tree.is_punct(c)]
        objs = [c for c in objs if not (tree.w(c).udeprel in ("obl", "advcl") and _is_temporal(tree, c))
                and not (tree.w(c).udeprel == "obj" and tree.w(c).lemma.lower() in ("overnight", "tonight", "tomorrow", "today", "yesterday"))]  # "continued overnight"
        if hit.lemma in _ADDRESSEE_LEMMAS:
            objs = [c for c in objs if tree.w(c).udeprel != "obj"]
        objs = [c for c in objs if tree.w(c).udeprel != "advcl" or any(tree.w(m).text.lower() in _ARG_MARKS for m in tree.children(c, "mark", "case"))]
        # "…, Erdogan told a news conference, Anadolu reported": a bare reporting clause
        # hung under the cue relays it (see _final_report); it is never what was told
        objs = [c for c in objs if _bare_report(ctx, tree, c) is None]
        if len(objs) == 1 and tree.w(objs[0]).upos == "PRON" and tree.lo[objs[0]] == tree.hi[objs[0]]:
            objs = []  # an anaphoric object ("denies it") is not content
        # a prepositional argument ("called for an inquiry", "talked about the economy"):
        # the preposition belongs to the cue, its noun phrase is the content (PolNeAR)
        prep = [c for c in objs if tree.w(c).udeprel == "obl" and tree.lo[c] < c and tree.w(tree.lo[c]).udeprel == "case"
                and (tree.w(tree.lo[c]).text.lower() in _PREP_ARGS or ctx.lex.verb_prepositions.get(hit.lemma) == tree.w(tree.lo[c]).text.lower())
                and tree.lo[c] == max(cue_ids) + 1
                and ctx.lex.cue_modifiers.get(tree.w(c).text.lower()) != "medium"
                # "said on Telegram", "said at a rally", "said with a smile": where or how it was
                # said (PolNeAR train: 30 "said on X", none with X as content)
                and not (hit.lemma == "say" and tree.w(tree.lo[c]).text.lower() in ("on", "at", "with"))
                # "asked on Sky News", "commented on CNN": the outlet it went out on, not what
                and not (tree.w(tree.lo[c]).text.lower() in ("on", "in") and _outlet_at(ctx, tree, c) is not None)]
        if tree.child(v, "obj") is None and prep:
            c = prep[0]
            ext = tree.trimmed_extent(tree.lo[c] + 1, tree.hi[c])
            if ext:
                span = Span.of(text, *ext)
                cue_ids = cue_ids + [tree.lo[c]]
                rule = "object"
                content_ids = [c]
        elif objs and tree.child(v, "obj") is not None or (objs and hit.cue_class in ("accusation", "demand")):
            span = _content_from(tree, objs, text, exclude=_nonrestrictive(tree, objs))
            if span is not None and hit.lemma in ("describe", "call") and not _has_quote(ctx, span):
                span = None
            if span is not None:
                rule = "object"
                content_ids = objs
    if content_ids and span is None:
        # "… had arrested five men, quoting a senior officer": the relay's participle, hung
        # on the reported clause, is not what was reported
        # (nor the cue's own coordinated verb, which the parser may leave inside the clause's
        # extent: "said she had met with him twice but said neither …" with "neither …"
        # coordinated to "met")
        lo_c = min(tree.lo[i] for i in content_ids)
        stop = min((tree.lo[k] for k in tree.children(v, "conj") if lo_c < tree.lo[k] and k < max(tree.hi[i] for i in content_ids)), default=None)
        span = _content_from(tree, content_ids, text, exclude=_coordinated_cues(ctx, tree, content_ids, v) + _cite_inside(tree, cited_by, content_ids), stop=stop)
        if span is not None and rule == "clause":
            span = _with_coordinated_clause(ctx, tree, v, span)
        if span is not None and span.start <= tree.w(v).start < span.end:
            # a content never holds its own cue: the parser hung the cue clause inside it
            if min(content_ids) > v:  # "reported that the minister said …": starts after the cue
                ext = tree.trimmed_extent(v + 1, max(tree.hi[i] for i in content_ids), drop_lead=("that",))
            else:  # "The talks failed, the minister told reporters, …": ends before the cue clause
                first = tree.lo[source_id] if source_id is not None and source_id < v else v
                ext = tree.trimmed_extent(min(tree.lo[i] for i in content_ids), first - 1, drop_lead=("that",))
            span = Span.of(text, *ext) if ext else None
            ctx.stats["fallback:content-holds-cue"] += 1
    cue_spans = _span_of_words(tree, sorted(set(cue_ids)), text)
    if span is not None and rule == "clause":
        after = _parenthetical_rest(tree, v, source_id, content_ids, span, text)
        if after is not None:
            # "Whatever progress he has made, officials said, could be unraveled": the
            # reported clause runs on after the cue clause, without a subject of its own
            ctx.stats["frame:parenthetical-subject"] += 1
            return _Draft([span, after], cue_spans, _make_source(ctx, tree, source_id), relays, conf * 0.9, "parenthetical", tree.index, v)
    if span is not None:
        d = _Draft([span], cue_spans, _make_source(ctx, tree, source_id), relays, conf, rule, tree.index, v)
        return d
    # 5. a sentence-final reporting clause the tree missed: "…, reported news agency AFP."
    tail = _surface_final_clause(ctx, tree, v) if ctx.fallbacks else None
    if tail is not None and (hit.cue_class in ("speech", "reporting", "writing") or hit.lemma == "say"):
        span, src_id = tail
        ctx.stats["fallback:surface-final-clause"] += 1
        return _Draft([span], cue_spans, _make_source(ctx, tree, src_id), relays, conf * 0.75, "inverted", tree.index, v)
    # 5b. the same clause with modifiers after the cue, which the surface pattern does not
    # take ("…, the Yomiuri Shimbun daily reported on Saturday, without citing sources.")
    found = _inverted_with_modifiers(ctx, tree, v) if ctx.fallbacks and not relays and (
        hit.cue_class in ("speech", "reporting", "writing") or hit.lemma == "say") else None
    if found is not None:
        span, src_id = found
        ctx.stats["fallback:inverted-with-modifiers"] += 1
        return _Draft([span], cue_spans, _make_source(ctx, tree, src_id), relays, conf * 0.75, "inverted", tree.index, v)
    # 6. adjacent quote frame
    if hit.cue_class in ("speech", "writing", "relay", "reporting") or hit.lemma == "say":
        c_start, c_end = _clause_end(tree, v, [], ctx)
        k = ctx.quote_starting_near(c_end, +1)
        rule = "adjacent-after"
        if k is not None and _own_reporting_clause(ctx, ctx.quotes[k]):
            k = None  # "… cited X. “…,” he said.": the quote has its own speaker
        if k is None or ctx.used_quotes.get(k) is not None:
            k = ctx.quote_starting_near(c_start, -1)
            rule = "adjacent-before"
        if k is not None and ctx.used_quotes.get(k) is None:
            q = ctx.quotes[k]
            d = _Draft([q.content], cue_spans, _make_source(ctx, tree, source_id), relays, conf * 0.9, rule, tree.index, v)
            ctx.stats["frame:" + rule] += 1
            return d
    return None


def _parenthetical_rest(tree: Tree, v: int, source_id: Optional[int], content_ids: Sequence[int], span: Span, text: str) -> Optional[Span]:
    """The second part of a content the cue clause interrupts between its subject and
    its verb ("Whatever progress Mr. Kerry has made, officials said, could easily be
    unraveled …", read as two complements of "said"): the complement after the cue,
    right after a comma, with no subject of its own, when the content so far ends
    right before the cue clause. None otherwise."""
    if source_id is None or not (source_id < v) or span.end > tree.w(tree.lo[source_id]).start:
        return None
    rest = [c for c in tree.children(v, "ccomp") if c > v]
    if len(rest) != 1 or not any(c < v for c in content_ids):
        return None
    r = rest[0]
    first = tree.phrase_start(r)
    if tree.w(first - 1).text != "," or any(tree.w(x).udeprel in ("nsubj", "csubj", "expl") for x in tree.kids[r]) \
            or tree.w(tree.lo[source_id] - 1).text != "," or tree.w(r).upos not in ("VERB", "AUX", "ADJ") or tree.w(r).xpos == "VBG":
        return None
    ext = tree.trimmed_extent(first, tree.hi[r])
    return Span.of(text, *ext) if ext else None


def _citing(ctx: _Ctx, tree: Tree, v: int) -> Optional[int]:
    """The participle of "X, citing Y, reported …" / "X said …, citing Y" that belongs to
    the cue ``v`` (the parser may hang it on the reported clause), or None. In "X said
    …, Reuters reported, citing Y" it is the final report's (see :func:`_citing_tail`)."""
    return next((c for c in range(1, tree.n + 1) if c != v and ((tree.w(c).lemma or "").lower() in ("cite", "quote") or tree.w(c).text.lower() in ("citing", "quoting"))
                 and not (c > v + 2 and _citing_tail(tree, c - 2) == c and _reporting(ctx, tree, c - 2))
                 and not (v < (tree.child(c, "nsubj") or 0) < c)  # "reported that X, citing Y, said": X's participle
                 # (or, parsed as UD draws it, the participle of X's own verb: see _tree._relay_inside_report)
                 and not (tree.head(c) != v and c < tree.head(c) and _reporting(ctx, tree, tree.head(c)) and v < (tree.child(tree.head(c), "nsubj") or 0) < c)
                 # (also where the parser hung it on X: "reported that the suspect, citing his lawyer, denied …")
                 and not (tree.w(c).udeprel == "acl" and v < tree.head(c) < c and tree.w(tree.head(c)).deprel in ("nsubj", "nsubj:pass"))
                 and tree.w(c).xpos in ("VBG", "_", None) and (tree.w(c).udeprel in ("advcl", "xcomp", "conj", "acl", "ccomp", "parataxis") or _amod_citing(tree, c))
                 and (c == 1 or tree.w(c - 1).text == ",")
                 # its own verb's, or one the parser hung elsewhere between this verb's subject and it
                 and ((v in tree.ancestors(c) and not (tree.head(c) == v and any(_sandwiched(tree, c, u) for u in range(c + 1, tree.n + 1) if u != v)))
                      or _sandwiched(tree, c, v))
                 and (c > v or any(tree.w(k).text == "," for k in range(c + 1, v)))), None)


def _reporting(ctx: _Ctx, tree: Tree, u: int) -> bool:
    """Whether word ``u`` is a verb of speech, reporting or writing."""
    w = tree.w(u)
    if w.upos != "VERB":
        return False
    lemma = (w.lemma or "").lower()
    if ctx.lex.verbs.get(lemma, ("-", 0))[0] in ("speech", "reporting", "writing"):
        return True
    # "…, Kommersant has learned": what an outlet learned, it reports (a person's learning is no report)
    return lemma == "learn" and _outlet_at(ctx, tree, tree.child(u, "nsubj")) is not None


def _citing_tail(tree: Tree, v: int) -> Optional[int]:
    """The participle of a sentence-final ", citing Y" right after ``v`` ("…, Reuters
    reported, citing a local official."), or None: it ends the sentence."""
    c = v + 2
    if c > tree.n or tree.w(v + 1).text != "," or tree.w(c).text.lower() not in ("citing", "quoting"):
        return None
    end = max(k for k in range(c, tree.n + 1) if not tree.is_punct(k))
    sub = {c} | {k for k in range(c + 1, end + 1) if c in tree.ancestors(k)}
    return c if all(k in sub or tree.is_punct(k) for k in range(c, end + 1)) else None


def _after_comma(tree: Tree, k: int, c: int) -> bool:
    """Whether clause ``k``'s first word, after word ``c``, follows a comma (", that …")."""
    first = next((x for x in range(tree.lo[k], k + 1) if not tree.is_punct(x)), k)
    return first > c + 1 and tree.w(first - 1).text == ","


def _relayed_by_tail(tree: Tree, v: int) -> Optional[int]:
    """The participle of a sentence-final ", quoted by Y" right after ``v`` ("…, Peskov
    said, quoted by Interfax."), or None: it ends the sentence."""
    c = v + 2
    if c + 1 > tree.n or tree.w(v + 1).text != "," or tree.w(c + 1).text.lower() != "by" or not _relaying_participle(tree, c):
        return None
    end = max(k for k in range(c, tree.n + 1) if not tree.is_punct(k))
    return c if all(k == c or c in tree.ancestors(k) or tree.is_punct(k) for k in range(c, end + 1)) else None


def _cite_inside(tree: Tree, cite: Optional[int], content_ids: Sequence[int]) -> List[int]:
    """``[cite]`` when the citing participle hangs inside the content's subtrees (to be cut
    from it), not above them ("said, citing Y, that …" with the clause on "citing")."""
    if cite is None or any(c == cite or cite in tree.ancestors(c) for c in content_ids):
        return []
    return [cite]


def _fronted_question(tree: Tree, v: int) -> bool:
    """"Asked …", "Pressed …" opening its clause with no subject: the reduced clause that
    puts a question to the speaker of the main clause after it."""
    # (sentence-initial, the tagger may read the participle as a past tense: with no
    # subject and no auxiliary it is a participle all the same)
    # (a capitalized participle may keep its form as lemma: "Pressed")
    lem = (tree.w(v).lemma or "").lower()
    return any(x in _QUESTIONED for x in (lem, lem[:-1], lem[:-2], lem[:-3])) and tree.lo[v] == v and tree.child(v, "nsubj") is None \
        and tree.child(v, "nsubj:pass") is None and tree.w(v).xpos in ("VBN", "VBD") and tree.child(v, "aux") is None \
        and tree.child(v, "aux:pass") is None


def _trailing_report(ctx: _Ctx, tree: Tree, v: int, content_ids: Sequence[int]) -> Optional[int]:
    """The last of several complements of ``v`` when it is a bare reporting clause
    after a comma, "…, Interfax reported" (a subject, no complement of its own)."""
    if len(content_ids) < 2 or _fronted_question(tree, v):
        return None
    r = max(content_ids)
    w = tree.w(r)
    lemma = (w.lemma or "").lower()
    if ctx.lex.verbs.get(lemma, ("-", 0))[0] not in ("speech", "reporting", "writing") or r <= v:
        return None
    # its first word after the cue (a subject misattached to it may lie before the cue)
    first = next(k for k in range(v + 1, r + 1) if k == r or r in tree.ancestors(k))
    comma = tree.w(first).text == "," or (first > 1 and tree.w(first - 1).text == ",")
    if not comma or not any(c > v for c in tree.children(r, "nsubj")):
        return None
    if any(tree.w(c).udeprel in ("ccomp", "xcomp", "obj", "parataxis") for c in tree.kids[r]):
        return None
    return r


def _inverted_order(tree: Tree, v: int, subj: int) -> bool:
    """A reporting clause after its content: "…, said X" or "…,” X said" (or
    "…, X told AFP": the object of an addressee verb is the one told, not what was told)."""
    if subj > v:
        return True
    blocking = ("ccomp", "xcomp") if (tree.w(v).lemma or "").lower() in _ADDRESSEE_VERBS else ("obj", "ccomp", "xcomp", "iobj")
    if any(c > v and tree.w(c).udeprel in blocking for c in tree.kids[v]):
        return False  # "…, Kremlin accused Ukraine of …" is a main clause, not a reporting clause
    first = tree.lo[subj]
    return first > 1 and (tree.is_punct(first - 1) or tree.w(first - 1).text in ("”", "’", '"', "'")) and v - subj <= 4


def _plausible_source(ctx: _Ctx, tree: Tree, i: Optional[int], v: int) -> Optional[int]:
    """Reject a source the parser put inside a quotation that does not hold the
    cue (the cue's speaker is never inside the words it introduces)."""
    if i is None or not ctx.fallbacks:
        return i
    if ctx.excluded_at(tree.w(i).start):
        # a dateline the parser made the subject ("BERLIN, June 12 (dpa) - Germany's Bild
        # newspaper … reported", the paper an apposition under it): the nominal hung on it
        # past the dateline is the source (a credit that is the source itself stays)
        past = next((j for j in range(i + 1, tree.hi[i] + 1) if not ctx.excluded_at(tree.w(j).start) and j != v
                     and tree.w(j).upos in ("NOUN", "PROPN", "PRON") and ctx.excluded_at(tree.w(tree.head(j)).start)
                     and tree.head(j) and i in tree.ancestors(j)), None)
        if past is None:
            # (or the dateline is a subject beside the real one: "BRUSSELS, May 12 (AFP) - …,
            # two EU diplomats told AFP", both hung on "told")
            past = next((k for k in tree.kids[v] if k != i and tree.w(k).udeprel == "nsubj" and not ctx.excluded_at(tree.w(k).start)), None)
        if past is not None:
            ctx.stats["fallback:source-in-dateline"] += 1
            return past
    cue_q = ctx.top_quote_at(tree.w(v).start)
    lo, hi = tree.w(tree.phrase_start(i)).start, tree.w(i).start  # not a closing mark and comma hung on the name
    for off in (lo, hi):
        q = ctx.top_quote_at(off)
        if q is not None and q != cue_q:
            ctx.stats["fallback:source-in-quote"] += 1
            return None
    return i


def _surface_subject(ctx: _Ctx, tree: Tree, v: int) -> Optional[int]:
    """A subject from word order when the tree has none: the nominal right
    before the cue ("Kremlin on Tuesday accused", "with Zelensky describing"),
    skipping adverbs, auxiliaries and prepositional phrases; or the nominal
    right after it in inverted order ("…,” said Vassily Nebenzia")."""
    cue_q = ctx.top_quote_at(tree.w(v).start)
    k = v - 1
    while k >= 1:
        w = tree.w(k)
        if ctx.top_quote_at(w.start) not in (None, cue_q) or w.text in ("”", "’", '"', ":", ";"):
            break
        if w.upos in ("ADV", "AUX", "PART") or w.text == ",":
            k -= 1
            continue
        if w.text == ")":  # an acronym in parentheses: "South Korea's Joint Chiefs of Staff (JCS) said"
            o = next((j for j in range(k - 1, max(0, k - 6), -1) if tree.w(j).text == "("), None)
            if o is not None and o > 1:
                k = o - 1
                continue
        if w.upos == "VERB" and w.xpos in ("VBG", "VBN") and k > 2 and tree.w(k - 1).text == "," and tree.w(v - 1).text == ",":
            # a participle set off by commas: "the minister, speaking to ANSA, said"
            k -= 2
            continue
        if w.upos == "ADJ" and k == v - 1 and tree.head(k) > v and any(tree.w(j).upos == "DET" and tree.head(j) == k for j in range(max(1, k - 3), k)):
            return k  # a noun tagged as an adjective of what follows the cue: "the chief executive/ADJ said profits …"
        if w.upos in ("PROPN", "NOUN", "PRON", "NUM"):
            # skip a prepositional phrase: walk left over its words to the preposition
            j = k
            while j >= 1 and tree.w(j).upos in ("PROPN", "NOUN", "DET", "ADJ", "NUM", "PRON"):
                j -= 1
            if j >= 1 and tree.w(j).upos == "ADP" and tree.w(j).text.lower() != "with":
                k = j - 1
                continue
            if tree.w(k).upos == "PRON" and tree.w(k).text.lower() in _RELATIVE:
                return None
            while tree.w(k).deprel == "flat" and 0 < tree.head(k) < k:
                k = tree.head(k)  # the name's head: "Yoshimasa Hayashi", not "Hayashi"
            return k
        break
    # inverted: the cue follows a closing mark or a comma, and a name follows the cue
    prev = tree.w(v - 1).text if v > 1 else ""
    if prev in ("”", "’", '"', ",") and v < tree.n and tree.w(v + 1).upos in ("PROPN", "NOUN", "DET", "PRON"):
        k = v + 1
        while k < tree.n and tree.w(k).upos == "DET":
            k += 1
        while k < tree.n and tree.w(k + 1).upos == "PROPN" and tree.w(k).upos == "PROPN":
            k += 1
        return k
    return None


def _inverted_with_modifiers(ctx: _Ctx, tree: Tree, v: int) -> Optional[Tuple[Span, int]]:
    """(content, subject) of a reporting clause that ends its sentence after a comma,
    with modifiers of its own, whose reported clause the tree hung elsewhere (on a
    dateline it made the subject: "TOKYO (Reuters) - Japan's government plans …, the
    Yomiuri Shimbun daily reported on Saturday, without citing sources."). The content
    is the clause before the comma, after any dateline: one head with a subject of its
    own ("Weighing in on the discussion, X agreed" has none) and no subordinator; the
    subject is a noun or a name ("…, which notes", "…, it is said" report nothing); after
    the cue come only modifiers, and no quotation ("X yelled, ''Out!''")."""
    if not _inverted_report(ctx, tree, v):
        return None
    at = _bare_report_at(tree, v)
    if at is None or tree.w(at[0]).upos not in ("NOUN", "PROPN"):
        return None
    subj, comma = at
    first = 1
    while first < comma and any(x.start <= tree.w(first).start < x.end for x in ctx.excluded):
        first += 1
    ext = tree.trimmed_extent(first, comma - 1) if comma > first else None
    if not ext:
        return None
    tops = [k for k in range(first, comma) if not first <= tree.head(k) < comma and tree.w(k).upos in ("VERB", "AUX", "ADJ", "NOUN")]
    if len(tops) != 1 or tree.w(tops[0]).udeprel in ("advcl", "acl", "xcomp", "csubj") or tree.children(tops[0], "mark") \
            or not any(tree.w(c).udeprel == "nsubj" for c in tree.kids[tops[0]]):
        return None
    if not all(tree.w(k).udeprel in ("obl", "advcl", "advmod", "punct") for k in tree.kids[v] if k > v):
        return None
    if ctx.quote_starting_near(tree.w(v).end, +1) is not None \
            or any(regex.search(r"[\"“”‘’«»]|''|``", tree.w(k).text) for k in range(v + 1, tree.n + 1)):
        return None
    return Span.of(ctx.text, *ext), subj


def _surface_final_clause(ctx: _Ctx, tree: Tree, v: int) -> Optional[Tuple[Span, int]]:
    """``<clause> , <cue> <noun phrase> .`` at the end of a sentence: the content
    is the clause, the source the noun phrase (its last noun)."""
    if v < 3 or tree.w(v - 1).text != ",":
        return None
    k = v + 1
    last_noun = None
    while k <= tree.n and tree.w(k).upos in ("DET", "ADJ", "NOUN", "PROPN", "PUNCT") and tree.w(k).text not in (",",):
        if tree.w(k).upos in ("NOUN", "PROPN"):
            last_noun = k
        if tree.w(k).upos == "PUNCT" and tree.w(k).text in ".!?":
            break
        k += 1
    if last_noun is None or (k <= tree.n and not tree.is_punct(k)):
        return None
    ext = tree.trimmed_extent(1, v - 2)
    if not ext:
        return None
    return Span.of(ctx.text, *ext), last_noun


def _nonrestrictive(tree: Tree, ids: Sequence[int]) -> List[int]:
    """Comma-set-off appositions and relative clauses at the right edge of a
    noun-phrase content ("the Hyde Amendment, a longstanding provision …"):
    the writer's gloss, not what the source said (PolNeAR's convention)."""
    hi = max(tree.hi[i] for i in ids)
    out = []
    for k in range(min(tree.lo[i] for i in ids), hi + 1):
        w = tree.w(k)
        lo_k = tree.lo[k]
        if w.deprel in ("appos", "acl:relcl") and tree.hi[k] >= hi and lo_k > 1 and (tree.w(lo_k).text == "," or tree.w(lo_k - 1).text == ","):
            out.append(k)
            break
    return out


def _comma_before(tree: Tree, i: int) -> bool:
    """Whether a comma comes right before the phrase of word ``i``, across closing
    quotation marks ("“…,” Khizr Khan, 66, said": the comma closes the quotation, and
    the parser may hang both marks on the name)."""
    return _phrase_comma(tree, i) is not None


def _phrase_comma(tree: Tree, i: int) -> Optional[int]:
    """The comma of :func:`_comma_before`, or None."""
    k = tree.phrase_start(i) - 1
    while k >= 1 and tree.w(k).upos == "PROPN" and tree.w(k).text[:1].isupper() and tree.w(i).upos == "PROPN":
        k -= 1  # a title the parser hung elsewhere: "…, Chief Cabinet Secretary Yoshimasa Hayashi said"
    while k >= 1 and tree.w(k).text and all(ch in QUOTE_CHARS for ch in tree.w(k).text):
        k -= 1
    return k if k >= 1 and tree.w(k).text == "," else None


def _with_coordinated_clause(ctx: _Ctx, tree: Tree, v: int, span: Span) -> Span:
    """"said (that) X, but Y": a clause with its own subject, coordinated right after the
    content, is more of what was said. Parsers often hang it on the cue verb; PolNeAR's
    annotators include it. A conjunct that is a cue of its own, or that has no subject
    ("said X and left"), stays out."""
    for c in tree.children(v, "conj"):
        w = tree.w(c)
        if tree.w(tree.lo[c]).start < span.end or tree.child(c, "nsubj") is None and tree.child(c, "expl") is None:
            continue
        if (w.lemma or "").lower() in ctx.lex.verbs or (tree.index, c) in ctx.cue_words:
            continue
        gap = ctx.text[span.end:tree.w(tree.lo[c]).start]
        if regex.fullmatch(r"[\s,;]*(?:(?:but|and|yet|so|although|though)\s*)?", gap, regex.IGNORECASE) is None:
            continue
        if (ctx.top_quote_at(w.start) is None) != (ctx.top_quote_at(span.start) is None):
            continue  # do not run from a quotation into narration or back
        ext = tree.trimmed_extent(tree.lo[c], tree.hi[c])
        if ext:
            return Span.of(ctx.text, span.start, ext[1])
    return span


def _coordinated_cues(ctx: _Ctx, tree: Tree, content_ids: Sequence[int], v: int) -> List[int]:
    """Conjuncts of the content that are cue verbs of their own ("noted that …,
    and added: “…”"), and a speech participle the parser hung on the content's verb
    ("said he could leave, *adding* that …"): they head their own attribution, not
    this content."""
    out = []
    for c in content_ids:
        for k in tree.children(c, "conj", "parataxis"):
            w = tree.w(k)
            if w.upos == "VERB" and ((w.lemma or "").lower() in ctx.lex.verbs) and tree.child(k, "nsubj") is None:
                out.append(k)
        out += [k for k in tree.children(c, "advcl") if _speech_participle_on_content(tree, k)]
    return out


# participles that go on with the speaker's own words: "X said …, adding that …"
_SPEECH_PARTICIPLES = frozenset("say add note argue insist warn tell explain stress claim write caution acknowledge admit".split())


def _speech_participle_on_content(tree: Tree, k: int) -> bool:
    """Whether ``k`` is a speech participle after a comma with its own complement
    ("…, adding that …", "…, saying: …") that the parser hung on a reported clause (a
    ``ccomp``): it is the reporting verb's, as the speaker goes on (the parser's
    attachment ambiguity; the content's subject does not say it)."""
    w = tree.w(k)
    h = tree.head(k)
    return (w.udeprel == "advcl" and w.xpos == "VBG" and k > 1 and tree.w(k - 1).text == "," and (w.lemma or "").lower() in _SPEECH_PARTICIPLES
            and bool(tree.children(k, "ccomp", "parataxis")) and h > 0 and tree.w(h).udeprel == "ccomp" and tree.head(h) > 0
            and tree.head(h) < h < k)


def _is_temporal(tree: Tree, i: int) -> bool:
    w = tree.w(i)
    if w.deprel in ("obl:tmod", "obl:npmod"):
        return True
    return w.lemma.lower() in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "week", "weekend", "year", "month", "day", "time", "statement", "interview", "tweet", "letter", "speech", "conference",
                               "overnight", "tonight", "tomorrow", "night", "morning", "evening", "afternoon", "hour")


def _has_quote(ctx: _Ctx, span: Span) -> bool:
    k = bisect.bisect_left(ctx.q_starts, span.start)
    return k < len(ctx.quotes) and ctx.quotes[k].start < span.end


def _according(ctx: _Ctx, tree: Tree, hit: CueHit) -> Optional[_Draft]:
    """ "According to X, …", "…, according to X", "…, according to X, …": the source
    is the noun phrase after "according to" and the content the rest of the
    sentence (two spans when the phrase sits in the middle)."""
    text = ctx.text
    a = hit.word
    b = a + len(hit.lemma.split()) - 1  # the cue's last word ("according to"; "per")
    end_np = min(tree.n, a + 12)
    x = next((i for i in range(b + 1, end_np + 1) if tree.w(i).upos in ("PROPN", "NOUN", "PRON", "NUM")), None)
    if x is None:
        return None
    # climb to the head of the noun phrase while it stays right after "according to" (a
    # head the tagger read as an adjective but the parser as a nominal: "Ukraine's military")
    while tree.head(x) and b < tree.head(x) <= end_np and not tree.is_punct(tree.head(x)) and (
            tree.w(tree.head(x)).upos in ("PROPN", "NOUN", "PRON")
            or tree.w(tree.head(x)).upos == "ADJ" and tree.w(tree.head(x)).udeprel in ("obl", "nmod", "nsubj", "obj")
            # (or the first part of a hyphenated adjective: "the *state*-run IRNA news agency")
            or tree.w(tree.head(x)).upos in ("ADJ", "VERB") and tree.w(tree.head(x)).udeprel == "amod" and b < tree.head(tree.head(x)) <= end_np):
        x = tree.head(x)
    np_end = max(tree.hi[x], x)
    # "according to three people familiar with the conversations" with the adjective hung
    # elsewhere: an adjective right after the phrase that takes a prepositional phrase is
    # its modifier ("familiar with", "close to", "aware of")
    k = np_end + 1
    if k <= tree.n and tree.w(k).upos == "ADJ" and tree.lo[k] == k and x not in tree.ancestors(k) and tree.child(k, "nsubj") is None \
            and any(tree.children(o, "case") for o in tree.children(k, "obl", "nmod") if o > k):
        np_end = tree.hi[k]
    # "according to sources quoted by Haaretz" with the participle hung on the main verb:
    # it is the phrase's
    carriers = tree.children(x, "acl")
    after = next((j for j in range(x + 1, np_end + 2) if j <= tree.n and x not in tree.ancestors(j)), 0)  # the first word past the phrase
    # (or made a clause with the phrase as its subject: "according to court documents seen by the BBC")
    # (or with the phrase as its oblique: "according to Egyptian officials quoted by Al-Ahram")
    if after and tree.w(after).xpos == "VBN" and (tree.lo[after] == after or x in tree.children(after, "nsubj:pass", "nsubj")
                                                  or (x in tree.children(after, "obl") and x < after)) and frame_of(ctx.lex, tree.w(after), "carry") \
            and any(any(tree.w(y).text.lower() == "by" for y in tree.children(j, "case")) for j in tree.kids[after] if j > after):
        carriers = [after] + carriers
        np_end = max(np_end, tree.hi[after])
    for k in range(x + 1, np_end):  # "the UN office, at least 1,000 …": a nounless modifier after a comma starts the content
        if tree.w(k).text == "," and tree.head(k + 1) and not _has_noun(tree, _child_toward(tree, x, k + 1)):
            np_end = k - 1
            break
    # "…, according to Al Jazeera, citing the civil defence agency" with the participle hung
    # on the main verb (or made the phrase's head): it is the phrase's, as "which cited" is
    k = np_end + 1 + (np_end + 1 <= tree.n and tree.w(np_end + 1).text == ",")
    cite_after = None
    if k <= tree.n and tree.w(k).xpos == "VBG" and tree.w(k).text.lower() in ("citing", "quoting") and x not in tree.ancestors(k) \
            and tree.child(k, "obj") is not None and tree.child(k, "nsubj") is None and not tree.children(k, "mark"):
        cite_after = k
        np_end = max(np_end, tree.hi[k])
    # its scope is the sentence, or the complement clause it opens: "Sky News reported
    # that, according to officials, the talks had failed" credits only the that-clause
    # (a trailing phrase, "…, X writes, according to the Times", credits the sentence)
    lo_s, hi_s = 1, tree.n
    h = tree.head(x)
    if h and h not in carriers and tree.w(h).udeprel == "ccomp" and tree.head(h) and tree.head(h) < tree.lo[h] and tree.lo[h] <= a < h:
        lo_s, hi_s = tree.lo[h], tree.hi[h]
        ctx.stats["according:in-complement"] += 1
    parts = []
    left = tree.trimmed_extent(lo_s, a - 1, drop_lead=("that",)) if a > lo_s else None
    right = tree.trimmed_extent(np_end + 1, hi_s, drop_lead=("that",)) if np_end < hi_s else None
    for ext in (left, right):
        if ext and regex.search(r"[\p{L}\p{N}]", text[ext[0]:ext[1]]):
            parts.append(Span.of(text, *ext))
    if not parts:
        return None
    src = _make_source(ctx, tree, x)
    if src is not None and src.span.end > tree.w(np_end).end:
        src = None
    cue = (Span.of(text, tree.w(a).start, tree.w(b).end),)
    relays = []
    # "according to a transcript released by the Kremlin": whoever released it relays it
    for c in carriers:
        if frame_of(ctx.lex, tree.w(c), "carry"):
            agent = next((k for k in tree.kids[c] if k > c and any(tree.w(y).text.lower() == "by" for y in tree.children(k, "case"))), None)
            by = _make_source(ctx, tree, agent) if agent is not None else None
            if by is not None:
                case = tree.children(agent, "case")[0]
                relays.append(Relay(by, (Span.of(text, tree.w(c).start, tree.w(case).end),)))
                if src is not None:  # the document, not who released it
                    src = _mention_before(tree, text, src, x, c)
                ctx.stats["relay:according-released-by"] += 1
            break
    # "according to three people …, who spoke to The Wall Street Journal": the outlet they
    # spoke to relays them, like an addressee; the relative clause is no part of the mention
    for r in range(x + 1, np_end + 1):
        if tree.w(r).deprel != "acl:relcl" or not any(tree.w(k).text.lower() in ("who", "whom") for k in tree.children(r, "nsubj")):
            continue
        lem = (tree.w(r).lemma or "").lower()
        to = [k for k in tree.children(r, "obl") if lem in ("speak", "talk") and any(tree.w(y).text.lower() in ("to", "with") for y in tree.children(k, "case"))]
        to += tree.children(r, "obj", "iobj") if lem == "tell" else []
        outlet = next((o for o in (_make_source(ctx, tree, k) for k in to) if o is not None and o.type == "outlet"), None)
        if outlet is not None and src is not None:
            relays.append(Relay(outlet, (outlet.span,)))
            end = tree.lo[r] - 1
            while end > x and tree.is_punct(end):
                end -= 1
            src = mention_source(tree, x, text, ctx.lex, end)
            ctx.stats["relay:according-who-spoke-to"] += 1
        break
    # "according to the Associated Press, which cited police": the cited are the source, the
    # outlet relays them (as in "X, citing Y, said")
    # (and "according to a Reuters report citing two sources")
    # (and "according to a report by the Nikkei business daily that cited …": the report's author cited them)
    by_author = {r: k for k in tree.children(x, "nmod") if any(tree.w(y).text.lower() == "by" for y in tree.children(k, "case"))
                 for r in tree.children(k, "acl")}
    for r in tree.children(x, "acl") + ([cite_after] if cite_after is not None else []) + list(by_author):
        citing = tree.w(r).xpos == "VBG" and tree.w(r).text.lower() in ("citing", "quoting")
        if (tree.w(r).deprel == "acl:relcl" and ((tree.w(r).lemma or "").lower() in ("cite", "quote") or tree.w(r).text.lower() in ("cited", "quoted"))) \
                or (citing and r > x) or r == cite_after:
            o = tree.child(r, "obj")
            cited = _make_source(ctx, tree, o) if o is not None and not _cited_reason(ctx, tree, o) else None
            if cited is not None and src is not None:
                if citing:  # the report, not whom it cites
                    src = _mention_before(tree, text, src, x, r)
                author = _make_source(ctx, tree, by_author[r]) if r in by_author else None
                if author is not None:
                    src = _mention_before(tree, text, author, by_author[r], r)
                relays.append(Relay(src, cue))
                src = cited
                cue = cue + (Span.of(text, tree.w(r).start, tree.w(r).end),)
                ctx.consumed.add((tree.index, r))
                ctx.stats["relay:according-which-cited"] += 1
            break
    return _Draft(parts, cue, src, relays, hit.strength, "according", tree.index, a)


def _mention_before(tree: Tree, text: str, src: Source, x: int, c: int) -> Source:
    """``src`` (headed by ``x``) cut before its modifier ``c`` and the punctuation
    before it: "a transcript released by …", "a Reuters report citing …"."""
    if src.span.end <= tree.w(c).start:
        return src
    end = c - 1
    while end > x and tree.is_punct(end):
        end -= 1
    return attrs.evolve(src, span=Span.of(text, src.span.start, tree.w(max(end, x)).end))


def _child_toward(tree: Tree, x: int, k: int) -> int:
    """The child of ``x`` whose subtree holds word ``k`` (``k`` itself when it is one)."""
    while tree.head(k) and tree.head(k) != x:
        k = tree.head(k)
    return k


def _survey(ctx: _Ctx, tree: Tree, hit: CueHit) -> Optional[_Draft]:
    """ "In a CNN poll released Monday, 50 percent chose Clinton": the cue is "in", the
    source the poll's noun phrase, the content the clause the phrase modifies (what
    follows an opening phrase, what precedes a later one), as PolNeAR annotates."""
    text = ctx.text
    x = tree.head(hit.word)
    clause = tree.head(x)
    if not clause or tree.w(x).udeprel not in ("obl", "nmod"):
        return None
    for _ in range(tree.n):  # bounded: a bad parse may hold a cycle
        if not tree.head(clause) or tree.w(clause).upos in ("VERB", "AUX") or tree.child(clause, "cop") is not None:
            break
        clause = tree.head(clause)  # "a lead in the polls": the clause, not the noun
    lo, hi = tree.lo[x], tree.hi[x]
    # an opening phrase credits what follows it; a later one what precedes it
    ext = tree.trimmed_extent(hi + 1, tree.hi[clause]) if lo <= tree.lo[clause] else tree.trimmed_extent(tree.lo[clause], lo - 1)
    if not ext or not regex.search(r"[\p{L}\p{N}]", text[ext[0]:ext[1]]):
        return None
    parts = [Span.of(text, *ext)]
    ext = tree.trimmed_extent(hit.word + 1, hi)
    if not ext:
        return None
    ctx.stats["frame:survey"] += 1
    return _Draft(parts, (Span.of(text, tree.w(hit.word).start, tree.w(hit.word).end),), _plain_source(ctx, Span.of(text, *ext)),
                  [], hit.strength, "according", tree.index, hit.word)


def _nominal(ctx: _Ctx, tree: Tree, hit: CueHit) -> Optional[_Draft]:
    """ "X's claim that …", "a statement by X that …", "X made the assertion that …"."""
    text = ctx.text
    n = hit.word
    comp = [c for c in tree.children(n, "acl", "ccomp") if any(tree.w(m).text.lower() == "that" for m in tree.children(c, "mark")) or tree.w(c).deprel == "ccomp"]
    k = None
    if not comp:
        k = ctx.quote_starting_near(_clause_end(tree, n, [], ctx)[1], +1)
        if k is None or ctx.used_quotes.get(k) is not None or _own_reporting_clause(ctx, ctx.quotes[k]):
            return None  # ("… when told of his comments. “…,” she said": the quote has its own speaker)
    src_id = tree.child(n, "nmod:poss")
    if src_id is None:
        src_id = next((c for c in tree.children(n, "nmod") if any(tree.w(x).text.lower() in ("by", "from", "of") for x in tree.children(c, "case"))), None)
    if src_id is None and tree.w(n).udeprel in ("obj",) and tree.w(tree.head(n)).lemma in ("make", "issue", "release", "give", "publish", "deliver", "repeat"):
        src_id, _ = _subject(tree, tree.head(n))
    if src_id is None:
        return None
    if k is not None:
        span = ctx.quotes[k].content
    else:
        span = _content_from(tree, comp, text)
    if span is None:
        return None
    return _Draft([span], _span_of_words(tree, [n], text), _make_source(ctx, tree, src_id), [], hit.strength * 0.85, "nominal", tree.index, n)


# ------------------------------------------------------------- quote fallbacks

_SURFACE_RELAY = regex.compile(r"\A[\s,\u2014\u2013-]*(?P<np1>(?:[\p{Lu}][\p{L}.\-]*\s+){0,4}?[\p{Lu}][\p{L}.\-]*)\s+quoted\s+(?P<np2>[\p{L}\s\-']{2,80}?)\s+as\s+saying\b")
_SURFACE_SAID_AFTER = regex.compile(r"\A[^\S\n,]*[,\u2014\u2013-]?[^\S\n]*(?P<verb>said|says|added|told|wrote|asked|explained|insisted|warned)[^\S\n]+(?P<np>(?:[\p{Lu}][\p{L}.\-']*[^\S\n]*){1,5})")
_SURFACE_ADDRESSEE = regex.compile(r"[^\S\n]+(?P<np>(?:(?:the|a)[^\S\n]+)?(?:[\p{L}][\p{L}.\-']*[^\S\n]+){0,5}?[\p{L}][\p{L}.\-']*)(?=[^\S\n]*(?:[,.;:!?]|$))")
_SURFACE_NP_SAID = regex.compile(r"\A[^\S\n,]*[,\u2014\u2013-]?[^\S\n]*(?P<np>(?:(?:the|a)[^\S\n]+)?(?:[\p{L}][\p{L}.\-']*[^\S\n]+){0,4}?[\p{L}][\p{L}.\-']*)"
                              # (an aside between speaker and cue: "“…,” the minister, speaking to ANSA, said")
                              r"(?:[^\S\n]*,[^\S\n]*(?:speaking|talking|writing)[^\S\n]+(?:to|with|in|for|on)[^\S\n]+(?:(?:the|a|an)[^\S\n]+)?(?P<to>[^,\n]{1,60}?)"
                              r"(?:[^\S\n]+(?:on|in|at|after|before|during|by|from|late|early|last|this)\b[^,\n]{0,40})?[^\S\n]*,)?"
                              r"[^\S\n]+(?P<verb>said|says|added|told|wrote|asked|explained|insisted|warned)\b")


# a quotation's own reporting clause, more loosely than the fallbacks read one: a speaker
# of up to six words, an apposition set off by commas, then a verb of saying ("“…,” her
# spokeswoman, Amanda Cole, said in a statement"; "“…,” Ms. Morales testified")
_OWN_CLAUSE = regex.compile(
    r"\A[^\S\n,]*[,\u2014\u2013-]?[^\S\n]*(?:[\p{L}][\p{L}.\-'\u2019]*[^\S\n]+){0,5}?[\p{L}][\p{L}.\-'\u2019]*"
    r"(?:[^\S\n]*,[^\S\n]*[^,\n\u201c\u201d\"]{1,60}?,)?[^\S\n]+(?:(?:also|later|then|quickly)[^\S\n]+)?"
    r"(?P<verb>said|says|added|told|tells|wrote|writes|asked|explained|insisted|warned|testified|replied|responded|recalled|"
    r"continued|declared|argued|noted|stated|tweeted|posted|acknowledged|admitted|conceded|countered|shouted|joked|laughed)\b")

_LABEL = regex.compile(
    r"(?P<name>\p{Lu}[\p{Lu}.'\-]*(?:[ ]\p{Lu}[\p{Lu}.'\-]*){0,2}|\p{Lu}[\p{L}.'\-]*(?:[ ]\p{Lu}[\p{L}.'\-]*){0,3})(?P<colon>:)[ \t]+(?=\S)"
)
_NOT_LABELS = frozenset("""update updated note editor's editor breaking watch related photo photos video correction
warning source sources read q a exclusive listen live full text transcript background context question answer
example contact email phone tel fax website tags tag category published posted filed by author credit image images
caption disclosure disclaimer clarification spoiler analysis opinion commentary review poll: see also more
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday today tonight yesterday""".split())
# a headline's label may be in mixed case ("NY Daily News: …", "Clinton camp: …", "Poll: …")
_HEADLINE_LABEL = regex.compile(
    r"(?P<name>[\p{Lu}\p{N}][\p{L}\p{N}.'’\-&]*(?:[ ][\p{L}\p{N}.'’\-&]+){0,5})(?P<colon>:)[ \t]+(?=\S)"
)
_FINITE_BE_HAVE = frozenset("is are was were has have had".split())
_HEADLINE_MAX = 300  # characters: a longer first paragraph is body text, not a headline


def _verb_form(lex: Lexicon, w: str) -> bool:
    """Whether a word of a title-case label looks like a cue verb ("Endorses", "Says", "said")."""
    forms = {w, *lemma_guesses(w)} if len(w) > 3 else {w}
    return w in _IRREGULAR_CUE_FORMS or any(f in lex.verbs or lex.learned.get(f, 0.0) >= 0.3 for f in forms)


_IRREGULAR_CUE_FORMS = frozenset("said says told tells wrote writes thought thinks".split())


# a wire headline's closing credit after a spaced dash ("… oil tanker in Gulf -state TV")
# (or " - Kyodo", spaced on both sides)
_HEADLINE_CREDIT = regex.compile(r"[^\S\n]+(?P<dash>--|[-\u2013\u2014])[^\S\n]?(?P<credit>\p{L}[\p{L}\p{N} .&'\u2019]{1,40}?)[^\S\n]*\Z")
# what such a credit names when it is no known outlet: the speakers or the medium
_CREDIT_WORDS = frozenset("sources source report reports media statement official officials document documents filing "
                          "poll survey tv radio agency newspaper data spokesman spokeswoman spokesperson ministry".split())


def _headline_credit(ctx: _Ctx, drafts: List[_Draft]) -> None:
    """The closing credit of a wire headline: "Iran says it has seized oil tanker in Gulf
    -state TV", "Company plans to cut 500 jobs -sources" (Reuters' headline style). The
    credit relays the headline's attribution (outermost), or is the source of a
    headline that has none; it is never part of the content."""
    if not ctx.paras:
        return
    start, end = ctx.paras[0]
    if end - start > _HEADLINE_MAX or "\n" in ctx.text[start:end].strip():
        return
    m = _HEADLINE_CREDIT.search(ctx.text, start, end)
    if not m or m.start() <= start:
        return
    credit = Span.of(ctx.text, m.start("credit"), m.end("credit"))
    src = _plain_source(ctx, credit)
    if not (src.type == "outlet" or credit.text.lower().split()[-1] in _CREDIT_WORDS):
        return
    dash = (Span.of(ctx.text, m.start("dash"), m.end("dash")),)
    cut = m.start()
    mine = [d for d in drafts if d.cue and start <= d.cue[0].start < cut]
    for d in mine:
        d.content = [c if c.end <= cut else Span.of(ctx.text, c.start, cut) for c in d.content if c.start < cut]
        if d.content:
            d.relays.insert(0, Relay(src, dash))
    if mine:
        ctx.stats["relay:headline-credit"] += 1
        return
    content = _strip_span(ctx.text, Span.of(ctx.text, start, cut))
    if content is not None and len(content.text.split()) >= 3:
        drafts.append(_Draft([content], dash, src, [], 0.6, "headline-credit", -1, -1))
        ctx.stats["rule:headline-credit"] += 1


def _headline_label(ctx: _Ctx, start: int, end: int):
    """The label of a headline "Name: words", or None.

    News headlines credit a claim with a colon ("Graham: Trump's rhetoric destroying
    GOP's chance"); PolNeAR annotates the colon as the cue. Kickers ("Breaking:") and
    labels that hold a verb ("Fiorina Endorses Cruz: …") are not speakers.
    """
    if end - start > _HEADLINE_MAX or "\n" in ctx.text[start:end].strip() or len(ctx.paras) < 2:
        return None  # a headline is a short first paragraph with a body after it
    m = _HEADLINE_LABEL.match(ctx.text, start, end)
    if not m:
        return None
    name = m.group("name")
    low = name.lower()
    words = low.replace("’", "'").split()
    if low in ctx.lex.headline_kickers or words[0] in _NOT_LABELS and words[0] != "poll" or low in ctx.lex.places:
        return None
    if any(w in _FINITE_BE_HAVE or _verb_form(ctx.lex, w) for w in words[1:]):
        return None
    colon = m.start("colon")
    if any(w.upos in ("VERB", "AUX") and start <= w.start < colon for t in ctx.trees[:3] for w in t.sent.words):
        return None
    return m


# cue classes a headline verb may have ("Says", "Warns", "Urges", "Slams", "Denies")
_HEADLINE_CLASSES = frozenset(["speech", "reporting", "writing", "accusation", "demand", "denial", "evaluation"])
_HEADLINE_PREPOSITIONS = frozenset("in on at to for with from by into over about after before against".split())
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}.'’\-&]*")


def _headline_verb(ctx: _Ctx) -> Optional[_Draft]:
    """Headlinese: "Former Clinton Pollster Says Clinton Is In Trouble", "Clinton Urges
    Britain to Remain", "… Is Like A Lawyer’s Dumbest Client Ever, Trevor Noah Says".

    A parser trained on running text misreads a title-case headline (the verb as a
    name), so the headline's subject, present-tense cue verb and claim are read on the
    surface: the first paragraph, short and mostly capitalized, with a body after it.
    The claim ends at a comma before a second verb ("…, Calls Trump's Remarks
    'Troubling'") or at a subordinator ("… As Sanders Turns Up The Heat").
    """
    if len(ctx.paras) < 2:
        return None
    start, end = ctx.paras[0]
    text = ctx.text
    if end - start > _HEADLINE_MAX or "\n" in text[start:end].strip() or ctx.excluded_at(start):
        return None
    words = list(_WORD.finditer(text, start, end))
    caps = [w for w in words if w.group()[0].isupper() or w.group()[0].isdigit()]
    if len(words) < 4 or len(caps) < 0.7 * len(words):
        return None  # running text, not a title-case headline
    # (after a label or kicker: "Wow: Al Sharpton Just Said …")
    first = next((i for i, w in enumerate(words) if ":" in text[start:w.start()]), 0)

    def verb(i: int) -> bool:
        low = words[i].group().lower()
        if not words[i].group()[0].isupper() or not (low.endswith("s") or low == "said"):
            return False
        return any(ctx.lex.verbs.get(f, ("-", 0))[0] in _HEADLINE_CLASSES for f in ({low, *lemma_guesses(low)} if low != "said" else {"say"}))

    for i in range(first + 1, len(words)):
        if not verb(i):
            continue
        name = words[first:i]
        if not 1 <= len(name) <= 6 or any(w.group().lower() in _FINITE_BE_HAVE or w.group().lower() in _HEADLINE_PREPOSITIONS
                                          or _verb_form(ctx.lex, w.group().lower()) for w in name):
            return None  # (a preposition: a clause before the verb, "… Spending In Battleground States")
        if "," in text[name[0].start():name[-1].end()]:
            # "Claim, Trevor Noah Says.": the claim before the comma, the name after it
            comma = text.rindex(",", name[0].start(), name[-1].end())
            if i != len(words) - 1 or comma <= start:
                return None
            src_words = [w for w in name if w.start() > comma]
            content = _strip_span(text, Span.of(text, name[0].start(), comma))
        else:
            src_words = name
            stop = end
            for j in range(i + 1, len(words)):
                gap = text[words[j - 1].end():words[j].start()]
                if ("," in gap and verb(j)) or words[j].group().lower() in _SUBORDINATORS or words[j].group().lower() == "as":
                    stop = words[j - 1].end()
                    break
            after = text[words[i].end():words[i + 1].start()] if i + 1 < len(words) else ","
            content = _strip_span(text, Span.of(text, words[i].end(), stop)) if "," not in after else None  # "Laughs, Evades …"
        if content is None or not src_words or len(_WORD.findall(content.text)) < 2:
            return None
        src = _plain_source(ctx, Span.of(text, src_words[0].start(), src_words[-1].end()))
        ctx.stats["fallback:headline-verb"] += 1
        return _Draft([content], (Span.of(text, words[i].start(), words[i].end()),), src, [], 0.7, "headline", -1, -1)
    return None


def _speaker_labels(ctx: _Ctx) -> List[_Draft]:
    """Transcripts and headlines: "TAPPER: Do you think …", "NY Daily News: …".

    A paragraph that opens with a speaker label and a colon attributes the rest
    of the paragraph to it. The label is a name in capitals (the transcript
    convention) or a known outlet; the colon is the cue (as PolNeAR annotates).
    """
    out: List[_Draft] = []
    text = ctx.text
    for k, (start, end) in enumerate(ctx.paras):
        if ctx.excluded_at(start):
            continue
        m = _headline_label(ctx, start, end) if k == 0 else None
        headline = m is not None
        m = m or _LABEL.match(text, start, end)
        if not m:
            continue
        name = m.group("name")
        low = name.lower()
        caps = name.upper() == name and any(ch.isalpha() for ch in name) and len(name) >= 3
        if not headline and (low.split()[0] in _NOT_LABELS or low in ctx.lex.places or low in ctx.lex.headline_kickers):
            continue
        if not (headline or caps or low in ctx.lex.outlets):
            continue
        content = Span.of(text, m.end(), end)
        content = _strip_span(text, content) if not text[end - 1:end] in "”’\"" else content
        if content is None or len(regex.findall(r"[\p{L}\p{N}]+", content.text)) < 3:
            continue
        relays: List[Relay] = []
        to = regex.match(r"(.+?) to (.+)\Z", name) if headline else None
        if to is not None:
            # "Zelensky to CNN: “…”": the headline's outlet was told it, and relays it
            told = _plain_source(ctx, Span.of(text, m.start("name") + to.start(2), m.end("name")))
            # (an addressee that is no outlet relays nothing: "Graham to Trump: …")
            if told.type == "outlet":
                relays.append(Relay(told, (told.span,)))
        src = _plain_source(ctx, Span.of(text, m.start("name"), m.start("name") + to.end(1) if to is not None else m.end("name")))
        if src.type == "unknown" and caps:
            src = Source(src.span, src.entity.title() if len(name) > 4 else src.entity, "person")
        d = _Draft([content], (Span.of(text, m.start("colon"), m.end("colon")),), src, relays, 0.8, "speaker-label", -1, -1)
        d.kind = "direct"  # a transcript turn is the speaker's own words, verbatim
        ctx.stats["rule:speaker-label"] += 1
        out.append(d)
    return out


def _surface(ctx: _Ctx, q: Quote) -> Optional[_Draft]:
    """Surface patterns right after a closing mark, for trees that hide the cue.

    Only a quote that does not end its sentence can be followed by its own
    reporting clause (“…,” he said / “…?” she asked); after “….” a new sentence begins.
    """
    text = ctx.text
    window = _reporting_window(ctx, q)
    if window is None:
        return None
    for pat, rule in ((_SURFACE_RELAY, "surface-relay"), (_SURFACE_SAID_AFTER, "surface-said-np"), (_SURFACE_NP_SAID, "surface-np-said")):
        m = pat.match(window)
        if not m:
            continue
        if rule == "surface-relay":
            np1 = Span.of(text, q.end + m.start("np1"), q.end + m.end("np1"))
            np2 = Span.of(text, q.end + m.start("np2"), q.end + m.end("np2"))
            cue = (Span.of(text, q.end + m.end("np1") + 1, q.end + m.end("np1") + 1 + len("quoted")), Span.of(text, q.end + m.end("np2") + 1, q.end + m.end()))
            relay = Relay(_plain_source(ctx, np1), cue[:1])
            return _Draft([q.content], cue, _plain_source(ctx, np2), [relay], 0.6, rule, -1, -1)
        np = Span.of(text, q.end + m.start("np"), q.end + m.end("np"))
        np = _strip_span(text, np)
        if np is None:
            continue
        cue = (Span.of(text, q.end + m.start("verb"), q.end + m.end("verb")),)
        relays = []
        to = _strip_span(text, Span.of(text, q.end + m.start("to"), q.end + m.end("to"))) if rule == "surface-np-said" and m.group("to") else None
        if to is not None:
            # "“…,” the minister, speaking to ANSA, said": the outlet spoken to relays
            addressee = _plain_source(ctx, to)
            if addressee.type == "outlet":
                relays.append(Relay(addressee, (addressee.span,)))
                ctx.stats["relay:surface-aside"] += 1
        if rule == "surface-np-said" and m.group("verb") == "told":
            # "“…,” the general told state news agency RIA Novosti": an outlet addressee
            # relays, as in the tree rule (its cue is its own mention)
            t = _SURFACE_ADDRESSEE.match(window, m.end())
            to = _strip_span(text, Span.of(text, q.end + t.start("np"), q.end + t.end("np"))) if t else None
            addressee = _plain_source(ctx, to) if to is not None else None
            if addressee is not None and addressee.type == "outlet":
                relays.append(Relay(addressee, (addressee.span,)))
                ctx.stats["relay:surface-addressee"] += 1
        return _Draft([q.content], cue, _plain_source(ctx, np), relays, 0.55, rule, -1, -1)
    return None


def _reporting_window(ctx: _Ctx, q: Quote, size: int = 200) -> Optional[str]:
    """The ``size`` characters after the quote's closing mark, if a reporting clause
    may follow it: only a quote that does not end its sentence can be followed by its own."""
    window = ctx.text[q.end:q.end + size]
    # (the comma may sit inside an inner quotation's closing mark: “He said, ‘No,’” she said)
    if q.content.text.rstrip().rstrip("'\u2019\"\u201d")[-1:] not in (",", "?", "!", "\u2014", "-") and not window.lstrip(" ").startswith(","):
        return None
    return window


def _own_reporting_clause(ctx: _Ctx, q: Quote) -> bool:
    """Whether a reporting clause follows the quote's closing mark ("“…,” he said",
    "“…?” asked Smith"), so that no earlier cue may claim it."""
    window = _reporting_window(ctx, q, 160)
    return window is not None and bool(_SURFACE_SAID_AFTER.match(window) or _SURFACE_NP_SAID.match(window) or _OWN_CLAUSE.match(window))


def _strip_span(text: str, span: Span) -> Optional[Span]:
    s, e = span.start, span.end
    while s < e and not text[s].isalnum():
        s += 1
    while e > s and not text[e - 1].isalnum():
        e -= 1
    return Span.of(text, s, e) if e > s else None


def _plain_source(ctx: _Ctx, span: Span) -> Source:
    """A source from a surface span, typed by the gazetteer and word lists."""
    low = span.text.lower()
    words = low.split()
    if low in ctx.lex.outlets:
        return Source(span, ctx.lex.outlets[low], "outlet")
    if low in ctx.lex.pronouns:
        t = ctx.lex.pronouns[low][0]
        return Source(span, span.text, {"group": "unknown"}.get(t, t))
    name_words = span.text.split()
    while name_words and name_words[0].lower() in ("the", "a", "an"):
        name_words = name_words[1:]
    name = " ".join(name_words) or span.text
    for k in range(1, len(words)):  # "state news agency RIA Novosti": a known outlet after its description
        if " ".join(words[k:]) in ctx.lex.outlets and any(w in ctx.lex.outlet_words for w in words[:k]):
            return Source(span, ctx.lex.outlets[" ".join(words[k:])], "outlet")
    if any(w in ctx.lex.outlet_words for w in words) or (len(name_words) >= 2 and name_words[-1].lower() in ctx.lex.mastheads):
        return Source(span, name, "outlet")
    if any(w in ctx.lex.org_words for w in words) or low in ctx.lex.places:
        return Source(span, name, "organization")
    if any(w.strip(".") in ctx.lex.titles for w in words) or len(name_words) >= 2 and all(w[:1].isupper() for w in name_words):
        return Source(span, name, "person")
    return Source(span, name, "unknown")


def _proximity(ctx: _Ctx, q: Quote, hits_by_sent: Dict[int, List[Tuple[Tree, CueHit]]], used_cues: set) -> Optional[_Draft]:
    """A cue verb outside quotes in a sentence the quote touches."""
    best = None
    for si in _sentences_touching(ctx, q.start, q.end):
        for tree, hit in hits_by_sent.get(si, ()):
            if (si, hit.word) in used_cues or hit.pos != "verb" or hit.cue_class not in ("speech", "writing", "relay", "reporting"):
                continue
            w = tree.w(hit.word)
            if q.start <= w.start < q.end or ctx.top_quote_at(w.start) is not None:
                continue
            dist = q.start - w.end if w.end <= q.start else w.start - q.end
            if dist < 0 or dist > 120:
                continue
            if w.start >= q.end and q.content.text.rstrip()[-1:] not in (",", "?", "!") and not ctx.text[q.end:w.start].lstrip(" ").startswith(","):
                continue  # “….” ends the sentence: a later verb reports something else
            subj, inh = _subject(tree, hit.word)
            if subj is None:
                continue
            if best is None or dist < best[0]:
                best = (dist, tree, hit, subj)
    if best is None:
        return None
    _, tree, hit, subj = best
    used_cues.add((tree.index, hit.word))
    return _Draft([q.content], _span_of_words(tree, list(cue_spans_words(tree, hit, ctx.lex)), ctx.text), _make_source(ctx, tree, subj),
                  outlet_addressees(tree, hit.word, ctx.text, ctx.lex), hit.strength * 0.75, "proximity", tree.index, hit.word)


def _programme_outlet(tree: Tree, k: int, text: str, lexicon: Lexicon) -> int:
    """The one told when ``k`` is told: its outlet when ``k`` is a programme or page the
    outlet owns ("told the BBC's Today programme", "told the newspaper's editorial
    board"), else ``k``."""
    poss = tree.child(k, "nmod:poss")
    if poss is None or tree.w(k).upos != "NOUN":
        return k
    return poss if mention_source(tree, poss, text, lexicon).type == "outlet" else k


def outlet_addressees(tree: Tree, v: int, text: str, lexicon: Lexicon) -> List[Relay]:
    """The outlets the words of cue verb ``v`` were spoken to ("told The Hill", "said to
    CNN", "said on CNN", "in an interview with The Guardian"): they relay the words, as
    the clause frame's addressees do. For the cues of the fallbacks and of the span
    tagger, which have no frame of their own."""
    out = []
    tell = (tree.w(v).lemma or "").lower() == "tell"

    def case(k: int, *words: str) -> bool:
        return any(tree.w(x).text.lower() in words for x in tree.children(k, "case"))

    for c in tree.kids[v]:
        rel = tree.w(c).udeprel
        if c < v:
            continue
        if tell and rel in ("obj", "iobj"):
            targets = [_programme_outlet(tree, c, text, lexicon)]  # "told The Hill", "told the BBC's Today programme"
        elif rel == "obl" and case(c, "to", "on"):
            targets = [c]  # "said to CNN", "said on CNN"
        elif rel in ("obl", "ccomp") and case(c, "in") and frame_of(lexicon, tree.w(c), "event"):
            targets = [n for n in tree.children(c, "nmod") if case(n, "with", "to")]  # "in an interview with The Guardian"
            # "in an interview published on Sunday by Le Journal du Dimanche": the outlet that carried it
            # (the parser may read the phrase as a complement: "ccomp")
            targets += [a for p in tree.children(c, "acl") if frame_of(lexicon, tree.w(p), "carry")
                        for a in tree.children(p, "obl") if case(a, "by")]
        else:
            continue
        for k in targets:
            src = mention_source(tree, k, text, lexicon)
            if src.type == "outlet":
                out.append(Relay(src, _span_of_words(tree, [k], text)))
    return out


def _sentences_touching(ctx: _Ctx, start: int, end: int) -> List[int]:
    out = []
    k = ctx.sent_of(start)
    while k < len(ctx.trees) and ctx.trees[k].sent.start < end + 2:
        out.append(k)
        k += 1
    return out


_POSSESSIVE_BEFORE = regex.compile(r"(\p{L}[\p{L}\p{N}&.-]*)(?:['\u2019]s|(?<=s)['\u2019])\s*$")
# "It's “a disaster,” he said": a contraction, not a possessive
_NOT_POSSESSORS = frozenset(["it", "that", "he", "she", "there", "here", "what", "who", "where", "how", "let", "this"])


def _after_possessive(ctx: _Ctx, q: Quote) -> bool:
    """A quotation right after a possessive is a title or a scare quote, not speech
    ("NBC's “Meet the Press”", "Fox News channel's “Sunday Morning Futures”")."""
    m = _POSSESSIVE_BEFORE.search(ctx.text[max(0, q.start - 40):q.start])
    return m is not None and m.group(1).lower() not in _NOT_POSSESSORS


def _substantial(ctx: _Ctx, q: Quote) -> bool:
    """A quotation rather than a scare quote: several words, or a sentence."""
    words = regex.findall(r"[\p{L}\p{N}]+", q.content.text[:400])
    return len(words) >= 4 or (len(words) >= 2 and q.content.text.rstrip()[-1:] in ".!?,")


# ------------------------------------------------------------------- assembly


def attribute_parsed(doc: Document, scan: ScanResult, lexicon: Lexicon, excluded: Sequence[Span] = (), use_model: bool = True, fallbacks: bool = True) -> Tuple[List[Attribution], Counter]:
    """All attributions of a parsed document (see the module docstring).

    The cyclic garbage collector is paused meanwhile: the stage allocates many
    small acyclic objects, and collections over a large document's live objects
    would make its cost grow faster than its length.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _attribute_parsed(doc, scan, lexicon, excluded, use_model, fallbacks)
    finally:
        if enabled:
            gc.enable()


def _attribute_parsed(doc: Document, scan: ScanResult, lexicon: Lexicon, excluded: Sequence[Span], use_model: bool, fallbacks: bool) -> Tuple[List[Attribution], Counter]:
    ctx = _Ctx(doc, scan, lexicon, excluded)
    ctx.fallbacks = fallbacks
    drafts: List[_Draft] = []
    hits_by_sent: Dict[int, List[Tuple[Tree, CueHit]]] = {}
    used_cues: set = set()
    for tree in ctx.trees:
        for hit in find_cues(tree, lexicon, lambda off: ctx.top_quote_at(off) is not None, use_model=use_model):
            if ctx.excluded_at(tree.w(hit.word).start):
                continue
            hits_by_sent.setdefault(tree.index, []).append((tree, hit))
            ctx.cue_words.add((tree.index, hit.word))
    # a cue verb inside another cue's catenative chain ("declined" in "declined to
    # comment") is part of that cue, not a cue of its own
    for si, pairs in hits_by_sent.items():
        if len(pairs) > 1:
            inner = {k for tree, hit in pairs if hit.pos == "verb" for k in _catenative(tree, hit.word, (hit.word,))[1]}
            if inner:
                hits_by_sent[si] = [(t, h) for t, h in pairs if h.word not in inner]
    # cue-centric rules
    for si in sorted(hits_by_sent):
        for tree, hit in hits_by_sent[si]:
            if (si, hit.word) in ctx.consumed:
                continue
            d = _cue_draft(ctx, tree, hit)
            if d is not None:
                d.content = [c for c in (_clip(ctx, c) for c in d.content) if c is not None]
            if d is None or not d.content or not regex.search(r"[\p{L}\p{N}]", d.content[0].text):
                continue
            if hit.cue_class == "learned" and d.source is None:
                continue  # a weak cue with no source is more often not an attribution
            if _leaves_its_quote(ctx, d):
                ctx.stats["drop:cue-quoted-content-not"] += 1
                continue
            if d.source is not None and any(c.start < d.source.span.end and d.source.span.start < c.end for c in d.content):
                continue  # the words of a source are never its own content (a misparse)
            _classify(ctx, d)
            if d.kind == "direct":
                k = d.quote_ids[0]
                if ctx.used_quotes.get(k) is not None:
                    continue
                ctx.used_quotes[k] = len(drafts)
            used_cues.add((si, hit.word))
            ctx.stats["rule:" + d.rule] += 1
            drafts.append(d)
    _cut_final_credits(ctx, drafts)
    _final_report(ctx, drafts)
    labels = _speaker_labels(ctx)
    if labels:
        # a speaker label ("HALEY:") is never the content of another cue (a misparse);
        # labels open their paragraphs, so they are sorted and disjoint
        names = [(d.source.span.start, d.cue[0].end) for d in labels if d.source is not None]
        starts = [a for a, _ in names]

        def on_label(c: Span) -> bool:
            k = bisect.bisect_left(starts, c.end) - 1
            return k >= 0 and names[k][1] > c.start

        drafts[:] = [d for d in drafts if not any(on_label(c) for c in d.content)]
    drafts.extend(labels)
    # a headline no rule read (its first paragraph holds no cue yet) is read on the surface
    if ctx.fallbacks and ctx.paras and not any(d.cue and ctx.paras[0][0] <= d.cue[0].start < ctx.paras[0][1] for d in drafts):
        head = _headline_verb(ctx)
        if head is not None:
            drafts.append(head)
    _headline_credit(ctx, drafts)
    # quotes that continue a direct attribution are claimed before any fallback
    _split_quotes(ctx, drafts)
    # quote-centric fallbacks
    _index_contents(ctx, drafts)
    fallback_drafts = []
    for k, q in enumerate(ctx.quotes):
        if q.level > 0 or k in ctx.used_quotes or ctx.excluded_at(q.start) or not _substantial(ctx, q) or _after_possessive(ctx, q):
            continue
        if _inside_content(ctx, q):
            continue
        d = (_surface(ctx, q) or _proximity(ctx, q, hits_by_sent, used_cues)) if ctx.fallbacks else None
        if d is not None:
            d.kind, d.quote_ids = "direct", [k]
            ctx.used_quotes[k] = len(drafts) + len(fallback_drafts)
            ctx.stats["fallback:" + d.rule] += 1
            fallback_drafts.append(d)
    drafts.extend(fallback_drafts)
    _carried_by(ctx, drafts)
    _remarks_to(ctx, drafts)
    _split_quotes(ctx, drafts)
    _continuations(ctx, drafts)
    _lead_ins(ctx, drafts)
    _participle_relays(ctx, drafts)
    drafts.sort(key=lambda d: (d.content[0].start, d.cue[0].start if d.cue else 0))
    return _finish(ctx, drafts), ctx.stats


def _relaying_participle(tree: Tree, c: int) -> bool:
    """Whether word ``c`` is a past participle that relays ("quoted", "carried", "seen")."""
    return tree.w(c).xpos == "VBN" and ((tree.w(c).lemma or "").lower() in _RELAYING_PARTICIPLES or tree.w(c).text.lower() in ("quoted", "cited"))


def _outlet_at(ctx: _Ctx, tree: Tree, k: Optional[int]) -> Optional[Source]:
    """The source named by the phrase of word ``k`` if it is an outlet, else None."""
    src = _make_source(ctx, tree, k) if k is not None else None
    return src if src is not None and src.type == "outlet" else None


def _by_agent(tree: Tree, c: int) -> Optional[int]:
    """The head of the "by" phrase after participle ``c`` (its agent), or None."""
    return next((k for k in tree.kids[c] if k > c and any(tree.w(x).text.lower() == "by" for x in tree.children(k, "case"))), None)


def _relay_by(ctx: _Ctx, tree: Tree, c: int, relays: List[Relay], stat: str) -> bool:
    """Whether word ``c`` is a relaying participle with its "by" agent ("quoted by
    TASS", "seen by the BBC"); if so, the agent's relay is added to ``relays``."""
    contact = (tree.w(c).lemma or "").lower() in _CONTACT_PARTICIPLES and tree.w(c).xpos == "VBN"
    if not (contact or _relaying_participle(tree, c)):
        return False
    agent = _by_agent(tree, c)
    src = _make_source(ctx, tree, agent) if agent is not None else None
    if src is None or (contact and src.type != "outlet"):  # ("reached by phone", "interviewed by police")
        return False
    case = tree.children(agent, "case")[0]
    # an outlet that only interviewed or reached the speaker reports nothing of its own in
    # the text: like an addressee ("told Reuters"), its cue is its own mention
    cue = (src.span,) if contact else (Span.of(ctx.text, tree.w(c).start, tree.w(case).end),)
    relays.append(Relay(src, cue))
    ctx.consumed.add((tree.index, c))
    ctx.stats[stat] += 1
    return True


def _participle_relays(ctx: _Ctx, drafts: List[_Draft]) -> None:
    """"…,” a soldier told CNN, adding that morale was high": a participial cue that
    goes on from another cue of the same speaker goes through the same relays."""
    by_cue = {(d.sent, d.cue_word): d for d in drafts if d.cue_word}
    for d in drafts:
        if d.relays or not d.cue_word or d.source is None or not 0 <= d.sent < len(ctx.trees):
            continue  # (a speaker label has no tree)
        tree = ctx.trees[d.sent]
        if d.cue_word > tree.n:
            continue
        w = tree.w(d.cue_word)
        p = by_cue.get((d.sent, tree.head(d.cue_word)))
        adjunct = w.udeprel in ("advcl", "xcomp", "conj", "parataxis") or (w.udeprel == "ccomp" and tree.w(d.cue_word - 1).text == ",")
        if w.xpos != "VBG" or not adjunct or p is None or p is d or not p.relays:
            continue
        if p.source is not None and p.source.span == d.source.span:
            d.relays = list(p.relays)
            ctx.stats["relay:participle-goes-on"] += 1


def _leaves_its_quote(ctx: _Ctx, d: _Draft) -> bool:
    """A cue inside a quotation reports what the quoted speaker says, so its content
    is quoted too: "State TV quoted Putin as saying: “We will respond.”" has no
    attribution whose cue is "respond" and whose content is the unquoted frame."""
    k = ctx.top_quote_at(d.cue[0].start) if d.cue else None
    if k is None:
        return False
    q = ctx.quotes[k]
    return any(c.start < q.start or c.end > q.end for c in d.content)


def _by_sentence(drafts: Sequence[_Draft]) -> Dict[int, List[_Draft]]:
    """Drafts grouped by the index of their cue's sentence."""
    out: Dict[int, List[_Draft]] = {}
    for d in drafts:
        out.setdefault(d.sent, []).append(d)
    return out


def _trees_with_drafts(ctx: _Ctx, drafts: Sequence[_Draft]) -> Iterator[Tuple[Tree, List[_Draft]]]:
    """Each sentence tree that holds drafts, with them (grouped once, up front)."""
    by_sent = _by_sentence(drafts)
    for tree in ctx.trees:
        if by_sent.get(tree.index):
            yield tree, by_sent[tree.index]


def _cut_final_credits(ctx: _Ctx, drafts: List[_Draft]) -> None:
    """A sentence-final credit (``…, reported news agency AFP.``: comma, cue, then its
    source; or ``…, the Kyiv Independent reported.``) scopes over its sentence, so no
    other content of that sentence runs into it.
    A misparse that makes the credit part of an object ("demanded an inquiry, reported
    … AFP") would otherwise nest the outlet under the speaker it relays."""
    text = ctx.text
    by_sent = _by_sentence(drafts)
    for d in drafts:
        if not d.cue or d.source is None:
            continue
        source_last = d.source.span.end > d.cue[-1].end
        if source_last:  # "…, reported news agency AFP."
            first, credit_end = d.cue[0].start, d.source.span.end
        elif d.source.span.end <= d.cue[0].start and d.rule == "inverted" and d.source.head.text.lower() not in ctx.lex.pronouns:
            first, credit_end = d.source.span.start, d.cue[-1].end  # "…, the Kyiv Independent reported."
        else:
            continue
        comma = text.rfind(",", 0, first)
        if comma < 0 or text[comma + 1:first].strip():
            continue
        tail = text[credit_end:]
        if not regex.match(r"\s*[.!?]?[\s\p{Pf}\p{Pe}\"']*(\n|$|\p{Lu})", tail):
            continue  # not at the sentence end: an ordinary parenthetical
        if any(c.end > comma for c in d.content):
            continue
        if source_last and d.source.span.start < d.cue[-1].end:  # the misparse folded the cue into the name
            start = d.cue[-1].end
            while start < d.source.span.end and text[start].isspace():
                start += 1
            d.source = attrs.evolve(d.source, span=Span.of(text, start, d.source.span.end))
        for e in by_sent[d.sent]:
            if e is d:
                continue
            cut = []
            for c in e.content:
                if c.start < comma < c.end:
                    c = _clip(ctx, Span.of(text, c.start, comma))
                elif c.start >= comma and c.start < credit_end:
                    c = None
                if c is not None:
                    cut.append(c)
            if cut != e.content:
                ctx.stats["fallback:final-credit-scope"] += 1
                e.content = cut
    drafts[:] = [e for e in drafts if e.content]


def frame_of(lexicon: Lexicon, w: Word, kind: str) -> bool:
    """Whether ``w`` is a relay-frame word of ``kind`` (``relay_frames.tsv``); never a
    name ("The Washington *Post*")."""
    if w.upos == "PROPN":
        return False
    lemma = (w.lemma or w.text).lower()
    frames = lexicon.relay_frames
    if lemma not in frames and lemma == w.text.lower() and w.upos == "VERB":  # a lemmatizer left "aired" as it is
        lemma = next((g for g in lemma_guesses(lemma) if g in frames), lemma)
    return kind in frames.get(lemma, ())


# someone's people or records, which a speaker may cite as the words' source
_RECORD_NOUNS = frozenset("source aide ally adviser advisor people person staff figure number estimate record study analysis "
                          "assessment tally count finding account testimony email letter memo tweet post".split())


def _cited_reason(ctx: _Ctx, tree: Tree, k: int) -> bool:
    """Whether the phrase "citing" names, headed by word ``k``, is a reason and not a
    source: a reason noun ("citing safety concerns", ``reason_nouns.txt``), or a thing
    of someone's that is no speaker, body, outlet or record of speech ("citing Trump's
    blue-collar appeal": the appeal says nothing; "citing the ministry's statement",
    "citing Trump's spokesman" are sources)."""
    w = tree.w(k)
    lemma = (w.lemma or w.text).lower()
    if lemma in ctx.lex.reason_nouns:
        return True
    if w.upos != "NOUN" or tree.child(k, "nmod:poss") is None:
        return False
    lex = ctx.lex
    speaks = lemma in _PERSON_ROLE_WORDS or lemma in lex.org_words or lemma in lex.outlet_words or lemma in lex.titles \
        or lemma in lex.gender or lemma in lex.survey_nouns or lemma in _CREDIT_WORDS or frame_of(lex, w, "event") \
        or lemma in _RECORD_NOUNS
    return not speaks


def _in_event(ctx: _Ctx, tree: Tree, k: int) -> bool:
    """Whether word ``k`` heads "in <speech event>" ("in comments …", "in a statement
    to Reuters"): the occasion of a relay frame."""
    return frame_of(ctx.lex, tree.w(k), "event") and any(tree.w(x).text.lower() == "in" for x in tree.children(k, "case"))


def _remarks_to(ctx: _Ctx, drafts: List[_Draft]) -> None:
    """ "X said on Monday the government would lift controls, in remarks to local radio
    station Radio Mitre.": the outlet the remarks were made to relays them, where the
    parser hung the phrase at the end of the reported clause, after a comma (on the
    cue itself, the clause frame reads it). Only an outlet relays ("in a letter to
    shareholders" names no relay)."""
    for tree, here in _trees_with_drafts(ctx, drafts):
        events = [k for k in range(1, tree.n + 1) if _in_event(ctx, tree, k)]
        for d in here if events else ():
            if d.relays or d.kind == "direct" or len(d.content) != 1 or d.cue_word is None or d.cue_word < 1:
                continue
            start, end = d.content[0].start, d.content[0].end
            for k in events:
                if tree.head(k) == d.cue_word or not start <= tree.w(tree.head(k)).start < end:
                    continue
                comma = tree.lo[k] if tree.w(tree.lo[k]).text == "," else tree.lo[k] - 1
                if comma < 1 or tree.w(comma).text != "," or tree.w(comma).start <= start or tree.w(tree.hi[k]).end < end:
                    continue  # (set off by a comma, and running to the content's end)
                to = next((n for n in tree.children(k, "nmod") if any(tree.w(x).text.lower() in ("to", "with") for x in tree.children(n, "case"))), None)
                src = _make_source(ctx, tree, to) if to is not None else None
                if src is not None and src.type == "outlet":
                    # (its cue is its own mention, as an addressee's in the clause frame: the
                    # outlet spoken to reports nothing of its own, and PolNeAR credits the speaker)
                    d.relays.insert(0, Relay(src, _span_of_words(tree, [to], ctx.text)))
                    cut = _strip_span(ctx.text, Span.of(ctx.text, start, tree.w(comma).start))
                    if cut is not None:
                        d.content = [cut]
                    ctx.stats["relay:remarks-to"] += 1
                    break


def _carried_by(ctx: _Ctx, drafts: List[_Draft]) -> None:
    """ "X said, in comments carried by TASS, that …", "… in an interview broadcast
    on state television": the outlet that carried the speech relays it, outermost.
    The phrase is the relay's, never content, wherever the parser attached it (a
    sentence-final one often lands inside the complement). Words:
    ``relay_frames.tsv``."""
    text = ctx.text
    for tree, here in _trees_with_drafts(ctx, drafts):
        for c in range(1, tree.n + 1):
            w, h = tree.w(c), tree.head(c)
            if not h or not (w.xpos == "VBN" or w.udeprel in ("acl", "advcl")) or not frame_of(ctx.lex, w, "carry"):
                continue
            if not frame_of(ctx.lex, tree.w(h), "event"):
                # "said in a video statement, carried by state television, …": the participle
                # hung on the verb, right after the noun it describes
                h = c - 2 if c > 2 and tree.w(c - 1).text == "," and frame_of(ctx.lex, tree.w(c - 2), "event") else 0
                if not h:
                    continue
            ins = [x for x in tree.children(h, "case") if tree.w(x).text.lower() == "in"]
            if not ins:
                continue  # "in comments carried by …", not "the comments carried by …" (a subject)
            # the agent: "by X" first, else "on X" that is no time ("published on Tuesday by the FT"),
            # else "in X" ("an op-ed published in The New York Times"; a known outlet only, below)
            agents = [k for k in tree.kids[c] if k > c and not _is_temporal(tree, k)]
            agent = next((k for by_on in (("by",), ("on",), ("in",)) for k in agents if any(tree.w(x).text.lower() in by_on for x in tree.children(k, "case"))), None)
            case = next((x for x in tree.children(agent, "case") if tree.w(x).text.lower() in ("by", "on", "in")), None) if agent is not None else None
            poss = tree.child(agent, "nmod:poss") if agent is not None else None
            if poss is not None and tree.w(poss).upos == "PROPN":
                by_poss = _make_source(ctx, tree, poss)  # "aired on CBS's 60 Minutes": the program's outlet
                if by_poss is not None and by_poss.type == "outlet":
                    agent = poss
            src = _make_source(ctx, tree, agent) if agent is not None else None
            if src is None or (src.type != "person" and any(tree.w(x).upos == "PRON" for x in tree.children(agent, "nmod:poss"))):
                continue  # (the speaker's own channel, "published on its website", relays nothing; "his spokesman" does)
            if case is not None and tree.w(case).text.lower() == "on" and src.type != "person" and tree.children(agent, "nmod:poss"):
                continue  # (nor a body's channel: "published on the government's website"; an outlet's took its place above)
            by = tree.w(case).text.lower() == "by"
            if src.type != "outlet":
                # "published by Le Monde": whoever carries the speech relays it (an unknown
                # name or an organization is an outlet there); "posted on Telegram" names
                # a medium, not a relay, unless it is a known outlet
                if not by:
                    continue
                if src.type in ("unknown", "organization"):
                    src = attrs.evolve(src, type="outlet")
            p0, p1 = tree.w(ins[0]).start, max(tree.w(agent).end, src.span.end)  # not the agent's clauses (a misparse hangs the complement there)
            phrase = (p0, p1)

            def inside(x: Span) -> bool:
                return phrase[0] <= x.start and x.end <= phrase[1]

            cands = [d for d in here if d.cue and not any(inside(x) for x in d.cue) and not (d.source is not None and inside(d.source.span))]
            if not cands:
                continue
            up = list(tree.ancestors(h))  # the nearest governing cue first
            governs = [d for d in cands if d.sent == tree.index and d.cue_word in up]
            if regex.match(r"[\s\p{Pf}\p{Pe}\"']*[.!?]?[\s\p{Pf}\p{Pe}\"']*$", text[p1:tree.w(tree.n).end]):
                up.reverse()  # a sentence-final phrase scopes over the sentence: the outermost cue's
            d = min(governs, key=lambda d: up.index(d.cue_word)) if governs else min(cands, key=lambda d: abs(d.cue[0].start - p0))
            cue = (Span.of(text, w.start, tree.w(case).end),) if case > c else (Span.of(text, w.start, w.end),)
            # a relay the tree built from a mention that swallowed the phrase ("reporters, in comments carried by TASS")
            d.relays = [Relay(src, cue)] + [r for r in d.relays if not (r.source.span.start <= p0 and p1 <= r.source.span.end)]
            ctx.consumed.add((tree.index, c))
            ctx.stats["relay:carried-by"] += 1
            # the phrase is no content, and no cue of its own
            cut0 = p0
            k = ins[0] - 1
            if k >= 1 and tree.w(k).text in (",", "\u2014", "-"):
                cut0 = tree.w(k).start
            # a cue the modifiers ran into the phrase ("said in an interview published")
            d.cue = tuple(y for y in (x if x.end <= p0 else _strip_span(text, Span.of(text, x.start, p0)) if x.start < p0 else None for x in d.cue) if y is not None) or d.cue
            for e in here:
                if e is not d and e.cue and any(inside(x) for x in e.cue):
                    e.content = []
                    continue
                if e is not d and any(c.start <= d.cue[0].start < c.end for c in e.content):
                    continue  # an outer report ("Al Jazeera reported that X told …, in remarks carried by …") reports the phrase too
                parts: List[Span] = []
                for x in e.content:
                    if x.end <= cut0 or x.start >= p1 or e.kind == "direct":
                        parts.append(x)
                        continue
                    for a, b in ((x.start, cut0), (p1, x.end)):
                        piece = _clip(ctx, Span.of(text, a, b)) if b > a else None
                        piece = _strip_span(text, piece) if piece is not None else None
                        if piece is not None and regex.search(r"[\p{L}\p{N}]", piece.text):
                            parts.append(piece)
                e.content = parts
    drafts[:] = [e for e in drafts if e.content]


def _bare_report(ctx: _Ctx, tree: Tree, v: int) -> Optional[int]:
    """The subject of ``v`` if ``v`` ends its sentence as a bare reporting clause after
    a comma ("…, Reuters reported.", "…, the agency said."): a speech verb right after
    its subject, with no complement of its own."""
    if not _reporting(ctx, tree, v):
        return None
    tail = _citing_tail(tree, v)  # "…, Reuters reported, citing a local official."
    if tail is None:
        tail = _relayed_by_tail(tree, v)  # "…, Peskov said, quoted by Interfax."
    if tail is None and any(not tree.is_punct(k) for k in range(v + 1, tree.n + 1)):
        return None
    at = _bare_report_at(tree, v)
    if at is None or any(tree.w(k).udeprel in ("obj", "ccomp", "xcomp", "obl", "iobj") for k in tree.kids[v] if k != tail):
        return None
    return at[0]


def _inverted_report(ctx: _Ctx, tree: Tree, v: int) -> bool:
    """Whether ``v`` is the reporting clause of the words before it, set off after a
    comma with no complement of its own ("Russia will respond, the ministry said in a
    statement on Tuesday"): what it reports is its head's clause, so it is never that
    clause's content, whatever modifiers it has (``_bare_report`` wants none)."""
    if not _reporting(ctx, tree, v) or any(tree.w(k).udeprel in ("ccomp", "xcomp", "obj", "iobj") for k in tree.kids[v]):
        return False
    if _bare_report_at(tree, v) is not None:
        return True
    # (a quotation's closing mark after the comma: "Moscow will respond with “mirror measures,” the minister said")
    subj = next((k for k in tree.kids[v] if k < v and tree.w(k).udeprel == "nsubj"), None)
    if subj is None or tree.w(tree.lo[subj] - 1).text not in _CLOSING_QUOTES:
        return False
    k = tree.lo[subj] - 1
    while k > 1 and tree.w(k).text in _CLOSING_QUOTES:
        k -= 1
    return tree.w(k).text == ","


def _bare_report_at(tree: Tree, v: int) -> Optional[Tuple[int, int]]:
    """(subject, comma) of "…, <subject> <v>": the subject's head right before ``v`` and
    the comma before its phrase, or None."""
    subjs = [k for k in tree.kids[v] if k < v and (tree.w(k).udeprel == "nsubj" or tree.w(k).deprel == "nsubj:pass")]
    if not subjs:
        return None
    if tree.hi[subjs[-1]] != v - 1 and not (subjs[-1] < v - 1 and all(
            tree.head(k) == v and (tree.w(k).udeprel in ("amod", "compound", "flat") and tree.w(k).text[:1].isupper()
                                   or tree.w(k).udeprel == "aux" and k > tree.hi[subjs[-1]])  # ("…, Kommersant has learned")
            for k in range(tree.hi[subjs[-1]] + 1, v))):
        return None  # (", the Kyiv Independent reported": "Independent" read as an adjective of the verb is the name's)
    first_subj = subjs[-1]
    for k in reversed(subjs[:-1]):  # a phrase the parser split into sibling subjects ("the state-run/nsubj TASS news agency/nsubj")
        if tree.hi[k] + 1 != tree.lo[first_subj]:
            break
        first_subj = k
    first = tree.lo[first_subj]
    while first > 1 and tree.head(first - 1) == v and tree.w(first - 1).udeprel in ("det", "amod", "compound"):
        first -= 1  # (its determiner read as the verb's too: ", the Kyiv Independent reported")
    while first < first_subj and tree.is_punct(first) and tree.w(first).text != ",":
        first += 1
    if tree.w(first).text == ",":  # the comma hung inside the subject's subtree
        comma = first
    elif first >= 2 and tree.w(first - 1).text == ",":
        comma = first - 1
    else:
        return None
    # the first nominal of the run heads the mention ("news agency/nsubj RIA/nsubj" is one
    # phrase; "state-run" read as a verb is not its head)
    head = next((k for k in subjs if k > comma and tree.w(k).upos in ("NOUN", "PROPN", "PRON")), subjs[-1])
    return head, comma


def _final_report(ctx: _Ctx, drafts: List[_Draft]) -> None:
    """"Interfax cited a source as saying the talks had failed, Reuters reported.":
    a bare sentence-final "…, <subject> <reporting verb>." relays the reported speech
    of its sentence, outermost, and is not part of its content, wherever the parser
    hung it (here as a conjunct inside the quoted clause). What it reports that is not
    speech ("The ministry denied the claims, the agency said") stays its own content."""
    text = ctx.text
    for tree, here in _trees_with_drafts(ctx, drafts):
        v = tree.n
        while v > 1 and tree.is_punct(v):
            v -= 1
        # "…, Reuters reported, citing a local official.": the report before its citing tail
        tail = next((c for c in range(v, 2, -1) if _citing_tail(tree, c - 2) == c), None)
        if tail is not None:
            v = tail - 2
        subj = _bare_report(ctx, tree, v)
        if subj is None:
            continue
        w = tree.w(v)
        src = _make_source(ctx, tree, subj)
        if src is None:
            continue
        gap = text[src.span.end:tree.w(v - 1).end].split()
        if gap and all(g[:1].isupper() and g.isalpha() for g in gap):
            # the name runs on up to the verb (", the Kyiv Independent reported", see _bare_report_at)
            src = _plain_source(ctx, Span.of(text, src.span.start, tree.w(v - 1).end))
        cited_obj = tree.child(tail, "obj") if tail is not None else None
        cited = _make_source(ctx, tree, cited_obj) if cited_obj is not None and not _cited_reason(ctx, tree, cited_obj) else None
        comma = tree.w(_bare_report_at(tree, v)[1]).start  # type: ignore[index]
        cue = (Span.of(text, w.start, w.end),)
        took = False
        for d in here:
            if d.cue_word == v or any(c.start <= w.start < c.end for c in d.cue):
                continue
            if not d.content or min(c.start for c in d.content) >= comma:
                continue
            lemma = (tree.w(d.cue_word).lemma or "").lower() if d.sent == tree.index and d.cue_word > 0 else ""
            if d.rule != "relay" and ctx.lex.verbs.get(lemma, ("-", 0))[0] not in ("speech", "reporting", "writing"):
                continue  # "The ministry denied the claims, the agency said": the agency says it (PolNeAR too)
            parts = []
            for c in d.content:
                if c.end <= comma or d.kind == "direct":
                    parts.append(c)
                elif c.start < comma:
                    c = _clip(ctx, Span.of(text, c.start, comma))
                    if c is not None:
                        parts.append(c)
            d.content = parts
            if not (d.source is not None and d.source.entity == src.entity):
                d.relays.insert(0, Relay(src, cue))
                if cited is not None:  # the report's own source: the next link
                    d.relays.insert(1, Relay(cited, (Span.of(text, tree.w(tail).start, tree.w(tail).end),)))  # type: ignore[arg-type]
            took = True
        if took:
            ctx.consumed.add((tree.index, v))
            if tail is not None:
                ctx.consumed.add((tree.index, tail))
            ctx.stats["relay:final-report"] += 1
            drafts[:] = [d for d in drafts if d.content and not (d.sent == tree.index and d.cue_word == v)]


def _clip(ctx: _Ctx, span: Span) -> Optional[Span]:
    """The span without any dateline or boilerplate it overlaps (a misparse can
    join them to a sentence)."""
    s, e = span.start, span.end
    k = bisect.bisect_right(ctx.ex_starts, e) - 1
    while k >= 0 and ctx.excluded[k].end > s:
        ex = ctx.excluded[k]
        if ex.start <= s:
            s = max(s, ex.end)
        elif ex.end >= e:
            e = min(e, ex.start)
        k -= 1
    # reported speech does not run across a paragraph break (a sentence split
    # the parser missed); quotations may, and are handled by the scanner
    p = ctx.para_of(s)
    if p + 1 < len(ctx.paras) and ctx.paras[p + 1][0] < e and ctx.top_quote_at(s) is None:
        e = ctx.paras[p][1]
    while s < e and ctx.text[s].isspace():
        s += 1
    while e > s and ctx.text[e - 1].isspace():
        e -= 1
    if e <= s:
        return None
    return span if (s, e) == (span.start, span.end) else Span.of(ctx.text, s, e)


def _index_contents(ctx: _Ctx, drafts: List[_Draft]) -> None:
    """Index the non-direct contents so `_inside_content` is a binary search."""
    spans = sorted((c.start, c.end) for d in drafts if d.kind != "direct" for c in d.content)
    starts, maxend = [], []
    m = -1
    for a, b in spans:
        m = max(m, b)
        starts.append(a)
        maxend.append(m)
    ctx.held = (starts, maxend)


def _inside_content(ctx: _Ctx, q: Quote) -> bool:
    """Whether a quote lies inside reported speech (a fragment of a mixed attribution)."""
    starts, maxend = ctx.held
    k = bisect.bisect_right(starts, q.start) - 1
    if k < 0:
        return False
    # the content may stop before the quote's last punctuation and closing mark ("tax,''"):
    # a few characters at most (bounded, so hostile runs of punctuation cost nothing)
    gap = q.end - maxend[k]
    return gap <= 0 or (gap <= 4 and not regex.search(r"[\p{L}\p{N}]", ctx.text[maxend[k]:q.end]))


def _classify(ctx: _Ctx, d: _Draft) -> None:
    """Direct when the content is one quotation, mixed when it carries quotes."""
    span = d.content[0]
    k = ctx.top_quote_at(span.start) if span.start < len(ctx.text) else None
    if k is not None and d.cue and ctx.quotes[k].start <= d.cue[0].start < ctx.quotes[k].end:
        k = None  # a cue inside the quote: an attribution nested in it, not the quote itself
    inside: List[int] = []
    j = bisect.bisect_left(ctx.q_starts, span.start)
    while j < len(ctx.quotes) and ctx.quotes[j].start < span.end:
        if ctx.quotes[j].level == 0:
            inside.append(j)
        j += 1
    if k is not None and k not in inside:
        inside.insert(0, k)
    if inside:
        q = ctx.quotes[inside[0]]
        outside = _outside_text(ctx.text, span, [ctx.quotes[i] for i in inside])
        if len(inside) == 1 and not regex.search(r"[\p{L}\p{N}]", outside):
            d.content = [q.content]
            d.kind = "direct"
            d.quote_ids = [inside[0]]
            return
        d.kind = "mixed"
        d.quote_ids = inside
        return
    d.kind = "indirect"


def _outside_text(text: str, span: Span, quotes: List[Quote]) -> str:
    parts = []
    pos = span.start
    for q in quotes:
        if q.start > pos:
            parts.append(text[pos:min(q.start, span.end)])
        pos = max(pos, q.end)
    if pos < span.end:
        parts.append(text[pos:span.end])
    return "".join(parts)


def _split_quotes(ctx: _Ctx, drafts: List[_Draft]) -> None:
    """“A,” he said, “B.” — quotes right after a direct attribution's cue clause,
    with no cue of their own, continue the same attribution."""
    for d in drafts:
        if d.kind != "direct" or not d.cue or not d.quote_ids:
            continue
        # a surface fallback's draft has no tree sentence: the cue's sentence is its own
        sent = d.sent if d.sent >= 0 else ctx.sent_of(d.cue[0].start)
        q0 = ctx.quotes[d.quote_ids[0]]
        cue_end = max(c.end for c in d.cue)
        if d.source is not None:
            cue_end = max(cue_end, d.source.span.end if d.source.role is None else d.source.role.end)
        if 0 <= d.sent < len(ctx.trees) and d.cue_word and d.cue_word <= ctx.trees[d.sent].n:
            # the clause goes on to the cue's addressee and adjuncts: “A,” he told ZDF on
            # Sunday, “B.” (never into a quote)
            tree = ctx.trees[d.sent]
            for k in tree.kids[d.cue_word]:
                if k > d.cue_word and tree.w(k).udeprel in ("obj", "iobj", "obl", "advmod") and tree.w(tree.lo[k]).start >= cue_end - 1 \
                        and all(ctx.top_quote_at(tree.w(x).start) is None for x in range(tree.lo[k], tree.hi[k] + 1)):
                    cue_end = max(cue_end, tree.w(tree.hi[k]).end)
        cue_start = min(c.start for c in d.cue)
        if d.source is not None:
            cue_start = min(cue_start, d.source.span.start)
        if q0.start > cue_start:
            # the quote follows the cue clause: a quote right before it is the first part
            k = ctx.quote_starting_near(cue_start, -1)
            if k is not None and k not in ctx.used_quotes and ctx.para_of(ctx.quotes[k].start) == ctx.para_of(q0.start):
                d.content.insert(0, ctx.quotes[k].content)
                d.quote_ids.insert(0, k)
                ctx.used_quotes[k] = -1
                ctx.stats["rule:split-quote"] += 1
            continue
        # “A.” “B,” he said: quotes right before the first one, with nothing but
        # punctuation and space between them, are earlier parts of the same speech
        k = ctx.quote_starting_near(q0.start, -1)
        while k is not None and k not in ctx.used_quotes and ctx.para_of(ctx.quotes[k].start) == ctx.para_of(q0.start):
            d.content.insert(0, ctx.quotes[k].content)
            d.quote_ids.insert(0, k)
            ctx.used_quotes[k] = -1
            ctx.stats["rule:split-quote"] += 1
            k = ctx.quote_starting_near(ctx.quotes[k].start, -1)
        k = ctx.quote_starting_near(cue_end, +1)
        if k is not None and not regex.search(r"[,:;.\u2014\u2013]", ctx.text[cue_end:ctx.quotes[k].start]):
            k = None
        if k is None and 0 <= sent < len(ctx.trees):
            # the cue clause runs to the end of its sentence: “A,” he told the Daily Caller. “B.”
            sent_end = ctx.trees[sent].sent.end
            # sentence splitters may hang the next quote's opening mark on this sentence
            while sent_end > cue_end and (ctx.text[sent_end - 1] in QUOTE_CHARS or ctx.text[sent_end - 1].isspace()):
                sent_end -= 1
            if sent_end > cue_end and not any(ctx.quotes[j].level == 0 for j in range(
                    bisect.bisect_left(ctx.q_starts, cue_end), bisect.bisect_left(ctx.q_starts, sent_end))):
                k = ctx.quote_starting_near(sent_end, +1)
        # (the paragraph where the first quote closes: one may run over several)
        para = ctx.para_of(ctx.quotes[d.quote_ids[-1]].end - 1)
        if k is None or k in ctx.used_quotes or ctx.para_of(ctx.quotes[k].start) != para:
            continue
        # “A,” he said, “B.” and “A,” he said. “B.” “C.”: the quotes that follow the
        # cue clause with nothing but punctuation between them are the same speech
        # (PolNeAR's convention); a paragraph break ends the run
        while k is not None and k not in ctx.used_quotes and ctx.para_of(ctx.quotes[k].start) == para:
            d.content.append(ctx.quotes[k].content)
            d.quote_ids.append(k)
            ctx.used_quotes[k] = -1
            ctx.stats["rule:split-quote"] += 1
            k = ctx.quote_starting_near(ctx.quotes[k].end, +1)


def _lead_ins(ctx: _Ctx, drafts: List[_Draft]) -> None:
    """A partial quotation's unquoted lead-in is part of what was said: "If they
    leak, hackers are “effectively losing …,” he added", "No name change, he
    said, “hides what it really is”". PolNeAR draws the whole clause as the
    content; the quote alone leaves out its subject or its condition.

    The lead-in is the sentence's text before the quotation that is neither the
    cue clause nor anyone else's, and it must be one with the quotation in the
    tree: each of its top words hangs on a word of the quotation (or is the
    root), and none on the cue or the speaker (an adjunct of the saying, "On
    Tuesday, he said, “…”", is not what was said). Each draft looks at its own
    sentence only (bisection), so cost stays linear in the text."""
    candidates = [d for d in drafts if d.kind == "direct" and len(d.content) == 1 and len(d.quote_ids) == 1 and d.cue]
    if not candidates:
        return
    # everyone's spans, by the sentences they touch
    taken: Dict[int, List[Tuple[int, int]]] = {}
    for d in drafts:
        for x in (*d.content, *d.cue, *((d.source.span,) if d.source else ())):
            for si in range(ctx.sent_of(x.start), ctx.sent_of(max(x.start, x.end - 1)) + 1):
                taken.setdefault(si, []).append((x.start, x.end))
    word_starts: Dict[int, List[int]] = {}
    for d in candidates:
        if d.source is not None and d.source.text.lower() in _RELATIVE:
            continue  # "the report, which notes, “…”": what precedes is the antecedent's clause
        q = ctx.quotes[d.quote_ids[0]]
        si = ctx.sent_of(q.start)
        if not 0 <= si < len(ctx.trees):
            continue
        tree = ctx.trees[si]
        if tree.sent.start >= q.start:
            continue
        own = [*d.cue, *((d.source.span,) if d.source else ()), *(x for r in d.relays for x in r.cue)]
        frame_lo = min(x.start for x in own)
        frame_hi = max(x.end for x in own)
        if frame_hi <= q.start and frame_lo >= tree.sent.start:
            # the cue clause before the quotation: the lead-in is what precedes the
            # clause ("Lead, he said, “…”"), or lies between it and the quotation
            if regex.search(r"[\p{L}\p{N}]", ctx.text[frame_hi:q.start]):
                lo, hi = frame_hi, q.start
            else:
                lo, hi = tree.sent.start, frame_lo
        elif frame_lo >= q.end or frame_hi <= tree.sent.start:
            lo, hi = tree.sent.start, q.start
        else:
            continue
        if ":" in ctx.text[max(lo, hi - 4):q.start] or ":" in ctx.text[frame_hi:q.start]:
            continue  # a quotation introduced by a colon is whole, not part of a clause
        own_spans = {(x.start, x.end) for x in own} | {(d.content[0].start, d.content[0].end)}
        if any(a < hi and lo < b for a, b in taken.get(si, ()) if (a, b) not in own_spans):
            continue  # someone else's words
        k = bisect.bisect_left(ctx.q_starts, lo)
        if ctx.top_quote_at(lo) is not None or any(x.level == 0 and x is not q for x in ctx.quotes[k:bisect.bisect_left(ctx.q_starts, hi)]):
            continue  # another quotation's
        starts = word_starts.get(si)
        if starts is None:
            starts = word_starts[si] = [tree.w(i).start for i in range(1, tree.n + 1)]

        def ids(a: int, b: int) -> List[int]:  # the words starting in [a, b), 1-based
            return list(range(bisect.bisect_left(starts, a) + 1, bisect.bisect_left(starts, b) + 1))

        lead = [i for i in ids(lo, hi) if tree.w(i).end <= hi and not tree.is_punct(i)]
        if not any(tree.w(i).upos not in _FUNCTION_UPOS and regex.search(r"[\p{L}\p{N}]", tree.w(i).text) for i in lead):
            continue  # nothing but function words ("called the “Golden Week”")
        quoted = set(ids(q.start, q.end))
        frame = {i for x in own for i in ids(x.start, x.end)}
        if not quoted:
            continue
        lead_set = set(lead)
        if any(tree.head(i) in lead_set and tree.w(i).udeprel != "parataxis" for i in frame):
            continue  # the lead-in governs the cue clause ("she released a statement saying, “…”")
        tops = [i for i in lead if tree.head(i) not in lead_set]
        # a second subject of the cue before its own is the quotation's, misattached
        # ("No name change, he said, “hides …”" read as two subjects of "said")
        stray = [i for i in tops if tree.head(i) in frame and tree.w(i).udeprel in _SUBJ and d.source is not None]
        heads = [tree.head(i) for i in tops if i not in stray]
        if any(h in frame for h in heads) or not all(h in quoted or h == 0 for h in heads):
            continue
        if not (stray or any(h in quoted for h in heads) or any(tree.head(i) in lead_set for i in quoted if tree.head(i) not in quoted)):
            continue
        ext = tree.trimmed_extent(min(lead), max(lead))
        if not ext:
            continue
        c = d.content[0]
        if ext[1] <= frame_lo and frame_hi <= c.start:
            d.content = [Span.of(ctx.text, *ext), c]
        else:
            d.content = [Span.of(ctx.text, ext[0], c.end)]
        d.kind = "mixed"
        ctx.stats["rule:lead-in"] += 1


def _continuations(ctx: _Ctx, drafts: List[_Draft]) -> None:
    """A paragraph that opens with a quote and has no cue carries on the
    speaker of the previous paragraph's last direct quote (news convention)."""
    by_para: Dict[int, _Draft] = {}
    for d in drafts:
        if d.kind == "direct" and d.source is not None:
            p = ctx.para_of(d.content[-1].end - 1)  # (a quote may run over paragraphs: where it ends)
            if p not in by_para or by_para[p].content[-1].start < d.content[-1].start:
                by_para[p] = d
    for k, q in enumerate(ctx.quotes):
        if q.level > 0 or k in ctx.used_quotes or not _substantial(ctx, q) or ctx.excluded_at(q.start):
            continue
        p = ctx.para_of(q.start)
        if ctx.paras[p][0] != q.start or p == 0:
            continue
        prev = by_para.get(p - 1)
        if prev is None or prev.source is None or _inside_content(ctx, q):
            continue
        # the same act of speech goes on: the quote joins the previous attribution
        prev.content.append(q.content)
        prev.quote_ids.append(k)
        ctx.used_quotes[k] = -1
        ctx.stats["rule:continuation"] += 1
        by_para[p] = prev


def _finish(ctx: _Ctx, drafts: List[_Draft]) -> List[Attribution]:
    """Nesting, relay chains, paragraph-scoped outlet relays and entity resolution."""
    n = len(drafts)
    span_of = [(min(c.start for c in d.content), max(c.end for c in d.content)) for d in drafts]
    anchor = [d.cue[0].start if d.cue else span_of[i][0] for i, d in enumerate(drafts)]
    # parent: the innermost other attribution whose content holds this one's cue
    # (drafts are sorted by content start; look back over a bounded window)
    starts = [sp[0] for sp in span_of]
    parent: List[Optional[int]] = [None] * n
    for i, d in enumerate(drafts):
        best = None
        hi = bisect.bisect_right(starts, anchor[i])
        for j in range(hi - 1, max(-1, hi - 1 - _WINDOW), -1):
            if j == i:
                continue
            if any(c.start <= anchor[i] < c.end for c in drafts[j].content) and (d.source is None or any(c.start <= d.source.span.start < c.end for c in drafts[j].content)):
                if best is None or (span_of[j][1] - span_of[j][0]) < (span_of[best][1] - span_of[best][0]):
                    best = j
        if best is not None and parent_ok(span_of, i, best):
            parent[i] = best
    _break_cycles(parent, span_of)
    # entity resolution in text order of anchors
    index = EntityIndex()
    _seed_entities(ctx, index, min(anchor) if anchor else 0)
    order = sorted(range(n), key=lambda i: anchor[i])
    resolved: List[Optional[Source]] = [None] * n
    position = {x: k for k, x in enumerate(order)}
    for i in order:
        resolved[i] = _resolve(ctx, index, drafts, resolved, parent, order, position, i, anchor)
    # "the agency", "the newspaper": the outlet named last before it
    named = sorted(set(ctx.outlet_names) | {(src.span.start, src.entity) for src in list(resolved) + [r.source for d in drafts for r in d.relays]
                                            if src is not None and src.type == "outlet" and src.entity[:1].isupper()})
    resolved = [_definite_outlet(ctx, named, r, [x.source.entity for x in d.relays]) if r is not None else None for r, d in zip(resolved, drafts)]
    # relay chains: parent's chain + parent's source, then own relays
    chains: List[Optional[Tuple[Relay, ...]]] = [None] * n

    def chain(i: int, depth: int = 0) -> Tuple[Relay, ...]:
        if chains[i] is not None:
            return chains[i]  # type: ignore[return-value]
        own = tuple(_resolve_relay(index, r) for r in drafts[i].relays)
        me = resolved[i]
        own = tuple(Relay(_definite_outlet(ctx, named, r.source, [me.entity] if me is not None else [], relay=True), r.cue) for r in own)
        if me is not None:  # a speaker never relays itself
            # (an outlet's journalist is no outlet: "Al Jazeera's Hind Khoudary", relayed by the possessor)
            # (nor is an outlet spoken to in a clause of the speaker's phrase: "Javier Milei, who
            # spoke to La Nación, said", PolNeAR's source span holding the who-clause)
            own = tuple(r for r in own if r.source.span.end <= me.span.start or me.span.end <= r.source.span.start
                        or (r.source.entity != me.entity and me.head is not None and r.source.span.end <= me.head.start and me.type != "outlet")
                        or (r.source.entity != me.entity and me.head is not None and me.head.end < r.source.span.start and me.type != "outlet"
                            and relay_cue_is_mention(r)))
        p = parent[i]
        if p is not None and depth < 50 and resolved[p] is not None:
            # a document ("according to a statement cited by Ukrinform") carries the
            # speech but relays nothing: the chain passes through it
            link = () if _document(ctx, resolved[p]) else (Relay(resolved[p], drafts[p].cue),)  # type: ignore[arg-type]
            c = chain(p, depth + 1) + link + own
        else:
            c = own
        # one outlet named twice ("told state news agency TASS", two addressees in the tree),
        # or the parent's source credited again by this attribution's own relay ("According
        # to a report in Le Monde, officials believe …"), is one link: each outlet relays
        # once, at its outermost place
        c = tuple(r for k, r in enumerate(c) if not any(_same_link(r, e) for e in c[:k]))
        if me is not None:  # nor through its parent: "The ministry said …, and called on …" is the ministry's, no relay of itself
            c = tuple(r for r in c if r.source.entity.lower() != me.entity.lower())
        chains[i] = c
        return c

    for i in range(n):
        chain(i)
    # paragraph scope: "…, reported news agency AFP" relays the attributions of its
    # paragraph that come before it (and after any earlier credit)
    pending: Dict[int, List[int]] = {}
    for j in order:
        d = drafts[j]
        pj = ctx.para_of(anchor[j])
        src = resolved[j]
        # (a credit after what it reports, never an outlet that goes on to say something of
        # its own: "The Global Times said in an editorial that …")
        if src is not None and src.type == "outlet" and d.rule in ("inverted", "clause") and parent[j] is None \
                and d.cue and max(c.end for c in d.content) <= d.cue[0].start:
            for i in pending.pop(pj, []):
                chains[i] = (Relay(src, d.cue),)
                ctx.stats["relay:paragraph-scope"] += 1
            continue
        if parent[j] is None and not chains[j] and not (src is not None and src.type == "outlet"):
            pending.setdefault(pj, []).append(j)
    reopens = sorted(m.offset for q in ctx.quotes if q.level == 0 for m in q.marks[1:] if m.role == "open")
    out = []
    for i, d in enumerate(drafts):
        content = d.content if d.kind == "direct" else _off_mentions(ctx.text, d.content, [r.source.span for r in d.relays if r.source is not None])
        out.append(
            Attribution(
                kind=d.kind,
                content=tuple(_split_at_reopens(ctx.text, content, reopens)) or tuple(d.content),
                cue=tuple(d.cue),
                source=resolved[i],
                relayed_by=chains[i] or (),
                parent=parent[i],
                confidence=round(max(0.05, min(0.99, d.confidence)), 3),
                rule=d.rule,
            )
        )
    return out


def _off_mentions(text: str, content: Sequence[Span], mentions: Sequence[Span]) -> List[Span]:
    """The content without the start of a relay's mention that a misparse hung on it
    ("told the Gloucestershire | Echo the agency had …", "Echo" read as the clause's
    conjunction): what was said never holds who relayed it."""
    out = []
    for c in content:
        start = c.start
        for m in mentions:
            if m.start <= start < m.end < c.end:
                start = m.end
        while start < c.end and text[start].isspace():
            start += 1
        if start == c.start:
            out.append(c)
        elif start < c.end:
            out.append(Span.of(text, start, c.end))
    return out or list(content)


def keep_closing_marks(text: str, quotes: Sequence[Quote], attributions: Sequence[Attribution]) -> List[Attribution]:
    """A content that holds a quotation's opening mark holds its closing mark too
    when only punctuation stands between them ("was “designed to be distributed”."
    and not "… distributed"), as the seed gold draws mixed content. The last step,
    after the rules and the span tagger."""
    q_starts = [q.start for q in quotes]

    def kept(span: Span) -> Span:
        k = bisect.bisect_left(q_starts, span.start)
        end = span.end
        while k < len(quotes) and quotes[k].start < span.end:
            close = quotes[k].marks[-1]
            if close.role == "close" and end <= close.offset and not regex.search(r"[\p{L}\p{N}]", text[end:close.offset]):
                end = quotes[k].end
            k += 1
        return span if end == span.end else Span.of(text, span.start, end)

    out = []
    for a in attributions:
        content = tuple(kept(c) for c in a.content)
        out.append(a if content == a.content else attrs.evolve(a, content=content))
    return out


def _split_at_reopens(text: str, content: Sequence[Span], reopens: Sequence[int]) -> List[Span]:
    """A quotation that runs over paragraphs reopens each one with a mark and closes
    only the last ("“First.\n\n“Second,” he said."): its content is one part per
    paragraph, without the marks and the break between them."""
    out: List[Span] = []
    for c in content:
        k = bisect.bisect_right(reopens, c.start)
        start = c.start
        while k < len(reopens) and reopens[k] < c.end:
            end = reopens[k]
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                out.append(Span.of(text, start, end))
            start = reopens[k] + 1
            k += 1
        if c.end > start:
            out.append(Span.of(text, start, c.end) if start != c.start else c)
    return out


def _definite_outlet(ctx: _Ctx, named: Sequence[Tuple[int, str]], src: Source, other: Sequence[str] = (), relay: bool = False) -> Source:
    """"The agency, citing a source, said …" after "The Interfax news agency reported …":
    a definite description of an outlet ("the agency", "the state newspaper") names the
    outlet named last before it, never ``other`` (the attribution's other links: "The
    Times of Israel, citing the broadcaster, said" names the broadcaster named before).
    A ``relay`` that is "it" does too ("The Sudan Tribune reported the seizure. It quoted
    one resident as saying …"): only an outlet quotes and cites in a relay's place."""
    words = src.span.text.lower().split()
    pronoun = relay and words == ["it"]
    if not pronoun and (src.type != "outlet" or len(words) < 2 or len(words) > 3 or words[0] != "the" or words[-1] not in ctx.lex.outlet_words
                        or src.entity[:1].isupper()):
        return src
    k = bisect.bisect_left(named, (src.span.start, "")) - 1
    while k >= 0 and named[k][1] in other:
        k -= 1
    if k < 0 or (pronoun and ctx.para_of(named[k][0]) < ctx.para_of(src.span.start) - 1):
        return src  # ("it" reaches back to the paragraph before at most)
    return attrs.evolve(src, entity=named[k][1], type="outlet") if pronoun else attrs.evolve(src, entity=named[k][1])


def _document(ctx: _Ctx, src: Source) -> bool:
    """A source that is a document or a speech event ("a statement", "the report"), not
    someone who speaks: a noun of ``relay_frames.tsv``, unless it resolved to a name."""
    if src.type == "outlet":
        return False
    words = (src.entity or src.text).lower().split()
    if not words:
        return False
    w = words[-1]
    frames = ctx.lex.relay_frames
    return "event" in frames.get(w, ()) or (w.endswith("s") and "event" in frames.get(w[:-1], ()))


def _same_link(a: Relay, b: Relay) -> bool:
    """Two relays that name one outlet: the same words, or the same entity."""
    if a.source.span == b.source.span:
        return True
    ea, eb = (a.source.entity or "").lower(), (b.source.entity or "").lower()
    return bool(ea) and ea == eb


def _break_cycles(parent: List[Optional[int]], span_of) -> None:
    """Mutual containment (a misparse) must not make the parent links a cycle:
    in a cycle, the attribution with the largest content loses its parent."""
    state = [0] * len(parent)  # 0 new, 1 on the current path, 2 done
    for start in range(len(parent)):
        path = []
        i: Optional[int] = start
        while i is not None and state[i] == 0:
            state[i] = 1
            path.append(i)
            i = parent[i]
        if i is not None and state[i] == 1:  # a cycle through i
            cyc = path[path.index(i):]
            top = max(cyc, key=lambda k: span_of[k][1] - span_of[k][0])
            parent[top] = None
        for k in path:
            state[k] = 2


def parent_ok(span_of, i: int, j: int) -> bool:
    """A parent's content must be larger than the child's (no cycles)."""
    return (span_of[j][1] - span_of[j][0]) > (span_of[i][1] - span_of[i][0]) or span_of[j][0] < span_of[i][0]


def _seed_entities(ctx: _Ctx, index: EntityIndex, upto: int) -> None:
    """Proper-name runs of the whole text, in order, so later variants and short
    names ("Mascow", "Nebenzia") find earlier full forms."""
    titles = {t.rstrip(".") for t in ctx.lex.titles}
    for tree in ctx.trees:
        run: List[int] = []
        for i in range(1, tree.n + 2):
            if i <= tree.n and (tree.w(i).upos == "PROPN" or (
                    # a capitalised word the tagger missed, inside a name ("Vassily/ADV Nebenzia")
                    i > 1 and i < tree.n and tree.w(i).text[:1].isupper() and tree.w(i).text.isalpha()
                    and tree.w(i + 1).upos == "PROPN" and tree.w(i).upos != "DET" and not tree.is_punct(i - 1))
                    # or a hyphen inside one ("Ri Chol-man")
                    or (run and i < tree.n and tree.w(i).text == "-" and tree.w(i - 1).end == tree.w(i).start
                        and tree.w(i).end == tree.w(i + 1).start and tree.w(i + 1).upos == "PROPN")):
                run.append(i)
                continue
            if run:
                titled = run[0] > 1 and tree.w(run[0] - 1).text.lower() in ctx.lex.gender  # "Ms. Whitcomb": a person
                for k in range(len(run) - 2, -1, -1):  # the name starts after its last title
                    if tree.w(run[k]).text.lower().rstrip(".") in titles:
                        run = run[k + 1:]
                        titled = True
                        break
                if any(tree.w(k).lemma.lower() in ctx.lex.verbs for k in run):
                    run = []  # "What Russia Said?": a capitalised verb is not part of a name
                if run and not ctx.excluded_at(tree.w(run[0]).start):
                    # (as mentions are named: a hyphen inside the name joins its parts, "Chol-man")
                    name = _join([tree.w(k) for k in run])
                    low = name.lower()
                    if run[0] > 1 and tree.w(run[0] - 1).text.lower() == "the" and "the " + low in ctx.lex.outlets \
                            and not (run[-1] + 2 <= tree.n and tree.w(run[-1] + 1).text.lower() == "of" and tree.w(run[-1] + 2).upos == "PROPN"):
                        low = "the " + low  # "The Economist": the gazetteer's name holds its article
                    # (a name that ends like a newspaper's is one too: "the Sudan Tribune", as _sources types it)
                    masthead = len(run) >= 2 and tree.w(run[-1]).text.lower() in ctx.lex.mastheads and not titled
                    etype = "outlet" if low in ctx.lex.outlets or masthead else "organization" if low in ctx.lex.places else (
                        "person" if len(run) >= 2 or titled else "unknown")
                    if low in ctx.lex.outlets:
                        name = ctx.lex.outlets[low]
                    if etype == "outlet":
                        ctx.outlet_names.append((tree.w(run[0]).start, name))
                    # (a single untyped name too: "Ellison laughed … “…,” she said")
                    subjects = [c for r in tree.kids[0] for c in tree.children(r, "nsubj")] if etype in ("person", "unknown") else []
                    if any(tree.lo[c] <= run[0] and run[-1] <= tree.hi[c] for c in subjects):
                        ctx.subject_names.append((tree.w(run[0]).start, tree.index, name))
                    index.resolve(name, etype)
                run = []


def _described_person(ctx: _Ctx, s: Source, resolved, order, position, i: int) -> Optional[Source]:
    """The earlier speaker a definite description of a role stands for: "The minister
    added …" after "Foreign Minister Gabrielius Landsbergis told LRT …" (the last
    person speaker whose mention holds the role's word); so does any other noun the
    lexicon does not type that such a mention holds ("The striker said" after "Atlético
    Madrid striker Álvaro Rueda said"), never a body's or an outlet's."""
    words = s.span.text.lower().split()
    if len(words) != 2 or words[0] != "the" or s.type not in ("person", "unknown"):
        return None
    role = words[1] in ctx.lex.titles or words[1] in _PERSON_ROLE_WORDS
    lex = ctx.lex
    if not role and (s.type != "unknown" or not words[1].isalpha() or words[1] in lex.org_words or words[1] in lex.outlet_words
                     or words[1] in _BUSINESS_WORDS or words[1] in lex.pronouns or words[1] in lex.relay_frames):
        return None  # (any other noun a person was described by: "The striker said" after "Atlético striker Álvaro Rueda")
    for j in reversed(order[max(0, position[i] - _WINDOW):position[i]]):
        r = resolved[j]
        if r is not None and r.type == "person" and r.entity.lower() != words[1] and r.span.end <= s.span.start \
                and words[1] in r.span.text.lower().replace(",", " ").split() and r.entity[:1].isupper():
            return r
    return None


# the nouns a business is called by, which its untyped name may stand for
_BUSINESS_WORDS = frozenset(["company", "firm", "group", "corporation", "bank", "business", "retailer", "carmaker", "automaker", "airline", "insurer", "lender"])


def _described_body(ctx: _Ctx, s: Source, resolved, order, position, i: int, drafts) -> Optional[Source]:
    """The earlier speaker a definite description of an organization stands for: "The
    ministry added …" after "Russia's Defence Ministry said …"; "The company also said …"
    after "Nestle said …". The last named organization speaker whose mention holds the
    noun; else, for a business ("the company", "the firm"), the last speaker whose name
    the lexicon could not type (a company's name is seldom in it), passing over people,
    who are not "the company" (a definite description names an entity already in the
    discourse: Prince 1981, "given-new"). "The ministry" after "The Kremlin accused …"
    stays the ministry."""
    words = s.span.text.lower().split()
    if len(words) != 2 or words[0] != "the" or words[1] not in ctx.lex.org_words or s.type == "person":
        return None
    fallback = None
    for j in reversed(order[max(0, position[i] - _WINDOW):position[i]]):
        r = resolved[j]
        if r is None or r.span.end > s.span.start or not r.entity[:1].isupper() or r.entity.lower() == words[1] \
                or r.span.text.lower() in ctx.lex.pronouns:
            continue
        if r.type == "organization" and words[1] in r.span.text.lower().replace(",", " ").split():
            return r
        if fallback is None and r.type == "unknown" and words[1] in _BUSINESS_WORDS:
            fallback = r
    if fallback is None and words[1] in _BUSINESS_WORDS:
        fallback = _named_in_own_content(ctx, drafts[i])
    return fallback


def _named_in_own_content(ctx: _Ctx, d: _Draft) -> Optional[Source]:
    """"Volkswagen will close two plants, the company said": a business named by the
    subject of the words it reported is what "the company" stands for, when no speaker
    before it could (a name the lexicon could not type, or an organization's that is no
    place: "Russia will respond, the ministry said" is not Russia)."""
    if not d.content:
        return None
    start, end = d.content[0].start, d.content[0].end
    k = ctx.sent_of(start)
    if not 0 <= k < len(ctx.trees):
        return None
    tree = ctx.trees[k]
    for j in range(1, tree.n + 1):
        w = tree.w(j)
        if start <= w.start and w.end <= end and w.udeprel == "nsubj" and w.upos == "PROPN" and w.text[:1].isupper() \
                and tree.w(tree.head(j)).start >= start:
            src = mention_source(tree, j, ctx.text, ctx.lex)
            if src.type == "unknown" or (src.type == "organization" and src.entity.lower() not in ctx.lex.places):
                return src
            return None
    return None


def _described_document(ctx: _Ctx, drafts, s: Source, resolved, order, position, i: int) -> Optional[Source]:
    """Who issued "the statement" that speaks: "X said in a statement carried by SPA. …,
    the statement added." A definite document noun as speaker stands for the last earlier
    speaker whose cue the same noun qualifies ("said in a statement", "in a statement, X
    said"). Its relays are not inherited: like a pronoun's, the follow-on attribution
    names only its own (PolNeAR's source for it is "the statement")."""
    words = s.span.text.lower().split()
    if len(words) != 2 or words[0] != "the" or not _document(ctx, s):
        return None
    noun = words[1]
    for j in reversed(order[max(0, position[i] - _WINDOW):position[i]]):
        r, d = resolved[j], drafts[j]
        if r is None or _document(ctx, r) or r.span.end > s.span.start or not d.cue_word or not 0 <= d.sent < len(ctx.trees):
            continue
        tree = ctx.trees[d.sent]
        if d.cue_word > tree.n:
            continue
        if (tree.w(d.cue_word).lemma or "").lower() == noun or any(  # "…, Bloomberg reported. …, according to the report"
                tree.w(k).lemma.lower() == noun and (tree.head(k) == d.cue_word or tree.head(tree.head(k)) == d.cue_word)
                for k in range(1, tree.n + 1)):
            return r
    return None


def _subject_antecedent(ctx: _Ctx, index: EntityIndex, s: Source, pgender: str = "-") -> Optional[str]:
    """The person a pronoun speaker stands for when no earlier speaker does: the
    person named last in a main clause's subject, one or two sentences before
    ("Activist Ana Enamorado has searched for her son … “…,” she told AFP").
    Why the subject: it is the likeliest antecedent (centering; Grosz, Joshi &
    Weinstein 1995), and a name elsewhere (an object, a place) seldom is."""
    tree_index = ctx.sent_of(s.span.start)
    before = [x for x in ctx.subject_names if x[0] < s.span.start and tree_index - 2 <= x[1] < tree_index
              and (pgender not in ("m", "f") or ctx.genders.get(x[2].split()[-1].lower(), pgender) == pgender)]
    return index.resolve(before[-1][2], "person") if before else None


def _resolve_relay(index: EntityIndex, r: Relay) -> Relay:
    ent = index.resolve(r.source.entity, r.source.type)
    t = r.source.type if r.source.type != "unknown" else index.type_of(ent)
    return Relay(Source(r.source.span, ent, t, r.source.head, r.source.role), r.cue)


def _resolve(ctx: _Ctx, index: EntityIndex, drafts, resolved, parent, order, position, i: int, anchor) -> Optional[Source]:
    d = drafts[i]
    s = d.source
    if s is None:
        return None
    low = s.span.text.lower()
    if low in ctx.lex.pronouns or (s.head is not None and s.head.text.lower() in ctx.lex.pronouns and len(s.span.text.split()) == 1):
        ptype, pgender = ctx.lex.pronouns.get(low, ("person", "-"))
        ante = _antecedent(ctx, drafts, resolved, parent, order, position, i, anchor, ptype, pgender)
        if ante is not None:
            ctx.stats["resolve:pronoun"] += 1
            return Source(s.span, ante.entity, ante.type if ante.type != "unknown" else ("person" if ptype == "person" else "unknown"), s.head, s.role)
        named = _subject_antecedent(ctx, index, s, pgender) if ptype == "person" else None
        if named is not None:
            ctx.stats["resolve:pronoun-subject"] += 1
            return Source(s.span, named, "person", s.head, s.role)
        return s
    issuer = _described_document(ctx, drafts, s, resolved, order, position, i)
    if issuer is not None:
        ctx.stats["resolve:document"] += 1
        return Source(s.span, issuer.entity, issuer.type, s.head, s.role)
    described = _described_person(ctx, s, resolved, order, position, i)
    if described is not None:
        ctx.stats["resolve:definite-person"] += 1
        return Source(s.span, described.entity, "person", s.head, s.role)
    body = _described_body(ctx, s, resolved, order, position, i, drafts)
    if body is not None:
        ctx.stats["resolve:definite-body"] += 1
        return Source(s.span, body.entity, "organization", s.head, s.role)
    ent = index.resolve(s.entity, s.type)
    etype = s.type if s.type != "unknown" else index.type_of(ent)
    if etype == "unknown" and d.cue and d.cue[-1].text.lower() in ("reported", "reports", "reporting") and s.span.text[:1].isupper():
        etype = "outlet"  # "Kommersant reported …": a name that reports is an outlet
    return Source(s.span, ent, etype, s.head, s.role)


def _antecedent(ctx, drafts, resolved, parent, order, position, i, anchor, ptype, pgender="-") -> Optional[Source]:
    """Most recent earlier speaker of a compatible type that is not inside this
    attribution, preferring speakers in the same enclosing quote (centering:
    the previous utterance's speaker is the preferred antecedent)."""
    compatible = ANTECEDENT_TYPES.get(ptype, ("person", "unknown"))
    found = _antecedent_of(ctx, drafts, resolved, parent, order, position, i, anchor, compatible, pgender)
    if found is None and ptype == "organization":
        # "Maersk said … It added …": with no organization or outlet before it, "it" is the
        # last speaker whose capitalised name the lexicon could not type (a person would be "he")
        found = _antecedent_of(ctx, drafts, resolved, parent, order, position, i, anchor, ("unknown",))
        if found is not None and found.entity[:1].isupper() and found.span.text.lower() not in ctx.lex.pronouns:
            return attrs.evolve(found, type="organization")
        return None
    return found


def _antecedent_of(ctx, drafts, resolved, parent, order, position, i, anchor, compatible, pgender="-") -> Optional[Source]:
    """See :func:`_antecedent`. A pronoun of a gender ("she") passes over a person the text
    gives the other ("Mr. Brennan"); a third-person pronoun inside a quotation is never
    that quotation's own speaker (“He closed the door,” Ms. Morales testified: he is not
    she; binding theory's condition B, Chomsky 1981, carried over to reported speech)."""
    me = drafts[i]
    # (in quoted words only: in reported speech "Trump said he told Putin …", he is Trump)
    third = drafts[i].source is not None and drafts[i].source.span.text.lower() in ("he", "she", "they", "it", "him", "her", "them") \
        and ctx.top_quote_at(drafts[i].source.span.start) is not None
    outer = set()  # the attributions whose quotation holds this one
    p = parent[i] if third else None
    while p is not None and p not in outer:
        outer.add(p)
        p = parent[p]
    my_start = min(c.start for c in me.content)
    my_end = max(c.end for c in me.content)
    pos = position[i]
    window = order[max(0, pos - _WINDOW):pos]
    for j in reversed(window):
        r = resolved[j]
        if r is None or r.span.text.lower() in ctx.lex.pronouns and r.entity.lower() in ctx.lex.pronouns:
            continue
        if my_start <= anchor[j] < my_end:
            continue  # inside my own content: the quoted speaker's discourse, not mine
        if parent[i] is not None and parent[j] != parent[i] and parent[j] is not None:
            continue
        if drafts[j].rule == "according" and any(parent[k] == j and resolved[k] is not None and resolved[k].type in compatible
                                                 for k in window):
            continue  # "X said, according to Yonhap. It added …": the credit's speaker, not the credit
        if third and j in outer:
            continue
        if pgender in ("m", "f") and r.type in ("person", "unknown") and mention_gender(r, ctx.lex, ctx.genders) not in (None, pgender):
            continue
        if pgender in ("m", "f") and r.type == "unknown" and r.head is not None and r.head.text[:1].islower():
            continue  # "she" is no untyped thing ("the resolution failed to condemn …. She insisted")
        if r.type in compatible:
            return r
        # "Yonhap quoted a military official as saying … It added that …": the outlet that
        # reported the speech (never one that was only told it, whose cue is its own mention)
        rel = next((x.source for x in drafts[j].relays if x.source is not None and x.source.type in compatible
                    and not relay_cue_is_mention(x)), None)
        if rel is not None:
            return rel
    return None
