"""A new edition of a plan's document becomes a revision: compared, applied, nothing lost."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agencies.models import Agency, Membership
from agencies.services import person_create
from core.models import Level
from indicators.models import Indicator, Observation
from tasks.importer.services import document_import
from tasks.models import Assignment, Measure, Plan, PlanRevision, ProgressReport
from tasks.selectors.revisions import revision_diff, revision_proposal
from tasks.services.periods import plan_years_set
from tasks.services.reporting import (
    ReportInput,
    live_measures,
    period_open,
    period_quarter_get_or_create,
    report_save,
    report_submit,
)
from tasks.services.revisions import revision_apply, revision_discard
from tests import documents
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db
SLUG = "2016-lianyungang-ip-implementation-opinion"


def import_text(text: str, filename: str, **options):
    return document_import(data=text.encode(), filename=filename, **options)


@pytest.fixture
def plan(directory) -> Plan:
    import_text(documents.LIANYUNGANG.read_text(encoding="utf-8"), documents.LIANYUNGANG.name)
    return Plan.objects.get(slug=SLUG)


@pytest.fixture
def keji(plan) -> Agency:
    """A city department the document does not name: the office assigns it by hand."""
    agency = AgencyFactory(name="连云港市科学技术局", short_name="市科技局", level=Level.CITY)
    for measure in plan.measures.all():
        Assignment.objects.create(
            measure=measure, agency=agency, role="lead", name_as_written="市科技局"
        )
    return agency


@pytest.fixture
def filed(plan, keji):
    """Reports filed for 2016年第四季度 on every measure, by the department's reporter."""
    reporter = person_create(
        username="lyg",
        password="pw",
        full_name="市科技局填报人",
        agency=keji,
        role=Membership.Role.REPORTER,
    )
    period = period_quarter_get_or_create(plan=plan, year=2016, quarter=4)
    period_open(period=period)
    for report in ProgressReport.objects.filter(period=period):
        data = ReportInput(progress_status="on_track", progress_text=f"推进{report.measure.label}")
        report = report_save(report=report, by=reporter, data=data, expected_version=0)
        report_submit(report=report, by=reporter)
    return period


def measure(plan: Plan, start: str) -> Measure:
    return plan.measures.get(text__startswith=start)


def revise(filename: str = "连云港市实施意见（修订稿）.txt"):
    (summary,) = import_text(documents.lianyungang_revised(), filename)
    return summary


def test_the_first_import_is_kept_as_revision_one(plan):
    revision = plan.revisions.get()
    assert (revision.number, revision.status) == (1, PlanRevision.Status.APPLIED)
    assert revision.document_number == "连政发〔2016〕132号"
    assert len(revision_proposal(revision).sections) == len(plan.sections.filter(parent=None))


def test_the_same_document_again_is_a_revision_with_no_changes(plan):
    (summary,) = import_text(documents.LIANYUNGANG.read_text(encoding="utf-8"), "another-name.txt")
    assert (summary.slug, summary.revision, summary.created) == (SLUG, 2, False)
    assert Plan.objects.count() == 1
    diff = revision_diff(plan, revision_proposal(plan.revisions.get(number=2)))
    assert not diff.has_changes
    assert diff.counts()["unchanged"] == 23  # 20 tasks and the 3 of 保障措施


def test_an_edited_edition_shows_what_changed_and_changes_nothing_until_applied(plan, filed):
    before = list(plan.measures.order_by("order").values_list("pk", "ref", "text"))
    summary = revise()
    assert summary.revision == 2 and summary.slug == SLUG
    counts = summary.revision_counts
    assert (counts["added"], counts["removed"], counts["reworded"]) == (1, 1, 1)
    # 二（三）5 became 二（三）4 when the item before it went; its text is unchanged.
    assert counts["renumbered"] == 1 and counts["changed"] == 1
    assert counts["targets"] == 1  # 万人有效发明专利拥有量 8 → 10 件
    assert "已存为第2版修订，待应用" in summary.as_text()
    assert list(plan.measures.order_by("order").values_list("pk", "ref", "text")) == before
    assert PlanRevision.objects.get(plan=plan, number=2).status == PlanRevision.Status.PENDING


