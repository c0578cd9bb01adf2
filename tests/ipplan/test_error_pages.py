"""Error pages speak Chinese in the site's layout, with DEBUG on (make run) and off."""

import pytest
from django.test import Client

from tasks.models import ProgressReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_agencys_report(reporting_plan):
    """省科技厅's report on （一）: reporter_b (省商务厅) may not see it."""
    return ProgressReport.objects.filter(agency__short_name="省科技厅").first()


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("debug", [True, False])
def test_another_agencys_report_is_a_chinese_404_in_the_layout(
    settings, debug, other_agencys_report, reporter_b
):
    settings.DEBUG = debug
    client = _logged_in(reporter_b)
    response = client.get(
        f"/reports/{other_agencys_report.pk}/", HTTP_REFERER="http://testserver/reports/"
    )
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page and "行动计划督查系统" in page  # the site's layout
    assert 'href="/"' in page and 'href="http://testserver/reports/"' in page  # ways back
    assert "Not Found" not in page and "Traceback" not in page and "Django" not in page


@pytest.mark.parametrize("debug", [True, False])
def test_agency_staff_opening_the_dashboard_get_a_chinese_403(settings, debug, reporter_b):
    settings.DEBUG = debug
    response = _logged_in(reporter_b).get("/dashboard/matrix/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "无权访问" in page and "只有联席会议办公室可以进行此操作。" in page
    assert "403 Forbidden" not in page


def test_a_referer_from_another_site_is_not_offered_as_the_way_back(reporter_b):
    response = _logged_in(reporter_b).get(
        "/dashboard/matrix/", HTTP_REFERER="https://evil.example/phish"
    )
    assert "evil.example" not in response.content.decode()


def test_unknown_url_with_debug_off_is_the_chinese_404(settings, reporter_b):
    settings.DEBUG = False
    response = _logged_in(reporter_b).get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_csrf_failure_explains_in_chinese_and_keeps_the_layout(reporter_b):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter_b)
    response = client.post("/notifications/channels/", {"email": "on"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期" in page and "重新提交" in page and "CSRF" not in page


def test_server_error_page_is_chinese_and_needs_no_database(rf):
    from ipplan.errors import server_error

    request = rf.get("/")
    response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert "服务器出错" in page and "返回首页" in page


def test_api_errors_stay_json(settings, reporter_b):
    settings.DEBUG = False
    response = _logged_in(reporter_b).get("/api/v1/no-such-resource/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_dashboard_reports_without_a_bucket_lists_every_expected_report(
    office_supervisor, reporting_plan
):
    response = _logged_in(office_supervisor).get("/dashboard/reports/")
    assert response.status_code == 200
    assert "应报" in response.content.decode()


def test_favicon_is_served_from_static(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("ipplan/favicon.svg")
