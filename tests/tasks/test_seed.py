"""`seed` (run by `make run` on every start) loads everything once and never undoes the office."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from agencies.models import Agency, AgencyAlias, User
from core.models import Level
from indicators.models import Indicator
from tasks.models import Assignment, Measure, Plan, ReportingPeriod
from tasks.services.reporting import period_close, period_quarter_get_or_create

pytestmark = pytest.mark.django_db
PLAN_2012 = "2012-jiangsu-ip-strategy-action-plan"


def seed() -> str:
    out = StringIO()
    call_command("seed", stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True  # the demo people and period, as `make run` has them
    seed()


def test_seed_on_an_empty_database_loads_every_plan(seeded):
    assert Plan.objects.count() == 9
    plan = Plan.objects.get(slug=PLAN_2012)
    assert plan.measures.count() == 89 and plan.status == Plan.Status.PUBLISHED
    assert plan.revisions.get().number == 1
    assert Agency.objects.filter(short_name="省科技厅").exists()
    assert User.objects.filter(username="office").exists()
    assert plan.periods.get(year=2012, number=4).status == ReportingPeriod.Status.OPEN


def test_seeding_again_keeps_everything_the_office_entered(seeded):
    plan = Plan.objects.get(slug=PLAN_2012)
    # The office's own work, as its pages would record it:
    city_department = Agency.objects.create(
        name="连云港市科学技术局", short_name="市科技局", level=Level.CITY, kind="department"
    )
    keji = Agency.objects.get(short_name="省科技厅")
    keji.short_name = "省科学技术厅"  # a renamed short name
    keji.save()
    AgencyAlias.objects.create(agency=keji, name="科技厅（新）")
    cities = Agency.objects.get(short_name="各省辖市")
    dropped_member = cities.members.order_by("name").first()
    cities.members.remove(dropped_member)
    measure = plan.measures.get(label="（十）")
    hand = Assignment.objects.create(
        measure=measure, agency=city_department, role="co", name_as_written="市科技局"
    )
    imported = measure.assignments.exclude(pk=hand.pk).first()
    imported.role = "participant"
    imported.save()
    indicator = Indicator.objects.filter(plan=plan).order_by("pk").first()
    indicator.target_value = Decimal("12345")
    indicator.save()
    extra = period_quarter_get_or_create(plan=plan, year=2012, quarter=3)
    extra.due_on = extra.due_on.replace(day=20)
    extra.save()
    demo_period = plan.periods.get(year=2012, number=4)
    period_close(period=demo_period)
    office = User.objects.get(username="office")
    office.set_password("changed-by-office")
    office.save()
    Measure.objects.filter(pk=measure.pk).update(text="联席办改写的措施内容。")
    counts = (Plan.objects.count(), Measure.objects.count(), Assignment.objects.count())

    printed = seed()

    assert "已存在，保持不变" in printed
    assert (Plan.objects.count(), Measure.objects.count(), Assignment.objects.count()) == counts
    assert Assignment.objects.filter(pk=hand.pk, agency=city_department).exists()
    assert Assignment.objects.get(pk=imported.pk).role == "participant"
    assert Indicator.objects.get(pk=indicator.pk).target_value == Decimal("12345")
    assert Measure.objects.get(pk=measure.pk).text == "联席办改写的措施内容。"
    keji.refresh_from_db()
    assert keji.short_name == "省科学技术厅" and keji.aliases.filter(name="科技厅（新）").exists()
    assert Agency.objects.filter(name="连云港市科学技术局").exists()
    assert dropped_member not in cities.members.all()
    extra.refresh_from_db()
    assert extra.due_on.day == 20
    demo_period.refresh_from_db()
    assert demo_period.status == ReportingPeriod.Status.CLOSED
    assert User.objects.get(username="office").check_password("changed-by-office")
    assert plan.revisions.count() == 1


def test_seed_adds_an_agency_missing_from_the_directory(directory):
    Agency.objects.filter(short_name="南京海关").delete()
    call_command("seed", "--no-demo", stdout=StringIO())
    assert Agency.objects.filter(short_name="南京海关").exists()
