"""examples/bucha_walkthrough.ipynb runs top to bottom in a real Jupyter kernel (nbclient),
with the shipped model, and shows what it promises. The executed copy is saved under
build/test-artifacts/ for inspection."""

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "examples" / "bucha_walkthrough.ipynb"


def _outputs(cell, kind):
    for out in cell.get("outputs", []):
        if kind == "stream" and out.get("output_type") == "stream":
            yield out["text"]
        elif kind != "stream" and kind in out.get("data", {}):
            yield out["data"][kind]


@pytest.mark.slow
def test_walkthrough_notebook_executes():
    from browser import ARTIFACTS

    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit the notebook unexecuted"
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError, with the cell and traceback, if any cell fails
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, ARTIFACTS / NOTEBOOK.name)
    code = [c for c in nb.cells if c.cell_type == "code"]
    html = "".join(h for c in code for h in _outputs(c, "text/html"))
    text = "".join(t for c in code for t in _outputs(c, "stream"))
    assert 'class="qa-doc"' in html and "qa-cue" in html          # the document displayed itself
    assert "<table" in html                                        # the pandas table
    assert "AFP → " in text                                        # a relay chain was printed
    assert "browse at http://127.0.0.1:" in text                   # the corpus browser started locally
