"""Token lifecycle: hashed storage, shown once, expiry, revocation, scopes, throttling."""

from __future__ import annotations

import datetime
import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from agencies.models import Membership
from api.models import ApiToken
from api.tokens import token_create

from .conftest import agency, issue

pytestmark = pytest.mark.django_db


def test_only_a_digest_of_the_secret_is_stored(reporter_a, client_for):
    issued = token_create(
        name="科技厅业务系统", user=reporter_a, agency=agency("省科技厅"), scopes={"read"}
    )
    stored = ApiToken.objects.get(pk=issued.token.pk)
    assert issued.secret.startswith(f"ipp_{stored.prefix}_")
    assert stored.secret_hash == hashlib.sha256(issued.secret.encode()).hexdigest()
    assert issued.secret not in str(ApiToken.objects.filter(pk=stored.pk).values().get())
    assert client_for(issued.secret).get("/api/v1/plans/").status_code == 200
    # A secret with the right prefix but a wrong tail is refused.
    response = client_for(issued.secret[:-2] + "xx").get("/api/v1/plans/")
    assert (response.status_code, response.json()["code"]) == (401, "token_invalid")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_no_credentials_answers_401_in_the_error_shape(client_for, db):
    response = client_for().get("/api/v1/measures/")
    assert response.status_code == 401
    assert response.json() == {
        "code": "not_authenticated",
        "message": "请先登录，或在 Authorization 头中提供令牌（Bearer ipp_…）。",
    }


def test_an_expired_token_is_refused(reporter_a, client_for, monkeypatch):
    from core import clock

    secret = issue(
        reporter_a,
        agency("省科技厅"),
        expires_at=clock.now() + datetime.timedelta(days=1),
    )
    assert client_for(secret).get("/api/v1/plans/").status_code == 200
    later = clock.now() + datetime.timedelta(days=2)
    monkeypatch.setattr("core.clock.now", lambda: later)
    response = client_for(secret).get("/api/v1/plans/")
    assert (response.status_code, response.json()["code"]) == (401, "token_expired")
    assert "已过期" in response.json()["message"]


def test_the_office_revokes_a_token_in_the_admin(office_supervisor, reporter_a, client, client_for):
    secret = issue(reporter_a, agency("省科技厅"))
    token = ApiToken.objects.get()
    client.force_login(office_supervisor)
    page = client.post(
        "/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
        follow=True,
    )
    assert "已吊销 1 个令牌" in page.content.decode()
    response = client_for(secret).get("/api/v1/plans/")
    assert (response.status_code, response.json()["code"]) == (401, "token_revoked")


def test_the_admin_issues_a_token_and_shows_the_secret_once(
    office_supervisor, reporter_a, client, client_for
):
    client.force_login(office_supervisor)
    page = client.post(
        "/admin/api/apitoken/add/",
        {
            "name": "科技厅业务系统",
            "user": reporter_a.pk,
            "agency": agency("省科技厅").pk,
            "scope_read": "on",
            "scope_report": "on",
            "rate_per_minute": 600,
        },
        follow=True,
    )
    text = page.content.decode()
    assert "只显示这一次" in text
    secret = text.split("系统只保存其摘要）：", 1)[1].split("<", 1)[0].strip()
    assert client_for(secret).get("/api/v1/reports/").status_code == 200
    assert (
        secret
        not in client.get(
            f"/admin/api/apitoken/{ApiToken.objects.get().pk}/change/"
        ).content.decode()
    )


def test_the_admin_refuses_review_scope_for_an_agency_token(office_supervisor, reporter_a, client):
    client.force_login(office_supervisor)
    page = client.post(
        "/admin/api/apitoken/add/",
        {
            "name": "越权",
            "user": reporter_a.pk,
            "agency": agency("省科技厅").pk,
            "scope_read": "on",
            "scope_review": "on",
            "rate_per_minute": 600,
        },
    )
    assert "只有联席办令牌可以审核" in page.content.decode()
    assert not ApiToken.objects.exists()


def test_command_creates_a_service_account_and_prints_the_secret(directory, client_for):
    out = StringIO()
    call_command(
        "api_token_create",
        "--name",
        "商务厅系统",
        "--agency",
        "省商务厅",
        "--scopes",
        "read,report",
        stdout=out,
    )
    lines = out.getvalue().splitlines()
    assert "只显示这一次" in lines[1]
    secret = lines[2]
    token = ApiToken.objects.get()
    assert token.scopes == {"read", "report"}
    membership = Membership.objects.get(user=token.user)
    assert (membership.agency.short_name, membership.role) == ("省商务厅", "reporter")
    assert not token.user.has_usable_password()
    assert client_for(secret).get("/api/v1/reports/").status_code == 200


def test_command_refuses_rules_a_token_must_keep(office_supervisor, reporter_a):
    with pytest.raises(CommandError, match="联席办令牌不能填报"):
        call_command(
            "api_token_create",
            "--name",
            "x",
            "--office",
            "--scopes",
            "read,report",
            stdout=StringIO(),
        )
    with pytest.raises(CommandError, match="不是省商务厅的成员"):
        call_command(
            "api_token_create",
            "--name",
            "x",
            "--agency",
            "省商务厅",
            "--user",
            "reporter-a",
            stdout=StringIO(),
        )


def test_throttling_is_per_token_and_answers_429_in_the_error_shape(
    reporter_a, viewer_a, client_for, settings
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "api-throttle-test",
        }
    }
    slow = issue(reporter_a, agency("省科技厅"), rate_per_minute=3)
    other = issue(viewer_a, agency("省科技厅"), rate_per_minute=3)
    statuses = [client_for(slow).get("/api/v1/plans/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client_for(slow).get("/api/v1/plans/")
    assert response.json()["code"] == "throttled"
    assert "请求过于频繁" in response.json()["message"]
    assert int(response["Retry-After"]) > 0
    assert client_for(other).get("/api/v1/plans/").status_code == 200  # its own budget


def test_throttle_counts_a_sliding_minute_and_names_when_to_retry(
    reporter_a, client_for, settings, monkeypatch
):
    """Counters per minute; the previous minute weighs by how much of it is still recent."""
    from api.throttling import TokenRateThrottle

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "api-throttle-window-test",
        }
    }
    now = [6_000_000.0]  # the start of a minute
    monkeypatch.setattr(TokenRateThrottle, "timer", lambda self: now[0])
    client = client_for(issue(reporter_a, agency("省科技厅"), rate_per_minute=4))

    def status() -> int:
        return client.get("/api/v1/plans/").status_code

    assert [status() for _ in range(5)] == [200, 200, 200, 200, 429]
    now[0] += 45  # still the same minute: all four count
    refused = client.get("/api/v1/plans/")
    assert refused.status_code == 429
    # The next minute begins in 15 s and the four weigh fully until then; one more request
    # fits once they weigh at most 3, a quarter into the next minute: 15 s + 15 s.
    assert int(refused["Retry-After"]) == 30
    now[0] += 30  # a quarter into the next minute: 4 × 0.75 = 3, so one more fits
    assert [status(), status()] == [200, 429]
    now[0] += 45  # the minute after: only the one request of the previous minute weighs
    assert [status() for _ in range(4)] == [200, 200, 200, 429]
