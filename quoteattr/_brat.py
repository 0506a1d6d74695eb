"""brat standoff (``.ann``) reading and writing, in PolNeAR's shape.

PolNeAR (Newell, Margolin & Ruths, LREC 2018) annotates each attribution as a
``T`` span per role (``Source``, ``Cue``, ``Content``, plus an ``Attribution``
trigger) and an ``E`` event tying them: ``E1 Attribution:T4 Content:T3 Cue:T2
Source:T1``. Spans may be discontinuous (``start end;start end``). See
https://brat.nlplab.org/standoff.html.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import attrs
import regex

from ._errors import InputError
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
        if not 0 <= s <= e <= len(text):
            raise InputError(f"{path}:{line}: span {s}-{e} is outside the text ({len(text)} characters); is the .ann for this text?")
        out.append(Span.of(text, s, e))
    return tuple(out)


def read_ann(ann: Any, text: str, name: str = "<ann>") -> List[BratAttribution]:
    """Read attributions from brat ``.ann`` content (a string or a path).

    Raises:
        InputError: naming the line, for malformed lines or spans outside the text.
    """
    if isinstance(ann, Path) or (isinstance(ann, str) and ann and "\t" not in ann and "\n" not in ann and Path(ann).is_file()):
        name = str(ann)
        ann = Path(ann).read_text(encoding="utf-8")
    tspans: Dict[str, Tuple[str, Tuple[Span, ...]]] = {}
    events: List[Tuple[str, Dict[str, List[str]], int]] = []
    for k, line in enumerate(ann.splitlines(), 1):
        if not line.strip():
            continue
        cols = line.split("\t")
        tid = cols[0]
        if not _ID.match(tid) or len(cols) < 2:
            continue  # the rest of a T line whose text held a line break
        if tid.startswith("T"):
            if len(cols) < 2:
                raise InputError(f"{name}:{k}: a T line needs 'ID<TAB>Type start end<TAB>text'")
            kind, _, offsets = cols[1].partition(" ")
            tspans[tid] = (kind, _spans(text, offsets, k, name))
        elif tid.startswith("E"):
            args: Dict[str, List[str]] = {}
            for arg in cols[1].split():
                role, _, ref = arg.partition(":")
                role = role.rstrip("0123456789")
                args.setdefault(role, []).append(ref)
            events.append((tid, args, k))
    out = []
    for eid, args, k in events:
        roles: Dict[str, List[Span]] = {"Source": [], "Cue": [], "Content": []}
        for role, refs in args.items():
            if role not in roles:
                continue
            for ref in refs:
                if ref not in tspans:
                    raise InputError(f"{name}:{k}: event {eid} refers to unknown span {ref}")
                roles[role].extend(tspans[ref][1])
        out.append(BratAttribution(tuple(roles["Source"]), tuple(roles["Cue"]), tuple(roles["Content"]), eid))
    return out


def document_to_ann(doc: AttributedDocument, top_level_only: bool = False) -> List[BratAttribution]:
    """Our attributions in brat's shape (the source is the speaker)."""
    out = []
    for k, a in enumerate(doc.attributions):
        if top_level_only and a.parent is not None:
            continue
        out.append(BratAttribution((a.source.span,) if a.source else (), a.cue, a.content, f"E{k + 1}"))
    return out


def write_ann(doc: AttributedDocument) -> str:
    """brat ``.ann`` text for a result (PolNeAR's roles), to open in brat."""
    lines: List[str] = []
    t = 0

    def add(kind: str, spans: Tuple[Span, ...]) -> Optional[str]:
        nonlocal t
        if not spans:
            return None
        t += 1
        offs = ";".join(f"{s.start} {s.end}" for s in spans)
        txt = " ".join(s.text for s in spans).replace("\n", " ").replace("\t", " ")
        lines.append(f"T{t}\t{kind} {offs}\t{txt}")
        return f"T{t}"

    for k, a in enumerate(document_to_ann(doc)):
        src = add("Source", a.source)
        cue = add("Cue", a.cue)
        con = add("Content", a.content)
        trig = add("Attribution", a.cue or a.content)
        parts = [f"Attribution:{trig}"] + [f"{r}:{x}" for r, x in (("Content", con), ("Cue", cue), ("Source", src)) if x]
        lines.append(f"E{k + 1}\t" + " ".join(parts))
    return "\n".join(lines) + ("\n" if lines else "")
