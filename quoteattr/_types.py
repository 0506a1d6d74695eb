"""The data model: frozen, slotted ``attrs`` classes.

Spans are views with half-open character offsets into the original text (as in
spaCy): ``text[span.start:span.end] == span.text`` always holds, and offsets are
carried through every stage instead of being recovered by searching the text.
"""

from __future__ import annotations

from typing import Any, Iterator, Optional, Tuple

import attrs

from ._errors import InputError, InputTypeError

__all__ = [
    "Span",
    "QuoteMark",
    "Quote",
    "Word",
    "Sentence",
    "Document",
    "Cue",
    "Source",
    "Relay",
    "Attribution",
    "AttributedDocument",
    "ModelInfo",
    "SOURCE_TYPES",
    "ATTRIBUTION_KINDS",
]

SOURCE_TYPES = ("person", "organization", "outlet", "unknown")
ATTRIBUTION_KINDS = ("direct", "indirect", "mixed")


_WHERE = "quoteattr JSON"
_MISSING = object()


def _obj(d: Any, where: str) -> dict:
    """``d`` if it is a JSON object; else an error naming where it sits in the document."""
    if not isinstance(d, dict):
        raise InputError(f"{_WHERE}: {where} must be an object, got {type(d).__name__}")
    return d


def _field(d: Any, key: str, where: str, kind: Any = None, default: Any = _MISSING) -> Any:
    """``d[key]``, checked, for the ``from_dict`` readers.

    Why: output read back from disk may be hand-edited or truncated; a raw
    ``KeyError: 'marks'`` from deep inside says neither where nor what to fix.

    Args:
        kind: ``int``, ``float``, ``str``, ``list`` or ``dict`` (None: anything).
        default: returned when the key is absent or null; without one the key is required.
    """
    _obj(d, where)
    if key not in d or (d[key] is None and default is not _MISSING):
        if default is _MISSING:
            raise InputError(f"{_WHERE}: {where} has no {key!r}; is this quoteattr output (schema 1)?")
        return default
    v = d[key]
    if kind is None:
        return v
    ok = {
        int: isinstance(v, int) and not isinstance(v, bool),
        float: isinstance(v, (int, float)) and not isinstance(v, bool),
        str: isinstance(v, str),
        list: isinstance(v, list),
        dict: isinstance(v, dict),
    }[kind]
    if not ok:
        names = {int: "an integer", float: "a number", str: "a string", list: "a list", dict: "an object"}
        raise InputError(f"{_WHERE}: {where}.{key} must be {names[kind]}, got {type(v).__name__} {v!r:.40}")
    return v


def _offset(value: Any) -> int:
    """A span offset as a plain ``int``.

    Why: a numpy integer (from array code) is converted, since JSON cannot write
    it; None, a float or a string is refused here, not by a comparison deep inside.
    """
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise InputTypeError(f"span offsets must be integers, got {type(value).__name__} {value!r:.40}")
    return value.__index__()


# format characters that are invisible in a name and only split it: soft hyphen, zero
# width space, word joiner, byte-order mark, bidirectional marks and embeddings (ZWJ
# and ZWNJ stay: they spell names in Persian, Hindi and other scripts)
_INVISIBLE_IN_NAMES = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def _plain_name(name: Any) -> Any:
    """An entity name without invisible format characters, white space runs as one space.

    Why: "Zelen\u00adsky" (a soft hyphen from a web page) is Zelensky to a reader;
    left in, the name neither groups with its other mentions nor matches a search.
    The mention's span keeps the text as written."""
    if not isinstance(name, str):
        return name  # the type is checked where the Source is read (from_dict) or built
    return " ".join(name.translate(_INVISIBLE_IN_NAMES).split())


def _one_of(values: Tuple[str, ...]) -> Any:
    """A validator like ``attrs.validators.in_`` that raises :class:`InputError`
    (attrs' own is a bare ValueError whose message is a tuple of internals)."""

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if value not in values:
            raise InputError(f"{type(instance).__name__}.{attribute.name} is {value!r:.40}; expected one of {', '.join(values)}")

    return check


def _nonneg(instance, attribute, value):
    if value < 0:
        raise InputError(f"{attribute.name} must be >= 0, got {value}")


