"""Word and Excel plans, built inside the tests with python-docx and openpyxl."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from tasks.importer import DocumentError, read_document
from tasks.importer.docx_numbering import format_number
from tasks.importer.docx_reader import parse_docx
from tasks.importer.enrich import enrich
from tasks.importer.parsed import ParsedPlan
from tasks.importer.text_reader import all_measures, parse_text
from tasks.importer.xlsx_reader import parse_xlsx

DOCUMENTS = Path(__file__).resolve().parents[2] / "fixtures" / "documents"
PLAN_2012 = "2012-jiangsu-ip-strategy-action-plan.txt"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def add_table(document, rows: list[list[str]]):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    return table


# --- Word --------------------------------------------------------------------------------


def test_docx_paragraphs_parse_like_the_text() -> None:
    text = (DOCUMENTS / PLAN_2012).read_text(encoding="utf-8")
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    plans = parse_docx(docx_bytes(document), source_name="2012.docx")
    expected = parse_text(text, source_name="2012.docx")[0]
    plan = plans[0]
    assert plan.title == expected.title == "实施江苏省知识产权战略纲要2012年行动计划"
    assert plan.issued_on == "2012-05-15"
    assert len(plan.sections) == 7
    assert len(all_measures(plan)) == 89
    assert plan.sections == expected.sections
    assert plan.slug == "2012"


def test_docx_automatic_list_numbers_are_read_as_word_prints_them() -> None:
    # "List Number" paragraphs carry no number in their text: Word prints 1. 2. 3. …, one
    # count through the document across the headings, and a clerk records those numbers.
    document = docx.Document()
    document.add_paragraph("某市促进专利转化运用行动方案")
    for heading, tasks in (
        (
            "一、盘活存量专利",
            ["开展存量专利梳理。（市教育局负责）", "建设概念验证中心3个。（市科技局负责）"],
        ),
        ("二、强化金融支撑", ["扩大知识产权质押融资。（市金融局负责）"]),
    ):
        document.add_paragraph(heading, style="Heading 1")
        for task in tasks:
            document.add_paragraph(task, style="List Number")
    plan = parse_docx(docx_bytes(document), source_name="autonumber.docx")[0]
    measures = all_measures(plan)
    assert [m.label for m in measures] == ["1.", "2.", "3."]
    assert measures[2].text.startswith("扩大知识产权质押融资")
    assert [s.title for s in plan.sections] == ["盘活存量专利", "强化金融支撑"]


def _numbered(document, text: str, num_id: int, ilvl: int) -> None:
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
        )
    )


def test_docx_multilevel_numbering_restarts_lower_levels_and_honours_a_start_override() -> None:
    # 一、 over 1. 2., then 二、 over 1. again; a second list on the same numbering with a
    # startOverride of 5 prints 五、 (as Word does), not 三、.
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="%1、"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="%2."/></w:lvl></w:abstractNum>'
        )
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="90"/></w:num>')
    )
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="92"><w:abstractNumId w:val="90"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'
        )
    )
    document.add_paragraph("某市知识产权工作方案")
    _numbered(document, "加强知识产权创造", 91, 0)
    _numbered(document, "培育高价值专利。（市知识产权局负责）", 91, 1)
    _numbered(document, "推进专利导航。（市科技局负责）", 91, 1)
    _numbered(document, "强化知识产权保护", 91, 0)
    _numbered(document, "开展专项执法。（市市场监管局负责）", 91, 1)
    _numbered(document, "优化公共服务", 92, 0)
    _numbered(document, "建设服务网点。（市知识产权局负责）", 92, 1)
    plan = parse_docx(docx_bytes(document), source_name="multilevel.docx")[0]
    assert [(s.label, s.title) for s in plan.sections] == [
        ("一、", "加强知识产权创造"),
        ("二、", "强化知识产权保护"),
        ("五、", "优化公共服务"),
    ]
    assert [[m.label for m in s.measures] for s in plan.sections] == [["1.", "2."], ["1."], ["1."]]


@pytest.mark.parametrize(
    ("number", "fmt", "printed"),
    [(3, "decimal", "3"), (12, "chineseCounting", "十二"), (4, "decimalEnclosedCircle", "④"),
     (2, "lowerLetter", "b"), (9, "upperRoman", "IX"), (1, "bullet", "")],
)  # fmt: skip
def test_word_number_formats_print_as_word_shows_them(number, fmt, printed) -> None:
    assert format_number(number, fmt) == printed


def test_docx_measure_table_gives_measures_and_schedule() -> None:
    document = docx.Document()
    document.add_paragraph("南京市知识产权强市建设2023年工作要点")
    add_table(
        document,
        [
            ["序号", "任务", "责任单位", "时间节点"],
            ["1", "组建专家组。邀请高校专家参与。", "市知识产权局牵头，市科技局参与", "2023年3月"],
            ["2", "召开启动会", "市科技局", "2023年4-6月"],
            ["3", "开展年度总结", "市知识产权局", "长期坚持"],
        ],
    )
    plan = read_document(docx_bytes(document), filename="要点.docx")[0]
    assert plan.title == "南京市知识产权强市建设2023年工作要点"
    assert plan.level == "city"
    assert [(m.ref, m.number, m.responsibility_text) for m in plan.measures] == [
        ("1", 1, "市知识产权局牵头，市科技局参与"),
        ("2", 2, "市科技局"),
        ("3", 3, "市知识产权局"),
    ]
    assert plan.measures[0].title == "组建专家组"
    assert [(r.measure_ref, r.start, r.end) for r in plan.schedule] == [
        ("1", (2023, 3), (2023, 3)),
        ("2", (2023, 4), (2023, 6)),
        ("3", None, None),
    ]
    # Ongoing work has no dates, and that is no error: the words stay as printed.
    assert plan.schedule[-1].period_text == "长期坚持"
    assert not any("长期坚持" in warning for warning in plan.warnings)
    # Line numbers refer to the rendering kept as source_text.
    source = plan.source_text.split("\n")
    assert source[plan.measures[1].line_start - 1] == "\t2\t召开启动会\t市科技局\t2023年4-6月"


def test_docx_project_table_gives_a_measure_per_project_under_its_group() -> None:
    document = docx.Document()
    document.add_paragraph("常州市知识产权运营体系建设重点项目表")
    table = add_table(
        document,
        [
            [
                "序号",
                "项目名称",
                "建设内容",
                "总投资（万元）",
                "2021年计划投资（万元）",
                "责任单位",
            ],
            ["一、平台类项目", "", "", "", "", ""],
            ["1", "知识产权交易中心", "建设交易系统", "3000", "1500", "市知识产权局"],
            ["二、服务类项目", "", "", "", "", ""],
            ["2", "专利导航服务站", "开展产业专利导航", "500", "200", "市科技局、市知识产权局"],
        ],
    )
    for row in (1, 3):  # the group rows are merged across the table
        table.cell(row, 0).merge(table.cell(row, 5))
    (plan,) = [enrich(p) for p in read_document(docx_bytes(document), filename="项目表.docx")]
    assert [(s.label, s.title) for s in plan.sections] == [
        ("一、", "平台类项目"),
        ("二、", "服务类项目"),
    ]
    project = plan.sections[1].measures[0]
    assert (project.title, project.text) == ("专利导航服务站", "开展产业专利导航")
    assert [(r.name, r.role) for r in project.responsibilities] == [
        ("市科技局", "lead"),
        ("市知识产权局", "co"),
    ]
    # What a project costs is its budget, not a target.
    assert not [t for m in plan.measures for t in m.targets]
    assert not [t for s in plan.sections for m in s.measures for t in m.targets]


def test_docx_schedule_table_with_merged_cells_links_to_text_measures() -> None:
    document = docx.Document()
    document.add_paragraph("江苏省某试点工作推进方案")
    document.add_paragraph("一、重点任务")
    document.add_paragraph(
        "（一）开展知识产权资源调查分析。对专利开展调查。（责任单位：省知识产权局，各省辖市）"
    )
    table = add_table(
        document,
        [
            ["阶段", "重点任务", "主要措施", "任务分工", "时序进度"],
            [
                "试点推进",
                "知识产权资源调查分析",
                "全省知识产权资源调查",
                "省知识产权局组织实施",
                "2016年2-5月",
            ],
            ["", "", "全省创新能力调查", "省统计局会同省知识产权局", "2016年2-6月"],
        ],
    )
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(1, 1).merge(table.cell(2, 1))
    plan = parse_docx(docx_bytes(document), source_name="pilot.docx")[0]
    assert plan.level == "province"
    measure = plan.sections[0].measures[0]
    assert measure.responsibility_text == "责任单位：省知识产权局，各省辖市"
    rows = plan.schedule
    assert [(r.stage, r.key_task, r.measure_ref) for r in rows] == [
        ("试点推进", "知识产权资源调查分析", "（一）"),
        ("试点推进", "知识产权资源调查分析", "（一）"),
    ]
    assert [r.end for r in rows] == [(2016, 5), (2016, 6)]
    assert (plan.period_start_year, plan.period_end_year) == (2016, 2016)


def test_docx_without_structure_or_table_is_refused() -> None:
    document = docx.Document()
    document.add_paragraph("会议纪要")
    document.add_paragraph("今天讨论了若干事项。")
    with pytest.raises(DocumentError) as caught:
        parse_docx(docx_bytes(document), source_name="minutes.docx")
    assert CHINESE.search(str(caught.value))


@pytest.mark.parametrize("data", [b"PK\x03\x04broken", b"not a zip at all", b"\x00" * 32])
def test_corrupt_docx_is_refused(data: bytes) -> None:
    with pytest.raises(DocumentError) as caught:
        read_document(data, filename="broken.docx")
    assert CHINESE.search(str(caught.value))


def test_empty_docx_is_refused() -> None:
    with pytest.raises(DocumentError) as caught:
        parse_docx(docx_bytes(docx.Document()), source_name="empty.docx")
    assert CHINESE.search(str(caught.value))


# --- Excel -------------------------------------------------------------------------------


def xlsx_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def breakdown_workbook():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "任务分解"
    sheet.append(["江苏省知识产权区域布局试点工作任务分解及时序进度表"])
    sheet.merge_cells("A1:E1")
    sheet.append(["阶段", "重点任务", "主要措施", "任务分工", "时序进度"])
    sheet.append(
        ["试点启动", "试点工作机制建设", "组建试点工作专家组", "省知识产权局组织实施", "2016年2月"]
    )
    sheet.append([None, None, "召开试点工作启动会", "省知识产权局组织实施", "2016年2月"])
    sheet.append(
        ["试点推进", "知识产权资源调查分析", "全省知识产权资源调查", "省知识产权局", "2016年2-5月"]
    )
    sheet.append([None, None, "重点产业调查", "省知识产权局", "2016年2-5月"])
    sheet.append([None, "知识产权布局综合评价", "建立评价模型", "省知识产权局", "2016年2-4月"])
    sheet.append(["总结验收", "自评总结", "发布布局报告", None, "2018年1-6月"])
    sheet.merge_cells("A5:A7")  # 试点推进 spans three rows
    sheet.merge_cells("B5:B6")
    return workbook


def test_xlsx_breakdown_sheet_with_merged_and_blank_cells() -> None:
    plans = parse_xlsx(xlsx_bytes(breakdown_workbook()), source_name="分解表.xlsx")
    assert len(plans) == 1
    plan = plans[0]
    assert plan.title == "江苏省知识产权区域布局试点工作任务分解及时序进度表"
    assert plan.level == "province"
    # The database keeps ASCII slugs: the Chinese name becomes a stable hash of itself.
    assert (
        plan.slug.startswith("plan-")
        and plan.slug
        == parse_xlsx(xlsx_bytes(breakdown_workbook()), source_name="分解表.xlsx")[0].slug
    )
    assert [(r.line_start, r.stage, r.key_task, r.action) for r in plan.schedule] == [
        (3, "试点启动", "试点工作机制建设", "组建试点工作专家组"),
        (4, "试点启动", "试点工作机制建设", "召开试点工作启动会"),  # blank = same as above
        (5, "试点推进", "知识产权资源调查分析", "全省知识产权资源调查"),
        (6, "试点推进", "知识产权资源调查分析", "重点产业调查"),  # merged cells
        (7, "试点推进", "知识产权布局综合评价", "建立评价模型"),
        (8, "总结验收", "自评总结", "发布布局报告"),
    ]
    assert plan.schedule[-1].division_text == ""
    assert [r.end for r in plan.schedule][-1] == (2018, 6)
    assert (plan.period_start_year, plan.period_end_year) == (2016, 2018)


def test_xlsx_measure_sheet_without_title_row() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "通州区2023年知识产权工作任务"
    sheet.append(["序号", "重点任务", "牵头单位", "完成时限"])
    sheet.append([1, "实施高价值专利培育工程", "区市场监管局（知识产权局）", "2023年12月底"])
    sheet.append([2, "实施商标品牌培育工程", "区市场监管局（知识产权局）、区商务局", "2023年6月"])
    plan = read_document(xlsx_bytes(workbook), filename="tasks.xlsx")[0]
    assert plan.title == "通州区2023年知识产权工作任务"
    assert plan.level == "district"
    # A 牵头单位 column keeps its role: every body in it leads.
    assert [(m.ref, m.text, m.responsibility_text) for m in plan.measures] == [
        ("1", "实施高价值专利培育工程", "牵头单位：区市场监管局（知识产权局）"),
        ("2", "实施商标品牌培育工程", "牵头单位：区市场监管局（知识产权局）、区商务局"),
    ]
    assert [(r.measure_ref, r.end) for r in plan.schedule] == [("1", (2023, 12)), ("2", (2023, 6))]


def indicators_and_tasks_workbook():
    workbook = openpyxl.Workbook()
    indicators = workbook.active
    indicators.title = "主要指标"
    indicators.append(["泰州市知识产权强市建设主要指标（2021—2023年）"])
    indicators.merge_cells("A1:F1")
    indicators.append(["序号", "指标名称", "单位", "2020年基数", "2023年目标", "责任单位"])
    indicators.append([1, "专利授权量", "万件", 1.2, 2, "市知识产权局"])
    indicators.append([2, "海外商标注册量", "件", 80, "≥150", "市市场监管局、市商务局"])
    tasks = workbook.create_sheet("重点任务")
    tasks.append(["序号", "重点任务", "责任单位", "完成时限"])
    tasks.append([1, "建设知识产权保护中心", "市知识产权局", "2022年12月"])
    bodiless = openpyxl.Workbook()
    only = bodiless.active
    only.append(["指标", "单位", "2020年", "2023年目标"])
    only.append(["专利授权量", "万件", 1.2, 2])
    return workbook, bodiless


def test_an_indicator_sheet_beside_the_tasks_gives_items_with_bodies_and_targets() -> None:
    workbook, bodiless = indicators_and_tasks_workbook()
    (plan,) = [enrich(p) for p in read_document(xlsx_bytes(workbook), filename="清单.xlsx")]
    # One plan: the indicator rows come first, numbered as printed, and keep their bodies.
    assert [(m.label, m.text) for m in plan.measures] == [
        ("1", "专利授权量"),
        ("2", "海外商标注册量"),
        ("1", "建设知识产权保护中心"),
    ]
    assert len({m.ref for m in plan.measures}) == 3
    first, second, _ = plan.measures
    assert [(r.name, r.role) for r in second.responsibilities] == [
        ("市市场监管局", "lead"),
        ("市商务局", "co"),
    ]
    # The target column, not the base: 2 万件 is 20000 件 in 2023; ≥150.
    assert [(t.target_value, t.unit, t.target_year) for t in first.targets] == [(20000, "件", 2023)]
    assert [(t.target_value, t.comparison) for t in second.targets] == [(150, "gte")]
    assert plan.source_text.split("\n")[second.line_start - 1].startswith("2\t海外商标注册量")
    # Without bodies an indicator sheet states the plan's targets only.
    (alone,) = [enrich(p) for p in read_document(xlsx_bytes(bodiless), filename="指标.xlsx")]
    assert alone.measures == []
    assert [(t.target_value, t.unit) for t in alone.targets] == [(20000, "件")]


def test_xlsx_level_can_be_given() -> None:
    plan = parse_xlsx(xlsx_bytes(breakdown_workbook()), source_name="x.xlsx", level="city")[0]
    assert plan.level == "city"


def test_xlsx_without_task_table_is_refused() -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名", "电话"])
    workbook.active.append(["张三", "123"])
    with pytest.raises(DocumentError) as caught:
        parse_xlsx(xlsx_bytes(workbook), source_name="contacts.xlsx")
    assert CHINESE.search(str(caught.value))


@pytest.mark.parametrize("data", [b"PK\x03\x04broken", b"plain text"])
def test_corrupt_xlsx_is_refused(data: bytes) -> None:
    with pytest.raises(DocumentError) as caught:
        read_document(data, filename="broken.xlsx")
    assert CHINESE.search(str(caught.value))


# --- dispatch ----------------------------------------------------------------------------


def test_read_document_sniffs_files_without_extension() -> None:
    workbook_plans = read_document(xlsx_bytes(breakdown_workbook()), filename="upload")
    assert len(workbook_plans[0].schedule) == 6
    document = docx.Document()
    document.add_paragraph("一、总体要求")
    document.add_paragraph("（一）加强领导。建立工作机制。（市知识产权局负责）")
    plans: list[ParsedPlan] = read_document(docx_bytes(document), filename="upload")
    assert all_measures(plans[0])[0].responsibility_text == "市知识产权局负责"


def test_docx_table_with_lead_co_and_deadline_columns() -> None:
    # The provincial task-breakdown table: each column keeps its role, and a row with a
    # deadline is one measure with one schedule row whose bodies are the measure's.
    document = docx.Document()
    document.add_paragraph("江苏省2019年优化营商环境重点任务分工表")
    add_table(
        document,
        [
            ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
            ["1", "推行企业开办全程网上办", "省市场监管局", "省公安厅、省税务局", "2019年12月底前"],
            ["2", "推进“证照分离”改革", "省市场监管局、省司法厅", "", "持续推进"],
        ],
    )
    plan = read_document(docx_bytes(document), filename="分工表.docx")[0]
    enrich(plan)
    assert [[(r.role, r.name) for r in m.responsibilities] for m in plan.measures] == [
        [("lead", "省市场监管局"), ("co", "省公安厅"), ("co", "省税务局")],
        [("lead", "省市场监管局"), ("lead", "省司法厅")],
    ]
    assert [(r.measure_ref, r.start, r.end, r.responsibilities) for r in plan.schedule] == [
        ("1", None, (2019, 12), []),
        ("2", None, None, []),
    ]


def _bodies(measure) -> list[tuple[str, str]]:
    return sorted((r.role, r.name) for r in measure.responsibilities)


def test_word_table_cell_of_bodies_holds_one_body_a_line() -> None:
    # Several bodies in one 责任单位 cell are typed one a line (each its own paragraph);
    # a line that ends with its role is a clause of the cell's phrase.
    document = docx.Document()
    document.add_paragraph("常州市知识产权强市建设2019年重点任务分工表")
    add_table(
        document,
        [
            ["序号", "重点任务", "牵头单位", "责任单位", "完成时限"],
            [
                "1",
                "实施高价值专利培育计划",
                "市市场监管局（知识产权局）",
                "市科技局\n市工信局",
                "2019年12月底前",
            ],
            ["2", "推动高校院所专利转化", "市科技局\n市教育局", "", "2019年12月\n底前"],
        ],
    )
    plan = enrich(read_document(docx_bytes(document), filename="分工表.docx")[0])
    first, second = plan.measures
    assert _bodies(first) == [("co", "市工信局"), ("co", "市科技局"), ("lead", "市市场监管局")]
    # Two leads in the 牵头单位 cell; the empty 责任单位 cell beside a 牵头单位 column is
    # empty, not "same as above" (Word keeps merged cells as merged).
    assert _bodies(second) == [("lead", "市教育局"), ("lead", "市科技局")]
    # Outside a column of bodies a line break only wraps the cell's text.
    assert plan.schedule[1].end == (2019, 12)
    source = plan.source_text.split("\n")
    assert (
        source[second.line_start - 1]
        == "\t2\t推动高校院所专利转化\t市科技局市教育局\t\t2019年12月底前"
    )


def test_word_table_group_row_merged_across_is_a_section_over_its_rows() -> None:
    document = docx.Document()
    document.add_paragraph("常州市知识产权强市建设2019年重点任务分工表")
    table = add_table(
        document,
        [
            ["序号", "重点任务", "牵头单位", "完成时限"],
            ["一、知识产权创造质量提升", "", "", ""],
            ["1", "实施高价值专利培育计划", "市市场监管局", "2019年12月底前"],
            ["二、知识产权运用效益提升", "", "", ""],
            ["2", "扩大知识产权质押融资规模", "市地方金融监管局", "2019年12月底前"],
            ["3", "推进专利保险试点", "", "2019年12月底前"],
        ],
    )
    for row in (1, 3):
        table.cell(row, 0).merge(table.cell(row, 3))
    plan = enrich(read_document(docx_bytes(document), filename="分工表.docx")[0])
    assert [(s.label, s.title, [m.label for m in s.measures]) for s in plan.sections] == [
        ("一、", "知识产权创造质量提升", ["1"]),
        ("二、", "知识产权运用效益提升", ["2", "3"]),
    ]
    assert plan.measures == []
    # An empty 牵头单位 cell under a filled one is still "same as above": a task has a lead.
    assert _bodies(plan.sections[1].measures[1]) == [("lead", "市地方金融监管局")]


def test_timetable_whose_rows_name_no_task_of_the_text_lists_measures() -> None:
    # 阶段 / 时间 / 工作内容 / 责任单位 with no 重点任务 column: each row is work of its own,
    # so it is a measure (with its timetable row), not a row waiting for a task to join.
    document = docx.Document()
    document.add_paragraph("镇江市专利导航产业发展试点工作实施方案")
    document.add_paragraph("一、主要任务")
    document.add_paragraph(
        "（一）开展重点产业专利导航分析。绘制产业专利地图。（责任单位：市知识产权局）"
    )
    table = add_table(
        document,
        [
            ["阶段", "时间", "工作内容", "责任单位"],
            [
                "启动部署",
                "2016年\n5月",
                "制定试点工作实施方案",
                "市知识产权局组织实施，市经信委共同参与",
            ],
            [
                "组织实施",
                "2016年7月\n-2017年6月",
                "开展新材料产业专利导航分析",
                "市知识产权局组织实施，市科技局配合",
            ],
            ["", "2017年\n1-12月", "建设产业专利导航项目库", "市科技局组织实施，市知识产权局参与"],
        ],
    )
    table.cell(2, 0).merge(table.cell(3, 0))
    plan = enrich(parse_docx(docx_bytes(document), source_name="方案.docx")[0])
    assert [m.text for m in plan.measures] == [
        "制定试点工作实施方案",
        "开展新材料产业专利导航分析",
        "建设产业专利导航项目库",
    ]
    assert _bodies(plan.measures[0]) == [("lead", "市知识产权局"), ("participant", "市经信委")]
    assert _bodies(plan.measures[2]) == [("lead", "市科技局"), ("participant", "市知识产权局")]
    rows = [(r.stage, r.start, r.end, r.measure_ref) for r in plan.schedule]
    assert rows == [
        ("启动部署", (2016, 5), (2016, 5), plan.measures[0].ref),
        ("组织实施", (2016, 7), (2017, 6), plan.measures[1].ref),
        ("组织实施", (2017, 1), (2017, 12), plan.measures[2].ref),
    ]
    # The text's own task keeps its bodies: the rows are not folded into it.
    assert _bodies(plan.sections[0].measures[0]) == [("lead", "市知识产权局")]


def test_excel_cell_of_bodies_typed_over_lines_and_a_merged_group_row() -> None:
    # The same rules as a Word table: Alt+Enter lines in a column of bodies are bodies, and
    # a group row merged across the sheet heads the rows under it.
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["序号", "重点任务", "牵头单位", "配合单位", "完成时限"])
    sheet.append(["一、知识产权保护水平提升"])
    sheet.merge_cells("A2:E2")
    sheet.append(
        [1, "开展执法专项行动", "市市场监管局", "市公安局\r\n常州海关", "2019年12月\n底前"]
    )
    plan = enrich(read_document(xlsx_bytes(workbook), filename="分工.xlsx", level="city")[0])
    [section] = plan.sections
    assert section.title == "知识产权保护水平提升"
    [measure] = section.measures
    assert _bodies(measure) == [("co", "市公安局"), ("co", "常州海关"), ("lead", "市市场监管局")]
    assert plan.schedule[0].end == (2019, 12)


def test_excel_co_column_named_xieban_and_a_note_row_merged_under_the_table() -> None:
    # 协办部门 is the 配合单位 column under another name; a 填表说明 merged across the
    # sheet is a note on the table: its 1./2. are not tasks, its 2017 figure is no goal.
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["市2018年重点任务分解表"])
    sheet.merge_cells("A1:F1")
    sheet.append(["序号", "重点任务", "具体措施", "牵头部门", "协办部门", "时间节点"])
    sheet.append(
        [1, "一、提升创造质量", "新建培育中心5个。", "市知识产权局", "市科技委\n市经信委", "12月底"]
    )
    sheet.append([2, None, "新增贯标企业200家以上。", "市知识产权局", None, "2018年11月底"])
    sheet.merge_cells("B3:B4")
    sheet.append(["填表说明：1.牵头部门负总责；2.2017年全市发明专利授权量为10386件。"])
    sheet.merge_cells("A5:F5")
    plan = enrich(read_document(xlsx_bytes(workbook), filename="分解.xlsx", level="city")[0])
    first, second = all_measures(plan)
    assert _bodies(first) == [("co", "市科技委"), ("co", "市经信委"), ("lead", "市知识产权局")]
    assert _bodies(second) == [("lead", "市知识产权局")]
    assert len(all_measures(plan)) == 2 and len(plan.schedule) == 2
    assert [line.text[:4] for line in plan.unplaced] == ["填表说明"]
    assert {t.target_value for t in first.targets + second.targets} == {5, 200}


def test_word_table_deadlines_of_months_only_are_in_the_plans_year() -> None:
    # A county's breakdown gives 12月底, 全年: the document's year (2017) stands in, and a
    # 责任领导 column of people gives no bodies.
    document = docx.Document()
    document.add_paragraph("某县2017年知识产权强县建设重点工作任务分解")
    add_table(
        document,
        [
            ["序号", "工作任务", "责任领导", "责任单位", "完成时限"],
            ["1", "全县专利申请量达到6000件。", "副县长\u3000张卫东", "县科技局", "12月底"],
            ["2", "开展专项整治。", "副县长\u3000李红梅", "县市场监管局\n县公安局", "全年"],
        ],
    )
    plan = enrich(read_document(docx_bytes(document), filename="分解.docx", level="district")[0])
    assert [(row.start, row.end) for row in plan.schedule] == [
        (None, (2017, 12)),
        ((2017, 1), (2017, 12)),
    ]
    assert not plan.warnings
    assert [_bodies(m) for m in all_measures(plan)] == [
        [("lead", "县科技局")],
        [("co", "县公安局"), ("lead", "县市场监管局")],
    ]


def test_a_work_standard_column_gives_the_task_its_targets() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["2023年某市知识产权重点工作任务清单"])
    sheet.append(["序号", "工作任务", "牵头单位", "责任单位", "完成时限", "工作标准"])
    sheet.append(
        [1, "推进高价值专利培育", "市市场监管局", "市科技局", "2023年12月", "授权量达到1.2万件以上"]
    )
    sheet.append([2, "培育服务机构", "市市场监管局", None, "2023年12月", "对新引进机构奖励50万元"])
    plan = read_document(xlsx_bytes(workbook), filename="清单.xlsx", level="city")[0]
    enrich(plan)
    first, second = plan.measures
    # The standard is kept with its task, and its promise is the task's target for the list's year.
    assert first.text == "推进高价值专利培育。授权量达到1.2万件以上"
    assert [(t.target_value, t.unit, t.comparison, t.target_year) for t in first.targets] == [
        (12000, "件", "gte", 2023)
    ]
    assert second.text.endswith("对新引进机构奖励50万元") and second.targets == []
    assert [r.action for r in plan.schedule] == ["推进高价值专利培育", "培育服务机构"]


def test_a_per_place_breakdown_table_gives_each_place_its_targets() -> None:
    document = docx.Document()
    document.add_paragraph("江苏省专利质量提升实施方案")
    document.add_paragraph("一、主要目标")
    document.add_paragraph("到2025年，全省发明专利拥有量达到54.2万件。")
    document.add_paragraph("二、重点任务")
    document.add_paragraph(
        "（一）完成分解目标。各设区市对照附表制定年度计划。（责任单位：省知识产权局）"
    )
    document.add_paragraph("各设区市目标任务分解表（2025年）")
    add_table(
        document,
        [
            ["设区市", "发明专利拥有量（件）", "PCT申请（件）"],
            ["南京市", "150000", "1800"],
            ["全省合计", "542000", "7620"],
        ],
    )
    plan = read_document(docx_bytes(document), filename="方案.docx", level="province")[0]
    enrich(plan)
    # One target per place and column, for the title's year; 全省合计 is the province's, and
    # its figure the text already states is not counted twice.
    assert [(t.name, t.target_value, t.unit, t.target_year) for t in plan.targets] == [
        ("南京市发明专利拥有量", 150000, "件", 2025),
        ("南京市PCT申请", 1800, "件", 2025),
        ("全省PCT申请", 7620, "件", 2025),
    ]


def test_a_measures_column_named_jucuo_is_the_tasks_work_and_gives_its_targets() -> None:
    # Offices name the column of what is done 工作举措 (主要举措, 具体举措) as often as
    # 工作措施: its cell is the task's text, so its figures are the task's targets. A first
    # sheet of prose (填报说明) holds no table and states no goal.
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "说明"
    notes.append(["某市专项行动重点任务表（2024—2025年） 填报说明"])
    notes.append(["二、2023年，全市专利转化实施率为28%。"])
    sheet = workbook.create_sheet("重点任务")
    sheet.append(["某市专项行动重点任务表（2024—2025年）"])
    sheet.append(["序号", "重点任务", "工作举措", "责任单位", "时间进度"])
    sheet.append(
        [
            1,
            "推动专利产业化",
            "实施专利产业化项目20项以上。",
            "市知识产权局（牵头）、市科技局",
            "2025年底前完成",
        ]
    )
    sheet.append(
        [2, "完善收益分配", "落实转化收益奖励，奖励比例不低于70%。", "市科技局（牵头）", "持续推进"]
    )
    plan = read_document(xlsx_bytes(workbook), filename="任务表.xlsx", level="city")[0]
    enrich(plan)
    first, second = plan.measures
    assert (first.title, first.text) == ("推动专利产业化", "实施专利产业化项目20项以上。")
    assert [(t.target_value, t.unit, t.comparison, t.target_year) for t in first.targets] == [
        (20, "项", "gte", 2025)
    ]
    assert [(r.name, r.role) for r in first.responsibilities] == [
        ("市知识产权局", "lead"),
        ("市科技局", "co"),
    ]
    assert second.targets == []  # a reward's share is the scheme's rule
    assert plan.targets == []  # the 说明 sheet's 2023 figure is history


def test_a_rows_deadline_is_the_year_its_figures_are_due() -> None:
    # In a 2024—2025 list, a task due 2024年9月底前 promises its figure for 2024; a task of
    # ongoing work (持续推进) or due every year keeps the plan's end year.
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["某市专项行动重点任务表（2024—2025年）"])
    sheet.append(["序号", "重点任务", "工作举措", "责任单位", "时间进度"])
    sheet.append([1, "强化公共服务", "建设运营服务平台1个。", "市知识产权局", "2024年9月底前完成"])
    sheet.append([2, "培养人才", "培养技术经理人200名。", "市人力社保局", "每年12月底前"])
    sheet.append([3, "开放许可", "推动开放许可专利达到500件。", "市知识产权局", "持续推进"])
    plan = read_document(xlsx_bytes(workbook), filename="任务表.xlsx", level="city")[0]
    enrich(plan)
    assert [[t.target_year for t in m.targets] for m in plan.measures] == [[2024], [2025], [2025]]
