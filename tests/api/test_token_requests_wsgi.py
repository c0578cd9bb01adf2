"""API requests with a token take a shorter middleware chain (ipplan/wsgi.py) and lose
nothing a client or the office relies on: the same answer, the security headers, no cookie,
a revoked token refused at once; sessions still go through the full chain."""

from __future__ import annotations

import io
import json

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client

from api.models import ApiToken
from api.tokens import token_revoke
from ipplan.wsgi import application, carries_api_token
from tasks.models import ReportingPeriod

pytestmark = pytest.mark.django_db


def wsgi_get(path: str, **headers) -> tuple[int, dict[str, str], bytes]:
    """GET through ipplan.wsgi.application as gunicorn calls it."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(response_headers)

    # As Django's test client does: the test's transaction must survive the request's end.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = application(environ, start_response)
        body = b"".join(result)
        result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"], body


def test_a_token_request_gets_the_same_answer_with_the_security_headers_and_no_cookie(
    reporting_plan, read_token, client_for
):
    period = ReportingPeriod.objects.get(plan=reporting_plan)
    path = f"/api/v1/periods/{period.pk}/summary/"
    assert carries_api_token({"PATH_INFO": path, "HTTP_AUTHORIZATION": f"Bearer {read_token}"})
    status, headers, body = wsgi_get(path, authorization=f"Bearer {read_token}")
    assert status == 200
    assert json.loads(body) == client_for(read_token).get(path).json()
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Set-Cookie" not in headers


def test_a_revoked_token_is_refused_at_once(reporting_plan, read_token):
    period = ReportingPeriod.objects.get(plan=reporting_plan)
    path = f"/api/v1/periods/{period.pk}/summary/"
    assert wsgi_get(path, authorization=f"Bearer {read_token}")[0] == 200
    token_revoke(token=ApiToken.objects.get(prefix=read_token.split("_")[1]))
    status, _, body = wsgi_get(path, authorization=f"Bearer {read_token}")
    assert (status, json.loads(body)["code"]) == (401, "token_revoked")


def test_a_web_session_still_reads_the_api_through_the_full_chain(
    reporting_plan, office_supervisor
):
    period = ReportingPeriod.objects.get(plan=reporting_plan)
    path = f"/api/v1/periods/{period.pk}/summary/"
    browser = Client()
    browser.force_login(office_supervisor)
    cookie = f"sessionid={browser.cookies['sessionid'].value}"
    assert not carries_api_token({"PATH_INFO": path, "HTTP_COOKIE": cookie})
    status, _, body = wsgi_get(path, cookie=cookie)
    assert (status, json.loads(body)["period"]) == (200, period.pk)
    assert wsgi_get(path)[0] == 401  # neither a token nor a session
