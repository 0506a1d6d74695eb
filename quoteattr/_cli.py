"""The ``quoteattr`` command.

Usage::

    quoteattr [FILE|DIR ...] [--format auto|json|jsonl|table] [--output FILE]
              [--model auto|compact|stanza|DIR] [--no-text] [--quiet]
    quoteattr CORPUS.jsonl [--text-field text] [--id-field id] -o OUT.jsonl [--resume] [--errors ERR.jsonl]
    quoteattr models [--download]
    quoteattr serve FILE|DIR ... [--port 5000] [--host 127.0.0.1]
    quoteattr evaluate --gold DIR|FILE --format polnear|seed [--json] [--errors FILE]

Exit codes (also in docs/cli.md):

* 0 — success;
* 1 — some inputs failed (each reported on stderr; the others were written);
* 2 — bad input or options (undecodable or missing file, bad argument);
* 3 — no parsing model available;
* 74 — writing the output failed part-way (disk full, I/O error);
* 70 — internal error (a bug; ``QUOTEATTR_DEBUG=1`` shows the traceback);
* 130 — interrupted.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import json
import os
import sys
from pathlib import Path
from typing import IO, Iterator, List, Optional, Sequence, Tuple

from ._errors import InputError, OptionError, OutputError, QuoteAttrError
from ._files import decode_bytes, loads_json, raw_decode_json, read_text_file
from ._version import __version__

__all__ = ["main"]

EXIT_OK, EXIT_PARTIAL, EXIT_INPUT, EXIT_MODEL, EXIT_INTERNAL, EXIT_INTERRUPT = 0, 1, 2, 3, 70, 130
EXIT_IO = OutputError.exit_code  # 74, EX_IOERR

_ESCAPE = "quoteattr.escape"


def _escape(err: UnicodeError):
    """Codec error handler: each character the output cannot hold becomes ``\\uXXXX``.

    Why this form: it is a valid escape inside a JSON string (astral characters
    as a surrogate pair), so JSON output stays JSON on a latin-1 or cp1252
    console, and it is what a lone surrogate looks like in the JSON output.
    """
    if not isinstance(err, UnicodeEncodeError):
        raise err
    out = []
    for ch in err.object[err.start:err.end]:
        c = ord(ch)
        if c > 0xFFFF:
            c -= 0x10000
            out.append(f"\\u{0xD800 + (c >> 10):04x}\\u{0xDC00 + (c & 0x3FF):04x}")
        else:
            out.append(f"\\u{c:04x}")
    return "".join(out), err.end


codecs.register_error(_ESCAPE, _escape)


class _Sink:
    """A text stream the CLI writes its output to: stdout or a file it opened.

    Why: every format (JSON, JSON Lines, table, CSV, an evaluation report) must
    reach the user whatever the text holds and wherever it goes. A lone
    surrogate (from a JSON ``"\\ud800"`` escape, or a file name that is not
    UTF-8) or a character the console's encoding lacks is written as a
    ``\\uXXXX`` escape, the same to stdout as to a file, instead of ending
    the run. And a write that fails part-way (a full disk) is an
    :class:`OutputError` naming the path and the errno (exit 74), not an
    internal error.
    """

    def __init__(self, stream: IO[str], path: str, what: str, own: bool, hint: str = ""):
        self.stream, self.path, self.what, self.own, self.hint = stream, path, what, own, hint
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            self._utf8 = codecs.lookup(encoding).name == "utf-8"
        except LookupError:
            encoding, self._utf8 = "utf-8", True
        self._encoding = encoding

    def _safe(self, s: str) -> str:
        from ._output import escape_surrogates

        if self._utf8:
            return escape_surrogates(s)
        return s.encode(self._encoding, _ESCAPE).decode(self._encoding)

    def _failed(self, e: OSError) -> OutputError:
        return OutputError(self.path, e, self.what, self.hint)

    @contextlib.contextmanager
    def _guarded(self) -> Iterator[None]:
        """An ``OSError`` inside becomes this output's :class:`OutputError`; a reader
        that stopped early (``| head``, ``BrokenPipeError``) is no failure and passes."""
        try:
            yield
        except BrokenPipeError:
            raise
        except OSError as e:
            raise self._failed(e) from e

    def write(self, s: str) -> int:
        with self._guarded():
            return self.stream.write(self._safe(s))

    def flush(self) -> None:
        with self._guarded():
            self.stream.flush()

    def close(self) -> None:
        """Close a file the CLI opened; flush stdout, so a failure shows now, not at exit."""
        with self._guarded():
            if self.own:
                self.stream.close()
            else:
                self.stream.flush()


def _stdout() -> _Sink:
    """Standard output as a :class:`_Sink`; an ``InputError`` if the shell closed it (``>&-``)."""
    if sys.stdout is None:
        raise InputError("standard output is closed; pass --output FILE, or leave stdout open")
    return _Sink(sys.stdout, "<stdout>", "", own=False)


def _check_output_path(path: str, what: str = "--output") -> None:
    """Fail early, before any parsing, on an output path that cannot be written.

    Why: a run can take hours; learning at the first write that the directory is
    missing, or that the path is a directory, wastes all of it.
    """
    p = Path(path)
    if os.path.isdir(p):  # (os.path never raises: Path.is_dir does, for a name too long)
        raise InputError(f"{what} {path}: is a directory; give a file path, e.g. {Path(path) / 'out.jsonl'}")
    parent = p.parent if str(p.parent) else Path(".")
    if os.path.exists(parent) and not os.path.isdir(parent):
        raise InputError(f"{what} {path}: {parent} is a file, not a directory; give a path in a directory")
    if not os.path.isdir(parent):
        raise InputError(f"{what} {path}: the directory {parent} does not exist; create it first (mkdir -p {parent})")


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):  # one does not exist (yet): compare the paths
        return os.path.abspath(a) == os.path.abspath(b)


def _check_outputs_apart(inputs: Sequence[str], output: Optional[str], errors: Optional[str]) -> None:
    """Refuse an ``--output``/``--errors`` path that is an input, or each other.

    Why: outputs are opened (and truncated) before the inputs are read, so
    ``quoteattr a.txt -o a.txt`` would destroy the article and attribute an
    empty text, and two handles on one file overwrite each other's lines.
    """
    if output and errors and _same_file(output, errors):
        raise InputError(f"--errors {errors} is the --output file too; give the errors their own file")
    for what, out in (("--output", output), ("--errors", errors)):
        if not out:
            continue
        for p in inputs:
            if p != "-" and _same_file(p, out):
                raise InputError(f"{what} {out} is also an input ({p}); writing it would destroy it before it is read: "
                                 "give another output path")


def _open_output(path: str, mode: str, what: str = "--output", newline: Optional[str] = None, hint: str = "") -> _Sink:
    """Open an output file as a :class:`_Sink`; failing to open is an ``InputError``
    naming the path (exit 2), failing to write later an ``OutputError`` (exit 74).

    Lone surrogates are written as ``\\udXXX`` escapes (see :class:`_Sink`).
    """
    _check_output_path(path, what)
    try:
        f = open(path, mode, encoding="utf-8", errors=_ESCAPE, newline=newline)
    except OSError as e:
        raise InputError(f"{what} {path}: cannot write ({e.strerror or e}); check the path and its permissions") from None
    return _Sink(f, path, what, own=True, hint=hint)


def _expand(inputs: Sequence[str]) -> List[str]:
    """The input files: a directory stands for its ``*.txt`` files, and a pattern no
    file is named after (``"data/*.txt"``, quoted, or typed in a Windows shell, which
    passes patterns on as they are) for the files it matches, in sorted order."""
    import glob

    out: List[str] = []
    for item in inputs:
        if item != "-" and not os.path.lexists(item) and glob.has_magic(item):
            matches = sorted(glob.glob(item))
            if matches:
                out.extend(_expand(matches))
                continue
        if item != "-" and os.path.isdir(item):  # (never raises, unlike Path.is_dir for a name too long)
            # (a folder named "2024.txt" is no text file: it would fail the run as an unreadable input)
            out.extend(str(f) for f in sorted(Path(item).glob("*.txt")) if not os.path.isdir(f))
        else:
            out.append(item)
    return out


def _parse(ap: argparse.ArgumentParser, argv: List[str]) -> argparse.Namespace:
    """``ap.parse_args``, with a hint when an unrecognized argument is a file.

    Why: a file whose name starts with ``-`` reads as an option; argparse's
    "unrecognized arguments: -notes.txt" does not say how to pass it.
    """
    args, extra = ap.parse_known_args(argv)
    if extra:
        files = [x for x in extra if x.startswith("-") and os.path.exists(x)]
        hint = (f"; {files[0]} is a file: put -- before file names starting with '-' (quoteattr -- {files[0]}) "
                f"or write ./{files[0]}") if files else ""
        ap.error(f"unrecognized arguments: {' '.join(extra)}{hint}")
    return args


def _whole(value: str, least: int) -> int:
    """``value`` as an integer >= ``least``, or the argparse error that says so."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n < least:
        raise argparse.ArgumentTypeError(f"expected a number >= {least}, got {n}")
    return n


