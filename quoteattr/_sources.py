"""Stage 5: sources — mention spans, entity names, types, and resolution.

* **Mention**: the head noun with its name-internal dependents (det, amod,
  compound, flat, nmod:poss, nummod, nmod, conj/cc); an apposition is kept
  apart as the source's *role* ("Vassily Nebenzia, Russian Ambassador …").
* **Entity name**: an outlet's canonical name from the gazetteer; else the run
  of proper nouns around the head without leading titles ("Ukrainian President
  Volodymyr Zelensky" → "Volodymyr Zelensky"); else the mention without its
  determiner.
* **Type**: outlet (gazetteer, or an outlet head noun: "news agency X"),
  organization (organization head nouns, or a country/capital standing for its
  government), person (a title, a personal pronoun, a two-word proper name, or
  a person role), else unknown.
* **Resolution** (:class:`EntityIndex`): a name equal to a known one, a short
  name equal to the last (or first) word of a known one ("Nebenzia"), or a
  spelling variant at edit distance 1 per word for words of 5+ letters
  ("Zelenskyy"/"Zelensky", "Mascow"/"Moscow") joins the earliest such entity.
  Lookups use a symmetric-deletion index (Garbe 2012), so each costs time
  linear in the name's length, not in the number of entities.
"""

from __future__ import annotations

from typing import Any, Dict, FrozenSet, List, Optional, Tuple

import regex

from ._lexicon import Lexicon
from ._tree import TEMPORAL, Tree
from ._types import Source, Span

__all__ = ["mention_source", "journalist_outlet", "honorific_genders", "mention_gender", "EntityIndex", "PRONOUN_UPOS", "relay_cue_is_mention"]

PRONOUN_UPOS = ("PRON",)
_MENTION_DEPS = frozenset(
    ["det", "amod", "compound", "flat", "nmod:poss", "nummod", "nmod", "conj", "cc", "fixed", "goeswith", "case", "det:poss", "appos"]
)
# the speaker types a pronoun of each type can take up as its antecedent
ANTECEDENT_TYPES = {"person": ("person", "unknown"), "organization": ("organization", "outlet"),
                    "unknown": ("person", "organization", "unknown", "outlet")}

_PERSON_ROLE_WORDS = frozenset(
    "spokesman spokeswoman spokesperson ambassador minister president senator official aide adviser advisor "
    "secretary chancellor leader director chief envoy governor mayor lawyer analyst expert professor witness "
    "resident doctor officer commander general candidate representative congressman congresswoman "
    "head chairman chairwoman chair founder ceo deputy prosecutor judge negotiator activist economist "
    "scientist researcher strategist pollster consultant historian author editor correspondent "
    "nurse physician surgeon paramedic teacher student worker farmer engineer pilot soldier driver manager owner "
    "employee volunteer organizer organiser coach attorney lawmaker legislator diplomat commissioner inspector "
    "investigator councillor councilman councilwoman councilmember priest pastor imam rabbi bishop".split()
)
#: an outlet's own people who report for it: "Al Jazeera's correspondent", "a BBC reporter"
JOURNALIST_WORDS = frozenset("correspondent reporter journalist editor anchor presenter host columnist commentator".split())


def relay_cue_is_mention(r: Any) -> bool:
    """Whether a relay's cue is its own mention: an addressee or interviewer ("told
    Reuters"), who reports nothing in the text, unlike an outlet that "reported" it."""
    return all(r.source.span.start <= c.start and c.end <= r.source.span.end for c in r.cue) if r.cue else False


