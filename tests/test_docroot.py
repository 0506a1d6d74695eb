"""Datelines, wire credits and boilerplate lines (quoteattr._docroot)."""

from __future__ import annotations

import pytest

from quoteattr._docroot import find_boilerplate, find_dateline
from quoteattr._lexicon import load_lexicon


@pytest.fixture(scope="module")
def lex():
    return load_lexicon("en")


# ------------------------------------------------------------------ datelines

DATELINE_CASES = [
    pytest.param(
        "MOSCOW, April 5 (Reuters) - Russia said on Monday it would respond.",
        "MOSCOW, April 5 (Reuters) - ",
        {"wire": "Reuters", "place": "MOSCOW", "date": "April 5"},
        id="place-date-reuters",
    ),
    pytest.param(
        "WASHINGTON, Jan. 3, 2024 (AP) — The president said the talks failed.",
        "WASHINGTON, Jan. 3, 2024 (AP) — ",
        {"wire": "AP", "place": "WASHINGTON", "date": "Jan. 3, 2024"},
        id="place-date-year-ap",
    ),
    pytest.param(
        "NEW DELHI, May 4 (IANS) Congress leader Rahul Gandhi said the plan had failed.",
        "NEW DELHI, May 4 (IANS) ",
        {"wire": "IANS", "place": "NEW DELHI", "date": "May 4"},
        id="place-date-ians-no-dash",
    ),
    pytest.param(
        "MOSCOW (Reuters) - Russia said on Monday it would respond.",
        "MOSCOW (Reuters) - ",
        {"wire": "Reuters", "place": "MOSCOW"},
        id="place-reuters-hyphen",
    ),
    pytest.param(
        "KYIV (AFP) — Ukraine said on Monday the talks failed.",
        "KYIV (AFP) — ",
        {"wire": "AFP", "place": "KYIV"},
        id="place-afp-em-dash",
    ),
    pytest.param(
        "(AFP) — The talks failed.",
        "(AFP) — ",
        {"wire": "AFP"},
        id="afp-no-place",
    ),
    pytest.param(
        "WASHINGTON (AP) – Officials met on Monday.",
        "WASHINGTON (AP) – ",
        {"wire": "AP", "place": "WASHINGTON"},
        id="ap-en-dash",
    ),
    pytest.param(
        "The talks failed, officials said. — AFP",
        "— AFP",
        {"wire": "AFP"},
        id="trailing-afp",
    ),
    pytest.param(
        "The talks failed, officials said.\n\n- Reuters",
        "- Reuters",
        {"wire": "Reuters"},
        id="trailing-reuters-own-line",
    ),
    pytest.param(
        "2022-03-01 Moscow: The talks failed.",
        "2022-03-01 Moscow: ",
        {"place": "Moscow", "date": "2022-03-01"},
        id="iso-date-place",
    ),
]


@pytest.mark.parametrize("text, span_text, info", DATELINE_CASES)
def test_find_dateline(lex, text, span_text, info):
    span, got = find_dateline(text, lex)
    assert span is not None
    assert span.text == span_text
    assert text[span.start:span.end] == span.text
    assert got == info


def test_dateline_after_leading_whitespace(lex):
    text = "\n  MOSCOW (Reuters) - Russia said."
    span, info = find_dateline(text, lex)
    assert span.text == "MOSCOW (Reuters) - "
    assert span.start == 3
    assert info["wire"] == "Reuters"


