"""docker-compose.yml and the Dockerfile read against what the application and its services
need (Docker does not run here, so the files are checked as data): production's required
settings are passed and required in .env, the healthcheck and backup scripts exist, the
backup tools match the PostgreSQL server, beat is a single service, and the image installs
Chromium with CJK fonts from the hashed lock."""

from __future__ import annotations

import json
import os
import re
import runpy
from unittest import mock

import yaml

from tests.test_settings import PRODUCTION, ROOT, run_with

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]


def test_every_variable_production_requires_is_passed_and_required_in_env():
    app = SERVICES["web"]["environment"]
    for name in PRODUCTION:
        assert name in app, name
        if name != "DEBUG":
            assert re.fullmatch(r"\$\{" + name + r":\?[^}]+\}", app[name]), (name, app[name])
    assert app["DEBUG"] == "false"
    for service in ("migrate", "worker", "beat"):
        assert SERVICES[service]["environment"] == app


def test_images_are_postgresql_15_and_redis_7_and_backups_use_the_servers_own_tools():
    assert SERVICES["db"]["image"] == "postgres:15"
    assert SERVICES["redis"]["image"] == "redis:7"
    assert SERVICES["backup"]["image"] == SERVICES["restore"]["image"] == "postgres:15"
    url = SERVICES["backup"]["environment"]["DATABASE_URL"]
    assert url.endswith("@db:5432/ipplan") and url == SERVICES["web"]["environment"]["DATABASE_URL"]


def test_scripts_the_services_run_exist():
    assert SERVICES["web"]["healthcheck"]["test"] == ["CMD", "python", "scripts/healthcheck.py"]
    assert (ROOT / "scripts/healthcheck.py").exists()
    for service in ("backup", "restore"):
        script = SERVICES[service]["entrypoint"][-1]
        assert script.startswith("/scripts/") and (ROOT / "scripts" / script[9:]).exists()
        assert "./scripts:/scripts:ro" in SERVICES[service]["volumes"]
    # The backup reads the media volume; the restore writes it.
    assert "media:/media:ro" in SERVICES["backup"]["volumes"]
    assert "media:/media" in SERVICES["restore"]["volumes"]
    assert SERVICES["restore"]["profiles"] == ["tools"]  # never started by `up`


def test_beat_runs_once_and_workers_share_the_broker():
    beat = SERVICES["beat"]
    assert "deploy" not in beat or beat["deploy"].get("replicas", 1) == 1
    assert beat["command"][:4] == ["celery", "-A", "ipplan", "beat"]
    assert SERVICES["worker"]["environment"]["REDIS_URL"] == "redis://redis:6379/0"


def test_the_dockerfile_installs_what_pdfs_need_from_the_lock_and_its_build_settings_load():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"apt-get install [^\n]*\bchromium\b[^\n]*\bfonts-noto-cjk\b", dockerfile)
    assert "pip install --no-cache-dir --require-hashes -r requirements.txt" in dockerfile
    # collectstatic runs under production settings at build time: its placeholders must
    # satisfy them (the strict check would otherwise fail the build).
    build = re.search(r"RUN (DEBUG=false .*?) python manage.py collectstatic", dockerfile, re.S)
    assignments = dict(
        pair.split("=", 1) for pair in build.group(1).replace("\\\n", " ").split() if "=" in pair
    )
    assert assignments.keys() >= PRODUCTION.keys()
    result = run_with(assignments, "manage.py", "check")
    assert result.returncode == 0, result.stderr


def test_the_web_service_runs_gunicorn_as_gunicorn_conf_py_and_the_benchmarks_do():
    # bench/rush.py and bench/api.py start `gunicorn --config gunicorn.conf.py ipplan.wsgi`:
    # the web service and the image must run that same command, and compose's defaults for
    # the worker settings must be those gunicorn.conf.py falls back to, so that production
    # runs what was measured (docs/benchmarks.md).
    command = ["gunicorn", "--config", "gunicorn.conf.py", "ipplan.wsgi"]
    assert SERVICES["web"]["command"] == command
    assert f"CMD {json.dumps(command)}" in (ROOT / "Dockerfile").read_text(encoding="utf-8")
    names = ("WEB_CONCURRENCY", "GUNICORN_WORKER_CLASS", "GUNICORN_THREADS", "GUNICORN_BIND")
    with mock.patch.dict(os.environ):
        for name in names:
            os.environ.pop(name, None)
        conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    environment = SERVICES["web"]["environment"]
    defaults = {
        name: re.fullmatch(r"\$\{" + name + r":-([^}]*)\}", environment[name]).group(1)
        for name in names[:3]
    }
    assert defaults == {
        "WEB_CONCURRENCY": str(conf["workers"]),
        "GUNICORN_WORKER_CLASS": conf["worker_class"],
        "GUNICORN_THREADS": str(conf["threads"]),
    }
    # The container listens where compose publishes it and the healthcheck asks.
    assert conf["bind"].endswith(":8000")
    assert SERVICES["web"]["ports"][0].endswith(":8000")
