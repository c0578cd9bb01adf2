"""The overview and the matrix cost a fixed number of queries however large the plan."""

from __future__ import annotations

import pytest

from tasks.models import Plan, ProgressReport
from tasks.synthetic import synthetic_generate, synthetic_reports_generate

pytestmark = pytest.mark.django_db

# The ceiling of each page, the same at both sizes. The overview reads 18 (2 of them the
# session and its user, 3 the top bar), the matrix 9.
PAGES = {"/dashboard/": 18, "/dashboard/matrix/": 9, "/dashboard/indicators/": 25}


def _queries(client, django_assert_max_num_queries, url: str, limit: int) -> None:
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize(("scale", "quarters"), [(0.05, 4), (0.3, 12)])
def test_dashboard_queries_do_not_grow_with_the_data(
    client, office_supervisor, django_assert_max_num_queries, url, scale, quarters
):
    synthetic_generate(seed=2, scale=scale)
    synthetic_reports_generate(seed=2, quarters=quarters)
    plan = Plan.objects.filter(slug__startswith="synthetic-").order_by("slug").first()
    period = plan.periods.order_by("-starts_on").first()
    assert ProgressReport.objects.filter(period=period).exists()
    client.force_login(office_supervisor)
    # the same ceiling at both sizes: 5 vs 30 measures a plan, 4 vs 12 quarters
    limit = PAGES[url]
    _queries(
        client, django_assert_max_num_queries, f"{url}?plan={plan.pk}&period={period.pk}", limit
    )
