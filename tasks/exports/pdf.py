"""HTML to PDF with the same headless Chromium the browser tests use (no network, bounded).

The production image installs Debian's ``chromium`` and ``fonts-noto-cjk`` (Dockerfile).
Whatever goes wrong — no Chromium, a crash, a timeout, no file written — is one
``PdfUnavailable`` with a Chinese message; the view answers it with a 503 page, never with
the HTML in the PDF's place.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
# Below gunicorn's 30 s worker timeout (gunicorn.conf.py), so a stuck print is answered with
# the 503 page instead of the worker being killed mid-request; a PDF takes a few seconds.
TIMEOUT_SECONDS = 20
PRINT_INSTEAD = "请稍后重试，或打开网页版用浏览器打印。"


class PdfUnavailable(RuntimeError):
    """The PDF could not be made; the message (Chinese) says why and what to do instead."""


def chromium() -> str:
    for candidate in CHROMIUM_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    raise PdfUnavailable(f"服务器未安装 Chromium，无法生成 PDF。{PRINT_INSTEAD}")


def html_to_pdf(html: str) -> bytes:
    """Print a self-contained HTML page (styles inline) to A4 PDF."""
    browser = chromium()
    with tempfile.TemporaryDirectory(prefix="ipplan-pdf-") as folder:
        source = Path(folder) / "page.html"
        target = Path(folder) / "page.pdf"
        source.write_text(html, encoding="utf-8")
        try:
            subprocess.run(
                [
                    browser,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
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
        except subprocess.TimeoutExpired as error:
            logger.error("PDF: Chromium did not finish in %s s", TIMEOUT_SECONDS)
            message = f"生成 PDF 超时（{TIMEOUT_SECONDS} 秒）。{PRINT_INSTEAD}"
            raise PdfUnavailable(message) from error
        except (subprocess.CalledProcessError, OSError) as error:
            stderr = (getattr(error, "stderr", b"") or b"").decode(errors="replace")
            logger.error("PDF: Chromium failed: %s %s", error, stderr[-2000:])
            raise PdfUnavailable(f"生成 PDF 失败（Chromium 出错）。{PRINT_INSTEAD}") from error
        data = target.read_bytes() if target.exists() else b""
        if not data.startswith(b"%PDF"):
            logger.error("PDF: Chromium exited without writing a PDF")
            raise PdfUnavailable(f"生成 PDF 失败（未得到 PDF 文件）。{PRINT_INSTEAD}")
        return data
