"""A city or provincial plan that names its own offices without the place (知识产权局,
科技局) means that place's offices: the plan's level decides the prefix. Texts invented."""

from __future__ import annotations

from agencies.responsibility import at_level
from tasks.importer.enrich import enrich
from tasks.importer.text_reader import all_measures, parse_text

CITY_PLAN = """东岭市专利服务业三年行动计划（2026—2028年）
一、重点任务
（一）建设服务业集聚区。引进服务机构20家。（责任单位：知识产权局，商务局、市财政局）
（二）培养服务业人才。每年培训人才500人次。（责任单位：人社局、各区人民政府）
（三）推进数据服务。建设数据服务平台。（责任单位：市大数据局、相关部门）
（四）强化金融支持。开展质押融资。（责任单位：人民银行东岭分行、东岭海关）
"""


def bodies(text: str, level: str) -> list[list[tuple[str, str]]]:
    plan = enrich(parse_text(text, source_name="plan.txt", level=level)[0])
    return [[(r.name, r.role) for r in m.responsibilities] for m in all_measures(plan)]


def test_bare_offices_in_a_city_plan_are_the_citys_own():
    assert bodies(CITY_PLAN, "city") == [
        [("市知识产权局", "lead"), ("市商务局", "co"), ("市财政局", "co")],
        [("市人社局", "lead"), ("各区人民政府", "co")],
        [("市大数据局", "lead"), ("相关部门", "co")],
        # bodies named by their own place or a national system keep their names
        [("人民银行东岭分行", "lead"), ("东岭海关", "co")],
    ]


def test_a_provincial_plan_gives_its_offices_the_province():
    assert bodies(CITY_PLAN, "province")[0][0] == ("省知识产权局", "lead")


def test_a_national_plan_keeps_bare_names():
    # 知识产权局 in a State Council text is 国家知识产权局, found by the directory.
    assert bodies(CITY_PLAN, "national")[0][0] == ("知识产权局", "lead")


def test_only_offices_of_government_take_the_prefix():
    assert at_level("知识产权局", "市") == "市知识产权局"
    assert at_level("市场监管局", "市") == "市市场监管局"  # 市场 is not the level 市
    assert at_level("省科技厅", "市") == "省科技厅"
    assert at_level("行业协会", "市") == "行业协会"
    assert at_level("相关部门", "市") == "相关部门"
