from django.urls import path

from .views import imports, plans

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
]
