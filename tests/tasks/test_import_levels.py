"""The level of a plan from its issuer and its document number, as printed.

Cities number their documents with their own abbreviation (连政发, 锡政办发, 苏府); some
abbreviations belong to two governments (宁: 南京市 and 宁夏回族自治区), and then the
issuer or title decides, or the office is asked — the importer never guesses.
"""

from __future__ import annotations

import pytest

from tasks.importer import read_document
from tasks.importer.decoding import LevelUnknownError
from tasks.importer.levels import infer_level, level_doubt
from tasks.importer.services import document_import


@pytest.mark.parametrize(
    "number",
    [
        "连政发〔2019〕3号",
        "锡政发〔2021〕7号",
        "苏府〔2021〕81号",
        "苏州府〔2020〕12号",
        "通政发〔2018〕40号",
        "常政办发〔2022〕5号",
        "徐政发〔2019〕21号",
        "扬府发〔2020〕88号",
        "泰政发〔2021〕9号",
        "淮政发〔2020〕3号",
        "盐政发〔2019〕60号",
        "宿政发〔2022〕1号",
        "镇政发〔2021〕30号",
        "杭政办函〔2021〕4号",
        "穗府办〔2020〕2号",
        "成府发〔2019〕5号",
        "连政规〔2020〕2号",
    ],
)
def test_a_city_abbreviation_in_the_number_makes_a_city_plan(number):
    assert infer_level(number=number) == "city"


@pytest.mark.parametrize(
    "number",
    [
        "京政发〔2020〕1号",
        "津政办发〔2020〕1号",
        "沪府发〔2020〕1号",
        "渝府办发〔2020〕1号",
        "冀政字〔2020〕1号",
        "晋政发〔2020〕1号",
        "内政发〔2020〕1号",
        "辽政办发〔2020〕1号",
        "吉政发〔2020〕1号",
        "黑政规〔2020〕1号",
        "苏政发〔2020〕1号",
        "苏政办发〔2021〕5号",
        "浙政办发〔2020〕1号",
        "皖政〔2020〕1号",
        "闽政〔2020〕1号",
        "赣府发〔2020〕1号",
        "鲁政字〔2020〕1号",
        "豫政〔2020〕1号",
        "鄂政发〔2020〕1号",
        "湘政办函〔2020〕1号",
        "粤府函〔2020〕12号",
        "桂政办发〔2020〕1号",
        "琼府〔2020〕1号",
        "川府发〔2020〕1号",
        "黔府发〔2020〕1号",
        "云政发〔2020〕1号",
        "藏政发〔2020〕1号",
        "陕政发〔2020〕1号",
        "甘政办发〔2020〕1号",
        "新政发〔2020〕1号",
        # the party committee and its office number their documents the same way
        "苏委发〔2020〕1号",
        "苏办发〔2019〕27号",
        "浙委办发〔2020〕1号",
    ],
)
def test_a_province_abbreviation_in_the_number_makes_a_province_plan(number):
    assert infer_level(number=number) == "province"


@pytest.mark.parametrize(
    ("issuer", "title", "level"),
    [
        ("南京市人民政府", "", "city"),
        ("宁夏回族自治区人民政府", "", "province"),
        ("", "南京市知识产权强市建设实施方案", "city"),
        ("", "宁夏回族自治区知识产权保护工作方案", "province"),
        ("", "关于加强知识产权保护的实施方案", ""),
    ],
)
def test_an_ambiguous_abbreviation_is_decided_by_the_issuer_or_title_or_asked(issuer, title, level):
    assert infer_level(issuer=issuer, number="宁政发〔2019〕3号", title=title) == level


def test_the_reason_for_asking_names_the_candidates():
    doubt = level_doubt(number="宁政发〔2019〕3号", title="关于加强知识产权保护的实施方案")
    assert "南京市" in doubt and "宁夏回族自治区" in doubt
    assert level_doubt(number="宁政发〔2019〕3号", issuer="南京市人民政府") == ""


@pytest.mark.parametrize(
    ("issuer", "level"),
    [
        ("连云港市人民政府办公室", "city"),
        ("无锡市人民政府", "city"),
        ("南京市江宁区人民政府", "district"),
        ("如东县人民政府", "district"),
        ("川姜镇人民政府", "town"),
        ("北京市人民政府", "province"),
        ("北京市朝阳区人民政府", "district"),
        # two offices issuing together, the party committee's first
        ("中共江苏省委办公厅江苏省人民政府办公厅", "province"),
        ("中共浙江省委", "province"),
        ("中共中央办公厅", "national"),
    ],
)
def test_the_issuer_says_the_level(issuer, level):
    assert infer_level(issuer=issuer) == level


AMBIGUOUS = """关于印发加强知识产权保护实施方案的通知
宁政发〔2019〕3号
各有关单位：
现将《加强知识产权保护实施方案》印发给你们，请认真贯彻执行。

加强知识产权保护实施方案
一、完善保护体系
（一）建设保护中心。（知识产权局负责）
"""


def test_a_city_plan_numbered_by_abbreviation_is_read_as_a_city_plan():
    text = AMBIGUOUS.replace("宁政发", "连政发")
    (plan,) = read_document(text.encode(), filename="plan.txt")
    assert (plan.document_number, plan.level) == ("连政发〔2019〕3号", "city")


@pytest.mark.django_db
def test_an_ambiguous_number_asks_for_the_level_and_says_why():
    with pytest.raises(LevelUnknownError) as caught:
        document_import(data=AMBIGUOUS.encode(), filename="plan.txt", dry_run=True)
    assert "宁政发〔2019〕3号" in str(caught.value)
    assert "南京市" in str(caught.value)


