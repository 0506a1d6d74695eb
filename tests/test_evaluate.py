"""The evaluation against PolNeAR: brat reading, span normalisation, scoring and
the projection of our nested chains onto PolNeAR's univocal attributions.

Fixtures are written here by hand in brat standoff (brat.nlplab.org/standoff.html),
in the layout of PolNeAR (Newell, Margolin & Ruths, LREC 2018): ``text/<article>.txt``
and ``attributions/<article>_<annotator>.ann``.
"""

from pathlib import Path

import pytest

import quoteattr
from quoteattr._brat import BratAttribution, read_ann, write_ann
from quoteattr._evaluate import cofenet_spans, error_classes, polnear_corpus, project_to_polnear, score_polnear, trim_span
from quoteattr._readers import iter_conllu_documents
from quoteattr._types import Span

PATTERNS = dict(iter_conllu_documents(Path(__file__).parent / "fixtures" / "patterns.conllu"))

TEXT = "The minister said that the talks failed. Reuters reported it, “and it is final.”"
ANN = (
    "T1\tSource 0 12\tThe minister\n"
    "T2\tCue 13 17\tsaid\n"
    "T3\tContent 18 39\tthat the talks failed\n"
    "T4\tAttribution 13 17\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tSource 41 48\tReuters\n"
    "T6\tCue 49 57\treported\n"
    "T7\tContent 58 60;62 80\tit “and it is final.”\n"
    "E2\tAttribution:T4 Content:T7 Cue:T6 Source:T5\n"
)


def texts(spans):
    return [s.text for s in spans]


def test_read_ann_events_and_discontinuous_spans():
    got = read_ann(ANN, TEXT)
    assert [(texts(g.source), texts(g.cue), texts(g.content)) for g in got] == [
        (["The minister"], ["said"], ["that the talks failed"]),
        (["Reuters"], ["reported"], ["it", "“and it is final.”"]),
    ]


@pytest.mark.parametrize(
    "bad, message",
    [
        ("T1\tSource 0 999\tx\n", "outside the text"),
        ("T1\tSource zero 3\tx\n", "bad offsets"),
        ("T1\tSource 0 3\tThe\nE1\tAttribution:T1 Source:T9\n", "unknown span T9"),
    ],
)
def test_read_ann_errors_name_the_line(bad, message):
    with pytest.raises(quoteattr.QuoteAttrError, match=message) as info:
        read_ann(bad, TEXT, "gold.ann")
    assert isinstance(info.value, ValueError)
    assert "gold.ann:" in str(info.value)


def test_brat_round_trip_of_our_own_output():
    doc = quoteattr.attribute_document(PATTERNS["indirect_that"])
    back = read_ann(write_ann(doc), doc.text)
    assert [(texts(b.source), texts(b.cue), texts(b.content)) for b in back] == [
        ([a.source.text], texts(a.cue), texts(a.content)) for a in doc.attributions
    ]


@pytest.mark.parametrize(
    "span, expected",
    [
        ("“We will win,”", "We will win"),
        ("that the talks failed.", "the talks failed"),
        ("  that, the talks failed ", "the talks failed"),  # "that," too
        ("thatcher resigned", "thatcher resigned"),  # a word, not the complementizer
    ],
)
def test_trim_span_is_the_cofenet_normalisation(span, expected):
    a, b = trim_span(span, 0, len(span))
    assert span[a:b] == expected


def _brat(text, source, cue, content):
    def spans(*parts):
        out = []
        for p in parts:
            if p:
                k = text.index(p)
                out.append(Span.of(text, k, k + len(p)))
        return tuple(out)

    return BratAttribution(spans(source), spans(cue), spans(content))


def test_score_exact_and_overlap():
    text = "The minister said that the talks failed."
    gold = [_brat(text, "The minister", "said", "that the talks failed")]
    exact = [_brat(text, "The minister", "said", "the talks failed.")]  # equal after trimming
    partial = [_brat(text, "minister", "said", "talks failed")]
    r = score_polnear([("a", text, gold, exact)])
    assert {k: v["F1"] for k, v in r["exact"].items()} == {"source": 100.0, "cue": 100.0, "content": 100.0}
    assert r["attribution"]["F1"] == 100.0
    r = score_polnear([("a", text, gold, partial)])
    assert r["exact"]["source"]["F1"] == 0.0 and r["exact"]["cue"]["F1"] == 100.0
    assert 0.0 < r["overlap"]["source"]["F1"] < 100.0 and 0.0 < r["overlap"]["content"]["F1"] < 100.0
    classes = {c["class"] for c in error_classes([("a", text, gold, partial)])}
    assert classes == {"source: boundary", "content: too short"}


def _parts(text, *parts):
    out = []
    for p in parts:
        k = text.index(p)
        out.append(Span.of(text, k, k + len(p)))
    return tuple(out)


def test_cofenet_protocol_scores_each_part_of_a_discontinuous_span():
    # CofeNet's PolNeAR data labels the second part of "the target | to reach" B-content again
    text = "It is the emissions target it pledged to reach, the minister said."
    gold = [BratAttribution(_parts(text, "it"), _parts(text, "pledged"), _parts(text, "the emissions target", "to reach"))]
    pred = [BratAttribution(_parts(text, "it"), _parts(text, "pledged"), _parts(text, "the emissions target it", "to reach"))]
    r = score_polnear([("a", text, gold, pred)])
    assert r["exact"]["content"]["F1"] == 0.0  # whole spans: one part is wrong, so the span is
    c = r["cofenet"]["content"]
    assert (c["gold"], c["predicted"], c["P"], c["R"]) == (2, 2, 50.0, 50.0)  # "to reach" is right on its own


