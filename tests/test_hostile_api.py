"""Hostile arguments at the public API (fuzz report s19, bugs 7, 8, 10, 11, 13).

No parsing model is loaded: ``Pipeline`` loads its model lazily, and every
check here fires before that.
"""

from __future__ import annotations

import pytest

import quoteattr
from quoteattr import Document, InputTypeError, OptionError, QuoteAttrError, scan
from quoteattr._lexicon import available_languages, load_lexicon
from quoteattr._marks import QUOTE_CHARS


@pytest.fixture(scope="module")
def pipe():
    """A pipeline that never loads its model in these tests."""
    return quoteattr.Pipeline(model="compact")


def attributed(text: str) -> quoteattr.AttributedDocument:
    """An AttributedDocument of ``text`` without a parser (no sentences)."""
    return quoteattr.attribute_document(Document(text, ()), use_cue_model=False, learned_spans=False)


# ------------------------------------------------------- bug 7: pipe / parse_many


@pytest.mark.parametrize("texts", ["He said hi.", b"He said hi.", bytearray(b"x")])
def test_pipe_rejects_one_text(pipe, texts):
    # raised at the call, not at the first next(): no document per character
    with pytest.raises(InputTypeError, match=r"for one text call nlp\(text\)"):
        pipe.pipe(texts)


@pytest.mark.parametrize("texts", [None, 3, {"text": "He said hi."}])
def test_pipe_rejects_non_iterables_and_one_record(pipe, texts):
    with pytest.raises(InputTypeError, match="iterable of texts or records"):
        pipe.pipe(texts)


@pytest.mark.parametrize("texts", ["He said.", b"He said.", None])
def test_parse_many_rejects_one_text_or_none(pipe, texts):
    with pytest.raises(InputTypeError, match="iterable of texts or records"):
        pipe.parse_many(texts)


@pytest.mark.parametrize("item", [None, b"x", 5])
def test_parse_many_checks_each_text(pipe, item):
    with pytest.raises(InputTypeError, match=r"texts\[1\] as str"):
        pipe.parse_many(["", item])


@pytest.mark.parametrize("field", ["text_field", "id_field"])
@pytest.mark.parametrize("value, error", [(["text"], InputTypeError), (None, InputTypeError), (1, InputTypeError), ("", OptionError)])
def test_pipe_field_names_must_be_str(pipe, field, value, error):
    with pytest.raises(error, match=field):
        pipe.pipe([{"text": "x"}], **{field: value})


def test_parse_many_keeps_blank_texts_without_parsing(pipe):
    docs = pipe.parse_many(iter(["", "  \n"]))  # any iterable; blank texts need no model
    assert [d.text for d in docs] == ["", "  \n"] and all(not d.sentences for d in docs)


# ----------------------------------------------------------- bug 8: lang codes


@pytest.mark.parametrize("lang", ["", "..", "en/..", "en/../en", "./en", "e\x00n", "xx", "EN "])
def test_lang_must_name_a_lexicon(lang):
    for call in (lambda: load_lexicon(lang), lambda: quoteattr.Pipeline(lang=lang), lambda: quoteattr.attribute_document(Document("x", ()), lang=lang)):
        with pytest.raises(OptionError, match="available: en"):
            call()


@pytest.mark.parametrize("lang", [["en"], None, b"en", 3])
def test_lang_type_is_checked_before_the_cache(lang):
    for call in (lambda: load_lexicon(lang), lambda: quoteattr.attribute_document(Document("x", ()), lang=lang),
                 lambda: quoteattr.attribute("x", lang=lang)):
        with pytest.raises(InputTypeError, match="lang must be a language code"):
            call()


def test_available_languages_and_cached_lexicon():
    assert available_languages() == ["en"]
    assert load_lexicon("en") is load_lexicon("en") and load_lexicon("en").verbs


# ---------------------------------------------------- bug 10: public helpers


@pytest.mark.parametrize("text", [None, b'"x"', 3])
def test_scan_rejects_non_str(text):
    with pytest.raises(InputTypeError, match="scan"):
        scan(text)


@pytest.mark.parametrize("doc", ["text", None, {"text": "x"}])
def test_render_rejects_non_documents(doc):
    with pytest.raises(InputTypeError, match="AttributedDocument"):
        quoteattr.render(doc)


@pytest.mark.parametrize("docs", [None, "text", 3, ["text"]])
def test_to_dataframe_rejects_non_documents(docs):
    pytest.importorskip("pandas")
    with pytest.raises(InputTypeError, match="AttributedDocument"):
        quoteattr.to_dataframe(docs)


