"""Quarterly reporting pages, under /reports/."""

from django.urls import path

from .views import conversation, on_behalf, reports, reports_review

app_name = "reports"
urlpatterns = [
    path("", reports.inbox, name="inbox"),
    path("search/", conversation.search, name="search"),
    path("review/", reports_review.review_queue, name="review"),
    path("review/accept/", reports_review.review_accept_bulk, name="accept_bulk"),
    path("<int:pk>/", reports.report_detail, name="detail"),
    path("<int:pk>/autosave/", reports.report_autosave, name="autosave"),
    path("<int:pk>/on-behalf/", on_behalf.file_on_behalf, name="on_behalf"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        reports.attachment_download,
        name="attachment",
    ),
    path("<int:pk>/versions/<int:number>/", reports.version_compare, name="version"),
    path("<int:pk>/comments/", conversation.comment_post, name="comment"),
    path(
        "<int:pk>/comments/attachments/<int:attachment_pk>/",
        conversation.comment_attachment,
        name="comment_attachment",
    ),
    *[
        path(
            f"<int:pk>/{action.replace('_', '-')}/",
            reports.report_transition,
            {"action": action},
            name=action,
        )
        for action in reports.TRANSITIONS
    ],
]
