"""Importing the published documents into plans, on the database.

Expected values come from reading the documents (fixtures/documents/), not from the importer.
"""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from agencies.models import Agency
from indicators.models import Indicator, Observation
from tasks.importer import read_document
from tasks.importer.decoding import DocumentError
from tasks.importer.enrich import enrich
from tasks.importer.serialize import plan_to_json
from tasks.importer.services import document_import
from tasks.models import Assignment, Measure, Plan, ScheduleEntry, Section
from tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db

# A one-measure plan naming a body that is not in the directory.
FUTURE_PLAN = (
    "测试行动计划\n一、推进创造\n（一）建设知识产权大数据中心。（省知识产权局、省未来产业局负责）\n"
)

DOCUMENTS = Path(settings.BASE_DIR) / "fixtures" / "documents"
PLAN_2012 = DOCUMENTS / "2012-jiangsu-ip-strategy-action-plan.txt"
PILOT_2016 = DOCUMENTS / "2016-jiangsu-ip-regional-layout-pilot.txt"


def import_file(path: Path, **options):
    return document_import(data=path.read_bytes(), filename=path.name, **options)


def bodies(measure: Measure) -> list[tuple[str, str]]:
    return [
        (a.agency.short_name if a.agency else a.name_as_written, a.role)
        for a in measure.assignments.select_related("agency").order_by("order", "id")
    ]


def test_the_2012_plan_imports_with_chapters_measures_and_agencies(directory):
    (summary,) = import_file(PLAN_2012)
    plan = Plan.objects.get(slug="2012-jiangsu-ip-strategy-action-plan")
    assert plan.status == Plan.Status.DRAFT
    assert str(plan.issued_on) == "2012-05-15"
    assert Section.objects.filter(plan=plan, parent__isnull=True).count() == 7
    assert Measure.objects.filter(plan=plan).count() == 89
    assert (summary.chapters, summary.measures, summary.unresolved) == (7, 89, [])
    labels = list(plan.measures.order_by("order").values_list("label", flat=True))
    assert labels[0] == "（一）" and labels[-1] == "（八十九）"
    assert list(plan.measures.order_by("order").values_list("number", flat=True)) == list(
        range(1, 90)
    )

    item_21 = plan.measures.get(label="（二十一）")
    assert bodies(item_21) == [
        ("省商务厅", "lead"),
        ("省法院", "co"),
        ("省检察院", "co"),
        ("省公安厅", "co"),
        ("省工商局", "co"),
        ("省版权局", "co"),
        ("省知识产权局", "co"),
        ("省质监局", "co"),
        ("省食品药品监管局", "co"),
        ("省农委", "co"),
        ("南京海关", "co"),
    ]
    item_10 = plan.measures.get(label="（十）")
    assert [a.agency.name for a in item_10.assignments.order_by("order")] == [
        "江苏省科学技术厅",
        "江苏省经济和信息化委员会",
        "江苏省教育厅",
    ]
    assert item_10.assignments.get(role="lead").agency.short_name == "省科技厅"


def test_item_two_of_2012_yields_four_growth_targets_based_on_2011(directory):
    import_file(PLAN_2012)
    item_2 = Measure.objects.get(plan__slug="2012-jiangsu-ip-strategy-action-plan", label="（二）")
    targets = list(item_2.indicators.order_by("order"))
    assert [(t.kind, t.base_year, t.target_value, t.unit) for t in targets] == [
        ("growth", 2011, Decimal(25), "%"),
        ("growth", 2011, Decimal(30), "%"),
        ("growth", 2011, Decimal(25), "%"),
        ("growth", 2011, Decimal(30), "%"),
    ]
    assert all(t.target_year == 2012 for t in targets)
    # The lead agency of the measure owns its indicators.
    assert {t.agency.short_name for t in targets} == {"省知识产权局"}


def test_the_2016_pilot_keeps_groups_flags_relevant_cities_and_imports_the_annex(directory):
    (summary,) = import_file(PILOT_2016)
    plan = Plan.objects.get(slug="2016-jiangsu-ip-regional-layout-pilot")
    cities = Agency.objects.get(short_name="各省辖市")
    assert cities.members.count() == 13
    key_tasks = plan.measures.filter(assignments__agency=cities).distinct()
    assert key_tasks.count() == 6
    assert summary.unresolved == ["相关省辖市"]
    entries = ScheduleEntry.objects.filter(plan=plan)
    assert entries.count() == summary.schedule_rows > 20
    expert_group = entries.get(action="组建试点工作专家组")
    assert (str(expert_group.start_month), str(expert_group.end_month)) == (
        "2016-02-01",
        "2016-02-01",
    )
    database = entries.get(action__startswith="建设知识产权资源、创新资源和产业基础信息综合数据库")
    assert (str(database.start_month), str(database.end_month)) == ("2016-05-01", "2017-10-01")
    roles = {(a.agency.short_name, a.role) for a in database.assignments.select_related("agency")}
    assert ("省知识产权局", "lead") in roles
    assert ("省科技厅", "funder") in roles and ("省财政厅", "funder") in roles
    assert ("省发展改革委", "data") in roles


