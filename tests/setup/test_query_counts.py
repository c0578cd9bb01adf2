"""The set-up pages cost the same number of queries for a small and a large plan."""

import pytest

from agencies.models import Agency
from tasks.models import Plan, ProgressReport
from tasks.synthetic import synthetic_generate, synthetic_reports_generate

pytestmark = pytest.mark.django_db


def _pages(plan: Plan, agency: Agency, report: ProgressReport) -> dict[str, int]:
    period = plan.periods.order_by("-starts_on").first()
    preview = f"kind={period.kind}&year={period.year}&number={period.number}"
    return {
        # measured 15, 14, 10, 8, 17, 7 at both sizes (5 vs 40 measures, 30 vs 720 reports);
        # a little room for the site-wide header (notices, navigation)
        f"/plans/{plan.slug}/responsibilities/": 17,
        f"/plans/{plan.slug}/responsibilities/?without_lead=on&q=知识产权": 16,
        f"/plans/{plan.slug}/agencies/{agency.pk}/": 12,
        f"/plans/{plan.slug}/periods/": 10,
        f"/plans/{plan.slug}/periods/?{preview}": 19,
        f"/reports/{report.pk}/on-behalf/": 9,
    }


@pytest.mark.parametrize(("scale", "quarters"), [(0.05, 2), (0.4, 6)])
def test_set_up_pages_do_not_grow_with_the_plan(
    client, office_supervisor, django_assert_max_num_queries, scale, quarters
):
    synthetic_generate(seed=5, scale=scale)
    synthetic_reports_generate(seed=5, quarters=quarters)
    plan = Plan.objects.filter(slug__startswith="synthetic-").order_by("slug").first()
    report = ProgressReport.objects.filter(period__plan=plan, state="draft").first()
    agency = report.agency
    client.force_login(office_supervisor)
    for url, ceiling in _pages(plan, agency, report).items():
        with django_assert_max_num_queries(ceiling):
            response = client.get(url)
        assert response.status_code == 200, url