@attrs.frozen
class Span:
    """A half-open character range ``[start, end)`` of a text, with its text.

    Build it with :meth:`Span.of` so the text is sliced, never retyped.
    """

    start: int = attrs.field(converter=_offset, validator=_nonneg)
    end: int = attrs.field(converter=_offset)
    text: str = attrs.field(repr=False)

    @end.validator
    def _check_end(self, attribute, value):
        if value < self.start:
            raise InputError(f"span end {value} is before its start {self.start}")

    @text.validator
    def _check_text(self, attribute, value):
        # the text must be able to be text[start:end]: a span whose length disagrees is built wrong
        if not isinstance(value, str):
            raise InputTypeError(f"span text must be a str, got {type(value).__name__}")
        if len(value) != self.end - self.start:
            raise InputError(f"span [{self.start}, {self.end}) has a text of {len(value)} characters, {value[:40]!r}; "
                             "build spans with Span.of(text, start, end)")

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Span":
        """The span ``[start, end)`` of ``text``."""
        if not isinstance(text, str):
            raise InputTypeError(f"Span.of() takes the text as a str, got {type(text).__name__}")
        start, end = _offset(start), _offset(end)
        if not 0 <= start <= end <= len(text):
            raise InputError(
                f"span [{start}, {end}) is outside a text of {len(text)} characters"
            )
        return cls(start, end, text[start:end])

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: "Span") -> bool:
        """Whether ``other`` lies inside this span."""
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: "Span") -> bool:
        """Whether the two spans share at least one character."""
        return self.start < other.end and other.start < self.end

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict, where: str = "span") -> "Span":
        """Read back :meth:`to_dict`; malformed input raises ``InputError`` naming ``where``."""
        start, end = _field(d, "start", where, int), _field(d, "end", where, int)
        text = _field(d, "text", where, str)
        if not 0 <= start <= end:
            raise InputError(f"{_WHERE}: {where} has offsets {start}-{end}; need 0 <= start <= end")
        if len(text) != end - start:
            raise InputError(f"{_WHERE}: {where} says {text!r:.60} at {start}-{end}, {len(text)} characters for a span "
                             f"of {end - start}; the offsets or the text were edited")
        return cls(start, end, text)


@attrs.frozen
class QuoteMark:
    """One quotation mark in the text.

    Attributes:
        offset: character offset of the mark.
        char: the mark itself.
        role: ``"open"`` or ``"close"`` as the scanner read it.
        family: ``"double"``, ``"single"``, ``"guillemet"``, ``"single_guillemet"``,
            ``"corner"``, ``"white_corner"`` or ``"double_prime"`` (〝…〞).
    """

    offset: int
    char: str
    role: str
    family: str

    @property
    def span(self) -> Span:
        return Span(self.offset, self.offset + len(self.char), self.char)

    def to_dict(self) -> dict:
        return {
            "start": self.offset,
            "end": self.offset + len(self.char),
            "text": self.char,
            "role": self.role,
            "family": self.family,
        }

    @classmethod
    def from_dict(cls, d: dict, where: str = "mark") -> "QuoteMark":
        """Read back :meth:`to_dict`; malformed input raises ``InputError`` naming ``where``."""
        start, char = _field(d, "start", where, int), _field(d, "text", where, str)
        if start < 0:
            raise InputError(f"{_WHERE}: {where} has start {start}; offsets are >= 0")
        if not char:
            raise InputError(f"{_WHERE}: {where}.text is empty; a mark is one or two characters")
        from ._marks import _MARKS  # (here: _marks imports this module)

        if char not in _MARKS:  # the scanner never makes one: a document read back must be one it could have made
            raise InputError(f"{_WHERE}: {where}.text is {char[:8]!r}, which is no quotation mark; expected one of the "
                             f"scanner's marks (“ ” ‘ ’ \" ' « » 「 」 …); was the file edited by hand?")
        role = _field(d, "role", where, str)
        if role not in ("open", "close"):
            raise InputError(f"{_WHERE}: {where}.role is {role!r}; expected 'open' or 'close'")
        return cls(start, char, role, _field(d, "family", where, str))


