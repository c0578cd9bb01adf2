"""Token authentication: ``Authorization: Bearer ipp_…`` (``Token ipp_…`` is accepted too)."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .tokens import TokenRefused, token_authenticate

KEYWORDS = ("bearer", "token")


class TokenAuthentication(authentication.BaseAuthentication):
    """Sets ``request.user`` to the token's account and ``request.auth`` to the ApiToken."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace").lower() not in KEYWORDS:
            return None  # let session authentication try
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Authorization 头格式应为“Bearer <令牌>”。", code="token_invalid"
            )
        try:
            token = token_authenticate(header[1].decode(errors="replace"))
        except TokenRefused as refused:
            raise exceptions.AuthenticationFailed(refused.message, code=refused.code) from None
        return token.user, token

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (with WWW-Authenticate) instead of 403 when credentials lack.
        return 'Bearer realm="ipplan"'


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "ipp_<prefix>_<secret>",
            "description": "接口令牌（联席办在管理后台或用 manage.py api_token_create 签发）。"
            " / API token issued by the office.",
        }
