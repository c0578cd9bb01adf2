"""Login throttling (issue 16): 200 wrong passwords then the right one used to log in.

Now an account is locked after AXES_FAILURE_LIMIT failures and an address after
IPPLAN_LOGIN_ADDRESS_LIMIT, on the site's login page and on /admin/login/ alike, with a
Chinese page (status 429). Real requests through the middleware, real database rows.
"""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client

pytestmark = pytest.mark.django_db

ATTACKER = "192.0.2.66"  # documentation addresses (RFC 5737): only a header in the test client
PERSON = "192.0.2.10"


@pytest.fixture
def person(reporter_a):
    """A reporter of 省科技厅 (tests/conftest.py), with the password ``pw-reporter-a``."""
    return reporter_a


def log_in(path: str, username: str, password: str, address: str):
    client = Client(REMOTE_ADDR=address)
    response = client.post(path, {"username": username, "password": password})
    return response, "_auth_user_id" in client.session


def assert_locked(response, logged_in: bool):
    assert response.status_code == 429
    assert not logged_in
    page = response.content.decode()
    assert "登录失败次数过多" in page and "15 分钟" in page


def test_an_account_is_locked_after_five_wrong_passwords_from_any_address(person):
    for _ in range(5):
        _, logged_in = log_in("/login/", "reporter-a", "guess", ATTACKER)
        assert not logged_in
    assert_locked(*log_in("/login/", "reporter-a", "pw-reporter-a", ATTACKER))
    # The lock is the account's: the right password from the person's own address is refused too.
    assert_locked(*log_in("/login/", "reporter-a", "pw-reporter-a", PERSON))


def test_below_the_limit_the_right_password_still_logs_in(person):
    for _ in range(4):
        log_in("/login/", "reporter-a", "guess", ATTACKER)
    response, logged_in = log_in("/login/", "reporter-a", "pw-reporter-a", PERSON)
    assert response.status_code == 302 and logged_in


def test_an_address_is_locked_after_failures_spread_over_many_accounts(person, settings):
    settings.IPPLAN_LOGIN_ADDRESS_LIMIT = 8
    for number in range(8):  # one failure per made-up account: no account reaches its limit
        log_in("/login/", f"guess-{number}", "guess", ATTACKER)
    assert_locked(*log_in("/login/", "reporter-a", "pw-reporter-a", ATTACKER))
    response, logged_in = log_in("/login/", "reporter-a", "pw-reporter-a", PERSON)
    assert response.status_code == 302 and logged_in


def test_the_admin_login_is_throttled_the_same_way(office_supervisor):
    for _ in range(4):
        response, logged_in = log_in("/admin/login/", "office", "guess", ATTACKER)
        assert response.status_code == 200 and not logged_in
    assert_locked(*log_in("/admin/login/", "office", "guess", ATTACKER))  # the fifth locks
    assert_locked(*log_in("/admin/login/", "office", "pw-office", ATTACKER))


def test_behind_a_proxy_the_forwarded_address_counts_not_the_proxys(person, settings):
    settings.IPPLAN_PROXY_COUNT = 1
    settings.IPPLAN_LOGIN_ADDRESS_LIMIT = 3
    proxy = "192.0.2.1"
    for _ in range(3):
        Client(REMOTE_ADDR=proxy).post(
            "/login/",
            {"username": "nobody", "password": "guess"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.5, {ATTACKER}",  # the client's own claim is ignored
        )
    client = Client(REMOTE_ADDR=proxy)
    response = client.post(
        "/login/",
        {"username": "reporter-a", "password": "pw-reporter-a"},
        HTTP_X_FORWARDED_FOR=PERSON,
    )
    assert response.status_code == 302 and "_auth_user_id" in client.session
    locked = Client(REMOTE_ADDR=proxy).post(
        "/login/",
        {"username": "reporter-a", "password": "pw-reporter-a"},
        HTTP_X_FORWARDED_FOR=ATTACKER,
    )
    assert locked.status_code == 429


def test_the_office_lifts_a_lock_in_the_admin_in_chinese(person, office_supervisor):
    for _ in range(5):
        log_in("/login/", "reporter-a", "guess", ATTACKER)
    admin = Client()
    admin.force_login(office_supervisor)
    index = admin.get("/admin/").content.decode()
    assert "登录保护" in index and "登录失败记录" in index
    listing = admin.get("/admin/axes/accessattempt/").content.decode()
    assert "reporter-a" in listing and "失败次数" in listing
    attempt = AccessAttempt.objects.get(username="reporter-a")
    deleted = admin.post(
        f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert deleted.status_code == 200
    response, logged_in = log_in("/login/", "reporter-a", "pw-reporter-a", PERSON)
    assert response.status_code == 302 and logged_in