def mention_source(tree: Tree, head: int, text: str, lexicon: Lexicon, end: Optional[int] = None) -> Source:
    """The :class:`Source` for the noun phrase headed by word ``head``, ending at
    word ``end`` at the latest (a clause the parser hung inside it that is not its
    own: "told the state news agency SUNA that …")."""
    ids = _mention_ids(tree, head, lexicon.relay_frames)
    first, last = min(ids), max(ids)
    if end is not None and head <= end < last:
        last = end
    # a newspaper's name the parser split across two relations ("told the Kyiv/iobj
    # Independent/ccomp that …"): the masthead word right after the name is the name's
    nxt = last + 1
    if end is None and tree.w(head).upos == "PROPN" and nxt <= tree.n and tree.w(nxt).upos == "PROPN" and tree.w(nxt).text[:1].isupper() \
            and tree.w(nxt).text.lower() in lexicon.mastheads and tree.head(nxt) == tree.head(head) and tree.w(nxt).start == tree.w(last).end + 1:
        last = nxt
        ids = ids + [nxt]
    # a mention never crosses a line break, a colon or a markup bracket (a misparse
    # joining a paragraph, a transcript's speaker label or an embedded
    # <tweet author="…"> tag to what follows)
    # (nor a dash set off by spaces, which ends a dateline's credit: "NEW YORK (Reuters) -
    # U.N. Secretary-General …" hung on the place)
    for i in range(head - 1, first - 1, -1):
        if "\n" in text[tree.w(i).end:tree.w(i + 1).start] or tree.w(i).text in (":", ";") or ">" in tree.w(i).text or (
                _spaced_dash(tree, i) and not any(_spaced_dash(tree, k) for k in range(first, head) if k != i)):  # (not a pair: "His strong - and … - support")
            first = i + 1
            break
    for i in range(head, last):
        if "\n" in text[tree.w(i).end:tree.w(i + 1).start] or tree.w(i + 1).text in (":", ";") or "<" in tree.w(i + 1).text:
            last = i
            break
    # trim punctuation and a leading case word ("by X")
    while first < last and (tree.is_punct(first) or (tree.w(first).udeprel == "case" and first < head)):
        first += 1
    while last > first and tree.is_punct(last):
        last -= 1
    span = Span.of(text, tree.own_offsets(first)[0], tree.own_offsets(last)[1])
    hw = tree.w(head)
    head_span = Span.of(text, *tree.own_offsets(head))
    role = None
    role_hi = 0  # the last word id of the role's subtrees (kept, not re-found from offsets)
    app = next((a for a in tree.children(head, "appos") if not _tight_appos(tree, head, a)), None)
    if app is None:  # "X, Russian Ambassador …" misparsed as a conjunct without "and"
        app = next((a for a in tree.children(head, "conj") if a > head and not any(tree.w(x).udeprel == "cc" for x in tree.kids[a])
                    and not _tight_appos(tree, head, a)), None)
    if app is not None:
        lo, hi = tree.lo[app], tree.hi[app] if end is None else min(tree.hi[app], end)
        # "Clinton, 35, the daughter of …": the role runs over every apposition that follows
        for more in tree.children(head, "appos"):
            if more > app and tree.lo[more] > hi and all(tree.is_punct(k) for k in range(hi + 1, tree.lo[more])):
                hi = tree.hi[more]
        ext = tree.trimmed_extent(lo, hi)
        if ext:
            role = Span.of(text, *ext)
            role_hi = hi
    # a non-restrictive relative clause describes the source as an apposition does
    # ("Mike Murphy, who ran a pro-Bush super PAC"); PolNeAR's source spans include it
    rel = next((r for r in tree.children(head, "acl") if r > head and _after_comma(tree, r)
                and tree.w(_first_word(tree, r)).text.lower() in ("who", "whose")), None)
    if rel is not None and _first_word(tree, rel) > role_hi:
        ext = tree.trimmed_extent(tree.lo[rel], tree.hi[rel])
        if ext:
            role = Span.of(text, role.start if role is not None else ext[0], ext[1])
    # (the name is never sought inside a clause set off by commas: "Javier Milei, who spoke
    # to La Nación, said" names Milei, not the paper)
    aside = {k for c in range(head + 1, last + 1) if tree.w(c).udeprel == "acl" and _after_comma(tree, c) for k in range(tree.lo[c], tree.hi[c] + 1)}
    # (a comma the parser hung on the name from beyond an apposition, "Andriy Yermak, the
    # head of …, wrote" with the second comma on "Yermak", stretches the mention, as
    # PolNeAR draws it, but the apposition's words do not name or type it)
    id_set = set(ids)
    own_last = head
    while own_last < last:
        k = own_last + 1
        if k in id_set:
            own_last = k
        elif tree.is_punct(k) and k + 1 in id_set and tree.w(k).start == tree.w(own_last).end and tree.w(k + 1).start == tree.w(k).end:
            own_last = k + 1  # a hyphen the parser hung elsewhere ("Al-Ahram")
        else:
            break
    # a known outlet's name, or one that ends like a newspaper's, the parser split off its last
    # words ("carried by Free Malaysia | Today", "Today" read as a time; "told the
    # Gloucestershire | Echo the agency …", "Echo" read as a conjunction)
    split_name = None
    if end is None and tree.w(head).upos == "PROPN":
        start = next((i for i in range(first, head + 1) if tree.w(i).upos != "DET"), head)
        k = own_last
        while k < min(tree.n, own_last + 3) and tree.w(k + 1).text[:1].isupper() and tree.w(k + 1).text.isalpha() \
                and tree.w(k + 1).start == tree.w(k).end + 1:
            k += 1
            name = " ".join(text[tree.w(start).start:tree.w(k).end].split()).lower()
            if name in lexicon.outlets or (tree.w(k).text.lower() in lexicon.mastheads and len(name.split()) >= 2):
                own_last = last = k
                span = Span.of(text, span.start, tree.w(k).end)
                split_name = lexicon.outlets.get(name) or " ".join(text[tree.w(start).start:tree.w(k).end].split())
    words = [tree.w(i) for i in range(first, own_last + 1) if tree.w(i).text not in ("'s", "’s", "'", "’") and i not in aside]
    entity, etype = _name_and_type(words, hw, role, lexicon)
    if split_name is not None:
        entity, etype = split_name, "outlet"
    if hw.upos == "NOUN" and "event" in lexicon.relay_frames.get(hw.lemma.lower(), ()):
        # "a statement from the ministry", "a letter from 50 senators": the words are the issuer's
        by = next((c for c in tree.children(head, "nmod") if c > head and c <= last
                   and any(tree.w(x).text.lower() in ("from", "by") for x in tree.children(c, "case"))), None)
        if by is not None and not (tree.w(by).upos == "NOUN" and "event" in lexicon.relay_frames.get(tree.w(by).lemma.lower(), ())):
            issuer = mention_source(tree, by, text, lexicon)
            entity, etype = issuer.entity, issuer.type
    holder = _holder_after_of(tree, head, last, lexicon) if hw.text.lower() in lexicon.titles or (
        etype != "outlet" and hw.text.lower() in _PERSON_ROLE_WORDS) else None  # (one holder: "the Joint Chiefs of Staff" is a body)
    if holder:  # "Secretary of State John Kerry": the office's holder, named after its portfolio
        entity, etype = holder, "person"
    elif hw.text.lower() in lexicon.titles and end is None:
        # "Qatar's Prime Minister and Foreign Minister Sheikh Faisal bin Nasser Al-Attiyah": two
        # offices coordinated, the holder named after the second; the name is the entity
        c = next((c for c in tree.children(head, "conj") if c > head and c <= last and tree.w(c).upos == "PROPN"
                  and any(tree.w(x).udeprel == "cc" for x in range(tree.lo[c], c))), None)
        if c is not None:
            holder_src = mention_source(tree, c, text, lexicon)
            if holder_src.type == "person" and holder_src.entity.split()[0].lower() not in lexicon.titles:
                entity, etype = holder_src.entity, "person"
    if hw.upos != "PROPN" and etype == "outlet" and hw.lemma.lower() in lexicon.outlet_words and entity not in lexicon.outlets.values():
        # "the official news agency WAFA": an outlet the gazetteer does not know, named after its kind
        name = _name_after(tree, head, last) or _name_before(tree, head, first)
        if name:
            entity = name
    elif hw.upos != "PROPN" and etype != "outlet" and (hw.lemma.lower() in _PERSON_ROLE_WORDS or hw.text.lower() in lexicon.titles):
        # a role named by the person who holds it: "Kremlin spokesman Dmitry Peskov",
        # "The ministry's spokeswoman, Maria Zakharova, said": the entity is the name
        name = _name_after(tree, head, last) or (_name_in(tree, app) if app is not None else None)
        if not name:  # "The spokesperson for the UN secretary-general, Stephane Dujarric": hung lower, it still names the role
            # (or as a conjunct without "and", "The mayor of London, Sadiq Khan": the same apposition misread)
            inner = next((a for a in range(last, head, -1) if tree.hi[a] == last and _after_comma(tree, a) and (
                tree.w(a).udeprel == "appos" or (tree.w(a).udeprel == "conj" and not any(tree.w(x).udeprel == "cc" for x in tree.kids[a])))), None)
            name = _name_in(tree, inner) if inner is not None else None
        if name:
            entity, etype = name, "person"
    elif hw.upos == "NOUN" and etype != "outlet":
        # any kind of person or body named right after it ("Ukraine's negotiator Mykhailo
        # Podolyak", "the militant group Hamas"): the entity is the name
        name = _name_after(tree, head, last)
        if name:
            entity = name
            if etype == "unknown" and len(name.split()) >= 2:
                etype = "person"
        elif app is not None and tree.w(app).upos == "PROPN" and app > head:
            # or in apposition after a comma ("Her campaign manager, Derek Okafor, said"):
            # a name of two words or more, none a body's, is a person's
            name = _name_in(tree, app)
            if name:
                entity = name
                low = name.lower().split()
                if len(low) >= 2 and not any(w in lexicon.org_words or w in lexicon.outlet_words for w in low) and name.lower() not in lexicon.places:
                    etype = "person"
    return Source(span, entity, etype, head_span, role)


