"""The stanza processor: attribution as the last step of the user's own stanza pipeline."""

import stanza

import quoteattr
import quoteattr.stanza  # registers the "quoteattr" processor


def test_processor_in_a_stanza_pipeline():
    nlp = stanza.Pipeline(processors="tokenize,mwt,pos,lemma,depparse,quoteattr", logging_level="ERROR",
                          **quoteattr.stanza.compact_model_kwargs())
    doc = nlp("“We will win,” the minister said.")
    (a,) = doc.attributions
    assert isinstance(a, quoteattr.Attribution) and a.source.text == "the minister"
    assert isinstance(doc.quoteattr, quoteattr.AttributedDocument) and doc.quoteattr.text == doc.text
    nlp2 = stanza.Pipeline(processors="tokenize,mwt,pos,lemma,depparse,quoteattr", logging_level="ERROR", quoteattr_span_decoding="spans",
                           **quoteattr.stanza.compact_model_kwargs())
    (b,) = nlp2("“We will win,” the minister said.").attributions
    assert b.source.text == "the minister" and [c.text for c in b.content] == [c.text for c in a.content]