@attrs.frozen
class Quote:
    """A quotation: its marks, the content between them, and its nesting.

    Attributes:
        marks: the opening mark, any re-opening marks of later paragraphs
            (multi-paragraph quotes), and the closing mark, in text order.
        content: the text between the first opening and the closing mark.
        level: 0 for an outermost quote, 1 for a quote inside it, and so on.
        parent: index (in the document's ``quotes``) of the enclosing quote.
    """

    marks: Tuple[QuoteMark, ...]
    content: Span
    level: int = 0
    parent: Optional[int] = None

    @property
    def span(self) -> Tuple[int, int]:
        """Offsets from the opening mark to the end of the closing mark."""
        first, last = self.marks[0], self.marks[-1]
        return first.offset, last.offset + len(last.char)

    @property
    def start(self) -> int:
        return self.marks[0].offset

    @property
    def end(self) -> int:
        return self.marks[-1].offset + len(self.marks[-1].char)

    def to_dict(self) -> dict:
        return {
            "content": self.content.to_dict(),
            "marks": [m.to_dict() for m in self.marks],
            "level": self.level,
            "parent": self.parent,
        }

    @classmethod
    def from_dict(cls, d: dict, where: str = "quote") -> "Quote":
        """Read back :meth:`to_dict`; malformed input raises ``InputError`` naming ``where``."""
        marks = _field(d, "marks", where, list)
        if not marks:
            raise InputError(f"{_WHERE}: {where}.marks is empty; a quote has at least one mark")
        return cls(
            tuple(QuoteMark.from_dict(m, f"{where}.marks[{i}]") for i, m in enumerate(marks)),
            Span.from_dict(_field(d, "content", where, dict), f"{where}.content"),
            _field(d, "level", where, int),
            _field(d, "parent", where, int, None),
        )


def _a_str(instance, attribute, value):
    """A word's text and tags are strings ("_" for none).

    Why: the rules call ``.lower()`` and ``.split(":")`` on them, so a hand-built
    ``Word(1, None, …)`` failed deep inside with an AttributeError.
    """
    if not isinstance(value, str):
        raise InputTypeError(f"Word.{attribute.name} must be a str (\"_\" for none), got {type(value).__name__} {value!r:.40}; "
                             "build documents with Document.from_conllu/from_stanza/from_spacy")


@attrs.frozen
class Word:
    """A syntactic word in the parser-neutral UD view.

    ``id`` and ``head`` are 1-based within the sentence (0 is the root), as in
    CoNLL-U. ``start``/``end`` are character offsets into the document text; the
    words of a multi-word token share the token's offsets.
    """

    id: int
    text: str = attrs.field(validator=_a_str)
    lemma: str = attrs.field(validator=_a_str)
    upos: str = attrs.field(validator=_a_str)
    xpos: str = attrs.field(validator=_a_str)
    feats: str = attrs.field(validator=_a_str)
    head: int
    deprel: str = attrs.field(validator=_a_str)
    start: int
    end: int

    @property
    def udeprel(self) -> str:
        """The universal part of the relation (``nsubj`` for ``nsubj:pass``)."""
        return self.deprel.split(":", 1)[0]


@attrs.frozen
class Sentence:
    """A sentence: its words and its character range in the document."""

    words: Tuple[Word, ...]
    start: int
    end: int

    def __len__(self) -> int:
        return len(self.words)

    def __iter__(self) -> Iterator[Word]:
        return iter(self.words)

    def word(self, wid: int) -> Word:
        """The word with 1-based id ``wid``."""
        return self.words[wid - 1]

    def children(self, wid: int) -> Tuple[Word, ...]:
        return tuple(w for w in self.words if w.head == wid)

    @property
    def root(self) -> Optional[Word]:
        for w in self.words:
            if w.head == 0:
                return w
        return None


