"""Revisions of a plan: record each import, propose a new edition, apply or discard it.

A new edition of a document never overwrites the plan in place: it becomes a pending
``PlanRevision`` the office compares (``tasks.selectors.revisions.revision_diff``) and
applies. Applying keeps every row something hangs off: measures are updated where they
are (reports stay attached, reworded or renumbered), removed measures are retired, not
deleted, and what the office entered where the document did not change stands.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import CharField, F, Max, Value
from django.db.models.functions import Cast, Concat

from agencies.access import is_office
from agencies.models import User
from agencies.services import AgencyDirectory
from core import clock
from indicators.models import Indicator, Observation

from ..importer.parsed import ParsedPlan
from ..importer.services import (
    ImportSummary,
    assignments_for,
    indicator_fill,
    plan_write,
    schedule_entry_fields,
    sections_write,
    storable,
)
from ..models import (
    Assignment,
    ImportJob,
    Measure,
    Plan,
    PlanRevision,
    ReportingPeriod,
    ReportValue,
    ScheduleEntry,
    Section,
)
from ..selectors.revisions import (
    PlanDiff,
    ProposedMeasure,
    TargetChanges,
    plan_for_document,
    proposal_to_data,
    proposed_measures,
    revised_years,
    revision_diff,
    revision_proposal,
)
from .reporting import period_open

Status = PlanRevision.Status


def _require_office(by: User | None) -> None:
    # ``by`` is None for operator tools (manage.py import_plan): they run as the operator.
    if by is not None and not is_office(by):
        raise PermissionDenied("只有联席会议办公室可以处理计划修订。")


def _unique_slug(slug: str) -> str:
    """A new plan whose file is named like another plan's gets its own slug."""
    if not Plan.objects.filter(slug=slug).exists():
        return slug
    taken = set(Plan.objects.filter(slug__startswith=f"{slug}-").values_list("slug", flat=True))
    return next(f"{slug}-{n}" for n in range(2, len(taken) + 3) if f"{slug}-{n}" not in taken)


def plan_import(
    parsed: ParsedPlan,
    *,
    publish: bool = False,
    dry_run: bool = False,
    directory: AgencyDirectory | None = None,
    by: User | None = None,
    import_job: ImportJob | None = None,
) -> ImportSummary:
    """Write one parsed plan: a new plan, or a new revision of the plan it is an edition of.

    The document is an edition of an existing plan when its 文号 (or, without one, its
    title and issuer) matches, whatever the file is called or its format. Then nothing is
    overwritten: the reading is kept as a pending revision for the office to compare and
    apply. ``dry_run`` compares (or writes and rolls back) and keeps nothing.
    """
    directory = directory or AgencyDirectory()
    existing = plan_for_document(parsed)
    if existing is None:
        parsed.slug = _unique_slug(parsed.slug)
        summary = plan_write(parsed, publish=publish, dry_run=dry_run, directory=directory)
        if not dry_run:
            plan = Plan.objects.get(pk=summary.plan_id)
            revision_record_initial(plan=plan, parsed=parsed, by=by, import_job=import_job)
        return summary
    summary = ImportSummary(plan_title=parsed.title, slug=existing.slug, dry_run=dry_run)
    summary.plan_id = existing.pk
    summary.unplaced = [f"第{u.line}行：{u.text[:60]}" for u in parsed.unplaced]
    if dry_run:
        diff = revision_diff(existing, parsed, directory=directory)
    else:
        revision, diff = revision_propose(
            plan=existing, parsed=parsed, by=by, import_job=import_job, directory=directory
        )
        summary.revision = revision.number
    summary.measures = len(proposed_measures(parsed))
    summary.chapters = len(parsed.sections)
    summary.schedule_rows = len(parsed.schedule)
    summary.unresolved = diff.unresolved
    summary.revision_counts = diff.counts()
    summary.revision_text = diff.as_text()
    return summary


def _require_pending(revision: PlanRevision, doing: str) -> None:
    if not revision.is_pending:
        status = revision.get_status_display()
        raise ValidationError(f"第{revision.number}版修订{status}，不能{doing}。")


@transaction.atomic
def revision_record_initial(
    *, plan: Plan, parsed: ParsedPlan, by: User | None = None, import_job: ImportJob | None = None
) -> PlanRevision:
    """Keep the first reading of a plan's document as revision 1 (already applied)."""
    return PlanRevision.objects.create(
        plan=plan,
        number=1,
        status=Status.APPLIED,
        source_name=parsed.source_name[:200],
        document_number=parsed.document_number[:60],
        proposal=proposal_to_data(parsed),
        changes={"initial": True},
        import_job=import_job,
        proposed_by=by,
        decided_by=by,
        decided_at=clock.now(),
    )


