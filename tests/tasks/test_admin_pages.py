"""The admin pages an office clerk uses keep a fixed number of queries as data grows."""

import pytest

from tasks.synthetic import synthetic_generate

pytestmark = pytest.mark.django_db

# Pages measured here, each listing up to 100 rows with their related rows.
CHANGELISTS = [
    "/admin/tasks/measure/",
    "/admin/tasks/plan/",
    "/admin/tasks/assignment/",
    "/admin/agencies/agency/",
    "/admin/indicators/indicator/",
]


@pytest.fixture
def clerk(admin_user, client):
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("url", CHANGELISTS)
@pytest.mark.parametrize("scale", [0.05, 0.4])
def test_changelist_query_count_does_not_grow_with_data(
    clerk, url, scale, django_assert_max_num_queries
):
    synthetic_generate(seed=1, scale=scale)
    with django_assert_max_num_queries(8):
        response = clerk.get(url)
    assert response.status_code == 200


def test_measure_changelist_filters_by_agency_and_searches_text(clerk):
    synthetic_generate(seed=1, scale=0.1)
    from tasks.models import Assignment

    lead = Assignment.objects.filter(role="lead").select_related("agency", "measure").first()
    response = clerk.get("/admin/tasks/measure/", {"agency": lead.agency_id})
    assert response.status_code == 200
    shown = response.context["cl"].result_list
    assert lead.measure in shown
    assert all(any(a.agency_id == lead.agency_id for a in m.assignments.all()) for m in shown)
    response = clerk.get("/admin/tasks/measure/", {"q": lead.agency.name})
    assert lead.measure in response.context["cl"].result_list
