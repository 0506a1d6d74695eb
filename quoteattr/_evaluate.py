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

import json
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import regex

from ._types import AttributedDocument, Attribution

__all__ = ["normalize", "token_f1", "score_seed", "load_seed_gold"]

_TRIM = regex.compile(r"^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$")
_LEAD_THAT = regex.compile(r"^that\s+", regex.IGNORECASE)
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


def load_seed_gold(path: Any) -> Dict[str, Any]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if "attributions" not in data:
        from ._errors import InputError

        raise InputError(f"{path}: not a seed gold file (no 'attributions' list)")
    return data


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
