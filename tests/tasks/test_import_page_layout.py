"""Text copied out of a PDF reads like the document it was printed from: hard line wraps
joined, page footers and the running header at each page break dropped, real paragraph
breaks kept. The texts are invented; only their layout follows PDF copies."""

from __future__ import annotations

from tasks.importer.page_layout import undo_page_layout
from tasks.importer.structure import Line
from tasks.importer.text_reader import all_measures, parse_text

IND = "\u3000\u3000"

# A city plan printed about 34 characters wide, broken across a page with a footer and the
# plan's title printed again at the top of the next page.
WRAPPED_PLAN = "\n".join(
    [
        f"{IND}东岭市专利转化运用专项行动方案（2025—2026年）",
        "",
        f"{IND}为促进专利转化运用，结合我市实际，制定本方案。需要各部门认",
        "真组织实施。",
        f"{IND}一、重点任务",
        f"{IND}（一）建设专利转化中心。依托市科技园建设专利转化中心，集聚交",
        "易、评估等服务功能，到2026年服务企业达到300家以上。（牵头单位",
        "：市科学技术局；配合单位：市财政局）",
        f"{IND}（二）开展专利开放许可。组织高校院所开展专利开放许可，每年发",
        "布开放许可专利不少于200件。（牵头单位：市市场监督管理",
        "",
        "— 1 —",
        "",
        "东岭市专利转化运用专项行动方案（2025—2026年）",
        "局；配合单位：市教育局）",
        f"{IND}（三）加大资金支持。市财政每年安排专利转化专项资金不低于10",
        "00万元，支持中小企业购买和实施专利。（牵头单位：市财政局）",
        f"{IND}（四）强化考核评估。将专利转化情况纳入对各区的年度考核，各单",
        "位于每年12月10日前报送进展。（牵头单位：市人民政府办公室）",
        "",
        "— 2 —",
    ]
)


def lines_of(text: str) -> list[Line]:
    return [Line(number, line) for number, line in enumerate(text.split("\n"), start=1)]


def test_wrapped_lines_are_joined_and_page_breaks_dropped():
    texts = [line.text for line in undo_page_layout(lines_of(WRAPPED_PLAN)) if line.text]
    assert len(texts) == 7  # title, preface, heading and four items
    assert texts[3] == (
        f"{IND}（一）建设专利转化中心。依托市科技园建设专利转化中心，集聚交易、评估等服务功能，"
        "到2026年服务企业达到300家以上。（牵头单位：市科学技术局；配合单位：市财政局）"
    )
    # the body name cut by the page break reads whole, header and footer gone
    assert texts[4].endswith("（牵头单位：市市场监督管理局；配合单位：市教育局）")
    assert texts[5].endswith(
        "专项资金不低于1000万元，支持中小企业购买和实施专利。（牵头单位：市财政局）"
    )
    assert not any("— " in text for text in texts)
    assert sum("专项行动方案（2025—2026年）" in text for text in texts) == 1


def test_a_joined_line_keeps_the_source_lines_it_spans():
    joined = undo_page_layout(lines_of(WRAPPED_PLAN))
    opening = next(line for line in joined if line.text.startswith(f"{IND}（二）"))
    assert (opening.number, opening.end) == (9, 15)


def test_a_wrapped_plan_reads_its_bodies_across_the_page_break():
    plan = parse_text(WRAPPED_PLAN, source_name="东岭.txt")[0]
    measures = all_measures(plan)
    assert plan.title == "东岭市专利转化运用专项行动方案（2025—2026年）"
    assert [m.responsibility_text for m in measures] == [
        "牵头单位：市科学技术局；配合单位：市财政局",
        "牵头单位：市市场监督管理局；配合单位：市教育局",
        "牵头单位：市财政局",
        "牵头单位：市人民政府办公室",
    ]
    assert "1000万元" in measures[2].text


def test_paragraph_breaks_are_never_joined():
    texts = [line.text for line in undo_page_layout(lines_of(WRAPPED_PLAN)) if line.text]
    # a heading, and a line ending its sentence, stay lines of their own
    assert f"{IND}一、重点任务" in texts
    assert (
        texts[1] == f"{IND}为促进专利转化运用，结合我市实际，制定本方案。需要各部门认真组织实施。"
    )


def test_a_document_typed_line_by_line_is_left_as_it_is():
    # Not a PDF copy: short title lines and a document number under them, items that end
    # mid-sentence only now and then. Nothing may be joined here.
    typed = "\n".join(
        [
            "东岭市人民政府办公室关于印发",
            "专利转化运用专项行动方案的通知",
            "东政办发〔2025〕7号",
            f"{IND}各区人民政府：",
            f"{IND}现将方案印发给你们，请认真贯彻执行。",
            f"{IND}一、建设专利转化中心",
            f"{IND}二、开展专利开放许可",
            "1\t建设中心\t市科技局\t2025年12月",
            "2\t开放许可\t市市场监管局\t2026年6月",
        ]
    )
    assert undo_page_layout(lines_of(typed)) == lines_of(typed)


def test_a_task_table_copied_as_text_reads_its_cells_from_full_width_spaces():
    # A PDF's table pasted as text: one full-width space between cells, two for an empty
    # cell, rows wrapped across lines and across a page break.
    notice = "\n".join(
        [
            "关于印发《东岭市2026年专利保护工作要点》的通知",
            f"{IND}现将《东岭市2026年专利保护工作要点》印发给你们，请结合",
            "实际认真贯彻落实。各成员单位请于2026年12月5日前报送全年工作进",
            "展情况。",
            f"{IND}东岭市专利保护工作联席会议办公室",
            "附件",
            f"{IND}东岭市2026年专利保护重点任务分工表",
            "序号　重点任务　牵头单位　配合单位　完成时限",
            f"{IND}1　开展专利侵权纠纷行政裁决规范化建设，全年办结案件不少于1",
            "20件　市市场监管局　市司法局　2026年12月",
            f"{IND}2　开展农业植物新品种保护执法检查，检查种子企业30家　市农业",
            "农村局　　2026年8月",
            f"{IND}3　推进知识产权纠纷诉调对接，在基层法院设立调解工作站5个　市中",
            "",
            "— 1 —",
            "",
            "东岭市专利保护工作联席会议文件",
            "级人民法院　市司法局、市市场监管局　2026年9月",
            f"{IND}4　加强跨境电商知识产权保护指导，建立海外维权工作机制　市商务",
            "局　东岭海关　全年",
        ]
    )
    plan = parse_text(notice, source_name="通知.txt", level="city")[0]
    measures = all_measures(plan)
    assert measures[0].text.endswith("全年办结案件不少于120件")
    assert [m.responsibility_text for m in measures] == [
        "牵头单位：市市场监管局；配合单位：市司法局",
        "牵头单位：市农业农村局",
        "牵头单位：市中级人民法院；配合单位：市司法局、市市场监管局",
        "牵头单位：市商务局；配合单位：东岭海关",
    ]
    assert [row.end for row in plan.schedule] == [(2026, 12), (2026, 8), (2026, 9), (2026, 12)]
