"""Django's Redis cache, without building a new Redis client object for every cache call.

``django.core.cache.backends.redis`` creates a ``redis.Redis`` per operation (and each sets up
some 170 response callbacks); an API request makes several cache calls (throttling, the
status summary), so that set-up cost more than the round trips. A ``redis.Redis`` is safe to
share between threads (connections come from its pool), so one per pool is kept.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
