"""Shared fixtures. The shipped compact model is loaded once per test session."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    """The README's default pipeline, with the bundled compact model (never downloads)."""
    import quoteattr

    return quoteattr.Pipeline(model="compact")


@pytest.fixture(scope="session")
def seed_text():
    return (ROOT / "examples" / "bucha.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold():
    path = SHARED / "seed" / "bucha.gold.json"
    if not path.exists():
        pytest.skip(f"seed gold not found at {path} (it lives in ../shared beside the project)")
    import json

    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_doc(nlp, seed_text):
    return nlp(seed_text, file="examples/bucha.txt")


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium (see tests/browser.py); skipped when none is installed,
    unless QUOTEATTR_REQUIRE_BROWSER=1 (as in .ci/run), which makes that a failure."""
    import os

    from browser import Chromium, find_chromium

    exe = find_chromium()
    if exe is None:
        msg = "no chromium found (apt-get install chromium, or set QUOTEATTR_CHROMIUM)"
        if os.environ.get("QUOTEATTR_REQUIRE_BROWSER") == "1":
            pytest.fail(msg)
        pytest.skip(msg)
    b = Chromium(exe)
    yield b
    b.close()


@pytest.fixture
def fake_model(tmp_path) -> str:
    """A model directory that resolves (files present) but is never loaded:
    the error paths under test stop before any parsing."""
    d = tmp_path / "fake_model"
    d.mkdir()
    for p in ("tokenize", "mwt", "pos", "lemma", "depparse"):
        (d / f"{p}.pt").write_bytes(b"")
    (d / "manifest.json").write_text(json.dumps({"name": "fake", "version": "0"}), encoding="utf-8")
    return str(d)