_HONORIFIC = regex.compile(r"\b(?P<h>Mr|Mrs|Ms|Miss|Sir|Dame|Lady|Lord)\.?\s+(?:\p{Lu}\.\s+)?(?P<name>\p{Lu}[\p{L}'’\-]+)")


def honorific_genders(text: str, lexicon: Lexicon) -> Dict[str, str]:
    """Surnames the text gives a gendered honorific ("Ms. Whitcomb" → f); a name given
    both is left out."""
    out: Dict[str, str] = {}
    for m in _HONORIFIC.finditer(text):
        g = lexicon.gender.get(m.group("h").lower())
        name = m.group("name").lower()
        if g:
            out[name] = g if out.get(name, g) == g else "-"
    return {k: v for k, v in out.items() if v != "-"}


def mention_gender(src: Source, lexicon: Lexicon, genders: Dict[str, str]) -> Optional[str]:
    """A person's gender as the text tells it: a gendered word in the mention ("Ms.",
    "spokeswoman"), else an honorific given the entity's surname elsewhere; None when
    nothing tells (or the words disagree: "Mr. Trump's wife")."""
    said = {lexicon.gender[w] for w in src.span.text.lower().replace("’s", " ").replace("'s", " ").split() if w in lexicon.gender}
    if len(said) == 1:
        return said.pop()
    if said:
        return None
    last = (src.entity or "").split()
    return genders.get(last[-1].lower()) if last else None


