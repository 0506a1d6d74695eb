"""Stage 8: output — the versioned JSON schema (``"schema": 1``), JSONL and a text table.

The schema is documented in ``docs/schema.md``; outside tools read it, so
fields are only ever added, never renamed or removed, within a schema version.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, List, Union

from ._types import AttributedDocument, Attribution, Quote, QuoteMark, Span

__all__ = ["SCHEMA_VERSION", "document_to_dict", "document_from_dict", "document_to_json", "format_table"]

SCHEMA_VERSION = 1


def document_to_dict(doc: AttributedDocument) -> dict:
    meta = dict(doc.metadata)
    return {
        "file": meta.pop("file", None),
        "id": meta.pop("id", None),
        "schema": SCHEMA_VERSION,
        "attributions": [a.to_dict() for a in doc.attributions],
        "quotes": [q.to_dict() for q in doc.quotes],
        "unmatched_marks": [m.to_dict() for m in doc.unmatched],
        "boilerplate": [s.to_dict() for s in doc.boilerplate],
        "dateline": doc.dateline.to_dict() if doc.dateline else None,
        "metadata": meta,
        "text": doc.text,
    }


def document_from_dict(d: dict) -> AttributedDocument:
    from ._errors import InputError

    if d.get("schema") != SCHEMA_VERSION:
        raise InputError(f"expected quoteattr JSON with \"schema\": {SCHEMA_VERSION}, got schema {d.get('schema')!r}")
    meta = dict(d.get("metadata") or {})
    for key in ("file", "id"):
        if d.get(key) is not None:
            meta[key] = d[key]
    return AttributedDocument(
        text=d.get("text", ""),
        sentences=(),
        quotes=tuple(Quote.from_dict(q) for q in d.get("quotes", ())),
        attributions=tuple(Attribution.from_dict(a) for a in d.get("attributions", ())),
        unmatched=tuple(QuoteMark.from_dict(m) for m in d.get("unmatched_marks", ())),
        boilerplate=tuple(Span.from_dict(s) for s in d.get("boilerplate", ())),
        dateline=Span.from_dict(d["dateline"]) if d.get("dateline") else None,
        metadata=meta,
    )


def document_to_json(doc: AttributedDocument, include_text: bool = True, **kwargs: Any) -> str:
    d = document_to_dict(doc)
    if not include_text:
        d.pop("text")
    kwargs.setdefault("ensure_ascii", False)
    return json.dumps(d, **kwargs)


def _short(s: str, n: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def format_table(docs: Union[AttributedDocument, Iterable[AttributedDocument]]) -> str:
    """A plain-text table: one line per attribution, chain as ``relay → source``.

    Given one document rather than several, the ``doc`` column is left out.
    """
    single = isinstance(docs, AttributedDocument)
    if single:
        docs = [docs]  # type: ignore[list-item]
    rows: List[List[str]] = [["doc", "#", "kind", "chain", "cue", "content"]]
    for d in docs:  # type: ignore[union-attr]
        name = str(d.metadata.get("file") or d.metadata.get("id") or "-")
        for k, a in enumerate(d.attributions):
            chain = " → ".join(a.chain) or "?"
            rows.append([_short(name, 20), str(k), a.kind, _short(chain, 40), _short(" … ".join(c.text for c in a.cue), 20), _short(" … ".join(c.text for c in a.content), 70)])
    if single:
        rows = [r[1:] for r in rows]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for r in rows:
        lines.append("  ".join(r[i].ljust(widths[i]) for i in range(len(widths))) + "  " + r[-1])
    return "\n".join(lines) + "\n"
