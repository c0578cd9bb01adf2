"""Every export opens in openpyxl / python-docx with the expected rows; large ones run as jobs."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from docx import Document
from openpyxl import load_workbook

from tasks.exports.background import export_build
from tasks.models import ExportJob, ProgressReport
from tests.helpers import wait_until

pytestmark = pytest.mark.django_db


def workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


def rows(sheet):
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_breakdown_lists_every_measure_with_lead_and_other_agencies(supervised):
    book = workbook(export_build("breakdown", {"plan": supervised.plan.pk}).data)
    sheet = book["任务分解表"]
    table = rows(sheet)
    assert table[1] == ["序号", "任务", "牵头单位", "责任单位", "时间节点", "指标"]
    measures = [r for r in table[2:] if r[0]]
    assert [r[0] for r in measures] == ["（一）", "（二）", "（三）", "（四）"]
    first = measures[0]
    assert first[2] == "省科技厅" and first[3] == "省商务厅（配合）"
    assert first[4] == "2024—2025年" and "专利申请量" in first[5]
    assert sheet.freeze_panes == "A3"


def test_breakdown_of_a_plan_with_an_annex_adds_the_schedule_sheet(supervised):
    import datetime

    supervised.plan.schedule.create(
        stage="启动阶段",
        key_task="试点布局",
        action="制定试点方案",
        division_text="省知识产权局",
        period_text="2016年2-5月",
        start_month=datetime.date(2016, 2, 1),
        end_month=datetime.date(2016, 5, 1),
    )
    book = workbook(export_build("breakdown", {"plan": supervised.plan.pk}).data)
    assert rows(book["进度安排"])[2] == [
        "启动阶段",
        "试点布局",
        "制定试点方案",
        "省知识产权局",
        "2016年2-5月",
    ]


def test_progress_summary_has_a_summary_sheet_and_a_sheet_per_chapter(supervised):
    book = workbook(export_build("progress", {"period": supervised.q1.pk}).data)
    assert book.sheetnames == ["汇总", "一、知识产权创造", "二、知识产权保护"]
    summary = rows(book["汇总"])
    assert summary[1][:6] == ["章节", "应报", "已报送", "按时报送", "逾期报送", "未报送"]
    assert summary[-1] == ["合计", 6, 5, 3, 2, 1, 1, 1]
    assert summary[2][:2] == ["一、知识产权创造", 3]
    chapter_one = rows(book["一、知识产权创造"])[2:]
    assert len(chapter_one) == 3
    lagging = next(r for r in chapter_one if r[0] == "（二）")
    assert lagging[2] == "省商务厅" and lagging[4] == "已退回" and lagging[5] == "进度滞后"
    assert lagging[8] == "资金未到位" and lagging[11] == "否"
    late = next(r for r in chapter_one if r[0] == "（一）" and r[2] == "省商务厅")
    assert late[11] == "是" and late[12] == 5  # due 10 April, submitted 15 April
    chapter_two = rows(book["二、知识产权保护"])[2:]
    missing = next(r for r in chapter_two if r[2] == "省教育厅")
    assert missing[4] == "草稿" and missing[10] is None


def test_text_that_looks_like_a_formula_stays_text(supervised):
    report = ProgressReport.objects.get(period=supervised.q1, agency__short_name="省教育厅")
    # written directly: the point is what the exporter does with hostile text
    ProgressReport.objects.filter(pk=report.pk).update(
        progress_text='=HYPERLINK("http://evil","x")', problems="+1+1", next_steps="@SUM(A1)"
    )
    book = workbook(export_build("progress", {"period": supervised.q1.pk}).data)
    sheet = book["二、知识产权保护"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value and str(c.value)[0] in "=+@"]
    assert {c.value for c in cells} == {'=HYPERLINK("http://evil","x")', "+1+1", "@SUM(A1)"}
    assert all(c.data_type == "s" for c in cells)


def test_indicator_table_has_actuals_per_period_and_the_rating(supervised):
    book = workbook(export_build("indicators", {"plan": supervised.plan.pk}).data)
    table = rows(book["指标完成情况"])
    assert table[1][8] == "2024年第一季度" and table[1][-1] == "评级"
    by_name = {r[1]: r for r in table[2:]}
    assert by_name["专利申请量"][8] == 130 and by_name["专利申请量"][-1] == "超额完成"
    assert by_name["品牌培育数"][8] == 55 and by_name["品牌培育数"][-1] == "未达到"


def test_notice_names_late_agencies_and_lagging_measures(supervised):
    document = Document(io.BytesIO(export_build("notice", {"period": supervised.q1.pk}).data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "关于2024年第一季度《督查测试计划》推进情况的通报" in text
    assert "应报送进展报告6份" in text and "仍有1份未报送" in text
    assert "省教育厅：应报1份，逾期报送0份，未报送1份。" in text
    (table,) = document.tables
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0] == ["任务", "责任单位", "进展状态", "原因"]
    assert ["（二）第2项任务", "省商务厅", "进度滞后", "资金未到位"] in cells
    assert ["（四）第4项任务", "省科技厅", "未启动", "人员调整"] in cells


def test_small_export_downloads_at_once(client, supervised):
    client.force_login(supervised.office)
    response = client.post("/dashboard/exports/progress/", {"period": supervised.q1.pk})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert workbook(response.content).sheetnames[0] == "汇总"


def test_export_without_a_period_says_what_is_missing(client, supervised):
    client.force_login(supervised.office)
    response = client.post("/dashboard/exports/progress/", {}, follow=True)
    assert "请先选择计划和填报周期再导出。" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_large_export_runs_in_the_background_and_keeps_the_file(
    client, supervised, background_jobs, settings
):
    settings.IPPLAN_EXPORT_SYNC_ROWS = 2  # the period has 6 reports: "large"
    client.force_login(supervised.office)
    response = client.post("/dashboard/exports/progress/", {"period": supervised.q1.pk})
    job = ExportJob.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/dashboard/exports/jobs/{job.pk}/"
    )

    def finished():
        return client.get(f"/dashboard/exports/jobs/{job.pk}/?format=json").json()["finished"]

    wait_until(finished, what="the export job")
    state = client.get(f"/dashboard/exports/jobs/{job.pk}/?format=json").json()
    assert state["status"] == "succeeded" and state["progress"] == 100
    download = client.get(state["download"])
    data = b"".join(download.streaming_content)
    assert rows(workbook(data)["汇总"])[-1][:2] == ["合计", 6]
    # kept: listed on the exports page for downloading again
    page = client.get(f"/dashboard/exports/?plan={supervised.plan.pk}").content.decode()
    assert f"/dashboard/exports/jobs/{job.pk}/download/" in page


def test_print_report_and_notice_pages_show_the_period(client, supervised):
    client.force_login(supervised.office)
    report = client.get(f"/dashboard/report/?period={supervised.q1.pk}").content.decode()
    assert "2024年第一季度督查报告" in report and "资金未到位" in report and "品牌培育数" in report
    notice = client.get(f"/dashboard/notice/?period={supervised.q1.pk}").content.decode()
    assert "人员调整" in notice and "联席会议办公室" in notice


def pdf_text(data: bytes, tmp_path) -> str:
    """The text a reader of the PDF gets (poppler's pdftotext), spaces and breaks removed."""
    source = tmp_path / "printed.pdf"
    source.write_bytes(data)
    completed = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(source), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return "".join(completed.stdout.decode().split())


@pytest.mark.skipif(not shutil.which("chromium"), reason="需要 Chromium 生成 PDF")
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="需要 pdftotext（poppler-utils）")
def test_both_pdfs_print_with_their_chinese_text(client, supervised, tmp_path):
    """The printable quarterly report and the 通报, through the same Chromium as production,
    read back with pdftotext: Chinese text (CJK fonts installed), not a web page."""
    client.force_login(supervised.office)
    report = client.get(f"/dashboard/report/?period={supervised.q1.pk}&format=pdf")
    assert report.status_code == 200 and report["Content-Type"] == "application/pdf"
    assert report["Content-Disposition"].startswith("attachment;")
    text = pdf_text(report.content, tmp_path)
    for expected in ("2024年第一季度督查报告", "资金未到位", "品牌培育数", "省教育厅"):
        assert expected in text, expected

    notice = client.get(f"/dashboard/notice/?period={supervised.q1.pk}&format=pdf")
    assert notice.status_code == 200 and notice["Content-Type"] == "application/pdf"
    text = pdf_text(notice.content, tmp_path)
    for expected in ("通报", "人员调整", "联席会议办公室", "督查测试计划"):
        assert expected in text, expected


