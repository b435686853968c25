"""Pictures cost no query: the 目录, the masthead and the article lists show any number of
images in the same number of queries (renditions' addresses are computed, not looked up)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import PhotoCredit
from issues.models import Issue
from tests.factories import (
    ArticleFactory,
    IssueFactory,
    PeriodicalFactory,
    PhotoCreditFactory,
    unrecorded,
)

pytestmark = pytest.mark.django_db


@unrecorded()
def issue_with_pictures(article_count: int) -> Issue:
    """A published issue with a cover image, a credited cover photo with an image, and
    `article_count` articles of two photos each, every photo with an image."""
    issue = IssueFactory(periodical=PeriodicalFactory(), year=2024, number=1)
    PhotoCreditFactory(article=None, issue=issue, on_cover=True)
    for n in range(article_count):
        article = ArticleFactory(issue=issue, toc_order=n, start_page=n + 1)
        PhotoCreditFactory.create_batch(2, article=article)
    # Stored pictures (their files are not read to show them).
    Issue.objects.filter(pk=issue.pk).update(
        cover_image="covers/2024/c.jpg", cover_image_width=2000, cover_image_height=1000
    )
    PhotoCredit.objects.filter(article__issue=issue).update(
        image="photos/2024/p.jpg", image_width=1600, image_height=1200
    )
    PhotoCredit.objects.filter(issue=issue).update(
        image="photos/2024/c.jpg", image_width=1600, image_height=1200
    )
    return issue


def endpoints(issue: Issue) -> list[str]:
    return [
        f"/api/v1/issues/{issue.pk}/toc/",
        f"/api/v1/issues/{issue.pk}/masthead/",
        f"/api/v1/issues/{issue.pk}/",
        f"/api/v1/issues/?periodical={issue.periodical.slug}",
        f"/api/v1/articles/?issue={issue.pk}&page_size=100",
        f"/api/v1/articles/{issue.articles.first().pk}/",
    ]


def query_counts(api, issue: Issue) -> list[int]:
    counts = []
    for url in endpoints(issue):
        with CaptureQueriesContext(connection) as queries:
            response = api.get(url)
        assert response.status_code == 200, url
        assert "renditions" in response.content.decode()
        counts.append(len(queries))
    return counts


def test_pictures_do_not_add_queries_per_picture(api):
    small = issue_with_pictures(2)
    large = issue_with_pictures(20)
    assert query_counts(api, small) == query_counts(api, large)
    photos = api.get(f"/api/v1/articles/?issue={large.pk}&page_size=100").json()["results"]
    assert sum(len(a["photo_credits"]) for a in photos) == 40
    assert all(p["image"]["renditions"] for a in photos for p in a["photo_credits"])