def journalist_outlet(tree: Tree, k: Optional[int], text: str, lexicon: Lexicon) -> Optional[Source]:
    """The outlet of a journalist named by the role alone ("Al Jazeera's correspondent",
    "a Reuters reporter"): the proper name before the role word ``k`` when it names an
    outlet, else None. The roles are :data:`JOURNALIST_WORDS`."""
    if k is None or tree.w(k).upos != "NOUN" or (tree.w(k).lemma or "").lower() not in JOURNALIST_WORDS:
        return None
    c = next((c for c in tree.children(k, "nmod:poss", "compound") if c < k and tree.w(c).upos == "PROPN"), None)
    src = mention_source(tree, c, text, lexicon) if c is not None else None
    return src if src is not None and src.type == "outlet" else None


def _spaced_dash(tree: Tree, i: int) -> bool:
    """Whether word ``i`` is a dash set off by spaces (" — ", " - "), not a hyphen."""
    w = tree.w(i)
    if w.text not in ("—", "–", "-", "--", "―"):
        return False
    return (i == 1 or tree.w(i - 1).end < w.start) and (i == tree.n or w.end < tree.w(i + 1).start)


def _name_after(tree: Tree, head: int, last: int) -> Optional[str]:
    """The run of capitalised proper nouns right after ``head`` and inside the mention."""
    k = head + 1
    run = []
    while k <= last and tree.w(k).upos == "PROPN" and tree.w(k).text[:1].isupper():
        run.append(tree.w(k))
        k += 1
    return _join(run) if run and k > last else None


def _name_before(tree: Tree, head: int, first: int) -> Optional[str]:
    """The run of capitalised proper nouns that modify ``head`` through lower-case
    nouns ("the official IRNA news agency": "IRNA"), inside the mention."""
    k = head - 1
    while k >= first and tree.w(k).upos == "NOUN" and tree.w(k).text.islower() and tree.w(k).udeprel == "compound":
        k -= 1
    run = []
    while k >= first and tree.w(k).upos == "PROPN" and tree.w(k).text[:1].isupper() and tree.w(k).udeprel == "compound":
        run.insert(0, tree.w(k))
        k -= 1
    return _join(run) if run else None


def _holder_after_of(tree: Tree, head: int, last: int, lexicon: Lexicon) -> Optional[str]:
    """The name of an office's holder after its portfolio, "Secretary of State *John
    Kerry*", "Minister of Foreign Affairs *Sergei Lavrov*": the capitalised names that
    end the mention after "of", less the portfolio's words before them. None unless a
    portfolio word stands between "of" and the name ("the president of Judicial Watch"
    names no holder)."""
    if head + 2 > last or tree.w(head + 1).text.lower() != "of":
        return None
    run = []
    k = last
    while k > head + 1 and tree.w(k).upos in ("PROPN", "ADJ", "NOUN") and tree.w(k).text[:1].isupper():  # ("Foreign/ADJ Affairs")
        run.insert(0, k)
        k -= 1
    if k != head + 1 or not run:
        return None  # the run must follow "of" directly: "of the Treasury" names no holder
    drop = 0
    while drop < len(run) and (tree.w(run[drop]).text.lower() in lexicon.portfolios or tree.w(run[drop]).text.lower() in lexicon.places):
        drop += 1
    if drop == len(run):  # "the Secretary of State": the office itself, held by a person
        return _join([tree.w(i) for i in range(head, last + 1)])
    if not drop or any(tree.w(i).upos != "PROPN" for i in run[drop:]):
        return None
    return _join([tree.w(i) for i in run[drop:]])


def _name_in(tree: Tree, app: int) -> Optional[str]:
    """The apposition's words when they are a name and nothing else ("Maria Zakharova")."""
    ids = [i for i in range(tree.lo[app], tree.hi[app] + 1) if not tree.is_punct(i)]
    if not ids or len(ids) > 4 or not all(tree.w(i).upos == "PROPN" and tree.w(i).text[:1].isupper() for i in ids):
        return None
    # (a hyphen inside a name stays: "Jean-Marc Ouellet", not "Jean Marc Ouellet")
    ids = sorted(ids + [i for i in range(ids[0] + 1, ids[-1]) if tree.is_punct(i) and _hyphen_inside([tree.w(j) for j in range(i - 1, i + 2)], 1)])
    while len(ids) > 2 and regex.fullmatch(r"\p{Lu}\p{Ll}+\.", tree.w(ids[0]).text):
        ids = ids[1:]  # an abbreviated title is no part of the name ("Gen. Mark Milley"; an initial, "J.", is)
    return _join([tree.w(i) for i in ids])