def test_reimporting_proposes_a_revision_and_changes_nothing_until_it_is_applied(directory):
    import_file(PLAN_2012)
    plan = Plan.objects.get(slug="2012-jiangsu-ip-strategy-action-plan")
    measure_ids = set(plan.measures.values_list("pk", flat=True))
    indicator = Indicator.objects.filter(plan=plan).order_by("pk").first()
    Observation.objects.create(
        indicator=indicator, period=ReportingPeriodFactory(plan=plan), value=12
    )
    counts = (Measure.objects.count(), Assignment.objects.count(), Indicator.objects.count())

    (summary,) = import_file(PLAN_2012)
    assert summary.created is False and summary.revision == 2
    assert Plan.objects.count() == 1
    assert set(plan.measures.values_list("pk", flat=True)) == measure_ids
    assert (
        Measure.objects.count(),
        Assignment.objects.count(),
        Indicator.objects.count(),
    ) == counts
    assert Observation.objects.get().indicator_id == indicator.pk


def test_dry_run_reports_everything_and_writes_nothing(directory):
    (summary,) = import_file(PLAN_2012, dry_run=True)
    assert summary.measures == 89 and summary.dry_run
    assert not Plan.objects.exists() and not Measure.objects.exists()


def test_gbk_text_imports_like_utf8(directory):
    data = PLAN_2012.read_text(encoding="utf-8").encode("gb18030")
    (summary,) = document_import(data=data, filename="plan-gbk.txt")
    assert (summary.chapters, summary.measures) == (7, 89)


def test_an_unknown_agency_is_proposed_not_dropped_nor_merged(directory):
    text = FUTURE_PLAN
    (summary,) = document_import(data=text.encode(), filename="test.txt", level="province")
    assert summary.unresolved == ["省未来产业局"]
    measure = Measure.objects.get()
    assert bodies(measure) == [("省知识产权局", "lead"), ("省未来产业局", "co")]
    assert measure.assignments.get(name_as_written="省未来产业局").agency is None


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (b"", "empty.txt", "空"),
        (bytes(range(256)) * 40, "binary.txt", ""),
        (b"x" * (6 * 1024 * 1024), "huge.txt", "上限"),
        ("今天天气很好，我们去公园散步。\n晚上看书。\n".encode(), "note.txt", ""),
        (b"PK\x03\x04 not really a zip", "broken.docx", ""),
        (b"%PDF-1.4", "scan.pdf", "PDF"),
    ],
)
def test_bad_documents_get_a_chinese_message_and_create_nothing(
    directory, data, filename, expected
):
    with pytest.raises(DocumentError) as error:
        document_import(data=data, filename=filename)
    message = str(error.value)
    assert expected in message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message
    assert not Plan.objects.exists()


@pytest.mark.parametrize("path", sorted(DOCUMENTS.glob("*.txt")), ids=lambda p: p.stem)
def test_every_shipped_plan_fixture_is_what_the_importer_makes_of_its_document(path):
    for parsed in read_document(path.read_bytes(), filename=path.name):
        fixture = Path(settings.BASE_DIR) / "fixtures" / "plans" / f"{parsed.slug}.json"
        assert fixture.read_text(encoding="utf-8") == plan_to_json(enrich(parsed)) + "\n", (
            f"{fixture.name} is stale: run manage.py build_seed_fixtures"
        )


def test_tongzhou_paragraphs_keep_their_lead_and_groups_and_2025_targets(directory):
    path = DOCUMENTS / "2022-tongzhou-ip-strong-county-work-plan.txt"
    (summary,) = import_file(path)
    assert summary.unresolved == []
    plan = Plan.objects.get(slug=path.stem)
    assert (plan.level, plan.period_start_year, plan.period_end_year) == ("district", 2022, 2025)
    measure = plan.measures.get(ref="四（三）1")
    assert bodies(measure) == [
        ("区市场监管局", "lead"),
        ("区科技局", "co"),
        ("南通高新区", "co"),
        ("各镇（街道）", "co"),
    ]
    # 区市场监管局（知识产权局）: one body with two nameplates, never two bodies.
    nameplate = Assignment.objects.filter(measure__plan=plan, agency__short_name="区知识产权局")
    assert not nameplate.exists()
    target = Indicator.objects.get(plan=plan, name="万人高价值发明专利拥有量")
    assert (target.target_value, target.unit, target.target_year) == (Decimal(18), "件/万人", 2025)


def test_the_policy_listing_becomes_one_plan_per_document(directory):
    path = DOCUMENTS / "policy-listing-suzhou-jiangsu-national.txt"
    summaries = import_file(path)
    levels = {s.slug: Plan.objects.get(slug=s.slug).level for s in summaries}
    assert len(summaries) == 5
    assert sorted(levels.values()) == ["city", "city", "national", "province", "province"]
    target = Indicator.objects.get(name="万人高价值发明专利拥有量", target_value=17)
    assert (target.plan.title, target.target_year) == ("江苏省“十四五”知识产权发展规划", 2025)