def _positive(value: str) -> int:
    """An argparse type: an integer >= 1 (a batch size, a number of processes)."""
    return _whole(value, 1)


def _attribution_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="quoteattr",
        description="Find who said what, and who reported it, in news text. Prints JSON (schema 1).",
        epilog="Other commands: `quoteattr models [--download]`. Exit codes: 0 ok, 1 some inputs failed, 2 bad input, 3 no model, 74 writing the output failed (disk full), 70 a bug.",
    )
    ap.add_argument("inputs", nargs="*", help="text files or directories of .txt files (UTF-8); '-' or nothing reads stdin")
    ap.add_argument("-f", "--format", choices=["auto", "json", "jsonl", "table", "csv", "brat"], default="auto",
                    help="json for one input, jsonl for several (auto); table for reading; csv: one row per attribution; "
                         "brat: .txt and .ann files into the --output directory")
    ap.add_argument("-o", "--output", help="write here instead of stdout")
    ap.add_argument("-m", "--model", default="auto", help="auto (default), compact, stanza, or a model directory")
    ap.add_argument("--lang", default="en")
    ap.add_argument("--no-text", action="store_true", help="leave the document text out of the JSON or JSON Lines (read it back with AttributedDocument.from_json(line, text=...))")
    # (the corpus options default to None, so that one given with text files is refused, not ignored: _CORPUS_DEFAULTS)
    ap.add_argument("--text-field", help="JSONL corpus: the field holding the text (default: text)")
    ap.add_argument("--id-field", help="JSONL corpus: the field holding the record id (default: id)")
    ap.add_argument("--resume", action="store_true", help="JSONL corpus: skip ids already in --output and append")
    ap.add_argument("--errors", help="JSONL corpus: write bad records here (one JSON line each)")
    # (checked by argparse: the pipeline checked them only once --output was opened, and emptied)
    ap.add_argument("--batch-size", type=_positive, help="JSONL corpus: records parsed together (default: 16)")
    ap.add_argument("-j", "--n-process", type=_positive, help="JSONL corpus: worker processes (each loads the model once; default: 1)")
    ap.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    ap.add_argument("--version", action="version", version=f"quoteattr {__version__}")
    return ap