def _first_word(tree: Tree, i: int) -> int:
    """The first non-punctuation word of ``i``'s subtree."""
    k = tree.lo[i]
    while k < i and tree.is_punct(k):
        k += 1
    return k


def _after_comma(tree: Tree, i: int) -> bool:
    k = _first_word(tree, i)
    return k > 1 and tree.w(k - 1).text == ","


def _has_noun(tree: Tree, i: int) -> bool:
    """Whether ``i``'s subtree holds a noun, a name, a pronoun or a number."""
    return any(tree.w(k).upos in ("NOUN", "PROPN", "PRON", "NUM") for k in range(tree.lo[i], tree.hi[i] + 1))


def _tight_appos(tree: Tree, head: int, app: int) -> bool:
    """An apposition with no comma between it and its head is part of the name
    ("news agency AFP", "the rapper Eminem"); with a comma it is a role."""
    lo, hi = (head, app) if app > head else (app, head)
    # (a hyphen inside a word is no separator: "Secretary-General António Guterres")
    return not any(tree.w(i).text in (",", "(", "—", "–") or (tree.w(i).text == "-" and not (
        tree.w(i - 1).end == tree.w(i).start and tree.w(i).end == tree.w(i + 1).start)) for i in range(lo + 1, hi))


_DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday today yesterday tonight".split())


def _mention_ids(tree: Tree, head: int, frames: Optional[Dict[str, FrozenSet[str]]] = None) -> List[int]:
    out = [head]
    stack = [head]
    while stack:
        v = stack.pop()
        for c in tree.kids[v]:
            w = tree.w(c)
            if v == head and w.deprel not in _MENTION_DEPS and w.udeprel not in _MENTION_DEPS:
                continue
            if v == head and w.udeprel == "advmod" and c > head:
                continue
            if v == head and w.udeprel in ("nmod", "obl") and w.lemma.lower() in TEMPORAL:
                continue  # "the ministry on Tuesday": a time, not part of the name
            if c > head and tree.w(v).upos == "PROPN" and w.udeprel in ("nmod", "obl", "obl:tmod", "nmod:tmod", "obl:unmarked") \
                    and w.lemma.lower() in _DAYS and not w.text.isupper():  # (not a masthead: "USA TODAY")
                continue  # on a name deeper ("Secretary-General António Guterres on Monday" under the title)
            if v == head and frames and w.udeprel == "nmod" and c > head and "event" in frames.get(w.lemma.lower(), ()) \
                    and any(tree.w(x).text.lower() == "in" for x in tree.kids[c]):
                continue  # "The White House, in a statement to Reuters, said": the occasion, not the name (a relay)
            if v == head and w.udeprel == "case" and not (w.xpos == "POS" or w.text in ("'s", "’s", "'", "’")):
                continue  # "according to X": the marker is not part of the name ("X's" keeps its 's)
            if v == head and w.udeprel == "appos" and not _tight_appos(tree, head, c):
                continue
            if w.udeprel in ("acl", "parataxis", "punct") and v == head:
                continue
            if w.udeprel == "acl" and c > head and _after_comma(tree, c) and tree.w(_first_word(tree, c)).text.lower() not in ("who", "whose"):
                # set off deeper too: "finance minister Fernando Haddad, speaking to Folha, said",
                # "a report from the SITE Intelligence Group, which tracks …" (PolNeAR's source
                # spans keep a relative clause on a person, as on the head: see mention_source)
                continue
            if v == head and c < head and w.text.lower() in ("citing", "quoting"):
                continue  # "X, citing police, said" with "citing" read as an adjective of "police"
            if v == head and c > head and w.upos == "VERB" and _after_comma(tree, c):
                continue  # "A senior official, briefing reporters …, said": a participle, whatever its label
            if v == head and w.udeprel == "nmod" and c > head and _after_comma(tree, c) and not _has_noun(tree, c):
                continue  # "According to the UN office, at least 1,000 …": "at least" is no part of the name
            if v == head and w.udeprel == "conj" and not any(tree.w(x).udeprel == "cc" for x in tree.kids[c]) and tree.w(tree.lo[c]).udeprel != "cc":
                continue  # "Nebenzia, Russian Ambassador …" with no "and": an apposition the parser called conj
            out.append(c)
            stack.append(c)
    # a capitalised word right before a proper-noun head belongs to the name,
    # whatever the tagger made of it ("Vassily/ADV Nebenzia/PROPN")
    if tree.w(head).upos == "PROPN":
        k = min(out) - 1
        while k >= 1 and tree.w(k).text[:1].isupper() and tree.w(k).text.isalpha() and tree.w(k).upos in ("PROPN", "ADV", "NOUN", "X", "ADJ", "INTJ") \
                and tree.w(k).end == tree.w(k + 1).start - 1 and not (k == 1 or tree.is_punct(k - 1) and tree.w(k - 1).text in ("“", '"', "‘")):
            if tree.head(k) not in out and tree.head(k) != tree.head(head):
                break
            out.append(k)
            k -= 1
    # a name the parser split into siblings ("Volodymyr/nsubj Zelenskyy/nsubj")
    h, rel = tree.head(head), tree.w(head).deprel
    for step in (-1, 1):
        k = (min(out) if step < 0 else max(out)) + step
        while 1 <= k <= tree.n and tree.w(k).upos == "PROPN" and tree.head(k) == h and tree.w(k).deprel == rel:
            out.append(k)
            k += step
    # a role and its holder's name split into two objects ("quoted Kremlin/compound
    # spokesman/obj Dmitry/compound Peskov/obj"): one mention
    k = max(out) + 1
    sib = next((s for s in range(k, tree.n + 1) if tree.lo[s] == k and tree.head(s) == h and tree.w(s).deprel == rel
                and tree.w(s).upos == "PROPN"), None) if h and tree.w(head).upos == "NOUN" else None
    if sib is not None and all(tree.w(i).upos == "PROPN" for i in range(k, tree.hi[sib] + 1)):
        out.extend(range(k, tree.hi[sib] + 1))
    out.sort()
    return out


