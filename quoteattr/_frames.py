"""Attributions as pandas DataFrames (optional extra: ``pip install 'quoteattr[pandas]'``).

One row per attribution, so a corpus becomes one table for counting the
most-quoted sources, outlets or relay chains.
"""

from __future__ import annotations

from typing import Any, Iterable

from ._errors import InputTypeError, QuoteAttrError
from ._types import AttributedDocument

__all__ = ["to_dataframe", "rows", "COLUMNS"]

COLUMNS = [
    "doc_id", "index", "kind", "content", "content_start", "content_end", "cue", "source", "entity", "type",
    "relayed_by", "chain", "parent", "confidence", "rule",
]


class PandasMissingError(QuoteAttrError, ImportError):
    """pandas is needed for DataFrames."""


def rows(doc: AttributedDocument, default_id: Any = None):
    """The table rows (dicts with ``COLUMNS``) of one document; no pandas needed."""
    return list(_rows(_check_doc(doc, "rows(): doc"), default_id))


def _rows(doc: AttributedDocument, default_id: Any):
    doc_id = doc.metadata.get("id", doc.metadata.get("file", default_id))
    for k, a in enumerate(doc.attributions):
        yield {
            "doc_id": doc_id,
            "index": k,
            "kind": a.kind,
            "content": " … ".join(c.text for c in a.content),
            "content_start": a.start,
            "content_end": a.end,
            "cue": " … ".join(c.text for c in a.cue),
            "source": a.source.text if a.source else None,
            "entity": a.source.entity if a.source else None,
            "type": a.source.type if a.source else None,
            "relayed_by": " → ".join(r.source.entity for r in a.relayed_by) or None,
            "chain": " → ".join(a.chain),
            "parent": a.parent,
            "confidence": a.confidence,
            "rule": a.rule,
        }


def to_dataframe(docs: Iterable[AttributedDocument] | AttributedDocument) -> Any:
    """One row per attribution of one or many documents (columns: ``COLUMNS``).

    ``doc_id`` is the document's ``id`` metadata, else its ``file``, else its
    position in ``docs``. A string column with a lone surrogate in it has
    dtype ``object`` (pandas' Arrow strings cannot hold one).

    Raises:
        InputTypeError: if ``docs`` is neither an :class:`AttributedDocument`
            nor an iterable of them (checked before anything is tabulated).
    """
    if isinstance(docs, AttributedDocument):
        docs = [docs]
    elif isinstance(docs, (str, bytes, bytearray, dict)) or not _iterable(docs):
        raise InputTypeError(f"to_dataframe() expects an AttributedDocument or an iterable of them, got {type(docs).__name__}; "
                             "attribute texts first, e.g. to_dataframe(nlp.pipe(texts))")
    try:
        import pandas as pd
    except ImportError:
        raise PandasMissingError("pandas is not installed; pip install 'quoteattr[pandas]'") from None
    rows = [r for n, d in enumerate(docs) for r in _rows(_check_doc(d, f"to_dataframe(): item {n}"), n)]
    try:
        return pd.DataFrame(rows, columns=COLUMNS)
    except UnicodeEncodeError:
        return _frame_by_column(pd, rows)


def _frame_by_column(pd: Any, rows: list) -> Any:
    """The frame built column by column, a column holding a lone surrogate as ``object``.

    Why: pandas 3 stores strings in Arrow, which takes only valid UTF-8, so a
    text holding a lone surrogate (a legal ``"\\ud800"`` JSON escape) would
    fail the whole table from deep inside pyarrow. Kept as Python strings, the
    cells stay exactly the text's characters, as every other output keeps them.
    """
    columns = {}
    for c in COLUMNS:
        values = [r[c] for r in rows]
        try:
            columns[c] = pd.Series(values)
        except UnicodeEncodeError:
            columns[c] = pd.Series(values, dtype=object)
    return pd.DataFrame(columns, columns=COLUMNS)


def _iterable(obj: Any) -> bool:
    try:
        iter(obj)
    except TypeError:
        return False
    return True


def _check_doc(doc: Any, where: str) -> AttributedDocument:
    if not isinstance(doc, AttributedDocument):
        raise InputTypeError(f"{where} is a {type(doc).__name__}, not an AttributedDocument; attribute the text first (quoteattr.attribute)")
    return doc
