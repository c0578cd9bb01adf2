"""The responsibility phrases of State Council and provincial documents, read as a clerk would.

Every example is worded as real documents word it (国办发〔2018〕121号, 〔2018〕128号,
〔2018〕129号, 国发〔2018〕38号, and provincial task-breakdown notices).
"""

import pytest

from agencies.parsed import CO, LEAD, PARTICIPANT
from agencies.responsibility import parse_phrases, parse_responsibilities
from tasks.importer.phrases import split_deadline, split_responsibility


def roles(text: str) -> list[tuple[str, str]]:
    return [(item.role, item.name) for item in parse_responsibilities(text)]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # 国办发〔2018〕121号: the first listed leads.
        (
            "体育总局、民政部、人力资源社会保障部负责",
            [(LEAD, "体育总局"), (CO, "民政部"), (CO, "人力资源社会保障部")],
        ),
        # Bodies whose names do not end in 部/委/局/厅.
        (
            "银保监会、人民银行、体育总局负责",
            [(LEAD, "银保监会"), (CO, "人民银行"), (CO, "体育总局")],
        ),
        (
            "全国工商联、共青团中央、全国妇联等和各省级人民政府负责",
            [(LEAD, "全国工商联"), (CO, "共青团中央"), (CO, "全国妇联"), (CO, "各省级人民政府")],
        ),
        ("新华社、中国铁路总公司负责", [(LEAD, "新华社"), (CO, "中国铁路总公司")]),
        # 等 closes a list.
        ("商务部、发展改革委等负责", [(LEAD, "商务部"), (CO, "发展改革委")]),
        ("商务部等有关部门负责", [(LEAD, "商务部"), (CO, "有关部门")]),
        ("商务部会同有关部门负责", [(LEAD, "商务部"), (CO, "有关部门")]),
        # 国办发〔2018〕128号.
        (
            "生态环境部牵头，国家发展改革委、国家统计局参与",
            [(LEAD, "生态环境部"), (PARTICIPANT, "国家发展改革委"), (PARTICIPANT, "国家统计局")],
        ),
        (
            "生态环境部指导，试点城市政府负责落实。以下均需试点城市政府落实，不再列出",
            [(LEAD, "生态环境部"), (CO, "试点城市政府")],
        ),
        ("发展改革委、财政部按职责分工负责", [(LEAD, "发展改革委"), (CO, "财政部")]),
        # The note that restates the convention changes nothing and names no body.
        (
            "教育部、人力资源社会保障部负责，排在第一位的部门为牵头部门，下同",
            [(LEAD, "教育部"), (CO, "人力资源社会保障部")],
        ),
        # Labelled forms.
        ("负责部门：自然资源部", [(LEAD, "自然资源部")]),
        (
            "负责部门：发展改革委、粮食和储备局，适用范围：浙江自贸试验区",
            [(LEAD, "发展改革委"), (CO, "粮食和储备局")],
        ),
        (
            "牵头单位：省市场监管局；配合单位：省公安厅、省税务局",
            [(LEAD, "省市场监管局"), (CO, "省公安厅"), (CO, "省税务局")],
        ),
        (
            "牵头单位：省市场监管局、省司法厅；配合单位：省有关部门，各设区市人民政府",
            [
                (LEAD, "省市场监管局"),
                (LEAD, "省司法厅"),
                (CO, "省有关部门"),
                (CO, "各设区市人民政府"),
            ],
        ),
        (
            "责任单位：省司法厅（牵头）、省公安厅、民政厅",
            [(LEAD, "省司法厅"), (CO, "省公安厅"), (CO, "省民政厅")],
        ),
        (
            "牵头部门：市发展改革委；参与单位：市统计局",
            [(LEAD, "市发展改革委"), (PARTICIPANT, "市统计局")],
        ),
        (
            "牵头单位：省财政厅；配合单位：人民银行南京分行；完成时限：年底前",
            [(LEAD, "省财政厅"), (CO, "人民银行南京分行")],
        ),
    ],
)
def test_phrases_of_real_documents(phrase, expected):
    assert roles(phrase) == expected


