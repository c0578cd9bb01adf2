"""docs/api.md's curl walk-through, run as written against a live server.

A read token lists the 2012 plan's measures with their status; the 省科技厅 token files
and submits a report (a stale write refused, a retried submit filed once); the office
token returns it. Each ```sh block runs in bash with curl; only the host, tokens and ids
come from the test.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command

from tasks.models import Plan, ProgressReport, ReportingPeriod, ReportVersion

DOC = settings.BASE_DIR / "docs" / "api.md"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def shell_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def issue(*args: str) -> str:
    out = StringIO()
    call_command("api_token_create", *args, "--quiet", stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def plan_2012(transactional_db, office_supervisor, monkeypatch):
    from tasks.importer.serialize import plan_from_file
    from tasks.importer.services import plan_write
    from tasks.services.reporting import period_open, period_quarter_get_or_create

    path = settings.BASE_DIR / "fixtures" / "plans" / "2012-jiangsu-ip-strategy-action-plan.json"
    plan_write(plan_from_file(path), publish=True)
    plan = Plan.objects.get(slug="2012-jiangsu-ip-strategy-action-plan")
    period = period_quarter_get_or_create(plan=plan, year=2012, quarter=2)
    period_open(period=period)
    moment = datetime.datetime(2012, 7, 5, 10, tzinfo=SHANGHAI)  # before the 10 July due date
    monkeypatch.setattr("core.clock.now", lambda: moment)
    return plan


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_curl_walk_through_in_docs_api_md_works(plan_2012, live_server, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "doc"}
    }
    period = ReportingPeriod.objects.get(plan=plan_2012)
    report = ProgressReport.objects.get(
        period=period, measure__label="（十四）", agency__short_name="省科技厅"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "IPPLAN": live_server.url,
        "READ_TOKEN": issue("--name", "省政府门户", "--office", "--scopes", "read"),
        "REPORT_TOKEN": issue(
            "--name", "科技厅业务系统", "--agency", "省科技厅", "--scopes", "read,report"
        ),
        "OFFICE_TOKEN": issue("--name", "联席办审核", "--office", "--scopes", "read,review"),
        "PLAN_ID": str(plan_2012.pk),
        "PERIOD_ID": str(period.pk),
        "REPORT_ID": str(report.pk),
    }
    outputs = []
    for block in shell_blocks():
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", block],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, f"{block}\n{done.stdout}\n{done.stderr}"
        outputs.append(done.stdout)
    plans, measures, summary, drafts, head, saved, stale, submits, returned, events, sync = outputs

    assert [p["id"] for p in json.loads(plans)["results"]] == [plan_2012.pk]

    listed = json.loads(measures)
    assert listed["count"] == plan_2012.measures.count() > 80
    assert {m["status_period"]["label"] for m in listed["results"]} == {"2012年第二季度"}
    item_14 = next(m for m in listed["results"] if m["label"] == "（十四）")
    assert {(r["agency"]["short_name"], r["status"]) for r in item_14["status_reports"]} >= {
        ("省科技厅", "draft")
    }

    counts = json.loads(summary)
    assert (
        counts["expected"]
        == counts["missing"]
        == ProgressReport.objects.filter(period=period).count()
    )
    assert counts["submitted"] == 0

    draft_rows = json.loads(drafts)["results"]
    assert report.pk in [r["id"] for r in draft_rows]
    assert {r["agency"]["short_name"] for r in draft_rows} == {"省科技厅"}
    assert 'etag: "v0"' in head.lower()

    assert (json.loads(saved)["status"], json.loads(saved)["version"]) == ("draft", 1)
    body, status_line = stale.strip().rsplit("\n", 1)
    assert status_line == "HTTP 412"
    assert json.loads(body)["code"] == "stale"

    first, second = [json.loads(line) for line in submits.strip().splitlines()]
    assert first == second
    assert first["status"] == "submitted" and first["late_days"] == 0
    assert json.loads(returned)["status"] == "returned"
    assert [e["action"] for e in json.loads(events)] == ["saved", "submitted", "returned"]
    assert json.loads(sync)["count"] == ProgressReport.objects.filter(period=period).count()

    report.refresh_from_db()
    assert report.state == "returned"
    assert report.problems == ""  # the stale write saved nothing
    assert ReportVersion.objects.filter(report=report).count() == 1  # the retry filed nothing
