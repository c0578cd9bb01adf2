"""通报: the formal notice the office circulates about a period's late and lagging work."""

from __future__ import annotations

from typing import IO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ipplan.formats import date_text

from ..models import ReportingPeriod
from ..selectors.dashboard import supervision_report

ISSUER = "联席会议办公室"


def notice_title(period: ReportingPeriod) -> str:
    return f"关于{period.label}《{period.plan.title}》推进情况的通报"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(document, text: str, *, font="仿宋", size=16.0, bold=False, align=None, indent=True):
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    paragraph.paragraph_format.line_spacing = Pt(28)
    _font(paragraph.add_run(text), font, size, bold)
    return paragraph


def notice_paragraphs(period: ReportingPeriod) -> dict:
    """The notice's text, shared by the .docx and the HTML/PDF version."""
    report = supervision_report(period)
    s = report["summary"]
    opening = (
        f"按照《{period.plan.title}》督查工作安排，联席会议办公室对{period.label}各责任单位"
        f"任务推进和进展报送情况进行了督查。本期应报送进展报告{s['expected']}份，"
        f"已报送{s['submitted']}份，其中按时报送{s['on_time']}份、逾期报送{s['late']}份，"
        f"截至{date_text(report['today'])}仍有{s['missing']}份未报送。现将有关情况通报如下。"
    )
    agencies = [
        f"{a.name}：应报{a.expected}份，逾期报送{a.late}份，未报送{a.missing}份。"
        for a in report["agencies"]
    ]
    lagging = [
        (
            f"{r.measure.label}{r.measure.title or r.measure.text[:40]}",
            r.agency_name,
            r.get_progress_status_display(),
            r.problems or "未说明原因",
        )
        for r in report["lagging"]
    ]
    closing = (
        "请上述单位高度重视，认真分析原因，加快工作进度，"
        "于收到本通报后10个工作日内将整改情况报联席会议办公室。"
    )
    return {
        "title": notice_title(period),
        "opening": opening,
        "agencies": agencies,
        "lagging": lagging,
        "closing": closing,
        "issuer": ISSUER,
        "date": report["today"],
    }


def write_notice_docx(period: ReportingPeriod, out: IO[bytes] | str) -> dict:
    content = notice_paragraphs(period)
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _paragraph(
        document,
        content["title"],
        font="方正小标宋简体",
        size=22,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
    )
    _paragraph(document, "各成员单位：", indent=False)
    _paragraph(document, content["opening"])
    _paragraph(document, "一、报送不及时的单位", font="黑体")
    for line in content["agencies"] or ["本期各单位均按时报送。"]:
        _paragraph(document, line)
    _paragraph(document, "二、进度滞后的任务", font="黑体")
    if content["lagging"]:
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, ["任务", "责任单位", "进展状态", "原因"], strict=True
        ):
            _font(cell.paragraphs[0].add_run(text), "黑体", 12)
        for values in content["lagging"]:
            cells = table.add_row().cells
            for cell, text in zip(cells, values, strict=True):
                _font(cell.paragraphs[0].add_run(text), "仿宋", 12)
    else:
        _paragraph(document, "本期各任务均序时推进。")
    _paragraph(document, "三、有关要求", font="黑体")
    _paragraph(document, content["closing"])
    _paragraph(document, content["issuer"], align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _paragraph(document, date_text(content["date"]), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    document.save(out)
    return content