def test_render_and_dataframe_still_take_documents():
    pytest.importorskip("pandas")
    doc = attributed("“We will win,” the minister said.")
    assert "qa-doc" in quoteattr.render(doc)
    assert list(quoteattr.to_dataframe(doc).columns) == list(quoteattr.to_dataframe([doc]).columns)


# ------------------------------------------------------ bug 11: strict options


@pytest.mark.parametrize("option", ["learned_spans", "download", "use_cue_model", "fallbacks"])
@pytest.mark.parametrize("value", ["no", "yes", 0, 1, None])
def test_flags_must_be_bools(option, value):
    with pytest.raises(OptionError, match=f"{option} must be True or False"):
        quoteattr.Pipeline(model="compact", **{option: value})


@pytest.mark.parametrize("option", ["learned_spans", "use_cue_model", "fallbacks"])
def test_attribute_flags_checked_before_the_cache(option):
    # bool("no") is True: coercing would reuse the cached pipeline of option=True
    for call in (lambda: quoteattr.attribute("x", **{option: "no"}), lambda: quoteattr.attribute_document(Document("x", ()), **{option: "no"})):
        with pytest.raises(OptionError, match=option):
            call()


@pytest.mark.parametrize("option", ["batch_size", "n_process"])
@pytest.mark.parametrize("value", [True, False, 0, "2", 2.0])
def test_counts_reject_bools(pipe, option, value):
    with pytest.raises(OptionError, match=f"{option} must be a positive integer"):
        pipe.pipe(["x"], **{option: value})


def test_real_bools_are_accepted():
    p = quoteattr.Pipeline(model="compact", download=False, learned_spans=False, use_cue_model=True, fallbacks=True)
    assert (p.download, p.learned_spans, p.use_cue_model, p.fallbacks) == (False, False, True, True)


# ------------------------------------------------ bug 13: PTB/LaTeX quotes


def quotes_of(result):
    return [(q.content.text, "".join(m.char for m in q.marks)) for q in result.quotes]


def accounted(text, result):
    """Every quotation-mark character is owned exactly once (quote, unmatched, apostrophe)."""
    owned = [m.offset + j for q in result.quotes for m in q.marks for j in range(len(m.char))]
    owned += [m.offset + j for m in result.unmatched for j in range(len(m.char))]
    owned += list(result.apostrophes)
    return sorted(owned) == [i for i, ch in enumerate(text) if ch in QUOTE_CHARS]


@pytest.mark.parametrize("text, quotes", [
    ("``We will win,'' the minister said. `Ok,' he said.", [("We will win,", "``''"), ("Ok,", "`'")]),
    ("`` We will win , '' the minister said .", [(" We will win , ", "``''")]),  # PTB tokens
    ("``We will win,\u201d he said.", [("We will win,", "``\u201d")]),
    ("`Ok,\u2019 he said.", [("Ok,", "`\u2019")]),
    ("``It is `fine' now,'' she said.", [("It is `fine' now,", "``''"), ("fine", "`'")]),
    ("`They're the students' friends,' he said.", [("They're the students' friends,", "`'")]),
])
def test_ptb_quotes(text, quotes):
    r = scan(text)
    assert quotes_of(r) == quotes and not r.unmatched
    assert accounted(text, r)


@pytest.mark.parametrize("text, apostrophes", [
    ("don`t, it`s, it's", [3, 9, 15]),  # a backtick typed for an apostrophe
    ("in the `90s, the students' toys", [7, 25]),
])
def test_backtick_apostrophes_are_not_marks(text, apostrophes):
    r = scan(text)
    assert not r.quotes and not r.unmatched and list(r.apostrophes) == apostrophes


@pytest.mark.parametrize("text", ["``` code `x` ```", "a `b", "``", "`", "x``y''z", "rock `n' roll"])
def test_stray_backticks_are_reported_never_lost(text):
    r = scan(text)
    assert accounted(text, r) and all(m.role == "open" for m in r.unmatched if "`" in m.char)


def test_ptb_quotes_reach_the_attributed_document():
    text = "``We will win,'' the minister said."
    doc = attributed(text)
    assert [q.content.text for q in doc.quotes] == ["We will win,"] and not doc.unmatched


def test_every_error_here_is_a_quoteattr_error(pipe):
    for call in (lambda: pipe.pipe("x"), lambda: load_lexicon(".."), lambda: scan(None), lambda: quoteattr.render("x")):
        with pytest.raises(QuoteAttrError):
            call()


def test_spacy_component_checks_its_flags_when_added():
    pytest.importorskip("spacy")
    from quoteattr.spacy import QuoteAttrComponent

    with pytest.raises(quoteattr.OptionError, match="learned_spans"):
        QuoteAttrComponent(learned_spans="no")
    with pytest.raises(quoteattr.QuoteAttrError):
        QuoteAttrComponent(lang="")
