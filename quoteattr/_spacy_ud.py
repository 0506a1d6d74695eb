"""spaCy (ClearNLP-style labels) → UD v2 trees.

Renaming labels is not enough: spaCy's English models follow the ClearNLP
conventions (Choi & Palmer 2012), whose *structure* differs from UD's. A rename
alone leaves about half the heads disagreeing with UD. The rewrites, each a UD
v2 guideline (universaldependencies.org/u/overview/syntax.html):

1. prepositions are ``case`` dependents of their object: ``prep``+``pobj``
   becomes ``case`` + ``obl`` (on a verb or adjective) or ``nmod`` (on a
   nominal), with the head swapped; ``prep``+``pcomp`` becomes ``mark`` +
   ``advcl``/``acl``; ``agent`` becomes ``obl:agent`` with "by" as ``case``;
2. a copula is not a head: the ``attr``/``acomp`` of "be" becomes the head,
   takes over the copula's dependents, and "be" attaches to it as ``cop``;
3. infinitival "to" (tag TO) is ``mark``, not ``aux``;
4. ``cc`` attaches to the following conjunct, and chained conjuncts attach to
   the first one;
5. the labels are renamed (dobj→obj, nsubjpass→nsubj:pass, poss→nmod:poss,
   relcl→acl:relcl, prt→compound:prt, neg→advmod, …).

White-space tokens are dropped (UD has none); their dependents move to their head.
"""

from __future__ import annotations

from typing import Any, List

from ._errors import InputTypeError
from ._types import Document, Sentence, Word

__all__ = ["document_from_spacy", "convert_sentence"]

_RENAME = {
    "ROOT": "root",
    "dobj": "obj",
    "nsubjpass": "nsubj:pass",
    "csubjpass": "csubj:pass",
    "auxpass": "aux:pass",
    "poss": "nmod:poss",
    "neg": "advmod",
    "prt": "compound:prt",
    "dative": "iobj",
    "npadvmod": "obl:npmod",
    "relcl": "acl:relcl",
    "quantmod": "advmod",
    "predet": "det:predet",
    "preconj": "cc:preconj",
    "oprd": "xcomp",
    "meta": "dep",
    "intj": "discourse",
    "attr": "xcomp",
    "acomp": "xcomp",
    "nn": "compound",
}
_NOMINAL = ("NOUN", "PROPN", "PRON", "NUM", "SYM", "X", "DET")


def convert_sentence(tokens: List[dict]) -> List[dict]:
    """Convert one sentence in place.

    Args:
        tokens: dicts with ``text, lemma, upos, xpos, feats, head`` (0-based index
            within the sentence, or -1 for the root), ``dep`` (spaCy label) and
            ``start``/``end``.

    Returns:
        The tokens (white space removed) with ``head`` (1-based, 0 = root) and
        ``deprel`` in UD v2.
    """
    n = len(tokens)
    head = [t["head"] for t in tokens]
    dep = [t["dep"] for t in tokens]

    def kids(i: int) -> List[int]:
        return [k for k in range(n) if head[k] == i]

    # 3. infinitival to
    for i, t in enumerate(tokens):
        if dep[i] == "aux" and t["xpos"] == "TO":
            dep[i] = "mark"
    # 1. prepositions and agents
    from_prep = [False] * n
    for pidx in range(n):
        if dep[pidx] not in ("prep", "agent"):
            continue
        objs = [k for k in kids(pidx) if dep[k] in ("pobj", "pcomp")]
        if not objs:
            dep[pidx] = "obl" if tokens[head[pidx]]["upos"] in ("VERB", "AUX", "ADJ") and head[pidx] >= 0 else "advmod"
            continue
        o = objs[0]
        h = head[pidx]
        verbal_head = h < 0 or tokens[h]["upos"] in ("VERB", "AUX", "ADJ", "ADV")
        if dep[o] == "pcomp" and tokens[o]["upos"] in ("VERB", "AUX"):
            new = "advcl" if verbal_head else "acl"
            role = "mark"
        else:
            new = "obl" if verbal_head else "nmod"
            role = "case"
        if dep[pidx] == "agent":
            new = "obl:agent"
        head[o], dep[o] = h, (new if h >= 0 else "root")
        from_prep[o] = True
        for k in kids(pidx):
            if k != o:
                head[k] = o
        head[pidx], dep[pidx] = o, role
    # 2. copula: attr/acomp of "be" becomes the head
    for v in range(n):
        if tokens[v]["lemma"].lower() != "be" or dep[v] in ("aux", "auxpass"):
            continue
        if any(dep[k] == "expl" for k in kids(v)):
            continue  # existential "there is": the verb stays the head
        preds = [k for k in kids(v) if dep[k] in ("attr", "acomp")]
        if not preds:
            preds = [k for k in kids(v) if k > v and dep[k] in ("obl", "nmod") and from_prep[k]]
        if not preds:
            continue
        p = preds[0]
        head[p], dep[p] = head[v], dep[v]
        for k in kids(v):
            if k != p:
                head[k] = p
        head[v], dep[v] = p, "cop"
    for i in range(n):
        if dep[i] in ("pobj", "pcomp"):  # objects of prepositions not handled above
            dep[i] = "obl" if dep[i] == "pobj" else "advcl"
    # 4. coordination: chained conjuncts attach to the first; cc to the next conjunct
    for i in range(n):
        guard = 0
        while dep[i] == "conj" and head[i] >= 0 and dep[head[i]] == "conj" and guard < n:
            head[i] = head[head[i]]
            guard += 1
    for c in range(n):
        if dep[c] not in ("cc", "preconj") and not (dep[c] == "punct" and tokens[c]["text"] in (",", ";")):
            continue
        h = head[c]
        conjs = sorted(k for k in range(n) if head[k] == h and dep[k] == "conj" and k > c)
        if conjs:
            head[c] = conjs[0]
    # person names: UD makes the first word the head and the rest flat
    i = 0
    while i < n:
        j = i
        while j + 1 < n and tokens[j]["upos"] == "PROPN" and tokens[j].get("ent") == "PERSON" and dep[j] == "compound" and head[j] == j + 1:
            j += 1
        if j > i and tokens[j].get("ent") == "PERSON":
            head[i], dep[i] = head[j], dep[j]
            for k in range(n):
                if head[k] == j and k != i:
                    head[k] = i
            for k in range(i + 1, j + 1):
                head[k], dep[k] = i, "flat"
        i = j + 1
    # 5. labels
    for i in range(n):
        if dep[i] == "dative" and any(dep[k] == "case" for k in kids(i)):
            dep[i] = "obl"
        dep[i] = _RENAME.get(dep[i], dep[i])
        if dep[i] == "case" and tokens[i]["xpos"] == "POS":
            dep[i] = "case"
    # drop white space; its dependents move to its head
    keep = [i for i in range(n) if tokens[i]["text"].strip()]
    for i in range(n):
        guard = 0
        while head[i] >= 0 and not tokens[head[i]]["text"].strip() and guard < n:
            head[i] = head[head[i]]
            guard += 1
    newid = {old: k + 1 for k, old in enumerate(keep)}
    out = []
    roots = 0
    for old in keep:
        t = dict(tokens[old])
        h = head[old]
        t["head"] = newid.get(h, 0) if h >= 0 else 0
        t["deprel"] = "root" if t["head"] == 0 else dep[old]
        roots += t["head"] == 0
        out.append(t)
    if roots > 1:  # keep one root: attach the others to the first
        first = next(k for k, t in enumerate(out) if t["head"] == 0)
        for k, t in enumerate(out):
            if t["head"] == 0 and k != first:
                t["head"], t["deprel"] = first + 1, "parataxis"
    return out


