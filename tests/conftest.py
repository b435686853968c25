"""Test set-up: the database from DATABASE_URL (SQLite otherwise), the seed data loaded once."""

import pytest
from django.core.management import call_command
from django.utils import translation

from issues.models import Issue


def pytest_configure(config):
    """Passwords are hashed with MD5 in tests: the default PBKDF2 costs half a second per user.

    Only the speed of the hash changes; logins still check the password. The secret key the
    settings need at DEBUG=0 comes from pytest-env (`env` in pyproject.toml).
    """
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Pages render their static URLs without a collectstatic: production's manifest storage
    # would fail on a name missing from a manifest the tests never build. The test of the
    # static files at DEBUG=0 (tests/test_deploy.py) collects them and uses the manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    # No API throttling unless a test asks for it (tests/api/test_throttling.py lowers the rates):
    # every test comes from 127.0.0.1, and the counts would carry from test to test in a worker.
    from rest_framework.settings import api_settings

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None},
    }
    api_settings.reload()


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only behaviour is tested on PostgreSQL and skipped elsewhere, never mocked."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="PostgreSQL only: run with DATABASE_URL=postgres://…")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from a database holding the seed documents, as `make run` serves them."""
    with django_db_blocker.unblock():
        call_command("load_seed_data", verbosity=0)


@pytest.fixture(autouse=True)
def empty_local_cache():
    """Each test starts with nothing cached, as its database starts from the seed: a page
    rendered in one test (core.api.cached_rendering) is never served in the next. Only the
    local-memory caches: a shared Redis is left alone (its tests use keys of their own)."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    from core.fastpath import forget_templates, local_cache

    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()
    if (local := local_cache()) is not None:  # the lean path's own copies, per process
        local.clear()
    forget_templates()  # and the templates of the answers it builds


@pytest.fixture(autouse=True)
def chinese():
    """Messages are checked in the language editors read: Simplified Chinese."""
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def seed_issue(db) -> Issue:
    """Issue 2025·3 (总第344期) of 《党员之友》, as the seed documents give it."""
    return Issue.objects.get(periodical__slug="dangyuan-zhiyou", year=2025, number=3)


@pytest.fixture
def auditor(db):
    """A staff user in the 审计员 group, as the migration made it: views everything."""
    from django.contrib.auth.models import Group, User

    from audit.roles import AUDITOR_GROUP

    user = User.objects.create_user("auditor", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=AUDITOR_GROUP))
    return user


@pytest.fixture
def auditor_client(client, auditor):
    client.force_login(auditor)
    return client


@pytest.fixture
def auditor_api(auditor):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(auditor)
    return api
