"""Clients and helpers of the export tests; the API clients are those of tests/api."""

import pytest
from django.contrib.auth.models import Permission, User
from rest_framework.test import APIClient

from tests.api.conftest import api, editor, editor_api  # noqa: F401  (fixtures)


@pytest.fixture
def viewer(db) -> User:
    """A signed-in user who may view issues but is not staff: published issues only."""
    user = User.objects.create_user("viewer", password="x")
    user.user_permissions.set(Permission.objects.filter(codename="view_issue"))
    return user


@pytest.fixture
def viewer_api(viewer) -> APIClient:
    client = APIClient()
    client.force_authenticate(viewer)
    return client