def _models_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="quoteattr models", description="List installed parsing models and which one 'auto' picks.")
    ap.add_argument("--download", action="store_true", help="download stanza's full English models (needs network)")
    ap.add_argument("--lang", default="en")
    return ap


def _close(bar, out, errors) -> None:
    """Close the progress bar and the outputs of a run (stdout is flushed, not closed).

    Each is closed even if another fails (a full disk fails the last flush);
    then the first failure is raised.
    """
    first: Optional[BaseException] = None
    for thing in (bar, out, errors):
        if thing is None:
            continue
        try:
            thing.close()
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as e:
            first = first or e
    if first is not None:
        raise first


def _err(msg: str) -> None:
    sys.stderr.write(f"quoteattr: error: {msg}\n")


def main(argv: Optional[Sequence[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "models":
            return _models(argv[1:])
        if argv and argv[0] == "evaluate":
            return _evaluate(argv[1:])
        if argv and argv[0] == "serve":
            return _serve(argv[1:])
        return _attribute(argv)
    except KeyboardInterrupt:
        _err("interrupted")
        return EXIT_INTERRUPT
    except QuoteAttrError as e:
        if isinstance(e, OutputError) and e.path == "<stdout>":
            _quiet_stdout()
        _err(str(e))
        return e.exit_code
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_OK
    except OSError as e:
        # the system refused a path the checks above let through (a name too long, no
        # permission): the user's to fix, so one line naming it, as for bad input
        if os.environ.get("QUOTEATTR_DEBUG"):
            raise
        from ._errors import errno_name

        where = f"{e.filename}: " if e.filename else ""
        _err(f"{where}{e.strerror or e} ({errno_name(e.errno)}); check the path and its permissions")
        return EXIT_INPUT
    except Exception as e:  # a bug: one line, with a way to see the traceback
        if os.environ.get("QUOTEATTR_DEBUG"):
            raise
        _err(f"internal error: {type(e).__name__}: {e} (set QUOTEATTR_DEBUG=1 for the traceback, and please report it)")
        return EXIT_INTERNAL


def _quiet_stdout() -> None:
    """Point the process's stdout at /dev/null once writing to it has failed.

    Why: what stays in its buffer would fail again when Python flushes it at
    exit, printing "Exception ignored ..." and turning the exit code into 120.
    Only done for the real stdout (not when the CLI runs inside a program that
    replaced ``sys.stdout``).
    """
    if sys.stdout is None or sys.stdout is not sys.__stdout__:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _models(argv: List[str]) -> int:
    from ._parsing import download_stanza_models, installed_models

    args = _models_parser().parse_args(argv)
    if args.download:
        path = download_stanza_models(args.lang)
        sys.stderr.write(f"downloaded stanza's {args.lang} models to {path}\n")
    out = _stdout()
    for m in installed_models(args.lang):
        mark = "*" if m.get("auto") else " "
        detail = m.get("error") or f"{m.get('version', '')} {m.get('path', '')}"
        out.write(f"{mark} {m['kind']:8} {m['name']:24} {detail}\n")
    out.write("(* = what model='auto' uses)\n")
    out.close()
    return EXIT_OK


def _serve_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="quoteattr serve",
        description="Browse attributions in a web browser (a local page: filter by speaker or outlet, follow chains).",
    )
    ap.add_argument("inputs", nargs="+",
                    help="text files or directories of .txt files (parsed now), or quoteattr output "
                         "(.json, or .jsonl with one document per line) to browse without re-parsing")
    ap.add_argument("-p", "--port", type=int, default=5000, help="port (default 5000; 0 picks a free one)")
    ap.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1: this machine only)")
    ap.add_argument("-m", "--model", default="auto", help="parsing model for text inputs (see `quoteattr models`)")
    ap.add_argument("--lang", default="en")
    return ap


def load_output(path: str) -> List["AttributedDocument"]:  # noqa: F821 (lazy import below)
    """Read quoteattr's own JSON (one document) or JSON Lines output back into documents."""
    from ._output import document_from_dict

    text = read_text_file(path)
    records: List[Tuple[int, object]] = []
    if path.lower().endswith(".json"):
        # one document, an array of them (what `quoteattr -f json A.txt B.txt` writes),
        # or several one after another (what earlier releases wrote)
        pos = 1 if text[:1] == "\ufeff" else 0  # a byte order mark
        while True:
            while pos < len(text) and text[pos].isspace():
                pos += 1
            if pos == len(text) and records:
                break
            try:
                d, end = raw_decode_json(text, pos)
            except json.JSONDecodeError as e:
                raise InputError(f"{path}: not valid JSON ({e.msg} at line {e.lineno}); expected quoteattr output") from None
            line = text.count("\n", 0, pos) + 1
            records.extend((line, x) for x in (d if isinstance(d, list) else [d]))
            pos = end
    else:
        # JSON Lines end at "\n" alone: str.splitlines() also breaks at U+2028, U+2029 and
        # U+0085, which JSON writes raw inside strings (a text holding one was cut in two)
        for n, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                records.append((n, loads_json(line)))
            except json.JSONDecodeError as e:
                raise InputError(f"{path}, line {n}: not valid JSON ({e.msg}); expected quoteattr output, one document per line") from None
    docs = []
    for n, d in records:
        if not isinstance(d, dict) or "schema" not in d:
            raise InputError(f"{path}, line {n}: not quoteattr output (no \"schema\" field); "
                             f"run `quoteattr {path} -o OUT.jsonl` first and serve OUT.jsonl")
        if d.get("text") is None:  # (not ``not d.get("text")``: an empty text is a document, e.g. an empty record's)
            raise InputError(f"{path}, line {n}: the document has no text (written with --no-text?); "
                             "write the output again without --no-text to browse it")
        try:
            docs.append(document_from_dict(d))
        except (QuoteAttrError, KeyError, TypeError, ValueError, AttributeError, IndexError) as e:
            detail = str(e) if isinstance(e, QuoteAttrError) else f"{type(e).__name__}: {e}"
            raise InputError(f"{path}, line {n}: {detail}; write the file again with `quoteattr TEXT -o {path}`") from None
    return docs


def _serve(argv: List[str]) -> int:
    from ._serve import serve

    args = _parse(_serve_parser(), argv)
    if not 0 <= args.port <= 65535:
        raise OptionError(f"--port {args.port}: a port is 0-65535 (0 picks a free one)")
    docs = []
    texts = []
    for item in _expand(args.inputs):
        if item.lower().endswith((".json", ".jsonl", ".ndjson")):  # (any case: OUT.JSONL was parsed as an article)
            docs.extend(load_output(item))
        else:
            texts.append(item)
    if not docs and not texts:
        raise InputError(f"no documents found in {', '.join(args.inputs)}")
    if texts:
        from ._pipeline import Pipeline

        pipe = Pipeline(lang=args.lang, model=args.model)
        for name, text, error in _inputs(texts, args.inputs):
            if error is not None:
                raise error
            docs.append(pipe(text, file=name))
    serve(docs, port=args.port, host=args.host, block=True)
    return EXIT_OK


def _count(value: str) -> int:
    """An argparse type: an integer >= 0.

    Why: ``--limit -1`` would slice ``docs[:-1]`` and silently leave the last
    document out of the scores (and ``--skip -3`` score only the last three).
    """
    return _whole(value, 0)


def _evaluate_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="quoteattr evaluate", description="Score quoteattr against gold attributions and print precision/recall/F1.")
    ap.add_argument("--gold", required=True, help="a PolNeAR split directory (text/, attributions/) or a seed *.gold.json file")
    ap.add_argument("--format", choices=["polnear", "seed"], default=None, help="gold format (default: seed for a .json file, else polnear)")
    ap.add_argument("--text", help="seed format: the text file (default: the gold's text_file beside it)")
    ap.add_argument("-m", "--model", default="auto")
    ap.add_argument("--parser", choices=["stanza", "spacy"], default="stanza", help="spacy: spaCy's small English model through the UD converter")
    ap.add_argument("--relay-credit", choices=["source", "outermost"], help="PolNeAR projection: credit a relayed attribution to its speaker or its outermost relay (default: outermost)")
    ap.add_argument("--limit", type=_count, default=0, help="only the first N documents (0: all)")
    ap.add_argument("--skip", type=_count, default=0, help="skip the first N documents (e.g. to score a held-out tail of train)")
    ap.add_argument("--no-cue-model", action="store_true", help="ablation: hand-written cue lexicon only")
    ap.add_argument("--no-fallbacks", action="store_true", help="ablation: no surface fallbacks for parse errors")
    ap.add_argument("--no-learned-spans", action="store_true", help="ablation: no learned span model (rules alone)")
    ap.add_argument("--span-decoding", choices=["words", "spans"], default="spans",
                    help="read the span model by the likeliest whole spans (default) or by runs of words above a threshold")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument("--errors", help="write per-document errors (JSON) here")
    ap.add_argument("-q", "--quiet", action="store_true")
    return ap


