"""Django's Redis cache, with two costs of every API request taken out.

- ``django.core.cache.backends.redis`` creates a ``redis.Redis`` per operation (and each sets
  up some 170 response callbacks); an API request makes several cache calls (throttling, the
  status summary), so that set-up cost more than the round trips. A ``redis.Redis`` is safe
  to share between threads (connections come from its pool), so one per pool is kept.
- ``incr`` (the throttle's counter) was EXISTS then INCRBY: two round trips, and a key that
  expired in between came back as a counter that never expires. One Lua call does both.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

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

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def incr(self, key, delta):
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
