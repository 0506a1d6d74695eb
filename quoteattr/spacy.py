"""The ``quoteattr`` spaCy pipeline component.

Registered by entry point (``spacy_factories``), not on import, so
``nlp.add_pipe("quoteattr")`` works once quoteattr is installed. It requires a
dependency parse (``token.dep``), converts it to UD v2 with the same converter
as :meth:`quoteattr.Document.from_spacy`, and sets ``doc._.attributions`` (a
tuple of :class:`quoteattr.Attribution`) and ``doc._.quoteattr`` (the whole
:class:`quoteattr.AttributedDocument`).

Example::

    import spacy
    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("quoteattr")
    doc = nlp("“We will win,” the minister said.")
    doc._.attributions[0].source.text   # 'the minister'
"""

from __future__ import annotations

from typing import Any

__all__ = ["QuoteAttrComponent", "make_component"]


class QuoteAttrComponent:
    """Runs quoteattr's attribution stage on a parsed spaCy ``Doc``."""

    def __init__(self, nlp: Any = None, name: str = "quoteattr", lang: str = "en", use_cue_model: bool = True, learned_spans: bool = True,
                 span_decoding: str = "words"):
        from spacy.tokens import Doc

        from ._lexicon import check_lang
        from ._pipeline import _check_flag
        from ._spanmodel import check_span_decoding

        check_lang(lang)  # checked when the component is added, not at the first document
        _check_flag(use_cue_model, "use_cue_model")
        _check_flag(learned_spans, "learned_spans")
        for ext in ("attributions", "quoteattr"):
            if not Doc.has_extension(ext):
                Doc.set_extension(ext, default=None)
        self.name = name
        self.lang = lang
        self.use_cue_model = use_cue_model
        self.learned_spans = learned_spans
        self.span_decoding = check_span_decoding(span_decoding)

    def __call__(self, doc: Any) -> Any:
        from ._pipeline import attribute_document
        from ._spacy_ud import document_from_spacy

        result = attribute_document(document_from_spacy(doc), self.lang, use_cue_model=self.use_cue_model, learned_spans=self.learned_spans,
                                    span_decoding=self.span_decoding)
        doc._.quoteattr = result
        doc._.attributions = result.attributions
        return doc


def make_component(nlp: Any, name: str, lang: str = "en", use_cue_model: bool = True, learned_spans: bool = True,
                   span_decoding: str = "words") -> QuoteAttrComponent:
    """spaCy factory: ``nlp.add_pipe("quoteattr", config={"use_cue_model": True, "learned_spans": True, "span_decoding": "words"})``."""
    return QuoteAttrComponent(nlp, name, lang, use_cue_model, learned_spans, span_decoding)


try:  # declare the factory only when spaCy asks for it (entry points import this module)
    from spacy.language import Language

    Language.factory(
        "quoteattr",
        default_config={"lang": "en", "use_cue_model": True, "learned_spans": True, "span_decoding": "words"},
        requires=["token.dep", "token.head"],
        assigns=["doc._.attributions", "doc._.quoteattr"],
        func=make_component,
    )
except ImportError:  # pragma: no cover - spaCy is optional
    pass
