"""What a new edition of a plan's document changes: measures, bodies and targets, compared.

``revision_diff`` compares a plan as it stands with a parsed document and is the one
answer to "what would applying this revision do": the revision page shows it, the CLI
prints it, and ``tasks.services.revisions.revision_apply`` writes exactly it.

How measures are matched
    A measure is the same measure when its text is the same (wherever it is numbered now),
    or failing that when its text is similar enough — a character-bigram overlap of at
    least ``REWORD_THRESHOLD`` — preferring the same number on ties. The best pairs are
    taken first, so an item inserted in the middle renumbers the later ones instead of
    making every later one "reworded". Unpaired old measures are removed (retired, never
    deleted: their reports stay), unpaired new ones are added.

Where the document did not change, what the office entered stands
    Bodies are compared only when a measure's responsibility phrase changed, and then only
    what the phrase names is added or removed: an agency the office assigned by hand stays.
    Targets are compared by the phrase they were read from: an indicator the office
    corrected keeps the correction while its phrase is unchanged.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet

from agencies.models import Agency
from agencies.responsibility import parse_responsibilities
from agencies.services import AgencyDirectory
from indicators.models import Indicator

from ..importer.parsed import ParsedMeasure, ParsedPlan, ParsedResponsibility, ParsedTarget
from ..importer.serialize import plan_from_json, plan_to_json
from ..models import Assignment, Measure, Plan, PlanRevision

REWORD_THRESHOLD = 0.5
_SPACE = re.compile(r"[\s\u3000]+")
_ROLE_LABELS = dict(Assignment.Role.choices)


# --- the parsed document, in reading order --------------------------------------------


@dataclass
class ProposedMeasure:
    """A measure of the new edition with where it sits: section path and parent."""

    parsed: ParsedMeasure
    section_path: tuple[int, ...] | None
    parent: ParsedMeasure | None


def proposed_measures(parsed: ParsedPlan) -> list[ProposedMeasure]:
    """Every measure of the document, parents before their children, in reading order."""
    found: list[ProposedMeasure] = []

    def walk(measures, path, parent):
        for measure in measures:
            found.append(ProposedMeasure(measure, path, parent))
            walk(measure.children, path, measure)

    def sections(items, parent_path=()):
        for section in items:
            path = (*parent_path, section.number)
            walk(section.measures, path, None)
            sections(section.sections, path)

    sections(parsed.sections)
    walk(parsed.measures, None, None)
    return found


def plan_targets(parsed: ParsedPlan) -> list[ParsedTarget]:
    """Targets stated outside any measure: in section text and in the plan's own text."""
    targets: list[ParsedTarget] = []

    def sections(items):
        for section in items:
            targets.extend(section.targets)
            sections(section.sections)

    sections(parsed.sections)
    return targets + parsed.targets


def proposal_to_data(parsed: ParsedPlan) -> dict:
    return json.loads(plan_to_json(parsed))


def revision_proposal(revision: PlanRevision) -> ParsedPlan:
    return plan_from_json(json.dumps(revision.proposal, ensure_ascii=False))


# --- comparing ------------------------------------------------------------------------


def _normal(text: str) -> str:
    return _SPACE.sub("", text)


def _bigrams(text: str) -> Counter:
    return Counter(text[i : i + 2] for i in range(len(text) - 1)) or Counter([text])


def similarity(a: str, b: str) -> float:
    """Dice coefficient of character bigrams: 1.0 for the same text, ~0 for unrelated."""
    first, second = _bigrams(_normal(a)), _bigrams(_normal(b))
    overlap = sum((first & second).values())
    return 2 * overlap / (sum(first.values()) + sum(second.values()))


def _measure_text(title: str, text: str) -> str:
    return _normal(title + text)


def _shown(title: str, text: str) -> str:
    """A measure as read: its lead-in heading, unless the text already starts with it."""
    return text if text.startswith(title) else title + text


def _target_key(phrase: str, name: str) -> str:
    return phrase[:300] or name[:120]


def target_label(target: ParsedTarget | Indicator) -> str:
    return target.phrase or target.name


@dataclass
class BodyChange:
    """A body a responsibility phrase names: resolved to an agency, or a name to confirm."""

    agency: Agency | None
    parsed: ParsedResponsibility

    @property
    def key(self) -> tuple:
        return (self.agency.pk if self.agency else self.parsed.name, self.parsed.role)

    @property
    def label(self) -> str:
        name = str(self.agency) if self.agency else f"{self.parsed.name}（待确认）"
        return f"{name}·{_ROLE_LABELS.get(self.parsed.role, self.parsed.role)}"


