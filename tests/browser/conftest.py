"""Headless Chromium (Debian's package) driven by Playwright against pytest-django's live server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="package")
def browser():
    """One Chromium for tests/browser/, closed before the rest of the suite runs.

    Package scope matters: while Playwright's sync API is open an event loop is running in
    this thread, which would make every later ORM call look like async code.
    """
    if not CHROMIUM.exists():
        pytest.skip("需要 /usr/bin/chromium（make test 会用 apt-get 安装）")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
            )
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    # Bulk and irreversible actions ask first (static/ipplan/confirm.js): accept (unless a
    # test sets page.ipplan_answer = False), and keep what was asked for the tests to check.
    asked: list[str] = []

    def answer(dialog) -> None:
        asked.append(dialog.message)
        dialog.accept() if page.ipplan_answer else dialog.dismiss()

    page.on("dialog", answer)
    page.ipplan_dialogs = asked
    page.ipplan_answer = True
    yield page
    context.close()


# Recorded from the first script on: a blocked script or style fires this event.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${where}`);
});
"""


@pytest.fixture
def csp_violations(page):
    """Call it after a page has loaded: what the Content-Security-Policy blocked there."""
    page.add_init_script(WATCH_CSP)
    return lambda: page.evaluate("window.__cspViolations || []")


@pytest.fixture
def dialogs(page) -> list[str]:
    """The confirmation questions the page has asked so far (each was accepted)."""
    return page.ipplan_dialogs


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under test-artifacts/ for a person to look at."""

    def take(name: str, *, full_page: bool = True, max_height: int | None = None) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        clip = None
        if max_height is not None:
            height = min(max_height, page.evaluate("document.documentElement.scrollHeight"))
            clip = {"x": 0, "y": 0, "width": page.viewport_size["width"], "height": height}
        page.screenshot(path=str(path), full_page=full_page, clip=clip)
        return path

    return take


AXE_VERSION = "4.11.0"
AXE_CACHE = Path(__file__).resolve().parents[2] / ".cache" / f"axe-core-{AXE_VERSION}"


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's browser bundle, installed from npm once into .cache/ (not vendored: it is
    only a test tool). No npm and no cache is a skip, which CI turns into a failure."""
    import shutil
    import subprocess

    bundle = AXE_CACHE / "node_modules" / "axe-core" / "axe.min.js"
    if not bundle.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("需要 npm 安装 axe-core（apt-get install npm）")
        AXE_CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                npm,
                "install",
                "--prefix",
                str(AXE_CACHE),
                "--no-audit",
                "--no-fund",
                "--no-save",
                f"axe-core@{AXE_VERSION}",
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return bundle.read_text(encoding="utf-8")
