"""The plan overview: compliance counts, chapter statuses, RAG with its rules, laggards."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tasks.selectors.dashboard import DashboardFilters, plan_overview

pytestmark = pytest.mark.django_db


def overview(s, **kw):
    return plan_overview(DashboardFilters(plan=s.plan, period=s.q1, **kw))


def test_compliance_counts_match_the_story_of_the_quarter(supervised):
    counts = {c.name: c.value for c in overview(supervised).compliance}
    # six reports: three on time, two late, one never filed; one returned, one accepted
    assert counts == {
        "expected": 6,
        "submitted": 5,
        "on_time": 3,
        "late": 2,
        "missing": 1,
        "returned": 1,
        "accepted": 1,
    }


def test_every_compliance_number_leads_to_exactly_those_reports(client, supervised):
    client.force_login(supervised.office)
    for count in overview(supervised).compliance:
        url = urlparse(count.url)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        assert query["plan"] == str(supervised.plan.pk)
        assert query["period"] == str(supervised.q1.pk)
        response = client.get(count.url)
        assert response.status_code == 200, count.url
        if url.path == "/reports/review/":
            shown = response.context["page"].paginator.count
        else:
            shown = response.context["page"].paginator.count
            assert query["bucket"] == count.name
        assert shown == count.value, count.name


def test_compliance_follows_the_agency_and_chapter_filters(supervised):
    by_agency = {
        c.name: c.value
        for c in overview(supervised, agency=supervised.agencies["省科技厅"]).compliance
    }
    assert (by_agency["expected"], by_agency["on_time"], by_agency["late"]) == (3, 2, 1)
    chapter_two = supervised.plan.sections.get(number=2)
    by_chapter = {c.name: c.value for c in overview(supervised, section=chapter_two).compliance}
    assert (by_chapter["expected"], by_chapter["missing"], by_chapter["late"]) == (3, 1, 1)


def test_chapters_count_measures_by_their_lead_agencys_status(supervised):
    chapters = {c.chapter.number: c.counts for c in overview(supervised).chapters}
    assert chapters[1] == {"on_track": 1, "lagging": 1}
    assert chapters[2] == {"unreported": 1, "not_started": 1}


def test_red_amber_green_names_the_rules_that_fired(supervised):
    rag = {m.measure.label: (m.colour, m.rules) for m in overview(supervised).measures}
    assert rag["（一）"] == ("amber", ["逾期报送"])
    assert rag["（二）"] == ("red", ["有单位报告进度滞后", "报告被退回修改"])
    assert rag["（三）"] == ("red", ["截止日期已过仍未报送"])
    # 品牌培育数 55 against a line from 50 (2023) to 150 (2024): ~75 expected by 31 March
    assert rag["（四）"] == ("red", ["指标未达到序时进度", "有单位报告尚未启动", "逾期报送"])


def test_status_filter_keeps_only_that_colour(supervised):
    reds = overview(supervised, status="red").measures
    assert [m.measure.label for m in reds] == ["（二）", "（三）", "（四）"]


def test_a_retired_measure_shows_only_for_a_quarter_it_was_reported_in(supervised):
    from tasks.models import Measure

    plan, chapter_two = supervised.plan, supervised.plan.sections.get(number=2)
    Measure.objects.create(
        plan=plan, section=chapter_two, number=5, label="（五）", ref="（五）", order=5,
        text="修订删除的措施，本季度无人报告。", status=Measure.Status.RETIRED,
    )  # fmt: skip
    Measure.objects.filter(plan=plan, label="（二）").update(status=Measure.Status.RETIRED)
    labels = [m.measure.label for m in overview(supervised).measures]
    assert labels == ["（一）", "（二）", "（三）", "（四）"]
    # With an agency chosen, the measures it reports on (lead or co-responsible) only.
    mine = overview(supervised, agency=supervised.agencies["省科技厅"]).measures
    assert [m.measure.label for m in mine] == ["（一）", "（三）", "（四）"]


def test_lagging_agencies_are_ranked_worst_first(supervised):
    ranked = [(a.name, a.score) for a in overview(supervised).lagging_agencies]
    # 商务厅: one late + one lagging (1 + 2); 教育厅: one overdue (3); 科技厅: one late (1)
    assert sorted(ranked[:2]) == [("省商务厅", 3), ("省教育厅", 3)]
    assert ranked[2] == ("省科技厅", 1)


def test_before_the_due_date_a_missing_report_is_amber_not_red(supervised, set_clock):
    import datetime

    from .conftest import SHANGHAI

    set_clock(datetime.datetime(2024, 4, 9, 9, tzinfo=SHANGHAI))
    rag = {m.measure.label: (m.colour, m.rules) for m in overview(supervised).measures}
    assert rag["（三）"] == ("amber", ["尚未报送（未到截止日期）"])


def test_overview_page_is_office_only_and_staff_land_on_their_agency(client, supervised):
    from agencies.services import person_create

    reporter = person_create(
        username="nosy",
        password="pw",
        full_name="nosy",
        agency=supervised.agencies["省科技厅"],
        role="reporter",
    )
    client.force_login(reporter)
    # staff are sent to their own agency's dashboard (never the office's overview)
    response = client.get("/dashboard/")
    assert response.status_code == 302 and response["Location"] == "/dashboard/agency/"
    client.force_login(supervised.office)
    response = client.get(f"/dashboard/?plan={supervised.plan.pk}&period={supervised.q1.pk}")
    assert response.status_code == 200
    assert "督查看板" in response.content.decode()


def test_rag_rows_link_each_measure_and_escape_its_text(client, supervised):
    from django.urls import reverse

    from tasks.models import Measure

    Measure.objects.filter(plan=supervised.plan, label="（二）").update(
        title='<script>alert("x")</script> & 品牌'
    )
    client.force_login(supervised.office)
    response = client.get(f"/dashboard/?plan={supervised.plan.pk}&period={supervised.q1.pk}")
    html = response.content.decode()
    for item in response.context["o"].measures:
        url = reverse("dashboard:measure", args=[item.measure.pk])
        assert item.url == url
        assert f'<tr data-measure="{item.measure.pk}" data-rag="{item.colour}">' in html
        assert f'<a href="{url}"><strong>{item.measure.label}</strong></a>' in html
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 品牌" in html
