"""The Excel round trip of quarterly reporting, under /reports/excel/."""

from django.urls import path

from .views import excel

app_name = "excel"
urlpatterns = [
    path("", excel.excel_index, name="index"),
    path("<int:period>/<int:agency>/template.xlsx", excel.excel_download, name="download"),
    path("<int:period>/<int:agency>/upload/", excel.excel_upload, name="upload"),
    path("preview/<str:token>/", excel.excel_preview, name="preview"),
    path("preview/<str:token>/cancel/", excel.excel_cancel, name="cancel"),
]
