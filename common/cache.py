"""Django's Redis cache backend, keeping one redis.Redis client per connection pool; ``hit``,
a counter in a window (the public forms' rate limits, counted in the process while Redis is
down), and ``hit_and_read``, which counts one and reads another in the same round trip; and
``Generation``, the number a cache
keys its entries under and moves on to drop them all.

Django's RedisCacheClient makes a new ``redis.Redis`` for every cache call, and redis-py 5 and
later builds a table of some 170 response callbacks in each: about a third of a millisecond of
CPU per call, several calls per request (session, permissions, the dashboard's generation and
page, rate limits). A client is only a handle on its pool and safe to share, so it is kept.
Everything else is Django's own backend, unchanged.
"""

import logging
import time

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

logger = logging.getLogger(__name__)


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

    def hit(self, key, window: int) -> int:
        """Count one more in ``key``'s window, which opens now if it is not open; return the
        count. One round trip (each command is atomic on its own: the first EXPIRE wins)."""
        key = self.make_and_validate_key(key)
        with self._cache.get_client(key, write=True).pipeline(transaction=False) as pipe:
            pipe.incr(key)
            pipe.expire(key, window, nx=True)
            count, _set = pipe.execute()
        return count

    def hit_and_read(self, key, window: int, other) -> tuple[int, int]:
        """Count one more in ``key``'s window (as ``hit``) and read ``other``'s count (0 when
        its window is closed), in one round trip."""
        key = self.make_and_validate_key(key)
        other = self.make_and_validate_key(other)
        with self._cache.get_client(key, write=True).pipeline(transaction=False) as pipe:
            pipe.incr(key)
            pipe.expire(key, window, nx=True)
            pipe.get(other)
            count, _set, read = pipe.execute()
        return count, int(read or 0)

    def seconds_left(self, key, window: int) -> int:
        key = self.make_and_validate_key(key)
        left = self._cache.get_client(key).ttl(key)
        return window if left is None or left < 0 else max(1, left)


class LocalCounters:
    """Counters in windows, in this process's memory: where ``hit`` counts while the cache
    cannot be reached, so that a public form keeps a limit (per process, so looser) and keeps
    taking submissions rather than failing them all."""

    def __init__(self, size: int = 10_000):
        self.size = size
        self.counts: dict[str, tuple[float, int]] = {}

    def hit(self, key: str, window: int) -> int:
        now = time.monotonic()
        closes, count = self.counts.get(key, (0.0, 0))
        if closes <= now:
            if len(self.counts) >= self.size:  # forget the closed windows
                self.counts = {k: v for k, v in self.counts.items() if v[0] > now}
            closes, count = now + window, 0
        self.counts[key] = (closes, count + 1)
        return count + 1

    def read(self, key: str) -> int:
        closes, count = self.counts.get(key, (0.0, 0))
        return count if closes > time.monotonic() else 0

    def seconds_left(self, key: str, window: int) -> int:
        closes, _count = self.counts.get(key, (0.0, 0))
        left = closes - time.monotonic()
        return window if left <= 0 else max(1, int(left + 0.999))


local_counters = LocalCounters()
_warned_at = [0.0]


def _cache_down(error) -> None:
    if time.monotonic() - _warned_at[0] > 60:  # once a minute, not on every request
        _warned_at[0] = time.monotonic()
        logger.warning("rate limits counted in this process: the cache is unreachable (%s)", error)


def hit(key: str, window: int) -> int:
    """Count one more in ``key``'s window of ``window`` seconds, opened by its first count;
    return the count. With Redis, one round trip; with any other cache (development, tests),
    the same with a few calls. While the cache cannot be reached, this process counts."""
    try:
        return _hit(key, window)
    except Exception as error:  # noqa: BLE001  Redis down or timing out
        _cache_down(error)
        return local_counters.hit(key, window)


def _hit(key: str, window: int) -> int:
    counted = getattr(cache, "hit", None)  # this module's RedisCache
    if counted is not None:
        return counted(key, window)
    cache.add(f"{key}:until", time.time() + window, window)
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # the window closed between the two calls: open a new one
        cache.set(key, 1, window)
        return 1


def hit_and_read(key: str, window: int, other: str) -> tuple[int, int]:
    """Count one more in ``key``'s window (as ``hit``) and return that count with the count in
    ``other``'s window (0 when none is open): a limit on every request checked together with
    one whose requests are counted later. With Redis, one round trip."""
    try:
        both = getattr(cache, "hit_and_read", None)  # this module's RedisCache
        if both is not None:
            return both(key, window, other)
        return _hit(key, window), int(cache.get(other) or 0)
    except Exception as error:  # noqa: BLE001  Redis down or timing out
        _cache_down(error)
        return local_counters.hit(key, window), local_counters.read(other)


def seconds_left(key: str, window: int) -> int:
    """The whole seconds (at least 1) until ``key``'s window closes."""
    if key in local_counters.counts:  # counted here while the cache was down
        return local_counters.seconds_left(key, window)
    try:
        return _seconds_left(key, window)
    except Exception as error:  # noqa: BLE001
        _cache_down(error)
        return window


def _seconds_left(key: str, window: int) -> int:
    left = getattr(cache, "seconds_left", None)
    if left is not None:
        return left(key, window)
    until = cache.get(f"{key}:until")
    return window if until is None else max(1, int(until - time.time() + 0.999))


class Generation:
    """A number in the cache that entries are keyed under (the dashboard's pages, the role
    permissions): moving it on makes every entry of the older number unreachable. A cache
    outage never fails the write that moves it."""

    def __init__(self, key: str):
        self.key = key

    def current(self) -> int:
        """Return the current number (starting one when the cache has none)."""
        value = cache.get(self.key)
        if value is None:
            value = self._start()
        return value

    def _start(self) -> int:
        cache.add(self.key, 1, timeout=None)
        return cache.get(self.key) or 1

    def read(self, key: str):
        """Return the current number and the entry under ``key`` if it was stored under that
        number (else None), in one round trip to the cache (MGET). Keep the number for
        ``store``: an entry built from what the number stood for must carry that number, not
        a later one."""
        values = cache.get_many([self.key, key])
        number = values.get(self.key)
        if number is None:
            number = self._start()
        entry = values.get(key)
        if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == number:
            return number, entry[1]
        return number, None

    def store(self, key: str, number: int, value, timeout: int) -> None:
        """Store ``value`` under ``key`` for the number ``read`` gave: it is read back only
        while the number has not moved on."""
        cache.set(key, (number, value), timeout)

    def bump(self) -> None:
        try:
            try:
                cache.incr(self.key)
            except ValueError:  # no number yet, or evicted: nothing cached can be read
                cache.add(self.key, 1, timeout=None)
        except Exception as error:  # noqa: BLE001  a cache outage must not fail the write
            logger.warning("cache generation %s could not move on: %s", self.key, error)
