"""The conversation on a report (批示 / 反馈): who may read and write, @-mentions, attachments,
notices to the mentioned and the other side, printing; and the top bar's search."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from notifications.models import DeliveryLog, Notification
from tasks.models import CommentAttachment, ReportComment
from tasks.services import reporting
from tasks.services.conversation import comment_add
from tests.notifications.conftest import celery_conf

from .conftest import file_report, report_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _notices_sent_in_process():
    """Notices are sent in this process even when a broker is configured (as in CI); the
    worker's part is tested in tests/notifications/test_worker.py."""
    with celery_conf(task_always_eager=True):
        yield


@pytest.fixture
def returned_b(reporting_plan, reporter_b, office_supervisor):
    """省商务厅's report on （二）, filed and returned by the office."""
    report = file_report(report_of(reporting_plan, "（二）", "省商务厅"), reporter_b)
    return reporting.report_return(report=report, by=office_supervisor, reason="请补充口径")


def titles(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def post(client, report, body, **extra):
    return client.post(f"/reports/{report.pk}/comments/", {"body": body, **extra})


def test_the_office_writes_a_directive_with_an_attachment_and_the_agency_is_told(
    returned_b, office_supervisor, reporter_b, login, django_capture_on_commit_callbacks
):
    office = login(office_supervisor)
    upload = SimpleUploadedFile("统计口径说明.pdf", b"%PDF-1.4 directive")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(office, returned_b, "请按附件口径补充\n专利数据。", attachment=upload)
    (comment,) = ReportComment.objects.all()
    assert response.status_code == 302
    assert response.url == f"/reports/{returned_b.pk}/#comment-{comment.pk}"
    assert comment.side == "office" and comment.author == office_supervisor
    page = office.get(f"/reports/{returned_b.pk}/").content.decode()
    assert "请按附件口径补充<br>专利数据。" in page and "统计口径说明.pdf" in page
    assert "【批示】（二） 省商务厅2024年第一季度进展报告" in titles(reporter_b)
    (note,) = Notification.objects.filter(recipient=reporter_b, title__startswith="【批示】")
    assert "请按附件口径补充" in note.body and "附件：统计口径说明.pdf" in note.body
    # The reporter downloads the attachment from the report page's link.
    attachment = CommentAttachment.objects.get()
    download = login(reporter_b).get(
        f"/reports/{returned_b.pk}/comments/attachments/{attachment.pk}/"
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 directive"


def test_the_agencys_feedback_reaches_the_office_person_who_returned_the_report(
    returned_b, office_supervisor, reporter_b, login, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(login(reporter_b), returned_b, "口径已按国家局文件调整，今日重报。")
    comment = ReportComment.objects.get()
    assert comment.side == "agency"
    assert titles(office_supervisor) == ["【反馈】（二） 省商务厅2024年第一季度进展报告"]
    assert titles(reporter_b) == []  # nobody is told of their own message
    rows = DeliveryLog.objects.filter(comment=comment)
    assert {r.recipient_id for r in rows} == {office_supervisor.pk}


def test_mentions_by_at_name_and_by_the_picker_notify_those_named(
    reporting_plan,
    reporter_a,
    approver_a,
    viewer_a,
    office_supervisor,
    login,
    django_capture_on_commit_callbacks,
):
    report = file_report(report_of(reporting_plan, "（一）", "省科技厅"), reporter_a)
    reporting.report_sign_off(report=report, by=approver_a)
    with django_capture_on_commit_callbacks(execute=True):
        post(
            login(office_supervisor),
            report,
            "@viewer-a 请关注平台建设进度。",
            mention=[f"user:{approver_a.pk}"],
        )
    comment = ReportComment.objects.get()
    assert set(comment.mentioned_users.all()) == {viewer_a, approver_a}
    for person in (viewer_a, approver_a, reporter_a):
        assert titles(person) and titles(person)[-1].startswith("【批示】")
    page = login(viewer_a).get(f"/reports/{report.pk}/").content.decode()
    assert "@viewer-a" in page and 'id="comment-form"' not in page  # a viewer reads only


def test_mentioning_the_agency_notifies_its_reporters_and_approvers(
    reporting_plan, reporter_a, approver_a, office_supervisor, django_capture_on_commit_callbacks
):
    report = report_of(reporting_plan, "（一）", "省科技厅")
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_add(report=report, by=reporter_a, body="@省科技厅 请审核人关注口径。")
    assert [str(a) for a in comment.mentioned_agencies.all()] == ["省科技厅"]
    assert titles(approver_a) == ["【反馈】（一） 省科技厅2024年第一季度进展报告"]
    assert titles(office_supervisor)  # the other side
    assert titles(reporter_a) == []


def test_a_refused_message_keeps_what_was_typed_and_stores_nothing(
    returned_b, reporter_b, reporter_a, login
):
    client = login(reporter_b)
    bad_file = SimpleUploadedFile("脚本.exe", b"MZ")
    response = post(client, returned_b, "这段说明不能丢", attachment=bad_file)
    assert response.status_code == 400
    page = response.content.decode()
    assert "这段说明不能丢</textarea>" in page
    assert "附件“脚本.exe”的类型不允许" in page and "附件需要重新选择" in page
    response = post(client, returned_b, "提及外单位", mention=[f"user:{reporter_a.pk}"])
    assert response.status_code == 400
    assert "只能提及能看到这份报告的人或单位。" in response.content.decode()
    assert "提及外单位</textarea>" in response.content.decode()
    assert post(client, returned_b, "   ").status_code == 400
    assert not ReportComment.objects.exists() and not CommentAttachment.objects.exists()


def test_who_may_read_and_write_follows_who_may_see_the_report(
    reporting_plan, returned_b, reporter_a, reporter_b, viewer_a, office_supervisor, login
):
    comment_add(
        report=returned_b,
        by=office_supervisor,
        body="商务厅内部批示",
        uploads=[SimpleUploadedFile("批示.pdf", b"%PDF")],
    )
    attachment = CommentAttachment.objects.get()
    attachment_url = f"/reports/{returned_b.pk}/comments/attachments/{attachment.pk}/"
    assert login(reporter_b).get(attachment_url).status_code == 200
    # 省科技厅 neither leads nor co-reports （二）: the report and its conversation are hidden.
    outsider = login(reporter_a)
    assert outsider.get(f"/reports/{returned_b.pk}/").status_code == 404
    assert post(outsider, returned_b, "插话").status_code == 404
    assert outsider.get(attachment_url).status_code == 404
    assert "商务厅内部批示" not in outsider.get("/reports/search/?q=内部批示").content.decode()

    # 省科技厅 leads （一）: it sees 省商务厅's filed contribution and its conversation, but
    # only the office and 省商务厅 write on it.
    co_report = file_report(report_of(reporting_plan, "（一）", "省商务厅"), reporter_b)
    comment_add(report=co_report, by=office_supervisor, body="配合工作请再具体些")
    lead = login(reporter_a)
    assert "配合工作请再具体些" in lead.get(f"/reports/{co_report.pk}/").content.decode()
    refused = post(lead, co_report, "牵头单位插话")
    assert refused.status_code == 403
    assert "只有联席办和省商务厅的填报人、审核人可以" in refused.content.decode()
    assert post(login(viewer_a), co_report, "查看者插话").status_code == 403
    assert ReportComment.objects.count() == 2


def test_search_finds_reports_and_comments_only_among_what_the_user_may_see(
    reporting_plan, returned_b, reporter_a, reporter_b, office_supervisor, login
):
    file_report(
        report_of(reporting_plan, "（一）", "省科技厅"), reporter_a, text="公共服务平台一期上线"
    )
    comment_add(report=returned_b, by=reporter_b, body="平台数据口径已调整")

    def hits(user, query: str) -> tuple[str, str]:
        page = login(user).get("/reports/search/", {"q": query}).content.decode()
        reports = (
            page.split('id="hits-reports"', 1)[1].split("</ul>", 1)[0]
            if "hits-reports" in page
            else ""
        )
        comments = (
            page.split('id="hits-comments"', 1)[1].split("</ul>", 1)[0]
            if "hits-comments" in page
            else ""
        )
        return reports, comments

    reports, comments = hits(office_supervisor, "平台")
    assert "（一） 省科技厅" in reports and "<mark>平台</mark>" in reports
    assert "反馈 · （二） 省商务厅" in comments
    # 省科技厅's report on （一） is outside 省商务厅's view (a co-agency sees only its own).
    reports, comments = hits(reporter_b, "平台")
    assert "省科技厅" not in reports and "反馈 · （二） 省商务厅" in comments
    reports, comments = hits(reporter_a, "平台")
    assert "（一） 省科技厅" in reports and comments == ""
    # Every word must match; too short a query asks for more.
    assert hits(office_supervisor, "平台 不存在的词") == ("", "")
    assert "请输入至少 2 个字。" in login(reporter_a).get("/reports/search/?q=平").content.decode()


def test_the_printed_supervision_report_includes_the_conversation_when_asked(
    returned_b, reporter_b, office_supervisor, login
):
    comment_add(report=returned_b, by=reporter_b, body="已补充统计口径")
    client = login(office_supervisor)
    url = f"/dashboard/report/?period={returned_b.period_id}"
    assert "已补充统计口径" not in client.get(url).content.decode()
    page = client.get(url + "&comments=1").content.decode()
    assert "五、批示与反馈" in page and "已补充统计口径" in page


def test_the_report_page_costs_the_same_queries_with_1_or_12_messages(
    returned_b, reporter_b, office_supervisor, login, django_assert_max_num_queries
):
    comment_add(report=returned_b, by=office_supervisor, body="第 1 条")
    client = login(reporter_b)
    with django_assert_max_num_queries(40) as small:
        client.get(f"/reports/{returned_b.pk}/")
    for number in range(2, 13):
        comment_add(
            report=returned_b,
            by=office_supervisor if number % 2 else reporter_b,
            body=f"第 {number} 条 @省商务厅",
            uploads=[SimpleUploadedFile(f"附件{number}.pdf", b"%PDF")],
        )
    with django_assert_max_num_queries(40) as large:
        page = client.get(f"/reports/{returned_b.pk}/").content.decode()
    assert page.count('class="rp-message side-') == 12
    assert len(large) == len(small)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm exists only on PostgreSQL")
def test_postgresql_searches_through_trigram_indexes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone()
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname LIKE %s ORDER BY 1", ["%_trgm"]
        )
        names = [row[0] for row in cursor.fetchall()]
    assert "tasks_reportcomment_body_trgm" in names
    assert "tasks_progressreport_progress_text_trgm" in names


def test_the_longest_name_wins_and_a_login_works_as_a_name():
    from tasks.services.conversation import Mentionable, mentions_in

    agency = Mentionable("agency:1", ("省科技厅",), "", None)
    person = Mentionable("user:2", ("省科技厅审核人", "keji-lead"), "", None)
    other = Mentionable("user:3", ("李填报", "keji"), "", None)
    assert mentions_in("@省科技厅审核人 请审核", [agency, person, other]) == [person]
    assert mentions_in("@keji-lead 与 @省科技厅", [agency, person, other]) == [person, agency]
    assert mentions_in("@keji 请补充", [agency, person, other]) == [other]
    assert mentions_in("省科技厅 没有@符号", [agency, person, other]) == []


def test_search_and_the_printed_conversation_cost_the_same_queries_for_1_or_many_hits(
    reporting_plan, returned_b, reporter_b, office_supervisor, login, django_assert_max_num_queries
):
    client = login(office_supervisor)
    print_url = f"/dashboard/report/?period={returned_b.period_id}&comments=1"

    def write(number: int) -> None:
        comment_add(
            report=returned_b,
            by=reporter_b,
            body=f"第 {number} 条反馈：口径已调整 @省商务厅",
            uploads=[SimpleUploadedFile(f"说明{number}.pdf", b"%PDF")],
        )

    write(1)
    with django_assert_max_num_queries(12) as small_search:
        page = client.get("/reports/search/", {"q": "口径"}).content.decode()
    assert page.count("<mark>口径</mark>") == 1
    with django_assert_max_num_queries(40) as small_print:
        client.get(print_url)
    for number in range(2, 21):
        write(number)
    with django_assert_max_num_queries(12) as large_search:
        page = client.get("/reports/search/", {"q": "口径"}).content.decode()
    assert page.count("<mark>口径</mark>") == 20
    with django_assert_max_num_queries(40) as large_print:
        page = client.get(print_url).content.decode()
    assert page.count("口径已调整") == 20
    assert len(large_search) == len(small_search)
    assert len(large_print) == len(small_print)


def test_the_mention_list_says_whether_a_draft_goes_to_an_approver_first(
    reporting_plan, reporter_a, approver_a, reporter_b, office_supervisor
):
    """The report page reads "has this agency an approver?" off the people one may mention
    (one query fewer); it must answer as agencies.selectors.agency_has_approver does."""
    from agencies.selectors import agency_has_approver
    from tasks.services.conversation import has_approver_among, mention_candidates

    with_approver = report_of(reporting_plan, "（一）", "省科技厅")
    without = report_of(reporting_plan, "（一）", "省商务厅")
    assert has_approver_among(mention_candidates(with_approver)) is True
    assert has_approver_among(mention_candidates(without)) is False
    assert agency_has_approver(with_approver.agency_id) is True
    assert agency_has_approver(without.agency_id) is False
    # The office's supervisor is mentionable on both, and is nobody's approver.
    approver_a.memberships.create(agency=without.agency, role="reporter")
    assert has_approver_among(mention_candidates(without)) is False
    approver_a.is_active = False  # a deactivated approver strands no report
    approver_a.save()
    assert has_approver_among(mention_candidates(with_approver)) is False
    for report in (with_approver, without):
        assert agency_has_approver(report.agency_id) is False