def test_dateline_under_a_headline(lex):
    # a headline line above the dateline: the credit opening the body is the dateline
    text = "Kenya will not default, minister says\n\nNAIROBI, Feb 3 (Reuters) - Kenya will pay."
    span, info = find_dateline(text, lex)
    assert span.text == "NAIROBI, Feb 3 (Reuters) - " and text[span.start:span.end] == span.text
    assert info == {"wire": "Reuters", "place": "NAIROBI", "date": "Feb 3"}
    # only the strict credit with a known wire counts there, and only under a short line
    assert find_dateline("A headline\n\nThe talks (officials said) - failed.", lex)[0] is None
    assert find_dateline("x" * 250 + "\nMOSCOW (Reuters) - Russia said.", lex)[0] is None


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The talks failed on Monday, the minister said.", id="plain"),
        pytest.param("Officials in Washington and Moscow said - maybe - it failed.", id="dashes"),
        pytest.param("I think - so", id="short-dash"),
        pytest.param("“We will win,” the minister said.", id="quote"),
        pytest.param("", id="empty"),
        pytest.param("The talks failed (officials said) - and then more.", id="parenthetical-not-wire"),
        pytest.param("The Kremlin (which is in Moscow) Said it was ready.", id="parenthetical-no-dash-not-wire"),
        pytest.param("He thanked his friends - Anna and Boris", id="trailing-names-not-wire"),
    ],
)
def test_no_dateline_in_ordinary_text(lex, text):
    span, info = find_dateline(text, lex)
    assert span is None
    assert info == {}


# ---------------------------------------------------------------- boilerplate

BOILERPLATE_CASES = [
    pytest.param(
        "Talks failed.\nAlso Read - Russia Will Respond\nNext line.",
        ["Also Read - Russia Will Respond"],
        id="also-read-line-start",
    ),
    pytest.param(
        "Also Read - Russia Will Respond",
        ["Also Read - Russia Will Respond"],
        id="also-read-text-start",
    ),
    pytest.param(
        "The talks failed, said AFP.Also Read - Russia Will Respond\nNext paragraph.",
        ["Also Read - Russia Will Respond"],
        id="also-read-glued-after-sentence",
    ),
    pytest.param(
        "The talks failed. Also Read: Russia Will Respond",
        ["Also Read: Russia Will Respond"],
        id="also-read-after-sentence-space",
    ),
    pytest.param(
        "Text here.\n\nRead more: the full story at our site\nMore text.",
        ["Read more: the full story at our site"],
        id="read-more",
    ),
    pytest.param(
        "Follow us on Twitter and Facebook",
        ["Follow us on Twitter and Facebook"],
        id="follow-us",
    ),
    pytest.param(
        "He spoke.\nFollow us on Twitter\nAlso Read - Other News",
        ["Follow us on Twitter", "Also Read - Other News"],
        id="two-lines",
    ),
    pytest.param(
        "Talks failed.\r\nRead more: x\r\nNext.",
        ["Read more: x"],
        id="crlf-line-end",
    ),
]


@pytest.mark.parametrize("text, expected", BOILERPLATE_CASES)
def test_find_boilerplate(lex, text, expected):
    spans = find_boilerplate(text, lex)
    assert [s.text for s in spans] == expected
    for s in spans:
        assert text[s.start:s.end] == s.text
        # runs to the end of its line
        assert s.end == len(text) or text[s.end] in "\r\n"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("He told me to read more: books are good.", id="read-more-mid-sentence"),
        pytest.param("She said we should also read - carefully - the report.", id="also-read-mid-sentence"),
        pytest.param("Fans who follow us on Twitter know it.", id="follow-us-mid-sentence"),
        pytest.param("The minister said the talks failed.", id="plain"),
        pytest.param("", id="empty"),
    ],
)
def test_no_boilerplate_mid_sentence(lex, text):
    assert find_boilerplate(text, lex) == ()


def test_boilerplate_spans_do_not_overlap(lex):
    text = "Also Read - Read more: Follow us on Twitter\nBody."
    spans = find_boilerplate(text, lex)
    assert [s.text for s in spans] == ["Also Read - Read more: Follow us on Twitter"]


def test_boilerplate_on_a_one_line_text_stays_short():
    from quoteattr._docroot import find_boilerplate
    from quoteattr._lexicon import load_lexicon

    text = "He said so. Also Read - Putin Visits Minsk " + "The minister said the talks failed. " * 50
    (b,) = find_boilerplate(text, load_lexicon("en"))
    assert b.text.startswith("Also Read") and len(b.text) <= 300
    assert b.end < len(text) - 1000
