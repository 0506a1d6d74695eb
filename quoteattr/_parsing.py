"""Stage 3: text → parse, with stanza, from a model that is on disk.

Model selection (``model=``):

* ``"auto"`` (default): stanza's full English models if they are installed in
  stanza's resources directory, otherwise the compact model bundled with
  quoteattr (``quoteattr/models/en_ewt_compact``).
* ``"compact"``: the bundled model. ``"stanza"``: stanza's installed models.
* a path: a directory laid out like the bundled model (``*.pt`` per processor
  plus ``manifest.json``).

Nothing is downloaded unless ``download=True`` is passed. Paths are checked
before stanza is called, because stanza's own failures offline are a
``ConnectionError``, a ``ResourcesFileNotFoundError`` or a bare ``KeyError``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Any, Dict, List, Optional

from ._errors import ModelNotFoundError, OptionError
from ._types import ModelInfo

__all__ = [
    "COMPACT_MODEL_DIR",
    "ModelSpec",
    "resolve_model",
    "installed_models",
    "build_stanza_pipeline",
    "download_stanza_models",
]

log = logging.getLogger("quoteattr")

COMPACT_MODEL_DIR = Path(__file__).parent / "models" / "en_ewt_compact"
_PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse")
_FIX = "run `quoteattr models --download` (needs network) or reinstall quoteattr, which ships the compact model"


class ModelSpec:
    """A resolved model: where it is and what it is."""

    __slots__ = ("kind", "path", "info", "lang")

    def __init__(self, kind: str, path: Path, info: ModelInfo, lang: str = "en"):
        self.kind = kind  # "compact" or "stanza"
        self.path = path
        self.info = info
        self.lang = lang

    def __repr__(self) -> str:
        return f"ModelSpec({self.kind!r}, {str(self.path)!r}, {self.info.name} {self.info.version})"


def _stanza_dir() -> Path:
    return Path(os.environ.get("STANZA_RESOURCES_DIR", Path.home() / "stanza_resources"))


def _stanza_installed(lang: str) -> Optional[Path]:
    root = _stanza_dir()
    res = root / "resources.json"
    if not res.is_file():
        return None
    for proc in ("tokenize", "pos", "lemma", "depparse"):
        d = root / lang / proc
        if not d.is_dir() or not any(d.glob("*.pt")):
            return None
    return root


def _compact_spec(path: Path) -> ModelSpec:
    missing = [p for p in _PROCESSORS if not (path / f"{p}.pt").is_file()]
    if missing or not (path / "manifest.json").is_file():
        what = ", ".join(f"{m}.pt" for m in missing) or "manifest.json"
        raise ModelNotFoundError(f"model directory {path} is incomplete: missing {what}; {_FIX}")
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    checksum = hashlib.sha256(json.dumps(manifest.get("files", {}), sort_keys=True).encode()).hexdigest()[:16]
    info = ModelInfo(manifest.get("name", path.name), str(manifest.get("version", "0")), checksum, str(path))
    return ModelSpec("compact", path, info)


def _stanza_spec(root: Path, lang: str) -> ModelSpec:
    import stanza

    res = json.loads((root / "resources.json").read_text(encoding="utf-8"))
    version = str(res.get("version", getattr(stanza, "__version__", "?")) if isinstance(res, dict) else "?")
    checksum = hashlib.sha256((root / "resources.json").read_bytes()).hexdigest()[:16]
    return ModelSpec("stanza", root, ModelInfo(f"stanza-{lang}-default", version, checksum, str(root)), lang)


def check_model_name(model: Any) -> None:
    """Fail early on a model name that can never resolve (a typo), before any loading.

    Raises:
        OptionError: for a name that is neither known nor a path, an empty one
            (``""`` would read as the current directory), or a value that is not
            a str, ``Path`` or resolved model (``Pipeline(model=None)`` would
            otherwise only fail at the first text; OptionError, as it always
            was for a wrong type).
    """
    if not isinstance(model, (str, Path, ModelSpec)):
        raise OptionError(f"model must be 'auto', 'compact', 'stanza' or a model directory (str or Path), got {type(model).__name__} {model!r:.40}")
    if isinstance(model, str) and not model.strip():
        raise OptionError(f"model must be 'auto', 'compact', 'stanza' or a model directory, got {model!r}")
    if isinstance(model, str) and model not in ("auto", "compact", "stanza") and os.sep not in model and not Path(model).exists():
        raise OptionError(f"unknown model {model!r}; pass 'auto', 'compact', 'stanza' or a model directory (see `quoteattr models`)")


def resolve_model(model: Any = "auto", lang: str = "en") -> ModelSpec:
    """Find the model to use, without loading it.

    Raises:
        ModelNotFoundError: naming what is missing and how to get it.
        OptionError: for an unknown model name.
    """
    if isinstance(model, ModelSpec):
        return model
    check_model_name(model)
    if isinstance(model, (str, Path)) and str(model) not in ("auto", "compact", "stanza"):
        path = Path(model)
        if not path.is_dir():
            raise ModelNotFoundError(
                f"model directory {path} does not exist; pass an existing model directory, or model='auto' to use "
                f"the bundled compact model; {_FIX}"
            )
        return _compact_spec(path)
    if model not in ("auto", "compact", "stanza"):
        raise OptionError(f"model must be 'auto', 'compact', 'stanza' or a directory, got {model!r}")
    if model in ("auto", "stanza"):
        root = _stanza_installed(lang)
        if root is not None:
            return _stanza_spec(root, lang)
        if model == "stanza":
            raise ModelNotFoundError(
                f"stanza's {lang!r} models are not installed in {_stanza_dir()}; "
                "run `quoteattr models --download` (needs network), or use model='compact'"
            )
    if lang != "en":
        raise ModelNotFoundError(f"no bundled model for language {lang!r}; install stanza's models for it")
    return _compact_spec(COMPACT_MODEL_DIR)


def installed_models(lang: str = "en") -> List[Dict[str, Any]]:
    """What is installed, and which one ``auto`` picks."""
    out = []
    root = _stanza_installed(lang)
    try:
        auto = resolve_model("auto", lang).kind
    except ModelNotFoundError:
        auto = None
    if root is not None:
        s = _stanza_spec(root, lang)
        out.append({"name": s.info.name, "kind": "stanza", "version": s.info.version, "path": str(root), "auto": auto == "stanza"})
    try:
        c = _compact_spec(COMPACT_MODEL_DIR)
        out.append({"name": c.info.name, "kind": "compact", "version": c.info.version, "checksum": c.info.checksum, "path": str(c.path), "auto": auto == "compact"})
    except ModelNotFoundError as e:
        out.append({"name": "en_ewt_compact", "kind": "compact", "error": str(e), "auto": False})
    return out


def build_stanza_pipeline(spec: ModelSpec, pretokenized: bool = False) -> Any:
    """Load a ``stanza.Pipeline`` for ``spec``, never downloading."""
    import stanza

    common: Dict[str, Any] = dict(
        processors=",".join(_PROCESSORS),
        download_method=None,
        logging_level="ERROR",
        use_gpu=False,
        tokenize_pretokenized=pretokenized,
        depparse_batch_size=5000,
        pos_batch_size=3000,
    )
    try:
        if spec.kind == "stanza":
            return stanza.Pipeline(spec.lang, dir=str(spec.path), **common)
        paths = {f"{p}_model_path": str(spec.path / f"{p}.pt") for p in _PROCESSORS}
        pretrain = spec.path / "pretrain.pt"
        if pretrain.is_file():
            paths["pos_pretrain_path"] = str(pretrain)
            paths["depparse_pretrain_path"] = str(pretrain)
        return stanza.Pipeline(
            lang=spec.lang,
            dir=str(spec.path),
            allow_unknown_language=True,
            **paths,
            **common,
        )
    except (KeyError, FileNotFoundError, OSError) as e:  # stanza's offline failures
        raise ModelNotFoundError(f"could not load the model in {spec.path}: {e!r}; {_FIX}") from e
    except Exception as e:
        if type(e).__name__ in ("ResourcesFileNotFoundError", "ConnectionError", "UnsupportedProcessorError"):
            raise ModelNotFoundError(f"could not load the model in {spec.path}: {e}; {_FIX}") from e
        raise


def download_stanza_models(lang: str = "en") -> Path:
    """Download stanza's full models for ``lang`` (the only network access quoteattr makes)."""
    import stanza

    try:
        stanza.download(lang, model_dir=str(_stanza_dir()), processors=",".join(_PROCESSORS), logging_level="WARN")
    except Exception as e:
        raise ModelNotFoundError(f"download of stanza's {lang!r} models failed: {e}; check the network, or use the bundled compact model") from e
    return _stanza_dir()
