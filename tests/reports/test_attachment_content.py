"""Attachments are checked by what they hold, not only by their name, and a name of any
length or script is kept safely with its extension (issue 16)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tasks.services.reporting import ATTACHMENT_NAME_LIMIT, attachment_name

from .conftest import form_data, report_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def attach(client, report, name: str, content: bytes):
    data = form_data(report, progress_text="见附件。")
    data["attachment"] = SimpleUploadedFile(name, content)
    return client.post(f"/reports/{report.pk}/", data)


def test_a_name_of_90_astral_characters_is_accepted_and_kept(reporting_plan, reporter_b, login):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    client = login(reporter_b)
    name = "𠮷" * 90 + ".pdf"  # each character four bytes: 364 bytes, past a file system's 255
    response = attach(client, report, name, PDF)
    assert response.status_code == 302
    attachment = report.attachments.get()
    assert attachment.name == name
    assert attachment.file.name.endswith(".pdf") and "𠮷" not in attachment.file.name
    download = client.get(f"/reports/{report.pk}/attachments/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_a_very_long_name_is_shortened_keeping_its_extension(reporting_plan, reporter_b, login):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    response = attach(login(reporter_b), report, "关于" * 300 + "的说明.png", PNG)
    assert response.status_code == 302
    name = report.attachments.get().name
    assert len(name) == ATTACHMENT_NAME_LIMIT and name.endswith("说明.png"[-4:])
    assert name.startswith("关于关于")


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("C:\\Users\\张三\\Desktop\\统计表.xlsx", "统计表.xlsx"),
        ("../../etc/报告.pdf", "报告.pdf"),
        ("进度\x00表\x1f.pdf", "进度表.pdf"),
        (".pdf", "附件.pdf"),
    ],
)
def test_names_from_odd_browsers_keep_only_the_file_name(raw, kept):
    assert attachment_name(raw) == kept


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("进度表.pdf", b"<html><script>alert(1)</script></html>", "PDF"),
        ("照片.png", b"MZ\x90\x00 an executable", "PNG 图片"),
        ("统计表.xlsx", PDF, "Excel"),
        ("说明.doc", b"plain text, not Word", "Word"),
    ],
)
def test_content_that_is_not_what_the_name_says_is_refused_and_the_text_kept(
    reporting_plan, reporter_b, login, name, content, kind
):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    page = attach(login(reporter_b), report, name, content).content.decode()
    assert f"附件“{name}”的内容不是 {kind} 文件" in page
    assert report.attachments.count() == 0
    report.refresh_from_db()
    assert report.progress_text == "见附件。"  # what was typed is saved all the same
