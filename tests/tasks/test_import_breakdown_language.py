"""The language of provincial and city task breakdowns, as the held-out reading found it
missed (each excerpt is written like those documents, not copied from one)."""

from __future__ import annotations

from tasks.importer.enrich import enrich
from tasks.importer.parsed import ParsedMeasure, plan_measures
from tasks.importer.text_reader import parse_text

HEAD = "某市知识产权强市建设工作方案\n某市人民政府办公室\n"


def measures(body: str, level: str = "city") -> list[ParsedMeasure]:
    plans = parse_text(HEAD + body, source_name="plan.txt", level=level)
    return plan_measures(enrich(plans[0]))


def triples(measure: ParsedMeasure) -> set[tuple[str, str]]:
    return {(r.name, r.role) for r in measure.responsibilities}


def test_a_bracketed_label_on_the_line_under_an_item_belongs_to_it():
    for opening, closing in ("〔〕", "【】"):
        found = measures(
            "一、主要任务\n（一）加强保护\n"
            "1.强化行政执法与刑事司法衔接。建立联合办案机制。\n"
            f"{opening}责任部门：区市场监管局（知识产权局）牵头，区公安分局、区检察院配合{closing}\n"
            "2.建设保护工作站。设立工作站。\n",
            level="district",
        )
        assert triples(found[0]) == {
            ("区市场监管局", "lead"),
            ("区公安分局", "co"),
            ("区检察院", "co"),
        }
