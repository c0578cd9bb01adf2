"""PostgreSQL stopped under a running site (gunicorn, production settings, a cluster of the
test's own): a Chinese 503 page, the API's error shape and a 503 /healthz, never a
traceback — also for a request caught inside its query — and when PostgreSQL is back the
site answers again with no request failing on a dead connection."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import psycopg2
import pytest
import requests
from django.conf import settings

from ipplan.errors import DATABASE_DOWN

from .conftest import WebServer

PASSWORD = "outage-pw-1"
DATABASE = "ipplan_outage"


@pytest.fixture(scope="module")
def site(own_postgres, tmp_path_factory):
    own_postgres.createdb(DATABASE)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DATABASE_URL=own_postgres.url(DATABASE),
        DEBUG="false",
        SECRET_KEY="outage-test-" + "k" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        IPPLAN_BASE_URL="http://127.0.0.1",
        # Plain HTTP on the loopback: cookies without the secure flag, no HTTPS redirect.
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    setup = (
        "from agencies.services import directory_load_file, person_create\n"
        "from agencies.models import Agency\n"
        "from django.conf import settings\n"
        "directory_load_file(settings.BASE_DIR / 'fixtures' / 'agencies.json')\n"
        f"person_create(username='office', password='{PASSWORD}', full_name='联席办',"
        " agency=Agency.objects.get(short_name='省知识产权局'), role='supervisor')\n"
    )
    for command in (["migrate", "--noinput"], ["shell", "-c", setup]):
        done = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
        )
        if done.returncode:
            pytest.fail(f"manage.py {command[0]} failed:\n{done.stderr.decode()[-3000:]}")
    server = WebServer(env, tmp_path_factory.mktemp("gunicorn") / "gunicorn.log")
    server.wait_until_up()
    yield server
    server.stop()


def logged_in(site) -> requests.Session:
    browser = requests.Session()
    browser.get(f"{site.url}/login/")
    response = browser.post(
        f"{site.url}/login/",
        {"username": "office", "password": PASSWORD},
        headers={"X-CSRFToken": browser.cookies["csrftoken"], "Referer": site.url},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]
    return browser


def statuses(browser, site, paths, times: int = 1) -> list[int]:
    return [browser.get(f"{site.url}{path}").status_code for _ in range(times) for path in paths]


PATHS = ("/", "/api/v1/plans/", "/healthz")


def assert_outage_answers(browser, site) -> None:
    page = browser.get(f"{site.url}/")
    assert page.status_code == 503 and page.headers["Retry-After"] == "30"
    assert "服务暂时不可用" in page.text and DATABASE_DOWN in page.text
    assert "Traceback" not in page.text and "OperationalError" not in page.text
    api = browser.get(f"{site.url}/api/v1/plans/")
    assert api.status_code == 503
    assert api.json() == {"code": "database_unavailable", "message": DATABASE_DOWN}
    health = browser.get(f"{site.url}/healthz")
    assert health.status_code == 503 and health.json()["status"] == "unavailable"


def test_a_database_outage_is_a_chinese_503_and_the_site_recovers_by_itself(site, own_postgres):
    browser = logged_in(site)
    assert statuses(browser, site, PATHS, times=2) == [200] * 6  # both workers connected

    own_postgres.stop()
    assert_outage_answers(browser, site)
    assert_outage_answers(browser, site)  # the other worker, its connection dead as well

    own_postgres.start()
    # Every request after the return succeeds: none fails on a connection from before.
    assert statuses(browser, site, PATHS, times=5) == [200] * 15


def test_a_request_inside_its_query_when_postgresql_stops_gets_the_503(site, own_postgres):
    browser = logged_in(site)
    holder = psycopg2.connect(
        dbname=DATABASE, user="postgres", host="127.0.0.1", port=own_postgres.port
    )
    with holder.cursor() as cursor:
        cursor.execute("LOCK TABLE tasks_plan IN ACCESS EXCLUSIVE MODE")
    answers = []
    request = threading.Thread(
        target=lambda: answers.append(browser.get(f"{site.url}/api/v1/plans/"))
    )
    request.start()
    with holder.cursor() as cursor:  # wait until the request waits on our lock
        for _ in range(300):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                " AND datname = %s",
                [DATABASE],
            )
            if cursor.fetchone()[0]:
                break
            time.sleep(0.1)
        else:
            pytest.fail("the request never reached its query")
    own_postgres.stop()  # terminates every session, the request's among them
    request.join(timeout=60)
    holder.close()
    (answer,) = answers
    assert answer.status_code == 503
    assert answer.json() == {"code": "database_unavailable", "message": DATABASE_DOWN}

    own_postgres.start()
    assert statuses(browser, site, PATHS, times=3) == [200] * 9
