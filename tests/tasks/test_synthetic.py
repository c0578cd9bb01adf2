"""The benchmark dataset has the promised size and is the same for the same seed."""

import pytest

from agencies.models import Agency
from indicators.models import Indicator
from tasks.models import Assignment, Measure, Plan
from tasks.synthetic import synthetic_generate

pytestmark = pytest.mark.django_db


def test_province_scale_has_the_documented_counts():
    counts = synthetic_generate(seed=7, scale=1.0)
    assert Agency.objects.filter(name__startswith="合成单位").count() == 80
    assert Plan.objects.filter(slug__startswith="synthetic-").count() == 30
    assert Measure.objects.count() == 3000
    assert Assignment.objects.count() == 9000
    assert Indicator.objects.count() == 600
    assert (counts.measures, counts.assignments) == (3000, 9000)
    # Every measure has exactly one lead.
    assert Assignment.objects.filter(role="lead").count() == 3000


def _fingerprint() -> list[tuple]:
    return list(
        Assignment.objects.order_by("measure__plan__slug", "measure__number", "order").values_list(
            "measure__plan__slug", "measure__number", "measure__text", "agency__name", "role"
        )
    )


def test_the_same_seed_gives_the_same_data_and_regenerating_replaces_it():
    synthetic_generate(seed=3, scale=0.1)
    first = _fingerprint()
    synthetic_generate(seed=3, scale=0.1)
    assert _fingerprint() == first
    assert Plan.objects.count() == 3
    synthetic_generate(seed=4, scale=0.1)
    assert _fingerprint() != first


def test_reports_cover_every_reporting_assignment_for_each_quarter():
    from tasks.models import ProgressReport, ReportingPeriod, ReportVersion
    from tasks.synthetic import synthetic_reports_generate

    synthetic_generate(seed=5, scale=0.05)  # 4 agencies, 2 plans of 5 measures, 3 assignments each
    counts = synthetic_reports_generate(seed=5, quarters=4)
    assert ReportingPeriod.objects.count() == counts.periods == 2 * 4
    # every synthetic assignment is lead or co, both of which report: 30 × 4 quarters
    assert ProgressReport.objects.count() == counts.reports == 30 * 4
    assert ReportVersion.objects.count() == counts.versions
    assert counts.observations == Indicator.objects.count() * 4
    states = set(ProgressReport.objects.values_list("state", flat=True))
    assert {"accepted", "draft"} <= states
    # undelivered reports carry no submission time; delivered ones do
    assert not ProgressReport.objects.filter(state="draft", first_submitted_at__isnull=False)
    assert not ProgressReport.objects.filter(state="accepted", first_submitted_at__isnull=True)
    first = list(ProgressReport.objects.order_by("id").values_list("state", "late_days"))
    synthetic_reports_generate(seed=5, quarters=4)
    assert list(ProgressReport.objects.order_by("id").values_list("state", "late_days")) == first
