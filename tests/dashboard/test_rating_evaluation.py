"""Indicator ratings against the linear trajectory, and the annual evaluation (考评)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from indicators.models import Indicator, RatingThresholds
from indicators.rating import rate, trajectory_value
from tasks.grading import propose_grade
from tasks.models import AnnualEvaluation
from tasks.selectors.dashboard import evaluation_rows
from tasks.services.evaluation import evaluation_decide
from tasks.services.reporting import ReportingError

END_2024 = datetime.date(2024, 12, 31)
DEFAULTS = RatingThresholds(exceeded_ratio=Decimal("1.10"), nearly_ratio=Decimal("0.90"))
MID_2024 = datetime.date(2024, 6, 30)


def target(**kw) -> Indicator:
    # 100 at the end of 2023 → 200 at the end of 2025: the line gains 50 a year
    values = dict(
        name="专利申请量",
        kind="absolute",
        comparison="gte",
        base_year=2023,
        base_value=Decimal(100),
        target_value=Decimal(200),
        target_year=2025,
    )
    return Indicator(**(values | kw))


def test_the_trajectory_is_a_straight_line_from_base_to_target():
    assert trajectory_value(target(), datetime.date(2023, 12, 31)) == 100
    assert trajectory_value(target(), datetime.date(2025, 12, 31)) == 200
    assert trajectory_value(target(), END_2024) == Decimal(100) + Decimal(100) * 366 / 731
    assert trajectory_value(target(), datetime.date(2030, 1, 1)) == 200  # held at the target


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (Decimal(210), "exceeded"),  # past the final target already
        (Decimal(160), "exceeded"),  # 60 of ~50 expected: ≥ 1.10
        (Decimal(151), "met"),  # just over the line
        (Decimal(146), "nearly_met"),  # 46 of ~50: ≥ 0.90
        (Decimal(130), "not_met"),
        (None, "no_data"),
    ],
)
def test_latest_actual_is_rated_against_the_line(actual, expected):
    limits = RatingThresholds(exceeded_ratio=Decimal("1.10"), nearly_ratio=Decimal("0.90"))
    assert rate(target(), actual, END_2024, limits).rating == expected


def test_office_thresholds_change_the_rating():
    strict = RatingThresholds(exceeded_ratio=Decimal("1.50"), nearly_ratio=Decimal("0.95"))
    assert rate(target(), Decimal(160), END_2024, strict).rating == "met"
    assert rate(target(), Decimal(146), END_2024, strict).rating == "not_met"


def test_a_decreasing_target_is_rated_the_same_way():
    fewer = target(base_value=Decimal(100), target_value=Decimal(0), target_year=2025)
    assert rate(fewer, Decimal(40), END_2024, DEFAULTS).rating == "exceeded"  # 60 down, ~50 due
    assert rate(fewer, Decimal(80), END_2024, DEFAULTS).rating == "not_met"


def test_a_growth_target_starts_from_zero_percent():
    growth = target(kind="growth", base_value=None, target_value=Decimal(25), target_year=2024)
    # half-way through 2024 about 12.4% growth is due
    assert rate(growth, Decimal(13), MID_2024, DEFAULTS).rating == "met"
    assert rate(growth, Decimal(8), MID_2024, DEFAULTS).rating == "not_met"


@pytest.mark.django_db
def test_thresholds_are_edited_on_the_indicator_page_and_rerate(client, supervised):
    client.force_login(supervised.office)
    url = f"/dashboard/indicators/?plan={supervised.plan.pk}"
    # 品牌培育数: progress (55-50)/(74.9-50) ≈ 0.2 → not met; with nearly at 0.1 → nearly met
    response = client.post(url, {"exceeded_ratio": "1.2", "nearly_ratio": "0.1"}, follow=True)
    assert "评级标准已保存" in response.content.decode()
    ratings = {i.indicator.name: i.rating.rating for i in response.context["items"]}
    assert ratings["品牌培育数"] == "nearly_met"
    bad = client.post(url, {"exceeded_ratio": "0.8", "nearly_ratio": "0.9"}, follow=True)
    assert "评级标准未保存" in bad.content.decode()
    assert RatingThresholds.objects.get().exceeded_ratio == Decimal("1.2")


def test_grade_proposal_weights_on_time_status_and_targets():
    # 9/10 on time → 45; 1 of 4 lagging → 22.5; 1 of 2 targets → 10: 77.5 → 良好
    assert propose_grade(
        on_time=9, expected=10, measures=4, lagging=1, targets=2, targets_met=1
    ) == (Decimal("77.5"), "good")
    # without targets the 80 points are rescaled: (50 + 30) / 80 → 100 → 优秀
    assert propose_grade(
        on_time=4, expected=4, measures=2, lagging=0, targets=0, targets_met=0
    ) == (Decimal("100.0"), "excellent")
    assert (
        propose_grade(on_time=0, expected=4, measures=2, lagging=2, targets=0, targets_met=0)[1]
        == "fail"
    )


@pytest.mark.django_db
def test_evaluation_evidence_per_agency(supervised):
    rows = {r.name: r for r in evaluation_rows(supervised.plan, 2024)}
    keji = rows["省科技厅"]
    # Q1: 2 on time, 1 late; Q2: 3 not yet filed (the latest period counts them as lagging)
    assert (keji.expected, keji.on_time, keji.late, keji.missing) == (6, 2, 1, 3)
    assert (keji.measures, keji.lagging) == (3, 3)
    # 专利申请量 (（一）, led by 科技厅) exceeded; 品牌培育数 (（四）) not met
    assert (keji.targets, keji.targets_met) == (2, 1)
    assert keji.score == Decimal("26.7") and keji.proposed == "fail"


@pytest.mark.django_db
def test_office_records_a_grade_with_its_reason(client, supervised):
    client.force_login(supervised.office)
    keji = supervised.agencies["省科技厅"]
    url = f"/dashboard/evaluation/?plan={supervised.plan.pk}&year=2024"
    response = client.post(url, {"agency": keji.pk, "grade": "pass", "reason": ""}, follow=True)
    assert "请填写确定该等次的理由。" in response.content.decode()
    assert not AnnualEvaluation.objects.exists()
    client.post(
        url, {"agency": keji.pk, "grade": "pass", "reason": "二季度尚未到期，酌情定为合格。"}
    )
    evaluation = AnnualEvaluation.objects.get()
    assert (evaluation.grade, evaluation.proposed_grade) == ("pass", "fail")
    assert evaluation.evidence["按时报送"] == 2 and evaluation.decided_by == supervised.office
    page = client.get(url).content.decode()
    assert "二季度尚未到期，酌情定为合格。" in page


@pytest.mark.django_db
def test_only_the_office_grades(supervised, reporter_a):
    with pytest.raises(ReportingError) as refused:
        evaluation_decide(
            plan=supervised.plan,
            agency=supervised.agencies["省科技厅"],
            year=2024,
            grade="excellent",
            reason="自评优秀",
            by=reporter_a,
        )
    assert refused.value.code == "forbidden"