def _name_and_type(words, hw, role: Optional[Span], lexicon: Lexicon) -> Tuple[str, str]:
    lower = [w.text.lower() for w in words]
    # outlet gazetteer: the longest matching word sequence
    n = len(words)
    for size in range(min(n, lexicon.max_outlet_len), 0, -1):
        for i in range(0, n - size + 1):
            key = _join(words[i:i + size]).lower()  # as written: "Al-Akhbar" is one name, not "al - akhbar"
            if key in lexicon.outlets and hw.upos == "NOUN" and hw.lemma.lower() in _PERSON_ROLE_WORDS | JOURNALIST_WORDS \
                    and all(w is not hw for w in words[i:i + size]):
                continue  # "A BBC spokesperson", "Al Jazeera's correspondent": a person of the outlet
            if key in lexicon.outlets and i > 0 and lower[i - 1] in ("to", "with") and all(w is not hw for w in words[i:i + size]):
                continue  # "Macron's remarks to Le Figaro": the outlet addressed is not the mention's name
            if key in lexicon.outlets:
                j = i + size
                if j < n and words[j].id > words[j - 1].id + 1 and hw.upos == "PROPN" and any(w is hw for w in words[j:]):
                    # "Al Jazeera's Hind Khoudary" (the possessive "'s" is no word of the
                    # mention): the outlet's journalist, named; the outlet relays
                    continue
                if j + 1 < n and lower[j] == "of" and words[j + 1].upos == "PROPN" and words[j + 1].text[:1].isupper():
                    # "the Times of Israel": a longer name than the gazetteer's "the Times"
                    k = j + 1
                    while k < n and words[k].upos == "PROPN" and words[k].text[:1].isupper():
                        k += 1
                    return lexicon.outlets[key] + " " + _join(words[j:k]), "outlet"
                return lexicon.outlets[key], "outlet"
    if hw.upos == "PRON" or hw.text.lower() in lexicon.pronouns:
        ptype = lexicon.pronouns.get(hw.text.lower(), ("unknown", "-"))[0]
        return hw.text, {"group": "unknown"}.get(ptype, ptype)
    head_lemma = hw.lemma.lower()
    has_title = any(w in lexicon.titles for w in lower)
    # the run of proper nouns around the head, without leading titles
    hi = next((k for k, w in enumerate(words) if w.id == hw.id), n - 1)
    if hw.upos == "PROPN" and (hw.text[:1].isupper() or (hi > 1 and _hyphen_inside(words, hi - 1) and words[hi - 2].text[:1].isupper())):
        a = hi  # (a name's last part after a hyphen may be lower case: "Suk-yeol", "Jong-un")
        while a > 0 and (words[a - 1].upos == "PROPN" or (words[a - 1].text[:1].isupper() and words[a - 1].text.isalpha() and words[a - 1].upos != "DET")) \
                and words[a - 1].id + 1 == words[a].id:  # (a possessive "'s" between ends the name: "Al Jazeera's Hind Khoudary")
            a -= 1
        b = hi
        while b + 1 < n and (words[b + 1].upos == "PROPN" or _hyphen_inside(words, b + 1)
                             or (_hyphen_inside(words, b) and words[b + 1].text[:1].isupper())):  # ("Secretary-General/ADJ")
            b += 1
        # a body's name with "of" ("the Royal College of Emergency Medicine", "the Department
        # of Health and Social Care"): the name runs on after the body's word
        # (and so does a plural name's, which is a body: "the Joint Chiefs of Staff")
        plural = b > a and lower[b].endswith("s") and bool(words[b].lemma) and words[b].lemma.lower() != lower[b]
        body = False
        # (and a body's name with "for": "Transport for NSW", "Americans for Prosperity")
        for_name = b + 2 < n and lower[b + 1] == "for" and words[b + 2].upos == "PROPN" and words[b + 2].text[:1].isupper() \
            and words[b + 1].id == words[b].id + 1 and words[b + 2].id == words[b].id + 2
        if for_name or b + 2 < n and lower[b + 1] == "of" and (lower[b] in lexicon.org_words or plural) and words[b + 2].text[:1].isupper() \
                and words[b + 2].upos in ("PROPN", "ADJ", "NOUN"):
            body = for_name or (plural and lower[b] not in lexicon.org_words)
            b += 2
            while b + 1 < n and words[b + 1].text[:1].isupper() and words[b + 1].upos in ("PROPN", "ADJ", "NOUN") \
                    or (b + 2 < n and lower[b + 1] in ("and", "&") and words[b + 2].text[:1].isupper()):
                b += 2 if lower[b + 1] in ("and", "&") else 1
        # a body's name with "and" inside ("the Fire and Disaster Management Agency"):
        # the name runs back over it when it ends in an organization word
        while a > 1 and lower[a - 1] in ("and", "&") and words[a - 2].upos == "PROPN" and words[a - 2].text[:1].isupper() \
                and words[a - 2].id + 2 == words[a].id and lower[b] in lexicon.org_words:
            a -= 2
            while a > 0 and words[a - 1].upos == "PROPN" and words[a - 1].text[:1].isupper() and words[a - 1].id + 1 == words[a].id:
                a -= 1
        while a > 0 and _hyphen_inside(words, a - 1):  # "al-Sadiq", "Abu-Bakr": one name
            a -= 2 if a > 1 and words[a - 2].text[:1].isalpha() else 1
            # and the given names before it ("Park Jin-woo", "Babajide Sanwo-Olu")
            while a > 0 and words[a - 1].upos == "PROPN" and words[a - 1].text[:1].isupper() and words[a - 1].id + 1 == words[a].id:
                a -= 1
        # the name starts after the last title in the run ("Ukrainian President
        # Volodymyr Zelensky", "British Foreign Minister Liz Truss")
        titled = False
        for k in range(b - 1, max(a - 1, 0) - 1, -1):  # down to the word before the run too ("Capt." is no PROPN)
            if words[k].text.lower().rstrip(".") in lexicon.titles or words[k].text.lower() in lexicon.titles:
                if all(w.text.lower() in lexicon.org_words for w in words[k + 1:b + 1]):
                    break  # "the Russian Defence Ministry": a body named after the office, not a title
                a = max(a, k + 1)
                titled = True
                break
        name_words = words[a:b + 1]
        name = _join(name_words)
        lname = name.lower()
        if body or lname in lexicon.places or head_lemma in lexicon.org_words or lname in lexicon.org_words:
            return name, "organization"
        if titled:  # "Army Capt. Christian Pardo": what precedes the title is the person's organization
            return name, "person"
        if role is not None and _role_head_is_person(role.text):
            return name, "person"  # "John Ekai, a nurse at Lodwar County Referral Hospital": the body is where the person works
        if any(w.text.lower() in lexicon.outlet_words and _outlet_word(w.text.lower(), words) for w in words) \
                or (len(name_words) >= 2 and name_words[-1].text.lower() in lexicon.mastheads):
            return name, "outlet"  # (a name that ends like a newspaper's: "the Sudan Tribune", "the Kyiv Independent")
        if any(w.text.lower() in lexicon.org_words for w in words):
            return name, "organization"
        if has_title or len(name_words) >= 2 or (role is not None and _person_role(role.text)):
            return name, "person"
        return name, "unknown"
    # common-noun head
    start = 0
    while start < n - 1 and words[start].upos in ("DET", "PRON") and words[start].id != hw.id:
        start += 1
    name = _join(words[start:])
    if head_lemma in lexicon.outlet_words and _outlet_word(head_lemma, words):
        return name, "outlet"
    if head_lemma in lexicon.org_words:
        return name, "organization"
    if head_lemma in _PERSON_ROLE_WORDS or head_lemma in lexicon.titles or head_lemma in lexicon.gender:
        # "the Kremlin spokesman": a person, whatever body he speaks for; so is a word that
        # tells a gender ("the powerful sister of North Korean leader Kim Jong Un")
        return name, "person"
    if any(w in lexicon.org_words for w in lower):
        return name, "organization"
    return name, "unknown"


