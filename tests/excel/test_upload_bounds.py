"""An Excel upload is bounded: files far beyond any template are refused by their content
before openpyxl parses them, the file is parsed once, and the preview reads what was
stored (issue 16)."""

from __future__ import annotations

import io
import threading
import zipfile

import openpyxl
import pytest
import requests

from tests.excel.conftest import confirm, download, messages_after, preview_of, upload

pytestmark = pytest.mark.django_db

SHEET = "xl/worksheets/sheet1.xml"


def rebuilt(content: bytes, change) -> bytes:
    """The template's zip with ``change(name, data) -> data`` applied to every part, and
    the extra parts ``change`` returns for the name None."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                target.writestr(info.filename, change(info.filename, source.read(info.filename)))
            for name, data in (change(None, b"") or {}).items():
                target.writestr(name, data)
    return out.getvalue()


def with_appended_rows(content: bytes, count: int) -> bytes:
    """The template with ``count`` rows appended to its sheet, as a pasted table would."""

    def change(name, data):
        if name != SHEET:
            return None if name is None else data
        rows = "".join(
            f'<row r="{n}"><c r="H{n}" t="inlineStr"><is><t>追加的第{n}行</t></is></c></row>'
            for n in range(100, 100 + count)
        )
        return data.replace(b"</sheetData>", rows.encode() + b"</sheetData>")

    return rebuilt(content, change)


def with_bomb(content: bytes, inflated: int) -> bytes:
    """The template with one more part that inflates to ``inflated`` bytes."""
    return rebuilt(
        content,
        lambda name, data: {"xl/media/image1.png": b"\0" * inflated} if name is None else data,
    )


@pytest.fixture
def forbid_parsing(monkeypatch):
    """From the call on, fail the test if openpyxl is asked to parse a workbook."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl parsed a workbook")

    return lambda: monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_the_template_with_100000_appended_rows_is_refused_before_parsing(
    as_b, period, agency_b, forbid_parsing
):
    content = with_appended_rows(download(as_b, period, agency_b).bytes(), 100_000)
    forbid_parsing()
    response = upload(as_b, period, agency_b, content)
    assert response.status_code == 302
    page = messages_after(as_b, response)
    # 100,000 rows inflate past the size limit before their number is counted.
    assert "上传失败：无法读取文件：文件解压后有 8.5 MB，超过 8.0 MB 的上限" in page


def test_appended_rows_beyond_the_row_limit_are_refused_before_parsing(
    as_b, period, agency_b, forbid_parsing
):
    content = with_appended_rows(download(as_b, period, agency_b).bytes(), 5000)
    forbid_parsing()
    page = messages_after(as_b, upload(as_b, period, agency_b, content))
    assert "上传失败：文件有 50" in page and "超过填报模板 1000 行" in page
    assert "不要追加行" in page


def test_a_zip_bomb_is_refused_before_parsing(as_b, period, agency_b, forbid_parsing):
    content = with_bomb(download(as_b, period, agency_b).bytes(), 20 * 1048576)
    forbid_parsing()
    assert len(content) < 1048576  # small on the wire, 20 MB inflated
    page = messages_after(as_b, upload(as_b, period, agency_b, content))
    assert "上传失败：无法读取文件：文件解压后有 20.0 MB，超过 8.0 MB 的上限" in page


def test_a_template_within_the_limits_is_read(as_b, period, agency_b, settings):
    settings.IPPLAN_EXCEL_MAX_ROWS = 30  # its three sheets hold some 20 rows
    template = download(as_b, period, agency_b).fill("（二）", 进展情况="有进展。")
    _location, page = preview_of(as_b, upload(as_b, period, agency_b, template.bytes()))
    assert [row.status for row in page.context["preview"].rows] == ["unchanged", "changed"]


def test_the_file_is_parsed_once_and_the_preview_reads_what_was_stored(
    as_b, reporting_plan, period, agency_b, forbid_parsing
):
    template = download(as_b, period, agency_b).fill("（二）", 进展情况="只解析一次。")
    response = upload(as_b, period, agency_b, template.bytes())
    forbid_parsing()
    location, page = preview_of(as_b, response)
    assert as_b.get(location).status_code == 200  # looking again parses nothing either
    confirm(as_b, location, page)
    report = reporting_plan.measures.get(label="（二）").reports.get(agency=agency_b)
    assert report.progress_text == "只解析一次。"


@pytest.mark.django_db(transaction=True)
def test_two_hostile_uploads_at_once_are_refused_and_the_site_keeps_answering(
    live_server, client, reporter_b, reporting_plan, period, agency_b
):
    client.force_login(reporter_b)
    template = download(client, period, agency_b).bytes()
    files = [with_appended_rows(template, 100_000), with_bomb(template, 20 * 1048576)]
    session = requests.Session()
    session.cookies.set("sessionid", client.cookies["sessionid"].value)
    session.get(f"{live_server.url}/reports/excel/")  # sets the CSRF cookie
    token = session.cookies["csrftoken"]
    url = f"{live_server.url}/reports/excel/{period.pk}/{agency_b.pk}/upload/"
    answers: list[str] = []

    def send(content: bytes) -> None:
        response = session.post(
            url,
            files={"file": ("填报.xlsx", content)},
            headers={"X-CSRFToken": token, "Referer": live_server.url},
        )
        answers.append(response.text)

    threads = [threading.Thread(target=send, args=(content,)) for content in files]
    for thread in threads:
        thread.start()
    health = requests.get(f"{live_server.url}/healthz", timeout=30)
    for thread in threads:
        thread.join(timeout=60)
    assert health.status_code == 200
    assert len(answers) == 2 and all("上传失败" in text for text in answers)
