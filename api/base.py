"""The base every API viewset shares: auth, scopes, throttling, filters, stable ordering."""

from __future__ import annotations

from django.utils import translation
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets

from agencies.access import is_office

from .models import ApiToken
from .pagination import StableOrderingFilter


class ApiViewSet(viewsets.GenericViewSet):
    """Authentication, scope permission, throttling and pagination come from settings
    (REST_FRAMEWORK); this adds filtering, stable ordering and the caller's standing."""

    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    ordering = ["id"]
    # Ids the database can hold; anything else falls through to the JSON 404 in urls.py.
    lookup_value_regex = r"[0-9]{1,18}"
    write_scopes: dict[str, str] = {}

    def dispatch(self, request, *args, **kwargs):
        # Messages are Chinese whatever Accept-Language says: the error shape promises it.
        with translation.override("zh-hans"):
            return super().dispatch(request, *args, **kwargs)

    @property
    def token(self) -> ApiToken | None:
        return self.request.auth if isinstance(self.request.auth, ApiToken) else None

    def caller_is_office(self) -> bool:
        """An office token, or a session (or token) whose account is in the office."""
        token = self.token
        if token is not None:
            # Checked when the token was issued; the office revokes a token that outlives it.
            return token.is_office_token
        if not hasattr(self, "_caller_is_office"):
            self._caller_is_office = is_office(self.request.user)
        return self._caller_is_office