@dataclass
class MeasureChange:
    measure: Measure | None  # None: added
    proposed: ProposedMeasure | None  # None: removed
    similarity: float = 1.0
    bodies_added: list[BodyChange] = field(default_factory=list)
    bodies_removed: list[BodyChange] = field(default_factory=list)
    targets_added: list[ParsedTarget] = field(default_factory=list)
    targets_removed: list[Indicator] = field(default_factory=list)
    targets_changed: list[tuple[Indicator, ParsedTarget]] = field(default_factory=list)
    # Settled once compared, so they still describe the change after it is written.
    kind: str = ""
    renumbered: bool = False

    def settle(self) -> None:
        self.renumbered = bool(
            self.measure and self.proposed and self.measure.ref != self.proposed.parsed.ref
        )
        self.kind = self._kind()

    def _kind(self) -> str:
        if self.measure is None:
            return "added"
        if self.proposed is None:
            return "removed"
        old = _measure_text(self.measure.title, self.measure.text)
        new = _measure_text(self.proposed.parsed.title, self.proposed.parsed.text)
        if old != new:
            return "reworded"
        if self.renumbered or self.bodies_added or self.bodies_removed or self.has_target_changes:
            return "changed"
        return "unchanged"

    @property
    def has_target_changes(self) -> bool:
        return bool(self.targets_added or self.targets_removed or self.targets_changed)

    def segments(self) -> list[tuple[str, str]]:
        """The old text against the new, character by character: equal / delete / insert."""
        old = _shown(self.measure.title, self.measure.text)
        new = _shown(self.proposed.parsed.title, self.proposed.parsed.text)
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        parts: list[tuple[str, str]] = []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag in ("equal", "delete", "replace") and i2 > i1:
                parts.append(("equal" if tag == "equal" else "delete", old[i1:i2]))
            if tag in ("insert", "replace") and j2 > j1:
                parts.append(("insert", new[j1:j2]))
        return parts

    def as_dict(self) -> dict:
        measure, proposed = self.measure, self.proposed.parsed if self.proposed else None
        data = {
            "kind": self.kind,
            "measure_id": measure.pk if measure else None,
            "label_before": measure.label if measure else "",
            "label_after": proposed.label if proposed else "",
            "ref_before": measure.ref if measure else "",
            "ref_after": proposed.ref if proposed else "",
            "renumbered": self.renumbered,
            "similarity": round(self.similarity, 2),
            "reports": getattr(measure, "report_total", 0) if measure else 0,
            "bodies_added": [b.label for b in self.bodies_added],
            "bodies_removed": [b.label for b in self.bodies_removed],
            "targets_added": [target_label(t) for t in self.targets_added],
            "targets_removed": [target_label(i) for i in self.targets_removed],
            "targets_changed": [
                [target_label(i), target_label(t)] for i, t in self.targets_changed
            ],
        }
        if self.kind == "reworded":
            data["segments"] = self.segments()
        elif proposed is not None:
            data["text"] = _shown(proposed.title, proposed.text)
        else:
            data["text"] = _shown(measure.title, measure.text)
        return data


@dataclass
class TargetChanges:
    added: list[ParsedTarget] = field(default_factory=list)
    removed: list[Indicator] = field(default_factory=list)
    changed: list[tuple[Indicator, ParsedTarget]] = field(default_factory=list)


def compare_targets(indicators: list[Indicator], targets: list[ParsedTarget]) -> TargetChanges:
    """Match targets by their phrase; a vanished phrase and a new one of the same name are
    one target whose value changed (updated in place, keeping reported values)."""
    old = {_target_key(i.phrase, i.name): i for i in indicators}
    new = {_target_key(t.phrase, t.name): t for t in targets}
    changes = TargetChanges()
    removed = [i for key, i in old.items() if key not in new]
    for key, target in new.items():
        if key in old:
            continue
        same_name = next((i for i in removed if i.name == target.name[:120]), None)
        if same_name is not None:
            removed.remove(same_name)
            changes.changed.append((same_name, target))
        else:
            changes.added.append(target)
    changes.removed = removed
    return changes


