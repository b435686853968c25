"""API clients: anonymous, and staff holding the editors' model permissions; the cache each
caching test runs with, local memory and the real Redis."""

import secrets

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.test import override_settings
from rest_framework.test import APIClient

EDITORIAL_APPS = ["periodical", "issues", "articles", "contributors", "workflow"]


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def editor(db) -> User:
    """A staff user with every permission on the editorial models, as an editor has."""
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=EDITORIAL_APPS))
    return user


@pytest.fixture
def editor_api(editor) -> APIClient:
    client = APIClient()
    client.force_authenticate(editor)
    return client


def toc_url(issue) -> str:
    return f"/api/v1/issues/{issue.pk}/toc/"


def masthead_url(issue) -> str:
    return f"/api/v1/issues/{issue.pk}/masthead/"


REDIS_URL = "redis://127.0.0.1:6379/6"


def redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:  # no module, no server, refused: the Redis runs are skipped
        return False


@pytest.fixture(
    params=[
        "locmem",
        pytest.param(
            "redis",
            marks=pytest.mark.skipif(
                not redis_answers(), reason=f"no Redis answers at {REDIS_URL}"
            ),
        ),
    ]
)
def shared_cache(request):
    if request.param == "locmem":
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    else:
        backend = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-{secrets.token_hex(6)}",
        }
    with override_settings(CACHES={"default": backend}):
        yield request.param
        if request.param == "redis":
            client = cache._cache.get_client(write=True)
            for key in client.scan_iter(match=f"{backend['KEY_PREFIX']}:*"):
                client.delete(key)
