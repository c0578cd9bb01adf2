"""Per-token throttling: each token's own ``rate_per_minute``; sessions share a default rate."""

from __future__ import annotations

import logging

from rest_framework.throttling import SimpleRateThrottle

from ipplan.cache import CacheUnavailable

from .models import ApiToken

logger = logging.getLogger(__name__)


class TokenRateThrottle(SimpleRateThrottle):
    """A sliding-window counter per token (or session user).

    Requests are counted per fixed window (one minute for tokens) in the cache; a request is
    allowed while ``previous window × the share of it still inside the last minute + this
    window + 1`` stays within the rate. Each request costs one atomic increment
    (``cache.incr``: Redis INCR), whatever the rate: DRF's own throttle reads and writes back
    the list of every request time in the window, which grows with the rate, and two workers
    writing it at once lose one of the requests.

    Without Redis the throttle fails open: the request goes through and the outage is
    logged, since refusing every API call is worse than not counting them for a while.
    """

    scope = "session"

    def allow_request(self, request, view) -> bool:
        try:
            return self._allow(request, view)
        except CacheUnavailable as error:
            if error.fresh:
                logger.warning("API throttling off while the cache is unavailable: %s", error)
            return True

    def _allow(self, request, view) -> bool:
        token = request.auth
        if isinstance(token, ApiToken):
            self.num_requests, self.duration = token.rate_per_minute, 60
        key = self.get_cache_key(request, view)
        if self.num_requests is None or key is None:
            return True
        window, offset = divmod(self.timer(), self.duration)
        current_key, previous_key = f"{key}-{int(window)}", f"{key}-{int(window) - 1}"
        counts = self.cache.get_many([previous_key, current_key])
        previous, current = counts.get(previous_key, 0), counts.get(current_key, 0)
        overlap = 1 - offset / self.duration
        if previous * overlap + current + 1 <= self.num_requests:
            self._count(current_key, exists=current_key in counts)
            return True
        self._wait = self._seconds_until_allowed(previous, current, offset)
        return False

    def _count(self, key: str, *, exists: bool) -> None:
        if exists:
            try:
                self.cache.incr(key)
                return
            except ValueError:
                pass  # expired since it was read
        # Kept two windows: the next window still weighs this one.
        if not self.cache.add(key, 1, timeout=2 * self.duration):
            self.cache.incr(key)  # another worker created it first

    def _seconds_until_allowed(self, previous: int, current: int, offset: float) -> float | None:
        limit = self.num_requests
        if limit < 1:
            return None
        if current + 1 > limit:
            # Into the next window, until this window's weight has fallen enough.
            return self.duration - offset + self.duration * (1 - (limit - 1) / current)
        # Later in this window, until the previous window's weight has fallen enough.
        return self.duration * (1 - (limit - current - 1) / previous) - offset

    def wait(self) -> float | None:
        return self._wait

    def get_cache_key(self, request, view) -> str | None:
        token = request.auth
        if isinstance(token, ApiToken):
            return f"api-throttle-token-{token.pk}"
        if request.user and request.user.is_authenticated:
            return f"api-throttle-user-{request.user.pk}"
        return None  # anonymous requests are refused by the permission check anyway
