"""The document root: datelines, wire credits and boilerplate lines.

A wire credit ("MOSCOW (Reuters) -", "(AFP) —", a closing "— AFP") names the
agency the whole article comes from; it is recorded as document metadata, not
as a relay of each attribution (the chain convention counts who relayed a
statement within the article, not who published the article).

Boilerplate ("Also Read - …", "Read more:", "Follow us on …") is found by the
patterns of ``lexicons/<lang>/boilerplate.tsv`` at a line start or right after
a sentence end (scraped pages often glue such a line to the previous sentence);
it runs to the end of its line (at most 300 characters: a text on one line must
not lose the rest of the article) and is never attributed.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

import regex

from ._lexicon import Lexicon
from ._types import Span

__all__ = ["find_dateline", "find_boilerplate"]

_DATELINE_CREDIT = regex.compile(
    r"\A\s*(?P<place>[A-Z][\p{L}\p{N} .,'\-]{0,60}?)?\s*\((?P<wire>[\p{L}][\p{L}\p{N} .&\-]{0,40})\)"
    # a dash or colon after the credit, or none before the first word: Indian wire copy
    # writes "NEW DELHI, May 4 (IANS) Congress leader …" (the wire must be a known outlet)
    r"(?:\s*[\-\u2013\u2014:]+\s*|\s+(?=[\p{Lu}\p{N}\"\u201c\u2018']))"
)
# "MOSCOW, April 5": the place and the date a wire dateline gives
_PLACE_DATE = regex.compile(r"\A(?P<place>.+?),\s*(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?)\Z")
_DATELINE_PLACE = regex.compile(
    r"\A\s*(?P<place>\p{Lu}{3,}(?:[ .\-]+\p{Lu}{2,})*(?:,\s*\p{Lu}[\p{L}.]*(?:\s\p{Lu}[\p{L}.]*)?)?(?:,\s*\p{Lu}\p{Ll}{2}\.?\s\d{1,2})?)"
    r"\s*(?:\((?P<wire>[\p{L}][\p{L}\p{N} .&\-]{0,40})\))?\s*[,\-\u2013\u2014]+\s*"  # not ":" ("TAPPER:" opens a transcript)
)
_DATELINE_DATE = regex.compile(
    r"\A\s*(?:date\s+)?(?P<date>\d{4}-\d{2}-\d{2})\s+(?P<place>\p{Lu}[\p{L} ]{0,40}?)\s*:\s*"
)
_TRAILING_CREDIT = regex.compile(r"[\-\u2013\u2014]\s*(?P<wire>[\p{L}][\p{L} .&]{0,30}?)\s*\Z")
_LINE_END = regex.compile(r"\r\n|\r|\n")
_MAX_BOILER = 300  # a boilerplate line is a headline or a link, never longer
_MAX_HEADLINE = 200  # a headline above a dateline is one short line


def find_dateline(text: str, lexicon: Lexicon) -> Tuple[Optional[Span], dict]:
    """The dateline span at the top of ``text`` and what it says (place, date, wire)."""
    head = text[:300]
    info: dict = {}
    credit = _wire_credit(text, 0, lexicon)
    if credit is not None:
        return credit
    m = _DATELINE_DATE.match(head) or _DATELINE_PLACE.match(head)
    if m:
        info["place"] = m.group("place").strip(" ,")
        if m.groupdict().get("wire") and _known_wire(m.group("wire"), lexicon):
            info["wire"] = _known_wire(m.group("wire"), lexicon)
        if "date" in m.groupdict() and m.group("date"):
            info["date"] = m.group("date")
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        return Span.of(text, start, m.end()), info
    # a wire credit opening the body under a headline ("Kenya will not default …\n\n
    # NAIROBI, Feb 3 (Reuters) - …"): the strict form only, with a known wire
    first = _LINE_END.search(text, 0, _MAX_HEADLINE)
    if first is not None and text[:first.start()].strip():
        credit = _wire_credit(text, first.end(), lexicon)
        if credit is not None:
            return credit
    tail = text[-200:]
    m = _TRAILING_CREDIT.search(tail)
    if m and _known_wire(m.group("wire"), lexicon):
        info["wire"] = _known_wire(m.group("wire"), lexicon)
        off = len(text) - len(tail)
        return Span.of(text, off + m.start(), off + m.end()), info
    return None, info


def _wire_credit(text: str, off: int, lexicon: Lexicon) -> Optional[Tuple[Span, dict]]:
    """The strict wire credit ("MOSCOW, April 5 (Reuters) -") starting at ``off``, with a
    known wire, and what it says; None if there is none."""
    m = _DATELINE_CREDIT.match(text[off:off + 300])
    if not m or not _known_wire(m.group("wire"), lexicon):
        return None
    info: dict = {"wire": _known_wire(m.group("wire"), lexicon)}
    if m.group("place"):
        info["place"] = m.group("place").strip(" ,")
        pd = _PLACE_DATE.match(info["place"])
        if pd:
            info["place"], info["date"] = pd.group("place").strip(" ,"), pd.group("date")
    return Span.of(text, off + m.start() + len(m.group(0)) - len(m.group(0).lstrip()), off + m.end()), info


def _known_wire(name: str, lexicon: Lexicon) -> Optional[str]:
    return lexicon.outlets.get(name.strip().lower())


def find_boilerplate(text: str, lexicon: Lexicon) -> Tuple[Span, ...]:
    """Spans of boilerplate: from a boilerplate start to the end of its line."""
    out: List[Span] = []
    for m in lexicon.boilerplate.finditer(text):
        i = m.start()
        before = text[max(0, i - 3):i]
        at_line_start = i == 0 or text[i - 1] in "\r\n" or (before.strip() == "" and (i < 3 or "\n" in text[max(0, i - 3):i]))
        after_sentence = bool(regex.search(r"[.!?\"\u201d\u2019)]\s*\Z", before))
        if not (at_line_start or after_sentence):
            continue
        if out and out[-1].end > i:
            continue
        end_m = _LINE_END.search(text, m.end(), min(len(text), m.end() + _MAX_BOILER))
        if end_m:
            end = end_m.start()
        elif len(text) - m.end() <= _MAX_BOILER:
            end = len(text)
        else:
            # no line break near (a text on one line): stop at a sentence end, else a word boundary
            window = text[m.end():m.end() + _MAX_BOILER]
            ends = [k for k in (window.find(". "), window.find("? "), window.find("! ")) if k > 0]
            cut = min(ends) + 1 if ends else window.rfind(" ")
            end = m.end() + (cut if cut > 0 else len(window))
        out.append(Span.of(text, i, end))
    return tuple(out)