@attrs.frozen
class Document:
    """A parsed text in the parser-neutral UD view.

    Build it with a named constructor: :meth:`from_stanza`, :meth:`from_conllu`
    or :meth:`from_spacy`.
    """

    text: str
    sentences: Tuple[Sentence, ...]

    @classmethod
    def from_stanza(cls, doc: Any) -> "Document":
        """From a parsed ``stanza.Document``."""
        from ._readers import document_from_stanza

        return document_from_stanza(doc)

    @classmethod
    def from_conllu(cls, source: Any, text: Optional[str] = None) -> "Document":
        """From CoNLL-U: a string, a path, or an open file.

        Args:
            source: CoNLL-U text, a ``pathlib.Path``/path string, or a file object.
            text: the raw text the tokens come from. Offsets are taken from
                MISC (``start_char``/``end_char`` or ``TokenRange``) where
                present, otherwise by aligning tokens to ``text``. Without it
                the text is rebuilt: exactly from the tokens where the file
                records its spacing (``SpaceAfter=No`` and UDPipe's
                ``SpacesAfter``/``SpacesBefore``/``SpacesInToken``, as
                :func:`quoteattr.to_conllu` writes them), else from the
                ``# text`` comments, sentences joined by a space (a blank line
                at ``# newpar``/``# newdoc``).

        Raises:
            ConlluError: a malformed line (with its number), or a sentence whose
                HEADs make a cycle (it must be a tree).
            AlignmentError: the offsets do not fit the text; without ``text=``,
                the file cannot give back the text they came from: pass it.
        """
        from ._readers import document_from_conllu

        return document_from_conllu(source, text=text)

    @classmethod
    def from_spacy(cls, doc: Any) -> "Document":
        """From a parsed ``spacy.tokens.Doc``, converted to UD v2."""
        from ._spacy_ud import document_from_spacy

        return document_from_spacy(doc)


@attrs.frozen
class Cue:
    """The words that signal an attribution (``said``, ``according to``, ``quoted … as saying``)."""

    spans: Tuple[Span, ...]
    lemma: str
    cue_class: str


@attrs.frozen
class Source:
    """Who the content is attributed to.

    Attributes:
        span: the whole mention as written ("Ukrainian President Volodymyr Zelensky").
        entity: the canonical name the mention resolves to ("Volodymyr Zelensky").
        type: ``person``, ``organization``, ``outlet`` or ``unknown``.
        head: the syntactic head of the mention, if known.
        role: an apposition describing the source ("Russian Ambassador to the UN").
    """

    span: Span
    entity: str = attrs.field(converter=_plain_name)
    type: str = attrs.field(default="unknown", validator=_one_of(SOURCE_TYPES))
    head: Optional[Span] = None
    role: Optional[Span] = None

    @property
    def text(self) -> str:
        return self.span.text

    def to_dict(self) -> dict:
        d = self.span.to_dict()
        d["entity"] = self.entity
        d["type"] = self.type
        d["head"] = self.head.to_dict() if self.head else None
        d["role"] = self.role.to_dict() if self.role else None
        return d

    @classmethod
    def from_dict(cls, d: dict, where: str = "source") -> "Source":
        """Read back :meth:`to_dict`; malformed input raises ``InputError`` naming ``where``."""
        span = Span.from_dict(d, where)
        kind = _field(d, "type", where, str)
        if kind not in SOURCE_TYPES:
            raise InputError(f"{_WHERE}: {where}.type is {kind!r}; expected one of {', '.join(SOURCE_TYPES)}")
        head, role = _field(d, "head", where, dict, None), _field(d, "role", where, dict, None)
        return cls(
            span,
            _field(d, "entity", where, str),
            kind,
            Span.from_dict(head, f"{where}.head") if head else None,
            Span.from_dict(role, f"{where}.role") if role else None,
        )


@attrs.frozen
class Relay:
    """One link of a relay chain: an outlet or person who passed the words on."""

    source: Source
    cue: Tuple[Span, ...] = ()

    def to_dict(self) -> dict:
        return {"source": self.source.to_dict(), "cue": [c.to_dict() for c in self.cue]}

    @classmethod
    def from_dict(cls, d: dict, where: str = "relay") -> "Relay":
        """Read back :meth:`to_dict`; malformed input raises ``InputError`` naming ``where``."""
        return cls(
            Source.from_dict(_field(d, "source", where, dict), f"{where}.source"),
            tuple(Span.from_dict(c, f"{where}.cue[{i}]") for i, c in enumerate(_field(d, "cue", where, list))),
        )


def _check_confidence(value: Any, where: str) -> float:
    """``value`` as a float, if it is a number from 0 to 1.

    Why: NaN or infinity (``json.loads`` reads both) was accepted, then written
    by ``to_json`` as the string ``"NaN"``, which ``from_json`` refused: the
    output could not be read back; and a huge integer raised OverflowError.
    """
    import numbers

    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InputTypeError(f"{where} must be a number from 0 to 1, got {type(value).__name__} {value!r:.40}")
    if not 0 <= value <= 1:  # (false for NaN; compared before float() so 10**400 cannot overflow)
        raise InputError(f"{where} must be a number from 0 to 1, got {value!r:.40}; the rules give 0.05-0.99: "
                         "clamp it, e.g. min(1.0, max(0.0, c))")
    return float(value)


