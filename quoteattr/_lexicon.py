"""Lexicons as data: cue verbs, nouns, multi-word cues, outlets, boilerplate.

Each language has a folder ``quoteattr/lexicons/<lang>/`` of small TSV/TXT files
(``#`` starts a comment). They are read lazily, once per language, so importing
quoteattr reads nothing.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Tuple

import attrs
import regex

from ._errors import InputTypeError, OptionError

__all__ = ["Lexicon", "load_lexicon", "check_lang", "available_languages", "LEXICON_DIR"]

LEXICON_DIR = Path(__file__).parent / "lexicons"


@attrs.frozen
class Lexicon:
    """All word lists of one language.

    Attributes:
        verbs: lemma → (class, strength) of cue verbs.
        nouns: lemma → (class, strength) of cue nouns.
        multiword: lower-cased token tuple → (class, strength).
        outlets: lower-cased name → canonical outlet name.
        outlet_words: head nouns that make a mention an outlet.
        org_words: head nouns that make a mention an organization.
        boilerplate: compiled pattern matching boilerplate line starts.
        pronouns: pronoun → (type, gender).
        cue_modifiers: words that join the cue when next to it ("said *Tuesday*",
            "said in a *statement*"), by kind (``cue_modifiers.tsv``).
        learned: verb lemma → cue rate in PolNeAR train (``polnear_verbs.tsv``),
            for verbs not classified by hand.
        verb_prepositions: cue lemma → the preposition that introduces its content
            ("referring *to* X", ``verb_prepositions.tsv``).
        survey_nouns: nouns whose "in" phrase credits a finding ("in a CNN *poll*, …").
        reason_nouns: nouns that name a reason, not a speaker ("citing safety
            *concerns*": no relay, ``reason_nouns.txt``).
        headline_kickers: lower-cased headline openers that are never a speaker
            ("Breaking:", "The Latest:", ``headline_kickers.txt``).
        abbreviations: abbreviation → what must follow it for a sentence split
            after it to be undone ("name" or "number", ``abbreviations.tsv``).
        mastheads: lower-cased words that end a newspaper's name ("the Sudan
            *Tribune*", ``mastheads.txt``).
        gender: honorifics and role nouns that tell a person's gender ("ms." →
            "f"), for pronoun agreement (``gender.tsv``).
        split_tokens: lower-cased tokens that may be split into several words
            without an apostrophe ("cannot", ``split_tokens.txt``); None where a
            language has no list (every split of the tokenizer is kept).
        relay_frames: word → its kinds, "event" (a noun naming the speech, "in
            *comments* …") and/or "carry" (its relaying, "… *carried* by TASS"),
            ``relay_frames.tsv``.
        portfolios: lower-cased words naming an office's portfolio after "of"
            ("Secretary of *State* John Kerry"), never part of the holder's name
            (``portfolios.txt``).
    """

    lang: str
    verbs: Dict[str, Tuple[str, float]]
    nouns: Dict[str, Tuple[str, float]]
    multiword: Dict[Tuple[str, ...], Tuple[str, float]]
    outlets: Dict[str, str]
    outlet_words: FrozenSet[str]
    org_words: FrozenSet[str]
    boilerplate: "regex.Pattern"
    pronouns: Dict[str, Tuple[str, str]]
    titles: FrozenSet[str]
    places: FrozenSet[str]
    learned: Dict[str, float] = attrs.field(factory=dict)

    max_outlet_len: int = 1  # words in the longest outlet name
    cue_modifiers: Dict[str, str] = attrs.field(factory=dict)
    headline_kickers: FrozenSet[str] = frozenset()
    verb_prepositions: Dict[str, str] = attrs.field(factory=dict)
    survey_nouns: FrozenSet[str] = frozenset()
    reason_nouns: FrozenSet[str] = frozenset()
    abbreviations: Dict[str, str] = attrs.field(factory=dict)
    relay_frames: Dict[str, FrozenSet[str]] = attrs.field(factory=dict)
    split_tokens: Optional[FrozenSet[str]] = None
    mastheads: FrozenSet[str] = frozenset()
    gender: Dict[str, str] = attrs.field(factory=dict)
    portfolios: FrozenSet[str] = frozenset()


def _rows(path: Path) -> List[List[str]]:
    out = []
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        out.append(line.split("\t"))
    return out


def _word_set(path: Path) -> FrozenSet[str]:
    """A one-column word list, lower-cased."""
    return frozenset(r[0].strip().lower() for r in _rows(path))


#: a plain language code ("en", "pt-BR", "zh_Hant"): never a path ("", "..", "en/..")
_LANG_CODE = regex.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]+)?")


def _unaccented(name: str) -> str:
    """``name`` without combining accents ("la nación" → "la nacion")."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))


def _possessive_keys(name: str) -> List[str]:
    """More lookup keys for an outlet name holding a possessive ("people's daily").

    The parser splits "People's" into "People" + "'s", and a mention's words leave
    the possessive out ("An editorial in the People's Daily": *People*, *Daily*),
    so the name is also found as "people 's daily" and "people daily". The second
    only when a word follows: "barron" alone would be a person's name.
    """
    words = name.replace("\u2019", "'").split()
    if not any(w.endswith("'s") for w in words):
        return []
    split = " ".join(x for w in words for x in ((w[:-2], "'s") if w.endswith("'s") else (w,)))
    dropped = " ".join(w[:-2] if w.endswith("'s") else w for w in words)
    return [split] + ([dropped] if not words[-1].endswith("'s") else [])


def available_languages() -> List[str]:
    """The languages with a bundled lexicon (a folder holding ``verbs.tsv``)."""
    return sorted(p.name for p in LEXICON_DIR.iterdir() if (p / "verbs.tsv").is_file() and _LANG_CODE.fullmatch(p.name))


def check_lang(lang: object) -> str:
    """``lang`` if it names a bundled lexicon, else a clear error.

    Why: ``lang`` becomes a folder name; "" or ".." would name the lexicon
    folder itself or the package and give an empty lexicon (no cues found, no
    error), and a list would fail inside the cache as "unhashable type".

    Raises:
        InputTypeError: if ``lang`` is not a str.
        OptionError: if it is not a plain language code or has no lexicon.
    """
    if not isinstance(lang, str):
        raise InputTypeError(f"lang must be a language code (str) such as 'en', got {type(lang).__name__}; "
                             f"available: {', '.join(available_languages())}")
    if not _has_lexicon(lang):
        if not _LANG_CODE.fullmatch(lang):
            raise OptionError(f"lang must be a plain language code such as 'en', got {lang!r}; available: {', '.join(available_languages())}")
        base = regex.split(r"[_-]", lang, maxsplit=1)[0].lower()
        hint = f": for {lang!r} pass lang={base!r}" if base != lang and _has_lexicon(base) else ""  # a region (en-US) or a case (EN)
        raise OptionError(f"no lexicon for language {lang!r}; available: {', '.join(available_languages())}{hint}")
    return lang


@functools.lru_cache(maxsize=64)
def _has_lexicon(lang: str) -> bool:
    # cached: attribute_document checks lang once per document
    return bool(_LANG_CODE.fullmatch(lang)) and (LEXICON_DIR / lang / "verbs.tsv").is_file()


def load_lexicon(lang: str = "en") -> Lexicon:
    """The lexicon of ``lang`` (read once per language, then cached).

    Raises:
        InputTypeError: if ``lang`` is not a str.
        OptionError: if quoteattr has no lexicon for ``lang``.
    """
    return _load_lexicon(check_lang(lang))  # checked before the cache, which needs a hashable key


@functools.lru_cache(maxsize=None)
def _load_lexicon(lang: str) -> Lexicon:
    folder = LEXICON_DIR / lang
    verbs = {r[0]: (r[1], float(r[2])) for r in _rows(folder / "verbs.tsv")}
    nouns = {r[0]: (r[1], float(r[2])) for r in _rows(folder / "nouns.tsv")}
    multi = {tuple(r[0].lower().split()): (r[1], float(r[2])) for r in _rows(folder / "multiword.tsv")}
    outlets = {r[0].lower(): r[1] for r in _rows(folder / "outlets.tsv")}
    outlets.update({k: v for name, v in list(outlets.items()) for k in _possessive_keys(name) if k not in outlets})
    # written without its accents ("La Nacion", "Excelsior"): news wires in English often drop them
    # (names of several words only: "Libération" alone would make "liberation" a newspaper)
    outlets.update({k: v for name, v in list(outlets.items()) for k in [_unaccented(name)] if k != name and " " in k and k not in outlets})
    outlet_words = _word_set(folder / "outlet_words.txt")
    org_words = _word_set(folder / "org_words.txt")
    patterns = [r[0] for r in _rows(folder / "boilerplate.tsv")]
    boiler = regex.compile("(?:" + "|".join(patterns) + ")", regex.IGNORECASE) if patterns else regex.compile(r"(?!)")
    pronouns = {r[0]: (r[1], r[2]) for r in _rows(folder / "pronouns.tsv")}
    titles = _word_set(folder / "titles.txt")
    places = _word_set(folder / "places.txt")
    learned = {r[0]: float(r[3]) for r in _rows(folder / "polnear_verbs.tsv") if len(r) >= 4}
    longest = max((len(k.split()) for k in outlets), default=1)
    modifiers = {r[0].lower(): r[1] for r in _rows(folder / "cue_modifiers.tsv")}
    return Lexicon(lang, verbs, nouns, multi, outlets, outlet_words, org_words, boiler, pronouns, titles, places, learned, longest,
                   cue_modifiers=modifiers, headline_kickers=_word_set(folder / "headline_kickers.txt"),
                   verb_prepositions={r[0]: r[1] for r in _rows(folder / "verb_prepositions.tsv")},
                   survey_nouns=_word_set(folder / "survey_nouns.txt"), reason_nouns=_word_set(folder / "reason_nouns.txt"),
                   abbreviations={r[0].strip(): r[1].strip() for r in _rows(folder / "abbreviations.tsv") if len(r) >= 2},
                   relay_frames=_frames(folder / "relay_frames.tsv"),
                   mastheads=_word_set(folder / "mastheads.txt"), portfolios=_word_set(folder / "portfolios.txt"),
                   gender={r[0].strip().lower(): r[1].strip() for r in _rows(folder / "gender.tsv") if len(r) >= 2},
                   split_tokens=_word_set(folder / "split_tokens.txt") if (folder / "split_tokens.txt").exists() else None)


def _frames(path: Path) -> Dict[str, FrozenSet[str]]:
    """word → its kinds (a word may have two: "broadcast")."""
    out: Dict[str, FrozenSet[str]] = {}
    for r in _rows(path):
        if len(r) >= 2:
            w = r[0].strip().lower()
            out[w] = out.get(w, frozenset()) | {r[1].strip()}
    return out
