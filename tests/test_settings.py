"""The one settings module switches between embedded and production by environment variables."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], "
    "'name': str(s.DATABASES['default']['NAME']), 'eager': s.CELERY_TASK_ALWAYS_EAGER, "
    "'broker': s.CELERY_BROKER_URL, 'cache': s.CACHES['default']['BACKEND'], "
    "'debug': s.DEBUG, 'tz': s.TIME_ZONE, 'lang': s.LANGUAGE_CODE}))"
)
CONFIG_VARS = (
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECRET_KEY_FILE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "IPPLAN_BASE_URL",
    "EMAIL_HOST",
    "EMAIL_BACKEND",
    "DEFAULT_FROM_EMAIL",
    "CACHE_KEY_PREFIX",
    "PYTEST_XDIST_WORKER",
)


def environment(env: dict[str, str]) -> dict[str, str]:
    """This process's environment without ipplan's settings variables, plus ``env``."""
    clean = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    clean["DJANGO_SETTINGS_MODULE"] = "ipplan.settings"
    return {**clean, **env}


def run_with(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], env=environment(env), cwd=ROOT, capture_output=True, text=True
    )


def probe(env: dict[str, str]) -> dict:
    result = run_with(env, "-c", PROBE)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_with_no_variable_ipplan_runs_embedded_on_sqlite_with_eager_celery():
    config = probe({})
    assert config["engine"] == "django.db.backends.sqlite3"
    assert config["name"] == str(ROOT / "db.sqlite3")
    # Jobs run in-process; the memory transport keeps kombu from looking for AMQP on localhost.
    assert config["eager"] is True and config["broker"] == "memory://localhost/"
    assert config["cache"].endswith("LocMemCache")
    assert (config["tz"], config["lang"]) == ("Asia/Shanghai", "zh-hans")


def test_service_urls_switch_to_postgresql_and_redis():
    config = probe(
        {
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/ipplan",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        }
    )
    assert config["engine"] == "django.db.backends.postgresql"
    assert config["eager"] is False
    assert config["broker"] == "redis://127.0.0.1:6379/0"
    assert config["cache"].endswith("RedisCache")


def test_a_misspelt_boolean_fails_loudly():
    result = run_with({"DEBUG": "yes"}, "-c", PROBE)
    assert result.returncode != 0
    assert "DEBUG='yes'" in result.stderr


# What docker-compose.yml passes (from .env): production starts with these and no fewer.
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3y-" + "x9Qz!" * 12,
    "ALLOWED_HOSTS": "ipplan.example.gov.cn",
    "IPPLAN_BASE_URL": "https://ipplan.example.gov.cn",
    "EMAIL_HOST": "smtp.example.gov.cn",
    "DEFAULT_FROM_EMAIL": "ipplan@example.gov.cn",
}


def test_production_refuses_to_start_half_configured_naming_each_missing_variable():
    nothing = run_with({"DEBUG": "false"}, "-c", PROBE)
    assert nothing.returncode != 0
    for name in PRODUCTION.keys() - {"DEBUG"}:
        assert f"  {name}: " in nothing.stderr, name
    for name in PRODUCTION.keys() - {"DEBUG"}:
        one_missing = run_with({**PRODUCTION, name: ""}, "-c", PROBE)
        assert one_missing.returncode != 0, name
        named = re.findall(r"^  ([A-Z_]+): ", one_missing.stderr, flags=re.M)
        assert named == [name]
    bad_url = run_with({**PRODUCTION, "IPPLAN_BASE_URL": "ipplan.example.gov.cn"}, "-c", PROBE)
    assert bad_url.returncode != 0 and "IPPLAN_BASE_URL='ipplan.example.gov.cn'" in bad_url.stderr


def test_production_reads_the_secret_key_from_a_file_and_mail_needs_no_smtp_when_not_smtp(
    tmp_path,
):
    secret = tmp_path / "secret"
    secret.write_text("s" * 60 + "\n")
    config = probe({**PRODUCTION, "SECRET_KEY": "", "SECRET_KEY_FILE": str(secret)})
    assert config["debug"] is False
    # An air-gapped site may write mail to files instead of SMTP: no EMAIL_HOST needed then.
    config = probe(
        {
            **PRODUCTION,
            "EMAIL_HOST": "",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        }
    )
    assert config["debug"] is False


def test_the_embedded_mode_needs_no_variable_and_links_point_to_the_dev_server():
    result = run_with(
        {},
        "-c",
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.IPPLAN_BASE_URL, s.DEFAULT_FROM_EMAIL)",
    )
    assert result.stdout.split() == ["http://127.0.0.1:8000", "ipplan@localhost"]


def test_production_settings_pass_the_deployment_checklist():
    result = run_with(PRODUCTION, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_django_log_lines_are_printed_once_in_debug():
    result = run_with(
        {},
        "-c",
        "import django, logging; django.setup(); "
        "logging.getLogger('django.request').warning('只出现一次')",
    )
    assert result.stderr.count("只出现一次") == 1, result.stderr


def test_parallel_test_workers_keep_their_cache_keys_apart_on_one_redis():
    """Two sites (or two xdist workers of the suite) on one Redis database: each key carries
    the site's prefix, so one's throttle windows and cached summaries never reach the other."""
    key = (
        "import django; django.setup(); from django.core.cache import cache; "
        "print(cache.make_key('throttle'))"
    )
    redis = {"REDIS_URL": "redis://127.0.0.1:6379/15"}
    site = run_with({**redis, "CACHE_KEY_PREFIX": "site-a"}, "-c", key)
    assert site.returncode == 0, site.stderr
    assert site.stdout.split() == ["site-a:1:throttle"]
    # The suite's plugin, loaded before the settings, names the worker's prefix.
    worker = run_with(
        {**redis, "PYTEST_XDIST_WORKER": "gw1"}, "-c", f"import tests.parallel_workers; {key}"
    )
    assert worker.returncode == 0, worker.stderr
    assert worker.stdout.split() == ["ipplan-test-gw1:1:throttle"]
