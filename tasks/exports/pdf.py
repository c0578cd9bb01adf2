"""HTML to PDF with the same headless Chromium the browser tests use (no network, bounded)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
TIMEOUT_SECONDS = 60


class PdfUnavailable(RuntimeError):
    """No Chromium on this machine; the HTML version is still there to print."""


def chromium() -> str:
    for candidate in CHROMIUM_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    raise PdfUnavailable("服务器未安装 Chromium，无法生成 PDF，请使用浏览器打印网页版。")


def html_to_pdf(html: str) -> bytes:
    """Print a self-contained HTML page (styles inline) to A4 PDF."""
    with tempfile.TemporaryDirectory(prefix="ipplan-pdf-") as folder:
        source = Path(folder) / "page.html"
        target = Path(folder) / "page.pdf"
        source.write_text(html, encoding="utf-8")
        subprocess.run(
            [
                chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                f"--user-data-dir={folder}/profile",
                "--no-pdf-header-footer",
                f"--print-to-pdf={target}",
                source.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
        )
        return target.read_bytes()
