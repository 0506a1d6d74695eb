"""Stand-ins for the hostile-input tests (rounds 4, 5, 8 and 9): a document attributed as a
pipeline would, a pipeline with no model, the real pipeline parsing by white space, and
the one-line CLI error they expect."""

from __future__ import annotations

from quoteattr import AttributedDocument, Attribution, Document, Pipeline, Source, Span, scan


def _doc(text: str, **meta) -> AttributedDocument:
    """``text`` with its quotes, the first attributed to "he" (as a pipeline would)."""
    r = scan(text)
    k = text.find("he ")
    atts = ()
    if r.quotes and k >= 0:
        atts = (Attribution("direct", (r.quotes[0].content,), source=Source(Span.of(text, k, k + 2), "he", "person")),)
    return AttributedDocument(text=text, quotes=r.quotes, unmatched=r.unmatched, attributions=atts, metadata=meta)


class FakePipeline:
    """Stands in for Pipeline in the CLI and the evaluator: no model."""

    def __init__(self, *a, **k):
        pass

    def __call__(self, text, **meta):
        return _doc(text, **meta)

    def pipe(self, records, batch_size=16, text_field="text", n_process=1):
        for r in records:
            yield _doc(r[text_field], **{k: v for k, v in r.items() if k != text_field})

    def parse_many(self, texts):
        return [Document(t, ()) for t in texts]

    def _finish(self, doc, meta):
        return _doc(doc.text, **meta)


def _error_line(err: str) -> str:
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("quoteattr: error: "), err
    assert "internal error" not in lines[0] and "Traceback" not in err
    return lines[0]


class StubPipeline(Pipeline):
    """The real Pipeline (its metadata, its records), parsing by white space: no model loads."""

    def __init__(self, *a, **k):
        super().__init__(model="compact", use_cue_model=False, learned_spans=False)

    def parse_many(self, texts):
        from test_hostile_round6 import _parse

        return [_parse(t) for t in texts]
