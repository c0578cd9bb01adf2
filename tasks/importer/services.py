"""Writing a parsed plan to the database: the one path for imports and seed fixtures."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from agencies.services import AgencyDirectory
from indicators.models import Indicator

from ..models import Assignment, ImportJob, Measure, Plan, ScheduleEntry, Section
from ..services.jobs import JobRefusal, job_dispatch, job_run
from ..services.plans import plan_publish
from .parsed import (
    ParsedMeasure,
    ParsedPlan,
    ParsedResponsibility,
    ParsedScheduleRow,
    ParsedSection,
    ParsedTarget,
)


@dataclass
class ImportSummary:
    """What an import found and wrote; printed by ``import_plan`` and shown in the web UI."""

    plan_title: str
    slug: str
    created: bool = False
    dry_run: bool = False
    plan_id: int | None = None
    chapters: int = 0
    sections: int = 0
    measures: int = 0
    assignments_by_role: Counter = field(default_factory=Counter)
    schedule_rows: int = 0
    indicators: int = 0
    unresolved: list[str] = field(default_factory=list)  # names awaiting the office
    unplaced: list[str] = field(default_factory=list)  # "line 12: text"
    # Set when the document is a new edition of an existing plan (tasks.services.revisions).
    revision: int | None = None  # the pending revision's number; None on a dry run
    revision_counts: dict = field(default_factory=dict)
    revision_text: str = ""
    # Set when publishing was asked for and the publish service refused (the plan stays a
    # draft for the office to finish): tasks.services.plans.plan_publish.
    publish_refused: str = ""

    def as_dict(self) -> dict:
        return {
            "plan_title": self.plan_title,
            "slug": self.slug,
            "created": self.created,
            "chapters": self.chapters,
            "sections": self.sections,
            "measures": self.measures,
            "assignments_by_role": dict(self.assignments_by_role),
            "schedule_rows": self.schedule_rows,
            "indicators": self.indicators,
            "unresolved": self.unresolved,
            "unplaced": self.unplaced,
            "revision": self.revision,
            "revision_counts": self.revision_counts,
            "publish_refused": self.publish_refused,
        }

    def as_text(self) -> str:
        roles = dict(Assignment.Role.choices)
        by_role = "，".join(
            f"{roles.get(role, role)} {count}"
            for role, count in sorted(self.assignments_by_role.items())
        )
        if self.revision_counts:
            kept = f"已存为第{self.revision}版修订，待应用" if self.revision else "试运行，未保存"
            return "\n".join(
                [
                    f"《{self.plan_title}》是已有计划（{self.slug}）的新版本：{kept}",
                    f"  措施 {self.measures}，待确认单位：{'、'.join(self.unresolved) or '无'}",
                    self.revision_text,
                ]
            )
        lines = [
            f"《{self.plan_title}》（{self.slug}）{'[试运行，未写入]' if self.dry_run else ''}",
            f"  章 {self.chapters}，节 {self.sections}，措施 {self.measures}",
            f"  责任分工 {sum(self.assignments_by_role.values())}（{by_role or '无'}）",
            f"  进度安排 {self.schedule_rows}，指标 {self.indicators}",
            f"  待确认单位 {len(self.unresolved)}：{'、'.join(self.unresolved) or '无'}",
            f"  未能归位的行 {len(self.unplaced)}",
        ]
        lines += [f"    {line}" for line in self.unplaced]
        if self.publish_refused:
            lines.append(f"  未发布（仍为草稿）：{self.publish_refused}")
        return "\n".join(lines)


def _publish(plan: Plan) -> str:
    """Publish through the one publish service (its unresolved-names check included); the
    refusal, if any, for the summary. Measures without a lead are reported, not a refusal."""
    try:
        with transaction.atomic():
            plan_publish(plan=plan, confirm_without_lead=True)
    except ValidationError as error:
        return error.messages[0]
    return ""


def _walk_sections(
    sections: list[ParsedSection], parent_path: tuple[int, ...] = ()
) -> Iterator[tuple[tuple[int, ...], ParsedSection]]:
    for section in sections:
        path = (*parent_path, section.number)
        yield path, section
        yield from _walk_sections(section.sections, path)


def _month(value: tuple[int, int] | None) -> datetime.date | None:
    try:
        return datetime.date(value[0], value[1], 1) if value else None
    except ValueError:
        return None


def schedule_months(row: ParsedScheduleRow) -> tuple[datetime.date | None, datetime.date | None]:
    start, end = _month(row.start), _month(row.end)
    if start and end and end < start:
        return start, None  # an unreadable period keeps its text, never a reversed range
    return start, end


def schedule_entry_fields(row: ParsedScheduleRow, *, order: int) -> dict:
    """A timetable row's columns as stored (texts cut to their column's length)."""
    start_month, end_month = schedule_months(row)
    return {
        "stage": row.stage[:60],
        "key_task": row.key_task[:200],
        "action": row.action,
        "division_text": row.division_text,
        "period_text": row.period_text[:60],
        "start_month": start_month,
        "end_month": end_month,
        "order": order,
        "line_start": row.line_start,
    }


# Indicator values are stored with 20 digits, 4 after the point.
_LARGEST_VALUE = Decimal(10) ** 15


def storable(target: ParsedTarget) -> bool:
    values = (target.target_value, target.target_max, target.base_value)
    return all(value is None or abs(value) < _LARGEST_VALUE for value in values)


def assignments_for(
    responsibilities: list[ParsedResponsibility],
    *,
    directory: AgencyDirectory,
    level: str,
    measure: Measure | None = None,
    schedule_entry: ScheduleEntry | None = None,
) -> list[Assignment]:
    """Unsaved assignments for the bodies a phrase names, once each; unknown names kept
    with no agency for the office to confirm."""
    seen: set[tuple[int | None, str, str]] = set()
    assignments = []
    for order, parsed in enumerate(responsibilities):
        agency = None
        if not parsed.needs_resolution:
            agency = directory.resolve(parsed.name, level=level)
        # The database keeps one row per agency and role, whatever name it was written as.
        key = (agency.pk, parsed.role, "") if agency else (None, parsed.role, parsed.name)
        if key in seen:
            continue
        seen.add(key)
        assignments.append(
            Assignment(
                measure=measure,
                schedule_entry=schedule_entry,
                agency=agency,
                role=parsed.role,
                name_as_written=(parsed.written or parsed.name)[:120],
                note=parsed.note[:200],
                order=order,
            )
        )
    return assignments


def indicator_fill(indicator: Indicator, target: ParsedTarget, *, default_year: int | None) -> None:
    """Copy a parsed target onto an indicator (new or kept: its observations stay)."""
    indicator.name = target.name[:120]
    indicator.unit = target.unit[:20]
    indicator.kind = target.kind
    indicator.comparison = target.comparison
    indicator.base_year = target.base_year
    indicator.base_value = target.base_value
    indicator.target_value = target.target_value
    indicator.target_max = target.target_max
    indicator.target_year = target.target_year or default_year
    indicator.phrase = target.phrase[:300]


def sections_write(
    plan: Plan, sections: list[ParsedSection]
) -> tuple[dict[tuple[int, ...], Section], list[Section]]:
    """Create or update a plan's sections, matched by their numbering path (二、（三） → (2, 3)).

    Returns the sections by path, and the existing ones the document no longer has.
    """
    rows = list(Section.objects.filter(plan=plan).order_by("pk"))
    by_pk = {s.pk: s for s in rows}

    def path_of(section: Section) -> tuple[int, ...]:
        path = (section.number,)
        while section.parent_id:
            section = by_pk[section.parent_id]
            path = (section.number, *path)
        return path

    existing = {path_of(section): section for section in rows}
    written: dict[tuple[int, ...], Section] = {}
    for order, (path, parsed) in enumerate(_walk_sections(sections), start=1):
        section = existing.pop(path, None) or Section(plan=plan, number=parsed.number)
        section.parent = written[path[:-1]] if len(path) > 1 else None
        section.label = parsed.label[:20]
        section.title = parsed.title[:200]
        section.text = parsed.text
        section.order = order
        section.line_start, section.line_end = parsed.line_start, parsed.line_end
        section.save()
        written[path] = section
    return written, list(existing.values())


class _PlanWriter:
    """Upserts one plan's rows, keyed so that re-importing updates in place."""

    def __init__(self, parsed: ParsedPlan, directory: AgencyDirectory, summary: ImportSummary):
        self.parsed = parsed
        self.directory = directory
        self.summary = summary
        self.assignments: list[Assignment] = []
        self.indicators: list[tuple[Measure | None, int, ParsedTarget]] = []
        self.order = 0

    def write(self, plan: Plan) -> None:
        self.plan = plan
        self._write_sections()
        self._write_measures()
        self._write_schedule()
        Assignment.objects.filter(measure__plan=plan).delete()
        Assignment.objects.filter(schedule_entry__plan=plan).delete()
        Assignment.objects.bulk_create(self.assignments)
        self._write_indicators()

    def _next_order(self) -> int:
        self.order += 1
        return self.order

    def _write_sections(self) -> None:
        self.sections, self.stale_sections = sections_write(self.plan, self.parsed.sections)
        self.section_measures: list[tuple[Section | None, ParsedMeasure]] = []
        for path, parsed in _walk_sections(self.parsed.sections):
            section = self.sections[path]
            self.summary.sections += 1
            self.summary.chapters += len(path) == 1
            self.section_measures += [(section, m) for m in parsed.measures]
            self.indicators += [(None, i, t) for i, t in enumerate(parsed.targets)]
        self.indicators += [(None, i, t) for i, t in enumerate(self.parsed.targets)]

    def _write_measures(self) -> None:
        self.existing_measures = {m.ref: m for m in Measure.objects.filter(plan=self.plan)}
        self.seen_refs: set[str] = set()
        for section, parsed in self.section_measures:
            self._write_measure(parsed, section=section, parent=None)
        for parsed in self.parsed.measures:
            self._write_measure(parsed, section=None, parent=None)
        stale = [m.pk for ref, m in self.existing_measures.items() if ref not in self.seen_refs]
        Measure.objects.filter(pk__in=stale).delete()
        Section.objects.filter(pk__in=[s.pk for s in self.stale_sections]).delete()

    def _write_measure(
        self, parsed: ParsedMeasure, *, section: Section | None, parent: Measure | None
    ) -> None:
        measure = self.existing_measures.get(parsed.ref) or Measure(plan=self.plan, ref=parsed.ref)
        measure.section = section
        measure.parent = parent
        measure.number = parsed.number
        measure.label = parsed.label[:20]
        measure.title = parsed.title[:200]
        measure.text = parsed.text
        measure.responsibility_text = parsed.responsibility_text
        measure.order = self._next_order()
        measure.line_start, measure.line_end = parsed.line_start, parsed.line_end
        measure.save()
        self.seen_refs.add(parsed.ref)
        self.summary.measures += 1
        self._assign(parsed.responsibilities, measure=measure)
        self.indicators += [(measure, i, t) for i, t in enumerate(parsed.targets)]
        for child in parsed.children:
            self._write_measure(child, section=section, parent=measure)

    def _assign(
        self,
        responsibilities: list[ParsedResponsibility],
        *,
        measure: Measure | None = None,
        schedule_entry: ScheduleEntry | None = None,
    ) -> None:
        assignments = assignments_for(
            responsibilities,
            directory=self.directory,
            level=self.parsed.level,
            measure=measure,
            schedule_entry=schedule_entry,
        )
        for parsed in responsibilities:
            unknown = parsed.needs_resolution or not self.directory.resolve(
                parsed.name, level=self.parsed.level
            )
            if unknown and parsed.name not in self.summary.unresolved:
                self.summary.unresolved.append(parsed.name)
        self.summary.assignments_by_role.update(a.role for a in assignments)
        self.assignments += assignments

    def _write_schedule(self) -> None:
        ScheduleEntry.objects.filter(plan=self.plan).delete()
        measures_by_ref = {m.ref: m for m in Measure.objects.filter(plan=self.plan)}
        for order, row in enumerate(self.parsed.schedule, start=1):
            entry = ScheduleEntry.objects.create(
                plan=self.plan,
                measure=measures_by_ref.get(row.measure_ref),
                **schedule_entry_fields(row, order=order),
            )
            self.summary.schedule_rows += 1
            self._assign(row.responsibilities, schedule_entry=entry)

    def _write_indicators(self) -> None:
        """Update indicators in place, keyed by measure, name and occurrence: keeps observations."""
        existing: dict[tuple[int | None, str, int], Indicator] = {}
        occurrences: Counter = Counter()
        for indicator in Indicator.objects.filter(plan=self.plan).order_by("order", "pk"):
            key = (indicator.measure_id, indicator.name)
            existing[(*key, occurrences[key])] = indicator
            occurrences[key] += 1
        occurrences.clear()
        for measure, order, target in self.indicators:
            if not storable(target):
                continue
            key = (measure.pk if measure else None, target.name[:120])
            indicator = existing.pop((*key, occurrences[key]), None) or Indicator(plan=self.plan)
            occurrences[key] += 1
            indicator.measure = measure
            indicator_fill(indicator, target, default_year=self.parsed.period_end_year)
            indicator.order = order
            if measure is not None and indicator.agency_id is None:
                lead = next(
                    (a for a in self.assignments if a.measure is measure and a.agency), None
                )
                indicator.agency = lead.agency if lead else None
            indicator.save()
            self.summary.indicators += 1
        Indicator.objects.filter(pk__in=[i.pk for i in existing.values()]).delete()


