"""People and content of the correction tests: a chief editor, an editor, a published article."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from rest_framework.test import APIClient

from tests.api.conftest import EDITORIAL_APPS, api  # noqa: F401  (fixture)
from tests.factories import ArticleFactory, AuthorshipFactory, IssueFactory

BODY = "第一段写的是开头。\n\n第二段说，全区党员达到十万人。\n第三段是结尾。"


@pytest.fixture
def chief(db) -> User:
    """A staff user in the 主编 group (given the right to approve corrections by migration),
    who also edits like any editor."""
    user = User.objects.create_user("chief", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="主编"))
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=EDITORIAL_APPS))
    return user


@pytest.fixture
def editor(db) -> User:
    """A staff editor with every permission on the content and on corrections but approving."""
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=[*EDITORIAL_APPS, "corrections"]
        ).exclude(codename="approve_correction")
    )
    return user


@pytest.fixture
def chief_api(chief) -> APIClient:
    client = APIClient()
    client.force_authenticate(chief)
    return client


@pytest.fixture
def editor_api(editor) -> APIClient:
    client = APIClient()
    client.force_authenticate(editor)
    return client


@pytest.fixture
def article(db):
    """A published article with a title, a three-paragraph body and a byline of two."""
    issue = IssueFactory(status="published")
    article = ArticleFactory(issue=issue, title="党员之友创刊四十周年", body=BODY)
    AuthorshipFactory(article=article, credited_name="夏琰祯", contributor__name="夏珑祯", order=1)
    AuthorshipFactory(article=article, credited_name="杨佩佩", order=2)
    return article