def test_applying_keeps_reports_attached_and_retires_the_removed_measure(plan, keji, filed):
    reworded = measure(plan, "促进企业知识产权产出")
    removed = measure(plan, "加大互联网领域")
    renumbered = measure(plan, "建立知识产权信用体系")
    reports = dict(ProgressReport.objects.values_list("pk", "measure_id"))
    indicator = Indicator.objects.get(plan=plan, name="万人有效发明专利拥有量")
    Observation.objects.create(indicator=indicator, period=filed, value=Decimal("6.5"))
    summary = revise()

    diff = revision_apply(revision=plan.revisions.get(number=summary.revision), by=None)

    assert diff.counts()["added"] == 1
    # Every report is still there, on the same measure row.
    assert dict(ProgressReport.objects.values_list("pk", "measure_id")) == reports
    reworded.refresh_from_db()
    assert reworded.text.startswith("促进企业知识产权产出。进一步加大对培强培优企业")
    renumbered.refresh_from_db()
    assert (renumbered.ref, renumbered.label) == ("二（三）4", "4.")
    removed.refresh_from_db()
    assert removed.status == Measure.Status.RETIRED and removed.retired_at is not None
    assert removed.retired_in.number == 2 and removed.reports.count() == 1
    added = measure(plan, "建设知识产权大数据平台")
    assert added.ref == "二（五）4"
    # The office's hand-made assignments stay on every measure the document kept.
    assert (
        Assignment.objects.filter(agency=keji).count() == 23
    )  # every measure of the first edition (20 tasks, 3 保障措施)
    # The raised target is the same indicator, so what was reported against it stays.
    indicator.refresh_from_db()
    assert indicator.target_value == 10 and indicator.observations.get().value == Decimal("6.5")
    # The open period gains the added measure only when someone is assigned to it.
    next_period = period_quarter_get_or_create(plan=plan, year=2017, quarter=1)
    live = {m.pk for m in live_measures(next_period)}
    assert removed.pk not in live and added.pk in live and reworded.pk in live
    revision = plan.revisions.get(number=2)
    assert revision.status == PlanRevision.Status.APPLIED
    assert revision.changes["counts"]["removed"] == 1


def test_removed_then_restored_measure_is_new_and_the_old_one_stays_retired(plan, filed):
    revision_apply(revision=plan.revisions.get(number=revise().revision), by=None)
    (summary,) = import_text(documents.LIANYUNGANG.read_text(encoding="utf-8"), "原版.txt")
    revision_apply(revision=plan.revisions.get(number=summary.revision), by=None)
    internet = plan.measures.filter(text__startswith="加大互联网领域")
    assert sorted(internet.values_list("status", flat=True)) == ["active", "retired"]
    assert plan.measures.exclude(status="retired").count() == 23


def test_a_body_dropped_from_the_phrase_goes_and_a_hand_assigned_one_stays(directory):
    text = (
        "测试行动计划\n一、推进创造\n（一）建设知识产权大数据中心。（省知识产权局、省科技厅负责）\n"
    )
    import_text(text, "test.txt", level="province")
    plan = Plan.objects.get()
    item = plan.measures.get()
    hand = Agency.objects.get(short_name="省教育厅")
    Assignment.objects.create(measure=item, agency=hand, role="co", name_as_written="省教育厅")
    revised = text.replace("省科技厅负责", "省商务厅负责")
    (summary,) = import_text(revised, "test-2.txt", level="province")

    revision_apply(revision=plan.revisions.get(number=summary.revision), by=None)

    names = set(item.assignments.values_list("agency__short_name", "role"))
    assert names == {("省知识产权局", "lead"), ("省商务厅", "co"), ("省教育厅", "co")}