def _evaluate(argv: List[str]) -> int:
    from ._evaluate import run_evaluation
    from ._output import dumps_line

    args = _evaluate_parser().parse_args(argv)
    _dash_outputs(args)
    if args.errors:
        _check_output_path(args.errors, "--errors")
    gold_files = _check_gold(args.gold, args.format, args.text)
    _check_evaluate_options(args)
    # the errors are written after the gold is read: --errors naming the gold or its text would overwrite it
    _check_outputs_apart(gold_files, None, args.errors)
    try:
        report = run_evaluation(
            args.gold, fmt=args.format, model=args.model, parser=args.parser, relay_credit=args.relay_credit or "outermost",
            limit=args.limit, text=args.text, progress=not args.quiet and sys.stderr.isatty(),
            skip=args.skip, use_cue_model=not args.no_cue_model, fallbacks=not args.no_fallbacks, learned_spans=not args.no_learned_spans,
            span_decoding=args.span_decoding,
        )
    except (OSError, UnicodeDecodeError) as e:  # reading the gold files (checked above; this is the backstop)
        where = getattr(e, "filename", None) or args.gold
        raise InputError(f"--gold {args.gold}: cannot read {where}: {e.strerror if isinstance(e, OSError) else e}; "
                         "check the gold files (UTF-8 text)") from None
    errors = report.pop("errors", None)
    if args.errors:
        f = _open_output(args.errors, "w", "--errors")
        try:
            f.write(dumps_line(errors, indent=1))
        finally:
            f.close()
    out = _stdout()
    if args.json:
        out.write(dumps_line(report, indent=2) + "\n")
    else:
        from ._evaluate import format_report

        out.write(format_report(report))
    out.close()
    return EXIT_OK


