"""The one settings module switches between embedded and production by environment variables."""

from __future__ import annotations

import json
import os
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
)


def run_with(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    clean["DJANGO_SETTINGS_MODULE"] = "ipplan.settings"
    return subprocess.run(
        [sys.executable, *args], env={**clean, **env}, cwd=ROOT, capture_output=True, text=True
    )


def probe(env: dict[str, str]) -> dict:
    result = run_with(env, "-c", PROBE)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_with_no_variable_ipplan_runs_embedded_on_sqlite_with_eager_celery():
    config = probe({})
    assert config["engine"] == "django.db.backends.sqlite3"
    assert config["name"] == str(ROOT / "db.sqlite3")
    assert config["eager"] is True and config["broker"] is None
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


def test_production_needs_a_secret_key_and_reads_it_from_a_file(tmp_path):
    missing = run_with({"DEBUG": "false"}, "-c", PROBE)
    assert missing.returncode != 0 and "SECRET_KEY must be set" in missing.stderr
    secret = tmp_path / "secret"
    secret.write_text("s" * 60 + "\n")
    config = probe({"DEBUG": "false", "SECRET_KEY_FILE": str(secret)})
    assert config["debug"] is False


def test_production_settings_pass_the_deployment_checklist():
    result = run_with(
        {
            "DEBUG": "false",
            "SECRET_KEY": "k3y-" + "x9Qz!" * 12,
            "ALLOWED_HOSTS": "ipplan.example.gov.cn",
        },
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
