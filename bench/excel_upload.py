"""How long an Excel upload can hold a web worker: the bounded reading of tasks/excel/reading.py.

Usage: ``python bench/excel_upload.py [--runs N]``. Times, in this process (CPU time and
wall clock, median of N runs), (1) refusing the template with 100,000 appended rows,
(2) refusing a 1 MB file that inflates to 20 MB, (3) the content check plus openpyxl's
read of a workbook at the row and cell limits (the most a file within them costs), and
prints the load average, since wall-clock times swing with what else the machine runs.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipplan.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench.sqlite3'}")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.conf import settings  # noqa: E402

from tasks.excel.reading import ExcelError, check_package  # noqa: E402

TEXT = "进展情况良好，按计划推进各项工作，完成年度目标任务的百分之六十。"


def workbook(rows: int, columns: int = 10, text: str = TEXT) -> bytes:
    """``rows`` rows of ``columns`` cells, each a distinct text."""
    book = openpyxl.Workbook()
    sheet = book.active
    for n in range(rows):
        sheet.append([f"{text}{n}-{c}" for c in range(columns)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def appended(content: bytes, count: int) -> bytes:
    out = io.BytesIO()
    rows = "".join(
        f'<row r="{n}"><c r="H{n}" t="inlineStr"><is><t>追加的第{n}行</t></is></c></row>'
        for n in range(2000, 2000 + count)
    ).encode()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", rows + b"</sheetData>")
            target.writestr(info.filename, data)
        if count == 0:
            target.writestr("xl/media/image1.png", os.urandom(900_000) + b"\0" * 20 * 1048576)
    return out.getvalue()


def read(content: bytes) -> None:
    check_package(content)
    book = openpyxl.load_workbook(io.BytesIO(content), data_only=True, read_only=True)
    for _row in book.active.iter_rows(values_only=True):
        pass
    book.close()


def measure(name: str, action, runs: int) -> None:
    cpu, wall, outcome = [], [], "读取完成"
    for _ in range(runs):
        start_cpu, start = time.process_time(), time.perf_counter()
        try:
            action()
        except ExcelError as error:
            outcome = f"拒绝：{error.messages[0][:40]}…"
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start)
    print(
        f"{name:<34} CPU {statistics.median(cpu) * 1000:7.0f} ms   "
        f"wall {statistics.median(wall) * 1000:7.0f} ms   {outcome}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    base = workbook(3)
    rows_100k = appended(base, 100_000)
    bomb = appended(base, 0)
    # The worst a file within every limit can be: the most rows, each with the most cells
    # (short texts, or the cells would pass the inflated-size limit first).
    limit_rows = settings.IPPLAN_EXCEL_MAX_ROWS - 10
    at_limit = workbook(limit_rows, settings.IPPLAN_EXCEL_MAX_CELLS // limit_rows - 1, "进展")
    print(f"load average {os.getloadavg()[0]:.2f} · {os.cpu_count()} CPUs · median of {runs}")
    measure(f"100,000 rows ({len(rows_100k) // 1024} KB)", lambda: check_package(rows_100k), runs)
    measure(f"zip bomb ({len(bomb) // 1024} KB → 21 MB)", lambda: check_package(bomb), runs)
    measure(
        f"at the row and cell limits ({len(at_limit) // 1024} KB)",
        lambda: read(at_limit),
        runs,
    )


if __name__ == "__main__":
    main()
