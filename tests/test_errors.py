"""The error hierarchy and the errors raised at the front door (no model is loaded)."""

from __future__ import annotations

import pytest

import quoteattr
from quoteattr import (
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

ERROR_NAMES = [n for n in quoteattr.__all__ if n.endswith("Error")]

BUILTIN_OF = {
    "QuoteAttrError": Exception,
    "InputError": ValueError,
    "InputTypeError": TypeError,
    "InputDecodeError": ValueError,
    "ConlluError": ValueError,
    "AlignmentError": ValueError,
    "ModelNotFoundError": FileNotFoundError,
    "OptionError": ValueError,
    "RecordError": ValueError,
}


def test_all_error_classes_listed():
    assert sorted(ERROR_NAMES) == sorted(BUILTIN_OF)


@pytest.mark.parametrize("name", ERROR_NAMES)
def test_error_is_quoteattr_error(name):
    cls = getattr(quoteattr, name)
    assert isinstance(cls, type)
    assert issubclass(cls, QuoteAttrError)
    assert issubclass(cls, Exception)


@pytest.mark.parametrize("name, builtin", sorted(BUILTIN_OF.items()))
def test_error_subclasses_the_right_builtin(name, builtin):
    assert issubclass(getattr(quoteattr, name), builtin)


@pytest.mark.parametrize(
    "cls",
    [InputDecodeError, ConlluError, AlignmentError, RecordError],
)
def test_input_errors_are_input_errors(cls):
    assert issubclass(cls, InputError)


@pytest.mark.parametrize(
    "cls, code",
    [
        (QuoteAttrError, 1),
        (InputError, 2),
        (InputTypeError, 2),
        (InputDecodeError, 2),
        (ConlluError, 2),
        (AlignmentError, 2),
        (RecordError, 2),
        (OptionError, 2),
        (ModelNotFoundError, 3),
    ],
)
def test_exit_codes(cls, code):
    assert cls.exit_code == code


def test_caught_as_builtin():
    with pytest.raises(ValueError):
        raise ConlluError("bad", 3)
    with pytest.raises(FileNotFoundError):
        raise ModelNotFoundError("no model")
    with pytest.raises(TypeError):
        raise InputTypeError("bytes")


def test_input_decode_error_names_file_and_offset():
    e = InputDecodeError("news/a.txt", 3)
    assert e.path == "news/a.txt" and e.offset == 3
    msg = str(e)
    assert "news/a.txt" in msg
    assert "offset 3" in msg
    assert "UTF-8" in msg and "iconv" in msg  # says how to fix it


def test_input_decode_error_from_real_bytes():
    from quoteattr._cli import decode_bytes

    with pytest.raises(InputDecodeError) as ei:
        decode_bytes(b"abc\xff\xfe", "x.txt")
    assert ei.value.offset == 3 and ei.value.path == "x.txt"
    assert "x.txt" in str(ei.value) and "offset 3" in str(ei.value)


@pytest.mark.parametrize(
    "cls, prefix",
    [(ConlluError, "CoNLL-U line 7: "), (RecordError, "record on line 7: ")],
)
def test_line_errors(cls, prefix):
    e = cls("something is wrong", 7)
    assert e.line == 7
    assert str(e) == prefix + "something is wrong"
    assert cls("x").line is None


# ------------------------------------------------------------- front door


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param("some text", id="str"),
        pytest.param(b"bytes", id="bytes"),
        pytest.param(None, id="None"),
        pytest.param({"text": "x"}, id="dict"),
    ],
)
def test_attribute_document_rejects_non_document(bad):
    with pytest.raises(TypeError) as ei:
        quoteattr.attribute_document(bad)
    e = ei.value
    assert isinstance(e, InputTypeError)
    msg = str(e)
    assert "Document" in msg
    assert type(bad).__name__ in msg
    assert "from_conllu" in msg  # says how to build one


@pytest.mark.parametrize("bad", [b"text", 3, None])
def test_attribute_rejects_non_str(bad):
    with pytest.raises(InputTypeError) as ei:
        quoteattr.attribute(bad)
    assert type(bad).__name__ in str(ei.value)


