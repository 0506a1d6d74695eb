"""The ``quoteattr`` stanza processor.

Importing this module registers the processor in stanza's registry (stanza
has no entry points for processors), so a stanza pipeline the user already has
can add attribution as its last step::

    import stanza
    import quoteattr.stanza  # registers the "quoteattr" processor
    nlp = stanza.Pipeline("en", processors="tokenize,pos,lemma,depparse,quoteattr")
    doc = nlp("“We will win,” the minister said.")
    doc.attributions[0].source.text        # 'the minister'
    doc.quoteattr                          # the whole quoteattr.AttributedDocument

Config: ``quoteattr_lang`` (default "en"), ``quoteattr_use_cue_model`` (default True).
"""

from __future__ import annotations

from stanza.models.common.doc import Document as _StanzaDocument
from stanza.pipeline.processor import Processor, register_processor

__all__ = ["QuoteAttrProcessor"]

def _setter(name):
    def setter(self, value):
        setattr(self, "_" + name, value)

    return setter


for _name in ("attributions", "quoteattr"):
    if not hasattr(_StanzaDocument, _name):
        _StanzaDocument.add_property(_name, default=None, setter=_setter(_name))


@register_processor("quoteattr")
class QuoteAttrProcessor(Processor):
    """Runs quoteattr's attribution stage on a parsed stanza ``Document``."""

    PROVIDES_DEFAULT = {"quoteattr"}
    REQUIRES_DEFAULT = {"tokenize", "pos", "lemma", "depparse"}

    def __init__(self, config, pipeline, device):
        super().__init__(config, pipeline, device)
        self._lang = config.get("lang", "en") if config.get("lang") in (None, "en") else "en"
        self._use_cue_model = bool(config.get("use_cue_model", True))

    def process(self, doc):
        from ._pipeline import attribute_document
        from ._readers import document_from_stanza

        result = attribute_document(document_from_stanza(doc), self._lang, use_cue_model=self._use_cue_model)
        doc.quoteattr = result
        doc.attributions = result.attributions
        return doc
