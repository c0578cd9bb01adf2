"""Django's Redis cache, with two costs of every API request taken out.

- ``django.core.cache.backends.redis`` creates a ``redis.Redis`` per operation (and each sets
  up some 170 response callbacks); an API request makes several cache calls (throttling, the
  status summary), so that set-up cost more than the round trips. A ``redis.Redis`` is safe
  to share between threads (connections come from its pool), so one per pool is kept.
- ``incr`` (the throttle's counter) was EXISTS then INCRBY: two round trips, and a key that
  expired in between came back as a counter that never expires. One Lua call does both.

And one failure made explicit: when Redis does not answer, every cache call raises
``CacheUnavailable`` (logged once), and for the next ``RETRY_AFTER`` seconds calls fail at
once instead of each waiting for a connection. Nothing ipplan keeps in the cache is the
only copy, so every caller degrades: throttling lets the request through, the status
summary is counted from the database.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
RETRY_AFTER = 5.0  # seconds without trying Redis again after it failed to answer


class CacheUnavailable(Exception):
    """Redis did not answer. ``fresh`` is true for the call that found it out (and logged
    it); calls while ipplan waits to try again are not fresh, so callers log only once."""

    def __init__(self, message: str, *, fresh: bool):
        super().__init__(message)
        self.fresh = fresh


# Like Django's incr: ValueError for a missing key (the script answers nil), else INCRBY.
_INCR_EXISTING = """
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
return redis.call('INCRBY', KEYS[1], ARGV[1])
"""


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._incr_scripts = {}
        self._down_until = 0.0

    def _guard(self, operation, *args):
        if time.monotonic() < self._down_until:
            raise CacheUnavailable("Redis 暂不可用（稍后重试）", fresh=False)
        try:
            return operation(*args)
        except (RedisConnectionError, RedisTimeoutError) as error:
            self._down_until = time.monotonic() + RETRY_AFTER
            logger.warning("Redis unreachable, cache bypassed for %.0f s: %s", RETRY_AFTER, error)
            raise CacheUnavailable(str(error), fresh=True) from error

    def add(self, *args):
        return self._guard(super().add, *args)

    def get(self, *args):
        return self._guard(super().get, *args)

    def set(self, *args):
        return self._guard(super().set, *args)

    def touch(self, *args):
        return self._guard(super().touch, *args)

    def delete(self, *args):
        return self._guard(super().delete, *args)

    def get_many(self, *args):
        return self._guard(super().get_many, *args)

    def has_key(self, *args):
        return self._guard(super().has_key, *args)

    def set_many(self, *args):
        return self._guard(super().set_many, *args)

    def delete_many(self, *args):
        return self._guard(super().delete_many, *args)

    def clear(self):
        return self._guard(super().clear)

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def incr(self, key, delta):
        return self._guard(self._incr, key, delta)

    def _incr(self, key, delta):
        client = self.get_client(key, write=True)
        script = self._incr_scripts.get(id(client))
        if script is None:
            script = self._incr_scripts[id(client)] = client.register_script(_INCR_EXISTING)
        value = script(keys=[key], args=[delta])
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