def _check_evaluate_options(args: argparse.Namespace) -> None:
    """Refuse an option the evaluation would ignore.

    Why: ``--limit``/``--skip`` and ``--relay-credit`` with a seed file, and ``--model``
    with ``--parser spacy``, were ignored without a word: the report looked like the
    one asked for, but was not.
    """
    seed = (args.format or ("seed" if Path(args.gold).suffix.lower() == ".json" else "polnear")) == "seed"
    if seed:
        for name, value in (("--limit", args.limit), ("--skip", args.skip)):
            if value:
                raise OptionError(f"{name} counts the documents of a PolNeAR split; a seed gold file (--gold {args.gold}) is "
                                  f"one document: drop {name}")
        if args.relay_credit is not None:
            raise OptionError("--relay-credit chooses how attributions are projected onto PolNeAR's roles; a seed gold file "
                              "is scored without that projection: drop --relay-credit")
    if args.parser == "spacy" and args.model != "auto":
        raise OptionError(f"--model {args.model} names the stanza or compact model; --parser spacy parses with spaCy's small "
                          "English model instead: drop --model, or drop --parser spacy")


def _check_gold(gold: str, fmt: Optional[str], text: Optional[str]) -> List[str]:
    """Name the missing piece of the gold before anything runs: the gold path itself,
    and a seed file's text (``run_evaluation`` then reads and checks every file, still
    before the model loads).

    Returns:
        the gold files (the gold path, a seed file's text, a PolNeAR split's files), which no output may overwrite.
    """
    from ._evaluate import load_seed_gold

    p = Path(gold)
    if not os.path.exists(p):  # (never raises, unlike Path.exists for a name too long)
        raise InputError(f"--gold {gold}: no such file or directory; give a seed *.gold.json file or a PolNeAR split directory")
    fmt = fmt or ("seed" if p.suffix.lower() == ".json" else "polnear")
    if fmt == "polnear" and text is not None:  # it was ignored: the split's own texts were scored, not the file named
        raise OptionError(f"--text names a seed gold's text file; a PolNeAR split (--gold {gold}) reads its texts from text/ "
                          "beside attributions/: drop --text (or, for a seed file, pass --format seed)")
    if fmt == "polnear":
        if not p.is_dir():
            raise InputError(f"--gold {gold}: a PolNeAR split is a directory (text/, attributions/); for a seed file pass --format seed")
        return [gold] + [str(f) for sub in ("text", "attributions") for f in sorted((p / sub).glob("*"))]
    g = load_seed_gold(p)
    if text is None:
        name = g.get("text_file", p.name.replace(".gold.json", ".txt"))
        if not isinstance(name, str):
            raise InputError(f"--gold {gold}: \"text_file\" must be a file name, got {type(name).__name__}")
        text = str(p.parent / name)
    if not Path(text).is_file():
        raise InputError(f"{text}: the gold's text file does not exist; pass it with --text")
    return [gold, text]


def _brat_out(args: argparse.Namespace, pipe, paths: List[str]) -> int:
    """Write ``<name>.txt`` and ``<name>.ann`` per input into the --output directory, to open in brat."""
    if not args.output:
        raise OptionError("--format brat writes files: pass --output DIRECTORY")
    outdir = Path(args.output)
    if outdir.exists() and not outdir.is_dir():
        raise InputError(f"--output {outdir}: is a file; --format brat writes a directory of .txt/.ann files: give a directory path")
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(f"--output {outdir}: cannot create the directory ({e.strerror or e}); check the path and its permissions") from None
    failures = 0
    taken: set = set()
    errors = _open_output(args.errors, "w", "--errors") if args.errors else None
    try:
        for k, (name, text, error) in enumerate(_inputs(paths, args.inputs)):
            doc = _attribute_one(pipe, name, text, error, len(paths), errors)
            if doc is None:
                failures += 1
                continue
            _write_brat(outdir, _free_stem(Path(name).stem if name != "<stdin>" else f"stdin{k}", taken), name, text, doc)
    finally:
        _close(None, None, errors)
    return EXIT_PARTIAL if failures else EXIT_OK