@dataclass
class PlanDiff:
    plan: Plan
    parsed: ParsedPlan
    measures: list[MeasureChange]
    fields: list[tuple[str, str, str]]
    targets: TargetChanges
    unresolved: list[str]

    def of_kind(self, *kinds: str) -> list[MeasureChange]:
        return [change for change in self.measures if change.kind in kinds]

    def counts(self) -> dict[str, int]:
        kinds = Counter(change.kind for change in self.measures)
        return {
            "added": kinds["added"],
            "removed": kinds["removed"],
            "reworded": kinds["reworded"],
            "changed": kinds["changed"],
            "unchanged": kinds["unchanged"],
            "renumbered": sum(change.renumbered for change in self.measures),
            "bodies": sum(len(c.bodies_added) + len(c.bodies_removed) for c in self.measures),
            "targets": sum(
                len(c.targets_added) + len(c.targets_removed) + len(c.targets_changed)
                for c in self.measures
            )
            + len(self.targets.added)
            + len(self.targets.removed)
            + len(self.targets.changed),
            "fields": len(self.fields),
        }

    @property
    def has_changes(self) -> bool:
        counts = self.counts()
        return any(value for key, value in counts.items() if key != "unchanged")

    def as_dict(self) -> dict:
        """What the revision page shows and the revision keeps once applied (call it before
        applying: it reads the measures' old text)."""
        return {
            "counts": self.counts(),
            "fields": [list(row) for row in self.fields],
            "measures": [c.as_dict() for c in self.measures if c.kind != "unchanged"],
            "plan_targets": {
                "added": [target_label(t) for t in self.targets.added],
                "removed": [target_label(i) for i in self.targets.removed],
                "changed": [[target_label(i), target_label(t)] for i, t in self.targets.changed],
            },
            "unresolved": self.unresolved,
        }

    def as_text(self) -> str:
        counts = self.counts()
        lines = [
            f"  措施：新增 {counts['added']}，删除（停用）{counts['removed']}，"
            f"文字修改 {counts['reworded']}，编号变化 {counts['renumbered']}，"
            f"未变 {counts['unchanged']}",
            f"  责任单位变化 {counts['bodies']}，指标变化 {counts['targets']}，"
            f"计划信息变化 {counts['fields']}",
        ]
        names = {"added": "新增", "removed": "删除", "reworded": "修改", "changed": "调整"}
        for change in self.measures:
            if change.kind == "unchanged":
                continue
            before = change.measure.ref if change.measure else ""
            after = change.proposed.parsed.ref if change.proposed else ""
            label = f"{before}→{after}" if change.renumbered else (after or before)
            lines.append(f"    [{names[change.kind]}] {label}")
        return "\n".join(lines)


def revised_years(plan: Plan, parsed: ParsedPlan) -> tuple[int | None, int | None]:
    """The plan's 实施期 once a revision is applied: the document's years, except that an end
    year the office extended (the plan carried on, periods page) is never cut back."""
    start = parsed.period_start_year or plan.period_start_year
    ends = [year for year in (parsed.period_end_year, plan.period_end_year) if year]
    return start, max(ends, default=None)


def _plan_fields(plan: Plan, parsed: ParsedPlan) -> list[tuple[str, str, str]]:
    start, end = revised_years(plan, parsed)
    pairs = [
        ("标题", plan.title, parsed.title[:200]),
        ("发文机关", plan.issuer_name, parsed.issuer_name[:120]),
        ("文号", plan.document_number, parsed.document_number[:60]),
        ("印发日期", plan.issued_on.isoformat() if plan.issued_on else "", parsed.issued_on),
        (
            "实施年度",
            f"{plan.period_start_year or ''}–{plan.period_end_year or ''}",
            f"{start or ''}–{end or ''}",
        ),
    ]
    return [(label, before, after) for label, before, after in pairs if before != after]


def _current_measures(plan: Plan) -> list[Measure]:
    return list(
        Measure.objects.filter(plan=plan)
        .exclude(status=Measure.Status.RETIRED)
        .annotate(report_total=Count("reports"))
        .order_by("order")
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("agency")),
            Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk")),
        )
    )


def _pair(current: list[Measure], proposed: list[ProposedMeasure]) -> list[MeasureChange]:
    """Pair old and new measures: same text first, then the most similar, best pairs first."""
    texts = [_measure_text(m.title, m.text) for m in current]
    new_texts = [_measure_text(p.parsed.title, p.parsed.text) for p in proposed]
    pairs: dict[int, tuple[int, float]] = {}  # proposed index -> (current index, score)
    taken: set[int] = set()
    for j, text in enumerate(new_texts):
        same = [i for i, old in enumerate(texts) if old == text and i not in taken]
        if same:
            i = next((i for i in same if current[i].ref == proposed[j].parsed.ref), same[0])
            pairs[j] = (i, 1.0)
            taken.add(i)
    candidates = []
    grams = [_bigrams(t) for t in texts]
    for j, text in enumerate(new_texts):
        if j in pairs:
            continue
        new_grams = _bigrams(text)
        new_size = sum(new_grams.values())
        for i, old_grams in enumerate(grams):
            if i in taken:
                continue
            score = 2 * sum((old_grams & new_grams).values()) / (sum(old_grams.values()) + new_size)
            if score >= REWORD_THRESHOLD:
                same_ref = current[i].ref == proposed[j].parsed.ref
                candidates.append((score + 0.01 * same_ref, score, i, j))
    for _rank, score, i, j in sorted(candidates, reverse=True):
        if i in taken or j in pairs:
            continue
        pairs[j] = (i, score)
        taken.add(i)
    changes = [
        MeasureChange(
            measure=current[pairs[j][0]] if j in pairs else None,
            proposed=item,
            similarity=pairs[j][1] if j in pairs else 0.0,
        )
        for j, item in enumerate(proposed)
    ]
    changes += [
        MeasureChange(measure=m, proposed=None, similarity=0.0)
        for i, m in enumerate(current)
        if i not in taken
    ]
    return changes


