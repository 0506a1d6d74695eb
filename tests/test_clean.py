"""clean_for_parser: a same-length, parser-safe copy of the text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quoteattr._pipeline import clean_for_parser


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("plain text.", "plain text.", id="unchanged"),
        pytest.param("", "", id="empty"),
        pytest.param("a\r\nb", "a \nb", id="crlf"),
        pytest.param("a\rb", "a\nb", id="lone-cr"),
        pytest.param("a\r\r\nb", "a\n \nb", id="cr-then-crlf"),
        pytest.param("a\n\nb\tc", "a\n\nb\tc", id="newline-and-tab-kept"),
        pytest.param("a\x00b", "a b", id="nul"),
        pytest.param("\x01\x02\x07\x08", "    ", id="c0-controls"),
        pytest.param("a\x0bb\x0cc", "a b c", id="vt-ff"),
        pytest.param("a\x1bb\x1fc\x7fd", "a b c d", id="esc-us-del"),
        pytest.param("\ufeffHello", " Hello", id="bom"),
        pytest.param("a\ufeffb", "a b", id="bom-inside"),
        pytest.param("a\ud800b", "a b", id="lone-high-surrogate"),
        pytest.param("a\udfffb", "a b", id="lone-low-surrogate"),
        pytest.param("a\u2028b\u2029c", "a b c", id="line-paragraph-separators"),
        pytest.param("the\u200b minister\u2060said \u202bx\u202c\u2066y\u2069", "the  minister said  x  y ", id="invisible-format"),
        pytest.param("\u0646\u0645\u200c\u06cc \U0001f469\u200d\U0001f4bb", "\u0646\u0645\u200c\u06cc \U0001f469\u200d\U0001f4bb", id="zwnj-zwj-kept"),
        pytest.param("“Ça va?” — 日本語 😀", "“Ça va?” — 日本語 😀", id="unicode-kept"),
    ],
)
def test_clean_for_parser(text, expected):
    out = clean_for_parser(text)
    assert out == expected
    assert len(out) == len(text)


def test_result_is_encodable():
    text = "a\ud800b\udc00c\x00d"
    clean_for_parser(text).encode("utf-8")  # lone surrogates are gone


def test_c1_control_characters_are_replaced():
    # control characters (Unicode category Cc) other than \t and \n, C1 included
    text = "a\x85b\x92c\x9fd"
    out = clean_for_parser(text)
    assert len(out) == len(text)
    assert not any(unicodedata.category(c) == "Cc" and c not in "\t\n" for c in out)


_INVISIBLE = "\u200b\u2060\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _is_unsafe(c: str) -> bool:
    return c in "\r\ufeff\u2028\u2029" + _INVISIBLE or unicodedata.category(c) == "Cs" or (
        unicodedata.category(c) == "Cc" and c not in "\t\n"
    )


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_property_length_preserved(text):
    assert len(clean_for_parser(text)) == len(text)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.characters(),
            st.sampled_from(["\r", "\n", "\r\n", "\x00", "\ufeff", "\ud800", "\udfff", "\x0b", "\u2028", "\u200b", "\u202e", "\u200d"]),
        ),
        max_size=400,  # (a run of over 500 characters without white space is broken: below)
    ).map("".join)
)
def test_property_safe_and_offset_preserving(text):
    out = clean_for_parser(text)
    assert len(out) == len(text)
    out.encode("utf-8")
    for i, (a, b) in enumerate(zip(text, out)):
        if _is_unsafe(a):
            assert b in " \n", (i, a, b)
        else:
            assert a == b, (i, a, b)  # everything else is untouched
    assert not any(_is_unsafe(c) for c in out)


def test_idempotent():
    text = "a\r\nb\rc\x00\ufeff\ud800"
    once = clean_for_parser(text)
    assert clean_for_parser(once) == once


def test_a_long_run_without_white_space_is_broken_every_500_characters():
    # stanza's tokenizer matches URL and e-mail patterns in time quadratic in the length
    # of such a run (a base64 image in scraped HTML took minutes)
    text = "see " + "A" * 1203 + " here"
    out = clean_for_parser(text)
    assert len(out) == len(text)
    runs = out.split()
    assert runs[0] == "see" and runs[-1] == "here"
    assert [len(r) for r in runs[1:-1]] == [499, 499, 203]
    assert clean_for_parser("x" * 500) == "x" * 500  # 500 is no run to break


def test_a_long_url_inside_a_sentence_keeps_every_offset():
    url = "https://example.com/" + "a" * 900
    text = f"The minister said “talks failed” at {url} today."
    out = clean_for_parser(text)
    assert len(out) == len(text)
    assert out[:60] == text[:60] and out.endswith(" today.")
