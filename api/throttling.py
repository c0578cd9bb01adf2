"""Per-token throttling: each token's own ``rate_per_minute``; sessions share a default rate."""

from __future__ import annotations

from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    scope = "session"

    def allow_request(self, request, view) -> bool:
        token = request.auth
        if isinstance(token, ApiToken):
            self.num_requests, self.duration = token.rate_per_minute, 60
        return super().allow_request(request, view)

    def get_cache_key(self, request, view) -> str | None:
        token = request.auth
        if isinstance(token, ApiToken):
            return f"api-throttle-token-{token.pk}"
        if request.user and request.user.is_authenticated:
            return f"api-throttle-user-{request.user.pk}"
        return None  # anonymous requests are refused by the permission check anyway
