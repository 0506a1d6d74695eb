"""Corpus runs: JSON Lines in, JSON Lines out, resumable, never losing work.

A corpus is a ``.jsonl`` file of records (one JSON object per line) with the
text in ``text_field`` and an identifier in ``id_field``; other fields are kept
as metadata (a record's own ``"id"`` as ``"record_id"`` when ``id_field`` is
another field, and a field named like quoteattr's own metadata, ``"model"``,
``"rules"``, ``"dateline"`` or ``"wire"``, as ``"record_model"`` …:
:func:`_output_record`). Output is one schema-1 document per
line, written whole and flushed, so a killed run loses nothing already
written; ``resume`` skips the ids already in the output. A bad record, or one
the pipeline fails on, goes to the errors file with its line number and the
run goes on.
"""

from __future__ import annotations

import collections
import json
from pathlib import Path
from typing import Any, Deque, Dict, Hashable, Iterator, Optional, Set, TextIO, Tuple

from ._errors import QuoteAttrError, RecordError
from ._files import loads_json

_FATAL = (KeyboardInterrupt, SystemExit, MemoryError)  # never caught per record

__all__ = ["iter_records", "done_ids", "run_corpus", "drop_torn_line", "keep_own_keys", "OWN_KEYS"]


def drop_torn_line(path: Any) -> bool:
    """Cut a half-written last line (a run killed mid-write) so appending is safe.

    Returns whether anything was cut.
    """
    p = Path(path)
    if not p.exists() or p.stat().st_size == 0:
        return False
    with open(p, "rb+") as f:
        f.seek(0, 2)
        size = f.tell()
        f.seek(max(0, size - 1))
        if f.read(1) == b"\n":
            return False
        pos = size
        chunk = 1 << 16
        while pos > 0:
            start = max(0, pos - chunk)
            f.seek(start)
            buf = f.read(pos - start)
            k = buf.rfind(b"\n")
            if k >= 0:
                f.truncate(start + k + 1)
                return True
            pos = start
        f.truncate(0)
        return True


def iter_records(path: Any, text_field: str = "text", id_field: str = "id") -> Iterator[Tuple[int, Optional[dict], Optional[RecordError]]]:
    """Stream ``(line number, record, error)`` from a JSONL file; exactly one of
    record and error is set. Blank lines are skipped. A record without an id, or
    with a null one, gets its line number as id (``--resume`` skips by id)."""
    with open(path, "rb") as f:
        for lineno, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                yield lineno, None, RecordError(f"not valid UTF-8 at byte {e.start} of the line; re-encode the file as UTF-8", lineno)
                continue
            try:
                rec = loads_json(line)
            except json.JSONDecodeError as e:
                yield lineno, None, RecordError(f"not valid JSON ({e.msg} at column {e.colno}); each line must be one JSON object", lineno)
                continue
            if not isinstance(rec, dict):
                yield lineno, None, RecordError(f"expected a JSON object, got {type(rec).__name__}", lineno)
                continue
            if text_field not in rec:
                yield lineno, None, RecordError(f"no {text_field!r} field (fields: {', '.join(map(str, rec)) or 'none'}); pass --text-field", lineno)
                continue
            if not isinstance(rec[text_field], str):
                yield lineno, None, RecordError(f"field {text_field!r} must be a string, got {type(rec[text_field]).__name__}", lineno)
                continue
            if rec.get(id_field) is None:  # absent or null: a null id could never be resumed past
                rec[id_field] = lineno
            yield lineno, rec, None


