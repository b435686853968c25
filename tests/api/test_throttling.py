"""API throttling (core/throttling.py): over the rate a client gets 429, Retry-After and a
Chinese message. The suite runs unthrottled (tests/conftest.py); these tests lower the rates."""

import pytest
from django.core.cache import cache

# Imported first, as a worker's first request would: DRF then binds its throttle classes and
# rates, and the `rates` fixture must still reach them.
from rest_framework import views  # noqa: F401
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.chinese import is_chinese

pytestmark = pytest.mark.django_db

URL = "/api/v1/periodicals/"


@pytest.fixture
def rates(settings):
    """Three anonymous requests a minute per address, five per signed-in user."""
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": "5/min"},
    }
    yield
    cache.clear()


def statuses(client, count, **extra):
    return [client.get(URL, **extra).status_code for _ in range(count)]


def assert_throttled(response):
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert is_chinese(response.json()["detail"]), response.json()
    assert response.json()["code"] == "throttled"  # the one error contract


def test_an_anonymous_client_over_the_rate_gets_429_with_retry_after(rates):
    client = APIClient()
    assert statuses(client, 3) == [200, 200, 200]
    assert_throttled(client.get(URL))
    # Another address has its own count.
    assert client.get(URL, REMOTE_ADDR="198.51.100.20").status_code == 200


def test_a_forged_forwarded_for_header_does_not_reset_the_count(rates):
    client = APIClient()
    statuses(client, 3)
    assert_throttled(client.get(URL, HTTP_X_FORWARDED_FOR="192.0.2.99"))


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(rates, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    client = APIClient()
    assert statuses(client, 3, HTTP_X_FORWARDED_FOR="192.0.2.1") == [200, 200, 200]
    assert client.get(URL, HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 429
    assert client.get(URL, HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 200


def test_a_signed_in_user_has_the_user_rate(rates, editor):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    assert statuses(client, 5) == [200] * 5  # more than the anonymous rate
    assert_throttled(client.get(URL))
    # The user's count is the user's: anonymous readers at the same address are not affected.
    assert APIClient().get(URL).status_code == 200
