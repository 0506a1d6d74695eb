"""Stage 2 (input side): parses from stanza and CoNLL-U → the parser-neutral :class:`Document`.

CoNLL-U is read as the UD v2 format specifies (https://universaldependencies.org/format.html):
ten tab-separated columns, ``#`` comments, multi-word token ranges (``1-2``)
and empty nodes (``1.1``, skipped: enhanced graphs are not used).
"""

from __future__ import annotations

import codecs
import io
import os
from pathlib import Path
from typing import Any, Iterator, List, Optional, Tuple

import regex

from ._errors import AlignmentError, ConlluError, InputDecodeError, InputError, InputTypeError
from ._output import _SURROGATE
from ._types import AttributedDocument, Document, Sentence, Word

__all__ = ["document_from_stanza", "document_from_conllu", "iter_conllu", "iter_conllu_documents", "to_conllu"]

# ASCII digits only: str.isdigit() and regex's \d accept "²" or "٣", which int() rejects
_INT = regex.compile(r"^[0-9]+$")
_RANGE = regex.compile(r"^([0-9]+)-([0-9]+)$")
_EMPTY = regex.compile(r"^[0-9]+\.[0-9]+$")


def _int(s: str, what: str, line: int) -> int:
    """``int(s)`` of an ASCII-digit string; one too long to be an ID or offset is a ConlluError.

    Why: ``int()`` refuses strings of over 4,300 digits with a bare ValueError.
    """
    if len(s) > 18:
        raise ConlluError(f"{what} {s[:20]}… has {len(s)} digits, too many for an ID or offset; fix the line", line)
    return int(s)


def document_from_stanza(doc: Any) -> Document:
    """Convert a parsed ``stanza.Document``; offsets come from stanza's tokens."""
    if isinstance(doc, (Document, AttributedDocument)):  # (it has sentences and a text too, but no tokens)
        raise InputTypeError(f"expected a stanza.Document, got a quoteattr {type(doc).__name__}, which is parsed already; "
                             "pass it to quoteattr.attribute_document(doc) as it is")
    if not hasattr(doc, "sentences") or not hasattr(doc, "text"):
        raise InputTypeError(
            f"expected a stanza.Document, got {type(doc).__name__}; "
            "parse the text with a stanza.Pipeline first"
        )
    text = doc.text or ""
    sentences = []
    for sent in doc.sentences:
        words: List[Word] = []
        for token in sent.tokens:
            start, end = token.start_char, token.end_char
            if start is None or end is None:  # else "offsets None-None" later, with the advice to use from_stanza
                raise InputError(f"stanza token {token.text!r} has no character offsets (start_char/end_char); parse the text with "
                                 "stanza's tokenizer, or give each token start_char=…|end_char=… in its misc")
            for w in token.words:
                form = w.text
                if len(token.words) == 1 and (form == "<UNK>" or not form) and start is not None:
                    form = text[start:end]  # stanza's tokenizer gives very long tokens (URLs) the text <UNK>
                words.append(
                    Word(
                        id=int(w.id),
                        text=form,
                        lemma=w.lemma or w.text,
                        upos=w.upos or "X",
                        xpos=w.xpos or "_",
                        feats=w.feats or "_",
                        head=int(w.head or 0),
                        deprel=w.deprel or "dep",
                        start=start,
                        end=end,
                    )
                )
        if words:
            cycle = head_cycle([w.head for w in words])
            if cycle:
                raise InputError(f"stanza sentence {len(sentences) + 1}: the heads of words {_path(cycle)} make a cycle, so "
                                 "no word of it reaches the root; a parse must be a tree: parse the text with stanza's depparse")
            sentences.append(Sentence(tuple(words), words[0].start, words[-1].end))
    return Document(text, tuple(sentences))


# --------------------------------------------------------------------- CoNLL-U


class _RawToken:
    __slots__ = ("form", "words", "misc", "line")

    def __init__(self, form: str, misc: str, line: int):
        self.form = form
        self.words: List[list] = []
        self.misc = misc
        self.line = line