def done_ids(path: Any, id_field: str = "id", key: str = "id") -> Set[Hashable]:
    """Ids already in an output file (for ``--resume``); a torn last line is ignored.

    ``key`` is the output field holding the id: ``"id"`` for records, ``"file"`` for files.
    A string id is itself; any other id is a ``("json", text)`` pair, so that the
    number 5 and the string "5" stay two records (see ``_id_key``).
    """
    out: Set[Hashable] = set()
    p = Path(path)
    if not p.exists():
        return out
    with open(p, encoding="utf-8", errors="replace") as f:
        for line in f:
            try:
                d = loads_json(line)
            except json.JSONDecodeError:
                continue
            if isinstance(d, dict) and d.get(key) is not None:
                out.add(_id_key(d[key]))
    return out


def _id_key(value: Any) -> Hashable:
    """The id as ``--resume`` compares it: as it reads back from the output,
    where a non-finite number is written as a string (see ``dumps_line``).

    Types are kept apart: a record whose null id became its line number 5 is
    not the record with id "5", nor is ``true`` the number 1.
    """
    from ._output import _finite

    v = _finite(value)
    if isinstance(v, str):
        return v
    return ("json", json.dumps(v, sort_keys=True, ensure_ascii=False))


RECORD_ID = "record_id"

#: the metadata keys quoteattr writes itself: the parsing model's provenance, the
#: rules' counts, and what the dateline says (and its wire credit)
OWN_KEYS = ("model", "rules", "dateline", "wire")


def keep_own_keys(meta: dict, lineno: Optional[int] = None) -> dict:
    """``meta`` with each field named like one of quoteattr's own metadata keys
    (:data:`OWN_KEYS`) moved to ``"record_<name>"``.

    Why: a record's own ``"model"`` field (the model that wrote the text, say),
    ``"dateline"`` or ``"rules"`` shared its name with what quoteattr writes:
    one of the two was silently lost (the record's "model" replaced quoteattr's
    provenance; the engine's "rules" replaced the record's). Both are kept, as
    ``--id-field`` keeps a record's own "id" as ``"record_id"``: always, so a
    field is found under one name in every document of a corpus.

    Raises:
        RecordError (with ``lineno``) or InputError: the field must move to
            ``"record_<name>"``, but that name is taken too.
    """
    from ._errors import InputError

    clash = [k for k in OWN_KEYS if k in meta]
    if not clash:
        return meta
    out = dict(meta)
    for key in clash:
        new = f"record_{key}"
        if new in out:
            msg = (f"its own {key!r} field is kept as {new!r} (quoteattr writes {key!r} itself), but it has a "
                   f"{new!r} field too; rename one of them")
            raise RecordError(msg, lineno) if lineno is not None else InputError(f"metadata: {msg}")
        out[new] = out.pop(key)
    return out


def _output_record(rec: dict, id_field: str, lineno: int) -> dict:
    """The record as the pipeline gets it: the ``id_field`` value as ``"id"``.

    Why: the output's ``"id"`` is what ``--resume`` skips by, so it must be the
    chosen id; a record's own ``"id"``, when ``id_field`` names another field, is
    data too and is kept in the metadata as ``"record_id"`` instead of being
    overwritten; so are fields named like quoteattr's own metadata (``"model"``
    → ``"record_model"``, see :func:`keep_own_keys`); every other field keeps its name.

    Raises:
        RecordError: the record's own ``"id"`` must move to ``"record_id"`` (or
            its ``"model"`` to ``"record_model"``, …), but the record has a field
            of that name as well.
    """
    out = dict(rec)
    chosen = out.pop(id_field)
    if id_field != "id" and "id" in out:
        if RECORD_ID in out:
            raise RecordError(f"with --id-field {id_field} the record's own \"id\" is kept as {RECORD_ID!r}, but it has a "
                              f"{RECORD_ID!r} field too; rename one of them, or pass --id-field id", lineno)
        out[RECORD_ID] = out.pop("id")
    out = keep_own_keys(out, lineno)
    out["id"] = chosen
    return out


