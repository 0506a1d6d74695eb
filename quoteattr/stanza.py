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

Config: ``quoteattr_lang`` (default "en", whatever the pipeline's own ``lang``:
the lexicon whose rules attribute; one quoteattr has no lexicon for is an
``OptionError`` when the pipeline is built, naming the languages there are),
``quoteattr_use_cue_model`` and ``quoteattr_learned_spans`` (default True),
``quoteattr_span_decoding`` ("spans", the default, or "words").
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


def _option(pipeline, name: str, default):
    """The pipeline's ``quoteattr_<name>`` option.

    Why not the processor's own config: stanza overwrites its ``lang`` with the
    pipeline's language, so ``quoteattr_lang`` is only found in the pipeline's.
    """
    config = getattr(pipeline, "config", None)
    return config.get(f"quoteattr_{name}", default) if isinstance(config, dict) else default


@register_processor("quoteattr")
class QuoteAttrProcessor(Processor):
    """Runs quoteattr's attribution stage on a parsed stanza ``Document``."""

    PROVIDES_DEFAULT = {"quoteattr"}
    REQUIRES_DEFAULT = {"tokenize", "pos", "lemma", "depparse"}

    def __init__(self, config, pipeline, device):
        super().__init__(config, pipeline, device)
        from ._errors import InputTypeError, OptionError
        from ._lexicon import check_lang
        from ._pipeline import _check_flag  # a real bool: bool("no") would be True

        lang = _option(pipeline, "lang", None)
        try:
            self._lang = check_lang("en" if lang is None else lang)
        except (OptionError, InputTypeError) as e:  # the same error, saying which option it is
            raise type(e)(f"quoteattr_lang: {e}") from None
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