@transaction.atomic
def revision_propose(
    *,
    plan: Plan,
    parsed: ParsedPlan,
    by: User | None = None,
    import_job: ImportJob | None = None,
    directory: AgencyDirectory | None = None,
) -> tuple[PlanRevision, PlanDiff]:
    """Keep a new edition of the plan's document as a pending revision, compared with the plan.

    Older pending revisions are superseded: the office applies the newest reading. A plan
    imported before revisions were kept counts its first import as revision 1. Anyone who
    may import may propose (the upload page is the office's); applying is the office's.
    """
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    diff = revision_diff(plan, parsed, directory=directory)
    latest = plan.revisions.aggregate(latest=Max("number"))["latest"] or 1
    plan.revisions.filter(status=Status.PENDING).update(
        status=Status.SUPERSEDED, updated_at=clock.now()
    )
    revision = PlanRevision.objects.create(
        plan=plan,
        number=latest + 1,
        source_name=parsed.source_name[:200],
        document_number=parsed.document_number[:60],
        proposal=proposal_to_data(parsed),
        changes=diff.as_dict(),
        import_job=import_job,
        proposed_by=by,
    )
    return revision, diff


@transaction.atomic
def revision_discard(*, revision: PlanRevision, by: User | None) -> PlanRevision:
    _require_office(by)
    revision = PlanRevision.objects.select_for_update().get(pk=revision.pk)
    if not revision.is_pending:
        raise ValidationError(
            f"第{revision.number}版修订{revision.get_status_display()}，不能放弃。"
        )
    revision.status = Status.DISCARDED
    revision.decided_by, revision.decided_at = by, clock.now()
    revision.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return revision


@transaction.atomic
def revision_apply(*, revision: PlanRevision, by: User | None) -> PlanDiff:
    """Write a pending revision into its plan; returns what changed (also kept on the revision)."""
    _require_office(by)
    revision = PlanRevision.objects.select_for_update().get(pk=revision.pk)
    if not revision.is_pending:
        raise ValidationError(
            f"第{revision.number}版修订{revision.get_status_display()}，不能应用。"
        )
    plan = Plan.objects.select_for_update().get(pk=revision.plan_id)
    directory = AgencyDirectory()
    diff = revision_diff(plan, revision_proposal(revision), directory=directory)
    revision.changes = diff.as_dict()
    _RevisionWriter(plan, diff, revision, directory).write()
    revision.status = Status.APPLIED
    revision.decided_by, revision.decided_at = by, clock.now()
    revision.save()
    # Measures the edition adds get their expected reports in the periods open now.
    for period in plan.periods.filter(status=ReportingPeriod.Status.OPEN):
        period_open(period=period)
    return diff