class _DryRunRollback(Exception):
    pass


def _validate(plan: Plan) -> None:
    """``full_clean`` with its refusals turned into the importer's Chinese message."""
    from django.core.exceptions import ValidationError

    from .decoding import DocumentError

    if plan.document_number:
        owner = (
            Plan.objects.filter(document_number=plan.document_number).exclude(pk=plan.pk).first()
        )
        if owner is not None:
            raise DocumentError(
                f"文号{plan.document_number}已属于计划《{owner.title}》，"
                "这份文件是它的另一个版本；请在该计划中修订，而不是重复导入"
            )
    try:
        plan.full_clean()
    except ValidationError as error:
        raise DocumentError(f"《{plan.title}》无法导入：{'；'.join(error.messages)}") from error


def plan_write(
    parsed: ParsedPlan,
    *,
    publish: bool = False,
    dry_run: bool = False,
    directory: AgencyDirectory | None = None,
) -> ImportSummary:
    """Create or update the plan ``parsed.slug`` with everything parsed from its document.

    Measures are matched by ``ref`` and indicators by measure and name, so a re-import
    updates rows in place and keeps what hangs off them. ``dry_run`` does the whole write
    and rolls it back, so its summary is exactly what a real import would do.
    """
    summary = ImportSummary(plan_title=parsed.title, slug=parsed.slug, dry_run=dry_run)
    summary.unplaced = [f"第{u.line}行：{u.text[:60]}" for u in parsed.unplaced]
    try:
        with transaction.atomic():
            directory = directory or AgencyDirectory()
            plan = Plan.objects.filter(slug=parsed.slug).first()
            summary.created = plan is None
            plan = plan or Plan(slug=parsed.slug)
            plan.title = parsed.title[:200]
            plan.issuer_name = parsed.issuer_name[:120]
            plan.issuer = (
                directory.resolve(parsed.issuer_name, level=parsed.level)
                if parsed.issuer_name
                else None
            )
            plan.document_number = parsed.document_number[:60]
            plan.issued_on = (
                datetime.date.fromisoformat(parsed.issued_on) if parsed.issued_on else None
            )
            plan.level = parsed.level
            plan.period_start_year = parsed.period_start_year
            plan.period_end_year = parsed.period_end_year
            plan.source_name = parsed.source_name[:200]
            plan.source_text = parsed.source_text
            plan.parent = (
                Plan.objects.filter(slug=parsed.parent_slug).first() if parsed.parent_slug else None
            )
            _validate(plan)
            plan.save()
            summary.plan_id = plan.pk
            _PlanWriter(parsed, directory, summary).write(plan)
            if publish:
                summary.publish_refused = _publish(plan)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        summary.plan_id = None
    return summary


