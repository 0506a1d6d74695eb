"""quoteattr: who said what, and who reported it.

Reads news text, pairs its quotation marks, parses it with stanza, and ties
each quoted or reported span to its speaker and to the outlets that relayed it.

    >>> import quoteattr
    >>> doc = quoteattr.attribute(text)          # doctest: +SKIP
    >>> [(a.chain, a.content[0].text) for a in doc.attributions]  # doctest: +SKIP
"""

import logging as _logging

from ._errors import (
    AlignmentError,
    ConlluError,
    InputDecodeError,
    InputError,
    InputTypeError,
    ModelNotFoundError,
    OptionError,
    QuoteAttrError,
    RecordError,
)
from ._frames import to_dataframe
from ._marks import ScanResult, scan
from ._render import render
from ._serve import Server, serve
from ._output import SCHEMA_VERSION, format_table
from ._parsing import installed_models
from ._pipeline import Pipeline, attribute, attribute_document
from ._readers import iter_conllu, to_conllu
from ._types import (
    Attribution,
    AttributedDocument,
    Cue,
    Document,
    ModelInfo,
    Quote,
    QuoteMark,
    Relay,
    Sentence,
    Source,
    Span,
    Word,
)
from ._version import __version__

_logging.getLogger("quoteattr").addHandler(_logging.NullHandler())

__all__ = [
    "__version__",
    "SCHEMA_VERSION",
    # front door
    "Pipeline",
    "attribute",
    "attribute_document",
    "installed_models",
    "scan",
    "ScanResult",
    "format_table",
    "to_dataframe",
    "render",
    "serve",
    "Server",
    "iter_conllu",
    "to_conllu",
    # data model
    "Span",
    "QuoteMark",
    "Quote",
    "Word",
    "Sentence",
    "Document",
    "Cue",
    "Source",
    "Relay",
    "Attribution",
    "AttributedDocument",
    "ModelInfo",
    # errors
    "QuoteAttrError",
    "InputError",
    "InputTypeError",
    "InputDecodeError",
    "ConlluError",
    "AlignmentError",
    "ModelNotFoundError",
    "OptionError",
    "RecordError",
]