def _record_error(lineno: int, err: BaseException) -> RecordError:
    """A failure while attributing one record, as a ``RecordError`` for ``--errors``.

    Our own errors keep their message; anything else is a bug in quoteattr, so
    its type and message are kept for the report instead of being hidden.
    """
    if isinstance(err, QuoteAttrError):
        return RecordError(str(err), lineno)
    return RecordError(f"internal error while attributing this record: {type(err).__name__}: {err} "
                       "(the run went on; please report it with this record)", lineno)


def run_corpus(pipe: Any, path: Any, out: TextIO, *, text_field: str = "text", id_field: str = "id", resume_ids: Optional[Set[Hashable]] = None,
               errors: Optional[TextIO] = None, batch_size: int = 16, include_text: bool = True, progress: Any = None,
               n_process: int = 1) -> Dict[str, int]:
    """Attribute every record of a JSONL corpus, writing one line per document.

    A record that fails (malformed, or one the pipeline raises on) goes to
    ``errors`` with its line and id, and the run goes on: one bad record among
    millions must not cost the rest. When a batch raises, its records are run
    again one at a time (in this process) to find the culprit. Lines are
    written with :func:`~quoteattr._output.dumps_line`, so a text holding a
    lone surrogate or an id that is NaN still gives valid UTF-8 JSON.

    Returns:
        counts: ``written``, ``skipped`` (already done) and ``failed``.
    """
    from ._output import document_to_dict, dumps_line

    counts = {"written": 0, "skipped": 0, "failed": 0}
    resume_ids = resume_ids or set()

    def fail(lineno: int, rec_id: Any, err: Exception) -> None:
        counts["failed"] += 1
        if errors is not None:
            errors.write(dumps_line({"line": lineno, "id": rec_id, "error": str(err)}, default=repr) + "\n")
            errors.flush()

    def line_of(doc: Any) -> str:
        d = document_to_dict(doc)
        if not include_text:
            d.pop("text", None)
        return dumps_line(d) + "\n"

    def write(line: str) -> None:
        out.write(line)  # whole: a killed run leaves at most one torn line; I/O errors end the run
        out.flush()
        counts["written"] += 1

    def good() -> Iterator[Tuple[int, dict]]:
        for lineno, rec, err in iter_records(path, text_field, id_field):
            if progress is not None:
                progress.update(1)
            if err is not None:
                fail(lineno, None, err)
                continue
            if _id_key(rec[id_field]) in resume_ids:
                counts["skipped"] += 1
                continue
            try:
                rec = _output_record(rec, id_field, lineno)
            except RecordError as e:
                fail(lineno, rec[id_field], e)
                continue
            yield lineno, rec

    source = good()
    pending: Deque[Tuple[int, dict]] = collections.deque()  # handed to the pipeline, not yet written

    def feed() -> Iterator[dict]:
        for item in source:
            pending.append(item)
            yield item[1]

    def one(lineno: int, rec: dict) -> None:
        try:
            docs = list(pipe.pipe([rec], batch_size=1, text_field=text_field))
            if len(docs) != 1:
                raise RuntimeError(f"the pipeline returned {len(docs)} documents for one record")
            line = line_of(docs[0])
        except _FATAL:
            raise
        except Exception as e:
            fail(lineno, rec.get("id"), _record_error(lineno, e))
            return
        write(line)

    while True:
        try:
            for doc in pipe.pipe(feed(), batch_size=batch_size, text_field=text_field, n_process=n_process):
                lineno, rec = pending.popleft()
                try:
                    line = line_of(doc)
                except _FATAL:
                    raise
                except Exception as e:  # e.g. metadata JSON cannot hold: this record only
                    fail(lineno, rec.get("id"), _record_error(lineno, e))
                    continue
                write(line)
            break
        except _FATAL:
            raise
        except OSError:  # writing the output or errors file failed: not a record's fault
            raise
        except Exception:
            if not pending:  # nothing in flight: not a record's fault (a bad option, say)
                raise
            stuck = list(pending)
            pending.clear()
            for lineno, rec in stuck:
                one(lineno, rec)
    return counts
