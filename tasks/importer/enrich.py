"""Read who is responsible and what is targeted out of a parsed plan's raw text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from agencies.parsed import CO, LEAD
from agencies.responsibility import (
    Convention,
    at_level,
    carries_forward,
    is_general_addressee,
    named_items,
    parse_phrases,
    parse_responsibilities,
    read_convention,
)
from agencies.sentences import (
    heading_bodies,
    office_hosts,
    read_sentences,
    rename_bodies,
    transmitted_author,
)
from indicators.targets import (
    extract_targets,
    goal_sentences,
    is_review_title,
    opens_conditions,
    table_targets,
)

from .numerals import NumeralError, label_number
from .parsed import (
    ParsedMeasure,
    ParsedPlan,
    ParsedSection,
    ParsedTarget,
    plan_measures,
    plan_sections,
)
from .structure import PREAMBLE

# "到2025年" / "到 2020 年" in a section's own text sets the target year of what follows.
_BY_YEAR = re.compile(r"[到至]\s*((?:19|20|21)\d\d)\s*年")
_GOALS = re.compile(r"^[^。，]{0,12}(?:目标|指标)")


@dataclass(frozen=True)
class _Years:
    plan_year: int | None  # the year targets are for when the text names none
    since_year: int | None  # the plan's first year: earlier years are history
    context_year: int | None = None  # a 到20XX年 stated earlier in the section
    # measure ref → the year of the deadline printed apart from its text (``_due_years``)
    due: dict[str, int] = field(default_factory=dict)

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


# What the items of a part of the document can state.
ALL = "all"  # goals and tasks: every target found
GOALS_ONLY = "goals"  # articles of a regulation: only a sentence that states a goal
NONE = "none"  # a review of the past, a list of conditions: no targets
_ARTICLE = re.compile(r"^第[一二三四五六七八九十百零〇两\d]+条")


def _targets(text: str, years: _Years, states: str) -> list[ParsedTarget]:
    if states == NONE:
        return []
    if states == GOALS_ONLY:
        return [t for s in goal_sentences(text, years.since_year) for t in years.extract(s)]
    return years.extract(text)


def _enrich_measure(measure: ParsedMeasure, years: _Years, *, states: str = ALL) -> None:
    if states == ALL and _ARTICLE.match(measure.label):
        # Articles of a regulation state rules; an article that sets a goal says so.
        states = GOALS_ONLY
    if measure.ref in years.due:
        # Its 完成时限 (a table's 时间进度 cell, a 完成时限： line) is when its figures are due.
        years = replace(years, context_year=years.due[measure.ref])
    # A row of an indicator table comes with its targets read from its cells.
    measure.targets = measure.targets or _targets(measure.text, years, states)
    if opens_conditions(measure.title or measure.text):
        states = NONE
    for child in measure.children:
        _enrich_measure(child, years, states=states)


def _enrich_section(section: ParsedSection, years: _Years, *, states: str = ALL) -> None:
    # A review of the past (发展基础, its subsections included) states no targets; its
    # items still get their bodies. So do the items under 符合下列条件.
    if is_review_title(section.title):
        states = NONE
    stated = _year_stated(section.title + section.text)
    years = replace(years, context_year=stated or years.context_year)
    # A point of a goal list read as a heading (二、工作目标 … 1．全县专利申请量达到2500件；)
    # has nothing under it: its title states its goals.
    leaf = section.title and not section.measures and not section.sections
    own = "。".join(filter(None, (section.title, section.text))) if leaf else section.text
    section.targets = _targets(own, years, states)
    if opens_conditions(section.title + section.text):
        states = NONE
    for measure in section.measures:
        _enrich_measure(measure, years, states=states)
    for child in section.sections:
        _enrich_section(child, years, states=states)


@dataclass
class _Reading:
    """The convention stated so far, read in document order: a note such as ``排在第一位
    的部门为牵头部门，下同`` governs the items after it, ``以下各项均由X牵头`` its section."""

    convention: Convention | None = None
    author: str = ""  # the body whose report the document transmits (我局 is that body)
    # A phrase ending in 下同: the items after it without a phrase of their own share it,
    # until a new phrase or the end of the section (chapter or group) it is printed in.
    carried: str = ""
    # The general addressees (各县级市（区）人民政府) the document's phrases assign work to,
    # and the items read from their sentences once every phrase is known (``finish``).
    addressees: set[str] = field(default_factory=set)
    in_sentences: list[tuple[ParsedMeasure, Convention | None, list | None]] = field(
        default_factory=list
    )

    def note(self, text: str) -> None:
        self.convention = read_convention(text, self.convention)

    def measure(self, measure: ParsedMeasure, heading: list | None = None) -> None:
        """``heading``: the bodies the heading above gives its items (国家粮食应急工作指挥部
        职责, 发展改革委提出了以下意见：)."""
        if measure.responsibility_text:
            self.note(measure.responsibility_text)
            measure.responsibilities = parse_phrases(
                measure.responsibility_text.split("\n"), convention=self.convention
            )
            carried = carries_forward(measure.responsibility_text)
            self.carried = measure.responsibility_text if carried else ""
            if not measure.responsibilities:
                # A phrase that names only people or the issuer's own divisions (责任处室：
                # 执法处): the bodies are those its sentences name (商请省公安厅配合).
                self.in_sentences.append((measure, None, heading))
            else:
                measure.responsibilities += _joined_in_sentences(measure)
        elif self.carried:
            measure.responsibilities = parse_phrases(
                self.carried.split("\n"), convention=self.convention
            )
        else:
            # No bracketed or labelled phrase: the bodies its sentences name (请财政部…).
            self.in_sentences.append((measure, self.convention, heading))
        self.addressees.update(
            r.name for r in measure.responsibilities if is_general_addressee(r.name)
        )
        own = heading_bodies(measure.title, measure.text) if measure.children else []
        for child in measure.children:
            self.measure(child, own)
        self.note(measure.text)  # "（以下各项均由X牵头）" printed in an item: the next ones

    def finish(self) -> None:
        """Read the items that have no phrase from their sentences."""
        addressees = frozenset(self.addressees)
        for measure, convention, heading in self.in_sentences:
            measure.responsibilities = read_sentences(
                measure.text,
                leads=convention.leads if convention else (),
                partners=convention.partners if convention else (),
                heading=heading,
                author=self.author,
                addressees=addressees,
            )

    def section(self, section: ParsedSection) -> None:
        outer = self.convention
        self.carried = ""
        self.note(f"{section.title}。{section.text}")
        heading = heading_bodies(section.title, section.text)
        for measure in section.measures:
            self.measure(measure, heading)
        self.named(section)
        for child in section.sections:
            self.section(child)
        self.carried = ""
        if self.convention is not None and self.convention != outer:
            # A section's 以下各项均由X牵头 ends with it; a stated 下同 convention goes on.
            self.convention = replace(
                self.convention,
                leads=outer.leads if outer else (),
                partners=outer.partners if outer else (),
            )

    def named(self, section: ParsedSection) -> None:
        """``以上第（一）至（四）项由X牵头，Y配合`` after a group of items: the items it names
        that have no phrase of their own are read under X lead and Y co."""
        given: dict[int, Convention] = {}
        for text in (section.text, *(m.text for m in section.measures)):
            if "由" in text and ("以上" in text or "上述" in text or "前述" in text):
                for ranges, convention in named_items(text):
                    given.update(dict.fromkeys(_item_numbers(ranges), convention))
        if not given:
            return
        numbers = {id(m): _printed_number(m.label) for m in section.measures}
        self.in_sentences = [
            (measure, given.get(numbers.get(id(measure)), convention), heading)
            for measure, convention, heading in self.in_sentences
        ]


def _printed_number(label: str) -> int | None:
    try:
        return label_number(label)
    except NumeralError:
        return None


def _item_numbers(ranges: list[list[str]]) -> list[int]:
    """``[["（一）", "（四）"], ["（六）"]]`` → ``[1, 2, 3, 4, 6]``."""
    found: list[int] = []
    for bounds in ranges:
        ends = [_printed_number(bound.strip("第（）()") + "、") for bound in bounds]
        if None in ends or not ends:
            continue
        found += range(ends[0], ends[-1] + 1)
    return found


_WORKS_WITH = re.compile(r"会同|联合|商请")


def _joined_in_sentences(measure: ParsedMeasure) -> list:
    """``市知识产权局会同市公安局、市文广新局开展…（市知识产权局牵头，…）``: the bodies the
    phrase's lead works with in the sentence are co too, unless the phrase names them."""
    if not _WORKS_WITH.search(measure.text):
        return []  # (most items: the sentences are not read twice for nothing)
    named = {r.name for r in measure.responsibilities}
    leads = {r.name for r in measure.responsibilities if r.role == LEAD}
    found = read_sentences(measure.text)
    if not any(r.role == LEAD and r.name in leads for r in found):
        return []
    return [
        r
        for r in found
        if r.role == CO and r.name not in named and not is_general_addressee(r.name)
    ]


