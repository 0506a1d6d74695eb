"""The one error hierarchy of quoteattr.

Every error raised on purpose by the library is a :class:`QuoteAttrError` and
also subclasses the builtin a caller would naturally catch (``ValueError`` for
bad input, ``FileNotFoundError`` for a missing model, ``TypeError`` for a wrong
argument type), so ``except ValueError`` keeps working in code that does not
know about quoteattr. Messages say what was expected, what was got, and the fix.
"""

from __future__ import annotations

from typing import Optional

__all__ = [
    "QuoteAttrError",
    "InputError",
    "InputTypeError",
    "InputDecodeError",
    "ConlluError",
    "AlignmentError",
    "ModelNotFoundError",
    "OptionError",
    "RecordError",
    "OutputError",
]


class QuoteAttrError(Exception):
    """Base class of every error quoteattr raises on purpose.

    Attributes:
        exit_code: the process exit status the CLI uses for this error.
    """

    exit_code = 1

    def __reduce__(self):  # type: ignore[override]
        """Pickled as it is: its message and attributes, without calling ``__init__`` again.

        Why: an error raised in a worker process (``pipe(n_process=2)``, dask, spaCy's
        ``nlp.pipe(n_process=2)``) is pickled back to the caller. Exception's own pickling
        calls ``__init__(message)``: ``RecordError`` then said "record: record on line 3: …",
        and ``InputDecodeError`` or ``OutputError`` (which take more arguments) failed
        to unpickle at all, a ``TypeError`` in place of the error.
        """
        state = dict(getattr(self, "__dict__", {}))
        if isinstance(self, OSError):  # (C-level fields, not in __dict__)
            # (set only where set: a filename of None makes OSError's str "[Errno None] None: None")
            state.update({k: getattr(self, k) for k in ("errno", "strerror", "filename") if getattr(self, k) is not None})
        return (_rebuild, (type(self), self.args, state))


def _rebuild(cls: type, args: tuple, state: dict) -> "QuoteAttrError":
    err = cls.__new__(cls, *args)
    err.args = args
    for key, value in state.items():
        setattr(err, key, value)
    return err


class InputError(QuoteAttrError, ValueError):
    """The input text or file cannot be processed as given."""

    exit_code = 2


class InputTypeError(QuoteAttrError, TypeError):
    """An argument has the wrong type (for example bytes where str is needed)."""

    exit_code = 2


class InputDecodeError(InputError):
    """A file is not valid UTF-8.

    Attributes:
        path: the file that failed to decode.
        offset: the byte offset of the first undecodable byte.
    """

    def __init__(self, path: str, offset: int, reason: str = "invalid UTF-8", message: Optional[str] = None):
        self.path = path
        self.offset = offset
        # (``message`` replaces the latin1 advice where the encoding is known: UTF-16 would be garbled by it)
        super().__init__(message or (
            f"{path}: cannot decode byte at offset {offset} ({reason}); "
            "quoteattr reads UTF-8: convert the file, e.g. "
            f"`iconv -f latin1 -t utf-8 {path}`"
        ))


class ConlluError(InputError):
    """Malformed CoNLL-U input.

    Attributes:
        line: 1-based line number of the offending line (None if unknown).
    """

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        where = f"CoNLL-U line {line}: " if line is not None else "CoNLL-U: "
        super().__init__(where + message)


class AlignmentError(InputError):
    """Tokens could not be aligned to the raw text they were said to come from.

    Attributes:
        line: 1-based CoNLL-U line number of the token (None if unknown).
    """

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        super().__init__(message)


class ModelNotFoundError(QuoteAttrError, FileNotFoundError):
    """No usable parsing model was found, and nothing may be downloaded."""

    exit_code = 3


class OptionError(QuoteAttrError, ValueError):
    """An option or argument has an unsupported value."""

    exit_code = 2


class RecordError(InputError):
    """A corpus record (a JSONL line) is malformed.

    Attributes:
        line: 1-based line number in the input file.
    """

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        where = f"record on line {line}: " if line is not None else "record: "
        super().__init__(where + message)


class OutputError(QuoteAttrError, OSError):
    """Writing output failed part-way (disk full, quota, I/O error).

    Why its own class and exit code: the input was fine and quoteattr has no
    bug; the fix is on the system (free space, check the device), and a script
    should tell that apart from bad input (2) and from a crash (70).

    Attributes:
        path: the file being written (``"<stdout>"`` for standard output).
        errno: the ``errno`` of the failure (``errno.ENOSPC`` for a full disk).
        strerror: the system's message for it.
    """

    exit_code = 74  # EX_IOERR in sysexits.h

    def __init__(self, path: str, err: OSError, what: str = "--output", hint: str = ""):
        self.path = path
        name = errno_name(err.errno)
        fix = "free some disk space and run again" if name in ("ENOSPC", "EDQUOT", "EFBIG") else "check the disk and the path"
        where = f"{what} {path}" if what else path
        super().__init__(f"{where}: writing failed: {err.strerror or err} ({name}); {fix}{hint}")
        self.errno = err.errno
        self.strerror = err.strerror
        self.filename = path

    def __str__(self) -> str:  # OSError's own would be "[Errno 28] ...: path", without the fix
        return str(self.args[0])


def errno_name(code: Optional[int]) -> str:
    """``"ENOSPC"`` for 28: the name a user can look up, or ``errno N``."""
    import errno

    return errno.errorcode.get(code, f"errno {code}") if code is not None else "no errno"
