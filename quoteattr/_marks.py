"""Stage 1: quotation marks → quote spans.

The scanner finds every quotation-mark character with one ``regex`` pass,
decides for each whether it is an apostrophe, an opening or a closing mark, and
pairs marks with a stack. It runs in time linear in the text: each candidate
is pushed and popped at most once, and every look-around is bounded.

Rules (typographic conventions as in the Chicago Manual of Style §6.9–6.11 and
CommonMark's "flanking" definition for straight quotes):

* Apostrophes: ``’``/``'`` between two letters (doesn’t, Russia’s), an elision
  (’90s, ’em, rock ’n’ roll) and a plural possessive (students’) are never
  quotation marks. A plural possessive ``s’`` closes a single quote only when a
  single quote is open and no later closing candidate in the paragraph could.
* The marks are every character Unicode gives the Quotation_Mark property
  (curly, straight, low-9, guillemets, corner brackets with their halfwidth and
  vertical forms, the CJK double primes 〝 〞 〟, ⹂, fullwidth ＂ and ＇), plus
  the dingbat ornaments ❝ ❞ ❛ ❜ 🙶 🙷 🙸: Unicode files those as symbols, but
  they are written as quotation marks (pull quotes, styled text) and have the
  shape of “ ” ‘ ’ „, whose roles they take. Primes (′ ″) are not marks.
* Directional marks (“ ” ‘ ’ « » ‹ › „ ‚ 「 」 『 』 〝 〞 〟 …) say their role; the
  straight marks ``"``, ``'``, ``＂`` and ``＇`` take it from the characters
  around them, and from whether a quote of their family is open when that is
  not enough. 〝 opens and either 〞 or the low 〟 closes (family
  ``double_prime``).
* PTB/LaTeX-style text: two backticks open a double quote, closed by two
  straight apostrophes (or ”); one backtick opens a single quote, closed by
  ``'`` or ``’``. A backtick only opens: one between two letters (don`t) or
  before a year (`90s) is an apostrophe.
* A paragraph that ends inside a quote continues it when the next paragraph
  opens with a mark of the same family (the multi-paragraph convention);
  otherwise the marks left open are reported as unmatched. Paragraphs are
  separated by blank lines or U+2029 PARAGRAPH SEPARATOR (see :func:`paragraphs`).
* A mark that cannot be paired never raises: it is kept in ``unmatched``.
* Quotes nest at most :data:`MAX_DEPTH` deep; an opening mark beyond that is
  unmatched (each quote's content holds the text of the quotes inside it, so
  unbounded nesting would cost memory quadratic in the text).
"""

from __future__ import annotations

import unicodedata
from typing import Dict, List, Optional, Tuple

import attrs
import regex

from ._errors import InputTypeError
from ._types import Quote, QuoteMark, Span

__all__ = ["scan", "ScanResult", "paragraphs", "QUOTE_CHARS"]

