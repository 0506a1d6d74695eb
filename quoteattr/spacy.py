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

from ._spanmodel import DEFAULT_SPAN_DECODING

__all__ = ["QuoteAttrComponent", "make_component"]


class QuoteAttrComponent:
    """Runs quoteattr's attribution stage on a parsed spaCy ``Doc``."""

    def __init__(self, nlp: Any = None, name: str = "quoteattr", lang: str = "en", use_cue_model: bool = True, learned_spans: bool = True,
                 span_decoding: str = DEFAULT_SPAN_DECODING):
        from spacy.tokens import Doc

        from ._lexicon import check_lang
        from ._pipeline import _check_flag
        from ._spanmodel import check_span_decoding

        check_lang(lang)  # checked when the component is added, not at the first document
        _check_flag(use_cue_model, "use_cue_model")
        _check_flag(learned_spans, "learned_spans")
        if not Doc.has_extension("quoteattr"):
            Doc.set_extension("quoteattr", default=None)
        if not Doc.has_extension("attributions"):  # read from doc._.quoteattr: one value to serialize (see _encode)
            Doc.set_extension("attributions", getter=_attributions)
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
        return doc


def _attributions(doc: Any) -> Any:
    """``doc._.attributions``: the attributions of ``doc._.quoteattr`` (None before the component ran)."""
    result = doc._.quoteattr
    return None if result is None else result.attributions


def make_component(nlp: Any, name: str, lang: str = "en", use_cue_model: bool = True, learned_spans: bool = True,
                   span_decoding: str = DEFAULT_SPAN_DECODING) -> QuoteAttrComponent:
    """spaCy factory: ``nlp.add_pipe("quoteattr", config={"use_cue_model": True, "learned_spans": True, "span_decoding": "spans"})``."""
    return QuoteAttrComponent(nlp, name, lang, use_cue_model, learned_spans, span_decoding)


_TAG = "__quoteattr__"


def _encode(obj: Any, chain: Any = None) -> Any:
    """srsly's msgpack encoder for the results kept on a Doc: as schema-1 dicts (and the parse).

    Why: ``Doc.to_bytes`` packs ``doc._`` values with msgpack, which cannot pack
    these classes: a Doc the component had seen could not be saved (``DocBin``)
    nor sent between processes (``nlp.pipe(texts, n_process=2)`` failed).
    """
    import attrs

    from ._types import AttributedDocument

    if isinstance(obj, AttributedDocument):
        sentences = [[s.start, s.end, [list(attrs.astuple(w)) for w in s.words]] for s in obj.sentences]
        return {_TAG: "document", "doc": obj.to_dict(), "sentences": sentences}
    return obj if chain is None else chain(obj)


def _decode(obj: Any, chain: Any = None) -> Any:
    """srsly's msgpack decoder: the inverse of :func:`_encode` (checked as ``from_dict`` checks JSON)."""
    if isinstance(obj, dict) and obj.get(_TAG) == "document":
        return _decode_document(obj)
    return obj if chain is None else chain(obj)


def _decode_document(obj: dict) -> Any:
    """The :class:`AttributedDocument` that :func:`_encode` packed, checked.

    Why: bytes read back (``Doc.from_bytes``, a ``DocBin`` file) may be damaged
    or hand-made; a missing key or a short word row was a ``KeyError`` or
    ``TypeError`` from deep inside, and a word past the text was read as is.

    Raises:
        InputError: naming what is wrong and the fix.
    """
    import attrs

    from ._errors import InputError
    from ._pipeline import _check_document
    from ._types import AttributedDocument, Document, Sentence, Word

    fix = "the Doc's saved bytes are damaged or not quoteattr's: run the quoteattr component on the parsed Doc again"
    if "doc" not in obj or "sentences" not in obj:
        raise InputError(f"quoteattr data on a spaCy Doc: expected the keys 'doc' and 'sentences', got {sorted(map(str, obj))}; {fix}")
    try:
        sentences = tuple(Sentence(tuple(Word(*w) for w in words), start, end) for start, end, words in obj["sentences"])
    except (TypeError, ValueError) as e:  # (the Word validators' InputTypeError included: this names where)
        raise InputError(f"quoteattr data on a spaCy Doc: the parse is not [start, end, [[id, text, lemma, upos, xpos, feats, "
                         f"head, deprel, start, end], ...]] per sentence ({e}); {fix}") from None
    result = AttributedDocument.from_dict(_lists(obj["doc"]))
    _check_document(Document(result.text, sentences))
    return attrs.evolve(result, sentences=sentences)


def _lists(obj: Any) -> Any:
    """``obj`` with its tuples as lists, as JSON reads them (``DocBin`` unpacks arrays as tuples)."""
    if isinstance(obj, dict):
        return {k: _lists(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_lists(v) for v in obj]
    return obj


try:  # declare the factory only when spaCy asks for it (entry points import this module)
    import srsly
    from spacy.language import Language

    srsly.msgpack_encoders.register("quoteattr", func=_encode)
    srsly.msgpack_decoders.register("quoteattr", func=_decode)

    Language.factory(
        "quoteattr",
        default_config={"lang": "en", "use_cue_model": True, "learned_spans": True, "span_decoding": DEFAULT_SPAN_DECODING},
        requires=["token.dep", "token.head"],
        assigns=["doc._.attributions", "doc._.quoteattr"],
        func=make_component,
    )
except ImportError:  # pragma: no cover - spaCy is optional
    pass
