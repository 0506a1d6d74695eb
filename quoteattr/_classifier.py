"""A learned cue detector: logistic regression over dependency features.

Hand-classified cue verbs (``verbs.tsv``) cover speech; PolNeAR also annotates
cues of support, intention and evidence ("want", "backing", "would vote for").
This model, trained on PolNeAR *train* by ``scripts/train_cue_classifier.py``
and shipped as data (``lexicons/<lang>/cue_model.json``), scores the words the
lexicon does not classify. Inference is a sparse dot product in pure Python.
"""

from __future__ import annotations

import functools
import json
import math
from typing import Dict, List, Optional

from ._lexicon import LEXICON_DIR
from ._tree import Tree

__all__ = ["CueModel", "load_cue_model", "cue_features", "CANDIDATE_UPOS"]

CANDIDATE_UPOS = ("VERB", "NOUN")


def cue_features(tree: Tree, i: int, in_quote: bool, curated: Optional[str], lemma: Optional[str] = None) -> List[str]:
    """The features of word ``i`` as a cue candidate (``lemma`` overrides the parser's)."""
    w = tree.w(i)
    lem = lemma or (w.lemma or w.text).lower()
    dep = w.udeprel
    feats = [
        "bias",
        "lem=" + lem,
        "upos=" + w.upos,
        "xpos=" + w.xpos,
        "dep=" + dep,
        "lem_dep=" + lem + "|" + dep,
        "quote=" + str(in_quote),
        "curated=" + (curated or "-"),
    ]
    kids = {tree.w(c).udeprel for c in tree.kids[i]}
    feats += ["child=" + k for k in sorted(kids)]
    feats += ["lem_child=" + lem + "|" + k for k in sorted(kids & {"ccomp", "xcomp", "obj", "nsubj", "obl", "advcl"})]
    h = tree.head(i)
    if h:
        hw = tree.w(h)
        feats += ["head_upos=" + hw.upos, "head_lem=" + (hw.lemma or hw.text).lower()]
    else:
        feats.append("head=root")
    feats.append("prev=" + (tree.w(i - 1).text.lower() if i > 1 else "<s>"))
    feats.append("next=" + (tree.w(i + 1).text.lower() if i < tree.n else "</s>"))
    return feats


class CueModel:
    """Weights by feature name, and the decision threshold tuned on held-out train."""

    __slots__ = ("weights", "threshold", "meta")

    def __init__(self, weights: Dict[str, float], threshold: float, meta: dict):
        self.weights = weights
        self.threshold = threshold
        self.meta = meta

    def prob(self, feats: List[str]) -> float:
        z = sum(self.weights.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@functools.lru_cache(maxsize=None)
def load_cue_model(lang: str = "en") -> Optional[CueModel]:
    """The shipped cue model of ``lang``, or None if there is none."""
    path = LEXICON_DIR / lang / "cue_model.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return CueModel(data["weights"], float(data["threshold"]), data.get("meta", {}))