def test_an_unknown_name_is_kept_and_the_others_too():
    # 北京冬奥组委 and 空管委办公室 are not 部/委/局: kept for the office to resolve.
    assert roles("公安部、水利部、海洋局、空管委办公室负责") == [
        (LEAD, "公安部"),
        (CO, "水利部"),
        (CO, "海洋局"),
        (CO, "空管委办公室"),
    ]
    assert [name for _, name in roles("体育总局、某某筹备工作组负责")] == [
        "体育总局",
        "某某筹备工作组",
    ]


def test_several_phrases_in_one_item_are_all_kept():
    paragraph = (
        "鼓励创新创业。大力推进商事制度改革，营造良好的准入环境。（市场监管总局负责）"
        "加强创新创业教育服务平台建设。（体育总局、网信办、科技部负责）"
    )
    text, phrases = split_responsibility(paragraph)
    assert (
        text
        == "鼓励创新创业。大力推进商事制度改革，营造良好的准入环境。加强创新创业教育服务平台建设。"
    )
    assert phrases.split("\n") == ["市场监管总局负责", "体育总局、网信办、科技部负责"]
    assert [(r.role, r.name) for r in parse_phrases(phrases.split("\n"))] == [
        (LEAD, "市场监管总局"),
        (LEAD, "体育总局"),
        (CO, "网信办"),
        (CO, "科技部"),
    ]


@pytest.mark.parametrize(
    "paragraph",
    [
        "实行学历证书与职业技能等级证书相结合（技工院校内由人力资源社会保障行政部门负责）的制度。",
        "推动“双软”（软件企业和软件产品）认定。",
        "各责任单位要把试点工作摆上重要位置。",
        "（此件公开发布）",
    ],
)
def test_brackets_that_assign_nothing_stay_in_the_text(paragraph):
    assert split_responsibility(paragraph) is None


def test_labelled_lines_and_deadline_are_split_off():
    paragraph = (
        "全面推行企业开办全程网上办。\n牵头单位：省市场监管局\n配合单位：省公安厅\n"
        "完成时限：2019年12月底前"
    )
    text, phrase = split_responsibility(paragraph)
    assert text == "全面推行企业开办全程网上办。"
    phrase, deadline = split_deadline(phrase)
    assert deadline == "2019年12月底前"
    assert roles(phrase) == [(LEAD, "省市场监管局"), (CO, "省公安厅")]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # 配合 is the 配合单位 of task tables: co, not participant (参与 stays participant).
        (
            "责任单位：省市场监管局（省知识产权局）牵头，省科技厅、省经信厅配合",
            [(LEAD, "省市场监管局"), (CO, "省科技厅"), (CO, "省经信厅")],
        ),
        (
            "省地方金融监管局牵头，人民银行杭州中心支行、浙江银保监局、省市场监管局参与",
            [
                (LEAD, "省地方金融监管局"),
                (PARTICIPANT, "人民银行杭州中心支行"),
                (PARTICIPANT, "浙江银保监局"),
                (PARTICIPANT, "省市场监管局"),
            ],
        ),
        # A name that starts with its own province never takes the shared 省.
        (
            "省财政厅、广东省税务局、内蒙古银保监局、教育厅负责",
            [(LEAD, "省财政厅"), (CO, "广东省税务局"), (CO, "内蒙古银保监局"), (CO, "省教育厅")],
        ),
        # The inner bracket is the second nameplate of the same body: three bodies.
        (
            "省人力社保厅、教育厅、市场监管局（省知识产权局）负责",
            [(LEAD, "省人力社保厅"), (CO, "省教育厅"), (CO, "省市场监管局")],
        ),
        (
            "省市场监管局（省知识产权局）会同各设区市人民政府负责；完成时限：2023年第三季度",
            [(LEAD, "省市场监管局"), (CO, "各设区市人民政府")],
        ),
    ],
)
def test_provincial_bracket_forms(phrase, expected):
    assert roles(phrase) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # 落实 after a list of bodies: they carry it out beside the lead.
        (
            "省科技厅、省财政厅按职责分工负责，各设区市人民政府落实",
            [(LEAD, "省科技厅"), (CO, "省财政厅"), (CO, "各设区市人民政府")],
        ),
        # 按职责分工配合 is 配合.
        (
            "省生态环境厅负责，省发展改革委、省工业和信息化厅按职责分工配合",
            [(LEAD, "省生态环境厅"), (CO, "省发展改革委"), (CO, "省工业和信息化厅")],
        ),
    ],
)
def test_carrying_out_and_working_with(phrase, expected):
    assert roles(phrase) == expected


