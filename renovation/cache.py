"""Django's Redis cache backend, keeping one redis.Redis client per connection pool; and
``hit``, a counter in a window (the public forms' rate limits).

Django's RedisCacheClient makes a new ``redis.Redis`` for every cache call, and redis-py 5 and
later builds a table of some 170 response callbacks in each: about a third of a millisecond of
CPU per call, several calls per request (session, permissions, the dashboard's generation and
page, rate limits). A client is only a handle on its pool and safe to share, so it is kept.
Everything else is Django's own backend, unchanged.
"""

import time

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def hit(self, key, window: int) -> tuple[int, int]:
        """Count one more in ``key``'s window, which opens now if it is not open; return the
        count and the seconds left in the window. One round trip."""
        key = self.make_and_validate_key(key)
        client = self._cache.get_client(key, write=True)
        with client.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, window, nx=True)
            pipe.ttl(key)
            count, _set, left = pipe.execute()
        return count, max(1, left)


def hit(key: str, window: int) -> tuple[int, int]:
    """Count one more in ``key``'s window of ``window`` seconds, opened by its first count;
    return the count and the whole seconds left (at least 1). With Redis, one atomic round
    trip; with any other cache (development, tests), the same with a few calls."""
    counted = getattr(cache, "hit", None)  # this module's RedisCache
    if counted is not None:
        return counted(key, window)
    now = time.time()
    cache.add(f"{key}:until", now + window, window)
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # the window closed between the two calls: open a new one
        cache.set(key, 1, window)
        count = 1
    until = cache.get(f"{key}:until") or now + window
    return count, max(1, int(until - now + 0.999))
