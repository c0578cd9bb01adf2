"""Reading responsibility phrases: the documents' own phrases, variants, and round trips.

Expected values were written by reading fixtures/documents/, not by running the parser.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agencies.parsed import CO, DATA_SUPPLIER, FUNDER, LEAD, PARTICIPANT
from agencies.responsibility import (
    parse_responsibilities,
    split_nameplate,
)
from tasks.importer.phrases import split_responsibility

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ROOT / "fixtures" / "documents"
PLAN_2012 = DOCUMENTS / "2012-jiangsu-ip-strategy-action-plan.txt"
PILOT_2016 = DOCUMENTS / "2016-jiangsu-ip-regional-layout-pilot.txt"
TONGZHOU_2022 = DOCUMENTS / "2022-tongzhou-ip-strong-county-work-plan.txt"


def roles(text: str) -> list[tuple[str, str]]:
    return [(item.role, item.name) for item in parse_responsibilities(text)]


@cache
def directory_keys() -> frozenset[str]:
    entries = json.loads((ROOT / "fixtures" / "agencies.json").read_text(encoding="utf-8"))
    return frozenset(
        key for entry in entries for key in (entry["name"], entry["short_name"], *entry["aliases"])
    )


@cache
def directory_entry_of() -> dict[str, str]:
    entries = json.loads((ROOT / "fixtures" / "agencies.json").read_text(encoding="utf-8"))
    return {
        key: entry["name"]
        for entry in entries
        for key in (entry["name"], entry["short_name"], *entry["aliases"])
    }


# --- the 2012 province plan -------------------------------------------------------------


def test_item_21_names_eleven_bodies_in_the_printed_order():
    # （二十一）…（省商务厅，省法院，省检察院，省公安厅、工商局、版权局、知识产权局、质监局、
    # 食品药品监管局、农委，南京海关负责）
    phrase = (
        "（省商务厅，省法院，省检察院，省公安厅、工商局、版权局、知识产权局、质监局、"
        "食品药品监管局、农委，南京海关负责）"
    )
    assert roles(phrase) == [
        (LEAD, "省商务厅"),
        (CO, "省法院"),
        (CO, "省检察院"),
        (CO, "省公安厅"),
        (CO, "省工商局"),
        (CO, "省版权局"),
        (CO, "省知识产权局"),
        (CO, "省质监局"),
        (CO, "省食品药品监管局"),
        (CO, "省农委"),
        (CO, "南京海关"),
    ]


def test_item_21_as_found_in_the_document():
    line = next(
        line for line in PLAN_2012.read_text(encoding="utf-8").splitlines() if "（二十一）" in line
    )
    found = split_responsibility(line)
    assert found is not None
    text, phrase = found
    assert text.startswith("（二十一）建立健全打击侵犯知识产权")
    assert text.endswith("加大对违法犯罪行为的惩处力度。")
    assert len(parse_responsibilities(phrase)) == 11


def test_item_10_prefix_distributes_over_the_list():
    result = parse_responsibilities("（省科技厅、经济和信息化委、教育厅负责）")
    assert [(item.role, item.name, item.written) for item in result] == [
        (LEAD, "省科技厅", "省科技厅"),
        (CO, "省经济和信息化委", "经济和信息化委"),
        (CO, "省教育厅", "教育厅"),
    ]
    assert not any(item.is_group or item.needs_resolution or item.note for item in result)


def test_item_11_two_departments():
    assert roles("省教育厅、科技厅负责") == [(LEAD, "省教育厅"), (CO, "省科技厅")]


def test_item_82_comma_groups_each_carry_their_own_prefix():
    assert roles("省知识产权局、工商局、版权局、商务厅，省法院，南京海关负责") == [
        (LEAD, "省知识产权局"),
        (CO, "省工商局"),
        (CO, "省版权局"),
        (CO, "省商务厅"),
        (CO, "省法院"),
        (CO, "南京海关"),
    ]


def test_item_87_party_organ_first():
    assert roles("（省委组织部，省人力资源社会保障厅、知识产权局负责）") == [
        (LEAD, "省委组织部"),
        (CO, "省人力资源社会保障厅"),
        (CO, "省知识产权局"),
    ]


def test_item_38_courts_police_and_procuratorate():
    assert roles("省法院，省公安厅，省检察院负责") == [
        (LEAD, "省法院"),
        (CO, "省公安厅"),
        (CO, "省检察院"),
    ]


def test_the_joint_conference_office_is_one_body():
    assert roles("（省政府知识产权联席会议办公室负责）") == [(LEAD, "省政府知识产权联席会议办公室")]


def test_customs_takes_no_prefix():
    assert roles("省知识产权局，南京海关负责") == [(LEAD, "省知识产权局"), (CO, "南京海关")]
    assert roles("南京海关负责") == [(LEAD, "南京海关")]


# --- the 2016 pilot ---------------------------------------------------------------------


def test_pilot_task_one_lists_ten_departments_and_every_city():
    phrase = (
        "（责任单位：省知识产权局、发展改革委、经济和信息化委、教育厅、科技厅、财政厅、农委、"
        "工商局、版权局、统计局，各省辖市）"
    )
    result = parse_responsibilities(phrase)
    assert [(item.role, item.name) for item in result] == [
        (LEAD, "省知识产权局"),
        (CO, "省发展改革委"),
        (CO, "省经济和信息化委"),
        (CO, "省教育厅"),
        (CO, "省科技厅"),
        (CO, "省财政厅"),
        (CO, "省农委"),
        (CO, "省工商局"),
        (CO, "省版权局"),
        (CO, "省统计局"),
        (CO, "各省辖市"),
    ]
    cities = result[-1]
    assert cities.is_group and not cities.needs_resolution


def test_pilot_phrase_without_brackets_or_label_reads_the_same():
    wrapped = "（责任单位：省知识产权局、财政厅、工商局、版权局，各省辖市）"
    assert roles(wrapped) == roles("省知识产权局、财政厅、工商局、版权局，各省辖市")
    assert roles(wrapped) == roles("责任单位：省知识产权局、财政厅、工商局、版权局，各省辖市")


def data(name: str) -> tuple[str, str]:
    return (DATA_SUPPLIER, name)


def funder(name: str) -> tuple[str, str]:
    return (FUNDER, name)


def participant(name: str) -> tuple[str, str]:
    return (PARTICIPANT, name)


# Every distinct 任务分工 cell of the 2016 annex, with what it says (read by hand).
ANNEX_CELLS: dict[str, list[tuple[str, str]]] = {
    "省知识产权局组织实施": [(LEAD, "省知识产权局")],
    "省知识产权局组织实施，省农委、工商局、版权局提供相关数据，"
    "省统计局及各省辖市提供其他支撑数据": [
        (LEAD, "省知识产权局"),
        data("省农委"),
        data("省工商局"),
        data("省版权局"),
        data("省统计局"),
        data("各省辖市"),
    ],
    "省知识产权局组织实施，省发展改革委提供全省重点产业名录，"
    "省经济和信息化委提供具体涉及企业名录": [
        (LEAD, "省知识产权局"),
        data("省发展改革委"),
        data("省经济和信息化委"),
    ],
    # Two surveys with their own organisers; 省统计局 also supplies data.
    "省发展改革委、经济和信息化委组织全省产业基础调查，省统计局会同省知识产权局、教育厅、科技厅"
    "组织全省教育资源及创新能力调查，省农委、工商局、版权局、统计局提供相应支撑数据": [
        (LEAD, "省发展改革委"),
        (LEAD, "省经济和信息化委"),
        (LEAD, "省统计局"),
        (CO, "省知识产权局"),
        (CO, "省教育厅"),
        (CO, "省科技厅"),
        data("省农委"),
        data("省工商局"),
        data("省版权局"),
        data("省统计局"),
    ],
    "省发展改革委、经济和信息化委、教育厅、科技厅、财政厅负责梳理并提供全省产业、教育、科技、"
    "金融政策和计划项目清单": [
        (LEAD, "省发展改革委"),
        (CO, "省经济和信息化委"),
        (CO, "省教育厅"),
        (CO, "省科技厅"),
        (CO, "省财政厅"),
    ],
    "省知识产权局组织实施，省发展改革委、经济和信息化委、教育厅、科技厅、农委、工商局、版权局、"
    "统计局共同参与": [
        (LEAD, "省知识产权局"),
        participant("省发展改革委"),
        participant("省经济和信息化委"),
        participant("省教育厅"),
        participant("省科技厅"),
        participant("省农委"),
        participant("省工商局"),
        participant("省版权局"),
        participant("省统计局"),
    ],
    "省发展改革委、经济和信息化委、教育厅、科技厅负责修改或制定科技创新、产业支持政策，"
    "调整和完善项目支持重点及导向": [
        (LEAD, "省发展改革委"),
        (CO, "省经济和信息化委"),
        (CO, "省教育厅"),
        (CO, "省科技厅"),
    ],
    # Nobody is marked to lead: everybody participates.
    "省知识产权局、发展改革委、经济和信息化委、教育厅、科技厅、财政厅、农委、工商局、版权局、"
    "统计局共同参与": [
        participant("省知识产权局"),
        participant("省发展改革委"),
        participant("省经济和信息化委"),
        participant("省教育厅"),
        participant("省科技厅"),
        participant("省财政厅"),
        participant("省农委"),
        participant("省工商局"),
        participant("省版权局"),
        participant("省统计局"),
    ],
    "省知识产权局组织实施，省发展改革委、经济和信息化委提供相应支撑数据，省科技厅、财政厅"
    "给予项目立项及经费支持": [
        (LEAD, "省知识产权局"),
        data("省发展改革委"),
        data("省经济和信息化委"),
        funder("省科技厅"),
        funder("省财政厅"),
    ],
    "省知识产权局组织实施，省财政厅给予项目立项及经费支持": [
        (LEAD, "省知识产权局"),
        funder("省财政厅"),
    ],
    "省工商局组织实施，省财政厅给予项目立项及经费支持": [
        (LEAD, "省工商局"),
        funder("省财政厅"),
    ],
    "省版权局组织实施，省财政厅给予项目立项及经费支持": [
        (LEAD, "省版权局"),
        funder("省财政厅"),
    ],
    "省知识产权局组织实施，省工商局、版权局参与，省财政厅给予项目立项及经费支持": [
        (LEAD, "省知识产权局"),
        participant("省工商局"),
        participant("省版权局"),
        funder("省财政厅"),
    ],
    "省知识产权局组织实施，省发展改革委、科技厅、工商局、版权局共同参与，相关省辖市重点推进，"
    "省财政厅、相关省辖市给予项目立项及经费支持": [
        (LEAD, "省知识产权局"),
        participant("省发展改革委"),
        participant("省科技厅"),
        participant("省工商局"),
        participant("省版权局"),
        (CO, "相关省辖市"),
        funder("省财政厅"),
        funder("相关省辖市"),
    ],
    "省知识产权局牵头，省商务厅、工商局、版权局共同参与，省财政厅给予项目立项及经费支持": [
        (LEAD, "省知识产权局"),
        participant("省商务厅"),
        participant("省工商局"),
        participant("省版权局"),
        funder("省财政厅"),
    ],
}


def annex_cells() -> list[str]:
    """The 任务分工 cells of the annex table: every cell there that starts with 省."""
    lines = PILOT_2016.read_text(encoding="utf-8").splitlines()
    start = next(index for index, line in enumerate(lines) if line.strip() == "任务分工")
    return [line.strip() for line in lines[start + 1 :] if line.startswith("\t省")]


def test_the_annex_has_23_division_cells_and_each_is_known():
    cells = annex_cells()
    assert len(cells) == 23
    assert set(cells) == set(ANNEX_CELLS)


@pytest.mark.parametrize("cell", list(ANNEX_CELLS))
def test_annex_cell(cell):
    assert roles(cell) == ANNEX_CELLS[cell]


def test_annex_notes_say_what_each_body_does():
    result = parse_responsibilities(
        "省知识产权局组织实施，省农委、工商局、版权局提供相关数据，省统计局及各省辖市提供其他支撑数据"
    )
    notes = {item.name: item.note for item in result}
    assert notes == {
        "省知识产权局": "",
        "省农委": "提供相关数据",
        "省工商局": "提供相关数据",
        "省版权局": "提供相关数据",
        "省统计局": "提供其他支撑数据",
        "各省辖市": "提供其他支撑数据",
    }
    written = {item.name: item.written for item in result}
    assert written["省工商局"] == "工商局"
    assert written["省统计局"] == "省统计局"


def test_annex_funder_note_and_relevant_cities_need_resolution():
    result = parse_responsibilities(
        "省知识产权局组织实施，省发展改革委、科技厅、工商局、版权局共同参与，相关省辖市重点推进，"
        "省财政厅、相关省辖市给予项目立项及经费支持"
    )
    relevant = [item for item in result if item.name == "相关省辖市"]
    assert [item.role for item in relevant] == [CO, FUNDER]
    assert all(item.is_group and item.needs_resolution for item in relevant)
    finance = next(item for item in result if item.name == "省财政厅")
    assert finance.note == "给予项目立项及经费支持"
    assert not finance.needs_resolution


def test_joint_organisers_share_the_task_in_the_note():
    result = parse_responsibilities(
        "省统计局会同省知识产权局、教育厅、科技厅组织全省教育资源及创新能力调查"
    )
    assert [(item.role, item.name, item.note) for item in result] == [
        (LEAD, "省统计局", "组织全省教育资源及创新能力调查"),
        (CO, "省知识产权局", "组织全省教育资源及创新能力调查"),
        (CO, "省教育厅", "组织全省教育资源及创新能力调查"),
        (CO, "省科技厅", "组织全省教育资源及创新能力调查"),
    ]


def test_responsible_with_a_verb_phrase_keeps_the_phrase():
    result = parse_responsibilities(
        "省发展改革委、经济和信息化委、教育厅、科技厅负责修改或制定科技创新、产业支持政策，"
        "调整和完善项目支持重点及导向"
    )
    assert result[0].note == "负责修改或制定科技创新、产业支持政策，调整和完善项目支持重点及导向"


def test_a_body_in_two_roles_is_listed_once_per_role():
    result = roles("省统计局会同省知识产权局组织调查，省统计局、农委提供相应支撑数据，省统计局参与")
    assert result == [
        (LEAD, "省统计局"),
        (CO, "省知识产权局"),
        data("省统计局"),
        data("省农委"),
        participant("省统计局"),
    ]
    assert roles("省知识产权局、知识产权局、省知识产权局负责") == [(LEAD, "省知识产权局")]


# --- the 2022 Tongzhou district plan ----------------------------------------------------


def test_tongzhou_second_nameplate_is_the_same_body():
    result = parse_responsibilities(
        "〔责任单位：区市场监管局（知识产权局）牵头，区科技局、南通高新区、各镇（街道）按职责分工负责〕"
    )
    assert [(item.role, item.name) for item in result] == [
        (LEAD, "区市场监管局"),
        (CO, "区科技局"),
        (CO, "南通高新区"),
        (CO, "各镇（街道）"),
    ]
    market = result[0]
    assert market.written == "区市场监管局（知识产权局）"
    assert market.note == "加挂区知识产权局牌子"
    assert not market.is_group
    towns = result[-1]
    assert towns.is_group and towns.written == "各镇（街道）"
    assert not result[2].is_group  # 南通高新区 is a zone, one body


def test_tongzhou_leading_group_members_are_a_group():
    result = parse_responsibilities(
        "〔责任单位：区市场监管局（知识产权局）牵头，区知识产权工作领导小组成员单位按职责分工负责〕"
    )
    assert [(item.role, item.name, item.is_group) for item in result] == [
        (LEAD, "区市场监管局", False),
        (CO, "区知识产权工作领导小组成员单位", True),
    ]


def test_tongzhou_without_a_marked_lead_the_first_listed_leads():
    assert roles(
        "〔责任单位：区人民法院、区人民检察院、区公安局、区市场监管局（知识产权局）、"
        "区文广旅局按职责分工负责〕"
    ) == [
        (LEAD, "区人民法院"),
        (CO, "区人民检察院"),
        (CO, "区公安局"),
        (CO, "区市场监管局"),
        (CO, "区文广旅局"),
    ]
    assert roles("区新闻出版局、川姜镇按职责分工负责") == [(LEAD, "区新闻出版局"), (CO, "川姜镇")]


def test_tongzhou_brackets_inside_a_name_are_not_a_nameplate():
    result = parse_responsibilities("〔责任单位：中国南通（家纺）知识产权快速维权中心负责〕")
    assert [(item.role, item.name, item.note) for item in result] == [
        (LEAD, "中国南通（家纺）知识产权快速维权中心", "")
    ]


def test_split_nameplate():
    assert split_nameplate("区市场监管局（知识产权局）") == ("区市场监管局", "知识产权局")
    assert split_nameplate("各镇（街道）") == ("各镇（街道）", "")
    assert split_nameplate("中国南通（家纺）知识产权快速维权中心") == (
        "中国南通（家纺）知识产权快速维权中心",
        "",
    )
    assert split_nameplate("省知识产权局") == ("省知识产权局", "")


# --- widths, spaces, line breaks ------------------------------------------------------


def test_half_width_brackets_commas_and_stray_whitespace():
    clean = roles(
        "〔责任单位：区市场监管局（知识产权局）牵头，区科技局、各镇（街道）按职责分工负责〕"
    )
    assert clean == roles(
        "[责任单位: 区市场监管局(知识产权局)牵头, 区科技局、\n各镇(街道) 按职责分工负责]"
    )
    assert roles("(省知识产权局、工商局,\n 南京海关负责)") == [
        (LEAD, "省知识产权局"),
        (CO, "省工商局"),
        (CO, "南京海关"),
    ]
    assert roles("（省教育厅、科\n技厅负责）") == [(LEAD, "省教育厅"), (CO, "省科技厅")]


def test_empty_phrases():
    assert parse_responsibilities("") == []
    assert parse_responsibilities("（）") == []
    assert parse_responsibilities("责任单位：") == []


def test_by_and_lead_markers():
    assert roles("由省知识产权局负责") == [(LEAD, "省知识产权局")]
    assert roles("省科技厅牵头，省知识产权局、财政厅负责") == [
        (LEAD, "省科技厅"),
        (CO, "省知识产权局"),
        (CO, "省财政厅"),
    ]
    # 组织部 is a body, not "organises".
    assert roles("省委组织部、宣传部负责") == [(LEAD, "省委组织部"), (CO, "省委宣传部")]


# --- cutting the phrase off a paragraph (the importer's split_responsibility) -------------


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "（十一）将拥有自主知识产权的研究成果作为高校、科研院所专业技术职称评聘的重要依据。"
            "（省教育厅、科技厅负责）",
            (
                "（十一）将拥有自主知识产权的研究成果作为高校、科研院所专业技术职称评聘的重要依据。",
                "省教育厅、科技厅负责",
            ),
        ),
        (
            "对重点产业领域的政策进行梳理，形成相应的政策建议。（责任单位：省知识产权局、发展改革委，"
            "各省辖市）\n",
            (
                "对重点产业领域的政策进行梳理，形成相应的政策建议。",
                "省知识产权局、发展改革委，各省辖市",
            ),
        ),
        (
            "积极培育“江苏精品”。 〔责任单位：区市场监管局（知识产权局）、区商务局、南通高新区、"
            "各镇（街道）按职责分工负责〕",
            (
                "积极培育“江苏精品”。",
                "区市场监管局（知识产权局）、区商务局、南通高新区、各镇（街道）按职责分工负责",
            ),
        ),
        (
            "加快培育发展版权新兴产业（省版权局负责）。",
            ("加快培育发展版权新兴产业。", "省版权局负责"),
        ),
        (
            "加快培育发展版权新兴产业。(省版权局\n负责) ",
            ("加快培育发展版权新兴产业。", "省版权局负责"),
        ),
        ("（省知识产权局负责）", ("", "省知识产权局负责")),
        # An item may give a sentence its own bodies: a phrase in mid-paragraph counts too.
        ("（省知识产权局负责）之后还有正文。", ("之后还有正文。", "省知识产权局负责")),
    ],
)
def test_split_responsibility(paragraph, expected):
    # The phrase comes back as printed (labels, line breaks); what matters is that it reads
    # as the same bodies and roles.
    text, phrase = split_responsibility(paragraph)
    assert text == expected[0]
    assert parse_responsibilities(phrase) == parse_responsibilities(expected[1])


@pytest.mark.parametrize(
    "paragraph",
    [
        "（此件公开发布）",
        "推动“双软”（软件企业和软件产品）认定和软件著作权登记工作。",
        "加强顶层规划。",
        "",
        "各责任单位要把试点工作摆上重要位置。",
        "到2025年，知识产权产出质量显著提升（见附表）",
    ],
)
def test_paragraphs_without_a_trailing_phrase(paragraph):
    assert split_responsibility(paragraph) is None


# --- every phrase in the documents parses, and every body is in the directory ----------


def phrases_2012() -> list[tuple[str, str]]:
    items = [
        line
        for line in PLAN_2012.read_text(encoding="utf-8").splitlines()
        if re.match(r"^（[一二三四五六七八九十]+）", line)
    ]
    return [(item.split("）", 1)[0] + "）", item) for item in items]


def phrases_in(path: Path) -> list[str]:
    found = (split_responsibility(line) for line in path.read_text("utf-8").splitlines())
    return [phrase for _, phrase in filter(None, found)]


def assert_in_directory(phrase: str) -> None:
    result = parse_responsibilities(phrase)
    assert result, phrase
    for item in result:
        if item.needs_resolution:
            # 相关省辖市: the office picks the cities; there is no such body.
            assert item.is_group, phrase
            continue
        assert item.name in directory_keys(), (phrase, item.name)


def test_2012_has_89_items_each_ending_with_its_phrase():
    items = phrases_2012()
    assert [label for label, _ in items][:2] == ["（一）", "（二）"]
    assert items[-1][0] == "（八十九）"
    assert len(items) == 89
    for label, line in items:
        found = split_responsibility(line)
        assert found is not None, label
        assert found[1].endswith("负责"), label
        assert_in_directory(found[1])


def test_2016_pilot_phrases_and_annex_cells_resolve():
    phrases = phrases_in(PILOT_2016)
    assert len(phrases) == 6  # 重点任务 （一）…（六）
    for phrase in phrases + annex_cells():
        assert_in_directory(phrase)


def test_tongzhou_phrases_resolve():
    phrases = phrases_in(TONGZHOU_2022)
    assert len(phrases) == 27
    for phrase in phrases:
        assert_in_directory(phrase)


def test_second_nameplates_name_the_same_directory_entry():
    entry_of = directory_entry_of()
    for phrase in phrases_in(TONGZHOU_2022):
        for item in parse_responsibilities(phrase):
            plate = re.search(r"加挂(.+?)牌子", item.note)
            if plate:
                assert entry_of[plate.group(1)] == entry_of[item.name], item


# --- properties -----------------------------------------------------------------------

PROVINCE_BARE = [
    "知识产权局",
    "工商局",
    "版权局",
    "商务厅",
    "科技厅",
    "教育厅",
    "财政厅",
    "农委",
    "质监局",
    "公安厅",
    "统计局",
    "发展改革委",
    "经济和信息化委",
    "人力资源社会保障厅",
    "食品药品监管局",
    "金融办",
    "卫生厅",
    "环保厅",
    "司法厅",
    "文化厅",
]
STANDALONE = ["省法院", "省检察院", "南京海关", "省委组织部", "省委党校", "省科协", "各省辖市"]


@given(st.lists(st.sampled_from(PROVINCE_BARE), min_size=1, max_size=10, unique=True))
def test_prefix_distributes_over_any_list(bare_names):
    phrase = "（省" + "、".join(bare_names) + "负责）"
    expected = [f"省{name}" for name in bare_names]
    assert roles(phrase) == [(LEAD, expected[0])] + [(CO, name) for name in expected[1:]]


@given(
    st.lists(
        st.one_of(
            st.lists(st.sampled_from(PROVINCE_BARE), min_size=1, max_size=4, unique=True),
            st.sampled_from(STANDALONE).map(lambda name: [name]),
        ),
        min_size=1,
        max_size=5,
    ),
    st.sampled_from(["（{}负责）", "{}负责", "（责任单位：{}）", "〔责任单位：{}〕"]),
)
def test_comma_groups_in_any_order_round_trip(groups, wrapper):
    written, expected = [], []
    for group in groups:
        if group[0] in STANDALONE:
            written.append(group[0])
            expected.append(group[0])
        else:
            written.append("省" + "、".join(group))
            expected.extend(f"省{name}" for name in group)
    names = list(dict.fromkeys(expected))  # a body named twice is listed once
    result = roles(wrapper.format("，".join(written)))
    assert result == [(LEAD, names[0])] + [(CO, name) for name in names[1:]]


DOCUMENT_PHRASES = [
    "省商务厅，省法院，省检察院，省公安厅、工商局、版权局、知识产权局、质监局、食品药品监管局、"
    "农委，南京海关负责",
    "区市场监管局（知识产权局）牵头，区科技局、南通高新区、各镇（街道）按职责分工负责",
    *list(ANNEX_CELLS)[1:6],
]


@given(st.sampled_from(DOCUMENT_PHRASES), st.data())
def test_spaces_line_breaks_and_half_width_punctuation_change_nothing(phrase, data):
    noisy = []
    for char in phrase:
        noisy.append(data.draw(st.sampled_from(["", "", "", " ", "\n", "\u3000"])))
        half = {"（": "(", "）": ")", "，": ","}.get(char, char)
        noisy.append(data.draw(st.sampled_from([char, half])))
    assert parse_responsibilities("".join(noisy)) == parse_responsibilities(phrase)


@given(
    st.text(alphabet="知识产权创造运用保护管理服务能力提升工程，、", min_size=1, max_size=40),
    st.sampled_from(DOCUMENT_PHRASES[:2]),
    st.sampled_from(["（{}）", "（责任单位：{}）", "〔责任单位：{}〕", " 〔责任单位：{}〕"]),
)
def test_find_then_parse_round_trips(text, phrase, wrapper):
    if wrapper == "（{}）" and not phrase.endswith("负责"):
        return
    sentence = text + "。"
    found = split_responsibility(sentence + wrapper.format(phrase))
    assert found is not None and found[0] == sentence
    assert parse_responsibilities(found[1]) == parse_responsibilities(phrase)
