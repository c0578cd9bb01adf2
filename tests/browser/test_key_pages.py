"""Every key page of every persona in a real browser: axe-core finds no serious or critical
accessibility violation, and the Content-Security-Policy blocks nothing the page needs.

Each page's screenshot lands in test-artifacts/<persona>-<page>.png; docs/screenshots/ holds
the ones a person looked at.
"""

from __future__ import annotations

import pytest

from .key_pages import PASSWORD, PERSONAS, demo_with_reports, key_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' — ' + (n.failureSummary || '')),
    count: v.nodes.length,
  }));
}"""
BLOCKING = {"serious", "critical"}


@pytest.fixture
def demo(settings):
    return demo_with_reports(settings)


def _log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector(".topbar .who")


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_key_pages_pass_axe_and_the_csp(
    persona, demo, live_server, page, axe_source, screenshot, csp_violations
):
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    _log_in(page, live_server.url, PERSONAS[persona])
    problems: list[str] = []
    for key in (k for k in key_pages(demo) if k.persona == persona):
        console_errors.clear()
        page.goto(f"{live_server.url}{key.path}")
        page.wait_for_selector(key.ready)
        page.wait_for_load_state("networkidle")
        page.evaluate(axe_source)  # CDP evaluation: not an inline script, the CSP allows it
        for v in page.evaluate(AXE_RUN):
            if v["impact"] in BLOCKING:
                problems.append(f"{key.shot}: {v['impact']} {v['id']} ×{v['count']} {v['nodes']}")
        for violation in csp_violations():
            problems.append(f"{key.shot}: CSP blocked {violation}")
        problems.extend(f"{key.shot}: console {text}" for text in console_errors)
        screenshot(key.shot, max_height=1600)  # docs/screenshots/ keeps these
    assert problems == [], "\n".join(problems)
