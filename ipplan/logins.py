"""Login throttling (django-axes): per account and per address, with a Chinese refusal.

Both the site's login page and /admin/login/ authenticate through Django's backends, where
django-axes counts failures. An account is locked after ``AXES_FAILURE_LIMIT`` failed
attempts; an address after ``IPPLAN_LOGIN_ADDRESS_LIMIT`` failed attempts on any accounts
(higher, because a whole office may reach the intranet through one address). The lock lasts
``AXES_COOLOFF_TIME`` from the last failure; the office can lift it early in the admin
(登录保护 → 登录失败记录; Chinese names from locale/zh_Hans) or with
``manage.py axes_reset_username USER``.
"""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_lockout_parameters
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_address(request: HttpRequest) -> str:
    """The person's address: REMOTE_ADDR, or behind ``IPPLAN_PROXY_COUNT`` trusted reverse
    proxies the address the outermost of them saw (X-Forwarded-For is read from the right,
    so a client cannot choose its address by sending the header itself)."""
    proxies = settings.IPPLAN_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' check, for logins that come with a request (every web login: the site's
    page, the admin's). A login without one is not a web request (the test client's
    ``login()``, a shell) and has no address to count, so it is left to the next backend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class AccountAndAddressHandler(AxesDatabaseHandler):
    """django-axes' database handler with a limit per lockout parameter: the account's
    failures against ``AXES_FAILURE_LIMIT``, the address's against
    ``IPPLAN_LOGIN_ADDRESS_LIMIT``."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        account_limit = settings.AXES_FAILURE_LIMIT
        worst = 0
        for parameter, attempts in zip(
            get_lockout_parameters(request, credentials),
            self.get_user_attempts(request, credentials),
            strict=True,
        ):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            limit = settings.IPPLAN_LOGIN_ADDRESS_LIMIT if parameter == "ip_address" else None
            # axes compares the result with the account limit: scale the address's count so
            # that reaching its own limit reads as reaching the account limit.
            worst = max(worst, failures * account_limit // limit if limit else failures)
        return worst


def locked_out(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """The refusal while locked: a Chinese page with status 429 (site and admin alike)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"cooloff_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