def test_a_chapter_named_like_a_review_still_gives_its_measures_their_bodies():
    from tasks.importer import parse_text
    from tasks.importer.enrich import enrich
    from tasks.importer.scoring import plan_measures

    text = (
        "浙江省知识产权工作要点\n一、主要任务\n（一）夯实知识产权发展基础\n"
        "1.加强知识产权人才队伍建设，全年培训知识产权专业人才5000人次以上。"
        "（省人力社保厅、教育厅、市场监管局（省知识产权局）负责）\n"
        "2.推进知识产权公共服务网点建设。"
        "（省市场监管局（省知识产权局）会同各设区市人民政府负责；完成时限：2023年第三季度）\n"
    )
    plan = enrich(parse_text(text, source_name="work-points.txt", level="province")[0])
    found = [[(r.role, r.name) for r in m.responsibilities] for m in plan_measures(plan)]
    assert found == [
        [(LEAD, "省人力社保厅"), (CO, "省教育厅"), (CO, "省市场监管局")],
        [(LEAD, "省市场监管局"), (CO, "各设区市人民政府")],
    ]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        # People and divisions named beside the bodies are not bodies.
        (
            "推进数据共享。（牵头领导：王某某；牵头单位：市发展改革委）",
            [(LEAD, "市发展改革委")],
        ),
        (
            "推进数据共享。（责任单位：市发展改革委、市大数据局；责任领导：张某某副市长）",
            [(LEAD, "市发展改革委"), (CO, "市大数据局")],
        ),
        # 各 is shared like a level prefix: 各街道、镇 are 各街道 and 各镇.
        (
            "开展健康促进行动。（区卫健委牵头，各街道、镇配合）",
            [(LEAD, "区卫健委"), (CO, "各街道"), (CO, "各镇")],
        ),
        # A bracket of bodies alone after a sentence, with or without a bare deadline.
        (
            "完善项目储备机制。（省发展改革委、省财政厅，各设区市人民政府，2020年底前）",
            [(LEAD, "省发展改革委"), (CO, "省财政厅"), (CO, "各设区市人民政府")],
        ),
        ("加强执法协作。（省市场监管局、公安厅）", [(LEAD, "省市场监管局"), (CO, "省公安厅")]),
    ],
)
def test_phrases_of_breakdowns(paragraph, expected):
    _, phrases = split_responsibility(paragraph)
    assert [(r.role, r.name) for r in parse_phrases(phrases.split("\n"))] == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        # A second nameplate after a name is not a phrase.
        "专班办公室设在市市场监管局（市知识产权局），负责统筹协调。",
        "由市市场监管局（市知识产权局）",
        # Places and numbers in brackets are not bodies.
        "在长三角地区（江苏省、浙江省、安徽省、上海市）开展试点。",
        "按照有关规定执行。（国办发〔2019〕2号）",
    ],
)
def test_brackets_of_names_that_assign_nothing(paragraph):
    assert split_responsibility(paragraph) is None