# family of each mark, and the role it has by its shape (None: decided by context)
_MARKS: Dict[str, Tuple[str, Optional[str]]] = {
    "\u201c": ("double", "open"),  # “
    "\u201d": ("double", "close"),  # ”
    "\u201e": ("double", "open"),  # „
    "\u201f": ("double", "open"),  # ‟
    '"': ("double", None),
    "\u2018": ("single", "open"),  # ‘
    "\u2019": ("single", "close"),  # ’
    "\u201a": ("single", "open"),  # ‚
    "\u201b": ("single", "open"),  # ‛
    "'": ("single", None),
    "\u00ab": ("guillemet", "open"),  # «
    "\u00bb": ("guillemet", "close"),  # »
    "\u2039": ("single_guillemet", "open"),  # ‹
    "\u203a": ("single_guillemet", "close"),  # ›
    "\u300c": ("corner", "open"),  # 「
    "\u300d": ("corner", "close"),  # 」
    "\u300e": ("white_corner", "open"),  # 『
    "\u300f": ("white_corner", "close"),  # 』
    "\uff02": ("double", None),  # ＂ fullwidth
    "\uff07": ("single", None),  # ＇ fullwidth apostrophe (also an apostrophe: don＇t)
    "\u2e42": ("double", "open"),  # ⹂ double low-reversed-9
    "\uff62": ("corner", "open"),  # ｢ halfwidth
    "\uff63": ("corner", "close"),  # ｣
    "\ufe41": ("corner", "open"),  # ﹁ vertical presentation forms
    "\ufe42": ("corner", "close"),  # ﹂
    "\ufe43": ("white_corner", "open"),  # ﹃
    "\ufe44": ("white_corner", "close"),  # ﹄
    # CJK double prime marks: 〝…〞 in horizontal text, 〝…〟 (low) in vertical text
    "\u301d": ("double_prime", "open"),  # 〝
    "\u301e": ("double_prime", "close"),  # 〞
    "\u301f": ("double_prime", "close"),  # 〟
    # dingbat ornaments shaped as curly marks, used as quotation marks in pull quotes
    # and styled text (❝…❞); by shape they are “ ” ‘ ’ „
    "\u275d": ("double", "open"),  # ❝
    "\u275e": ("double", "close"),  # ❞
    "\u275b": ("single", "open"),  # ❛
    "\u275c": ("single", "close"),  # ❜
    "\U0001f676": ("double", "open"),  # 🙶
    "\U0001f677": ("double", "close"),  # 🙷
    "\U0001f678": ("double", "open"),  # 🙸 (low, as „)
    # two straight apostrophes are one double mark: ''So it goes,'' he said (the New
    # York Times' archive style, and PTB/LDC-converted text)
    "''": ("double", None),
    # PTB/LaTeX opening marks: ``So it goes,'' he said; `Ok,' he said. A backtick has
    # no closing shape, so it only ever opens (or is an apostrophe: don`t).
    "``": ("double", "open"),
    "`": ("single", "open"),
}
QUOTE_CHARS = "".join(k for k in _MARKS if len(k) == 1)
_CANDIDATE = regex.compile("``|''|[" + regex.escape(QUOTE_CHARS) + "]")
# opening-shaped marks that are also typed as apostrophes (‘Tis, `90s, don`t)
_OPEN_SHAPED_APOSTROPHES = "\u2018`"
_APOSTROPHE_CHARS = "'\u2019\u2018\u201b`\uff07"
# elisions that begin with an apostrophe: ’90s, ’em, ’til, ’n’ …
_ELISION = regex.compile(
    r"(?:\d\ds?|em|til|tis|twas|cause|cos|bout|round|nuff|n(?=[\u2019'])|s\b|twere|neath|sup|kay)\b",
    regex.IGNORECASE,
)
#: the deepest nesting of quotes kept (news text nests three or four deep; 64 leaves ample room)
MAX_DEPTH = 64
# a blank line, or U+2029 PARAGRAPH SEPARATOR (Unicode's own paragraph break, which word
# processors and some CMS exports write between paragraphs); U+2028 LINE SEPARATOR is a
# line break inside a paragraph, never a paragraph break by itself
_PARAGRAPH_BREAK_BLANK = regex.compile(r"(?:\r?\n[^\S\n]*\n|\u2029)\s*")
_PARAGRAPH_BREAK_LINE = regex.compile(r"(?:\r\n|\r|\n)\s*")
# characters after which a straight quote may open
_OPEN_CONTEXT = set("([{<\u2014\u2013-/:")
# characters before which a straight quote may close
_CLOSE_CONTEXT = set(".,;:!?)]}>\u2014\u2013-/\u2026")


@attrs.frozen
class ScanResult:
    """What the scanner found.

    Attributes:
        quotes: the paired quotations, sorted by start.
        unmatched: marks that could not be paired, in text order.
        apostrophes: offsets of quote-shaped characters read as apostrophes.
    """

    quotes: Tuple[Quote, ...]
    unmatched: Tuple[QuoteMark, ...]
    apostrophes: Tuple[int, ...]


def paragraphs(text: str) -> List[Tuple[int, int]]:
    """Paragraph ranges ``(start, end)``.

    Blank lines (or U+2029 PARAGRAPH SEPARATOR, which is one by definition) separate
    paragraphs when the text has any; otherwise every line break does (scraped news
    often puts one paragraph per line). U+2028 LINE SEPARATOR never does. A block between
    blank lines whose lines run longer than a hard-wrapped text's (over
    :data:`_WRAPPED_LINE` characters) is split at every line break too: scraped
    pages often set off the headline with a blank line and then put one
    paragraph per line (78 of 1,020 PolNeAR train and dev articles).
    """
    pattern = _PARAGRAPH_BREAK_BLANK if _PARAGRAPH_BREAK_BLANK.search(text) else _PARAGRAPH_BREAK_LINE
    out = []
    pos = 0
    for m in pattern.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    if pattern is _PARAGRAPH_BREAK_LINE:
        return out
    split = []
    for a, b in out:
        block = text[a:b]
        if "\n" in block and max(len(line) for line in block.split("\n")) > _WRAPPED_LINE:
            split.extend((a + x, a + y) for x, y in paragraphs(block))
        else:
            split.append((a, b))
    return split


#: the longest line of hard-wrapped text (RFC 5322 asks for at most 78 characters)
_WRAPPED_LINE = 100


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _is_wordchar(ch: str) -> bool:
    return ch != "" and (ch.isalnum())


#: the longest run of combining marks looked through for the letter they sit on
_MAX_COMBINING = 32


