"""The notebook view and the corpus browser in a real headless Chromium.

These load the HTML that users see, check the highlighted spans through the DOM, move
the mouse and click like a user, and save screenshots under build/test-artifacts/.
The documents come from the hand-checked parses in fixtures/documents.conllu and from
the seed article parsed by the shipped model.
"""

import json
from pathlib import Path

import pytest

import quoteattr
from quoteattr._readers import iter_conllu_documents

DOCS = dict(iter_conllu_documents(Path(__file__).parent / "fixtures" / "documents.conllu"))

pytestmark = pytest.mark.browser


def _spans(browser, selector):
    return browser.eval(
        f"[...document.querySelectorAll({json.dumps(selector)})].map(e => "
        "({text: e.textContent, title: e.title, classes: e.className, att: e.dataset.attribution}))")


def test_render_in_chromium(browser, seed_doc):
    page = "<!DOCTYPE html><meta charset='utf-8'><title>render</title>" + quoteattr.render(seed_doc)
    browser.set_content(page, "render.html")
    # the visible text is the document's text, character for character
    assert browser.eval("document.querySelector('.qa-doc').innerText.includes('Similar events are now being organised')")
    # every attribution's content, cue and source, read back from the DOM, are its spans' text
    for k, a in enumerate(seed_doc.attributions):
        for role, spans in (("content", a.content), ("cue", a.cue), ("source", (a.source.span,) if a.source else ())):
            got = browser.eval(
                f"[...document.querySelectorAll('[data-{role}]')].filter(e => e.dataset.{role}.split(' ').includes('{k}'))"
                f".filter(e => e.classList.contains('qa-{role}')).map(e => e.textContent).join('')")
            assert got == "".join(s.text for s in spans), (k, role)
    # the seed's key relay: AFP quoted the defence ministry, shown on hover
    afp = [p for p in _spans(browser, ".qa-content") if "Similar events" in p["text"]]
    assert afp and "AFP" in afp[0]["title"] and "→" in afp[0]["title"]
    # hovering: the element under the mouse is the highlighted span, and it carries the chain
    box = browser.eval(
        "(() => { const e = [...document.querySelectorAll('.qa-content')].find(e => e.textContent.includes('Similar events'));"
        " e.scrollIntoView({block: 'center'}); const r = e.getClientRects()[0];"
        " return [r.left + 3, r.top + r.height / 2]; })()")
    browser.hover(*box)
    under = browser.eval(f"(() => {{ const e = document.elementFromPoint({box[0]}, {box[1]}); "
                         "return {title: e.title, hovered: e.matches(':hover'), bg: getComputedStyle(e).backgroundColor}; })()")
    assert "AFP" in under["title"] and under["hovered"]
    assert under["bg"] not in ("rgba(0, 0, 0, 0)", "transparent")  # coloured by speaker
    # one colour per speaker entity: the legend lists each entity once
    legend = browser.eval("[...document.querySelectorAll('.qa-legend span')].map(e => e.textContent)")
    assert len(legend) == len(set(legend)) == len({a.source.entity if a.source else '?' for a in seed_doc.attributions})
    shot = browser.screenshot("render.png")
    assert shot.stat().st_size > 10_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_render_escapes_hostile_text_in_chromium(browser):
    doc = quoteattr.attribute_document(quoteattr.Document('<img src=x onerror="window.pwned=1"> "<script>window.pwned=1</script>"', ()))
    browser.set_content("<!DOCTYPE html><meta charset='utf-8'>" + quoteattr.render(doc), "hostile.html")
    assert browser.eval("window.pwned === undefined && document.querySelector('img') === null")
    assert "<script>" in browser.eval("document.querySelector('.qa-doc').innerText")


@pytest.fixture()
def server():
    docs = [quoteattr.attribute_document(DOCS[name]) for name in ("paragraph_relay", "nested_quote", "misparsed_relay", "outlet_by_pattern")]
    srv = quoteattr.serve(docs, port=0, block=False)
    yield srv, docs
    srv.close()


def test_serve_is_local_and_self_contained(server, browser):
    srv, docs = server
    assert srv.host == "127.0.0.1"
    browser.goto(srv.url, ready="document.body && document.body.dataset.ready === '1'")
    html_text = browser.eval("document.documentElement.outerHTML")
    assert "http://" not in html_text.replace(srv.url, "") and "https://" not in html_text  # no CDN
    n_rows = browser.eval("document.querySelectorAll('tr.row').length")
    assert n_rows == sum(len(d.attributions) for d in docs)


def test_serve_filters_and_follows_chains(server, browser):
    srv, docs = server
    browser.goto(srv.url, ready="document.body && document.body.dataset.ready === '1'")
    rows = [(d, a) for d in docs for a in d.attributions]
    relayed = [(d, a) for d, a in rows if a.relayed_by]
    assert relayed, "the fixtures have relayed attributions"
    outlet = relayed[0][1].relayed_by[0].source.entity
    # follow a chain: clicking the outlet in a row's chain filters the table by that outlet
    browser.click(f'tr.row [data-filter="outlet"][data-value="{outlet}"]')
    browser.wait_for(f"document.getElementById('outlet').value === {json.dumps(outlet)}")
    shown = browser.eval("document.querySelectorAll('tr.row').length")
    assert shown == sum(1 for d, a in rows if outlet in [r.source.entity for r in a.relayed_by])
    assert f"outlet={outlet}" in browser.eval("decodeURIComponent(location.search)")  # shareable URL
    # open the first attribution: its spans are highlighted in the document view
    browser.click("tr.row")
    browser.wait_for("document.querySelectorAll('#view .qa-focus').length > 0")
    chain = browser.eval("document.getElementById('chain').innerText")
    assert outlet in chain
    # filter by speaker through the select, as a user would
    speaker = rows[0][1].source.entity
    browser.eval(f"(() => {{ const s = document.getElementById('speaker'); s.value = {json.dumps(speaker)};"
                 " s.dispatchEvent(new Event('change')); })()")
    shown = browser.eval("[...document.querySelectorAll('tr.row td:nth-child(2)')].map(td => td.innerText)")
    assert shown and all(speaker in c for c in shown)
    assert len(shown) == sum(1 for d, a in rows if a.source and a.source.entity == speaker)
    browser.screenshot("serve.png")
    # a bookmarked URL restores the filter and the open attribution
    browser.goto(srv.url + f"?outlet={outlet}&doc=0&att=0", ready="document.body && document.body.dataset.ready === '1'")
    assert browser.eval("document.getElementById('outlet').value") == outlet
    assert browser.eval("document.getElementById('chain') !== null")
    assert browser.console == []


def test_serve_api(server):
    import urllib.request

    srv, docs = server
    data = json.load(urllib.request.urlopen(srv.url + "api/attributions"))
    assert [d["attributions"] for d in data["documents"]] == [len(d.attributions) for d in docs]
    row = data["rows"][0]
    a = docs[0].attributions[0]
    assert row["chain"] == list(a.chain) and row["speaker"] == (a.source.entity if a.source else "")
    one = json.load(urllib.request.urlopen(srv.url + "api/doc/1"))
    assert one["n"] == 1 and 'class="qa-doc"' in one["html"]
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(srv.url + "api/doc/99")
    assert e.value.code == 404


def test_serve_rejects_non_documents():
    with pytest.raises(quoteattr.InputError, match="AttributedDocument"):
        quoteattr.serve(["just text"], port=0, block=False)


def test_serve_port_in_use():
    with quoteattr.serve([], port=0, block=False) as srv:
        with pytest.raises(quoteattr.OptionError, match="port"):
            quoteattr.serve([], port=srv.port, block=False)
