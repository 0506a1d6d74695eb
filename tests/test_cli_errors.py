"""CLI error paths (no attribution is run, no model is loaded), and a quiet import."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import quoteattr
from quoteattr._cli import main

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def no_stanza(monkeypatch, tmp_path):
    """Make sure stanza's installed models (if any) are not seen."""
    empty = tmp_path / "stanza_resources"
    empty.mkdir()
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(empty))


def _one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("quoteattr: error: ")
    return lines[0]


# ------------------------------------------------------------- in process


def test_missing_file(tmp_path, fake_model, capsys):
    missing = tmp_path / "nope.txt"
    code = main([str(missing), "--model", fake_model])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    line = _one_error_line(err)
    assert str(missing) in line and "no such file" in line


def test_undecodable_file(tmp_path, fake_model, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"abc\xff\xfe")
    code = main([str(bad), "--model", fake_model])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    line = _one_error_line(err)
    assert str(bad) in line
    assert "offset 3" in line
    assert "UTF-8" in line


def test_directory_without_txt_files(tmp_path, capsys):
    d = tmp_path / "empty"
    d.mkdir()
    (d / "notes.md").write_text("not a txt", encoding="utf-8")
    code = main([str(d)])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    line = _one_error_line(err)
    assert str(d) in line and ".txt" in line


def test_several_inputs_all_failing_is_partial(tmp_path, fake_model, capsys):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    b.write_bytes(b"\xff")
    code = main([str(a), str(b), "--model", fake_model])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 2 and "Traceback" not in err
    assert str(a) in lines[0] and str(b) in lines[1] and "offset 0" in lines[1]


def test_missing_model_directory_exit_3(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text("Hello.", encoding="utf-8")
    code = main([str(f), "--model", str(tmp_path / "no_such_model")])
    out, err = capsys.readouterr()
    assert code == 3
    assert out == ""
    line = _one_error_line(err)
    assert "no_such_model" in line


def test_bad_option_value_exits_2(capsys):
    with pytest.raises(SystemExit) as ei:
        main(["--format", "xml"])
    assert ei.value.code == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "xml" in err


def test_version(capsys):
    with pytest.raises(SystemExit) as ei:
        main(["--version"])
    assert ei.value.code in (0, None)
    out, _ = capsys.readouterr()
    assert out.strip() == f"quoteattr {quoteattr.__version__}"


def test_models_lists_compact(no_stanza, capsys):
    code = main(["models"])
    out, err = capsys.readouterr()
    assert code == 0
    assert "compact" in out
    assert "Traceback" not in err
    compact = [l for l in out.splitlines() if "compact" in l and "en_ewt_compact" in l]
    assert len(compact) == 1
    manifest = REPO / "quoteattr" / "models" / "en_ewt_compact" / "manifest.json"
    if not manifest.exists():
        # the model is missing: its line carries the error and the fix
        assert "incomplete" in compact[0] or "missing" in compact[0]
        assert "quoteattr models --download" in compact[0]


def test_models_help(capsys):
    with pytest.raises(SystemExit) as ei:
        main(["models", "--help"])
    assert ei.value.code == 0
    assert "models" in capsys.readouterr().out


# ------------------------------------------------------------- subprocess


def _run(*args, **kw):
    env = dict(os.environ)
    env.pop("PYTHONWARNINGS", None)
    return subprocess.run(
        [sys.executable, "-m", "quoteattr", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        **kw,
    )


def test_subprocess_missing_file(tmp_path, fake_model):
    missing = tmp_path / "nope.txt"
    p = _run(str(missing), "--model", fake_model)
    assert p.returncode == 2
    assert p.stdout == ""
    line = _one_error_line(p.stderr)
    assert str(missing) in line


def test_subprocess_undecodable_file_and_version(tmp_path, fake_model):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"abc\xff\xfe")
    p = _run(str(bad), "--model", fake_model)
    assert p.returncode == 2
    line = _one_error_line(p.stderr)
    assert str(bad) in line and "offset 3" in line
    v = _run("--version")
    assert v.returncode == 0
    assert v.stdout.strip() == f"quoteattr {quoteattr.__version__}"


# ------------------------------------------------------------ quiet import


def test_import_prints_nothing_and_adds_only_a_null_handler():
    code = (
        "import io, sys, logging\n"
        "buf_out, buf_err = io.StringIO(), io.StringIO()\n"
        "real_out, real_err = sys.stdout, sys.stderr\n"
        "sys.stdout, sys.stderr = buf_out, buf_err\n"
        "import quoteattr\n"
        "sys.stdout, sys.stderr = real_out, real_err\n"
        "lg = logging.getLogger('quoteattr')\n"
        "print(repr(buf_out.getvalue()))\n"
        "print(repr(buf_err.getvalue()))\n"
        "print([type(h).__name__ for h in lg.handlers])\n"
        "print(logging.getLogger().handlers == [])\n"
        "print('stanza' in sys.modules, 'torch' in sys.modules)\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    out, err, handlers, root_clean, heavy = p.stdout.splitlines()
    assert out == "''"
    assert err == "''"
    assert handlers == "['NullHandler']"
    assert root_clean == "True"  # the root logger is left alone
    assert heavy == "False False"  # importing quoteattr loads no model code
    assert p.stderr == ""


def test_import_in_fresh_process_writes_nothing():
    p = subprocess.run([sys.executable, "-c", "import quoteattr"], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0
    assert p.stdout == "" and p.stderr == ""


def test_internal_error_is_one_line(monkeypatch, capsys):
    from quoteattr import _cli

    def boom(argv):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(_cli, "_attribute", boom)
    assert _cli.main(["x.txt"]) == 70
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error: RuntimeError: kaboom" in err and "QUOTEATTR_DEBUG" in err
    monkeypatch.setenv("QUOTEATTR_DEBUG", "1")
    with pytest.raises(RuntimeError):
        _cli.main(["x.txt"])
