"""A folder of articles (*.txt) → one CSV of who said what.

Usage: python examples/folder_to_csv.py ARTICLES_DIR out.csv
"""

import csv
import sys
from pathlib import Path

import quoteattr
from quoteattr._frames import COLUMNS, rows


def main(folder: str, out: str) -> None:
    nlp = quoteattr.Pipeline()  # loads the parser once
    files = sorted(Path(folder).glob("*.txt"))
    records = ({"id": f.name, "text": f.read_text(encoding="utf-8")} for f in files)
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        for doc in nlp.pipe(records, batch_size=8):
            writer.writerows(rows(doc))


if __name__ == "__main__":
    main(*sys.argv[1:3])
