"""Benchmark: parsing time of real documents (read, structure, responsibilities, targets).

Usage: ``python bench/import_parse.py [--repeat 20]``. Parses every document of
fixtures/import_corpus/ and fixtures/documents/ (no database: parsing only, as the import
job does before it writes) and prints the median per document, the largest documents
first, with the machine's load average. The target (issue 10): under 50 ms for a 30 KB
document.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipplan.settings")

import django  # noqa: E402

django.setup()

from tasks.importer import DocumentError, read_document  # noqa: E402
from tasks.importer.enrich import enrich  # noqa: E402


def parse_ms(data: bytes, name: str, repeat: int) -> float | None:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        try:
            for plan in read_document(data, filename=name):
                enrich(plan)
        except DocumentError:
            return None
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    paths = sorted(
        [
            *(ROOT / "fixtures" / "import_corpus").glob("*.txt"),
            *(ROOT / "fixtures" / "documents").glob("*.txt"),
        ],
        key=lambda path: path.stat().st_size,
        reverse=True,
    )
    # Warm the regular expressions and the lazy imports once.
    parse_ms(paths[0].read_bytes(), paths[0].name, 1)
    print(f"load average: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")
    print(f"{'document':50} {'KB':>6} {'median ms':>10}")
    worst_per_30kb = 0.0
    for path in paths:
        data = path.read_bytes()
        median = parse_ms(data, path.name, args.repeat)
        shown = "refused" if median is None else f"{median:10.1f}"
        print(f"{path.name:50} {len(data) / 1024:6.1f} {shown:>10}")
        if median is not None:
            worst_per_30kb = max(worst_per_30kb, median * 30 * 1024 / len(data))
    print(f"slowest, scaled to 30 KB: {worst_per_30kb:.1f} ms (target < 50 ms)")


if __name__ == "__main__":
    main()
