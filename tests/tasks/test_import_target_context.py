"""Where a number sits decides whether it is a target: review chapters, task headings,
lists of conditions, articles of a regulation, the paragraph before the first chapter.

Short documents written the way the real ones are; the sentence-level language is in
tests/indicators/test_target_language.py.
"""

import io
from decimal import Decimal

import docx

from tasks.importer import read_document
from tasks.importer.enrich import enrich
from tasks.importer.scoring import plan_measures, plan_targets


def parse(text: str):
    return enrich(read_document(text.encode(), filename="plan.txt")[0])


def found(plan):
    return [(t.target_value, t.unit, t.comparison) for t in plan_targets(plan)]


def test_items_under_a_task_heading_that_names_a_foundation_keep_targets_and_bodies():
    text = (
        "浙江省人民政府办公厅关于印发2023年知识产权工作要点的通知\n浙政办发〔2023〕9号\n"
        "一、发展基础\n2022年，全省培训知识产权专业人才4000人次。\n"
        "二、重点任务\n（一）夯实知识产权发展基础\n"
        "1.加强人才队伍建设，全年培训知识产权专业人才5000人次以上。（省人力社保厅、省教育厅负责）\n"
        "2.推进公共服务网点建设。（省市场监管局负责）\n"
    )
    plan = parse(text)
    assert found(plan) == [(Decimal(5000), "人次", "gte")]
    first = plan_measures(plan)[0]
    assert [(r.name, r.role) for r in first.responsibilities] == [
        ("省人力社保厅", "lead"),
        ("省教育厅", "co"),
    ]


def test_items_under_a_list_of_conditions_are_thresholds_not_targets():
    plan = parse(
        "省人民政府办公厅关于开展示范企业认定工作的通知\n苏政办发〔2023〕5号\n"
        "一、认定条件\n（一）符合下列要求的企业予以认定\n"
        "1.在本省注册满3年。\n2.职工总数100人以上，研发人员不少于20名。\n"
        "（二）工作目标\n到2025年，全省认定示范企业300家以上。\n"
    )
    assert found(plan) == [(Decimal(300), "家", "gte")]


def test_articles_of_a_regulation_state_rules_unless_an_article_sets_a_goal():
    plan = parse(
        "某某管理办法\n国令第800号\n"
        "第一条 为了规范服务机构管理，制定本办法。\n"
        "第二条 本办法的目标是，到2025年全国服务机构达到5000家以上。\n"
        "第三条 设立服务机构，注册资本不少于500万元，专职人员不少于10名。\n"
    )
    assert found(plan) == [(Decimal(5000), "家", "gte")]


def test_an_article_whose_year_says_what_the_whole_county_reaches_sets_a_goal():
    # "2022年全县…达到…": the year, the whole county's measure, what it reaches; a year before
    # the 办法 took effect (2021年全县…达到…) reports the past.
    plan = parse(
        "某县知识产权强县建设工作考核办法（试行）\n某知〔2022〕3号\n"
        "第一条 为推动强县建设，2022年全县发明专利拥有量达到1500件以上，制定本办法。\n"
        "第二条 考核结果分为四个等次，得分90分以上为优秀。\n"
        "第三条 县科技局核定企业情况，2022年全县高新技术企业户均发明专利达到3件。\n"
        "第四条 本办法自2022年3月1日起施行。\n"
    )
    assert found(plan) == [(Decimal(1500), "件", "gte"), (Decimal(3), "件", "gte")]


def test_a_goal_sentence_before_the_first_chapter_is_a_target():
    plan = parse(
        "国务院办公厅转发教育部关于扩大招生规模的请示的通知\n国办发〔1996〕99号\n"
        "国务院：\n"
        "经商有关部门，招生规模从现有基础上逐步扩大，1998年达到2000人的规模。"
        "1995年共落实扩招任务165名，北京、天津、上海、重庆4个直辖市已开班。"
        "现提出如下意见：\n"
        "一、逐年扩招\n（一）以1995年实招人数1445名为基数，至1998年达到2000名的招生规模。\n"
        "二、保证办学条件\n（一）各有关省（市）要做好安排。\n"
    )
    targets = plan_targets(plan)
    assert [(t.target_value, t.unit, t.target_year) for t in targets] == [
        (Decimal(2000), "人", 1998)
    ]  # the measure's 2000名 repeats the goal


def test_a_plans_indicator_table_adds_the_goals_its_sentences_do_not_state():
    plan = parse(
        "江苏省人民政府关于印发江苏省数字经济发展规划的通知\n苏政发〔2021〕90号\n"
        "江苏省数字经济发展规划（2021—2025年）\n"
        "一、发展目标\n到2025年，每万人口高价值发明专利拥有量达到12件。\n"
        "专栏1　主要指标\n"
        "序号\t指标名称\t单位\t2020年\t2025年\t属性\n"
        "1\t每万人口高价值发明专利拥有量\t件\t6.3\t12\t预期性\n"
        "2\t5G基站数\t万个\t7.1\t25\t预期性\n"
        "二、重点任务\n（一）建设数字基础设施。加快5G网络建设。（省通信管理局负责）\n"
    )
    assert sorted(found(plan)) == [
        (Decimal(12), "件/万人", "gte"),
        (Decimal(250000), "个", "eq"),
    ]


def test_an_indicator_table_in_a_word_file_is_read_like_one_in_text():
    document = docx.Document()
    for line in (
        "江苏省人民政府关于印发江苏省数字经济发展规划的通知",
        "苏政发〔2021〕90号",
        "江苏省数字经济发展规划（2021—2025年）",
        "一、发展目标",
        "到2025年，数字经济强省建设取得显著成效。",
    ):
        document.add_paragraph(line)
    rows = [
        ["类别", "指标", "单位", "2020年", "2025年", "属性"],
        ["数字产业", "数字经济核心产业增加值占地区生产总值比重", "%", "10", "13", "预期性"],
        ["数字产业", "5G基站数", "万个", "7.1", "25", "预期性"],
    ]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for line in ("二、重点任务", "（一）建设数字基础设施。加快5G网络建设。（省通信管理局负责）"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    plan = enrich(read_document(buffer.getvalue(), filename="plan.docx")[0])
    assert found(plan) == [(Decimal(13), "%", "eq"), (Decimal(250000), "个", "eq")]
