"""Every key page of every persona carries the CSP and the other security headers, and has
no inline script (django-csp would block it: the page would silently lose its behaviour)."""

import re

import pytest
from django.test import Client

from tests.browser.key_pages import demo_with_reports, key_pages

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


def test_key_pages_have_the_csp_headers_and_no_inline_script(settings):
    demo = demo_with_reports(settings)
    clients = {}
    for page in key_pages(demo):
        if page.persona not in clients:
            clients[page.persona] = Client()
            clients[page.persona].login(username=page.username, password="ipplan-demo")
        response = clients[page.persona].get(page.path)
        assert response.status_code == 200, page
        policy = response["Content-Security-Policy"]
        script_src = policy.split("script-src")[1].split(";")[0]
        assert script_src.strip() == "'self'", policy
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), (page, INLINE_SCRIPT.search(html))
        assert not INLINE_HANDLER.search(html), (page, INLINE_HANDLER.search(html))
    for path in ("/admin/", "/admin/tasks/measure/", "/admin/tasks/plan/"):
        response = clients["office"].get(path)
        assert response.status_code == 200 and "Content-Security-Policy" in response
        assert not INLINE_SCRIPT.search(response.content.decode()), path


@pytest.mark.parametrize("path", ["/login/", "/api/v1/docs/", "/api/v1/redoc/", "/admin/login/"])
def test_public_pages_have_no_inline_script(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    assert not INLINE_SCRIPT.search(response.content.decode())
