"""Run quoteattr on a Dask cluster (optional extra: ``pip install 'quoteattr[dask]'``).

Each worker process builds one :class:`quoteattr.Pipeline` (the model loads once
per worker) and maps it over its partitions; results are schema-1 dicts, which
serialize cheaply between processes.

Example::

    import dask.bag as db
    from distributed import Client
    import quoteattr.dask as qd

    client = Client(n_workers=2)
    bag = db.read_text("corpus/*.jsonl").map(json.loads)          # records {"id", "text", ...}
    docs = qd.attribute_bag(bag, text_field="text").compute()      # list of schema-1 dicts
    frame = qd.attribute_frame(ddf, text_column="text").compute()  # one row per attribution

The same with Spark: ``rdd.mapPartitions(quoteattr.dask.attribute_partition)``
(the function takes an iterator of records and yields dicts), see docs/scale.md.
"""

from __future__ import annotations

import threading
from typing import Any, Dict, Iterable, Iterator, Optional

__all__ = ["attribute_partition", "attribute_bag", "attribute_frame"]

_LOCAL = threading.local()


def _pipeline(model: str, lang: str):
    key = (model, lang)
    pipes: Dict[tuple, Any] = getattr(_LOCAL, "pipes", None) or {}
    if key not in pipes:
        from ._pipeline import Pipeline

        pipes[key] = Pipeline(lang=lang, model=model)
        _LOCAL.pipes = pipes
    return pipes[key]


def _check_options(model: Any, lang: Any, text_field: Any = "text", batch_size: Any = 16, include_text: Any = False) -> None:
    """Fail when the graph is built on an option every worker would fail on.

    Why: ``attribute_bag(bag, lang="fr")`` or ``model="compcat"`` was only found out at
    ``compute()``, in every worker, after the work upstream of it (reading a corpus)
    had run; the same checks as :class:`quoteattr.Pipeline` and ``pipe()``, now.
    """
    from ._lexicon import check_lang
    from ._parsing import check_model_name
    from ._pipeline import _check_count, _check_field, _check_flag

    check_lang(lang)
    check_model_name(model)
    _check_field(text_field, "text_field")
    _check_count(batch_size, "batch_size")
    _check_flag(include_text, "include_text")


def attribute_partition(records: Iterable[Any], text_field: str = "text", model: str = "auto", lang: str = "en",
                        batch_size: int = 16, include_text: bool = False) -> Iterator[dict]:
    """Attribute an iterator of records (dicts with ``text_field``) or texts.

    Yields one schema-1 dict per record. The pipeline is built once per worker
    (per thread) and reused across partitions.
    """
    from ._output import document_to_dict

    pipe = _pipeline(model, lang)
    for doc in pipe.pipe(records, batch_size=batch_size, text_field=text_field):
        d = document_to_dict(doc)
        if not include_text:
            d.pop("text", None)
        yield d


def attribute_bag(bag: Any, text_field: str = "text", model: str = "auto", lang: str = "en", batch_size: int = 16,
                  include_text: bool = False) -> Any:
    """A ``dask.bag`` of records → a bag of schema-1 document dicts.

    Raises:
        OptionError, InputTypeError: a bad ``lang``, ``model``, ``text_field``,
            ``batch_size`` or ``include_text``, now rather than at ``compute()``.
    """
    _check_options(model, lang, text_field, batch_size, include_text)
    return bag.map_partitions(
        lambda part: list(attribute_partition(part, text_field, model, lang, batch_size, include_text))
    )


def _not_a_text(value: Any, row_id: Any, text_column: str) -> None:
    """Raise the error for a row of ``text_column`` that holds no str, naming the row and the fix.

    Why: a missing text (NaN, ``pd.NA``, None: common in a data frame) failed the
    whole ``compute()`` with "expected the record's 'text' field as str, got
    NAType", naming neither the row nor what to do.
    """
    import pandas as pd

    from ._errors import InputTypeError

    row_id = row_id.item() if hasattr(row_id, "item") else row_id  # a numpy integer as the plain number
    try:
        missing = value is None or (not hasattr(value, "__len__") and bool(pd.isna(value)))
    except (TypeError, ValueError):
        missing = False
    if missing:
        what, fix = "a missing text", f"drop or fill missing texts first: ddf.dropna(subset=[{text_column!r}]) or ddf.fillna({{{text_column!r}: ''}})"
    else:
        what, fix = f"a value of type {type(value).__name__}", f"convert the column to str first: ddf[{text_column!r}].astype(str)"
    raise InputTypeError(f"text_column {text_column!r}: the row with id {row_id!r:.60} holds {what} ({value!r:.40}), not a str; {fix}")


def attribute_frame(ddf: Any, text_column: str = "text", id_column: Optional[str] = None, model: str = "auto", lang: str = "en") -> Any:
    """A ``dask.dataframe`` with a text column → a dataframe, one row per attribution
    (the columns of :func:`quoteattr.to_dataframe`)."""
    import pandas as pd

    from ._errors import OptionError
    from ._frames import COLUMNS, rows

    _check_options(model, lang)  # (now: at compute() it failed in every worker)
    for what, column in (("text_column", text_column), ("id_column", id_column)):
        # checked now: a missing column was a KeyError deep inside the workers, at compute()
        if column is not None and column not in ddf.columns:
            raise OptionError(f"{what} {column!r} is not a column of the dataframe (columns: {', '.join(map(str, ddf.columns))})")

    def part(df: "pd.DataFrame") -> "pd.DataFrame":
        pipe = _pipeline(model, lang)
        out = []
        recs = [{"text": t, "id": (i if id_column is None else df[id_column].iloc[k])} for k, (i, t) in enumerate(df[text_column].items())]
        for r in recs:
            if not isinstance(r["text"], str):  # (named here: the pipeline's error names no row of the frame)
                _not_a_text(r["text"], r["id"], text_column)
        for doc in pipe.pipe(recs):
            out.extend(rows(doc))
        return pd.DataFrame(out, columns=COLUMNS)

    meta = pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})
    return ddf.map_partitions(part, meta=meta)