def _read_responsibilities(plan: ParsedPlan) -> None:
    """Every measure's bodies from its phrases, under the conventions stated before it."""
    reading = _Reading(author=transmitted_author(f"{plan.issuer_name}{plan.title}"))
    for line in plan.unplaced:
        if line.reason == PREAMBLE:
            reading.note(line.text)
    for section in plan.sections:
        reading.section(section)
    for measure in plan.measures:
        reading.measure(measure)
    reading.finish()
    # "X下设办公室…办公室设在Y": what X's office does, Y does.
    hosts = office_hosts(
        "\n".join([s.text for s in plan_sections(plan)] + [m.text for m in plan_measures(plan)])
    )
    if hosts:
        for measure in plan_measures(plan):
            measure.responsibilities = rename_bodies(measure.responsibilities, hosts)


def _indicator_table(plan: ParsedPlan, years: _Years) -> list[ParsedTarget]:
    """The rows of a 主要指标 table printed in the plan's own lines, except those that a
    goal sentence already states."""
    items = [*plan_sections(plan), *plan_measures(plan)]
    if not items or not plan.source_text:
        return []
    first = min(item.line_start for item in items)
    last = max(max(item.line_end, item.line_start) for item in items)
    lines = plan.source_text.split("\n")[max(first - 1, 0) : last]
    stated = [
        *plan.targets,
        *(t for s in plan_sections(plan) for t in s.targets),
        *(t for m in plan_measures(plan) for t in m.targets),
    ]
    return [
        target
        for target in table_targets(lines, since_year=years.since_year)
        # a table's bare 12 and the sentence's 达到12件 are one goal
        if not any(
            _key(goal)[:3] == _key(target)[:3] and _same_name(goal, target) for goal in stated
        )
    ]


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