def _base_before(text: str, i: int) -> str:
    """The character before ``i``, looking through combining marks to the letter they
    sit on ("" at the start of the text).

    Why: in decomposed (NFD) text "André" ends in "e" + U+0301, and Hebrew or Arabic
    letters carry vowel points; the mark is no letter, so "André’ll" was read as a
    closing quotation mark that cut the quote around it short.
    """
    j = i - 1
    while j >= 0 and i - j <= _MAX_COMBINING and unicodedata.category(text[j])[0] == "M":
        j -= 1
    return text[j] if j >= 0 else ""


def _is_apostrophe(text: str, i: int, ch: str) -> bool:
    """Whether the quote-shaped character at ``i`` is an apostrophe."""
    if ch not in _APOSTROPHE_CHARS:
        return False
    prev = _base_before(text, i)
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if _is_wordchar(prev) and nxt.isalpha():
        return True  # doesn’t, Russia’s, O'Brien
    if not _is_wordchar(prev) and _ELISION.match(text, i + 1, min(len(text), i + 8)):
        # ’90s, ’em, and the first mark of ’n’ (‘em or `em opens a quote more often)
        return ch not in _OPEN_SHAPED_APOSTROPHES or nxt.isdigit()
    if prev in "nN" and i >= 2 and text[i - 2] in _APOSTROPHE_CHARS and (i < 3 or not _is_wordchar(text[i - 3])):
        return True  # the second mark of ’n’
    return False


def _straight_role(text: str, i: int, width: int = 1) -> Optional[str]:
    """Role of a straight mark from its neighbours, or None if ambiguous."""
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + width] if i + width < len(text) else ""
    left_open = _is_space(prev) or prev in _OPEN_CONTEXT or prev in _MARKS
    right_close = _is_space(nxt) or nxt in _CLOSE_CONTEXT or nxt in _MARKS
    if left_open and not right_close:
        return "open"
    if right_close and not left_open:
        return "close"
    return None


class _Open:
    __slots__ = ("marks", "family")

    def __init__(self, mark: QuoteMark):
        self.marks = [mark]
        self.family = mark.family


