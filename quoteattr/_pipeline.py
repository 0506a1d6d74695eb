"""The front door: :class:`Pipeline` and :func:`attribute`.

Data flows one way: text → quotation marks (``_marks``) → parse (``_parsing``,
``_readers``) → cues (``_cues``) → sources (``_sources``) → attributions and
chains (``_engine``) → output (``_output``).
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable, Dict, FrozenSet, Iterable, Iterator, List, Optional, Tuple, Union

import attrs
import regex

from ._docroot import find_boilerplate, find_dateline
from ._engine import attribute_parsed, keep_closing_marks
from ._errors import InputError, InputTypeError, ModelNotFoundError, OptionError
from ._lexicon import Lexicon, check_lang, load_lexicon
from ._marks import scan
from ._parsing import ModelSpec, build_stanza_pipeline, check_model_name, download_stanza_models, resolve_model
from ._readers import _path, document_from_stanza, head_cycle
from ._spanmodel import DEFAULT_SPAN_DECODING, check_span_decoding, load_span_model, refine
from ._types import AttributedDocument, Document, Sentence, Span, Word

__all__ = ["Pipeline", "attribute", "attribute_document", "clean_for_parser"]

log = logging.getLogger("quoteattr")

# (and the invisible format characters a parser keeps inside a word: the zero-width space
# and word joiner, and the bidirectional controls; never ZWJ/ZWNJ, which spell words)
_SURROGATE_OR_CONTROL = regex.compile(r"[\p{Cs}\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\u2028\u2029\u200b\u2060\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LONE_CR = regex.compile(r"\r(?!\n)")
# stanza's tokenizer checks each paragraph against URL and e-mail patterns that take
# time quadratic in the length of an unbroken run of characters: a 100,000-character
# base64 blob (an inline image in scraped HTML) takes minutes. No word is that long.
_MAX_RUN = 500
_LONG_RUN = regex.compile(r"\S{%d}(?=\S)" % _MAX_RUN)


def clean_for_parser(text: str) -> str:
    """A copy of ``text`` of the same length that the parser can read.

    Lone surrogates, control characters and a BOM become spaces, and ``\\r``
    becomes a space (in ``\\r\\n``) or ``\\n``, so every offset the parser
    reports is also an offset into the original text. A run of more than 500
    characters without white space is broken by a space every 500 characters
    (the tokenizer's URL patterns are quadratic in its length).
    """
    text = text.replace("\r\n", " \n")
    text = _LONE_CR.sub("\n", text)
    text = _SURROGATE_OR_CONTROL.sub(" ", text)
    return _LONG_RUN.sub(lambda m: m.group(0)[:-1] + " ", text)


def _check_text(text: Any, what: str = "text", where: str = "") -> str:
    if not isinstance(text, str):
        hint = ""
        if isinstance(text, (bytes, bytearray)):
            hint = "; decode bytes first, e.g. data.decode('utf-8')"
        elif isinstance(text, dict):
            hint = "; for records (dicts with a text field) use Pipeline.pipe([...])"
        elif text is None or (isinstance(text, float) and text != text) or type(text).__name__ in ("NAType", "NaTType"):
            # (a missing value of a data frame column: NaN, pandas' NA)
            hint = "; the text is missing (None/NaN): drop such records, or give them a text ('' for none)"
        raise InputTypeError(f"expected {what} as str, got {type(text).__name__}{f' ({where})' if where else ''}{hint}")
    return text


def _check_flag(value: Any, name: str) -> bool:
    """``value`` if it is a real bool, else :class:`OptionError`.

    Why: ``bool("no")`` is True, so coercing would silently turn
    ``learned_spans="no"`` into *on*.
    """
    if not isinstance(value, bool):
        raise OptionError(f"{name} must be True or False, got {value!r}")
    return value


def _check_count(value: Any, name: str) -> int:
    """``value`` if it is a positive int (not a bool: ``True`` is not a size)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise OptionError(f"{name} must be a positive integer, got {value!r}")
    return value


def _check_field(value: Any, name: str) -> str:
    """``value`` if it is a non-empty str naming a record field."""
    if not isinstance(value, str):
        raise InputTypeError(f"{name} must be a field name (str) such as 'text', got {type(value).__name__}")
    if not value:
        raise OptionError(f"{name} must be a non-empty field name, got ''")
    return value


def _check_texts(texts: Any, what: str) -> None:
    """Reject a ``texts`` argument that is not an iterable of texts or records.

    Why: a str or bytes is itself iterable, so ``pipe("He said hi.")`` would
    silently attribute each character as a document; a dict would yield its keys.
    """
    if isinstance(texts, (str, bytes, bytearray)):
        raise InputTypeError(f"{what} takes an iterable of texts or records, got {type(texts).__name__}; for one text call nlp(text)")
    if isinstance(texts, dict):
        raise InputTypeError(f"{what} takes an iterable of texts or records, got one dict; pass a list of records: [record]")
    try:
        iter(texts)
    except TypeError:
        raise InputTypeError(f"{what} takes an iterable of texts or records (a list, a generator), got {type(texts).__name__}") from None


def _is_int(x: Any) -> bool:
    return hasattr(x, "__index__") and not isinstance(x, bool)  # numpy integers too


def _check_document(doc: Document) -> None:
    """Refuse a hand-built :class:`Document` whose parse contradicts itself.

    Why: ``Document``, ``Sentence`` and ``Word`` are public, and a parse built
    by hand (or by a converter with a bug) with a word past the end of the
    text, ids that are not 1..n or a head outside the sentence failed deep in
    the rules with ``IndexError``. The named constructors never build one.
    """
    fix = "build documents with Document.from_conllu/from_stanza/from_spacy, or fix the parse"
    if not isinstance(doc.text, str):
        raise InputTypeError(f"Document.text must be a str, got {type(doc.text).__name__}; {fix}")
    sentences = doc.sentences
    if isinstance(sentences, (str, bytes)) or not hasattr(sentences, "__iter__"):
        raise InputTypeError(f"Document.sentences must be a tuple of Sentence, got {type(sentences).__name__}; {fix}")
    n_text = len(doc.text)
    for i, sent in enumerate(sentences):
        where = f"Document.sentences[{i}]"
        if not isinstance(sent, Sentence):
            raise InputTypeError(f"{where} must be a Sentence, got {type(sent).__name__}; {fix}")
        if isinstance(sent.words, (str, bytes)) or not hasattr(sent.words, "__iter__"):
            raise InputTypeError(f"{where}.words must be a tuple of Word, got {type(sent.words).__name__}; {fix}")
        n = len(sent.words)
        for k, w in enumerate(sent.words):
            if not isinstance(w, Word):
                raise InputTypeError(f"{where}.words[{k}] must be a Word, got {type(w).__name__}; {fix}")
            if not _is_int(w.id) or w.id != k + 1:  # (1.0 == 1, but a float id failed as a list index deep inside)
                raise InputError(f"{where}.words[{k}] has id {w.id!r}; expected {k + 1} (ids run 1..n in order); {fix}")
            if not _is_int(w.head) or not 0 <= w.head <= n:
                raise InputError(f"{where}.words[{k}] has head {w.head!r}; expected 0 (the root) to {n}; {fix}")
            if not (_is_int(w.start) and _is_int(w.end) and 0 <= w.start <= w.end <= n_text):
                # (reversed offsets inside the text are no more "outside" it than they are a word)
                how = ("reversed (its end before its start)" if _is_int(w.start) and _is_int(w.end) and 0 <= w.end < w.start <= n_text
                       else f"outside a text of {n_text} characters")
                raise InputError(f"{where}.words[{k}] ({w.text!r}) has offsets {w.start!r}-{w.end!r}, {how}; {fix}")
        if not (_is_int(sent.start) and _is_int(sent.end) and 0 <= sent.start <= sent.end <= n_text):
            # (a range past the text was an IndexError deep in the rules, None a TypeError)
            raise InputError(f"{where} has the range {sent.start!r}-{sent.end!r}; expected integer offsets "
                             f"0 <= start <= end <= {n_text} (the text's length); {fix}")
        cycle = head_cycle([w.head for w in sent.words])
        if cycle:  # the rules climb to heads and walk down to dependents: a cycle never ends
            raise InputError(f"{where}: the heads of words {_path(cycle)} form a cycle; "
                             f"every word must lead to the root (head 0); {fix}")


def excluded_spans(text: str, lexicon: Lexicon) -> Tuple[List[Span], Tuple[Span, ...], Optional[Span], dict]:
    """The text no attribution is sought in (boilerplate and the dateline, together),
    each of them, and what the dateline says. The training script reads the tagger
    with the same spans as :func:`attribute_document`."""
    dateline, info = find_dateline(text, lexicon)
    boiler = tuple(find_boilerplate(text, lexicon))
    return list(boiler) + ([dateline] if dateline else []), boiler, dateline, info


def attribute_document(doc: Document, lang: str = "en", *, use_cue_model: bool = True, fallbacks: bool = True, learned_spans: bool = True,
                       span_decoding: str = DEFAULT_SPAN_DECODING, **metadata: Any) -> AttributedDocument:
    """Find attributions in an already parsed :class:`Document` (any parser).

    This is the attribution stage alone: no model is loaded.

    Args:
        doc: the parse.
        lang: its language (selects the lexicons).
        use_cue_model: also detect cues with the learned detector (on by default;
            off gives the hand-written lexicon alone, for ablations).
        fallbacks: use the surface fallbacks for parse errors (on by default;
            off for ablations, see docs/architecture.md).
        learned_spans: let the learned span model (stage 7) refine the rules'
            spans and add the cues it finds (on by default; off for ablations).
        span_decoding: how the span model's spans are read: ``"spans"`` (the
            likeliest whole spans, the default) or ``"words"`` (runs of words above
            a threshold, the default before; see docs/models.md).
        **metadata: kept in the result's ``metadata`` (``dateline=``, ``wire=``,
            ``rules=`` or ``model=``, names quoteattr writes itself, as
            ``record_dateline`` …).
    """
    if not isinstance(doc, Document):
        raise InputTypeError(f"expected a quoteattr.Document, got {type(doc).__name__}; build one with Document.from_conllu/from_stanza/from_spacy")
    _check_document(doc)
    check_lang(lang)
    for name, value in (("use_cue_model", use_cue_model), ("fallbacks", fallbacks), ("learned_spans", learned_spans)):
        _check_flag(value, name)
    check_span_decoding(span_decoding)
    lexicon = load_lexicon(lang)
    text = doc.text
    result = scan(text)
    excluded, boiler, dateline, info = excluded_spans(text, lexicon)
    attributions, stats = attribute_parsed(doc, result, lexicon, excluded, use_model=use_cue_model, fallbacks=fallbacks)
    if learned_spans:
        model = load_span_model(lang)
        if model is not None:
            attributions = refine(doc, result.quotes, attributions, lexicon, model, excluded, decode="span" if span_decoding == "spans" else "word")
            stats["rule:learned span"] = sum(a.rule == "learned span" for a in attributions)
    attributions = keep_closing_marks(text, result.quotes, attributions)
    from ._corpus import keep_own_keys

    meta = keep_own_keys(dict(metadata))  # a caller's "dateline" is kept as "record_dateline", never lost
    if info:
        meta["dateline"] = info
        if "wire" in info:
            meta["wire"] = info["wire"]
    meta["rules"] = dict(sorted(stats.items()))
    return AttributedDocument(
        text=text,
        sentences=doc.sentences,
        quotes=result.quotes,
        attributions=tuple(attributions),
        unmatched=result.unmatched,
        boilerplate=boiler,
        dateline=dateline,
        metadata=meta,
    )


class Pipeline:
    """A reusable attribution pipeline; loads the parser once, on first use.

    Args:
        lang: language of the texts (lexicons and model).
        model: ``"auto"``, ``"compact"``, ``"stanza"`` or a model directory
            (see :func:`quoteattr.installed_models`).
        download: allow downloading stanza's full models if none is installed.

    Raises:
        InputTypeError / OptionError: at construction, for a ``lang`` that is not
            a bundled language code, or a flag (``download``, ``learned_spans``,
            …) that is not a real bool (``bool("no")`` would be True).

    A ``Pipeline`` may be shared across threads: parsing is serialized by a lock
    (stanza's models are not safe for concurrent calls), the attribution stage
    runs unlocked. For throughput use processes (``pipe(n_process=...)``).
    """

    #: sentences longer than this many words are split into chunks before tagging and
    #: parsing (a parser's cost grows with the square of a sentence's length)
    max_sentence_words = 250

    def __init__(self, lang: str = "en", model: Union[str, Any] = "auto", download: bool = False, use_cue_model: bool = True, fallbacks: bool = True, learned_spans: bool = True,
                 span_decoding: str = DEFAULT_SPAN_DECODING):
        check_lang(lang)  # fail early on an unknown language
        check_model_name(model)  # and on a mistyped model name
        self.lang = lang
        self.model = model
        self.download = _check_flag(download, "download")
        self.use_cue_model = _check_flag(use_cue_model, "use_cue_model")
        self.fallbacks = _check_flag(fallbacks, "fallbacks")
        self.learned_spans = _check_flag(learned_spans, "learned_spans")
        self.span_decoding = check_span_decoding(span_decoding)
        self._spec: Optional[ModelSpec] = None
        self._nlp: Any = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Pipeline(lang={self.lang!r}, model={self.model!r})"

    def __getstate__(self) -> Dict[str, Any]:
        """The settings only: a copy loads its own parser when it first parses.

        Why: the loaded stanza pipeline and the lock cannot be pickled, so a Pipeline
        could not be sent to dask or multiprocessing workers, nor deep-copied.
        """
        state = dict(self.__dict__)
        state.update(_nlp=None, _lock=None)
        return state

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    @property
    def spec(self) -> ModelSpec:
        """The resolved model (found on disk; loaded only when parsing)."""
        if self._spec is None:
            try:
                self._spec = resolve_model(self.model, self.lang)
            except ModelNotFoundError:
                if not self.download:
                    raise
                download_stanza_models(self.lang)
                self._spec = resolve_model("stanza", self.lang)
        return self._spec

    def _stanza(self) -> Any:
        if self._nlp is None:
            self._nlp = build_stanza_pipeline(self.spec)
            log.info("loaded model %s from %s", self.spec.info.name, self.spec.path)
        return self._nlp

    def parse(self, text: str) -> Document:
        """Parse ``text`` into the parser-neutral :class:`Document`."""
        return self.parse_many([_check_text(text)])[0]

    def parse_many(self, texts: List[str]) -> List[Document]:
        """Parse several texts with stanza's batching.

        Raises:
            InputTypeError: if ``texts`` is a single str/bytes or not iterable,
                or one of its items is not a str.
        """
        _check_texts(texts, "parse_many()")
        texts = [_check_text(t, f"texts[{k}]") for k, t in enumerate(texts)]
        out: List[Optional[Document]] = [None] * len(texts)
        todo = []
        for k, t in enumerate(texts):
            if t.strip():
                todo.append(k)
            else:
                out[k] = Document(t, ())
        if todo:
            import stanza

            nlp = self._stanza()
            docs_in = [stanza.Document([], text=clean_for_parser(texts[k])) for k in todo]
            with self._lock:
                docs_in = nlp.process(docs_in, processors="tokenize,mwt")
                lexicon = load_lexicon(self.lang)
                docs_in = [_split_long_sentences(_join_unfinished_sentences(_join_abbreviation_splits(_undo_spurious_splits(d, lexicon.split_tokens),
                                                                                                      lexicon.abbreviations)),
                                                 self.max_sentence_words) for d in docs_in]
                parsed = nlp.process(docs_in, processors="pos,lemma,depparse")
            for k, sd in zip(todo, parsed):
                d = document_from_stanza(sd)
                out[k] = attrs.evolve(d, text=texts[k])
        return out  # type: ignore[return-value]

    def __call__(self, text: str, **metadata: Any) -> AttributedDocument:
        """Attribute one text; ``metadata`` (file, id, publisher, …) is kept in the result
        (``model=``, ``rules=``, ``dateline=`` or ``wire=``, names quoteattr writes itself,
        as ``record_model`` …)."""
        return self._finish(self.parse(text), metadata)

    def _finish(self, doc: Document, metadata: Dict[str, Any]) -> AttributedDocument:
        # metadata is the caller's, whatever its keys ("lang" in a record is metadata, not
        # this pipeline's option): it is merged after the fact, never passed as keywords
        from ._corpus import keep_own_keys

        meta = keep_own_keys(dict(metadata))  # (a clash fails here, before the rules run)
        own = {"model": self.spec.info.to_dict()} if doc.sentences else {}
        out = attribute_document(doc, self.lang, use_cue_model=self.use_cue_model, fallbacks=self.fallbacks, learned_spans=self.learned_spans,
                                 span_decoding=self.span_decoding)
        own.update(out.metadata)  # the engine's own keys
        return attrs.evolve(out, metadata=_merged(meta, own))

    def pipe(self, texts: Iterable[Union[str, Dict[str, Any]]], batch_size: int = 16, text_field: str = "text", id_field: str = "id",
             n_process: int = 1) -> Iterator[AttributedDocument]:
        """Attribute a stream of texts (or dict records) lazily and in order.

        Records are dicts with the text in ``text_field``; their other fields go
        into the result's metadata, the ``id_field`` value as ``"id"`` (a record's
        own ``"id"`` is then kept as ``"record_id"``, as the CLI's ``--id-field``),
        and a field named like quoteattr's own metadata (``"model"``, ``"rules"``,
        ``"dateline"``, ``"wire"``) as ``"record_model"`` … beside quoteattr's. Memory stays flat: at most ``batch_size``
        texts (times ``2 * n_process`` batches in flight) are held at a time.

        The arguments are checked when ``pipe`` is called, before anything is
        parsed; a bad text or record raises when the stream reaches it.

        Args:
            n_process: worker processes; each loads the model once and parses
                with one thread. 1 parses in this process. Only the texts go
                to the workers: a record's other fields stay in this process
                (they need not be picklable) and are put on its result here.

        Raises:
            InputTypeError: if ``texts`` is one str/bytes/dict or not iterable,
                or a field name is not a str.
            OptionError: if ``batch_size`` or ``n_process`` is not a positive int.
        """
        _check_texts(texts, "pipe()")
        _check_count(batch_size, "batch_size")
        _check_count(n_process, "n_process")
        _check_field(text_field, "text_field")
        _check_field(id_field, "id_field")
        return self._pipe(texts, batch_size, text_field, n_process, id_field)

    def _pipe(self, texts: Iterable[Union[str, Dict[str, Any]]], batch_size: int, text_field: str, n_process: int,
              id_field: str = "id") -> Iterator[AttributedDocument]:
        batches = self._batches(texts, batch_size, text_field, id_field)
        if n_process == 1:
            for batch in batches:
                yield from self._run_batch(batch)
            return
        yield from self._pipe_parallel(batches, n_process)

    def _batches(self, texts: Iterable[Union[str, Dict[str, Any]]], batch_size: int, text_field: str,
                 id_field: str = "id") -> Iterator[List[tuple]]:
        from ._corpus import _output_record, keep_own_keys

        batch: List[tuple] = []
        for n, item in enumerate(texts, 1):
            # (which one: in a stream of a million records "the record's 'text' field" names none)
            which = f"item {n} of the stream"
            if isinstance(item, dict):
                if item.get(id_field) is not None:
                    which += f", id {item[id_field]!r:.60}"
                if text_field not in item:
                    raise OptionError(f"{which}: the record has no {text_field!r} field (fields: {', '.join(map(str, item))}); pass text_field=")
                meta = {k: v for k, v in item.items() if k != text_field}
                if id_field != "id" and id_field in meta:  # the chosen id is the document's id, as in the CLI's --id-field
                    meta = _output_record(meta, id_field, n)
                else:  # a "model" field is kept as "record_model" (quoteattr writes "model" itself), as in the CLI
                    meta = keep_own_keys(meta, n)
                text = _check_text(item[text_field], f"the record's {text_field!r} field", which)
            else:
                meta, text = {}, _check_text(item, "text", which)
            batch.append((text, meta))
            if len(batch) >= batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    def _pipe_parallel(self, batches: Iterator[List[tuple]], n_process: int) -> Iterator[AttributedDocument]:
        """Batches to worker processes, at most ``2 * n_process`` in flight, in order.

        Only the texts go to the workers; each record's metadata stays here and is
        merged into its result as :meth:`_finish` merges it.

        Why: the metadata is the caller's, and may hold what cannot be pickled (a lock,
        an open file, a lambda, a class defined in a notebook, which a spawned worker
        cannot import): that failed with multiprocessing's raw ``TypeError: cannot
        pickle ...``, naming no record. Sending the texts alone also sends less.
        """
        import collections
        import multiprocessing

        spec = self.spec  # resolve here so a missing model fails before any worker starts
        ctx = multiprocessing.get_context("spawn")  # torch is not fork-safe
        with ctx.Pool(n_process, initializer=_worker_init, initargs=(self.lang, str(spec.path) if spec.kind == "compact" else "stanza", self.use_cue_model, self.fallbacks, self.learned_spans,
                                                                    self.span_decoding)) as pool:
            pending: "collections.deque" = collections.deque()

            def results(job: Any, metas: List[Dict[str, Any]]) -> Iterator[AttributedDocument]:
                for doc, meta in zip(job.get(), metas):
                    yield attrs.evolve(doc, metadata=_merged(meta, doc.metadata))

            for batch in batches:
                pending.append((pool.apply_async(_worker_run, ([(t, {}) for t, _ in batch],)), [m for _, m in batch]))
                while len(pending) >= 2 * n_process:
                    yield from results(*pending.popleft())
            while pending:
                yield from results(*pending.popleft())

    def _run_batch(self, batch: List[tuple]) -> Iterator[AttributedDocument]:
        docs = self.parse_many([t for t, _ in batch])
        for d, (_, meta) in zip(docs, batch):
            yield self._finish(d, meta)


def _join_abbreviation_splits(doc: Any, abbreviations: Dict[str, str]) -> Any:
    """Undo a sentence split right after a title or date abbreviation.

    Why: a splitter trained on web text ends sentences at "Sen." or "Feb." now
    and then ("… said Sen. | Ted Cruz", "on Feb. | 1"); the parse of both halves
    is then wrong, and the speaker's name loses its title. Two sentences are
    joined when the first ends in an abbreviation of ``abbreviations.tsv`` and
    the second starts as its kind says (a capital letter, a digit), on the same
    line.
    """
    if not abbreviations:
        return doc

    def joins(prev: Any, first: Any) -> bool:
        last = prev.tokens[-1]
        kind = abbreviations.get(last.text)
        if kind is None and last.text == "." and len(prev.tokens) > 1 and prev.tokens[-2].end_char == last.start_char:
            kind = abbreviations.get(prev.tokens[-2].text + ".")  # "Feb" "." as two tokens
        head = first.text[:1]
        return bool(kind) and (head.isupper() if kind == "name" else head.isdigit())

    return _join_sentences(doc, joins)


def _join_sentences(doc: Any, joins: Callable[[Any, Any], bool]) -> Any:
    """``doc`` with each sentence joined to the one before it where ``joins(previous
    sentence, first token)`` says so and no line break lies between them."""
    sents = doc.sentences
    if len(sents) < 2:
        return doc
    groups = [[sents[0]]]
    for prev, sent in zip(sents, sents[1:]):
        first = sent.tokens[0]
        if "\n" not in doc.text[prev.tokens[-1].end_char:first.start_char] and joins(prev, first):
            groups[-1].append(sent)
        else:
            groups.append([sent])
    if len(groups) == len(sents):
        return doc
    return _rebuild(doc, [[t for s in g for t in s.tokens] for g in groups])


_ENDS_IN_WORD = regex.compile(r"[\p{L}\p{N}]$")


def _join_unfinished_sentences(doc: Any) -> Any:
    """Join a sentence that ends in a word, with no closing punctuation, to the
    next one on the same line.

    Why: the splitter now and then ends a sentence inside a name ("told
    reporters aboard Air Force | One that …", "Felicia | Wong, president of …");
    both halves are then misparsed and the attribution is lost. In news text a
    sentence without final punctuation is a headline or a list item, which ends
    its line; on the same line, the split is the splitter's error (6 of 2,907
    sentence boundaries in 84 PolNeAR train articles, each one inside a name or
    a title).
    """
    return _join_sentences(doc, lambda prev, first: _ENDS_IN_WORD.search(prev.tokens[-1].text) is not None)


_APOSTROPHES = ("'", "\u2019", "\u2018", "`", "\u02bc")


def _undo_spurious_splits(doc: Any, split_tokens: Optional[FrozenSet[str]]) -> Any:
    """Make a token the tokenizer split into several words one word again, unless
    it has an apostrophe ("don't") or is in ``split_tokens.txt`` ("cannot").

    Why: the compact English model learnt from web text, where "its" is also a
    misspelt "it's", and split sentence-initial "Its" into "It" + "s", so that
    "Its foreign minister said …" lost its subject. Languages with no list keep
    every split ("du" = "de le" in French).
    """
    if split_tokens is None:
        return doc

    def keep(tok: Any) -> bool:
        return any(a in tok.text for a in _APOSTROPHES) or tok.text.lower() in split_tokens

    if all(len(t.words) == 1 or keep(t) for s in doc.sentences for t in s.tokens):
        return doc
    return _rebuild(doc, [list(s.tokens) for s in doc.sentences], keep)


def _split_long_sentences(doc: Any, limit: int) -> Any:
    """Split sentences of more than ``limit`` words into chunks (at tokens), keeping offsets.

    Real sentences are far shorter; this guards against texts with no sentence
    punctuation (lists, logs, a 100,000-word run-on) that would make the parser
    run out of memory.
    """
    if all(len(s.words) <= limit for s in doc.sentences):
        return doc
    log.warning("splitting %d over-long sentence(s) into chunks of %d words", sum(len(s.words) > limit for s in doc.sentences), limit)
    chunks = []
    for sent in doc.sentences:
        chunk: List[Any] = []
        n_words = 0
        for tok in sent.tokens:
            if n_words + len(tok.words) > limit and chunk:
                chunks.append(chunk)
                chunk, n_words = [], 0
            chunk.append(tok)
            n_words += len(tok.words)
        if chunk:
            chunks.append(chunk)
    return _rebuild(doc, chunks)


def _rebuild(doc: Any, sentences: List[List[Any]], keep_split: Optional[Callable[[Any], bool]] = None) -> Any:
    """A stanza Document of the same text whose sentences are these runs of tokens
    (offsets and multi-word tokens kept, unless ``keep_split`` says no; words not
    yet tagged or parsed)."""
    import stanza

    out = []
    for tokens in sentences:
        sent: List[dict] = []
        n_words = 0
        for tok in tokens:
            misc = f"start_char={tok.start_char}|end_char={tok.end_char}"
            if len(tok.words) > 1 and (keep_split is None or keep_split(tok)):
                sent.append({"id": (n_words + 1, n_words + len(tok.words)), "text": tok.text, "misc": misc})
                for w in tok.words:
                    n_words += 1
                    sent.append({"id": n_words, "text": w.text})
            else:
                n_words += 1
                sent.append({"id": n_words, "text": tok.text, "misc": misc})
        out.append(sent)
    return stanza.Document(out, text=doc.text)


def _merged(metadata: Dict[str, Any], own: Dict[str, Any]) -> Dict[str, Any]:
    """A caller's metadata with quoteattr's own keys (``model``, the engine's) after it;
    a caller's key of one of those names is kept as ``record_model`` …, never replaced."""
    from ._corpus import keep_own_keys

    meta = keep_own_keys(dict(metadata))
    meta.update(own)
    return meta


_WORKER: Dict[str, Pipeline] = {}


def _worker_init(lang: str, model: str, use_cue_model: bool, fallbacks: bool, learned_spans: bool = True, span_decoding: str = DEFAULT_SPAN_DECODING) -> None:
    try:
        import torch

        torch.set_num_threads(1)
    except ImportError:  # pragma: no cover
        pass
    _WORKER["pipe"] = Pipeline(lang=lang, model=model, use_cue_model=use_cue_model, fallbacks=fallbacks, learned_spans=learned_spans, span_decoding=span_decoding)


def _worker_run(batch: List[tuple]) -> List[AttributedDocument]:
    return list(_WORKER["pipe"]._run_batch(batch))


_DEFAULT: Dict[tuple, Pipeline] = {}
_DEFAULT_LOCK = threading.Lock()


def attribute(text: str, *, lang: str = "en", model: str = "auto", use_cue_model: bool = True, fallbacks: bool = True, learned_spans: bool = True,
              span_decoding: str = DEFAULT_SPAN_DECODING, **metadata: Any) -> AttributedDocument:
    """Attribute one text with a cached default :class:`Pipeline`.

    The options are :class:`Pipeline`'s; one pipeline is kept per set of them.
    Any other keyword (``id=``, ``publisher=``, …) goes into the result's metadata.

    Example:
        >>> doc = attribute("“We will win,” the minister said.")  # doctest: +SKIP
    """
    _check_text(text)
    # checked before the cache key is built: a list lang is unhashable, and bool("no")
    # would find the cached pipeline of learned_spans=True
    check_lang(lang)
    for name, value in (("use_cue_model", use_cue_model), ("fallbacks", fallbacks), ("learned_spans", learned_spans)):
        _check_flag(value, name)
    key = (lang, str(model), use_cue_model, fallbacks, learned_spans, check_span_decoding(span_decoding))
    with _DEFAULT_LOCK:
        pipe = _DEFAULT.get(key)
        if pipe is None:
            pipe = _DEFAULT[key] = Pipeline(lang=lang, model=model, use_cue_model=use_cue_model, fallbacks=fallbacks,
                                            learned_spans=learned_spans, span_decoding=span_decoding)
    return pipe(text, **metadata)
