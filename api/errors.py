"""One error shape for every API answer that is not a success.

``{"code": "stale", "message": "该报告在您打开后已被他人修改……", "detail": {...}}``: ``code`` is
for programs (stable, English), ``message`` for people (Chinese), ``detail`` (optional) maps a
field name to its messages. Rules refused by the reporting services keep their own code.
"""

from __future__ import annotations

import math

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

from tasks.workflow import ReportingError, refusal_status


class ApiError(exceptions.APIException):
    """An error raised by the API layer itself, with its status, code, message and detail."""

    def __init__(self, status_code: int, code: str, message: str, detail: dict | None = None):
        super().__init__(message, code)
        self.status_code = status_code
        self.code = code
        self.message = message
        self.extra = detail


def _body(code: str, message: str, detail: dict | None = None) -> dict:
    body = {"code": code, "message": message}
    if detail:
        body["detail"] = detail
    return body


def _flatten(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        flat = {}
        for name, messages in detail.items():
            if isinstance(messages, dict):
                for inner, texts in _flatten(messages).items():
                    flat[f"{name}.{inner}"] = texts
            elif isinstance(messages, list):
                flat[str(name)] = [str(m) for m in messages]
            else:
                flat[str(name)] = [str(messages)]
        return flat
    if isinstance(detail, list):
        return {"non_field_errors": [str(m) for m in detail]}
    return {"non_field_errors": [str(detail)]}


def _first(detail: dict[str, list[str]]) -> str:
    for name, messages in detail.items():
        if messages:
            prefix = "" if name == "non_field_errors" else f"{name}："
            return f"{prefix}{messages[0]}"
    return "请求内容有误。"


def _drf_error(exc: exceptions.APIException) -> tuple[int, dict]:
    if isinstance(exc, ApiError):
        return exc.status_code, _body(exc.code, exc.message, exc.extra)
    if isinstance(exc, exceptions.ValidationError):
        detail = _flatten(exc.detail)
        return 400, _body("invalid", f"请求内容有误：{_first(detail)}", detail)
    if isinstance(exc, exceptions.ParseError):
        return 400, _body("parse_error", "请求体无法解析，请发送有效的 JSON。")
    if isinstance(exc, exceptions.AuthenticationFailed):
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else "authentication_failed"
        return 401, _body(code, str(exc.detail))
    if isinstance(exc, exceptions.NotAuthenticated):
        return 401, _body(
            "not_authenticated", "请先登录，或在 Authorization 头中提供令牌（Bearer ipp_…）。"
        )
    if isinstance(exc, exceptions.PermissionDenied):
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else "forbidden"
        message = str(exc.detail)
        if message.startswith("CSRF Failed"):
            code, message = "csrf_failed", "CSRF 校验失败：网页会话的写操作须带 X-CSRFToken 头。"
        elif code == "permission_denied":
            code, message = "forbidden", "您没有执行此操作的权限。"
        return 403, _body(code, message)
    if isinstance(exc, exceptions.NotFound):
        return 404, _body("not_found", "找不到该资源，或您无权查看。")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return 405, _body("method_not_allowed", "该地址不支持此请求方法。")
    if isinstance(exc, exceptions.NotAcceptable):
        return 406, _body(
            "not_acceptable", "无法按请求的格式（Accept）返回，请使用 application/json。"
        )
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return 415, _body("unsupported_media_type", "不支持该请求体格式，请使用 application/json。")
    if isinstance(exc, exceptions.Throttled):
        wait = math.ceil(exc.wait) if exc.wait is not None else 60
        return 429, _body("throttled", f"请求过于频繁，请在 {wait} 秒后重试。")
    return exc.status_code, _body("error", str(exc.detail))


def exception_handler(exc, context) -> Response | None:
    headers = {}
    if isinstance(exc, ReportingError):
        code = exc.code or "refused"
        status_code = refusal_status(code)
        body = _body(code, exc.messages[0])
    elif isinstance(exc, DjangoValidationError):
        detail = (
            {name: list(messages) for name, messages in exc.message_dict.items()}
            if hasattr(exc, "error_dict")
            else {"non_field_errors": list(exc.messages)}
        )
        status_code, body = 422, _body("invalid", _first(detail), detail)
    elif isinstance(exc, Http404):
        status_code, body = 404, _body("not_found", "找不到该资源，或您无权查看。")
    elif isinstance(exc, DjangoPermissionDenied):
        status_code, body = 403, _body("forbidden", str(exc) or "您没有执行此操作的权限。")
    elif isinstance(exc, exceptions.APIException):
        status_code, body = _drf_error(exc)
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(math.ceil(exc.wait))
    else:
        return None
    set_rollback()
    return Response(body, status=status_code, headers=headers)