def _open_source(source: Any) -> Tuple[Iterator[str], bool]:
    if isinstance(source, (bytes, bytearray)):
        raise InputTypeError("expected CoNLL-U as str, a path or a text file, got bytes; decode it first")
    if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source and "\t" not in source and os.path.exists(source)):
        if not os.path.isfile(source):
            raise InputError(f"{source}: not a file; pass CoNLL-U text, a file path or a file object")
        try:
            return open(source, encoding="utf-8"), True
        except OSError as e:  # permission denied: name the file, not a raw OSError
            raise InputError(f"{source}: cannot read it ({e.strerror or e}); check its permissions") from None
    if isinstance(source, str) and "\n" not in source and "\t" not in source and (source.endswith((".conllu", ".conll")) or os.sep in source):
        raise InputError(f"{source}: no such file; check the path (or pass the CoNLL-U text itself)")
    if isinstance(source, str):
        return io.StringIO(source, newline=None), True  # line ends as a file's: \r, \r\n and \n
    if hasattr(source, "read"):
        return source, False
    raise InputTypeError(f"expected CoNLL-U text, a path or a file object, got {type(source).__name__}")


def _misc_dict(misc: str) -> dict:
    out = {}
    if misc and misc != "_":
        for item in misc.split("|"):
            k, _, v = item.partition("=")
            out[k] = v
    return out


def _first_bad_byte(path: str) -> Tuple[int, str]:
    """Byte offset and reason of the first invalid UTF-8 in a file, read in chunks."""
    dec = codecs.getincrementaldecoder("utf-8")()
    pos = 0
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            held = len(dec.getstate()[0])  # an incomplete sequence kept from the last chunk
            try:
                dec.decode(chunk)
            except UnicodeDecodeError as e:
                return pos - held + e.start, e.reason
            pos += len(chunk)
    try:
        dec.decode(b"", final=True)
    except UnicodeDecodeError as e:
        return pos - len(e.object) + e.start, e.reason
    return pos, "invalid UTF-8"


def _check_range_filled(pending_range: Optional[Tuple[int, int, _RawToken]]) -> None:
    """A multi-word token range must be followed by all its word lines."""
    if pending_range is not None:
        a, b, tok = pending_range
        raise ConlluError(
            f"multi-word token {a}-{b} ({tok.form!r}) needs word lines {a} to {b}, but "
            f"{len(tok.words)} followed; add the words or remove the range line",
            tok.line,
        )


def iter_conllu(source: Any, _bare: bool = False) -> Iterator[Tuple[dict, List[_RawToken]]]:
    """Stream raw sentences (comments, tokens) from CoNLL-U, one at a time.

    Raises:
        ConlluError: with the line number, for a malformed line.
        InputDecodeError: a file that is not UTF-8 (naming the byte offset).
        InputTypeError: a file object opened in binary mode.
    """
    handle, close = _open_source(source)
    try:
        yield from _iter_lines(handle, _bare)
    except UnicodeDecodeError as e:
        name = getattr(handle, "name", None)
        if isinstance(name, str) and os.path.isfile(name):
            raise InputDecodeError(name, *_first_bad_byte(name)) from None
        raise InputError(
            f"{name or 'CoNLL-U file object'}: cannot decode the input ({e.reason}); "
            "quoteattr reads UTF-8: open the file with encoding='utf-8', or convert it"
        ) from None
    finally:
        if close:
            handle.close()


#: the comment :func:`to_conllu` writes for a document without sentences: its text, escaped
_TEXT_COMMENT = "quoteattr_text"


