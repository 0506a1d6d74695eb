"""Every data file the package reads is declared in setup.cfg's package_data,
so a wheel (not only an editable install) carries it."""

import configparser
import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_shipped_data_files_are_in_package_data():
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg")
    patterns = [p.strip() for p in cfg["options.package_data"]["quoteattr"].splitlines() if p.strip()]
    pkg = ROOT / "quoteattr"
    data = [p.relative_to(pkg).as_posix() for d in ("lexicons", "models") for p in (pkg / d).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert data, "no data files found"
    missing = [f for f in data if not any(fnmatch.fnmatch(f, pat) for pat in patterns)]
    assert missing == [], f"not in setup.cfg [options.package_data]: {missing}"