# "station" after a name names an outlet only with a medium ("radio station Bío-Bío", "TV
# station WKYC"): "a rally outside King's Cross station" is a place
_MEDIUM = frozenset("radio television tv broadcast broadcaster broadcasting news fm am".split())
_CALL_SIGN = regex.compile(r"\p{Lu}{3,5}(?:-(?:TV|FM|AM|DT))?")  # "KTLA", "WKYC-TV"


def _outlet_word(low: str, words) -> bool:
    """Whether outlet word ``low`` names an outlet among the mention's ``words``."""
    if low != "station":
        return True
    # (a bare "the station" is one named before: see _engine._definite_outlet)
    return not any(w.upos == "PROPN" for w in words) or any(w.text.lower() in _MEDIUM or _CALL_SIGN.fullmatch(w.text) for w in words)


_ROLE_HEAD_ENDS = frozenset(["at", "of", "for", "in", "with", "from", "on", "to", "by", "who", "whose", "which", "that", "and"])


def _role_head_is_person(text: str) -> bool:
    """Whether an apposition is headed by a person's role: its words before the first
    preposition, conjunction or relative word ("a nurse at …", "executive director of
    …"), so that a body named further in ("… at Lodwar County Referral Hospital") does
    not make the named person an organization."""
    head = []
    for w in text.split():
        w = w.strip(",.;:").lower()
        if w in _ROLE_HEAD_ENDS:
            break
        head.append(w)
    return any(w in _PERSON_ROLE_WORDS for w in head)