def _iter_lines(handle: Any, bare: bool = False) -> Iterator[Tuple[dict, List[_RawToken]]]:
    """Raw sentences; with ``bare``, also a block of comments with no tokens that holds
    :data:`_TEXT_COMMENT` (a document without sentences), as ``(comments, [])``."""
    comments: dict = {}
    tokens: List[_RawToken] = []
    pending_range: Optional[Tuple[int, int, _RawToken]] = None
    expected = 1
    for lineno, raw in enumerate(handle, 1):
        if not isinstance(raw, str):
            raise InputTypeError(
                f"expected CoNLL-U text, but the file object gives {type(raw).__name__}; "
                "open the file in text mode: open(path, encoding='utf-8')"
            )
        line = raw.rstrip("\r\n")
        if lineno == 1 and line.startswith("\ufeff"):
            line = line[1:]  # a byte order mark (Windows editors write one)
        if not line.strip():
            _check_range_filled(pending_range)
            if tokens:
                _check_heads(tokens)
                yield comments, tokens
            elif bare and _TEXT_COMMENT in comments:
                yield comments, tokens
            comments, tokens, pending_range, expected = {}, [], None, 1
            continue
        if line.startswith("#"):
            key, sep, value = line[1:].partition("=")
            comments[key.strip()] = value.strip() if sep else True
            continue
        cols = line.split("\t")
        if len(cols) != 10:
            raise ConlluError(
                f"expected 10 tab-separated columns, got {len(cols)}: {line[:60]!r} "
                "(are the columns separated by spaces instead of tabs?)",
                lineno,
            )
        tid = cols[0]
        if _EMPTY.match(tid):
            continue
        m = _RANGE.match(tid)
        if m:
            a, b = _int(m.group(1), "range", lineno), _int(m.group(2), "range", lineno)
            if a > b:
                raise ConlluError(f"range {tid}: the start is after the end; write it as {b}-{a}", lineno)
            if a != expected:
                raise ConlluError(f"range {tid} must start at the next word ID, {expected}", lineno)
            _check_range_filled(pending_range)
            tok = _RawToken(cols[1], cols[9], lineno)
            pending_range = (a, b, tok)
            tokens.append(tok)
            continue
        if not _INT.match(tid):
            raise ConlluError(f"ID must be an integer, a range or a decimal, got {tid!r}", lineno)
        wid = _int(tid, "ID", lineno)
        if wid != expected:
            raise ConlluError(f"expected word ID {expected}, got {wid}", lineno)
        expected += 1
        head = cols[6]
        if head == "_":
            head_i = -1
        elif _INT.match(head):
            head_i = _int(head, "HEAD", lineno)
        else:
            raise ConlluError(f"HEAD must be an integer, got {head!r}", lineno)
        word = [wid, cols[1], cols[2], cols[3], cols[4], cols[5], head_i, cols[7], lineno]
        if pending_range and pending_range[0] <= wid <= pending_range[1]:
            pending_range[2].words.append(word)
            if wid == pending_range[1]:
                pending_range = None
        else:
            tok = _RawToken(cols[1], cols[9], lineno)
            tok.words.append(word)
            tokens.append(tok)
    _check_range_filled(pending_range)
    if tokens:
        _check_heads(tokens)
        yield comments, tokens
    elif bare and _TEXT_COMMENT in comments:
        yield comments, tokens


def _check_heads(tokens: List[_RawToken]) -> None:
    words = [w for t in tokens for w in t.words]
    n = len(words)
    for w in words:
        if w[6] > n:
            raise ConlluError(f"HEAD {w[6]} is out of range for a sentence of {n} words", w[8])
    cycle = head_cycle([w[6] for w in words])
    if cycle:
        w = words[cycle[0] - 1]
        raise ConlluError(f"the HEADs of words {_path(cycle)} make a cycle, so no word of it reaches the root; "
                          "a sentence must be a tree: fix the HEAD column", w[8])


def head_cycle(heads: List[int]) -> Optional[List[int]]:
    """The words (1-based) of a cycle in ``heads`` (word ``i``'s head is ``heads[i - 1]``,
    0 the root, -1 none), or None when every word leads to the root or to no head.

    Why: the rules climb from a word to its heads and walk down to its dependents;
    a cycle (a converter's bug, a hand-edited file) made them loop forever.
    """
    state = [0] * (len(heads) + 1)  # 0 unseen, 1 on the current path, 2 done
    for i in range(1, len(heads) + 1):
        path = []
        v = i
        while 1 <= v <= len(heads) and state[v] == 0:
            state[v] = 1
            path.append(v)
            v = heads[v - 1]
        if 1 <= v <= len(heads) and state[v] == 1:
            return path[path.index(v):]
        for u in path:
            state[u] = 2
    return None


