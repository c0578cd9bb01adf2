"""The office's import pages: upload, progress, side-by-side review, resolve, fix, publish."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.models import Agency, AgencyAlias, Membership
from agencies.services import person_create
from tasks.importer.services import document_import
from tasks.models import Assignment, ImportJob, Plan
from tests.helpers import wait_until

pytestmark = pytest.mark.django_db

# A one-measure plan naming a body that is not in the directory.
FUTURE_PLAN = (
    "测试行动计划\n一、推进创造\n（一）建设知识产权大数据中心。（省知识产权局、省未来产业局负责）\n"
)

DOCUMENTS = Path(settings.BASE_DIR) / "fixtures" / "documents"
PILOT = "2016-jiangsu-ip-regional-layout-pilot"


@pytest.fixture
def office(client, office_supervisor):
    client.force_login(office_supervisor)
    return client


@pytest.fixture
def reporter(directory):
    return person_create(
        username="keji",
        password="pw",
        full_name="科技厅填报人",
        agency=Agency.objects.get(short_name="省科技厅"),
        role=Membership.Role.REPORTER,
    )


def upload(client, name: str, data: bytes):
    return client.post("/plans/import/", {"file": SimpleUploadedFile(name, data), "level": ""})


def test_only_the_office_may_import(client, reporter):
    assert client.get("/plans/import/").status_code == 302  # to the login page
    client.force_login(reporter)
    assert client.get("/plans/import/").status_code == 403
    assert client.get(f"/plans/{PILOT}/review/").status_code in (403, 404)


def finished(job: ImportJob) -> bool:
    job.refresh_from_db()
    return job.is_finished


@pytest.mark.django_db(transaction=True)
def test_uploading_a_document_runs_the_import_job_and_shows_its_summary(office, background_jobs):
    path = DOCUMENTS / "2012-jiangsu-ip-strategy-action-plan.txt"
    response = upload(office, path.name, path.read_bytes())
    job = ImportJob.objects.get()
    assert response.url == f"/plans/import/{job.pk}/"
    wait_until(lambda: finished(job))
    assert job.status == ImportJob.Status.SUCCEEDED and job.progress == 100
    assert job.uploaded_by.username == "office"
    assert job.plans.get().measures.count() == 89
    page = office.get(response.url).content.decode()
    assert "实施江苏省知识产权战略纲要2012年行动计划" in page and "核对草稿" in page
    status = office.get(response.url, {"format": "json"}).json()
    assert status == {
        "status": "succeeded",
        "status_display": "已完成",
        "progress": 100,
        "message": job.message,
        "finished": True,
    }


@pytest.mark.django_db(transaction=True)
def test_a_document_that_is_no_plan_fails_its_job_with_a_chinese_reason(office, background_jobs):
    upload(office, "note.txt", "会议通知\n请准时参加。\n".encode())
    job = ImportJob.objects.get()
    wait_until(lambda: finished(job))
    assert job.status == ImportJob.Status.FAILED
    assert job.message and any("\u4e00" <= ch <= "\u9fff" for ch in job.message)
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("scan.pdf", b"%PDF-1.4", "不支持的文件类型"),
        ("empty.txt", b"", "空"),
        ("huge.txt", b"x" * (settings.IPPLAN_MAX_DOCUMENT_BYTES + 1), "超过"),
    ],
)
def test_refused_uploads_say_why_and_create_no_job(office, name, data, message):
    response = upload(office, name, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.fixture
def pilot(directory):
    path = DOCUMENTS / f"{PILOT}.txt"
    document_import(data=path.read_bytes(), filename=path.name)
    return Plan.objects.get(slug=PILOT)


def test_review_shows_source_lines_beside_each_measure_and_the_names_to_resolve(office, pilot):
    page = office.get(f"/plans/{PILOT}/review/").content.decode()
    first_key_task = (
        pilot.measures.filter(assignments__agency__short_name="各省辖市").order_by("order").first()
    )
    assert f'data-lines="{first_key_task.line_start}-{first_key_task.line_end}"' in page
    source_line = pilot.source_text.splitlines()[first_key_task.line_start - 1]
    line = first_key_task.line_start
    assert f'<li id="L{line}" value="{line}">{source_line[:20]}' in page
    assert "待确认的责任单位（1）" in page and "相关省辖市" in page


def test_publishing_waits_until_relevant_cities_are_resolved(office, pilot):
    response = office.post(f"/plans/{PILOT}/publish/", follow=True)
    assert "还有待确认的责任单位：相关省辖市" in response.content.decode()
    pilot.refresh_from_db()
    assert pilot.status == Plan.Status.DRAFT

    placeholders = Assignment.objects.filter(
        schedule_entry__plan=pilot, agency__isnull=True
    ).count()
    suzhou, nanjing = (
        Agency.objects.get(short_name="苏州市"),
        Agency.objects.get(short_name="南京市"),
    )
    response = office.post(
        f"/plans/{PILOT}/review/resolve/",
        {"name_as_written": "相关省辖市", "agencies": [suzhou.pk, nanjing.pk]},
        follow=True,
    )
    assert "“相关省辖市”已确认" in response.content.decode()
    assert not Assignment.objects.filter(agency__isnull=True).exists()
    assert (
        Assignment.objects.filter(schedule_entry__plan=pilot, agency=suzhou).count() == placeholders
    )
    # A group name is not remembered as an alias of two bodies.
    assert not AgencyAlias.objects.filter(name="相关省辖市").exists()

    # Every task of the pilot names its bodies (工作思路 and 主要目标 are its framing, not
    # measures), so once the cities are confirmed it publishes without a question.
    office.post(f"/plans/{PILOT}/publish/")
    pilot.refresh_from_db()
    assert pilot.status == Plan.Status.PUBLISHED


def test_an_unknown_name_can_become_a_new_agency_that_later_imports_recognise(office, directory):
    text = FUTURE_PLAN
    document_import(data=text.encode(), filename="future.txt", level="province")
    office.post(
        "/plans/future/review/new-agency/",
        {"name_as_written": "省未来产业局", "full_name": "江苏省未来产业局", "kind": "department"},
    )
    agency = Agency.objects.get(name="江苏省未来产业局")
    assert agency.level == "province" and agency.short_name == "省未来产业局"
    assert Assignment.objects.get(role="co").agency == agency
    (summary,) = document_import(data=text.encode(), filename="future.txt", level="province")
    assert summary.unresolved == []


def test_the_office_corrects_a_target_and_a_role_during_review(office, directory):
    path = DOCUMENTS / "2012-jiangsu-ip-strategy-action-plan.txt"
    document_import(data=path.read_bytes(), filename=path.name)
    measure = Plan.objects.get().measures.get(label="（十）")
    url = f"/plans/{measure.plan.slug}/review/measures/{measure.pk}/"
    page = office.get(url)
    assert page.status_code == 200
    assignments = list(measure.assignments.order_by("order", "id"))
    data = {
        "title": measure.title,
        "text": measure.text,
        "status": "active",
        "a-TOTAL_FORMS": len(assignments) + 1,
        "a-INITIAL_FORMS": len(assignments),
        "a-MIN_NUM_FORMS": 0,
        "a-MAX_NUM_FORMS": 1000,
        "i-TOTAL_FORMS": 0,
        "i-INITIAL_FORMS": 0,
        "i-MIN_NUM_FORMS": 0,
        "i-MAX_NUM_FORMS": 1000,
    }
    for n, a in enumerate(assignments):
        data.update(
            {
                f"a-{n}-id": a.pk,
                f"a-{n}-measure": measure.pk,
                f"a-{n}-agency": a.agency_id,
                f"a-{n}-role": a.role,
                f"a-{n}-name_as_written": a.name_as_written,
                f"a-{n}-note": a.note,
                f"a-{n}-order": a.order,
            }
        )
    data[f"a-{len(assignments)}-order"] = 0  # the blank extra row, as the browser sends it
    data["a-2-role"] = "participant"
    response = office.post(url, data)
    assert response.status_code == 302, response.context and response.context["assignments"].errors
    assert measure.assignments.get(agency__short_name="省教育厅").role == "participant"


@pytest.mark.parametrize(
    "plan_file", ["2016-jiangsu-ip-regional-layout-pilot", "2012-jiangsu-ip-strategy-action-plan"]
)
def test_review_page_queries_do_not_grow_with_the_plan(
    office, plan_file, django_assert_max_num_queries
):
    path = DOCUMENTS / f"{plan_file}.txt"
    document_import(data=path.read_bytes(), filename=path.name)
    with django_assert_max_num_queries(16):
        response = office.get(f"/plans/{plan_file}/review/")
    assert response.status_code == 200


# A plan whose text names no issuer, number or place: its level cannot be known.
ANONYMOUS = "工作方案\n一、加强组织领导\n（一）建立工作机制。明确分工，压实责任。\n"


def test_the_upload_form_asks_the_level_before_the_upload_with_auto_as_default(
    office, django_capture_on_commit_callbacks, jobs_in_process
):
    page = office.get("/plans/import/").content.decode()
    assert "计划层级" in page
    assert '<option value="" selected>自动识别</option>' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(
            "/plans/import/",
            {"file": SimpleUploadedFile("方案.txt", ANONYMOUS.encode()), "level": "city"},
        )
    job = ImportJob.objects.get()
    assert response.url == f"/plans/import/{job.pk}/"
    job.refresh_from_db()
    assert (job.level, job.status) == ("city", ImportJob.Status.SUCCEEDED)
    assert job.plans.get().level == "city"


def test_when_auto_fails_the_job_page_offers_the_level_and_imports_again(
    office, django_capture_on_commit_callbacks, jobs_in_process
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(office, "方案.txt", ANONYMOUS.encode())
    failed = ImportJob.objects.get()
    assert failed.status == ImportJob.Status.FAILED and "计划层级" in failed.message
    page = office.get(f"/plans/import/{failed.pk}/").content.decode()
    assert 'name="level"' in page and "计划层级" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(f"/plans/import/{failed.pk}/level/", {"level": "district"})
    retried = ImportJob.objects.exclude(pk=failed.pk).get()
    assert response.url == f"/plans/import/{retried.pk}/"
    retried.refresh_from_db()
    assert retried.status == ImportJob.Status.SUCCEEDED
    assert retried.plans.get().level == "district"