def _person_role(text: str) -> bool:
    return any(w.strip(",.").lower() in _PERSON_ROLE_WORDS for w in text.split())


def _hyphen_inside(words, k: int) -> bool:
    """Whether ``words[k]`` is a hyphen written between two words with no space."""
    return 0 < k < len(words) - 1 and words[k].text in ("-", "\u2010", "\u2011") and words[k - 1].end == words[k].start and words[k].end == words[k + 1].start


def _join(words) -> str:
    out = []
    for k, w in enumerate(words):
        if k and w.start > words[k - 1].end:
            out.append(" ")
        elif k and w.start == words[k - 1].start:
            continue  # words of one multi-word token
        out.append(w.text if w.start == w.end else w.text)
    return "".join(out).strip()


def _deletes(token: str) -> List[str]:
    return [token] + [token[:i] + token[i + 1:] for i in range(len(token))]


def _variant(a: str, b: str) -> bool:
    """Whether two words one edit apart are spelling variants, not a derived
    form: a final -n or -s added (Russia/Russian, Trump/Trumps) is not."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(long_) == len(short) + 1 and long_.startswith(short) and long_[-1] in "ns":
        return False
    return a[0] == b[0]


class EntityIndex:
    """Clusters names into entities (see the module docstring for the rule)."""

    __slots__ = ("_exact", "_last", "_first", "_fuzzy", "types", "_order")

    def __init__(self) -> None:
        self._exact: Dict[str, str] = {}
        self._last: Dict[str, str] = {}
        self._first: Dict[str, str] = {}
        self._fuzzy: Dict[Tuple[int, str], str] = {}
        self.types: Dict[str, str] = {}
        self._order: Dict[str, int] = {}

    def resolve(self, name: str, etype: str = "unknown", add: bool = True) -> str:
        """The canonical entity for ``name`` (adding it as a new entity if unknown)."""
        key = name.lower().strip()
        if not key:
            return name
        if key in self._exact:
            return self._exact[key]
        toks = key.split()
        found = None
        if len(toks) == 1:
            found = self._last.get(key) or self._first.get(key)
            if found is not None and self.types.get(found) not in ("person", "unknown"):
                found = None  # a short name stands for a person ("Nebenzia"), not for "Ukraine Crisis"
        if found is None:
            found = self._fuzzy_lookup(toks)
        if found is None and len(toks) == 1 and len(key) >= 5:
            for d in _deletes(key):
                cand = self._fuzzy.get((-1, d))
                if cand and _variant(key, cand.lower().split()[-1]):
                    found = cand
                    break
        if found is not None:
            self._exact[key] = found
            if self.types.get(found, "unknown") == "unknown" and etype != "unknown":
                self.types[found] = etype
            return found
        if add:
            self._add(name.strip(), key, toks, etype)
        return name.strip()

    def type_of(self, entity: str, default: str = "unknown") -> str:
        t = self.types.get(entity, "unknown")
        return t if t != "unknown" else default

    def _fuzzy_lookup(self, toks: List[str]) -> Optional[str]:
        if not all(len(t) >= 5 or not t.isalpha() for t in toks[-1:]):
            return None
        # all words but the last must match exactly; the last may differ by one edit
        prefix = " ".join(toks[:-1])
        last = toks[-1]
        if len(last) < 5:
            return None
        for d in _deletes(last):
            cand = self._fuzzy.get((len(toks), prefix + "|" + d))
            if cand and _variant(last, cand.lower().split()[-1]):
                return cand
        return None

    def _add(self, name: str, key: str, toks: List[str], etype: str) -> None:
        self._exact[key] = name
        self.types.setdefault(name, etype)
        self._order.setdefault(name, len(self._order))
        if len(toks) >= 2:
            self._last.setdefault(toks[-1], name)
            self._first.setdefault(toks[0], name)
        if toks and len(toks[-1]) >= 5:
            prefix = " ".join(toks[:-1])
            for d in _deletes(toks[-1]):
                self._fuzzy.setdefault((len(toks), prefix + "|" + d), name)
                self._fuzzy.setdefault((-1, d), name)
