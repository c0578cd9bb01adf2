"""What becomes a measure and what becomes a target: tasks and promises, not framing and history.

The expectations come from reading the documents: the 十四五 plan in the seed policy
listing, State Council opinions from fixtures/import_corpus/, and the constructed
task-breakdown documents in fixtures/import_constructed/.
"""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from indicators.targets import extract_targets
from tasks.importer import read_document
from tasks.importer.enrich import enrich
from tasks.importer.scoring import plan_targets

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


@pytest.fixture(scope="module")
def fourteenth():
    listing = FIXTURES / "documents" / "policy-listing-suzhou-jiangsu-national.txt"
    plans = read_document(listing.read_bytes(), filename=listing.name)
    return enrich(next(plan for plan in plans if "十四五" in plan.title))


def test_the_fourteenth_plan_has_its_task_items_as_measures(fourteenth):
    chapters = {section.label: section for section in fourteenth.sections}
    # 一、发展基础与面临形势 and 二、指导思想…发展目标 hold no tasks.
    assert not _measures_in(chapters["一、"]) and not _measures_in(chapters["二、"])
    titles = [m.title for label in "三四五六七八" for m in _measures_in(chapters[f"{label}、"])]
    assert titles[0] == "实施高价值专利培育升级工程"
    assert "加强组织领导" in titles  # 八、保障 items are measures too
    assert len(titles) == 22


def _measures_in(section):
    return [*section.measures, *(m for child in section.sections for m in _measures_in(child))]


def test_the_fourteenth_plan_indicators_are_its_2025_goals_only(fourteenth):
    targets = plan_targets(fourteenth)
    assert all(target.target_year == 2025 for target in targets)
    values = {(t.target_value, t.unit) for t in targets}
    # 发展目标: 万人高价值发明专利拥有量达17件, 专利密集型产业增加值占GDP比重达17%
    assert (Decimal(17), "件/万人") in values and (Decimal(17), "%") in values
    # 发展基础 (十三五 achievements): 241家, 157.88万件, 36.14件 are history.
    assert (Decimal(241), "家") not in values
    assert (Decimal(1578800), "件") not in values
    assert not any(t.target_value == Decimal("36.14") for t in targets)


def test_achievements_and_rule_parameters_are_not_targets():
    history = (
        "截至“十三五”末，累计建成示范中心241家。2018年，全省企业开办时间已由8.5个工作日"
        "压缩至5个工作日。专利授权量是“十二五”时期的1.36倍，达到20万件。"
        "对认定的企业给予一次性奖励20万元，最高不超过15万元。返还实际缴纳官费的50%。"
    )
    assert extract_targets(history, plan_year=2025, since_year=2021) == []


def test_a_goal_before_the_grant_clause_of_its_sentence_stays_a_target():
    # The grant (对 whom, at what rate) is a rule in its own clause; the goal before it is not.
    text = "质押融资金额三年累计超过50亿元，对质押贷款贴息比例为贷款利息的50%。"
    found = [
        (t.target_value, t.unit, t.comparison)
        for t in extract_targets(text, plan_year=2020, since_year=2018)
    ]
    assert found == [(Decimal(50), "亿元", "gt")]


def test_forward_statements_are_targets_with_value_unit_and_comparison():
    text = (
        "到2020年底，企业开办时间压缩至3个工作日以内，政务服务事项网上可办率达到90%以上，"
        "培育示范企业5-8家，质押融资金额突破20亿元，平均担保费率降至1%以下。"
    )
    found = [
        (t.target_value, t.target_max, t.unit, t.comparison)
        for t in extract_targets(text, plan_year=2020, since_year=2019)
    ]
    assert found == [
        (Decimal(3), None, "个工作日", "lte"),
        (Decimal(90), None, "%", "gte"),
        (Decimal(5), Decimal(8), "家", "range"),
        (Decimal(20), None, "亿元", "gt"),
        (Decimal(1), None, "%", "lte"),
    ]


def test_framing_items_are_sections_and_chapters_with_bodies_are_measures():
    text = (
        "国务院办公厅关于推进某项工作的意见\n国办发〔2019〕99号\n"
        "一、总体要求\n（一）指导思想。坚持稳中求进。\n（二）基本原则。坚持问题导向。\n"
        "二、建立工作机制，完善配套政策。（发展改革委、财政部负责）\n"
        "三、重点任务\n（一）实施示范工程\n建设一批示范项目。\n加强评估。\n"
    ).encode()
    plan = enrich(read_document(text, filename="opinion.txt")[0])
    assert [s.title for s in plan.sections[0].sections] == ["指导思想", "基本原则"]
    bodies = [(r.name, r.role) for r in plan.measures[0].responsibilities]
    assert bodies == [("发展改革委", "lead"), ("财政部", "co")]
    [task] = plan.sections[1].measures
    assert task.title == "实施示范工程" and "加强评估。" in task.text


