"""Swagger UI and Redoc render the schema in a real browser from vendored files only."""

from __future__ import annotations

import pytest


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("path", "marker"),
    [("/api/v1/docs/", ".opblock-tag"), ("/api/v1/redoc/", "h1")],
)
def test_documentation_page_renders_from_local_assets(
    live_server, page, screenshot, path, marker, csp_violations
):
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((live_server.url, "data:", f"blob:{live_server.url}"))
            else None
        ),
    )
    page.goto(f"{live_server.url}{path}")
    page.wait_for_selector(marker, timeout=30000)
    assert "ipplan API" in page.content()
    assert "reports" in page.content()
    screenshot(f"api{path.replace('/', '-').rstrip('-')}", full_page="docs" in path)
    assert outside == []  # no CDN, no web font, no validator badge
    assert csp_violations() == []  # rendered under the Content-Security-Policy, nothing blocked