def _path(cycle: List[int]) -> str:
    return " → ".join(str(i) for i in cycle + cycle[:1])


def iter_conllu_documents(source: Any) -> Iterator[Tuple[Optional[str], Document]]:
    """Stream ``(doc_id, Document)`` pairs from CoNLL-U split at ``# newdoc``.

    Only one document's sentences are held in memory at a time.
    """
    current: List[Tuple[dict, List[_RawToken]]] = []
    doc_id: Optional[str] = None
    for comments, tokens in iter_conllu(source):
        new = next((v for k, v in comments.items() if k.startswith("newdoc")), None)
        if new is not None and current:
            yield doc_id, _build(current, None)
            current = []
        if new is not None:
            doc_id = new if isinstance(new, str) else None
        current.append((comments, tokens))
    if current:
        yield doc_id, _build(current, None)


def document_from_conllu(source: Any, text: Optional[str] = None) -> Document:
    """Read CoNLL-U into a :class:`Document` (see :meth:`Document.from_conllu`).

    Raises:
        InputTypeError: ``text`` is given but is not a str.
    """
    if text is not None and not isinstance(text, str):
        raise InputTypeError(f"text must be a str (the text the tokens came from) or None, got {type(text).__name__}")
    raw = list(iter_conllu(source, _bare=True))
    bare = [c[_TEXT_COMMENT] for c, toks in raw if not toks]
    raw = [(c, toks) for c, toks in raw if toks]
    if bare and not raw:  # a document without sentences: its text is the comment's
        kept = _unescape_spaces(bare[0]) if isinstance(bare[0], str) else ""
        if text is not None and text != kept:
            raise AlignmentError(f"CoNLL-U: # {_TEXT_COMMENT} says the text is {kept!r:.60} ({len(kept)} characters), but the "
                                 f"text= given is {text!r:.60} ({len(text)} characters); pass the text the file was written from")
        return Document(kept, ())
    return _build(raw, text)


def _build(raw, text: Optional[str]) -> Document:
    have_offsets = bool(raw) and all(_token_range(t) is not None for _, toks in raw for t in toks)
    spans: Optional[List[Tuple[int, int]]] = None
    rebuilt = text is None
    if text is None:
        if _records_spacing(raw):
            text, spans = _text_from_spacing(raw)
        else:
            text = _rebuild_text(raw)
    sentences = []
    pos = 0
    k = 0
    for comments, tokens in raw:
        words: List[Word] = []
        for tok in tokens:
            surface = _surface(tok)
            rng = _token_range(tok) if have_offsets else None
            if rng is not None:
                start, end = rng
                if not 0 <= start <= end <= len(text) or text[start:end] not in (surface, tok.form):
                    raise AlignmentError(
                        f"CoNLL-U line {tok.line}: token {tok.form!r} has offsets {start}-{end}, "
                        f"but the text there is {text[start:end]!r} (text length {len(text)}); "
                        + (_CANNOT_REBUILD if rebuilt else "pass the text the tokens came from"),
                        tok.line,
                    )
            elif spans is not None:
                start, end = spans[k]
            else:
                start = _align(text, surface, pos, tok.line, rebuilt)
                end = start + len(surface)
            k += 1
            pos = end
            single = len(tok.words) == 1
            for w in tok.words:
                form = w[1]
                if single and form == tok.form and text[start:end] != form and _conllu_safe(text[start:end]) == form:
                    form = text[start:end]  # a tab or lone surrogate the form column could not hold (SpacesInToken)
                head = w[6] if w[6] >= 0 else 0
                words.append(Word(w[0], form, w[2] if w[2] != "_" else w[1], w[3], w[4], w[5], head, w[7] if w[7] != "_" else "dep", start, end))
        sentences.append(Sentence(tuple(words), words[0].start, words[-1].end))
    return Document(text, tuple(sentences))


_CANNOT_REBUILD = ("the text rebuilt from the file (its # text comments and spacing fields) differs from the one the "
                   "tokens came from, so it cannot be rebuilt exactly; pass that text: Document.from_conllu(source, text=...)")

