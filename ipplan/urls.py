"""Root URLs."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from tasks.views import plans as plan_views


def favicon(request: HttpRequest) -> HttpResponse:
    # static() at request time: a manifest storage knows the hashed name only after collectstatic.
    return redirect(static("ipplan/favicon.svg"), permanent=True)


urlpatterns = [
    path("", plan_views.home, name="home"),
    path("healthz", plan_views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages that name no icon (PDF views, the API's JSON).
    path("favicon.ico", favicon),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # An invited person's one-time link to choose a password (agencies.services.reporter_invite).
    path(
        "password/set/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/password_set.html", success_url="/password/set/done/"
        ),
        name="password_set",
    ),
    path(
        "password/set/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_set_done.html"
        ),
        name="password_set_done",
    ),
    path("plans/", include("tasks.urls")),
    path("reports/excel/", include("tasks.urls_excel")),
    path("reports/", include("tasks.urls_reports")),
    path("dashboard/", include("tasks.urls_dashboard")),
    path("notifications/", include("notifications.urls")),
    path("api/v1/", include("api.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "ipplan.errors.bad_request"
handler403 = "ipplan.errors.permission_denied"
handler404 = "ipplan.errors.page_not_found"
handler500 = "ipplan.errors.server_error"
