"""Feed a stanza pipeline you already have: add quoteattr as its last processor.

Usage: python examples/stanza_pipeline.py [FILE]
With stanza's full English models installed, the plain stanza.Pipeline("en", ...)
works; here the bundled compact model is named explicitly so the example runs offline.
"""

import sys
from pathlib import Path

import stanza

import quoteattr.stanza  # registers the "quoteattr" processor

HERE = Path(__file__).resolve().parent


def main(path: str = str(HERE / "bucha.txt")) -> None:
    nlp = stanza.Pipeline(processors="tokenize,mwt,pos,lemma,depparse,quoteattr", logging_level="ERROR",
                          **quoteattr.stanza.compact_model_kwargs())
    doc = nlp(Path(path).read_text(encoding="utf-8"))
    for a in doc.attributions:
        print(" → ".join(a.chain) or "?", "|", a.kind, "|", " … ".join(c.text for c in a.content)[:80])


if __name__ == "__main__":
    main(*sys.argv[1:2])
