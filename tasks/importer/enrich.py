"""Read who is responsible and what is targeted out of a parsed plan's raw text."""

from __future__ import annotations

import re

from agencies.responsibility import parse_phrases, parse_responsibilities
from indicators.targets import extract_targets

from .parsed import ParsedMeasure, ParsedPlan, ParsedSection

# "到2025年" / "到 2020 年" in a section's own text sets the target year of what follows.
_BY_YEAR = re.compile(r"到\s*(20\d\d)\s*年")


def _year_stated(text: str) -> int | None:
    match = _BY_YEAR.search(text)
    return int(match.group(1)) if match else None


def _enrich_measure(
    measure: ParsedMeasure, *, plan_year: int | None, context_year: int | None
) -> None:
    if measure.responsibility_text:
        measure.responsibilities = parse_phrases(measure.responsibility_text.split("\n"))
    measure.targets = extract_targets(measure.text, plan_year=plan_year, context_year=context_year)
    for child in measure.children:
        _enrich_measure(child, plan_year=plan_year, context_year=context_year)


def _enrich_section(
    section: ParsedSection, *, plan_year: int | None, context_year: int | None
) -> None:
    context_year = _year_stated(section.title + section.text) or context_year
    section.targets = extract_targets(section.text, plan_year=plan_year, context_year=context_year)
    for measure in section.measures:
        _enrich_measure(measure, plan_year=plan_year, context_year=context_year)
    for child in section.sections:
        _enrich_section(child, plan_year=plan_year, context_year=context_year)


def enrich(plan: ParsedPlan) -> ParsedPlan:
    """Fill ``responsibilities`` and ``targets`` everywhere; the parser leaves them empty."""
    plan_year = plan.period_end_year or plan.period_start_year
    for section in plan.sections:
        _enrich_section(section, plan_year=plan_year, context_year=None)
    for measure in plan.measures:
        _enrich_measure(measure, plan_year=plan_year, context_year=None)
    for row in plan.schedule:
        if row.division_text:
            row.responsibilities = parse_responsibilities(row.division_text)
    return plan