# Units that count the same thing: 2000人 in the goal, 2000名 in the measure.
_SAME_UNIT = {"名": "人"}


def _key(target: ParsedTarget) -> tuple:
    unit = _SAME_UNIT.get(target.unit, target.unit)
    return (target.target_value, target.target_max, unit, target.comparison)


def _due_years(plan: ParsedPlan) -> dict[str, int]:
    """Each measure's deadline year, where one deadline printed apart from its text (a
    table's 时间进度 cell, a 完成时限： line) gives it; a deadline its sentences state is
    read with that sentence (``extract_targets``), a recurring one has no year."""
    texts = {m.ref: m.text for m in plan_measures(plan)}
    found: dict[str, set[int]] = {}
    for row in plan.schedule:
        if row.measure_ref in texts and row.end and row.period_text not in texts[row.measure_ref]:
            found.setdefault(row.measure_ref, set()).add(row.end[0])
    return {ref: years.pop() for ref, years in found.items() if len(years) == 1}


def enrich(plan: ParsedPlan) -> ParsedPlan:
    """Fill ``responsibilities`` and ``targets`` everywhere; the parser leaves them empty."""
    years = _Years(
        plan_year=plan.period_end_year or plan.period_start_year,
        since_year=plan.period_start_year,
        due=_due_years(plan),
    )
    # A goals paragraph printed before the first chapter ("具体指标：到2022年，…"), or a
    # goal sentence in the opening paragraph ("…逐步扩大，1998年达到2000人的规模。").
    # (A reader may have found some already: an indicator sheet's rows without bodies.)
    plan.targets = plan.targets + [
        target
        for line in plan.unplaced
        if line.reason == PREAMBLE
        for text in (
            [line.text] if _GOALS.match(line.text) else goal_sentences(line.text, years.since_year)
        )
        for target in years.extract(text)
    ]
    for section in plan.sections:
        _enrich_section(section, years)
    for measure in plan.measures:
        _enrich_measure(measure, years)
    # A breakdown table's 全省合计 repeats the goal its text states: one indicator.
    stated = [t for s in plan_sections(plan) for t in s.targets]
    plan.targets = [
        target
        for target in plan.targets
        if not any(
            _key(goal)[:3] == _key(target)[:3] and _same_name(goal, target) for goal in stated
        )
    ]
    plan.targets += _indicator_table(plan, years)
    _drop_repeated_goals(plan)
    _read_responsibilities(plan)
    for row in plan.schedule:
        if row.division_text:
            row.responsibilities = parse_responsibilities(row.division_text)
    _name_bare_offices(plan)
    return plan


# The prefix a province's or a city's own offices go by (a district's may be 区 or 县).
_OWN_PREFIX = {"province": "省", "city": "市"}


def _name_bare_offices(plan: ParsedPlan) -> None:
    """知识产权局 in a city's plan is the city's 市知识产权局 (the plan's level decides)."""
    prefix = _OWN_PREFIX.get(plan.level)
    if not prefix:
        return
    for holder in [*plan_measures(plan), *plan.schedule]:
        holder.responsibilities = [
            replace(r, name=at_level(r.name, prefix)) for r in holder.responsibilities
        ]