@pytest.mark.parametrize("browser", ["/nonexistent/chromium", "/bin/false"])
def test_a_pdf_that_cannot_be_made_is_a_chinese_503_never_the_html(
    client, supervised, monkeypatch, browser
):
    """No Chromium, or one that fails: 503 with the reason, not the print page instead."""
    monkeypatch.setattr("tasks.exports.pdf.CHROMIUM_CANDIDATES", (browser,))
    client.force_login(supervised.office)
    for path in ("/dashboard/report/", "/dashboard/notice/"):
        response = client.get(f"{path}?period={supervised.q1.pk}&format=pdf")
        assert response.status_code == 503
        assert response["Content-Type"].startswith("text/html")
        page = response.content.decode()
        assert "暂时无法生成 PDF" in page and "网页版" in page
        assert "资金未到位" not in page and "人员调整" not in page  # not the document itself


SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(
    SOFFICE is None, reason="需要 LibreOffice（scripts/ensure-libreoffice.sh 安装）"
)
def test_libreoffice_opens_every_export_and_converts_it_to_pdf(supervised, tmp_path):
    exports = [
        ("breakdown", {"plan": supervised.plan.pk}),
        ("progress", {"period": supervised.q1.pk}),
        ("indicators", {"plan": supervised.plan.pk}),
        ("notice", {"period": supervised.q1.pk}),
    ]
    for kind, params in exports:
        result = export_build(kind, params)
        source = tmp_path / f"{kind}{result.filename[result.filename.rfind('.') :]}"
        source.write_bytes(result.data)
        completed = subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation=file://{tmp_path}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        pdf = source.with_suffix(".pdf")
        assert completed.returncode == 0, completed.stderr
        assert "Error" not in completed.stderr, completed.stderr
        assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF"), (kind, completed.stdout)
