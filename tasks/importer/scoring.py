"""Compare what the importer makes of a document with what a careful clerk wrote down.

An expectation file (``fixtures/import_expectations/*.json``) names its document and lists

- ``items``: every numbered task a clerk would enter, each by the words it starts with,
  with the bodies and roles the text gives it (``[["体育总局", "lead"], …]``); an item
  with ``"kind": "section"`` is a chapter or group heading (``一、总体要求``) and must be
  found among the plan's sections instead (``label`` and ``notes`` are for the reader);
- ``targets``: every stated target, as value, unit and comparison (and the name, for the
  reader); ``not_targets``: numbers the document reports as past results or as a rule's
  parameters, which must not become targets;
- ``level``: the level a clerk would file the plan under.

``score_document`` parses the document exactly as an import does (no database) and counts
items found, triples exact (found and extra) and targets found.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from indicators.targets import per_capita_unit

from . import read_document
from .decoding import DocumentError
from .enrich import enrich
from .parsed import (
    ParsedPlan,
    ParsedSection,
    ParsedTarget,
    plan_measures,
    plan_sections,
)

_FOLD = re.compile(r"[\s\u3000，。、；：,.;:“”\"'（）()《》]+")


def _fold(text: str) -> str:
    return _FOLD.sub("", text)


@dataclass
class DocumentScore:
    name: str
    level_ok: bool = True
    items: int = 0
    items_found: int = 0
    triples: int = 0
    triples_exact: int = 0
    triples_extra: int = 0
    targets: int = 0
    targets_found: int = 0
    history_taken: int = 0
    misses: list[str] = field(default_factory=list)
    refused: str = ""  # the importer's message when it refused the document


def plan_targets(plan: ParsedPlan) -> list[ParsedTarget]:
    found = list(plan.targets)

    def walk(sections: list[ParsedSection]) -> None:
        for section in sections:
            found.extend(section.targets)
            walk(section.sections)

    walk(plan.sections)
    for measure in plan_measures(plan):
        found.extend(measure.targets)
    return found


def _expected_unit(expected: dict) -> str:
    """The clerk's unit as the importer writes it: 件 for 每万人口发明专利拥有量 (copied from
    a table's 单位 column) is the same unit as 件/万人."""
    return per_capita_unit(expected.get("name") or "", expected["unit"])


def _same_target(expected: dict, target: ParsedTarget) -> bool:
    return (
        Decimal(str(expected["value"])) == target.target_value
        and _expected_unit(expected) == target.unit
        and expected["comparison"] == target.comparison
        and (expected.get("max") is None or Decimal(str(expected["max"])) == target.target_max)
    )


def score_document(expectation: dict, *, root: Path) -> DocumentScore:
    path = root / expectation["document"]
    score = DocumentScore(name=path.name)
    try:
        plans = [enrich(plan) for plan in read_document(path.read_bytes(), filename=path.name)]
    except DocumentError as error:
        return _refused(score, expectation, str(error))
    plan = plans[0]
    score.level_ok = plan.level == expectation["level"]
    # Items are matched in document order, as the clerk listed them: a table's rows after
    # the text's chapters must not be claimed first because they sit outside a chapter.
    measures = sorted(plan_measures(plan), key=lambda measure: measure.line_start)
    sections = plan_sections(plan)
    claimed: set[int] = set()
    for item in expectation["items"]:
        start = _fold(item["starts"])
        if item.get("kind") == "section":
            score.items += 1
            found_section = next(
                (
                    s
                    for s in sections
                    if id(s) not in claimed and _fold(s.title + s.text).startswith(start)
                ),
                None,
            )
            if found_section is None:
                score.misses.append(f"未找到章节：{item.get('label', '')}{item['starts']}")
            else:
                claimed.add(id(found_section))
                score.items_found += 1
            continue
        match = next(
            (
                m
                for m in measures
                if id(m) not in claimed
                and (_fold(m.title + m.text).startswith(start) or _fold(m.text).startswith(start))
            ),
            None,
        )
        expected = {(name, role) for name, role in item.get("bodies", [])}
        score.items += 1
        score.triples += len(expected)
        if match is None:
            score.misses.append(f"未找到条目：{item.get('label', '')}{item['starts']}")
            continue
        claimed.add(id(match))
        score.items_found += 1
        parsed = {(r.name, r.role) for r in match.responsibilities}
        score.triples_exact += len(expected & parsed)
        score.triples_extra += len(parsed - expected)
        for name, role in sorted(expected - parsed):
            score.misses.append(f"{item['starts']}：缺 {name}（{role}）")
        for name, role in sorted(parsed - expected):
            score.misses.append(f"{item['starts']}：多 {name}（{role}）")
    found = plan_targets(plan)
    # A target found for an expected one is that target, not also a past figure of the same
    # number (每年…不少于2000万元 beside a project's 计划投资2000万元): only the rest are
    # checked against not_targets.
    unexplained = list(found)
    for expected in expectation.get("targets", []):
        score.targets += 1
        if any(_same_target(expected, target) for target in found):
            score.targets_found += 1
            match = next((t for t in unexplained if _same_target(expected, t)), None)
            if match is not None:
                unexplained.remove(match)
        else:
            score.misses.append(
                f"未找到指标：{expected['name']} {expected['value']}{expected['unit']}"
            )
    for past in expectation.get("not_targets", []):
        taken = [
            t
            for t in unexplained
            # by the unit without its per-capita part: a number taken is taken, whether
            # the importer wrote 件 or 件/万人 for it
            if t.target_value == Decimal(str(past["value"]))
            and t.unit.split("/")[0] == past["unit"].split("/")[0]
        ]
        score.history_taken += bool(taken)
        if taken:
            score.misses.append(f"把成绩当成了指标：{past['phrase']}")
    return score


def _refused(score: DocumentScore, expectation: dict, message: str) -> DocumentScore:
    """A document the importer refuses: every item, triple and target is missed (the level
    too), and the refusal is said, so one refusal does not stop the count."""
    score.refused = message
    score.level_ok = False
    score.items = len(expectation["items"])
    tasks = [item for item in expectation["items"] if item.get("kind") != "section"]
    score.triples = sum(len(item.get("bodies", [])) for item in tasks)
    score.targets = len(expectation.get("targets", []))
    score.misses.append(f"拒绝：{message}")
    return score


def load_expectations(directory: Path) -> list[dict]:
    return [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(Path(directory).glob("*.json"))
    ]


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"
