"""common.cache: Django's Redis cache keeping its client, and the windowed counter of the
public forms' rate limits (with Redis in one round trip, and with any other cache)."""

import pytest
from django.core.cache import caches

from common.cache import RedisCache, hit, hit_and_read, local_counters, seconds_left


def test_a_window_counts_and_says_how_long_it_has_left():
    assert [hit("tests:window", 60) for _ in range(3)] == [1, 2, 3]
    assert 1 <= seconds_left("tests:window", 60) <= 60
    assert hit("tests:other-window", 60) == 1


def test_one_call_counts_a_window_and_reads_another():
    assert hit_and_read("tests:attempts", 60, "tests:accepted") == (1, 0)
    hit("tests:accepted", 60)
    assert hit_and_read("tests:attempts", 60, "tests:accepted") == (2, 1)
    assert hit("tests:accepted", 60) == 2  # reading did not count


def test_the_local_counters_read_without_counting():
    local_counters.hit("tests:local", 60)
    assert local_counters.read("tests:local") == 1
    assert local_counters.read("tests:local") == 1
    assert local_counters.read("tests:never") == 0


@pytest.mark.redis
def test_with_redis_one_round_trip_counts_and_reads(settings):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set")
    cache = RedisCache(settings.REDIS_URL, {})
    cache.delete_many(["tests:redis-attempts", "tests:redis-accepted"])
    assert cache.hit_and_read("tests:redis-attempts", 30, "tests:redis-accepted") == (1, 0)
    cache.hit("tests:redis-accepted", 30)
    assert cache.hit_and_read("tests:redis-attempts", 30, "tests:redis-accepted") == (2, 1)
    assert 1 <= cache.seconds_left("tests:redis-attempts", 30) <= 30
    cache.delete_many(["tests:redis-attempts", "tests:redis-accepted"])


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
