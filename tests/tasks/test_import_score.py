"""The import score counts a clerk's chapter headings as sections and tasks as measures."""

import json
from io import StringIO

from django.core.management import call_command
from django.test import override_settings

from tasks.importer.scoring import score_document

TEXT = (
    "国务院办公厅关于推进某项工作的意见\n国办发〔2019〕99号\n"
    "一、总体要求\n（一）指导思想。坚持稳中求进。\n"
    "二、重点任务\n（一）建立工作机制。完善配套政策。（发展改革委、财政部负责）\n"
)


def expectation(items):
    return {"document": "opinion.txt", "level": "national", "items": items}


def test_a_heading_the_clerk_marks_as_section_is_found_among_sections(tmp_path):
    (tmp_path / "opinion.txt").write_text(TEXT, encoding="utf-8")
    items = [
        {"label": "一、", "kind": "section", "starts": "总体要求", "bodies": []},
        {"label": "（一）", "kind": "section", "starts": "指导思想。坚持", "bodies": []},
        {"label": "二、", "kind": "section", "starts": "重点任务", "bodies": []},
        {
            "label": "（一）",
            "starts": "建立工作机制。完善",
            "bodies": [["发展改革委", "lead"], ["财政部", "co"]],
        },
    ]
    score = score_document(expectation(items), root=tmp_path)
    assert (score.items_found, score.items) == (4, 4)
    assert (score.triples_exact, score.triples, score.triples_extra) == (2, 2, 0)


def test_a_task_is_not_found_among_sections_nor_a_heading_among_measures(tmp_path):
    (tmp_path / "opinion.txt").write_text(TEXT, encoding="utf-8")
    items = [
        {"label": "（一）", "kind": "section", "starts": "建立工作机制", "bodies": []},
        {"label": "一、", "starts": "总体要求", "bodies": []},
    ]
    score = score_document(expectation(items), root=tmp_path)
    assert (score.items_found, score.items) == (0, 2)
    assert score.misses == ["未找到章节：（一）建立工作机制", "未找到条目：一、总体要求"]


def test_a_refused_document_counts_as_all_missed_and_the_count_goes_on(tmp_path):
    (tmp_path / "opinion.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "letter.txt").write_text("关于表扬的通报\n特此通报。\n", encoding="utf-8")
    items = [{"label": "一、", "starts": "加强领导", "bodies": [["财政部", "lead"]]}]
    refused = {**expectation(items), "document": "letter.txt", "targets": [{"value": 5}]}
    score = score_document(refused, root=tmp_path)
    assert (score.items_found, score.items, score.triples, score.targets) == (0, 1, 1, 1)
    assert "没有找到编号结构" in score.refused

    folder = tmp_path / "expectations"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps({**refused, "document": "letter.txt"}))
    (folder / "b.json").write_text(json.dumps(expectation([])))
    out = StringIO()
    with override_settings(BASE_DIR=tmp_path):
        call_command("import_score", str(folder), stdout=out)
    assert "拒绝：没有找到编号结构" in out.getvalue()
    assert "2 份文件" in out.getvalue()


def test_a_per_capita_unit_copied_from_a_tables_unit_column_is_the_same_unit(tmp_path):
    # The clerk copies 件 from the 单位 column; the importer writes 每万人口…拥有量 in
    # 件/万人. Same value, same unit: found. A count in plain 件 is still a different unit.
    text = TEXT.replace("完善配套政策。", "每万人口发明专利拥有量达到20件，专利申请量达到500件。")
    (tmp_path / "opinion.txt").write_text(text, encoding="utf-8")
    targets = [
        {"name": "每万人口发明专利拥有量", "value": "20", "unit": "件", "comparison": "gte"},
        {"name": "每万人口发明专利拥有量", "value": "20", "unit": "件/万人", "comparison": "gte"},
        {"name": "专利申请量", "value": "500", "unit": "件/万人", "comparison": "gte"},
    ]
    score = score_document({**expectation([]), "targets": targets}, root=tmp_path)
    assert (score.targets_found, score.targets) == (2, 3)


def test_a_target_found_is_not_also_a_past_figure_of_the_same_number(tmp_path):
    # The plan promises 不少于2000万元 a year; a project table's 计划投资2000万元 is no
    # target. The one 2000万元 the importer finds is the promise, not the investment; a
    # second one would be the investment taken.
    promise = "每年安排专项资金不少于2000万元。"
    (tmp_path / "opinion.txt").write_text(TEXT.replace("完善配套政策。", promise), encoding="utf-8")
    targets = [{"name": "专项资金", "value": "2000", "unit": "万元", "comparison": "gte"}]
    past = [{"phrase": "项目 计划投资2000万元", "value": "2000", "unit": "万元"}]
    document = {**expectation([]), "targets": targets, "not_targets": past}
    score = score_document(document, root=tmp_path)
    assert (score.targets_found, score.history_taken) == (1, 0)
    (tmp_path / "opinion.txt").write_text(
        TEXT.replace(
            "完善配套政策。", promise + "2018年投资2000万元建设平台，确保投资达到2000万元以上。"
        ),
        encoding="utf-8",
    )
    score = score_document(document, root=tmp_path)
    assert score.history_taken == 1
