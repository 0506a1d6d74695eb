"""Feed a stanza pipeline you already have: add quoteattr as its last processor.

Usage: python examples/stanza_pipeline.py [FILE]
With stanza's full English models installed, the plain stanza.Pipeline("en", ...)
works; here the bundled compact model is named explicitly so the example runs offline.
"""

import sys
from pathlib import Path

import stanza

import quoteattr.stanza  # noqa: F401  registers the "quoteattr" processor
from quoteattr._parsing import COMPACT_MODEL_DIR

HERE = Path(__file__).resolve().parent


def main(path: str = str(HERE / "bucha.txt")) -> None:
    paths = {f"{p}_model_path": str(COMPACT_MODEL_DIR / f"{p}.pt") for p in ("tokenize", "mwt", "pos", "lemma", "depparse")}
    nlp = stanza.Pipeline(lang="en", dir=str(COMPACT_MODEL_DIR), allow_unknown_language=True, download_method=None,
                          processors="tokenize,mwt,pos,lemma,depparse,quoteattr", logging_level="ERROR", **paths)
    doc = nlp(Path(path).read_text(encoding="utf-8"))
    for a in doc.attributions:
        print(" → ".join(a.chain) or "?", "|", a.kind, "|", " … ".join(c.text for c in a.content)[:80])


if __name__ == "__main__":
    main(*sys.argv[1:2])
