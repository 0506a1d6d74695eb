"""Corpus runs: JSON Lines in, JSON Lines out, resumable, never losing work.

A corpus is a ``.jsonl`` file of records (one JSON object per line) with the
text in ``text_field`` and an identifier in ``id_field``; other fields are kept
as metadata. Output is one schema-1 document per line, written whole and
flushed, so a killed run loses nothing already written; ``resume`` skips the
ids already in the output. A bad record goes to the errors file with its line
number and the run goes on.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, Iterator, Optional, Set, TextIO, Tuple

from ._errors import RecordError

__all__ = ["iter_records", "done_ids", "run_corpus", "drop_torn_line"]


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
    record and error is set. Blank lines are skipped."""
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
                rec = json.loads(line)
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
            rec.setdefault(id_field, lineno)
            yield lineno, rec, None


def done_ids(path: Any, id_field: str = "id", key: str = "id") -> Set[str]:
    """Ids already in an output file (for ``--resume``); a torn last line is ignored.

    ``key`` is the output field holding the id: ``"id"`` for records, ``"file"`` for files.
    """
    out: Set[str] = set()
    p = Path(path)
    if not p.exists():
        return out
    with open(p, encoding="utf-8", errors="replace") as f:
        for line in f:
            try:
                d = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(d, dict) and d.get(key) is not None:
                out.add(str(d[key]))
    return out


def run_corpus(pipe: Any, path: Any, out: TextIO, *, text_field: str = "text", id_field: str = "id", resume_ids: Optional[Set[str]] = None,
               errors: Optional[TextIO] = None, batch_size: int = 16, include_text: bool = True, progress: Any = None,
               n_process: int = 1) -> Dict[str, int]:
    """Attribute every record of a JSONL corpus, writing one line per document.

    Returns:
        counts: ``written``, ``skipped`` (already done) and ``failed``.
    """
    from ._output import document_to_dict

    counts = {"written": 0, "skipped": 0, "failed": 0}
    resume_ids = resume_ids or set()

    def fail(lineno: int, rec_id: Any, err: Exception) -> None:
        counts["failed"] += 1
        if errors is not None:
            errors.write(json.dumps({"line": lineno, "id": rec_id, "error": str(err)}, ensure_ascii=False) + "\n")
            errors.flush()

    def good() -> Iterator[dict]:
        for lineno, rec, err in iter_records(path, text_field, id_field):
            if progress is not None:
                progress.update(1)
            if err is not None:
                fail(lineno, None, err)
                continue
            if str(rec[id_field]) in resume_ids:
                counts["skipped"] += 1
                continue
            rec = dict(rec)
            rec["id"] = rec.pop(id_field)
            yield rec

    for doc in pipe.pipe(good(), batch_size=batch_size, text_field=text_field, n_process=n_process):
        d = document_to_dict(doc)
        if not include_text:
            d.pop("text", None)
        out.write(json.dumps(d, ensure_ascii=False) + "\n")
        out.flush()
        counts["written"] += 1
    return counts