_SPACING_FIELDS = ("SpaceAfter", "SpacesAfter", "SpacesBefore", "SpacesInToken")


def _records_spacing(raw) -> bool:
    """Whether any token records its spacing in MISC (SpaceAfter, UDPipe's Spaces*).

    Why: such a file is rebuilt from its tokens, exactly; a file without them
    (quoteattr's own from earlier releases, hand-written ones) from its ``# text``
    comments, as before.
    """
    return any("Spac" in t.misc and any(k in _SPACING_FIELDS for k in _misc_dict(t.misc)) for _, toks in raw for t in toks)


def _surface(tok: _RawToken) -> str:
    """The token as written in the text: ``SpacesInToken`` where given, else its form."""
    value = _misc_dict(tok.misc).get("SpacesInToken")
    return _unescape_spaces(value) if value else tok.form


def _text_from_spacing(raw) -> Tuple[str, List[Tuple[int, int]]]:
    """The text and each token's offsets, rebuilt from the tokens and their spacing.

    UDPipe's convention: ``SpacesBefore`` + the token + ``SpacesAfter`` (escaped),
    where no ``SpacesAfter`` means one space, or none with ``SpaceAfter=No``. Two
    additions keep files without these fields reading as before: the last token of
    the input is followed by nothing, and one before a ``# newpar`` or ``# newdoc``
    sentence by a blank line, unless its ``SpacesAfter`` says otherwise.
    """
    parts: List[str] = []
    spans: List[Tuple[int, int]] = []
    pos = 0
    for si, (comments, tokens) in enumerate(raw):
        next_par = si + 1 < len(raw) and any(k.startswith(("newpar", "newdoc")) for k in raw[si + 1][0])
        for ti, tok in enumerate(tokens):
            misc = _misc_dict(tok.misc)
            before = _unescape_spaces(misc.get("SpacesBefore", ""))
            surface = _surface(tok)
            if "SpacesAfter" in misc:
                after = _unescape_spaces(misc["SpacesAfter"])
            elif ti + 1 == len(tokens) and next_par:
                after = "\n\n"
            elif ti + 1 == len(tokens) and si + 1 == len(raw):
                after = ""
            else:
                after = "" if misc.get("SpaceAfter") == "No" else " "
            start = pos + len(before)
            spans.append((start, start + len(surface)))
            parts += (before, surface, after)
            pos = start + len(surface) + len(after)
    return "".join(parts), spans


def _token_range(tok: _RawToken) -> Optional[Tuple[int, int]]:
    """The token's character offsets from MISC, or None when it has none.

    Raises:
        ConlluError: the offsets are not non-negative ASCII integers.
    """
    misc = _misc_dict(tok.misc)
    if "start_char" in misc and "end_char" in misc:
        s, e, what = misc["start_char"], misc["end_char"], f"start_char={misc['start_char']}|end_char={misc['end_char']}"
    elif "TokenRange" in misc:
        s, _, e = misc["TokenRange"].partition(":")
        what = f"TokenRange={misc['TokenRange']}"
    else:
        return None
    if not (_INT.match(s) and _INT.match(e)):
        raise ConlluError(f"bad offsets {what!r} in MISC of token {tok.form!r}; they must be character offsets (0 or more)", tok.line)
    return _int(s, "offset", tok.line), _int(e, "offset", tok.line)


def _rebuild_text(raw) -> str:
    """The text from ``# text`` comments, else from the forms and SpaceAfter=No."""
    parts = []
    for comments, tokens in raw:
        if isinstance(comments.get("text"), str):
            sent = comments["text"]
        else:
            sent = "".join(
                t.form + ("" if _misc_dict(t.misc).get("SpaceAfter") == "No" else " ") for t in tokens
            ).rstrip(" ")
        if parts:
            parts.append("\n\n" if "newpar" in comments or "newpar id" in comments or "newdoc" in comments or "newdoc id" in comments else " ")
        parts.append(sent)
    return "".join(parts)