def _some_content(instance: Any, attribute: Any, value: Any) -> None:
    """An attribution's content is one span or more.

    Why: an attribution is who said what; one without content (built by hand, or read
    from edited JSON) had ``start``/``end`` of a made-up 0, the text's first character,
    and was written to CSV and the corpus page as content at 0-0. The engine never
    makes one.
    """
    if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__len__"):
        raise InputTypeError(f"Attribution.content must be a tuple of Spans, got {type(value).__name__} {value!r:.40}; "
                             "build each with Span.of(text, start, end)")
    if len(value) == 0:
        raise InputError("Attribution.content is empty; an attribution is who said what: give at least one content span, "
                         "Span.of(text, start, end) (an attribution to no words is not one)")


@attrs.frozen
class Attribution:
    """Who said what, and who relayed it.

    Attributes:
        kind: ``direct`` (quoted words), ``indirect`` (reported speech) or
            ``mixed`` (reported speech carrying quoted fragments).
        content: the content spans (two or more for a split quote); at least one
            (an empty ``content`` raises :class:`InputError`).
        cue: the cue spans.
        source: the speaker, or None when no source could be found.
        relayed_by: the relays, outermost first (publisher → agency).
        parent: index of the attribution whose content holds this one.
        confidence: 0–1, from the strength of the rule that made it.
        rule: the name of the rule that made it (for error analysis).
    """

    kind: str = attrs.field(validator=_one_of(ATTRIBUTION_KINDS))
    content: Tuple[Span, ...] = attrs.field(validator=_some_content)
    cue: Tuple[Span, ...] = ()
    source: Optional[Source] = None
    relayed_by: Tuple[Relay, ...] = ()
    parent: Optional[int] = None
    confidence: float = attrs.field(default=0.5, validator=lambda i, a, v: _check_confidence(v, "Attribution.confidence"))
    rule: str = ""

    @property
    def start(self) -> int:
        """Where the content starts (its first span's start)."""
        return min(s.start for s in self.content)

    @property
    def end(self) -> int:
        """Where the content ends (its last span's end)."""
        return max(s.end for s in self.content)

    @property
    def chain(self) -> Tuple[str, ...]:
        """Entity names from the outermost relay to the source."""
        names = tuple(r.source.entity for r in self.relayed_by)
        return names + ((self.source.entity,) if self.source else ())

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "content": [s.to_dict() for s in self.content],
            "cue": [s.to_dict() for s in self.cue],
            "source": self.source.to_dict() if self.source else None,
            "relayed_by": [r.to_dict() for r in self.relayed_by],
            "parent": self.parent,
            "confidence": round(self.confidence, 3),
            "rule": self.rule,
        }

    @classmethod
    def from_dict(cls, d: dict, where: str = "attribution") -> "Attribution":
        """Read back :meth:`to_dict`; malformed input raises ``InputError`` naming ``where``."""
        kind = _field(d, "kind", where, str)
        if kind not in ATTRIBUTION_KINDS:
            raise InputError(f"{_WHERE}: {where}.kind is {kind!r}; expected one of {', '.join(ATTRIBUTION_KINDS)}")
        source = _field(d, "source", where, dict, None)
        fields = (
            kind,
            tuple(Span.from_dict(s, f"{where}.content[{i}]") for i, s in enumerate(_field(d, "content", where, list))),
            tuple(Span.from_dict(s, f"{where}.cue[{i}]") for i, s in enumerate(_field(d, "cue", where, list))),
            Source.from_dict(source, f"{where}.source") if source else None,
            tuple(Relay.from_dict(r, f"{where}.relayed_by[{i}]") for i, r in enumerate(_field(d, "relayed_by", where, list, []))),
            _field(d, "parent", where, int, None),
            _check_confidence(_field(d, "confidence", where, float, 0.5), f"{_WHERE}: {where}.confidence"),
            _field(d, "rule", where, str, ""),
        )
        if not fields[1]:  # (the class says so too, but not where in the file)
            raise InputError(f"{_WHERE}: {where}.content is empty; an attribution is who said what: it needs at least one "
                             "content span (edited output? write it again with quoteattr)")
        return cls(*fields)


