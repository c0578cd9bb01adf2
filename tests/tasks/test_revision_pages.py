"""Revision pages, the import job and the CLI on a new edition, and who may use them."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from agencies.models import Agency, Membership
from agencies.services import person_create
from tasks.importer.services import document_import, import_job_run
from tasks.models import ImportJob, Measure, Plan, PlanRevision
from tasks.selectors.plans import plans_with_counts
from tests import documents

pytestmark = pytest.mark.django_db
SLUG = "2016-lianyungang-ip-implementation-opinion"
PAGE = f"/plans/{SLUG}/revisions/2/"


def import_path(path, **options):
    return document_import(data=path.read_bytes(), filename=path.name, **options)


@pytest.fixture
def plan(directory) -> Plan:
    import_path(documents.LIANYUNGANG)
    return Plan.objects.get(slug=SLUG)


@pytest.fixture
def revised(plan) -> PlanRevision:
    document_import(data=documents.lianyungang_revised().encode(), filename="修订稿.txt")
    return plan.revisions.get(number=2)


@pytest.fixture
def office(client, office_supervisor):
    client.force_login(office_supervisor)
    return client


@pytest.fixture
def staff(directory):
    """Agency people of every role: none of them may see or decide revisions."""
    agency = Agency.objects.get(short_name="省科技厅")
    return [
        person_create(username=role, password="pw", full_name=role, agency=agency, role=role)
        for role in (Membership.Role.REPORTER, Membership.Role.APPROVER, Membership.Role.VIEWER)
    ]


def test_the_revision_page_shows_each_change_and_applying_it_changes_the_plan(office, revised):
    page = office.get(PAGE).content.decode()
    assert "修订第2版" in page and "待应用" in page
    assert "<ins>进一步</ins>" in page  # the reworded item, word by word
    assert "建设知识产权大数据平台" in page  # added
    assert "加大互联网领域知识产权保护力度" in page  # removed
    assert "二（三）5 → 二（三）4" in page  # renumbered
    assert "<del>万人有效发明专利拥有量达 8 件</del>" in page
    assert "mostly-removed" not in page  # one of twenty goes: no alarm

    response = office.post(f"{PAGE}apply/", follow=True)

    assert "第2版修订已应用：新增措施 1 项，停用 1 项，修改 1 项" in response.content.decode()
    revised.refresh_from_db()
    assert revised.status == PlanRevision.Status.APPLIED and revised.decided_by.username == "office"
    assert Measure.objects.get(status="retired").text.startswith("加大互联网领域")
    again = office.post(f"{PAGE}apply/", follow=True).content.decode()
    assert "第2版修订已应用，不能应用。" in again
    # The retired measure leaves the plan as it reads now and the 责任分工 page.
    for url in (f"/plans/{SLUG}/", f"/plans/{SLUG}/responsibilities/"):
        page = office.get(url).content.decode()
        assert "加大互联网领域" not in page and "建设知识产权大数据平台" in page
    assert (
        plans_with_counts(office=True).get(slug=SLUG).measure_total == 23
    )  # 23 less the retired one plus the added one


def test_discarding_leaves_the_plan_as_it_was(office, revised, plan):
    before = list(plan.measures.values_list("pk", "ref", "text", "status"))
    response = office.post(f"{PAGE}discard/", follow=True)
    assert "第2版修订已放弃，计划保持不变" in response.content.decode()
    assert list(plan.measures.values_list("pk", "ref", "text", "status")) == before


def test_the_plan_page_lists_its_revisions_for_the_office_only(office, revised, staff, client):
    page = office.get(f"/plans/{SLUG}/").content.decode()
    assert "修订记录" in page and "第1版" in page and "初次导入" in page
    assert f'href="{PAGE}"' in page
    for person in staff:
        client.force_login(person)
        response = client.get(f"/plans/{SLUG}/")
        if response.status_code == 200:  # published plans are visible to agencies
            assert "修订记录" not in response.content.decode()


def test_only_the_office_may_see_apply_or_discard_a_revision(client, revised, staff):
    for url in (PAGE, f"{PAGE}apply/", f"{PAGE}discard/"):
        anonymous = client.get(url) if url == PAGE else client.post(url)
        assert anonymous.status_code == 302 and "/login/" in anonymous.url
    for person in staff:
        client.force_login(person)
        assert client.get(PAGE).status_code == 403
        assert client.post(f"{PAGE}apply/").status_code == 403
        assert client.post(f"{PAGE}discard/").status_code == 403
    revised.refresh_from_db()
    assert revised.status == PlanRevision.Status.PENDING


def test_a_revision_of_another_plan_is_not_found_under_this_one(office, revised, directory):
    import_path(documents.PLAN_2012)
    other = Plan.objects.exclude(slug=SLUG).get()
    assert office.get(f"/plans/{other.slug}/revisions/2/").status_code == 404


@pytest.mark.parametrize("path", [documents.LIANYUNGANG, documents.PLAN_2012])
def test_the_revision_page_queries_do_not_grow_with_the_plan(
    office, directory, path, django_assert_max_num_queries
):
    import_path(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    body = "\n".join(lines[20:]).replace("知识产权", "知识产权事业", 5)  # the title is kept
    text = "\n".join(lines[:20]) + "\n" + body
    (summary,) = document_import(data=text.encode(), filename="edited.txt")
    url = f"/plans/{summary.slug}/revisions/{summary.revision}/"
    with django_assert_max_num_queries(14):
        response = office.get(url)
    assert response.status_code == 200


def test_the_import_job_of_a_new_edition_links_to_its_revision(office, plan, office_supervisor):
    job = ImportJob.objects.create(
        file=SimpleUploadedFile("修订稿.txt", documents.lianyungang_revised().encode()),
        filename="修订稿.txt",
        uploaded_by=office_supervisor,
    )
    import_job_run(job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED
    assert "为已有计划的第2版修订，待应用" in job.message
    assert list(job.plans.all()) == [plan]
    revision = plan.revisions.get(number=2)
    assert revision.import_job == job and revision.proposed_by == office_supervisor
    page = office.get(f"/plans/import/{job.pk}/").content.decode()
    assert "已有计划的新版本" in page and f'href="{PAGE}"' in page


def test_the_cli_proposes_a_revision_and_applies_it_with_apply(plan, tmp_path):
    edited = tmp_path / "连云港实施意见-修订.txt"
    edited.write_text(documents.lianyungang_revised(), encoding="utf-8")
    out = StringIO()
    call_command("import_plan", str(edited), stdout=out)
    printed = out.getvalue()
    assert "是已有计划（2016-lianyungang-ip-implementation-opinion）的新版本" in printed
    assert "措施：新增 1，删除（停用）1，文字修改 1，编号变化 1" in printed
    assert PAGE in printed
    assert not plan.measures.filter(status="retired").exists()

    out = StringIO()
    call_command("import_plan", str(edited), "--apply", stdout=out)
    assert "已应用第3版修订" in out.getvalue()
    assert plan.revisions.get(number=2).status == PlanRevision.Status.SUPERSEDED
    assert plan.measures.filter(status="retired").count() == 1


def test_a_revision_that_would_retire_most_measures_is_flagged(office, plan):
    text = documents.LIANYUNGANG.read_text(encoding="utf-8")
    excerpt = text[: text.index("（二）促进知识产权运用")]  # only the first four items
    document_import(data=excerpt.encode(), filename="节选.txt")
    page = office.get(PAGE).content.decode()
    assert 'data-test="mostly-removed"' in page and "将停用现有措施中的大多数（19 项）" in page