def document_import(
    *,
    data: bytes,
    filename: str,
    level: str | None = None,
    publish: bool = False,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    by=None,
    import_job: ImportJob | None = None,
) -> list[ImportSummary]:
    """Parse a published document (text, docx, xlsx) and write each plan it holds.

    Raises ``DocumentError`` with a Chinese message, writing nothing, when the file is
    empty, too large, undecodable, corrupt or not a plan (all found before any write).
    Each plan is written in its own transaction, so ``progress`` — told the percent done
    after parsing and after each plan — is visible to the page polling the job. A plan
    that already exists gets a pending revision instead (``tasks.services.revisions``).
    """
    from django.conf import settings

    from ..services.revisions import plan_import
    from . import read_document
    from .decoding import LevelUnknownError
    from .enrich import enrich
    from .levels import level_doubt

    plans = read_document(
        data, filename=filename, level=level, max_bytes=settings.IPPLAN_MAX_DOCUMENT_BYTES
    )
    unknown = [plan for plan in plans if not plan.level]
    if unknown:
        raise LevelUnknownError(
            [plan.title for plan in unknown],
            [
                level_doubt(issuer=plan.issuer_name, number=plan.document_number, title=plan.title)
                for plan in unknown
            ],
        )
    report = progress or (lambda percent: None)
    report(30)
    directory = AgencyDirectory()
    summaries = []
    for done, parsed in enumerate(plans, start=1):
        summaries.append(
            plan_import(
                enrich(parsed),
                publish=publish,
                dry_run=dry_run,
                directory=directory,
                by=by,
                import_job=import_job,
            )
        )
        report(30 + 60 * done // len(plans))
    return summaries


ALLOWED_EXTENSIONS = (".txt", ".docx", ".xlsx")


def import_job_create(*, upload, level: str = "", by) -> ImportJob:
    """Store an uploaded document and queue its import once the upload is committed."""
    from django.conf import settings
    from django.core.exceptions import ValidationError

    name = upload.name or ""
    if not name.lower().endswith(ALLOWED_EXTENSIONS):
        raise ValidationError(f"不支持的文件类型“{name}”：请上传 txt、docx 或 xlsx 文件。")
    limit = settings.IPPLAN_MAX_DOCUMENT_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"文件“{name}”有 {upload.size / 1048576:.1f} MB，超过 {limit / 1048576:.0f} MB 的上限。"
        )
    if upload.size == 0:
        raise ValidationError(f"文件“{name}”是空的。")
    job = ImportJob.objects.create(file=upload, filename=name[:200], level=level, uploaded_by=by)
    job_dispatch(job)
    return job