def test_and_inside_a_name_does_not_split_it():
    # 及 joins two bodies only when the name before it is a body's (ends in 局, 厅, 司 …);
    # 专利局初审及流程管理部 is one department.
    assert roles("负责单位：条法司、知识产权运用促进司、专利局初审及流程管理部") == [
        (LEAD, "条法司"),
        (CO, "知识产权运用促进司"),
        (CO, "专利局初审及流程管理部"),
    ]
    assert roles("省科技厅及省教育厅负责") == [(LEAD, "省科技厅"), (CO, "省教育厅")]
    # A research body's name is a name, not the verb 研究.
    assert roles("负责单位：知识产权运用促进司，知识产权发展研究中心") == [
        (LEAD, "知识产权运用促进司"),
        (CO, "知识产权发展研究中心"),
    ]


@pytest.mark.parametrize("label", ["完成时限", "进度安排", "时间安排", "责任人", "牵头处室"])
def test_a_deadline_or_a_person_after_the_bodies_is_not_a_body(label):
    # The importer finds phrases by the same labels (tasks.importer.phrases), so a label it
    # cuts off as a deadline is never read here as a body (省进度安排：2024年底前).
    assert [
        (r.name, r.role)
        for r in parse_responsibilities(f"牵头单位：省知识产权局；{label}：2024年底前")
    ] == [("省知识产权局", LEAD)]
    (paragraph, phrase) = split_responsibility(
        f"建设知识产权保护中心。\n牵头单位：省知识产权局\n{label}：2024年底前"
    )
    assert "省知识产权局" in phrase and "2024" not in paragraph


def test_a_role_word_means_the_same_in_a_bracket_and_in_a_sentence():
    from agencies.sentences import read_sentences

    bracket = parse_responsibilities("国家粮食局牵头，商务部协助")
    sentence = read_sentences("国家粮食局牵头，商务部协助做好进口工作。")
    assert (
        [(r.name, r.role) for r in bracket]
        == [(r.name, r.role) for r in sentence]
        == [
            ("国家粮食局", LEAD),
            ("商务部", PARTICIPANT),
        ]
    )


def test_a_college_named_among_prefixed_bodies_keeps_its_own_name():
    assert roles("牵头单位：市科技局，配合单位：市教育局、嘉兴学院") == [
        (LEAD, "市科技局"),
        (CO, "市教育局"),
        (CO, "嘉兴学院"),
    ]


def test_a_zone_whose_name_holds_a_bracket_keeps_its_own_name():
    # 高新区（滨江）管委会 is the zone's own body: the 区 of the names before it is not its.
    assert roles("责任单位：区科技局，配合单位：区发改局、高新区（滨江）管委会") == [
        (LEAD, "区科技局"),
        (CO, "区发改局"),
        (CO, "高新区（滨江）管委会"),
    ]


def test_xieban_bodies_are_co():
    assert roles("牵头部门：市工商局；协办部门：市农委、市商务局") == [
        (LEAD, "市工商局"),
        (CO, "市农委"),
        (CO, "市商务局"),
    ]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # everyone concerned: no body is named, so nothing is assigned
        ("各地区、各有关部门负责", []),
        ("市知识产权局，领导小组各成员单位", [(LEAD, "市知识产权局")]),
        ("国家知识产权局牵头，各成员单位按职责分工负责", [(LEAD, "国家知识产权局")]),
        ("市市场监管局牵头，市各有关部门配合", [(LEAD, "市市场监管局")]),
        ("区市场监管局牵头，区级各有关部门配合", [(LEAD, "区市场监管局")]),
        ("各责任单位", []),
        # a kind of body, or a group named in full, stays one group
        ("市知识产权局，各区县市场监管局", [(LEAD, "市知识产权局"), (CO, "各区县市场监管局")]),
        (
            "省知识产权局牵头，省知识产权战略实施工作联席会议各成员单位配合",
            [(LEAD, "省知识产权局"), (CO, "省知识产权战略实施工作联席会议各成员单位")],
        ),
    ],
)
def test_an_addressee_naming_no_body_assigns_nothing(phrase, expected):
    assert roles(phrase) == expected
