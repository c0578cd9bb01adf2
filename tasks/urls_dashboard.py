"""The office's dashboards and exports, under /dashboard/."""

from django.urls import path

from .views import dashboard as views

app_name = "dashboard"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("agency/", views.agency_page, name="agency"),
    path("reports/", views.bucket_reports, name="reports"),
    path("matrix/", views.matrix, name="matrix"),
    path("measures/<int:pk>/", views.measure_page, name="measure"),
    path("measures/<int:pk>/pick-value/", views.value_pick, name="value_pick"),
    path("indicators/", views.indicators, name="indicators"),
    path("evaluation/", views.evaluation, name="evaluation"),
    path("timeline/", views.timeline, name="timeline"),
    path("report/", views.supervision_report, name="report"),
    path("notice/", views.notice, name="notice"),
    path("exports/", views.exports, name="exports"),
    path("exports/<str:kind>/", views.export_start, name="export_start"),
    path("exports/jobs/<int:pk>/", views.export_job, name="export_job"),
    path("exports/jobs/<int:pk>/download/", views.export_download, name="export_download"),
]