@attrs.frozen
class ModelInfo:
    """Which parsing model produced a result (provenance)."""

    name: str
    version: str
    checksum: str
    path: str = ""

    def to_dict(self) -> dict:
        return {"name": self.name, "version": self.version, "checksum": self.checksum}


def _doc_spans(quotes: Any, unmatched: Any, boilerplate: Any, dateline: Any, attributions: Any) -> Iterator[Tuple[str, Span]]:
    """Every span of a document's parts with the place it came from, for the offset check.

    Raises:
        InputTypeError: a part is not of its class (a str where a Span belongs, say).
    """

    def kind(x: Any, cls: type, where: str) -> Any:
        if not isinstance(x, cls):
            raise InputTypeError(f"AttributedDocument: {where} must be a {cls.__name__}, got {type(x).__name__} {x!r:.40}")
        return x

    def many(xs: Any, where: str) -> Any:
        if isinstance(xs, (str, bytes, dict)) or not hasattr(xs, "__iter__"):
            raise InputTypeError(f"AttributedDocument: {where} must be a tuple, got {type(xs).__name__}")
        return enumerate(xs)

    for i, q in many(quotes, "quotes"):
        kind(q, Quote, f"quotes[{i}]")
        yield f"quotes[{i}].content", kind(q.content, Span, f"quotes[{i}].content")
        for j, m in many(q.marks, f"quotes[{i}].marks"):
            yield f"quotes[{i}].marks[{j}]", kind(m, QuoteMark, f"quotes[{i}].marks[{j}]").span
    for i, m in many(unmatched, "unmatched"):
        yield f"unmatched_marks[{i}]", kind(m, QuoteMark, f"unmatched[{i}]").span
    for i, sp in many(boilerplate, "boilerplate"):
        yield f"boilerplate[{i}]", kind(sp, Span, f"boilerplate[{i}]")
    if dateline is not None:
        yield "dateline", kind(dateline, Span, "dateline")
    for i, a in many(attributions, "attributions"):
        w = f"attributions[{i}]"
        kind(a, Attribution, w)
        for j, sp in many(a.content, f"{w}.content"):
            yield f"{w}.content[{j}]", kind(sp, Span, f"{w}.content[{j}]")
        for j, sp in many(a.cue, f"{w}.cue"):
            yield f"{w}.cue[{j}]", kind(sp, Span, f"{w}.cue[{j}]")
        sources = [(f"{w}.source", a.source)] if a.source is not None else []
        for j, r in many(a.relayed_by, f"{w}.relayed_by"):
            kind(r, Relay, f"{w}.relayed_by[{j}]")
            sources.append((f"{w}.relayed_by[{j}].source", r.source))
            for k, sp in many(r.cue, f"{w}.relayed_by[{j}].cue"):
                yield f"{w}.relayed_by[{j}].cue[{k}]", kind(sp, Span, f"{w}.relayed_by[{j}].cue[{k}]")
        for sw, src in sources:
            kind(src, Source, sw)
            yield sw, kind(src.span, Span, f"{sw}.span")
            if src.head is not None:
                yield f"{sw}.head", kind(src.head, Span, f"{sw}.head")
            if src.role is not None:
                yield f"{sw}.role", kind(src.role, Span, f"{sw}.role")


def _misfit(text: str, spans: Iterator[Tuple[str, Span]]) -> Optional[str]:
    """The first span that is not ``text[start:end]``, described, or None."""
    for where, span in spans:
        if not (span.end <= len(text) and text[span.start:span.end] == span.text):
            got = repr(text[span.start:span.end])[:80] if span.end <= len(text) else f"past the end of a {len(text)}-character text"
            return f"{where} says {span.text!r:.80} at {span.start}-{span.end}, but the text there is {got}"
    return None


