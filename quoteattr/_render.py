"""HTML rendering for notebooks: ``quoteattr.render(doc)`` and ``AttributedDocument._repr_html_``.

The text is cut at every span boundary; each piece carries the roles that cover
it (content, cue, source) as classes, the attributions it belongs to per role
(``data-content="0 3"``, ``data-cue``, ``data-source``), a colour per speaker
entity, and the innermost attribution's chain (publisher → agency → speaker) as
a hover title. Self-contained: inline CSS, no scripts, no network.
"""

from __future__ import annotations

import html
from typing import Dict, List, Set, Tuple

from ._errors import InputTypeError
from ._output import escape_surrogates
from ._types import AttributedDocument

__all__ = ["render"]

_PALETTE = ["#fde2a7", "#c8e6c9", "#bbdefb", "#f8bbd0", "#d1c4e9", "#ffe0b2", "#b2ebf2", "#dcedc8", "#f0f4c3", "#cfd8dc"]
_CSS = """
.qa-doc{font-family:Georgia,serif;line-height:1.7;white-space:pre-wrap;max-width:52em}
.qa-content{border-radius:2px}
.qa-doc [data-attribution]:hover{filter:brightness(.88);cursor:help}
.qa-cue{font-weight:bold;text-decoration:underline;text-decoration-thickness:2px}
.qa-source{outline:2px solid #555;border-radius:2px}
.qa-boiler{color:#999}
.qa-legend span{margin-right:1em;padding:0 .3em}
"""


def render(doc: AttributedDocument) -> str:
    """The document as a self-contained HTML fragment with its attributions highlighted.

    Raises:
        InputTypeError: if ``doc`` is not an :class:`AttributedDocument` (a raw
            text must be attributed first: ``render(quoteattr.attribute(text))``).
    """
    if not isinstance(doc, AttributedDocument):
        raise InputTypeError(f"render() expects an AttributedDocument, got {type(doc).__name__}; "
                             "attribute the text first: render(quoteattr.attribute(text))")
    text = doc.text
    colours: Dict[str, str] = {}
    marks: List[Tuple[int, int, str, int]] = []  # start, end, role, attribution index
    for k, a in enumerate(doc.attributions):
        ent = a.source.entity if a.source else "?"
        colours.setdefault(ent, _PALETTE[len(colours) % len(_PALETTE)])
        for c in a.content:
            marks.append((c.start, c.end, "content", k))
        for c in a.cue:
            marks.append((c.start, c.end, "cue", k))
        if a.source:
            marks.append((a.source.span.start, a.source.span.end, "source", k))
    for b in doc.boilerplate:
        marks.append((b.start, b.end, "boiler", -1))
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    # sweep: which marks cover each piece
    starts: Dict[int, List[int]] = {}
    for n, m in enumerate(marks):
        starts.setdefault(m[0], []).append(n)
    active: Set[int] = set()
    out = [f'<div class="qa-doc"><style>{_CSS}</style>']
    for a, b in zip(cuts, cuts[1:]):
        active |= set(starts.get(a, ()))
        active = {n for n in active if marks[n][1] > a}
        piece = _html(text[a:b])
        if not active:
            out.append(piece)
            continue
        roles = {marks[n][2] for n in active}
        # the innermost attribution (latest start) decides the colour and title
        inner = max((n for n in active if marks[n][3] >= 0), key=lambda n: (marks[n][0], -marks[n][1]), default=None)
        classes = " ".join(f"qa-{r}" for r in sorted(roles))
        attrs = f'class="{classes}"'
        # which attributions the piece belongs to, per role (nested quotes: several)
        for role in ("content", "cue", "source"):
            ks = sorted({marks[n][3] for n in active if marks[n][2] == role})
            if ks:
                attrs += f' data-{role}="{" ".join(map(str, ks))}"'
        if inner is not None:
            att = doc.attributions[marks[inner][3]]
            ent = att.source.entity if att.source else "?"
            chain = " → ".join(att.chain) or "?"
            title = f"{att.kind}: {chain}"
            style = f"background:{colours[ent]}" if "content" in roles else ""
            attrs += f' data-attribution="{marks[inner][3]}" title="{_html(title)}"'
            if style:
                attrs += f' style="{style}"'
        out.append(f"<span {attrs}>{piece}</span>")
    legend = "".join(f'<span style="background:{c}">{_html(e)}</span>' for e, c in colours.items())
    out.append(f'</div><div class="qa-legend">{legend}</div>')
    return "".join(out)


def _html(s: str) -> str:
    """HTML-escaped, lone surrogates as ``\\udXXX`` (a page must be valid UTF-8)."""
    return html.escape(escape_surrogates(s), quote=True)
