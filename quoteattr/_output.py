"""Stage 8: output — the versioned JSON schema (``"schema": 1``), JSONL and a text table.

The schema is documented in ``docs/schema.md``; outside tools read it, so
fields are only ever added, never renamed or removed, within a schema version.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from typing import Any, Iterable, Iterator, List, Optional, Tuple, Union

from ._types import _WHERE, AttributedDocument, Attribution, Quote, QuoteMark, Span, _doc_spans, _field, _misfit

__all__ = ["SCHEMA_VERSION", "document_to_dict", "document_from_dict", "document_to_json", "dumps_line", "format_table"]

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


def document_from_dict(d: dict, text: Optional[str] = None) -> AttributedDocument:
    """Read schema-1 output back; malformed input raises an error naming the field.

    Why check: output comes back from disk (``quoteattr serve``, user code) and
    may be hand-edited, truncated or from another tool. Every span is checked
    against the text, so the offset rule ``text[start:end] == span.text`` holds
    for what is read back too.

    Args:
        text: the document's text, for output written without it (``--no-text``,
            ``to_json(include_text=False)``, :mod:`quoteattr.dask`'s default).
            Where the output has its text too, the two must be the same.

    Raises:
        InputTypeError: ``d`` is not a dict, or ``text`` not a str.
        InputError: wrong schema, a missing or mistyped field (``quotes[0] has
            no 'marks'``), a span that does not match the text, or output
            written without its text and no ``text=`` given (a document whose
            text is lost would break the offset rule: its ``text`` would be
            ``""`` with spans past its end).
    """
    from ._errors import InputError, InputTypeError

    if not isinstance(d, dict):
        hint = ("; a list is several documents (`quoteattr -f json A.txt B.txt` writes an array): read each, "
                "[AttributedDocument.from_dict(x) for x in json.load(f)]") if isinstance(d, list) else ""
        raise InputTypeError(f"{_WHERE}: expected an object (a dict) with \"schema\": {SCHEMA_VERSION}, got {type(d).__name__}{hint}")
    if text is not None and not isinstance(text, str):
        raise InputTypeError(f"text= must be the document's text as a str, got {type(text).__name__}"
                             + ("; decode bytes first, e.g. data.decode('utf-8')" if isinstance(text, (bytes, bytearray)) else ""))
    schema = d.get("schema")
    if schema != SCHEMA_VERSION or isinstance(schema, bool):
        raise InputError(f"expected quoteattr JSON with \"schema\": {SCHEMA_VERSION}, got schema {schema!r}")
    given = text
    text = _field(d, "text", "the document", str, None)
    if given is not None and text is not None and given != text:
        raise InputError(f"{_WHERE}: the text= given ({len(given)} characters) is not the document's own \"text\" "
                         f"({len(text)} characters, first difference at character "
                         f"{next((i for i, (a, b) in enumerate(zip(given, text)) if a != b), min(len(given), len(text)))}); "
                         "leave text= out, or pass the text the output was made from")
    if text is None:
        text = given
    meta = dict(_field(d, "metadata", "the document", dict, {}))
    for key in ("file", "id"):
        if d.get(key) is not None:
            meta[key] = d[key]

    def items(key: str) -> Iterator[Tuple[str, Any]]:
        for i, x in enumerate(_field(d, key, "the document", list, [])):
            yield f"{key}[{i}]", x

    dateline_d = _field(d, "dateline", "the document", dict, None)
    quotes = tuple(Quote.from_dict(q, w) for w, q in items("quotes"))
    attributions = tuple(Attribution.from_dict(a, w) for w, a in items("attributions"))
    unmatched = tuple(QuoteMark.from_dict(m, w) for w, m in items("unmatched_marks"))
    boilerplate = tuple(Span.from_dict(s, w) for w, s in items("boilerplate"))
    dateline = Span.from_dict(dateline_d, "dateline") if dateline_d else None
    for key, items_ in (("quotes", quotes), ("attributions", attributions)):
        for i, x in enumerate(items_):
            # an index past the list, or the item itself, would send a reader (the corpus page) nowhere
            if x.parent is not None and not (0 <= x.parent < len(items_) and x.parent != i):
                raise InputError(f"{_WHERE}: {key}[{i}].parent is {x.parent}; expected null or the index of another "
                                 f"of the {len(items_)} {key}")
    if text is None:
        name = next((f"{k} {d[k]!r:.200}" for k in ("file", "id") if d.get(k) is not None), "the document")
        raise InputError(f"{_WHERE}: {name} was written without its text (--no-text, or to_json(include_text=False)), "
                         "so its offsets cannot be checked nor its text shown; pass the text it was made from: "
                         "AttributedDocument.from_json(line, text=original_text) (or from_dict(d, text=...)); "
                         "or write the output again without --no-text")
    bad = _misfit(text, _doc_spans(quotes, unmatched, boilerplate, dateline, attributions))
    if bad:
        raise InputError(f"{_WHERE}: {bad}; the spans do not belong to this text (edited text, or another file's output?)")
    doc = AttributedDocument(text=text, sentences=(), quotes=quotes, attributions=attributions, unmatched=unmatched,
                             boilerplate=boilerplate, dateline=dateline, metadata=meta)
    return doc


_SURROGATE = re.compile("[\ud800-\udfff]")


def escape_surrogates(s: str) -> str:
    """``s`` with each lone surrogate written as the six characters ``\\udXXX``.

    Why: no UTF-8 file, console or web page can hold a lone surrogate (a legal
    ``"\\ud800"`` JSON escape in the input, or a file name that is not UTF-8);
    every output shows it the way the JSON output spells it.
    """
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", s) if _SURROGATE.search(s) else s


def _finite(obj: Any) -> Any:
    """``obj`` with NaN and ±infinity replaced by the strings ``"NaN"``,
    ``"Infinity"`` and ``"-Infinity"``: JSON has no such numbers, and strict
    readers (jq, JavaScript) reject the bare tokens Python would write."""
    if isinstance(obj, float) and not math.isfinite(obj):
        return "NaN" if math.isnan(obj) else ("Infinity" if obj > 0 else "-Infinity")
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def _unjsonable(obj: Any, where: str) -> Tuple[str, Any]:
    """The first place in ``obj`` holding a value JSON cannot represent, or ``("", None)``."""
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return "", None
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k is not None and not isinstance(k, (str, int, float, bool)):
                return f"{where} key {k!r}", k
            w, bad = _unjsonable(v, f"{where}[{k!r}]")
            if w:
                return w, bad
        return "", None
    if isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            w, bad = _unjsonable(v, f"{where}[{i}]")
            if w:
                return w, bad
        return "", None
    return where, obj


def _unjsonable_error(where: str, bad: Any, fix: str) -> Exception:
    from ._errors import InputTypeError

    return InputTypeError(f"{where} is a {type(bad).__name__}, which JSON cannot represent; keep metadata to "
                          f"str, int, float, bool, None, lists and dicts, or {fix} to write it as a string")


def dumps_line(d: Any, **kwargs: Any) -> str:
    """``json.dumps`` for output that must always be valid, UTF-8-encodable JSON.

    Why: a JSON ``"\\ud800"`` escape is legal input, so texts and metadata may
    hold lone surrogates, which no UTF-8 file can store; and metadata read with
    Python's ``json`` may hold NaN, which JSON cannot spell. Lone surrogates are
    written as ``\\uXXXX`` escapes (still valid JSON; ``json.loads`` gives back
    the same string) and non-finite numbers as the strings ``"NaN"``,
    ``"Infinity"`` and ``"-Infinity"`` (unless ``allow_nan`` is passed).
    Everything else is written as ``json.dumps`` would, non-ASCII unescaped by
    default.

    Raises:
        InputTypeError: a value JSON cannot represent (an arbitrary object),
            naming where it is; pass ``default=str`` to stringify it instead.
    """
    kwargs.setdefault("ensure_ascii", False)
    nan_given = "allow_nan" in kwargs
    kwargs.setdefault("allow_nan", False)
    try:
        s = json.dumps(d, **kwargs)
    except ValueError:
        if nan_given:
            raise
        s = json.dumps(_finite(d), **kwargs)
    except TypeError:
        where, bad = _unjsonable(d, "the document")
        if not where:
            raise
        raise _unjsonable_error(where, bad, "pass default=str") from None
    return escape_surrogates(s)


def document_to_json(doc: AttributedDocument, include_text: bool = True, **kwargs: Any) -> str:
    """The document as schema-1 JSON, always encodable as UTF-8.

    Lone surrogates are escaped and non-finite numbers written as strings (see
    :func:`dumps_line`). Metadata JSON cannot represent (an arbitrary object)
    raises ``InputTypeError`` naming its key; pass ``default=str`` to write it
    as a string instead.
    """
    d = document_to_dict(doc)
    if not include_text:
        d.pop("text")
    if "default" not in kwargs:
        meta = dict(d["metadata"], file=d["file"], id=d["id"])
        where, bad = _unjsonable(meta, "metadata")
        if where:
            raise _unjsonable_error(where, bad, "call to_json(default=str)")
    return dumps_line(d, **kwargs)


# and the bidirectional controls: printed raw, U+202E reverses the rest of the line (the columns after it)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _short(s: str, n: int) -> str:
    """``s`` on one line, cut to ``n`` characters, lone surrogates as ``\\udXXX``
    and control characters as ``\\u001b``.

    Why escape here: the table is for printing, and no console or UTF-8 file
    can take a lone surrogate; a control character printed raw acts on the
    terminal (ESC ``[2J`` clears it, a backspace eats a column, U+202E
    reverses the columns after it) instead of showing; escaping before
    measuring keeps columns aligned.
    """
    s = escape_surrogates(" ".join(s.split()))
    s = _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", s)
    if _columns(s) <= n:
        return s
    # cut by columns, not characters: 20 CJK characters fill 40 columns
    out, used = [], 1  # (the "…")
    for ch in s:
        w = _char_columns(ch)
        if used + w > n:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _char_columns(ch: str) -> int:
    """How many terminal columns ``ch`` takes: 2 for a wide or fullwidth character
    (CJK, most emoji), 0 for a combining mark or an invisible format character, else 1."""
    if ch < "\u0300":
        return 1
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _columns(s: str) -> int:
    """The display width of ``s`` in a terminal (see :func:`_char_columns`).

    Why: the table padded its columns by characters, so a CJK name or an emoji (two
    columns each) pushed the rest of its row right, and a decomposed "é" (two
    characters, one column) pulled it left.
    """
    return sum(map(_char_columns, s)) if not s.isascii() else len(s)


def _pad(s: str, width: int) -> str:
    """``s`` padded with spaces to ``width`` columns."""
    return s + " " * (width - _columns(s))


def _documents(docs: Any, what: str) -> List[AttributedDocument]:
    """``docs`` as a list, if it is an iterable of :class:`AttributedDocument`.

    Why: a str is iterable too, and a raw text or an unparsed record would
    otherwise fail deep inside with ``AttributeError: 'str' object has no
    attribute 'metadata'``.
    """
    from ._errors import InputTypeError

    fix = "attribute the texts first, e.g. format_table(nlp.pipe(texts))"
    if isinstance(docs, (str, bytes, bytearray, dict)):
        raise InputTypeError(f"{what} expects an AttributedDocument or an iterable of them, got {type(docs).__name__}; {fix}")
    try:
        out = list(docs)
    except TypeError:
        raise InputTypeError(f"{what} expects an AttributedDocument or an iterable of them, got {type(docs).__name__}; {fix}") from None
    for i, d in enumerate(out):
        if not isinstance(d, AttributedDocument):
            raise InputTypeError(f"{what} expects AttributedDocument objects; item {i} is {type(d).__name__}; {fix}")
    return out


def format_table(docs: Union[AttributedDocument, Iterable[AttributedDocument]]) -> str:
    """A plain-text table: one line per attribution, chain as ``relay → source``.

    Given one document rather than several, the ``doc`` column is left out.
    Control characters are shown as ``\\u001b`` escapes, never sent to the terminal.
    Columns are padded by display width, as a terminal shows them: a CJK character
    or an emoji takes two columns, a combining mark none.

    Raises:
        InputTypeError: ``docs`` is neither an :class:`AttributedDocument` nor
            an iterable of them (a raw text must be attributed first).
    """
    single = isinstance(docs, AttributedDocument)
    if single:
        docs = [docs]  # type: ignore[list-item]
    else:
        docs = _documents(docs, "format_table()")
    rows: List[List[str]] = [["doc", "#", "kind", "chain", "cue", "content"]]
    for d in docs:  # type: ignore[union-attr]
        # (not ``file or id``: an id of 0 is a name, not a missing one)
        name = str(next((d.metadata[k] for k in ("file", "id") if d.metadata.get(k) not in (None, "")), "-"))
        for k, a in enumerate(d.attributions):
            chain = " → ".join(a.chain) or "?"
            rows.append([_short(name, 20), str(k), a.kind, _short(chain, 40), _short(" … ".join(c.text for c in a.cue), 20), _short(" … ".join(c.text for c in a.content), 70)])
    if single:
        rows = [r[1:] for r in rows]
    widths = [max(_columns(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for r in rows:
        lines.append("  ".join(_pad(r[i], widths[i]) for i in range(len(widths))) + "  " + r[-1])
    return "\n".join(lines) + "\n"
