"""Autosave and submit, the quarter-end rush's writes (bench/rush.py), cost the same number
of queries however many indicator values and versions a report has."""

import pytest

from tasks.models import ProgressReport
from tasks.services.reporting import report_return

from .conftest import form_data, report_of
from .test_query_counts import resubmit

pytestmark = pytest.mark.django_db
State = ProgressReport.State
FETCH = {"X-Requested-With": "fetch"}

# Budgets: what the small size measured, on SQLite and PostgreSQL alike (SQLite reads the
# version back, PostgreSQL share-locks the period). Autosave: the request (session, user,
# memberships, report, indicators), the report's row lock, its UPDATE, the stored values read
# under the lock and one write of those that changed. Before the indicator ids were passed
# in, the locked row no longer read back and only changed values written: 20 with one value,
# 64 with twelve. Submit: that save with its event, then the submit (33 and 99 before).
AUTOSAVE_QUERIES = 13
SUBMIT_QUERIES = 24


def indicators_added(report: ProgressReport, count: int) -> list[int]:
    """``count`` more indicators on the report's measure; the ids of all of them."""
    first = report.measure.indicators.get()
    for number in range(count):
        report.measure.indicators.create(
            plan=first.plan, name=f"指标{number}", unit="个", kind=first.kind, order=number + 2
        )
    return list(report.measure.indicators.values_list("pk", flat=True))


def typed_values(indicator_ids: list[int], first: int) -> dict:
    return {f"value_{pk}": first + n for n, pk in enumerate(indicator_ids)}


def autosave(client, report: ProgressReport, **fields) -> dict:
    report.refresh_from_db()
    reply = client.post(
        f"/reports/{report.pk}/autosave/", form_data(report, **fields), headers=FETCH
    )
    return reply.json()


def test_autosave_costs_the_same_queries_for_1_or_12_indicator_values(
    reporting_plan, reporter_b, login, django_assert_max_num_queries
):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    client = login(reporter_b)
    ids = list(report.measure.indicators.values_list("pk", flat=True))
    assert autosave(client, report, progress_text="一", **typed_values(ids, 1))["ok"]
    with django_assert_max_num_queries(AUTOSAVE_QUERIES) as small:
        assert autosave(client, report, progress_text="二", **typed_values(ids, 2))["ok"]

    ids = indicators_added(report, 11)
    assert autosave(client, report, progress_text="三", **typed_values(ids, 1))["ok"]
    with django_assert_max_num_queries(AUTOSAVE_QUERIES) as large:
        reply = autosave(client, report, progress_text="四", **typed_values(ids, 10))
    assert len(large) == len(small)
    report.refresh_from_db()
    assert reply == {"ok": True, "version": report.version, "saved_at": reply["saved_at"]}
    stored = dict(report.values.values_list("indicator_id", "value"))
    assert stored == {pk: 10 + n for n, pk in enumerate(ids)}
    assert report.progress_text == "四"


def test_an_autosave_that_changed_no_number_writes_none_and_keeps_them(
    reporting_plan, reporter_b, login, django_assert_max_num_queries
):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    client = login(reporter_b)
    ids = indicators_added(report, 3)
    assert autosave(client, report, progress_text="一", **typed_values(ids, 1))["ok"]
    with django_assert_max_num_queries(AUTOSAVE_QUERIES - 1):
        assert autosave(client, report, progress_text="二", **typed_values(ids, 1))["ok"]
    # One number cleared: that value goes, the others stay.
    typed = {**typed_values(ids, 1), f"value_{ids[0]}": ""}
    assert autosave(client, report, progress_text="三", **typed)["ok"]
    stored = dict(report.values.values_list("indicator_id", "value"))
    assert stored == {pk: 1 + n for n, pk in enumerate(ids) if n}


def test_submit_costs_the_same_queries_with_1_or_12_versions(
    reporting_plan, reporter_b, office_supervisor, login, django_assert_max_num_queries
):
    report = report_of(reporting_plan, "（二）", "省商务厅")
    client = login(reporter_b)
    ids = list(report.measure.indicators.values_list("pk", flat=True))
    data = form_data(report, progress_text="第一次", action="submit", **typed_values(ids, 1))
    with django_assert_max_num_queries(SUBMIT_QUERIES) as small:
        assert client.post(f"/reports/{report.pk}/", data).status_code == 302
    report.refresh_from_db()
    assert report.state == State.SUBMITTED and report.versions.count() == 1

    ids = indicators_added(report, 11)
    for number in range(2, 12):
        report = resubmit(report, reporter_b, office_supervisor, f"v{number}")
    report = report_return(report=report, by=office_supervisor, reason="请补充。")
    data = form_data(report, progress_text="第十二次", action="submit", **typed_values(ids, 5))
    with django_assert_max_num_queries(SUBMIT_QUERIES) as large:
        assert client.post(f"/reports/{report.pk}/", data).status_code == 302
    assert len(large) == len(small)
    report.refresh_from_db()
    assert report.state == State.SUBMITTED
    latest = report.versions.order_by("number").last()
    assert latest.number == 12 and latest.progress_text == "第十二次"
    assert latest.values == {str(pk): f"{5 + n}.0000" for n, pk in enumerate(ids)}
    assert "已报送联席会议办公室。" in client.get(f"/reports/{report.pk}/").content.decode()
