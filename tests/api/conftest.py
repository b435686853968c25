"""API clients: anonymous, and staff holding the editors' model permissions."""

import pytest
from django.contrib.auth.models import Permission, User
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
