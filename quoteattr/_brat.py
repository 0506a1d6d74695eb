"""brat standoff (``.ann``) reading and writing, in PolNeAR's shape.

PolNeAR (Newell, Margolin & Ruths, LREC 2018) annotates each attribution as a
``T`` span per role (``Source``, ``Cue``, ``Content``, plus an ``Attribution``
trigger) and an ``E`` event tying them: ``E1 Attribution:T4 Content:T3 Cue:T2
Source:T1``. Spans may be discontinuous (``start end;start end``). See
https://brat.nlplab.org/standoff.html.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import attrs
import regex

from ._errors import InputError, InputTypeError
from ._files import read_text_file
from ._types import AttributedDocument, Span

_ID = regex.compile(r"^[TERAMN#*]\d*$")

__all__ = ["BratAttribution", "read_ann", "write_ann", "document_to_ann"]


@attrs.frozen
class BratAttribution:
    """One attribution as brat stores it: a list of spans per role."""

    source: Tuple[Span, ...] = ()
    cue: Tuple[Span, ...] = ()
    content: Tuple[Span, ...] = ()
    id: str = ""


def _spans(text: str, offsets: str, line: int, path: str) -> Tuple[Span, ...]:
    out = []
    for part in offsets.split(";"):
        try:
            s, e = (int(x) for x in part.split())
        except ValueError:
            raise InputError(f"{path}:{line}: bad offsets {offsets!r}; expected 'start end' or 'start end;start end'") from None
        if s > e:
            raise InputError(f"{path}:{line}: span {s}-{e} starts after it ends; write the smaller offset first")
        if not 0 <= s <= e <= len(text):
            raise InputError(f"{path}:{line}: span {s}-{e} is outside the text ({len(text)} characters); is the .ann for this text?")
        out.append(Span.of(text, s, e))
    return tuple(out)


def _squash(s: str) -> str:
    return " ".join(s.split())


def _check_t_text(tid: str, spans: Tuple[Span, ...], written: str, line: int, path: str) -> None:
    """Fail when a T line's text column is not the text its offsets point at.

    brat joins the fragments of a discontinuous span with a space, and writes a
    span holding a line break over several .ann lines (PolNeAR has three such
    spans), so both sides are compared with white space collapsed: a text read
    with other line endings than the .ann was made on still differs in its
    letters, which is the error this catches (it would otherwise score 0 silently).
    """
    actual = " ".join(sp.text for sp in spans)
    if _squash(written) == _squash(actual):
        return
    offs = ";".join(f"{sp.start}-{sp.end}" for sp in spans)
    raise InputError(
        f"{path}:{line}: {tid} text {_squash(written)[:60]!r} does not match the text at {offs} "
        f"({_squash(actual)[:60]!r}); is the .ann for this text (line endings?)"
    )


def read_ann(ann: Any, text: str, name: str = "<ann>") -> List[BratAttribution]:
    """Read attributions from brat ``.ann`` content (a string or a path).

    Each T line's text column must be the text at its offsets, so an .ann paired
    with the wrong text (or with line endings changed) fails loudly instead of
    scoring wrong spans.

    Raises:
        InputTypeError: ``ann`` or ``text`` is not a str (or ``ann`` a path).
        InputDecodeError: an .ann file is not UTF-8.
        InputError: naming the line, for malformed lines, spans outside the
            text, T text that differs from the text, or references to undefined ids.
    """
    if not isinstance(text, str):
        raise InputTypeError(f"text must be a str (the document the .ann was made on), got {type(text).__name__}")
    # (os.path.isfile never raises: Path.is_file does, for a name too long)
    one_line = isinstance(ann, str) and ann and "\t" not in ann and "\n" not in ann
    if isinstance(ann, Path) or (one_line and os.path.isfile(ann)):
        name = str(ann)
        ann = read_text_file(name)
    elif one_line and (ann.endswith(".ann") or os.sep in ann):  # a path, not annotations (which hold tabs)
        raise InputError(f"{ann}: no such file; check the path (or pass the .ann text itself)")
    if not isinstance(ann, str):
        raise InputTypeError(f"ann must be .ann text or a path, got {type(ann).__name__}; decode bytes first")
    if ann.startswith("\ufeff"):
        ann = ann[1:]  # a byte order mark (Windows editors write one)
    tspans: Dict[str, Tuple[str, Tuple[Span, ...]]] = {}
    defined: Dict[str, int] = {}  # id -> line
    events: List[Tuple[str, List[Tuple[str, str]], int]] = []
    pending: Optional[Tuple[str, Tuple[Span, ...], List[str], int]] = None  # a T line whose text may go on

    def check_pending() -> None:
        if pending is not None:
            _check_t_text(pending[0], pending[1], "\n".join(pending[2]), pending[3], name)

    for k, line in enumerate(ann.splitlines(), 1):
        cols = line.split("\t")
        tid = cols[0]
        if not _ID.match(tid) or len(cols) < 2:
            if pending is not None:
                pending[2].append(line)  # the rest of a T line whose text held a line break
            elif line.strip():
                # skipping it would lose an annotation silently (an .ann with spaces for tabs reads as empty)
                raise InputError(f"{name}:{k}: not a brat annotation line: {line[:60]!r}; expected an ID such as T1 or E1, "
                                 "a tab, then the annotation (are the columns separated by spaces instead of tabs?)")
            continue
        check_pending()
        pending = None
        if tid in defined and tid[:1] in "TE":
            raise InputError(f"{name}:{k}: {tid} is defined twice (also on line {defined[tid]}); give each annotation its own ID")
        defined[tid] = k
        if tid.startswith("T"):
            kind, _, offsets = cols[1].partition(" ")
            spans = _spans(text, offsets, k, name)
            tspans[tid] = (kind, spans)
            if len(cols) >= 3:
                pending = (tid, spans, ["\t".join(cols[2:])], k)
        elif tid.startswith("E"):
            args: List[Tuple[str, str]] = []
            for arg in cols[1].split():
                role, sep, ref = arg.partition(":")
                if not sep or not role or not ref:
                    raise InputError(f"{name}:{k}: bad event argument {arg!r} in {tid}; expected 'Role:ID', e.g. 'Cue:T2'")
                args.append((role.rstrip("0123456789"), ref))
            events.append((tid, args, k))
    check_pending()
    event_ids = {e[0] for e in events}
    out = []
    for eid, args, k in events:
        roles: Dict[str, List[Span]] = {"Source": [], "Cue": [], "Content": []}
        for role, ref in args:
            # every argument must resolve, the trigger ("Attribution:T4") included;
            # brat lets an argument be another event, but not a role read here
            if ref in tspans:
                if role in roles:
                    roles[role].extend(tspans[ref][1])
            elif role in roles or ref not in event_ids:
                raise InputError(f"{name}:{k}: event {eid} refers to unknown span {ref} (as {role}); define a T line {ref} in this file")
        out.append(BratAttribution(tuple(roles["Source"]), tuple(roles["Cue"]), tuple(roles["Content"]), eid))
    return out


def document_to_ann(doc: AttributedDocument, top_level_only: bool = False) -> List[BratAttribution]:
    """Our attributions in brat's shape (the source is the speaker).

    Raises:
        InputTypeError: ``doc`` is not an :class:`AttributedDocument` (a raw text must be attributed first).
    """
    if not isinstance(doc, AttributedDocument):  # else an AttributeError ('str' object has no attribute 'attributions')
        raise InputTypeError(f"expected an AttributedDocument, got {type(doc).__name__}; attribute the text first, "
                             "e.g. write_ann(quoteattr.attribute(text))")
    out = []
    for k, a in enumerate(doc.attributions):
        if top_level_only and a.parent is not None:
            continue
        out.append(BratAttribution((a.source.span,) if a.source else (), a.cue, a.content, f"E{k + 1}"))
    return out


# every character str.splitlines() breaks at, and the tab that separates brat's columns
_LINE_BREAKS = regex.compile("\r\n|[\n\r\t\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def write_ann(doc: AttributedDocument) -> str:
    """brat ``.ann`` text for a result (PolNeAR's roles), to open in brat.

    A span's text column has every line break (``\\r``, U+2028, U+0085 … as
    well as ``\\n``) and tab turned into a space: brat, like :func:`read_ann`,
    splits lines at all of them, and a T line cut in two is a broken annotation.
    """
    lines: List[str] = []
    t = 0

    def add(kind: str, spans: Tuple[Span, ...]) -> Optional[str]:
        nonlocal t
        if not spans:
            return None
        t += 1
        offs = ";".join(f"{s.start} {s.end}" for s in spans)
        txt = _LINE_BREAKS.sub(" ", " ".join(s.text for s in spans))
        lines.append(f"T{t}\t{kind} {offs}\t{txt}")
        return f"T{t}"

    for k, a in enumerate(document_to_ann(doc)):
        src = add("Source", a.source)
        cue = add("Cue", a.cue)
        con = add("Content", a.content)
        # (an attribution with neither cue nor content, built by hand, is triggered by its source:
        # "Attribution:None" named a T line that does not exist, and read_ann refused the file)
        trig = add("Attribution", a.cue or a.content or a.source)
        parts = ([f"Attribution:{trig}"] if trig else []) + [f"{r}:{x}" for r, x in (("Content", con), ("Cue", cue), ("Source", src)) if x]
        lines.append(f"E{k + 1}\t" + " ".join(parts))
    return "\n".join(lines) + ("\n" if lines else "")