def document_from_spacy(doc: Any) -> Document:
    """Convert a parsed ``spacy.tokens.Doc`` into a UD v2 :class:`Document`."""
    if not hasattr(doc, "sents") or not hasattr(doc, "text"):
        raise InputTypeError(f"expected a parsed spacy.tokens.Doc, got {type(doc).__name__}")
    if hasattr(doc, "as_doc") and hasattr(doc, "doc"):  # a Span: an AttributeError (no has_annotation) came out of it
        raise InputTypeError(f"expected a parsed spacy.tokens.Doc, got a {type(doc).__name__}; pass the whole Doc "
                             "(span.doc), or span.as_doc() for the span alone (its offsets then count from the span's start)")
    if len(doc) and not doc.has_annotation("DEP"):
        raise InputTypeError("the spaCy Doc has no dependency parse; run a pipeline with a 'parser' component")
    sentences = []
    for sent in doc.sents:
        base = sent.start
        toks = []
        for t in sent:
            toks.append(
                dict(
                    text=t.text,
                    lemma=t.lemma_ or t.text,
                    upos=t.pos_ or "X",
                    xpos=t.tag_ or "_",
                    feats=str(t.morph) or "_",
                    head=-1 if t.head.i == t.i else t.head.i - base,
                    dep=t.dep_,
                    ent=t.ent_type_,
                    start=t.idx,
                    end=t.idx + len(t.text),
                )
            )
        conv = convert_sentence(toks)
        if not conv:
            continue
        words = tuple(
            Word(k + 1, t["text"], t["lemma"], t["upos"], t["xpos"], t["feats"], t["head"], t["deprel"], t["start"], t["end"])
            for k, t in enumerate(conv)
        )
        sentences.append(Sentence(words, words[0].start, words[-1].end))
    return Document(doc.text, tuple(sentences))


def agreement_with_ud(nlp: Any, conllu: Any, limit: int = 0, rename_only: bool = False) -> dict:
    """Head (UAS) and labelled (LAS) agreement of converted spaCy parses with UD gold.

    spaCy parses the gold tokens (so the two parses can be compared word for
    word); punctuation is scored like any word. With ``rename_only`` the labels
    are renamed but the structure is left as spaCy made it (the baseline the
    structural rewrites must beat).
    """
    from spacy.tokens import Doc

    from ._readers import iter_conllu

    total = heads = labels = 0
    for k, (_, toks) in enumerate(iter_conllu(conllu)):
        if limit and k >= limit:
            break
        gold = [w for t in toks for w in t.words]
        words = [w[1] for w in gold]
        doc = Doc(nlp.vocab, words=words, spaces=[True] * len(words))
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        toks_in = [
            dict(text=t.text, lemma=t.lemma_ or t.text, upos=t.pos_, xpos=t.tag_, feats="_", head=-1 if t.head.i == t.i else t.head.i, dep=t.dep_, ent=t.ent_type_, start=0, end=0)
            for t in doc
        ]
        if rename_only:
            conv = [dict(t, head=(0 if t["head"] < 0 else t["head"] + 1), deprel=("root" if t["head"] < 0 else _RENAME.get(t["dep"], t["dep"]))) for t in toks_in]
        else:
            conv = convert_sentence(toks_in)
        if len(conv) != len(gold):
            continue
        for g, p in zip(gold, conv):
            total += 1
            if g[6] == p["head"]:
                heads += 1
                if g[7].split(":")[0] == p["deprel"].split(":")[0]:
                    labels += 1
    return {"words": total, "UAS": 100.0 * heads / max(1, total), "LAS": 100.0 * labels / max(1, total)}