class _RevisionWriter:
    """Applies a ``PlanDiff``: sections by path, measures as paired, bodies and targets."""

    def __init__(
        self, plan: Plan, diff: PlanDiff, revision: PlanRevision, directory: AgencyDirectory
    ):
        self.plan, self.diff, self.parsed = plan, diff, diff.parsed
        self.revision, self.directory = revision, directory
        self.level = self.parsed.level or plan.level

    def write(self) -> None:
        self._write_plan()
        self._write_sections()
        self._retire()
        self._write_measures()
        self._write_schedule()
        self._write_targets(None, self.diff.targets, default_agency=None)
        self._drop_stale_sections()

    def _write_plan(self) -> None:
        plan, parsed = self.plan, self.parsed
        plan.title = parsed.title[:200]
        plan.issuer_name = parsed.issuer_name[:120]
        if parsed.issuer_name:
            plan.issuer = self.directory.resolve(parsed.issuer_name, level=self.level)
        plan.document_number = parsed.document_number[:60]
        plan.issued_on = (
            datetime.date.fromisoformat(parsed.issued_on) if parsed.issued_on else plan.issued_on
        )
        plan.period_start_year, plan.period_end_year = revised_years(plan, parsed)
        plan.source_name = parsed.source_name[:200]
        plan.source_text = parsed.source_text
        plan.full_clean()
        plan.save()

    def _write_sections(self) -> None:
        self.sections, self.stale_sections = sections_write(self.plan, self.parsed.sections)

    def _retire(self) -> None:
        removed = [c.measure.pk for c in self.diff.of_kind("removed")]
        Measure.objects.filter(pk__in=removed).update(
            status=Measure.Status.RETIRED,
            retired_at=clock.now(),
            retired_in=self.revision,
            updated_at=clock.now(),
        )

    def _write_measures(self) -> None:
        # Park the kept measures on numbers nobody uses, so that two measures swapping
        # numbers (an item inserted before them) never collide on the way.
        kept = [c.measure.pk for c in self.diff.measures if c.measure and c.proposed]
        Measure.objects.filter(pk__in=kept).update(
            ref=Concat(Value("~"), Cast("pk", CharField())), number=F("pk") + 1_000_000
        )
        by_parsed: dict[int, Measure] = {}
        for order, change in enumerate((c for c in self.diff.measures if c.proposed), start=1):
            proposed: ProposedMeasure = change.proposed
            measure = change.measure or Measure(plan=self.plan)
            self._fill(measure, proposed, order, by_parsed)
            measure.save()
            by_parsed[id(proposed.parsed)] = measure
            if change.measure is None:
                Assignment.objects.bulk_create(self._assignments(proposed, measure))
            else:
                self._write_bodies(change, measure)
            changes = TargetChanges(
                added=change.targets_added,
                removed=change.targets_removed,
                changed=change.targets_changed,
            )
            lead = measure.assignments.filter(role=Assignment.Role.LEAD, agency__isnull=False)
            self._write_targets(measure, changes, default_agency=lead.first())
        self.measures_by_ref = {p.parsed.ref: by_parsed[id(p.parsed)] for p in self._proposed()}

    def _proposed(self) -> list[ProposedMeasure]:
        return [c.proposed for c in self.diff.measures if c.proposed]

    def _fill(
        self, measure: Measure, proposed: ProposedMeasure, order: int, by_parsed: dict
    ) -> None:
        parsed = proposed.parsed
        measure.section = self.sections.get(proposed.section_path or ())
        measure.parent = by_parsed.get(id(proposed.parent)) if proposed.parent else None
        measure.number, measure.label, measure.ref = parsed.number, parsed.label[:20], parsed.ref
        measure.title, measure.text = parsed.title[:200], parsed.text
        measure.responsibility_text = parsed.responsibility_text
        measure.order = order
        measure.line_start, measure.line_end = parsed.line_start, parsed.line_end

    def _assignments(self, proposed: ProposedMeasure, measure: Measure) -> list[Assignment]:
        return assignments_for(
            proposed.parsed.responsibilities,
            directory=self.directory,
            level=self.level,
            measure=measure,
        )

    def _write_bodies(self, change, measure: Measure) -> None:
        """Add what the new phrase names, remove what only the old phrase named."""
        for body in change.bodies_removed:
            Assignment.objects.filter(
                measure=measure,
                role=body.parsed.role,
                **(
                    {"agency": body.agency}
                    if body.agency
                    else {"agency__isnull": True, "name_as_written": body.parsed.written}
                ),
            ).delete()
        if not change.bodies_added:
            return
        have = {(a.agency_id, a.role) for a in measure.assignments.all() if a.agency_id}
        added = [b.parsed for b in change.bodies_added]
        new = assignments_for(added, directory=self.directory, level=self.level, measure=measure)
        Assignment.objects.bulk_create(
            [a for a in new if a.agency_id is None or (a.agency_id, a.role) not in have]
        )

    def _write_targets(
        self, measure: Measure | None, changes: TargetChanges, *, default_agency
    ) -> None:
        year = self.parsed.period_end_year
        for indicator, target in changes.changed:
            if not storable(target):
                continue
            indicator_fill(indicator, target, default_year=year)
            indicator.save()
        for target in filter(storable, changes.added):
            indicator = Indicator(plan=self.plan, measure=measure)
            indicator_fill(indicator, target, default_year=year)
            indicator.agency = default_agency.agency if default_agency else None
            indicator.save()
        self._drop_targets(changes.removed)

    def _drop_targets(self, indicators: list[Indicator]) -> None:
        """A target the edition no longer states goes, unless values were reported for it."""
        pks = [i.pk for i in indicators]
        reported = set(
            Observation.objects.filter(indicator_id__in=pks).values_list("indicator_id", flat=True)
        ) | set(
            ReportValue.objects.filter(indicator_id__in=pks).values_list("indicator_id", flat=True)
        )
        Indicator.objects.filter(pk__in=[pk for pk in pks if pk not in reported]).delete()

    def _write_schedule(self) -> None:
        """Timetable rows are kept when their action and timing read the same."""
        existing = {
            (e.action, e.period_text): e for e in ScheduleEntry.objects.filter(plan=self.plan)
        }
        for order, row in enumerate(self.parsed.schedule, start=1):
            key = (row.action, row.period_text[:60])
            entry = existing.pop(key, None)
            if entry is None:
                entry = ScheduleEntry.objects.create(
                    plan=self.plan, **schedule_entry_fields(row, order=order)
                )
                Assignment.objects.bulk_create(
                    assignments_for(
                        row.responsibilities,
                        directory=self.directory,
                        level=self.level,
                        schedule_entry=entry,
                    )
                )
            entry.measure = self.measures_by_ref.get(row.measure_ref)
            entry.order = order
            entry.save(update_fields=["measure", "order"])
        ScheduleEntry.objects.filter(pk__in=[e.pk for e in existing.values()]).delete()

    def _drop_stale_sections(self) -> None:
        """Chapters the edition no longer has: their retired measures leave them first."""
        stale = [s.pk for s in self.stale_sections]
        Measure.objects.filter(section_id__in=stale).update(section=None)
        Section.objects.filter(pk__in=stale).delete()