def test_the_score_on_the_shipped_expectations_meets_the_targets():
    out = io.StringIO()
    call_command("import_score", stdout=out)
    summary = out.getvalue().strip().splitlines()[-1]
    # The expectations are a clerk's reading; this keeps the importer at that reading.
    assert "条目 100.0%" in summary
    assert "误把成绩当指标 0" in summary
    exact, triples = (
        int(n) for n in summary.split("三元组准确 ")[1].split("（")[1].split("，")[0].split("/")
    )
    found, targets = (
        int(n) for n in summary.split("指标 ")[1].split("（")[1].split("）")[0].split("/")
    )
    assert exact / triples >= 0.95 and found / targets >= 0.90


def test_a_goal_before_a_grant_per_unit_stays_but_a_capped_quota_is_the_rule():
    def found(text):
        return [(t.target_value, t.unit) for t in extract_targets(text, plan_year=2025)]

    assert found("每年扶持优秀版权作品200件，每件补助不超过5万元。") == [(Decimal(200), "件")]
    assert found("新建指导站20个，每个奖励10万元。") == [(Decimal(20), "个")]
    assert found("每年实施不超过10个项目，每项给予不超过100万元的资金支持。") == []


def test_an_adjusted_target_is_the_new_figure_and_a_done_task_is_history():
    text = "目标由“2020年质押融资金额达到100亿元”调整为“2020年质押融资金额突破150亿元”。"
    found = [(t.target_value, t.unit, t.comparison) for t in extract_targets(text, plan_year=2020)]
    assert found == [(Decimal(150), "亿元", "gt")]
    assert extract_targets("因已于2018年完成建设5个基地，予以删除。", plan_year=2020) == []


def test_a_count_that_only_reaches_takes_its_name_from_what_the_clause_before_builds():
    text = "围绕先进制造业集群建设高价值专利培育中心，到2025年累计达到60个。"
    (target,) = extract_targets(text, plan_year=2025)
    assert (target.name, target.target_value, target.unit, target.comparison) == (
        "高价值专利培育中心",
        Decimal(60),
        "个",
        "gte",
    )


def _score(folder: str) -> dict[str, float]:
    out = io.StringIO()
    call_command("import_score", str(FIXTURES / folder), stdout=out)
    summary = out.getvalue().strip().splitlines()[-1]

    def share(label: str) -> float:
        counts = summary.split(label)[1].split("（")[1].split("）")[0]
        found, total = counts.split("，")[0].split("/")
        return int(found) / int(total)

    levels = summary.split("层级正确 ")[1].split("；")[0].split("/")
    return {
        "levels": int(levels[0]) / int(levels[1]),
        "items": share("条目 "),
        "triples": share("三元组准确 "),
        "targets": share("指标 "),
        "wrong": int(summary.rsplit("误把成绩当指标 ", 1)[1]),
    }


# The nine held-out sets, each first scored blind (docs/importing.md) and then read for the
# language behind its misses: their figures after those fixes are a floor, like the 32
# documents above, so a rule for one kind of document cannot quietly undo another's.
@pytest.mark.parametrize(
    ("folder", "items", "triples", "targets", "wrong"),
    [
        ("import_expectations_holdout", 0.99, 0.99, 0.98, 0),
        ("import_expectations_holdout2", 0.99, 0.99, 0.98, 0),
        ("import_expectations_holdout3", 0.99, 0.99, 0.98, 0),
        ("import_expectations_holdout4", 0.99, 0.98, 0.98, 1),
        ("import_expectations_holdout5", 0.99, 0.93, 0.98, 0),
        ("import_expectations_holdout6", 0.99, 0.97, 0.98, 0),
        ("import_expectations_holdout7", 0.99, 0.87, 0.95, 1),
        ("import_expectations_holdout8", 0.95, 0.90, 0.90, 0),
        ("import_expectations_holdout9", 0.99, 0.99, 0.95, 0),
    ],
)
def test_the_held_out_sets_keep_what_their_reading_taught(folder, items, triples, targets, wrong):
    score = _score(folder)
    assert score["levels"] == 1.0
    assert score["items"] >= items
    assert score["triples"] >= triples
    assert score["targets"] >= targets
    assert score["wrong"] <= wrong
