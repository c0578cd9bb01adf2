"""Plan revisions through the API: the same selector and services as the page, office only."""

import pytest

from tasks.importer.services import document_import
from tasks.models import Measure, Plan, PlanRevision
from tests import documents

from .conftest import agency, issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(directory) -> Plan:
    path = documents.LIANYUNGANG
    document_import(data=path.read_bytes(), filename=path.name)
    document_import(data=documents.lianyungang_revised().encode(), filename="修订稿.txt")
    return Plan.objects.get()


def test_the_office_lists_reads_and_applies_a_revision(plan, office_token, client_for):
    api = client_for(office_token)
    url = f"/api/v1/plans/{plan.pk}/revisions/"
    listed = api.get(url).json()
    assert [(r["number"], r["status"]) for r in listed] == [(2, "pending"), (1, "applied")]
    detail = api.get(f"{url}2/").json()
    assert detail["counts"]["added"] == 1 and detail["counts"]["removed"] == 1
    kinds = sorted(m["kind"] for m in detail["changes"]["measures"])
    assert kinds == ["added", "changed", "removed", "reworded"]

    applied = api.post(f"{url}2/apply/")
    assert applied.status_code == 200, applied.json()
    assert applied.json()["status"] == "applied"
    assert Measure.objects.get(status="retired").text.startswith("加大互联网领域")
    again = api.post(f"{url}2/apply/")
    assert again.status_code == 409 and again.json()["code"] == "revision_not_pending"
    assert (
        api.get(f"/api/v1/plans/{plan.pk}/").json()["measure_count"] == 23
    )  # 20 tasks, 3 保障措施


def test_discarding_through_the_api_leaves_the_plan(plan, office_token, client_for):
    answer = client_for(office_token).post(f"/api/v1/plans/{plan.pk}/revisions/2/discard/")
    assert answer.status_code == 200 and answer.json()["status"] == "discarded"
    assert not Measure.objects.filter(status="retired").exists()


def test_agency_tokens_may_not_read_or_decide_revisions(plan, reporter_a, client_for):
    plan.status = Plan.Status.PUBLISHED
    plan.save()
    api = client_for(issue(reporter_a, agency("省科技厅"), ("read", "report")))
    url = f"/api/v1/plans/{plan.pk}/revisions/"
    assert api.get(url).status_code == 403
    assert api.get(f"{url}2/").status_code == 403
    assert api.post(f"{url}2/apply/").status_code == 403
    assert api.post(f"{url}2/discard/").status_code == 403
    assert client_for().get(url).status_code in (401, 403)
    assert PlanRevision.objects.get(number=2).status == PlanRevision.Status.PENDING


def test_an_unknown_revision_is_404(plan, office_token, client_for):
    api = client_for(office_token)
    assert api.get(f"/api/v1/plans/{plan.pk}/revisions/9/").status_code == 404
    assert (
        api.post(f"/api/v1/plans/{plan.pk}/revisions/99999999999999999999/apply/").status_code
        == 404
    )
