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

Config: ``quoteattr_lang`` (default "en"), ``quoteattr_use_cue_model`` and
``quoteattr_learned_spans`` (default True), ``quoteattr_span_decoding``
("spans", the default, or "words").
"""

from __future__ import annotations

from stanza.models.common.doc import Document as _StanzaDocument
from stanza.pipeline.processor import Processor, register_processor

__all__ = ["QuoteAttrProcessor", "compact_model_kwargs"]


def compact_model_kwargs() -> dict:
    """Keyword arguments that make ``stanza.Pipeline`` load quoteattr's bundled English
    model offline (stanza's own English models need a download).

    Example::

        nlp = stanza.Pipeline(processors="tokenize,mwt,pos,lemma,depparse,quoteattr",
                              **quoteattr.stanza.compact_model_kwargs())
    """
    from ._parsing import COMPACT_MODEL_DIR as d

    kw = dict(lang="en", dir=str(d), allow_unknown_language=True, download_method=None)
    for p in ("tokenize", "mwt", "pos", "lemma", "depparse"):
        kw[f"{p}_model_path"] = str(d / f"{p}.pt")
    if (d / "pretrain.pt").is_file():  # the tagger's word vectors (since 1.1.0)
        kw["pos_pretrain_path"] = str(d / "pretrain.pt")
    return kw

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
        from ._pipeline import _check_flag  # a real bool: bool("no") would be True
        from ._spanmodel import DEFAULT_SPAN_DECODING, check_span_decoding

        self._use_cue_model = _check_flag(config.get("use_cue_model", True), "quoteattr_use_cue_model")
        self._learned_spans = _check_flag(config.get("learned_spans", True), "quoteattr_learned_spans")

        self._span_decoding = check_span_decoding(config.get("span_decoding", DEFAULT_SPAN_DECODING))

    def process(self, doc):
        from ._pipeline import attribute_document
        from ._readers import document_from_stanza

        result = attribute_document(document_from_stanza(doc), self._lang, use_cue_model=self._use_cue_model, learned_spans=self._learned_spans,
                                    span_decoding=self._span_decoding)
        doc.quoteattr = result
        doc.attributions = result.attributions
        return doc
