"""The documentation pages and the JSON answer for unknown addresses under /api/v1/."""

from __future__ import annotations

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

# Redoc (styled-components) writes its styles as <style> elements at run time and renders
# in a blob: worker; only its own page is relaxed for that. No script is relaxed.
_REDOC_CSP = {"style-src": [SELF, UNSAFE_INLINE], "worker-src": [SELF, "blob:"]}


@method_decorator(csp_replace(_REDOC_CSP), name="get")
class RedocView(SpectacularRedocView):
    # drf-spectacular's template loads Google Fonts and starts Redoc from an inline script;
    # ours loads nothing from outside and has no inline script.
    template_name = "api/redoc.html"


class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI with its start-up script served as a file (no inline script)."""

    template_name = "api/swagger_ui.html"


def not_found(request, *args, **kwargs) -> JsonResponse:
    return JsonResponse(
        {"code": "not_found", "message": "接口地址不存在，请查看 /api/v1/docs/。"}, status=404
    )
