from django.urls import path

from .views import imports, periods, plans, revisions, setup

app_name = "tasks"
urlpatterns = [
    path("", plans.plan_list, name="plan_list"),
    path("import/", imports.import_upload, name="import_upload"),
    path("import/<int:pk>/", imports.import_job, name="import_job"),
    path("import/<int:pk>/level/", imports.import_job_level, name="import_job_level"),
    path("<slug:slug>/", plans.plan_detail, name="plan_detail"),
    path("<slug:slug>/review/", imports.plan_review, name="plan_review"),
    path("<slug:slug>/review/resolve/", imports.name_resolve, name="name_resolve"),
    path("<slug:slug>/review/new-agency/", imports.agency_from_name, name="agency_from_name"),
    path("<slug:slug>/review/measures/<int:pk>/", imports.measure_edit, name="measure_edit"),
    path("<slug:slug>/publish/", imports.plan_publish, name="plan_publish"),
    path("<slug:slug>/revisions/<int:number>/", revisions.plan_revision, name="plan_revision"),
    path(
        "<slug:slug>/revisions/<int:number>/apply/",
        revisions.plan_revision_apply,
        name="plan_revision_apply",
    ),
    path(
        "<slug:slug>/revisions/<int:number>/discard/",
        revisions.plan_revision_discard,
        name="plan_revision_discard",
    ),
    path("<slug:slug>/responsibilities/", setup.responsibilities, name="responsibilities"),
    path("<slug:slug>/responsibilities/assign/", setup.bulk_assign, name="bulk_assign"),
    path(
        "<slug:slug>/responsibilities/assignments/<int:pk>/",
        setup.assignment_edit,
        name="assignment_edit",
    ),
    path("<slug:slug>/responsibilities/parent/", setup.plan_parent, name="plan_parent"),
    path(
        "<slug:slug>/responsibilities/measures/<int:pk>/implements/",
        setup.measure_implements,
        name="measure_implements",
    ),
    path("<slug:slug>/agencies/new/", setup.agency_create, name="agency_create"),
    path("<slug:slug>/agencies/<int:pk>/", setup.agency_edit, name="agency_edit"),
    path("<slug:slug>/agencies/<int:pk>/members/", setup.agency_members, name="agency_members"),
    path("<slug:slug>/agencies/<int:pk>/invite/", setup.agency_invite, name="agency_invite"),
    path("<slug:slug>/periods/", periods.periods, name="periods"),
    path("<slug:slug>/periods/open/", periods.period_open, name="period_open"),
    path("<slug:slug>/periods/schedule/", periods.period_schedule, name="period_schedule"),
    path("<slug:slug>/periods/auto-open/", periods.period_auto_open, name="period_auto_open"),
    path("<slug:slug>/periods/years/", periods.plan_years, name="plan_years"),
    path("<slug:slug>/periods/<int:pk>/close/", periods.period_close, name="period_close"),
    path("<slug:slug>/periods/<int:pk>/reopen/", periods.period_reopen, name="period_reopen"),
]