def _align(text: str, form: str, pos: int, line: int, rebuilt: bool = False) -> int:
    """Offset of ``form`` at ``pos`` in ``text``, skipping white space only."""
    i = pos
    n = len(text)
    while i < n and text[i].isspace():
        i += 1
    if text.startswith(form, i):
        return i
    raise AlignmentError(
        f"CoNLL-U line {line}: token {form!r} does not match the text at offset {i} "
        f"({text[i:i + 20]!r}); "
        + (_CANNOT_REBUILD if rebuilt else "the tokens must come from the given text in order"),
        line,
    )


# UDPipe's escapes in SpacesBefore/SpacesAfter/SpacesInToken (ufal/udpipe src/sentence/token.cpp)
_ESCAPES = {" ": "\\s", "|": "\\p", "\t": "\\t", "\r": "\\r", "\n": "\\n", "\\": "\\\\"}
_UNESCAPES = {"s": " ", "p": "|", "t": "\t", "r": "\r", "n": "\n", "\\": "\\"}
# what else a MISC value cannot hold as it is: other white space and line breaks
# (a reader splitting lines at U+2028 or \x1c would break the line), control and
# format characters, lone surrogates (no UTF-8 file holds one)
_NEEDS_U_ESCAPE = regex.compile(r"[\s\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Co}\p{Cn}]")
_ESCAPED = regex.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", regex.DOTALL)


def _escape_spaces(s: str) -> str:
    """``s`` as a MISC value: UDPipe's ``\\s \\t \\n \\r \\p \\\\``, and ``\\uXXXX`` for
    any other character a CoNLL-U line cannot carry (quoteattr's addition, so that
    every text comes back exactly)."""
    out = []
    for c in s:
        e = _ESCAPES.get(c)
        if e is None and _NEEDS_U_ESCAPE.match(c):
            e = f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}"
        out.append(e or c)
    return "".join(out)


def _unescape_spaces(s: str) -> str:
    """Undo :func:`_escape_spaces`; an unknown escape stays as written (as in UDPipe)."""
    if "\\" not in s:
        return s

    def one(m) -> str:
        if m.group(3) is None:
            code = int(m.group(1) or m.group(2), 16)
            return chr(code) if code <= 0x10FFFF else m.group(0)
        return _UNESCAPES.get(m.group(3), m.group(0))

    return _ESCAPED.sub(one, s)