def import_job_retry(*, job: ImportJob, level: str, by) -> ImportJob:
    """Queue the same stored document again with the level the office chose."""
    retried = ImportJob.objects.create(
        file=job.file.name, filename=job.filename, level=level, uploaded_by=by
    )
    job_dispatch(retried)
    return retried


def import_job_run(job: ImportJob) -> ImportJob:
    """Run a queued import through the job runner: any failure ends the job failed."""
    from .decoding import DocumentError, LevelUnknownError

    def work(progress) -> list[str]:
        try:
            with job.file.open("rb") as handle:
                data = handle.read()
            summaries = document_import(
                data=data,
                filename=job.filename,
                level=job.level or None,
                progress=progress,
                by=job.uploaded_by,
                import_job=job,
            )
        except LevelUnknownError as error:
            raise JobRefusal(f"{error}：请在上传页的“计划层级”中选择后重新上传") from error
        except DocumentError as error:
            raise JobRefusal(str(error)) from error
        job.summaries = [summary.as_dict() for summary in summaries]
        job.plans.set([s.plan_id for s in summaries])
        job.message = "；".join(
            f"《{s.plan_title}》措施 {s.measures} 项"
            + (f"，为已有计划的第{s.revision}版修订，待应用" if s.revision else "")
            for s in summaries
        )
        return ["summaries"]

    return job_run(job, work, start_progress=10)
