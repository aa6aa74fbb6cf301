"""common.cache: Django's Redis cache keeping its client, and the windowed counter of the
public forms' rate limits (with Redis in one round trip, and with any other cache)."""

import pytest
from django.core.cache import caches

from common.cache import RedisCache, hit, seconds_left


def test_a_window_counts_and_says_how_long_it_has_left():
    assert [hit("tests:window", 60) for _ in range(3)] == [1, 2, 3]
    assert 1 <= seconds_left("tests:window", 60) <= 60
    assert hit("tests:other-window", 60) == 1


@pytest.mark.redis
def test_with_redis_the_counter_is_one_key_that_expires(settings):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set")
    cache = RedisCache(settings.REDIS_URL, {})
    cache.delete("tests:redis-window")
    assert cache.hit("tests:redis-window", 30) == 1
    assert cache.hit("tests:redis-window", 30) == 2
    assert 1 <= cache.seconds_left("tests:redis-window", 30) <= 30
    client = cache._cache.get_client(write=True)
    assert 0 < client.ttl(cache.make_key("tests:redis-window")) <= 30
    assert cache._cache.get_client() is client  # one client, kept
    cache.delete("tests:redis-window")


def test_the_configured_cache_is_this_backend_when_redis_is_set(settings):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set")
    assert isinstance(caches["default"], RedisCache)
