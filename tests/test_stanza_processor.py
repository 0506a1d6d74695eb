"""The stanza processor: attribution as the last step of the user's own stanza pipeline."""

import stanza

import quoteattr
import quoteattr.stanza  # noqa: F401  registers the "quoteattr" processor
from quoteattr._parsing import COMPACT_MODEL_DIR


def test_processor_in_a_stanza_pipeline():
    paths = {f"{p}_model_path": str(COMPACT_MODEL_DIR / f"{p}.pt") for p in ("tokenize", "mwt", "pos", "lemma", "depparse")}
    nlp = stanza.Pipeline(lang="en", dir=str(COMPACT_MODEL_DIR), allow_unknown_language=True, download_method=None,
                          processors="tokenize,mwt,pos,lemma,depparse,quoteattr", logging_level="ERROR", **paths)
    doc = nlp("“We will win,” the minister said.")
    (a,) = doc.attributions
    assert isinstance(a, quoteattr.Attribution) and a.source.text == "the minister"
    assert isinstance(doc.quoteattr, quoteattr.AttributedDocument) and doc.quoteattr.text == doc.text
