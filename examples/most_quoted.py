"""Count the most-quoted sources and the busiest relays of a corpus, with pandas.

Usage: python examples/most_quoted.py ARTICLES_DIR [N]
(needs pandas: pip install 'quoteattr[pandas]')
"""

import sys
from pathlib import Path

import quoteattr


def main(folder: str, n: int = 10) -> None:
    nlp = quoteattr.Pipeline()
    texts = ({"id": f.name, "text": f.read_text(encoding="utf-8")} for f in sorted(Path(folder).glob("*.txt")))
    df = quoteattr.to_dataframe(nlp.pipe(texts))
    top = df[df["parent"].isna()].groupby(["entity", "type"]).size().sort_values(ascending=False).head(n)
    print("most-quoted sources (top-level attributions):")
    print(top.to_string())
    relays = df["relayed_by"].dropna().str.split(" → ").str[0].value_counts().head(n)
    print("\noutermost relays:")
    print(relays.to_string())


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10)
