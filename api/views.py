"""The documentation pages and the JSON answer for unknown addresses under /api/v1/."""

from __future__ import annotations

from django.http import JsonResponse
from drf_spectacular.views import SpectacularRedocView


class RedocView(SpectacularRedocView):
    # drf-spectacular's template loads Google Fonts; ours loads nothing from outside.
    template_name = "api/redoc.html"


def not_found(request, *args, **kwargs) -> JsonResponse:
    return JsonResponse(
        {"code": "not_found", "message": "接口地址不存在，请查看 /api/v1/docs/。"}, status=404
    )
