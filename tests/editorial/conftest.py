"""The editors' pages: an editor signed in, and issues of any size to lay out."""

import pytest
from django.contrib.auth import get_user_model

from issues.models import Issue
from tests.factories import (
    ArticleFactory,
    AuthorshipFactory,
    ColumnFactory,
    ContributorFactory,
    HighlightFactory,
    IssueFactory,
    MastheadEntryFactory,
    MastheadRoleFactory,
    PeriodicalFactory,
    PhotoCreditFactory,
    unrecorded,
)


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_user(
        "editor", password="x", is_staff=True, is_superuser=True
    )
    client.force_login(user)
    return client


@unrecorded()
def build_issue(articles: int, *, status=Issue.Status.DRAFT, columns: int = 6) -> Issue:
    """A draft issue of `articles` articles spread over `columns` columns, each with two
    authors, a 责任编辑 and a photo; a masthead of eight people and five highlights."""
    periodical = PeriodicalFactory()
    issue = IssueFactory(periodical=periodical, status=status, number=3, cumulative_number=344)
    planned = [ColumnFactory(periodical=periodical) for _ in range(columns)]
    editors = [ContributorFactory() for _ in range(4)]
    for n in range(articles):
        article = ArticleFactory(
            issue=issue,
            column=planned[n * columns // articles],
            toc_order=n + 1,
            start_page=n + 1,
            responsible_editor=editors[n % 4],
            responsible_editor_name=editors[n % 4].name,
        )
        AuthorshipFactory(article=article, order=1)
        AuthorshipFactory(article=article, order=2)
        PhotoCreditFactory(article=article)
        if n < 5:
            HighlightFactory(article=article, order=n)
    for order in range(8):
        role = MastheadRoleFactory(periodical=periodical)
        MastheadEntryFactory(issue=issue, role=role, order=order)
    return issue