def _write_brat(outdir: Path, stem: str, name: str, text: str, doc) -> None:
    """``stem.txt`` (the text as read) and ``stem.ann`` (its attributions) in ``outdir``."""
    from ._brat import write_ann
    from ._output import _SURROGATE

    if stem != Path(name).stem and name != "<stdin>":
        sys.stderr.write(f"quoteattr: {name}: another input is also named {Path(name).stem}.txt; written as {stem}.txt/.ann\n")
    for path, body in ((outdir / f"{stem}.txt", text), (outdir / f"{stem}.ann", write_ann(doc))):
        sink = _open_output(str(path), "w", newline="")
        # a lone surrogate cannot be stored as UTF-8; U+FFFD keeps every brat offset right
        # (brat counts characters), where the other formats' \\uXXXX escape would shift them
        try:
            sink.write(_SURROGATE.sub("\ufffd", body))
        finally:
            sink.close()


def _attribute_one(pipe, name: str, text: Optional[str], error: Optional[QuoteAttrError], n_inputs: int,
                   errors: Optional[_Sink]) -> Optional["AttributedDocument"]:  # noqa: F821
    """The document of one input file, or None once its failure is reported.

    One file among several that cannot be read, or that the pipeline fails on,
    is reported (stderr, and ``--errors``) and the run goes on, as a corpus run
    does with a record; one input alone fails the run loudly (nothing else
    would be lost), unless ``--errors`` asks for a report.
    """
    from ._output import dumps_line

    if error is None:
        try:
            return pipe(text, file=name)
        except (KeyboardInterrupt, SystemExit, MemoryError):
            raise
        except Exception as e:
            if n_inputs == 1:
                raise
            # a bug in quoteattr unless a QuoteAttrError: keep its type for the report
            msg = str(e) if isinstance(e, QuoteAttrError) else (
                f"internal error while attributing this file: {type(e).__name__}: {e} (the run went on; please report it with this file)")
            _err(f"{name}: {msg}")
    else:
        if n_inputs == 1 and errors is None:
            raise error
        msg = str(error)
        _err(msg)
    if errors is not None:
        errors.write(dumps_line({"file": name, "error": msg}) + "\n")
        errors.flush()
    return None


_RESUME_HINT = "; the lines written so far are kept: run again with --resume to go on"


def _resume_ids(output: str, id_field: str, key: str) -> set:
    """The ids already in ``output`` for ``--resume``, after cutting a torn last line.

    Failing to read or cut the file (permissions, a directory) is an
    ``InputError`` naming it, before anything is parsed.
    """
    from ._corpus import done_ids, drop_torn_line

    try:
        if drop_torn_line(output):
            sys.stderr.write(f"quoteattr: cut a half-written last line from {output}\n")
        return done_ids(output, id_field, key=key)
    except OSError as e:
        raise InputError(f"--output {output}: cannot read it to resume ({e.strerror or e}); "
                         "check its permissions, or run without --resume to start over") from None


def _free_stem(stem: str, taken: set) -> str:
    """``stem``, or ``stem-2``, ``stem-3`` … if an earlier input of the run took it.

    Why: ``a/x.txt`` and ``b/x.txt`` would both be written as ``x.txt``/``x.ann``,
    the second silently replacing the first.
    """
    out, n = stem, 1
    while out.casefold() in taken:  # casefold: one file on a case-insensitive disk
        n += 1
        out = f"{stem}-{n}"
    taken.add(out.casefold())
    return out


def _check_not_packed(path: str) -> None:
    """A corpus that is compressed (``gzip corpus.jsonl`` kept its name) fails now, with the fix.

    Why: read line by line, every "line" of a gzip file was its own record error
    ("not valid UTF-8"), thousands of them, and the run ended with nothing written.
    """
    from ._files import check_not_packed

    check_not_packed(path)


def _pipeline(cls, args: argparse.Namespace):
    """The pipeline of a run, its model found on disk (not loaded) before any output is opened.

    Why: ``--model DIR`` naming no model failed at the first text, after ``--output``
    had been opened for writing: the run failed (exit 3) and emptied the output of
    an earlier run.
    """
    pipe = cls(lang=args.lang, model=args.model)
    if isinstance(getattr(type(pipe), "spec", None), property):  # (a stand-in pipeline in the tests has none)
        pipe.spec
    return pipe


# the options that apply to a JSON Lines corpus alone, with their defaults
_CORPUS_DEFAULTS = {"text_field": "text", "id_field": "id", "batch_size": 16, "n_process": 1}


def _corpus_only(args: argparse.Namespace) -> None:
    """Refuse a corpus option given with text files.

    Why: ``quoteattr articles/ --text-field body`` or ``-j 4`` was ignored without a
    word (text files are attributed one at a time, their whole text each), and a
    user waited for four processes that never started.
    """
    for dest in _CORPUS_DEFAULTS:
        if getattr(args, dest) is not None:
            name = "-j/--n-process" if dest == "n_process" else "--" + dest.replace("_", "-")
            raise OptionError(f"{name} applies to a JSON Lines corpus (a .jsonl input) only; the inputs here are text files, "
                              f"each attributed whole: drop {name.split('/')[-1]} (or put the texts in a corpus: one JSON object per line)")


