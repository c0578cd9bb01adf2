"""Helpers for the reporting pages' tests: logged-in clients, a frozen clock, form posts."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from tasks.models import ProgressReport
from tasks.services.reporting import ReportInput, report_save, report_submit

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def frozen(monkeypatch):
    """Set ipplan's clock (Asia/Shanghai wall time); views and services read it."""

    def freeze(*args):
        moment = datetime.datetime(*args, tzinfo=SHANGHAI)
        monkeypatch.setattr("core.clock.now", lambda: moment)
        return moment

    return freeze


@pytest.fixture
def login():
    """A separate browser session per person, so two people can edit at once."""

    def log_in(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return log_in


def report_of(plan, label: str, short_name: str, period=None) -> ProgressReport:
    reports = ProgressReport.objects.filter(
        measure__plan=plan, measure__label=label, agency__short_name=short_name
    )
    if period is not None:
        reports = reports.filter(period=period)
    return reports.get()


def form_data(report: ProgressReport, **fields) -> dict:
    """What the report form posts: the page's version plus the fields typed."""
    data = {
        "expected_version": str(report.version),
        "progress_status": "on_track",
        "adjusted_reason": "",
        "completion_percent": "",
        "progress_text": "",
        "problems": "",
        "next_steps": "",
        "contribution": "",
    }
    data.update({key: str(value) for key, value in fields.items()})
    return data


def file_report(
    report: ProgressReport, by, text: str = "平台一期已上线。", **fields
) -> ProgressReport:
    """Fill and submit through the services (what the form does), returning the report."""
    report = report_save(
        report=report,
        by=by,
        data=ReportInput(progress_status="on_track", progress_text=text, **fields),
        expected_version=report.version,
    )
    return report_submit(report=report, by=by)
