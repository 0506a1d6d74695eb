"""The shipped compact model: loads offline, checksums match, parses into well-formed trees."""

import hashlib
import json

import pytest

import quoteattr
from quoteattr._parsing import COMPACT_MODEL_DIR


def test_manifest_checksums_match_files():
    manifest = json.loads((COMPACT_MODEL_DIR / "manifest.json").read_text())
    assert manifest["files"], "manifest lists its files"
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((COMPACT_MODEL_DIR / name).read_bytes()).hexdigest() == digest, name
    for key in ("name", "version", "stanza_version"):
        assert key in manifest


def test_model_size_within_budget():
    total = sum(p.stat().st_size for p in COMPACT_MODEL_DIR.iterdir())
    assert total <= 40 * 1024 * 1024


def test_loads_offline_without_network(monkeypatch, tmp_path):
    # an empty stanza resources dir: 'auto' must fall back to the bundled model, never download
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path))
    import socket

    def no_network(*a, **k):
        raise AssertionError("quoteattr tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    nlp = quoteattr.Pipeline(model="auto")
    assert nlp.spec.kind == "compact"
    doc = nlp("The minister said the talks had failed.")
    assert doc.metadata["model"]["name"] == "en_ewt_compact"
    assert doc.attributions


def test_missing_stanza_models_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path))
    with pytest.raises(quoteattr.ModelNotFoundError, match="quoteattr models --download"):
        quoteattr.Pipeline(model="stanza").spec


def test_seed_parses_into_well_formed_trees(seed_doc, seed_text):
    assert seed_doc.sentences
    for sent in seed_doc.sentences:
        roots = [w for w in sent.words if w.head == 0]
        assert len(roots) == 1
        assert [w.id for w in sent.words] == list(range(1, len(sent.words) + 1))
        for w in sent.words:
            assert 0 <= w.head <= len(sent.words)
            assert seed_text[w.start:w.end].strip()
            assert 0 <= w.start < w.end <= len(seed_text)


def test_output_records_model_provenance(seed_doc):
    m = seed_doc.metadata["model"]
    assert m["name"] and m["version"] and len(m["checksum"]) == 16