def _resolved(
    responsibilities: list[ParsedResponsibility], directory: AgencyDirectory, level: str
) -> list[BodyChange]:
    bodies = []
    for parsed in responsibilities:
        agency = None if parsed.needs_resolution else directory.resolve(parsed.name, level=level)
        bodies.append(BodyChange(agency=agency, parsed=parsed))
    return bodies


def _compare_bodies(change: MeasureChange, directory: AgencyDirectory, level: str) -> None:
    measure, parsed = change.measure, change.proposed.parsed
    if _normal(measure.responsibility_text) == _normal(parsed.responsibility_text):
        return
    old = {
        b.key: b
        for b in _resolved(parse_responsibilities(measure.responsibility_text), directory, level)
    }
    new = {b.key: b for b in _resolved(parsed.responsibilities, directory, level)}
    change.bodies_added = [b for key, b in new.items() if key not in old]
    change.bodies_removed = [b for key, b in old.items() if key not in new]


def revision_diff(
    plan: Plan, parsed: ParsedPlan, *, directory: AgencyDirectory | None = None
) -> PlanDiff:
    """Compare the plan as it stands with a new reading of its document (a few queries)."""
    directory = directory or AgencyDirectory()
    level = parsed.level or plan.level
    changes = _pair(_current_measures(plan), proposed_measures(parsed))
    unresolved: list[str] = []
    for change in changes:
        if change.proposed is not None:
            for body in _resolved(change.proposed.parsed.responsibilities, directory, level):
                if body.agency is None and body.parsed.name not in unresolved:
                    unresolved.append(body.parsed.name)
        if change.measure is None:
            change.targets_added = list(change.proposed.parsed.targets)
            continue
        if change.proposed is None:
            continue
        _compare_bodies(change, directory, level)
        targets = compare_targets(
            list(change.measure.indicators.all()), change.proposed.parsed.targets
        )
        change.targets_added, change.targets_removed = targets.added, targets.removed
        change.targets_changed = targets.changed
    for change in changes:
        change.settle()
    plan_level = list(Indicator.objects.filter(plan=plan, measure__isnull=True).order_by("pk"))
    return PlanDiff(
        plan=plan,
        parsed=parsed,
        measures=changes,
        fields=_plan_fields(plan, parsed),
        targets=compare_targets(plan_level, plan_targets(parsed)),
        unresolved=unresolved,
    )


# --- finding the plan a document belongs to and listing revisions ----------------------


_NUMBER_BRACKETS = str.maketrans("[]［］【】(（)）", "〔〕〔〕〔〕〔〔〕〕")


def document_number_key(number: str) -> str:
    """A 文号 as compared: 连政发[2016]132号, 连政发〔2016〕 132号, 连政发【2016】132号 are one."""
    return _SPACE.sub("", number).translate(_NUMBER_BRACKETS)


def plan_for_document(parsed: ParsedPlan) -> Plan | None:
    """The plan this document is an edition of: same 文号 (however its brackets and spaces are
    typed); without one, same title and issuer."""
    if parsed.document_number:
        key = document_number_key(parsed.document_number[:60])
        numbered = Plan.objects.exclude(document_number="")
        return next((p for p in numbered if document_number_key(p.document_number) == key), None)
    return (
        Plan.objects.filter(
            title=parsed.title[:200], issuer_name=parsed.issuer_name[:120], document_number=""
        )
        .order_by("pk")
        .first()
    )


def revisions_of(plan: Plan) -> QuerySet[PlanRevision]:
    """修订记录: newest first, with who imported and who decided."""
    return (
        PlanRevision.objects.filter(plan=plan)
        .select_related("proposed_by", "decided_by", "import_job")
        .defer("proposal")
        .order_by("-number")
    )
