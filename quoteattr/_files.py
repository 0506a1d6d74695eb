"""Reading the user's text files: UTF-8, byte for byte, with errors that name the file.

Shared by the CLI, the evaluator and the brat reader, so none of them imports another
to read a file. Bytes are decoded as stored: brat and gold offsets count every
character, so a CRLF file keeps its ``\r`` (``Path.read_text`` would drop it).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, Optional, Tuple

from ._errors import InputDecodeError, InputError

__all__ = ["read_text_file", "decode_bytes", "loads_json", "raw_decode_json", "packed_format", "check_not_packed"]


def read_text_file(path: str) -> str:
    """Read a UTF-8 file; errors name the file (and the byte offset).

    Any failure to read (permission denied, a name too long for the system) is
    an :class:`InputError` naming the path, never a raw ``OSError``.
    """
    if os.path.isdir(path):  # (os.path never raises: Path.is_dir does, for a name too long)
        raise InputError(f"{path}: is a directory; pass its files, or the directory itself to read its *.txt files")
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        import glob

        hint = " (no file matches it as a pattern either)" if glob.has_magic(str(path)) else ""
        raise InputError(f"{path}: no such file{hint}; check the path") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read it ({e.strerror or e}); check the path and its permissions") from None
    return decode_bytes(data, path)


def decode_bytes(data: bytes, name: str) -> str:
    """Decode UTF-8; a file in UTF-16/UTF-32 gets advice for that encoding.

    Why the check: "convert from latin1", the usual advice, would garble a
    UTF-16 file; and UTF-16 of plain ASCII text even decodes as "valid" UTF-8,
    a NUL between every two letters, which would be attributed as garbage.
    """
    packed = packed_format(data)
    if packed:
        raise InputDecodeError(name, 0, f"looks like {packed[0]}", packed_message(name, packed))
    wide = _wide_encoding(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputDecodeError(name, e.start, e.reason, _wide_message(name, wide) if wide else None) from None
    if wide:
        raise InputDecodeError(name, 0, f"looks like {wide}", _wide_message(name, wide))
    return text


# (magic bytes, what it is, the fix): files that are no text, whose bytes "iconv -f latin1"
# would turn into garbage text rather than the words inside them
_PACKED = (
    (b"\x1f\x8b", "a gzip-compressed file", "decompress it first: gunzip -k {name}"),
    (b"BZh", "a bzip2-compressed file", "decompress it first: bunzip2 -k {name}"),
    (b"\xfd7zXZ\x00", "an xz-compressed file", "decompress it first: unxz -k {name}"),
    (b"\x28\xb5\x2f\xfd", "a zstd-compressed file", "decompress it first: unzstd {name}"),
    (b"PK\x03\x04", "a zip archive (or a .docx/.odt document, which is one)",
     "unzip it, or save the document as plain text (UTF-8) first"),
    (b"%PDF-", "a PDF document", "extract its text first, e.g. pdftotext -enc UTF-8 {name}"),
)


def packed_format(data: bytes) -> Optional[Tuple[str, str]]:
    """``(what it is, the fix)`` if ``data`` starts as a compressed file, an archive or a
    PDF, else None. (bzip2's "BZh" is only taken with its block magic after it: a text may start "BZh".)"""
    for magic, what, fix in _PACKED:
        if data.startswith(magic) and (magic != b"BZh" or data[4:10] == b"\x31\x41\x59\x26\x53\x59"):
            return what, fix
    return None


def packed_message(name: str, packed: Tuple[str, str]) -> str:
    return f"{name}: this is {packed[0]}, not UTF-8 text; {packed[1].format(name=name)}"


def check_not_packed(path: str) -> None:
    """An :class:`InputError` with the fix if the file at ``path`` is compressed, an
    archive or a PDF (read from its first bytes; see :func:`packed_format`)."""
    try:
        with open(path, "rb") as f:
            head = f.read(16)
    except OSError as e:
        raise InputError(f"{path}: cannot read it ({e.strerror or e}); check the path and its permissions") from None
    packed = packed_format(head)
    if packed:
        raise InputError(packed_message(path, packed))


_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))


def _wide_encoding(data: bytes) -> Optional[str]:
    """``"UTF-16"``/``"UTF-32"`` (or an LE/BE variant) if ``data`` looks encoded so, else None.

    A byte-order mark decides; without one, NULs in a third or more of the first
    4 KB (which no real UTF-8 text has) decide, their positions giving the kind.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    head = data[:4096]
    if len(head) < 8 or head.count(0) * 3 < len(head):
        return None
    if head.count(0) * 2 > len(head) * 1.2:  # three NULs in four bytes
        return "UTF-32LE" if head[1:4] == b"\x00\x00\x00" else "UTF-32BE"
    odd = head[1::2].count(0)
    return "UTF-16LE" if odd >= head[0::2].count(0) else "UTF-16BE"


def _wide_message(name: str, enc: str) -> str:
    return (f"{name}: this file looks like {enc}, not UTF-8; quoteattr reads UTF-8: convert the file, "
            f"e.g. `iconv -f {enc} -t utf-8 {name} > converted.txt`")


def loads_json(s: str) -> Any:
    """``json.loads``, skipping a leading byte order mark; nesting too deep to read is a ``JSONDecodeError``.

    Why: Python's parser raises RecursionError on ``[[[[…`` about a thousand
    levels deep, which would escape every caller's ``except JSONDecodeError``
    as a crash; and a file saved by a Windows editor starts with a BOM.
    """
    try:
        return json.loads(s[1:] if s[:1] == "\ufeff" else s)
    except RecursionError:
        raise json.JSONDecodeError("arrays or objects nested too deeply to read", s, 0) from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise
    except ValueError:  # an integer of more than 4,300 digits (see _too_long)
        raise _too_long(s, 0) from None


def raw_decode_json(s: str, pos: int = 0) -> Tuple[Any, int]:
    """``JSONDecoder().raw_decode(s, pos)``, with nesting too deep as for :func:`loads_json`."""
    try:
        return json.JSONDecoder().raw_decode(s, pos)
    except RecursionError:
        raise json.JSONDecodeError("arrays or objects nested too deeply to read", s, pos) from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise
    except ValueError:  # an integer of more than 4,300 digits (see _too_long)
        raise _too_long(s, pos) from None


def _too_long(s: Any, pos: int) -> json.JSONDecodeError:
    """The ``JSONDecodeError`` for a number too long to read.

    Why: Python refuses to convert an integer of more than 4,300 digits (a
    denial-of-service guard) with a plain ``ValueError``, which would escape
    every caller's ``except JSONDecodeError`` as a crash (a whole corpus run
    ended by one record).
    """
    limit = getattr(sys, "get_int_max_str_digits", lambda: 4300)()
    return json.JSONDecodeError(f"a number too long to read (Python reads integers of at most {limit} digits)", s, pos)
