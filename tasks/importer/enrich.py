"""Read who is responsible and what is targeted out of a parsed plan's raw text."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from agencies.responsibility import parse_phrases, parse_responsibilities
from indicators.targets import extract_targets, is_review_title

from .parsed import ParsedMeasure, ParsedPlan, ParsedSection, ParsedTarget
from .structure import PREAMBLE

# "到2025年" / "到 2020 年" in a section's own text sets the target year of what follows.
_BY_YEAR = re.compile(r"到\s*(20\d\d)\s*年")
_GOALS = re.compile(r"^[^。，]{0,12}(?:目标|指标)")


@dataclass(frozen=True)
class _Years:
    plan_year: int | None  # the year targets are for when the text names none
    since_year: int | None  # the plan's first year: earlier years are history
    context_year: int | None = None  # a 到20XX年 stated earlier in the section

    def extract(self, text: str) -> list[ParsedTarget]:
        return extract_targets(
            text,
            plan_year=self.plan_year,
            context_year=self.context_year,
            since_year=self.since_year,
        )


def _year_stated(text: str) -> int | None:
    match = _BY_YEAR.search(text)
    return int(match.group(1)) if match else None


def _enrich_measure(measure: ParsedMeasure, years: _Years, *, review: bool = False) -> None:
    if measure.responsibility_text:
        measure.responsibilities = parse_phrases(measure.responsibility_text.split("\n"))
    measure.targets = [] if review else years.extract(measure.text)
    for child in measure.children:
        _enrich_measure(child, years, review=review)


def _enrich_section(section: ParsedSection, years: _Years, *, review: bool = False) -> None:
    # A review of the past (发展基础, its subsections included) states no targets; its
    # items still get their bodies.
    review = review or is_review_title(section.title)
    stated = _year_stated(section.title + section.text)
    years = replace(years, context_year=stated or years.context_year)
    section.targets = [] if review else years.extract(section.text)
    for measure in section.measures:
        _enrich_measure(measure, years, review=review)
    for child in section.sections:
        _enrich_section(child, years, review=review)


def _drop_repeated_goals(plan: ParsedPlan) -> None:
    """A measure that repeats a goal of the plan's 发展目标 does not make a second indicator."""
    goals: list[ParsedTarget] = list(plan.targets)

    def collect(sections: list[ParsedSection]) -> None:
        for section in sections:
            goals.extend(section.targets)
            collect(section.sections)

    def repeats(target: ParsedTarget) -> bool:
        return any(_key(goal) == _key(target) and _same_name(goal, target) for goal in goals)

    def prune(measures: list[ParsedMeasure]) -> None:
        for measure in measures:
            measure.targets = [t for t in measure.targets if not repeats(t)]
            prune(measure.children)

    collect(plan.sections)
    prune(plan.measures)
    for measures in _section_measures(plan.sections):
        prune(measures)


def _section_measures(sections: list[ParsedSection]):
    for section in sections:
        yield section.measures
        yield from _section_measures(section.sections)


def _same_name(goal: ParsedTarget, target: ParsedTarget) -> bool:
    shorter, longer = sorted((goal.name, target.name), key=len)
    return bool(shorter) and shorter[-6:] in longer


def _key(target: ParsedTarget) -> tuple:
    return (target.target_value, target.target_max, target.unit, target.comparison)


def enrich(plan: ParsedPlan) -> ParsedPlan:
    """Fill ``responsibilities`` and ``targets`` everywhere; the parser leaves them empty."""
    years = _Years(
        plan_year=plan.period_end_year or plan.period_start_year,
        since_year=plan.period_start_year,
    )
    # A goals paragraph printed before the first chapter ("具体指标：到2022年，…").
    plan.targets = [
        target
        for line in plan.unplaced
        if line.reason == PREAMBLE and _GOALS.match(line.text)
        for target in years.extract(line.text)
    ]
    for section in plan.sections:
        _enrich_section(section, years)
    for measure in plan.measures:
        _enrich_measure(measure, years)
    _drop_repeated_goals(plan)
    for row in plan.schedule:
        if row.division_text:
            row.responsibilities = parse_responsibilities(row.division_text)
    return plan
