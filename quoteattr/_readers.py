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


def iter_conllu(source: Any) -> Iterator[Tuple[dict, List[_RawToken]]]:
    """Stream raw sentences (comments, tokens) from CoNLL-U, one at a time.

    Raises:
        ConlluError: with the line number, for a malformed line.
        InputDecodeError: a file that is not UTF-8 (naming the byte offset).
        InputTypeError: a file object opened in binary mode.
    """
    handle, close = _open_source(source)
    try:
        yield from _iter_lines(handle)
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


def _iter_lines(handle: Any) -> Iterator[Tuple[dict, List[_RawToken]]]:
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


def _check_heads(tokens: List[_RawToken]) -> None:
    n = sum(len(t.words) for t in tokens)
    for t in tokens:
        for w in t.words:
            if w[6] > n:
                raise ConlluError(f"HEAD {w[6]} is out of range for a sentence of {n} words", w[8])


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
    return _build(list(iter_conllu(source)), text)


def _build(raw, text: Optional[str]) -> Document:
    have_offsets = bool(raw) and all(_token_range(t) is not None for _, toks in raw for t in toks)
    if text is None:
        text = _rebuild_text(raw)
        if not have_offsets:
            have_offsets = False
    sentences = []
    pos = 0
    for comments, tokens in raw:
        words: List[Word] = []
        for tok in tokens:
            rng = _token_range(tok) if have_offsets else None
            if rng is None:
                start = _align(text, tok.form, pos, tok.line)
                end = start + len(tok.form)
            else:
                start, end = rng
                if not 0 <= start <= end <= len(text) or text[start:end] != tok.form:
                    raise AlignmentError(
                        f"CoNLL-U line {tok.line}: token {tok.form!r} has offsets {start}-{end}, "
                        f"but the text there is {text[start:end]!r} (text length {len(text)}); pass the text the tokens came from",
                        tok.line,
                    )
            pos = end
            for w in tok.words:
                head = w[6] if w[6] >= 0 else 0
                words.append(Word(w[0], w[1], w[2] if w[2] != "_" else w[1], w[3], w[4], w[5], head, w[7] if w[7] != "_" else "dep", start, end))
        sentences.append(Sentence(tuple(words), words[0].start, words[-1].end))
    return Document(text, tuple(sentences))


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


def _align(text: str, form: str, pos: int, line: int) -> int:
    """Offset of ``form`` at ``pos`` in ``text``, skipping white space only."""
    i = pos
    n = len(text)
    while i < n and text[i].isspace():
        i += 1
    if text.startswith(form, i):
        return i
    raise AlignmentError(
        f"CoNLL-U line {line}: token {form!r} does not match the text at offset {i} "
        f"({text[i:i + 20]!r}); the tokens must come from the given text in order",
        line,
    )


_CONLLU_UNSAFE = regex.compile("[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _conllu_safe(s: str) -> str:
    """``s`` fit for one CoNLL-U field: a line break or tab (which would end the
    line or the column) becomes a space, and a lone surrogate (which no UTF-8
    file can hold) U+FFFD. One character for one, so ``start_char`` stays right."""
    return _SURROGATE.sub("\ufffd", _CONLLU_UNSAFE.sub(" ", s))


def to_conllu(doc: Document) -> str:
    """Write a :class:`Document` as CoNLL-U with ``start_char``/``end_char`` in MISC.

    The result is always writable as UTF-8 and one line per word: line breaks and
    tabs inside a field become spaces, lone surrogates U+FFFD (see ``_conllu_safe``).

    Raises:
        InputTypeError: ``doc`` is not a parse (a :class:`Document` or an
            ``AttributedDocument``); a raw text must be parsed first.
    """
    if not isinstance(doc, (Document, AttributedDocument)):
        raise InputTypeError(f"to_conllu() expects a quoteattr.Document or AttributedDocument, got {type(doc).__name__}; "
                             "parse the text first, e.g. to_conllu(quoteattr.Pipeline().parse(text))")
    out = []
    for k, sent in enumerate(doc.sentences, 1):
        out.append(f"# sent_id = {k}")
        out.append(f"# text = {_conllu_safe(doc.text[sent.start:sent.end])}")
        for k, w in enumerate(sent.words):
            # words sharing one token's offsets are a multi-word token: write its range line
            if (k == 0 or (sent.words[k - 1].start, sent.words[k - 1].end) != (w.start, w.end)):
                j = k
                while j + 1 < len(sent.words) and (sent.words[j + 1].start, sent.words[j + 1].end) == (w.start, w.end):
                    j += 1
                if j > k:
                    out.append(f"{w.id}-{sent.words[j].id}\t{_conllu_safe(doc.text[w.start:w.end])}\t_\t_\t_\t_\t_\t_\t_\tstart_char={w.start}|end_char={w.end}")
            mwt = (k > 0 and (sent.words[k - 1].start, sent.words[k - 1].end) == (w.start, w.end)) or (
                k + 1 < len(sent.words) and (sent.words[k + 1].start, sent.words[k + 1].end) == (w.start, w.end))
            misc = "_" if mwt else f"start_char={w.start}|end_char={w.end}"
            out.append(
                "\t".join(
                    # every field made safe: a tab or line break in a hand-built word's tag or relation broke the line too
                    [str(w.id)] + [_conllu_safe(x) for x in (w.text, w.lemma, w.upos, w.xpos, w.feats)] + [str(w.head), _conllu_safe(w.deprel), "_", misc]
                )
            )
        out.append("")
    return "\n".join(out) + "\n"