def scan(text: str) -> ScanResult:
    """Find the quotations and unpaired marks of ``text``.

    The marks are the curly, straight, low-9, guillemet, corner, double prime
    and fullwidth marks and the dingbat quotation ornaments, plus PTB/LaTeX style: two backticks open a double quote that two
    straight apostrophes close, one backtick opens a single quote.

    Args:
        text: any string.

    Returns:
        A :class:`ScanResult`. Every quotation-mark character of the text is a
        mark of a quote, an unmatched mark, or an apostrophe.

    Raises:
        InputTypeError: if ``text`` is not a ``str`` (bytes must be decoded
            first: offsets are character offsets).
    """
    if not isinstance(text, str):
        hint = "; decode bytes first, e.g. data.decode('utf-8')" if isinstance(text, (bytes, bytearray)) else ""
        raise InputTypeError(f"scan() expects text as str, got {type(text).__name__}{hint}")
    paras = paragraphs(text)
    found = [(m.start(), m.group()) for m in _CANDIDATE.finditer(text)]
    candidates = [i for i, _ in found]
    marks = [ch for _, ch in found]  # one character, or ''
    quotes: List[Tuple[Tuple[QuoteMark, ...], Span]] = []
    unmatched: List[QuoteMark] = []
    apostrophes: List[int] = []

    # possessive s’ decisions need to know whether a later closing candidate of
    # the single family exists in the same paragraph: one backward pass.
    para_of = _paragraph_index(candidates, paras)
    later_single_close = [False] * len(candidates)
    seen: Dict[int, bool] = {}
    for k in range(len(candidates) - 1, -1, -1):
        p = para_of[k]
        later_single_close[k] = seen.get(p, False)
        i, ch = candidates[k], marks[k]
        if ch in "'\u2019\uff07\u275c" and not _is_apostrophe(text, i, ch):
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if _is_space(nxt) or nxt in _CLOSE_CONTEXT:
                seen[p] = True
        elif ch in "\u2018`\u275b" or (ch in "'\uff07" and _straight_role(text, i) == "open"):
            seen[p] = False  # a new opening intervenes: nothing later closes this one

    stack: List[_Open] = []
    counts: Dict[str, int] = {}

    def push(entry: _Open) -> None:
        stack.append(entry)
        counts[entry.family] = counts.get(entry.family, 0) + 1

    def pop() -> _Open:
        entry = stack.pop()
        counts[entry.family] -= 1
        return entry

    def flush_unmatched() -> None:
        while stack:
            unmatched.extend(pop().marks)

    current_para = -1
    for k, i in enumerate(candidates):
        ch = marks[k]
        family, role = _MARKS[ch]
        p = para_of[k]
        if p != current_para:
            continuing = _paragraph_break(ch, i, p, current_para, paras, stack, counts)
            if continuing is None:
                flush_unmatched()
            current_para = p
            if continuing is not None and i == continuing:
                # the re-opening mark of a multi-paragraph quote
                target = _continued_entry(stack, family)
                if target is not None:
                    while stack and stack[-1] is not target:
                        unmatched.extend(pop().marks)
                    target.marks.append(QuoteMark(i, ch, "open", family))
                    continue
                flush_unmatched()
        if _is_apostrophe(text, i, ch):
            apostrophes.append(i)
            continue
        prev = text[i - 1] if i > 0 else ""
        nxt = text[i + len(ch)] if i + len(ch) < len(text) else ""
        if ch in "'\u2019\uff07" and prev in ("s", "S") and (_is_space(nxt) or nxt in _CLOSE_CONTEXT):
            # plural possessive (students’) unless it must close an open single quote (a tuple,
            # not "sS": "" in "sS" is true, so a mark opening the text was taken for one and lost)
            if not counts.get("single") or later_single_close[k]:
                apostrophes.append(i)
                continue
        if role is None:
            role = _straight_role(text, i, len(ch))
            if role is None:
                role = "close" if counts.get(family) else "open"
            elif role == "open" and ch in ('"', "''") and counts.get(family) and stack[-1].family == family and _is_space(nxt):
                role = "close"
        elif ch == "\u201c" and stack and stack[-1].family == "double" and stack[-1].marks[0].char == "\u201e":
            role = "close"  # German „…“
        elif ch == "\u2018" and stack and stack[-1].family == "single" and stack[-1].marks[0].char == "\u201a":
            role = "close"  # German ‚…‘
        elif ch == "\u00ab" and stack and stack[-1].marks[0].char == "\u00bb":
            role = "close"  # »…« order
        elif ch == "\u2039" and stack and stack[-1].marks[0].char == "\u203a":
            role = "close"
        elif role == "close" and not counts.get(family):
            # ” or ’ or » with nothing open: some texts use the closing shape
            # to open (Swedish ”…”, »…»); open when the context allows it.
            if _is_space(prev) and not _is_space(nxt) and ch in "\u201d\u00bb\u203a":
                role = "open"
        elif role == "open" and ch in "\u201d" and counts.get(family):
            role = "close"
        mark = QuoteMark(i, ch, role, family)
        if role == "open":
            if len(stack) >= MAX_DEPTH:
                unmatched.append(mark)  # see MAX_DEPTH: no text nests this deep
            else:
                push(_Open(mark))
            continue
        if not counts.get(family):
            unmatched.append(mark)
            continue
        while stack[-1].family != family:
            unmatched.extend(pop().marks)
        entry = pop()
        entry.marks.append(mark)
        first = entry.marks[0]
        quotes.append((tuple(entry.marks), Span.of(text, first.offset + len(first.char), i)))
    flush_unmatched()
    return ScanResult(_nest(quotes), tuple(sorted(unmatched, key=lambda m: m.offset)), tuple(apostrophes))


def _paragraph_index(candidates: List[int], paras: List[Tuple[int, int]]) -> List[int]:
    out = []
    p = 0
    for i in candidates:
        while p + 1 < len(paras) and paras[p][1] <= i:
            p += 1
        out.append(p)
    return out


def _paragraph_break(ch, i, p, current, paras, stack, counts) -> Optional[int]:
    """At the first candidate of paragraph ``p``: the offset of the re-opening
    mark if the open quote continues into this paragraph, else None."""
    if current < 0 or not stack:
        return None
    start = paras[p][0]
    if i != start:
        return None  # the paragraph does not open with a mark
    family, role = _MARKS[ch]
    if role == "close" and ch not in "\u201d\u00bb":
        return None
    return i if _continued_entry(stack, family) is not None else None


def _continued_entry(stack: List[_Open], family: str) -> Optional[_Open]:
    for entry in stack:  # the outermost open quote of that family continues
        if entry.family == family:
            return entry
    return None


def _nest(raw: List[Tuple[Tuple[QuoteMark, ...], Span]]) -> Tuple[Quote, ...]:
    """Sort quotes and give each its level and enclosing quote (by containment)."""
    raw.sort(key=lambda q: (q[0][0].offset, -q[0][-1].offset))
    out: List[Quote] = []
    open_stack: List[int] = []  # indices into out
    for marks, content in raw:
        start = marks[0].offset
        while open_stack and out[open_stack[-1]].end <= start:
            open_stack.pop()
        parent = open_stack[-1] if open_stack else None
        out.append(Quote(marks, content, len(open_stack), parent))
        open_stack.append(len(out) - 1)
    return tuple(out)