_CONLLU_UNSAFE = regex.compile("[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _conllu_safe(s: str) -> str:
    """``s`` fit for one CoNLL-U field: a line break or tab (which would end the
    line or the column) becomes a space, and a lone surrogate (which no UTF-8
    file can hold) U+FFFD. One character for one, so ``start_char`` stays right."""
    return _SURROGATE.sub("\ufffd", _CONLLU_UNSAFE.sub(" ", s))


def to_conllu(doc: Document) -> str:
    """Write a :class:`Document` as CoNLL-U with ``start_char``/``end_char`` in MISC.

    The spacing is recorded so that :meth:`Document.from_conllu` rebuilds the text
    byte for byte without ``text=``: UDPipe's MISC fields on each token
    (``SpaceAfter=No`` where nothing follows it, ``SpacesAfter`` where anything but
    one space does, ``SpacesBefore`` for white space before the first token,
    ``SpacesInToken`` for a token its form column cannot hold), and ``# newpar``
    before a sentence that follows a blank line (or a U+2029 PARAGRAPH SEPARATOR). A
    document with no sentences (a text of white space only, as parsing makes it)
    writes one comment line instead, ``# quoteattr_text = `` and its text escaped as
    the spacing fields are, which :meth:`Document.from_conllu` reads back; an empty
    document writes an empty line.

    The result is always writable as UTF-8 and one line per word: line breaks and
    tabs inside a field become spaces, lone surrogates U+FFFD (see ``_conllu_safe``);
    the spacing fields escape them instead (``\\s``, ``\\t``, ``\\n``, ``\\r``,
    ``\\p`` for ``|``, ``\\\\``, and ``\\uXXXX`` for any other character a line
    cannot carry).

    Raises:
        InputTypeError: ``doc`` is not a parse (a :class:`Document` or an
            ``AttributedDocument``); a raw text must be parsed first.
        InputError: a hand-built parse contradicts itself (a range past the
            text, ids that are not 1..n, a head outside its sentence).
    """
    if not isinstance(doc, (Document, AttributedDocument)):
        raise InputTypeError(f"to_conllu() expects a quoteattr.Document or AttributedDocument, got {type(doc).__name__}; "
                             "parse the text first, e.g. to_conllu(quoteattr.Pipeline().parse(text))")
    from ._pipeline import _check_document

    # a hand-built parse with a sentence or word range past the text, or a float id, failed
    # deep in here with IndexError/TypeError; the same check as attribute_document's
    _check_document(doc)  # type: ignore[arg-type]
    text = doc.text
    if not doc.sentences:
        # no sentence, no token to carry the spacing: the text (white space, as parsing
        # makes such a document, or a hand-built one's) was lost; one comment keeps it
        return f"# {_TEXT_COMMENT} = {_escape_spaces(text)}\n" if text else "\n"
    # the tokens: runs of words sharing one range (a multi-word token), and what lies between them
    sents = [[(k, j) for k, j in _token_runs(sent.words)] for sent in doc.sentences]
    ranges = [(sent.words[k].start, sent.words[k].end) for sent, runs in zip(doc.sentences, sents) for k, _ in runs]
    spacing = {}  # token number -> its MISC spacing fields
    for t, (start, end) in enumerate(ranges):
        fields = []
        if t == 0 and start > 0:
            fields.append("SpacesBefore=" + _escape_spaces(text[:start]))
        after = text[end:ranges[t + 1][0]] if t + 1 < len(ranges) else text[end:]
        if after == "":
            fields.insert(0, "SpaceAfter=No")
        elif after != " " or t + 1 == len(ranges):
            # (the last token too: a reader takes nothing after it, so one space there must be said)
            fields.insert(0, "SpacesAfter=" + _escape_spaces(after))
        spacing[t] = fields
    out = []
    t = 0
    for n, (sent, runs) in enumerate(zip(doc.sentences, sents), 1):
        if t > 0 and _BLANK_LINE.search(text[ranges[t - 1][1]:ranges[t][0]]):
            out.append("# newpar")
        out.append(f"# sent_id = {n}")
        out.append(f"# text = {_conllu_safe(text[sent.start:sent.end])}")
        for k, j in runs:
            w = sent.words[k]
            surface = text[w.start:w.end]
            fields = list(spacing[t])
            t += 1
            form = _conllu_safe(surface if j > k else w.text)
            if surface != form:
                fields.append("SpacesInToken=" + _escape_spaces(surface))
            token_misc = "|".join(fields + [f"start_char={w.start}|end_char={w.end}"])
            if j > k:
                out.append(f"{w.id}-{sent.words[j].id}\t{form}\t_\t_\t_\t_\t_\t_\t_\t{token_misc}")
            for v in sent.words[k:j + 1]:
                out.append(
                    "\t".join(
                        # every field made safe: a tab or line break in a hand-built word's tag or relation broke the line too
                        [str(v.id)] + [_conllu_safe(x) for x in (v.text, v.lemma, v.upos, v.xpos, v.feats)]
                        + [str(v.head), _conllu_safe(v.deprel), "_", "_" if j > k else token_misc]
                    )
                )
        out.append("")
    return "\n".join(out) + "\n"


# a blank line or a U+2029, as the quotation scanner reads paragraphs (``_marks._PARAGRAPH_BREAK_BLANK``)
_BLANK_LINE = regex.compile(r"\r?\n[^\S\n]*\n|\u2029")


def _token_runs(words) -> Iterator[Tuple[int, int]]:
    """``(first, last)`` word indexes of each token: words sharing one range are a multi-word token."""
    k = 0
    while k < len(words):
        j = k
        while j + 1 < len(words) and (words[j + 1].start, words[j + 1].end) == (words[k].start, words[k].end):
            j += 1
        yield k, j
        k = j + 1