def test_a_record_passed_as_text_points_to_pipe():
    with pytest.raises(InputTypeError, match="pipe"):
        quoteattr.attribute({"text": "He said it."})


def test_a_record_whose_text_is_not_str_names_the_field():
    nlp = quoteattr.Pipeline(model="compact")
    with pytest.raises(InputTypeError, match="'body' field as str, got int"):
        list(nlp.pipe([{"body": 5}], text_field="body"))


def test_attribute_bytes_message_says_decode():
    with pytest.raises(InputTypeError, match="decode"):
        quoteattr.attribute(b"text")


@pytest.mark.parametrize("lang", [3, None, b"en", ["en"]])
def test_pipeline_lang_type(lang):
    with pytest.raises(TypeError) as ei:
        quoteattr.Pipeline(lang=lang)
    assert isinstance(ei.value, QuoteAttrError)
    assert "lang" in str(ei.value)


def test_pipeline_unknown_language_names_available():
    with pytest.raises(OptionError) as ei:
        quoteattr.Pipeline(lang="xx")
    assert isinstance(ei.value, ValueError)
    msg = str(ei.value)
    assert "'xx'" in msg
    assert "available" in msg and "en" in msg


def test_pipeline_does_not_resolve_model_at_construction():
    p = quoteattr.Pipeline(model="/nonexistent/dir")  # no error until the model is needed
    assert "nonexistent" in repr(p)


def test_pipeline_unknown_model_name_is_option_error_at_construction():
    # a typo fails at once, not at the first text (a path may still appear later)
    with pytest.raises(OptionError) as ei:
        quoteattr.Pipeline(model="nope")
    msg = str(ei.value)
    assert "'nope'" in msg or "nope" in msg
    assert "auto" in msg and "compact" in msg and "stanza" in msg


@pytest.mark.parametrize("model", [3, 1.5, ["auto"]])
def test_pipeline_model_of_wrong_type_is_option_error(model):
    with pytest.raises(OptionError) as ei:
        quoteattr.Pipeline(model=model).spec
    assert "auto" in str(ei.value)


def test_pipeline_missing_model_directory():
    p = quoteattr.Pipeline(model="/nonexistent/dir")
    with pytest.raises(ModelNotFoundError) as ei:
        p.spec
    e = ei.value
    assert isinstance(e, FileNotFoundError) and isinstance(e, QuoteAttrError)
    msg = str(e)
    assert "/nonexistent/dir" in msg
    assert "quoteattr models" in msg  # says what to run


def test_pipeline_incomplete_model_directory(tmp_path):
    (tmp_path / "tokenize.pt").write_bytes(b"")
    with pytest.raises(ModelNotFoundError) as ei:
        quoteattr.Pipeline(model=str(tmp_path)).spec
    msg = str(ei.value)
    assert str(tmp_path) in msg
    assert "depparse.pt" in msg and "tokenize.pt" not in msg.split("missing")[1].split(";")[0]
    assert "quoteattr models --download" in msg


def test_pipeline_fake_model_directory_resolves_without_loading(tmp_path):
    for p in ("tokenize", "mwt", "pos", "lemma", "depparse"):
        (tmp_path / f"{p}.pt").write_bytes(b"")
    (tmp_path / "manifest.json").write_text('{"name": "fake", "version": "9"}', encoding="utf-8")
    spec = quoteattr.Pipeline(model=str(tmp_path)).spec
    assert spec.kind == "compact"
    assert spec.info.name == "fake" and spec.info.version == "9"


def test_pipeline_pipe_batch_size_validated():
    p = quoteattr.Pipeline(model="/nonexistent/dir")
    with pytest.raises(OptionError, match="batch_size"):
        list(p.pipe(["x"], batch_size=0))


def test_pipeline_pipe_record_without_text_field():
    p = quoteattr.Pipeline(model="/nonexistent/dir")
    with pytest.raises(OptionError, match="text_field"):
        list(p.pipe([{"body": "x"}]))