def _corpus(args: argparse.Namespace, path: str) -> int:
    """A JSONL corpus: stream records, write JSONL, resumable."""
    from ._corpus import run_corpus
    from ._pipeline import Pipeline

    for dest, default in _CORPUS_DEFAULTS.items():
        if getattr(args, dest) is None:
            setattr(args, dest, default)

    if not Path(path).is_file():
        raise InputError(f"{path}: no such file; check the path")
    _check_not_packed(path)
    if args.format not in ("auto", "jsonl"):
        raise OptionError(f"a JSONL corpus is written as JSONL, not {args.format}; drop --format")
    if args.resume and not args.output:
        raise OptionError("--resume needs --output FILE (the ids already there are skipped)")
    if args.id_field == args.text_field:  # else every record failed, the text moved to "id" ("no 'text' field")
        raise OptionError(f"--id-field and --text-field both name {args.text_field!r}; the id must be another field "
                          "(records without it are numbered by line)")
    if args.output:
        _check_output_path(args.output)
    if args.errors:
        _check_output_path(args.errors, "--errors")
    _check_outputs_apart([path], args.output, args.errors)
    if not args.output:
        _stdout()  # a closed stdout fails now, before the model loads
    for name, field in (("--text-field", args.text_field), ("--id-field", args.id_field)):
        if not field:  # (the pipeline refused it only once --output was opened, and emptied)
            raise OptionError(f"{name} must name a field, got ''")
    pipe = _pipeline(Pipeline, args)
    resume = _resume_ids(args.output, args.id_field, "id") if args.resume else set()
    out = _open_output(args.output, "a" if args.resume else "w", hint=_RESUME_HINT) if args.output else _stdout()
    try:
        errors = _open_output(args.errors, "a" if args.resume else "w", "--errors") if args.errors else None
    except InputError:
        _close(None, out, None)
        raise
    bar = None
    if not args.quiet and sys.stderr.isatty():
        from tqdm import tqdm

        with open(path, "rb") as fh:  # one fast pass for the total, so the bar shows an ETA
            total = sum(1 for line in fh if line.strip())
        bar = tqdm(total=total, unit="rec", file=sys.stderr)
    try:
        counts = run_corpus(pipe, path, out, text_field=args.text_field, id_field=args.id_field, resume_ids=resume,
                            errors=errors, batch_size=args.batch_size, include_text=not args.no_text, progress=bar,
                            n_process=args.n_process)
    except KeyboardInterrupt:
        if not args.output:
            raise
        _err("interrupted" + _RESUME_HINT)  # every line written is whole: say how to go on
        return EXIT_INTERRUPT
    finally:
        _close(bar, out, errors)
    if not args.quiet:
        sys.stderr.write(f"quoteattr: {counts['written']} written, {counts['skipped']} skipped (done before), {counts['failed']} failed\n")
    return EXIT_PARTIAL if counts["failed"] else EXIT_OK


def _inputs(paths: List[str], given: Optional[Sequence[str]] = None) -> Iterator[Tuple[str, Optional[str], Optional[QuoteAttrError]]]:
    """``(name, text, error)`` per input path, exactly one of text and error set.

    A path found in a directory (not in ``given``, the paths the user typed) must
    be a regular file: a FIFO or device named ``*.txt`` there would block the
    run forever. One typed on the command line is read as given (``<(cmd)``).
    """
    typed = set(given) if given is not None else None
    for p in paths:
        if p == "-":
            if sys.stdin is None:  # the shell closed it (<&-)
                yield "<stdin>", None, InputError("standard input is closed; pass the text files by name, or pipe the text in")
                continue
            try:
                yield "<stdin>", decode_bytes(sys.stdin.buffer.read(), "<stdin>"), None
            except QuoteAttrError as e:
                yield "<stdin>", None, e
            continue
        if typed is not None and p not in typed and os.path.exists(p) and not os.path.isfile(p) and not os.path.isdir(p):
            yield p, None, InputError(f"{p}: not a regular file (a FIFO, socket or device in the directory); "
                                      "move it out, or pass it by name to read it")
            continue
        try:
            yield p, read_text_file(p), None
        except QuoteAttrError as e:
            yield p, None, e