def test_cofenet_protocol_marks_a_shared_source_once_and_cuts_at_line_breaks():
    text = "The minister said the talks failed and added that nothing was agreed.\n\nTalks go on."
    src = _parts(text, "The minister")
    gold = [BratAttribution(src, _parts(text, "said"), _parts(text, "the talks failed")),
            BratAttribution(src, _parts(text, "added"), (Span.of(text, text.index("that"), len(text)),))]
    pieces = sorted(cofenet_spans(text, gold[1].content))  # one per paragraph, each trimmed
    assert [text[a:b] for a, b in pieces] == ["nothing was agreed", "Talks go on"]
    assert [text[a:b] for a, b in cofenet_spans(text, gold[0].source)] == ["The minister"]
    pred = [BratAttribution(src, _parts(text, "said"), _parts(text, "the talks failed"))]
    r = score_polnear([("a", text, gold, pred)])
    assert r["exact"]["source"]["R"] == 50.0  # two gold source spans, one found
    assert r["cofenet"]["source"] == {"P": 100.0, "R": 100.0, "F1": 100.0, "gold": 1, "predicted": 1}
    assert r["cofenet"]["content"]["R"] == round(100 / 3, 1)


def test_cofenet_protocol_counts_a_cue_of_punctuation_alone():
    # PolNeAR marks the colon of a headline "Name: words" as the cue; trimming leaves nothing,
    # but CofeNet's labels still make it a span, missed unless predicted
    text = "Graham: Trump is wrong.\n\nThe senator spoke on Monday."
    colon = Span.of(text, 6, 7)
    gold = [BratAttribution(_parts(text, "Graham"), (colon,), _parts(text, "Trump is wrong"))]
    assert cofenet_spans(text, (colon,)) == {(6, 7)}
    r = score_polnear([("a", text, gold, [])])
    assert r["cofenet"]["cue"]["gold"] == 1 and r["cofenet"]["cue"]["R"] == 0.0
    r = score_polnear([("a", text, gold, gold)])
    assert r["cofenet"]["cue"]["F1"] == 100.0


def test_score_counts_misses_and_spurious_predictions():
    text = "The minister said that the talks failed. Aides denied it."
    gold = [_brat(text, "The minister", "said", "that the talks failed"), _brat(text, "Aides", "denied", "it")]
    pred = [_brat(text, "The minister", "said", "that the talks failed"), _brat(text, "The minister", "failed", "talks")]
    r = score_polnear([("a", text, gold, pred)])
    assert r["exact"]["cue"]["P"] == 50.0 and r["exact"]["cue"]["R"] == 50.0
    assert {c["class"] for c in error_classes([("a", text, gold, pred)])} >= {"spurious attribution", "missed attribution (other cue)"}


def test_projection_keeps_top_level_and_credits_a_reporting_relay():
    # "… AFP quoted the ministry as saying": AFP reports, so PolNeAR's source is AFP
    doc = quoteattr.attribute_document(PATTERNS["relay_quoted_as_saying"])
    (p,) = project_to_polnear(doc)
    assert texts(p.source) == ["AFP"]
    (p,) = project_to_polnear(doc, relay_credit="source")
    assert texts(p.source) == ["the ministry"]


def test_projection_passes_over_an_addressee():
    # "The minister told Reuters …": Reuters heard it, the minister is the source
    doc = quoteattr.attribute_document(PATTERNS["told_outlet"])
    assert [r.source.entity for r in doc.attributions[0].relayed_by] == ["Reuters"]
    (p,) = project_to_polnear(doc)
    assert texts(p.source) == ["The minister"]


def test_polnear_corpus_uses_the_first_annotator(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "art1.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "text" / "unannotated.txt").write_text("No annotation.", encoding="utf-8")
    (tmp_path / "attributions" / "art1_b222.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "attributions" / "art1_a111.ann").write_text(ANN.split("T5")[0], encoding="utf-8")
    items = list(polnear_corpus(tmp_path))
    assert [(name, len(gold)) for name, _, gold in items] == [("art1", 1)]


def test_polnear_corpus_wrong_folder_is_a_clear_error(tmp_path):
    with pytest.raises(quoteattr.QuoteAttrError, match="text/ and attributions/"):
        list(polnear_corpus(tmp_path))


def test_projection_leaves_out_an_attribution_inside_a_quotation():
    # "“I think it is real,” a voter said.": the "I think" frame is the voter's speech,
    # nested in PolNeAR even when the quote's own attribution was not found
    from quoteattr._marks import scan
    from quoteattr._types import Attribution, AttributedDocument, Source

    text = "“I think it is real,” a voter said. Officials think it is fake."
    at = lambda s: Span.of(text, text.index(s), text.index(s) + len(s))  # noqa: E731
    inner = Attribution("indirect", (at("it is real"),), (at("think"),), Source(at("I"), "I", "person", at("I"), None))
    second_think = Span.of(text, text.rindex("think"), text.rindex("think") + len("think"))
    outer = Attribution("indirect", (at("it is fake"),), (second_think,), Source(at("Officials"), "Officials", "person", at("Officials"), None))
    doc = AttributedDocument(text=text, sentences=(), quotes=scan(text).quotes, attributions=(inner, outer), unmatched=())
    (p,) = project_to_polnear(doc)
    assert texts(p.source) == ["Officials"]
