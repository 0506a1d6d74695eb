"""The span tagger's contextual encoder (quoteattr/_encoder.py): tokenizer, windows, forward pass.

The forward pass is checked against ``transformers`` on a small random BERT
(fixtures/tiny_encoder.pt, made by fixtures/make_tiny_encoder.py). The pieces
and vectors in fixtures/encoder_reference.json were computed by
``transformers`` from all-MiniLM-L6-v2's original float32 weights (see the
file's "source"): the tokenizer must give the same pieces, and the shipped
encoder (int8 per row, fine-tuned) must stay near the original's vectors.
"""

import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from quoteattr._encoder import _WINDOW, Encoder, WordPiece, _windows, load_encoder  # noqa: E402
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


@pytest.fixture(scope="module")
def tiny():
    """A small random BERT and the vectors transformers gives for it (tests/fixtures/make_tiny_encoder.py)."""
    data = torch.load(Path(__file__).parent / "fixtures" / "tiny_encoder.pt", map_location="cpu", weights_only=False)
    ref = data["reference"]
    forms = [w for s in ref["sentences"] for w in s]
    return Encoder(data), forms, [0, len(ref["sentences"][0])], torch.cat([torch.tensor(v) for v in ref["vectors"]])


def test_forward_pass_matches_transformers(tiny):
    enc, forms, starts, want = tiny
    got = enc.word_vectors(forms, starts)
    assert got.shape == want.shape
    assert torch.allclose(got, want, atol=1e-5)


def test_stored_weights_are_int8_rows_and_keep_the_vectors(tiny):
    enc, forms, starts, want = tiny
    data = enc.to_data(note="x")
    q, scale = data["state"]["encoder.layer.0.attention.self.query.weight"]
    assert q.dtype == torch.int8 and scale.dtype == torch.float16 and scale.shape == (q.shape[0],)
    assert data["state"]["embeddings.LayerNorm.weight"].dtype == torch.float16
    assert data["config"]["note"] == "x" and data["vocab"] == enc.vocab
    got = Encoder(data).word_vectors(forms, starts)
    assert float(torch.nn.functional.cosine_similarity(got, want, dim=-1).min()) > 0.999


def test_a_trainable_copy_learns_and_saves_exactly_what_it_read(tiny):
    """Fine-tuning reads the weights as they will be stored (straight through the
    rounding), so the saved encoder gives the very vectors training saw."""
    enc, forms, starts, _ = tiny
    before = enc.word_vectors(forms, starts)
    ft = enc.trainable()
    names = {id(p) for p in ft.parameters()}
    assert id(ft.params["embeddings.word_embeddings.weight"]) not in names  # the piece embeddings stay fixed
    assert len(ft.parameters()) == len(ft.params) - 1
    opt = torch.optim.SGD(ft.parameters(), lr=0.5)
    windows = ft.windows(forms, starts)
    ft.pool(windows, len(forms)).pow(2).sum().backward()
    assert all(p.grad is not None and bool(p.grad.abs().sum() > 0) for p in ft.parameters())
    opt.step()
    with torch.no_grad():
        trained = ft.pool(windows, len(forms))
    assert not torch.allclose(trained, before, atol=1e-3)
    assert torch.equal(Encoder(ft.to_data()).word_vectors(forms, starts), trained)
    assert torch.equal(enc.word_vectors(forms, starts), before)  # the original is untouched


def test_moving_a_trainable_copy_keeps_its_parameters_and_vectors(tiny):
    """Training on a GPU moves the weights there and back to score held-out
    articles: the optimiser's Parameter objects must stay the ones the encoder reads."""
    enc, forms, starts, _ = tiny
    ft = enc.trainable()
    before = [id(p) for p in ft.parameters()]
    with torch.no_grad():
        want = ft.pool(ft.windows(forms, starts), len(forms))
    assert ft.to("cpu") is ft and str(ft.device) == "cpu"
    assert [id(p) for p in ft.parameters()] == before
    with torch.no_grad():
        assert torch.equal(ft.pool(ft.windows(forms, starts), len(forms)), want)
    if torch.cuda.is_available():
        ft.to("cuda")
        assert [id(p) for p in ft.parameters()] == before and ft.device.type == "cuda"
        with torch.no_grad():
            assert torch.allclose(ft.pool(ft.windows(forms, starts), len(forms)).cpu(), want, atol=1e-4)


def test_windows_number_words_from_an_offset(tiny):
    enc, forms, starts, _ = tiny
    plain = enc.windows(forms, starts)
    shifted = enc.windows(forms, starts, offset=100)
    assert [w[0] for w in plain] == [w[0] for w in shifted]
    assert [[o + 100 for o in w[1]] for w in plain] == [w[1] for w in shifted]


@needs_encoder
def test_shipped_encoder_is_all_minilm_and_says_how_it_was_tuned(enc):
    """The shipped encoder is all-MiniLM-L6-v2, fine-tuned with the span tagger
    (``scripts/train_span_model.py --finetune``): its vectors moved, but stay those
    of the same network (the reference is the original's, from transformers)."""
    assert enc.config["name"] == "all-MiniLM-L6-v2"
    got = enc.word_vectors(REF["words"], [0])
    cos = torch.nn.functional.cosine_similarity(got, torch.tensor(REF["vectors"]), dim=-1)
    assert got.shape == (len(REF["words"]), enc.dim)
    if "finetuned_with" in enc.config:
        assert float(cos.mean()) > 0.8
    else:
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
