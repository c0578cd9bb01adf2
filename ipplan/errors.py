"""Chinese error pages (403, 404, 500, CSRF failure) in the site's layout, with ways back.

Django renders its handlers only with DEBUG off; ``ErrorPageMiddleware`` renders the same
page for a 404 a view raises (another agency's report, a deleted plan) under ``make run``
too, so a person never meets the yellow debug page for a refusal. Unknown URLs still get
Django's debug page in DEBUG, which is what a developer wants.

A database that does not answer (PostgreSQL stopped or restarting, a connection lost) is
a 503 with ``Retry-After``, never a traceback: the Chinese page, or for the API its error
shape ``{"code": "database_unavailable", "message": …}``. Django replaces a broken
connection at the next request (``CONN_HEALTH_CHECKS``), so the site recovers by itself.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.urls import reverse

from ipplan.redirects import local_url

PAGES = {
    400: ("请求有误", "服务器无法理解这个请求，请检查地址或重新提交。"),
    403: ("无权访问", "您的账号没有权限查看这个页面或进行此操作。"),
    404: ("页面不存在", "您要找的页面不存在，或者不在您的查看范围内。"),
    503: ("服务暂时不可用", "服务器暂时无法完成这个请求，请稍后重试；您已保存的内容不会丢失。"),
    500: (
        "服务器出错",
        "服务器处理请求时出错，已记录在日志中。请稍后重试；您已保存的内容不会丢失。",
    ),
}
DATABASE_DOWN = "数据库暂时无法访问，请稍后重试；您已保存的内容不会丢失。"
RETRY_AFTER_SECONDS = 30
OUTAGE_ERRORS = (OperationalError, InterfaceError)
logger = logging.getLogger(__name__)
CSRF_TITLE = "页面已过期"
CSRF_EXPLANATION = (
    "为保护您的账号，提交的表单需要有效的安全令牌。页面可能停留太久或在别处退出了登录："
    "请返回上一页，刷新后重新提交。"
)


def _back_url(request: HttpRequest | None) -> str:
    """The page the person came from, when it is on this site."""
    if request is None:
        return ""
    return local_url(request, request.META.get("HTTP_REFERER"))


def _detail(exception: BaseException | None) -> str:
    """The refusal's own message when a view gave one in Chinese (never a Python repr)."""
    if exception is None or not exception.args:
        return ""
    message = exception.args[0]
    return message if isinstance(message, str) and not message.isascii() else ""


def error_page(
    request: HttpRequest | None,
    code: int,
    *,
    exception: BaseException | None = None,
    title: str = "",
    explanation: str = "",
) -> HttpResponse:
    default_title, default_explanation = PAGES[code]
    title, explanation = title or default_title, explanation or default_explanation
    detail = _detail(exception)
    if request is not None and request.path.startswith("/api/"):
        return JsonResponse({"detail": detail or title}, status=code)
    context = {
        "code": code,
        "title": title,
        "explanation": explanation,
        "detail": detail,
        "back_url": _back_url(request),
    }
    # A 500 or 503 renders without the request's context processors: they read the session
    # and the database, which may be what just failed.
    template = loader.get_template("errors/page.html")
    html = template.render(context, request if code not in (500, 503) else None)
    return HttpResponse(html, status=code)


def database_unavailable(request: HttpRequest | None, error: BaseException) -> HttpResponse:
    """The answer to a database outage: 503, in the API's error shape under /api/."""
    logger.error("database unavailable: %s", error, exc_info=error)
    path = request.path if request is not None else ""
    if path == reverse("healthz"):
        response = JsonResponse({"status": "unavailable", "message": DATABASE_DOWN}, status=503)
    elif path.startswith("/api/"):
        response = JsonResponse(
            {"code": "database_unavailable", "message": DATABASE_DOWN}, status=503
        )
    else:
        response = error_page(request, 503, explanation=DATABASE_DOWN)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def bad_request(request: HttpRequest, exception: BaseException) -> HttpResponse:
    return error_page(request, 400)


def permission_denied(request: HttpRequest, exception: BaseException) -> HttpResponse:
    return error_page(request, 403, exception=exception)


def page_not_found(request: HttpRequest, exception: BaseException) -> HttpResponse:
    return error_page(request, 404, exception=exception)


def server_error(request: HttpRequest) -> HttpResponse:
    # Called while the exception is handled: a middleware that met a database outage (the
    # session, the user) ends here rather than in process_exception.
    error = sys.exc_info()[1]
    if isinstance(error, OUTAGE_ERRORS):
        return database_unavailable(request, error)
    return error_page(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_page(request, 403, title=CSRF_TITLE, explanation=CSRF_EXPLANATION)


class ErrorPageMiddleware:
    """Render a view's Http404 as the Chinese page with DEBUG on as well as off, and a
    database outage as the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        if isinstance(exception, OUTAGE_ERRORS):
            return database_unavailable(request, exception)
        return None