# what a spreadsheet reads as the start of a formula (OWASP, "CSV Injection"): = + - @,
# and a tab or CR before one; and the ' that neutralises them, so that it can be undone
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def _csv_cell(value: object) -> object:
    """A CSV cell that no spreadsheet runs as a formula: a text starting with ``=``,
    ``+``, ``-``, ``@``, a tab or a CR gets a ``'`` in front (OWASP's advice), and so does
    one that already starts with ``'``.

    Why: a quotation is whatever the article says (``“=HYPERLINK(…)”``, ``“-2+3”``), and
    a spreadsheet opening the CSV would run it. Why the second rule: taking one leading
    ``'`` off every cell that has one gives back exactly the text found; nothing is lost.
    Numbers (offsets, confidence) are written as they are.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv_safe(row: dict) -> dict:
    return {k: _csv_cell(v) for k, v in row.items()}


# the formats --no-text means nothing to, and why
_NO_TEXT_IN = {
    "table": "the table holds no document text (only the quoted words, cut short)",
    "csv": "the CSV holds no document text (one row per attribution: its content, cue and source)",
    "brat": "brat needs each text beside its annotations (NAME.txt beside NAME.ann)",
}


def _dash_outputs(args: argparse.Namespace) -> None:
    """``-o -`` is standard output, as ``-`` for an input is standard input; ``--errors -``
    is refused.

    Why: both wrote a file named "-" in the current directory, and nothing to stdout.
    """
    if getattr(args, "output", None) == "-":
        args.output = None
    if args.errors == "-":
        raise OptionError("--errors -: give the errors a file path (each error is also one line on stderr); "
                          "'-' was written as a file named '-'")


def _is_corpus(path: str) -> bool:
    """Whether an input is a JSON Lines corpus (by its name: ``.jsonl``, ``.ndjson``, any case)."""
    return path.lower().endswith((".jsonl", ".ndjson"))


def _attribute(argv: List[str]) -> int:
    from ._output import document_to_dict, dumps_line, format_table
    from ._pipeline import Pipeline

    args = _parse(_attribution_parser(), argv)
    _dash_outputs(args)
    paths = _expand(args.inputs) if args.inputs else ["-"]
    if args.inputs and not paths:
        raise InputError(f"no .txt files found in {', '.join(args.inputs)}")
    if paths.count("-") > 1:  # the second read found stdin empty and attributed "" as a document
        raise OptionError("'-' (standard input) is given more than once; stdin can be read only once: give it once")
    corpora = [p for p in paths if _is_corpus(p)]
    if len(paths) == 1 and corpora:
        return _corpus(args, paths[0])
    if corpora:
        # else each corpus was attributed as one article: its JSON, quotes and keys and all
        others = [p for p in paths if not _is_corpus(p)]
        raise OptionError(f"{corpora[0]} is a JSON Lines corpus, and a corpus is run alone, not with "
                          + (f"other inputs ({others[0]})" if others else f"another corpus ({corpora[1]})")
                          + "; run each corpus on its own (each with its own -o), or join them first: cat a.jsonl b.jsonl > all.jsonl")
    _corpus_only(args)
    fmt = args.format
    if fmt == "auto":
        fmt = "json" if len(paths) == 1 else "jsonl"
    if args.no_text and fmt in _NO_TEXT_IN:  # it was ignored without a word (brat even wrote the text)
        raise OptionError(f"--no-text does nothing with --format {fmt}: it leaves the document's text out of JSON output, "
                          f"and {_NO_TEXT_IN[fmt]}; drop --no-text (or use --format jsonl --no-text)")
    if args.output and fmt != "brat":
        _check_output_path(args.output)
    if args.errors:
        _check_output_path(args.errors, "--errors")
    _check_outputs_apart(paths, args.output if fmt != "brat" else None, args.errors)
    if not args.output:
        _stdout()  # a closed stdout fails now, before the model loads
    if args.resume:
        # files (or a directory of them): the "file" of each finished document is its id
        if not args.output or fmt != "jsonl":
            raise OptionError("--resume needs --output FILE and JSON Lines output (several inputs, or --format jsonl)")
        done = _resume_ids(args.output, "id", "file")
        paths = [p for p in paths if p not in done]
    pipe = _pipeline(Pipeline, args)
    if fmt == "brat":
        return _brat_out(args, pipe, paths)
    out = (_open_output(args.output, "a" if args.resume else "w", newline="", hint=_RESUME_HINT if fmt == "jsonl" else "")
           if args.output else _stdout())
    try:
        errors = _open_output(args.errors, "a" if args.resume else "w", "--errors") if args.errors else None
    except InputError:
        _close(None, out, None)
        raise
    failures = 0
    show_bar = not args.quiet and sys.stderr.isatty() and len(paths) > 1
    bar = None
    if show_bar:
        from tqdm import tqdm

        bar = tqdm(total=len(paths), unit="doc", file=sys.stderr)
    try:
        table_docs = []
        wrote = 0
        writer = None
        if fmt == "csv":
            import csv

            from ._frames import COLUMNS

            writer = csv.DictWriter(out, fieldnames=COLUMNS)
            writer.writeheader()
        for name, text, error in _inputs(paths, args.inputs):
            if bar is not None:
                bar.update(1)
            doc = _attribute_one(pipe, name, text, error, len(paths), errors)
            if doc is None:
                failures += 1
                continue
            if fmt == "table":
                table_docs.append(doc)
                continue
            if writer is not None:
                from ._frames import rows

                writer.writerows(_csv_safe(r) for r in rows(doc, name))
                out.flush()
                continue
            d = document_to_dict(doc)
            if args.no_text:
                d.pop("text", None)
            if fmt == "json" and len(paths) > 1:
                # several documents: one JSON array, so that json.load reads the file
                out.write(("[\n" if not wrote else ",\n") + dumps_line(d, indent=2))
                wrote += 1
            elif fmt == "json":
                out.write(dumps_line(d, indent=2) + "\n")
            else:
                out.write(dumps_line(d) + "\n")
                out.flush()
        if fmt == "table":
            out.write(format_table(table_docs))
        if fmt == "json" and len(paths) > 1:
            out.write("\n]\n" if wrote else "[]\n")
    except KeyboardInterrupt:
        if not (args.output and fmt == "jsonl"):
            raise
        _err("interrupted" + _RESUME_HINT)  # every line written is whole: say how to go on
        return EXIT_INTERRUPT
    finally:
        _close(bar, out, errors)
    return EXIT_PARTIAL if failures else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