@attrs.frozen
class AttributedDocument:
    """The result for one text.

    Attributes:
        text: the original text.
        sentences: the parse, in the parser-neutral UD view.
        quotes: every paired quotation, in text order.
        attributions: every attribution found, in text order.
        unmatched: quotation marks that could not be paired (diagnostics).
        boilerplate: spans of boilerplate lines ("Also Read - …") never attributed.
        dateline: the dateline or wire credit at the top, if any.
        metadata: user metadata (file, id, publisher, …) and quoteattr's own keys:
            ``model`` (provenance), ``rules``, ``dateline`` and ``wire``; a caller's
            field of one of those names is kept as ``record_model`` … beside it.

    Raises:
        InputTypeError: ``text`` is not a str, ``metadata`` not a dict, or a part
            is not of its class (a str where a Span belongs).
        InputError: a span (of a quote, a mark, an attribution, …) is not the
            text's at its offsets: every span must be ``Span.of(text, start, end)``
            of this text, or the result could not be read back from its JSON.
    """

    text: str
    sentences: Tuple[Sentence, ...] = ()
    quotes: Tuple[Quote, ...] = ()
    attributions: Tuple[Attribution, ...] = ()
    unmatched: Tuple[QuoteMark, ...] = ()
    boilerplate: Tuple[Span, ...] = ()
    dateline: Optional[Span] = None
    metadata: dict = attrs.field(factory=dict, hash=False)

    def __attrs_post_init__(self) -> None:
        # Why: a hand-built document whose spans are not its text's (offsets from another
        # text, a text edited after) was accepted, and to_json wrote output from_json refused
        if not isinstance(self.text, str):
            raise InputTypeError(f"AttributedDocument.text must be a str, got {type(self.text).__name__}")
        if not isinstance(self.metadata, dict):
            raise InputTypeError(f"AttributedDocument.metadata must be a dict, got {type(self.metadata).__name__}")
        bad = _misfit(self.text, _doc_spans(self.quotes, self.unmatched, self.boilerplate, self.dateline, self.attributions))
        if bad:
            raise InputError(f"AttributedDocument: {bad}; every span must be a slice of the document's text: "
                             "build spans with Span.of(text, start, end) on this text")

    def to_dict(self) -> dict:
        """The JSON-ready form (schema 1, see docs/schema.md)."""
        from ._output import document_to_dict

        return document_to_dict(self)

    def _repr_html_(self) -> str:
        """Jupyter display: the text with quotes, cues and sources highlighted."""
        from ._render import render

        return render(self)

    def to_dataframe(self) -> Any:
        """One row per attribution (needs pandas: ``pip install 'quoteattr[pandas]'``)."""
        from ._frames import to_dataframe

        return to_dataframe(self)

    def to_json(self, **kwargs: Any) -> str:
        """Schema-1 JSON, always valid and encodable as UTF-8 (``json.dumps`` options pass through).

        A lone surrogate in the text is written as a ``\\uXXXX`` escape (it reads
        back unchanged); NaN and infinities become the strings ``"NaN"``,
        ``"Infinity"`` and ``"-Infinity"``. Metadata JSON cannot represent
        raises ``InputTypeError`` naming its key; ``to_json(default=str)``
        writes it as a string instead. ``to_json(include_text=False)`` leaves the
        text out; read that back with ``from_json(s, text=the_text)``.
        """
        from ._output import document_to_json

        return document_to_json(self, **kwargs)

    @classmethod
    def from_dict(cls, d: dict, text: Optional[str] = None) -> "AttributedDocument":
        """Read back :meth:`to_dict`.

        Args:
            text: the text, for output written without it (the CLI's
                ``--no-text``, ``to_json(include_text=False)``,
                :mod:`quoteattr.dask`'s default); every span is checked against
                it. Where the output has its text, the two must be the same.

        Raises:
            InputTypeError: ``d`` is not a dict.
            InputError: a field is missing or has the wrong type, or a span's
                offsets do not match the text (the message names the field),
                or the output has no text and ``text=`` is not given.
        """
        from ._output import document_from_dict

        return document_from_dict(d, text=text)

    @classmethod
    def from_json(cls, s: str, text: Optional[str] = None) -> "AttributedDocument":
        """Read back :meth:`to_json`; ``text=`` as for :meth:`from_dict` (output
        written without its text needs it); errors as for :meth:`from_dict`, and
        ``InputError`` when ``s`` is not valid JSON."""
        import json

        from ._files import loads_json

        if not isinstance(s, (str, bytes, bytearray)):
            raise InputTypeError(f"from_json() takes a JSON string, got {type(s).__name__}; for a dict use from_dict()")
        try:
            d = loads_json(s)
        except json.JSONDecodeError as e:
            raise InputError(f"{_WHERE}: not valid JSON ({e.msg} at line {e.lineno}, column {e.colno})") from None
        except UnicodeDecodeError as e:
            raise InputError(f"{_WHERE}: the bytes are not UTF-8 ({e.reason} at byte {e.start})") from None
        return cls.from_dict(d, text=text)
