"""Clients and helpers of the export tests; the API clients are those of tests/api."""

import pytest
from django.contrib.auth.models import Permission, User
from rest_framework.test import APIClient

from tests.api.conftest import api, editor, editor_api  # noqa: F401  (fixtures)


@pytest.fixture
def auditor(db) -> User:
    """A signed-in user who may only view issues, as the auditors' group may; not staff."""
    user = User.objects.create_user("auditor", password="x")
    user.user_permissions.set(Permission.objects.filter(codename="view_issue"))
    return user


@pytest.fixture
def auditor_api(auditor) -> APIClient:
    client = APIClient()
    client.force_authenticate(auditor)
    return client
