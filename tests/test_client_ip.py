"""The login lock and the rate limits see the same client address, which a client cannot
choose by writing X-Forwarded-For."""

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory


@pytest.fixture
def proxies(settings):
    def count(n):
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": n}

    return count


def request(forwarded=None, remote="10.0.0.2"):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().post("/accounts/login/", REMOTE_ADDR=remote, **headers)


def test_without_a_proxy_the_header_is_ignored(proxies):
    proxies(0)
    assert get_client_ip_address(request("6.6.6.6")) == "10.0.0.2"


def test_behind_one_proxy_the_address_it_appended_counts(proxies):
    proxies(1)
    # The client forged the first address; the proxy appended the real one.
    assert get_client_ip_address(request("6.6.6.6, 203.0.113.7")) == "203.0.113.7"
    assert get_client_ip_address(request("203.0.113.7")) == "203.0.113.7"


def test_behind_a_proxy_a_request_without_the_header_still_has_an_address(proxies):
    proxies(1)
    assert get_client_ip_address(request()) == "10.0.0.2"
