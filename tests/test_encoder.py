"""The span tagger's contextual encoder (quoteattr/_encoder.py): tokenizer, windows, forward pass.

The reference vectors in fixtures/encoder_reference.json were computed by
``transformers`` from the original float32 weights (see the file's "source");
the shipped encoder is int8 per row and run in plain torch, so it must come
within a cosine of 0.999 of them.
"""

import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from quoteattr._encoder import _WINDOW, WordPiece, _windows, load_encoder  # noqa: E402
from quoteattr._lexicon import LEXICON_DIR  # noqa: E402

PATH = LEXICON_DIR / "en" / "encoder.pt"
REF = json.loads((Path(__file__).parent / "fixtures" / "encoder_reference.json").read_text(encoding="utf-8"))
needs_encoder = pytest.mark.skipif(not PATH.is_file(), reason="no encoder shipped")


@pytest.fixture(scope="module")
def enc():
    return load_encoder(str(PATH))


@needs_encoder
def test_pieces_match_the_reference_tokenizer(enc):
    assert [list(enc.tokenizer.pieces(w)) for w in REF["words"]] == REF["pieces"]


@needs_encoder
def test_tokenizer_is_uncased_strips_accents_and_splits_punctuation(enc):
    tok = enc.tokenizer
    assert tok.pieces("Café") == tok.pieces("cafe")
    assert tok.pieces("NAÏVE") == tok.pieces("naive")
    assert tok.pieces("U.S.") == tok.pieces("u") + tok.pieces(".") + tok.pieces("s") + tok.pieces(".")
    assert tok.pieces("said") == (tok.ids["said"],)
    assert len(tok.pieces("Zelenskyy")) > 1  # a rare name falls into pieces, none unknown
    assert tok.unk not in tok.pieces("Zelenskyy")


@needs_encoder
def test_tokenizer_never_gives_a_word_no_pieces(enc):
    tok = enc.tokenizer
    for w in ("", " ", "\x00", "\u200b", "\ufffd", "x" * 500, "\U0001F600"):
        assert len(tok.pieces(w)) >= 1
    assert tok.pieces("x" * 500) == (tok.unk,)


def test_wordpiece_greedy_longest_match_first():
    tok = WordPiece(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "unaff", "##a"])
    assert tok.pieces("unaffable") == (7, 6)  # "unaff" + "##able", not "un" + "##aff" + …
    assert tok.pieces("unx") == (1,)  # no piece for "x": the whole word is unknown


def test_windows_cover_every_piece_exactly_once():
    for n in (1, _WINDOW, _WINDOW + 1, 3 * _WINDOW + 17, 1000):
        ids = list(range(n))
        kept = []
        for piece_ids, owner, keep in _windows(ids, ids):
            assert len(piece_ids) <= _WINDOW and len(piece_ids) == len(owner) == len(keep)
            kept.extend(o for o, k in zip(owner, keep) if k)
        assert sorted(kept) == ids


@needs_encoder
def test_vectors_match_the_reference_forward_pass(enc):
    got = enc.word_vectors(REF["words"], [0])
    want = torch.tensor(REF["vectors"])
    cos = torch.nn.functional.cosine_similarity(got, want, dim=-1)
    assert got.shape == (len(REF["words"]), enc.dim)
    assert float(cos.min()) > 0.999


@needs_encoder
def test_each_sentence_is_read_alone(enc):
    a = ["The", "minister", "said", "so", "."]
    b = ["He", "denied", "it", "."]
    both = enc.word_vectors(a + b, [0, len(a)])
    alone = enc.word_vectors(a, [0])
    assert torch.allclose(both[: len(a)], alone, atol=1e-4)
    # the same word reads differently in another sentence: the vectors are contextual
    other = enc.word_vectors(["Officials", "said", "nothing", "."], [0])
    assert not torch.allclose(alone[2], other[1], atol=1e-2)


@needs_encoder
def test_a_sentence_longer_than_a_window_and_empty_input(enc):
    words = ["word"] * (_WINDOW * 2 + 40)
    v = enc.word_vectors(words, [0])
    assert v.shape == (len(words), enc.dim) and bool(torch.isfinite(v).all()) and float(v.abs().sum(1).min()) > 0
    assert enc.word_vectors([], []).shape == (0, enc.dim)
