"""Helpers for the Excel round trip: download a template, fill it like a person, upload it."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.models import Agency
from tasks.excel.template import FIRST_ROW, HEADER_ROW
from tasks.models import ProgressReport, ReportingPeriod

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def agency_a(directory):
    return Agency.objects.get(short_name="省科技厅")


@pytest.fixture
def agency_b(directory):
    return Agency.objects.get(short_name="省商务厅")


@pytest.fixture
def as_b(client, reporter_b):
    client.force_login(reporter_b)
    return client


@pytest.fixture
def period(reporting_plan) -> ReportingPeriod:
    return ReportingPeriod.objects.get(plan=reporting_plan, year=2024, number=1)


@pytest.fixture
def second_indicator(reporting_plan):
    """（二） gets a count indicator beside its growth rate, so a row has two value columns."""
    measure = reporting_plan.measures.get(label="（二）")
    return measure.indicators.create(
        plan=reporting_plan, name="新增注册商标", unit="件", kind="absolute", order=1
    )


def report_of(plan, label: str, short_name: str) -> ProgressReport:
    return ProgressReport.objects.get(
        measure__plan=plan, measure__label=label, agency__short_name=short_name
    )


class Template:
    """A downloaded template opened with openpyxl, addressed by header and measure number."""

    def __init__(self, content: bytes):
        self.workbook = openpyxl.load_workbook(io.BytesIO(content))
        self.sheet = self.workbook.worksheets[0]
        self.columns = {
            cell.value: cell.column for cell in self.sheet[HEADER_ROW] if cell.value is not None
        }

    def row_of(self, measure_label: str) -> int:
        for row in range(FIRST_ROW, self.sheet.max_row + 1):
            if self.sheet.cell(row, self.columns["措施编号"]).value == measure_label:
                return row
        raise KeyError(measure_label)

    def cell(self, measure_label: str, header: str):
        return self.sheet.cell(self.row_of(measure_label), self.columns[header])

    def get(self, measure_label: str, header: str):
        return self.cell(measure_label, header).value

    def fill(self, measure_label: str, **cells) -> Template:
        """Type into cells; keyword names are headers with brackets dropped (完成比例)."""
        headers = {re.sub(r"\(.*\)", "", header): header for header in self.columns}
        for name, value in cells.items():
            self.cell(measure_label, headers.get(name, name)).value = value
        return self

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()


def download(client, period, agency) -> Template:
    response = client.get(f"/reports/excel/{period.pk}/{agency.pk}/template.xlsx")
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == XLSX
    return Template(response.content)


def upload(client, period, agency, content: bytes, name: str = "填报.xlsx"):
    return client.post(
        f"/reports/excel/{period.pk}/{agency.pk}/upload/",
        {"file": SimpleUploadedFile(name, content, content_type=XLSX)},
    )


def preview_of(client, response):
    """Follow an upload to its preview page; returns (preview URL, response)."""
    assert response.status_code == 302, response.content[:300]
    location = response["Location"]
    assert location.startswith("/reports/excel/preview/"), messages_after(client, response)
    return location, client.get(location)


def confirm(client, location, preview_page):
    """Press the confirm button of the preview the person was shown."""
    fingerprint = preview_page.context["preview"].fingerprint
    return client.post(location, {"fingerprint": fingerprint})


def messages_after(client, response) -> str:
    """The page a redirect leads to, as text (where the flash messages show)."""
    return client.get(response["Location"]).content.decode()
