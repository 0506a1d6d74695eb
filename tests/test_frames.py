"""pandas export: one row per attribution."""

from pathlib import Path

import quoteattr
from quoteattr._frames import COLUMNS
from quoteattr._readers import iter_conllu_documents

DOCS = dict(iter_conllu_documents(Path(__file__).parent / "fixtures" / "documents.conllu"))


def test_to_dataframe_rows_and_columns():
    docs = [quoteattr.attribute_document(DOCS[n], id=n, learned_spans=False) for n in ("paragraph_relay", "nested_quote")]
    df = quoteattr.to_dataframe(docs)
    assert list(df.columns) == COLUMNS
    assert len(df) == sum(len(d.attributions) for d in docs)
    assert set(df["doc_id"]) == {"paragraph_relay", "nested_quote"}
    row = df[(df["doc_id"] == "paragraph_relay") & (df["cue"] == "demanded")].iloc[0]
    assert row["chain"] == "AFP → ministry → Zelensky" and row["relayed_by"] == "AFP → ministry"
    # counting the most-quoted entities is one line
    assert df["entity"].value_counts().to_dict()["Vassily Nebenzia"] == 2


def test_document_method_and_empty():
    doc = quoteattr.attribute_document(DOCS["scare_quote"] if "scare_quote" in DOCS else DOCS["boilerplate"])
    df = doc.to_dataframe()
    assert list(df.columns) == COLUMNS and len(df) == 0