def test_only_a_pending_revision_is_applied_or_discarded_and_only_by_the_office(plan, keji):
    first, second = revise(), revise("second.txt")
    older, newer = (plan.revisions.get(number=n) for n in (first.revision, second.revision))
    older.refresh_from_db()
    assert older.status == PlanRevision.Status.SUPERSEDED
    with pytest.raises(ValidationError, match="已被更新的修订取代"):
        revision_apply(revision=older, by=None)
    reporter = person_create(
        username="r", password="pw", full_name="填报人", agency=keji, role="reporter"
    )
    with pytest.raises(PermissionDenied):
        revision_apply(revision=newer, by=reporter)
    with pytest.raises(PermissionDenied):
        revision_discard(revision=newer, by=reporter)
    revision_discard(revision=newer, by=None)
    with pytest.raises(ValidationError, match="已放弃"):
        revision_apply(revision=newer, by=None)
    assert not plan.measures.filter(status="retired").exists()


def test_a_document_of_another_plan_under_a_taken_file_name_is_a_new_plan(plan):
    text = "测试行动计划\n一、推进创造\n（一）建设知识产权大数据中心。（省知识产权局负责）\n"
    (summary,) = import_text(text, f"{SLUG}.txt", level="province")
    assert summary.created and summary.slug == f"{SLUG}-2"
    assert Plan.objects.count() == 2


def test_a_dry_run_compares_and_keeps_nothing(plan):
    (summary,) = import_text(documents.lianyungang_revised(), "x.txt", dry_run=True)
    assert summary.revision is None and summary.revision_counts["added"] == 1
    assert "试运行，未保存" in summary.as_text()
    assert plan.revisions.count() == 1


def test_the_same_plan_saved_as_word_is_a_revision_not_an_error(plan):
    import docx

    from tests.tasks.test_docx_xlsx_readers import docx_bytes

    document = docx.Document()
    for line in documents.lianyungang_revised().split("\n"):
        document.add_paragraph(line)
    (summary,) = document_import(data=docx_bytes(document), filename="意见（修订）.docx")
    assert (summary.slug, summary.revision) == (SLUG, 2)
    assert summary.revision_counts["added"] == 1 and Plan.objects.count() == 1


def test_a_document_number_typed_with_other_brackets_is_the_same_plan(plan):
    text = documents.lianyungang_revised().replace("连政发〔2016〕132号", "连政发[2016] 132号")
    (summary,) = import_text(text, "scan-ocr.txt")
    assert (summary.slug, summary.revision) == (SLUG, 2)


def test_the_task_breakdown_export_is_the_plan_as_it_reads_after_the_revision(plan, filed):
    import io

    import openpyxl

    from tasks.exports.breakdown import write_breakdown

    revision_apply(revision=plan.revisions.get(number=revise().revision), by=None)
    out = io.BytesIO()
    assert write_breakdown(plan, out) == 23  # 20 tasks and 3 保障措施
    cells = " ".join(
        str(value)
        for sheet in openpyxl.load_workbook(out).worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value
    )
    assert "建设知识产权大数据平台" in cells and "加大互联网领域" not in cells


def test_a_revision_keeps_the_years_the_office_extended_the_plan_to(plan, office_supervisor):
    plan_years_set(plan=plan, start_year=2016, end_year=2026, by=office_supervisor)
    (summary,) = import_text(documents.LIANYUNGANG.read_text(encoding="utf-8"), "again.txt")
    revision = plan.revisions.get(number=summary.revision)
    diff = revision_diff(plan, revision_proposal(revision))
    assert not diff.has_changes  # the document's 到2020年 does not cut the plan back
    revision_apply(revision=revision, by=office_supervisor)
    plan.refresh_from_db()
    assert (plan.period_start_year, plan.period_end_year) == (2016, 2026)
