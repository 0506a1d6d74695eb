"""HTML rendering: self-contained, every attribution's spans marked, chain on hover."""

import html
import re
from pathlib import Path

import quoteattr
from quoteattr._readers import iter_conllu_documents

DOCS = dict(iter_conllu_documents(Path(__file__).parent / "fixtures" / "documents.conllu"))


def test_render_marks_roles_and_chains():
    doc = quoteattr.attribute_document(DOCS["paragraph_relay"], learned_spans=False)
    out = quoteattr.render(doc)
    assert out == doc._repr_html_()
    assert "<script" not in out and "http" not in out  # self-contained
    # the visible text is the document's text
    visible = html.unescape(re.sub(r"<style>.*?</style>|<[^>]+>", "", out, flags=re.S))
    assert visible.startswith(doc.text)
    assert 'class="qa-cue' in out and "qa-source" in out and "qa-content" in out
    assert 'title="indirect: AFP → ministry → Zelensky"' in out
    assert {int(x) for x in re.findall(r'data-attribution="(\d+)"', out)} == set(range(len(doc.attributions)))


def test_render_escapes_text():
    doc = quoteattr.attribute_document(quoteattr.Document("<b>&</b>", ()))
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in quoteattr.render(doc)
