"""renovation.cache: Django's Redis cache keeping its client, and the windowed counter of the
public forms' rate limits (with Redis in one round trip, and with any other cache)."""

import pytest
from django.core.cache import caches

from renovation.cache import RedisCache, hit


def test_a_window_counts_and_says_how_long_it_has_left():
    counts = [hit("tests:window", 60) for _ in range(3)]
    assert [count for count, _left in counts] == [1, 2, 3]
    assert all(1 <= left <= 60 for _count, left in counts)
    assert hit("tests:other-window", 60)[0] == 1


@pytest.mark.redis
def test_with_redis_the_counter_is_one_key_that_expires(settings):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set")
    cache = RedisCache(settings.REDIS_URL, {})
    cache.delete("tests:redis-window")
    assert cache.hit("tests:redis-window", 30)[0] == 1
    count, left = cache.hit("tests:redis-window", 30)
    assert count == 2 and 1 <= left <= 30
    client = cache._cache.get_client(write=True)
    assert 0 < client.ttl(cache.make_key("tests:redis-window")) <= 30
    assert cache._cache.get_client() is client  # one client, kept
    cache.delete("tests:redis-window")


def test_the_configured_cache_is_this_backend_when_redis_is_set(settings):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set")
    assert isinstance(caches["default"], RedisCache)
