"""Whether reading a print text grows linearly with its size: `python benchmarks/import_size.py`.

Builds texts of 1, 5 and 10 MB from the seed issue (fixtures/seeds/001_…): the whole issue,
then its body (the articles, from line 200 on) printed again and again, as a text pasted
together from many issues would be. Reads each as `import_issue` does (imports/parsing.py,
no database) and prints the seconds and the seconds per MB: equal seconds per MB at each
size mean linear time. The floor, measured in the same run on the same text: splitting it
into lines and normalising each (`unify`), which any reading must do; each reading is also
printed as a multiple of it, which says more than seconds on a shared, noisy machine.

The texts are larger than the importer accepts (IMPORT_MAX_BYTES, 10 MB by default); the
limit is checked before reading, so this measures the reading alone.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from imports.parsing import read_issue_text  # noqa: E402
from imports.text import unify  # noqa: E402
from periodical.models import Periodical  # noqa: E402

SEED = ROOT / "fixtures/seeds/001_f298dd8e9d14375d.txt"
MB = 1024 * 1024


def text_of_size(size: int) -> str:
    """The seed issue, its body repeated until the text holds `size` bytes of UTF-8."""
    issue = SEED.read_text(encoding="utf-8")
    body = "\n".join(issue.split("\n")[199:])
    copies = max(0, -(-(size - len(issue.encode())) // (len(body.encode()) + 1)))
    return "\n".join([issue, *[body] * copies])


def floor(text: str) -> float:
    """Seconds to split the text into lines and normalise each."""
    started = time.perf_counter()
    for line in text.split("\n"):
        unify(line.strip())
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 5, 10], help="in MB")
    options = parser.parse_args()
    periodical = Periodical(
        slug="dangyuan-zhiyou", name="党员之友", kind="magazine", frequency="monthly"
    )
    for size in options.sizes:
        text = text_of_size(int(size * MB))
        megabytes = len(text.encode()) / MB
        base = min(floor(text) for _ in range(3))
        started = time.perf_counter()
        document, report = read_issue_text(text, periodical=periodical)
        elapsed = time.perf_counter() - started
        print(
            f"{megabytes:5.1f} MB, {text.count(chr(10)) + 1} lines: read in {elapsed:.2f} s, "
            f"{elapsed / megabytes:.2f} s/MB ({elapsed / base:.0f}× the floor of "
            f"{base:.2f} s, {base / megabytes:.3f} s/MB); "
            f"{len(document.articles)} articles, {len(report)} report items"
        )


if __name__ == "__main__":
    main()
