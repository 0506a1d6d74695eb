"""Dask integration against a real distributed.LocalCluster with 2 worker processes."""

import pytest

dask = pytest.importorskip("dask", reason="install the test extra: pip install -e '.[test]'")
distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


def test_bag_of_records(client):
    import dask.bag as db

    import quoteattr.dask as qd

    recs = [{"id": k, "text": f"The official said that the talks had failed on day {k}."} for k in range(6)]
    bag = db.from_sequence(recs, npartitions=3)
    out = qd.attribute_bag(bag, model="compact").compute()
    assert sorted(d["id"] for d in out) == list(range(6))
    assert all(d["schema"] == 1 and len(d["attributions"]) == 1 for d in out)
    # the cluster runs 2 worker processes, each building its own pipeline
    assert len(client.scheduler_info()["workers"]) == 2


def test_dataframe_rows(client):
    import dask.dataframe as dd
    import pandas as pd

    import quoteattr.dask as qd

    pdf = pd.DataFrame({"doc": ["a", "b"], "text": ["“No,” she said.", "The Kremlin accused Kyiv of lying."]})
    ddf = dd.from_pandas(pdf, npartitions=2)
    df = qd.attribute_frame(ddf, text_column="text", id_column="doc", model="compact").compute()
    assert sorted(df["doc_id"]) == ["a", "b"] and set(df["cue"]) == {"said", "accused"}