def test_every_government_in_the_abbreviation_table_is_a_known_place():
    from core.places import CITIES, PROVINCES
    from tasks.importer.levels import NUMBER_ABBREVIATIONS

    for governments in NUMBER_ABBREVIATIONS.values():
        for place, level in governments:
            assert place in (PROVINCES if level == "province" else CITIES), place


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("杭州市滨江区知识产权示范区建设三年行动计划（2020—2022年）", "district"),
        ("宿迁市沭阳县2017年知识产权强县建设重点工作任务", "district"),
        ("江苏省苏州市吴中区知识产权强区建设方案", "district"),
        ("南京市知识产权示范区建设方案", "city"),
        ("无锡市各区县知识产权工作要点", "city"),
        ("泰州市县域知识产权工作方案", "city"),
    ],
)
def test_a_district_named_after_its_city_in_the_title_is_a_district(title, level):
    assert infer_level(title=title) == level


def test_a_plan_printed_as_an_annex_keeps_its_number_out_of_the_title():
    # A district plan printed without its notice: the line under the title is the notice's
    # number with 附件, metadata, and the title's city and district make it a district plan.
    text = (
        "杭州市滨江区知识产权示范区建设三年行动计划（2020—2022年）\n"
        "区委办发〔2020〕12号附件\n\n"
        "一、重点行动\n（1）实施专利导航行动。（责任单位：区科技局）\n"
    )
    (plan,) = read_document(text.encode(), filename="plan.txt")
    assert plan.title == "杭州市滨江区知识产权示范区建设三年行动计划（2020—2022年）"
    assert (plan.document_number, plan.level) == ("区委办发〔2020〕12号", "district")


SELF_NOTICE = """常州市人民政府办公室关于分解落实\
《江苏省知识产权保护行动计划（2021—2023年）》重点任务的通知
常政办发〔2021〕12号
各辖市、区人民政府，市各委办局：
现将有关重点任务分解落实如下。

一、重点任务
（一）建设保护中心。（市知识产权局负责）
"""


def test_a_notice_that_breaks_a_plan_down_is_itself_the_plan_with_its_title_and_number():
    # The notice's long title quotes the plan it carries out; it is the plan's own title.
    (plan,) = read_document(SELF_NOTICE.encode(), filename="plan.txt")
    assert plan.title.startswith("常州市人民政府办公室关于分解落实")
    assert (plan.document_number, plan.level) == ("常政办发〔2021〕12号", "city")


@pytest.mark.parametrize(
    ("number", "level"),
    [
        ("甬知发〔2024〕5号", "city"),
        ("苏知发〔2023〕12号", "province"),
        ("皖科函〔2021〕3号", "province"),
        ("锡知发〔2020〕8号", "city"),
        ("国知发〔2020〕1号", "national"),
        ("新出政发〔2010〕1号", ""),
    ],
)
def test_a_department_numbering_under_its_government_abbreviation_is_at_that_level(number, level):
    assert infer_level(number=number) == level


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("2023年合肥市知识产权强市建设重点工作任务清单", "city"),
        ("2024年宁波市知识产权工作要点", "city"),
        ("2020年度江苏省知识产权工作要点", "province"),
        ("2021年杭州市滨江区知识产权工作要点", "district"),
    ],
)
def test_a_yearly_plan_title_opening_with_its_year_still_names_its_place(title, level):
    assert infer_level(title=title) == level


@pytest.mark.parametrize(
    ("title", "level"),
    [
        # Places outside the table still say their level by their suffix.
        ("铜陵市2019年知识产权执法保护专项行动工作方案", "city"),
        ("2025年嘉禾市知识产权强市建设推进计划", "city"),
        ("清溪县知识产权强县工程试点工作实施方案", "district"),
        # Words ending in 市 are not places.
        ("示范城市建设工作方案", ""),
        ("全市知识产权工作要点", ""),
        ("市场监管领域知识产权工作要点", ""),
        ("上市公司知识产权服务方案", ""),
    ],
)
def test_a_title_opening_with_an_unlisted_place_says_its_level_by_the_suffix(title, level):
    assert infer_level(title=title) == level


def test_a_district_numbering_under_its_own_abbreviation_is_a_district_plan():
    # 武 is also 武汉市's abbreviation, but the title's 武侯区 is the numbering government.
    number = "武府办〔2021〕8号"
    assert infer_level(number=number, title="武侯区2021年优化营商环境行动计划") == "district"
    assert infer_level(number=number, title="2021年优化营商环境行动计划") == "city"


def test_the_closing_signature_names_the_issuer_when_the_header_does_not():
    # A joint opinion printed without a header: the signing departments and the date at
    # its end say who issued it, and the first of them decides the level.
    text = "\n".join(
        [
            "关于强化知识产权全链条保护的若干意见",
            "一、加强源头保护",
            "（一）严格审查质量。省知识产权局负责建立质量监测机制。",
            "（二）加强商标管理。省市场监督管理局负责打击恶意抢注。",
            "东岭省知识产权局　东岭省高级人民法院",
            "东岭省公安厅",
            "2025年6月20日",
        ]
    )
    plan = read_document(text.encode(), filename="意见.txt")[0]
    assert (plan.issuer_name, plan.issued_on, plan.level) == (
        "东岭省知识产权局",
        "2025-06-20",
        "province",
    )


def test_a_last_sentence_is_not_a_signature():
    text = "关于加强专利保护的意见\n一、加强保护\n（一）严格审查。市知识产权局负责。\n2025年6月20日"
    plan = read_document(text.encode(), filename="意见.txt", level="city")[0]
    assert plan.issuer_name == ""


def test_a_provinces_department_issues_at_province_level():
    assert infer_level(issuer="东岭省知识产权局") == "province"
    assert infer_level(issuer="东岭省科学技术厅") == "province"
