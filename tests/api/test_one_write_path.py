"""One write path: the admin and the API call the same services and leave the same rows and the
same change records; the drift they had (published_at, a rename's search text) is gone."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from articles.models import Article, Authorship
from articles.services import article_update
from audit.models import ChangeRecord
from contributors.models import Contributor
from core.concurrency import StaleVersion
from issues.models import Issue
from issues.services import issue_create
from periodical.models import Column, Periodical
from periodical.services import column_update
from tests.admin_pages import opened_form
from tests.factories import (
    ArticleFactory,
    AuthorshipFactory,
    ColumnFactory,
    ContributorFactory,
    IssueFactory,
    PeriodicalFactory,
)

pytestmark = pytest.mark.django_db

# Differ between any two runs, whoever writes: ids of new rows, clocks, who and through what.
VOLATILE = {
    "id", "created_at", "updated_at", "content_changed_at", "published_at", "issue", "article",
    "search_title", "search_body", "signed_at", "signed_by",
}  # fmt: skip


@pytest.fixture
def admin_client() -> Client:
    user = get_user_model().objects.create_user(
        "admin_editor", password="x", is_staff=True, is_superuser=True
    )
    client = Client()
    client.force_login(user)
    return client


def rows(queryset) -> list[dict]:
    return [
        {k: v for k, v in model_to_dict(row, exclude=VOLATILE).items()}
        | {"version": getattr(row, "version", None)}
        for row in queryset
    ]


def records(since_id: int) -> list[tuple]:
    found = ChangeRecord.objects.filter(pk__gt=since_id).select_related("content_type")
    return sorted(
        (
            record.content_type.model,
            record.action,
            tuple(sorted((k, str(v)) for k, v in record.changes_dict.items() if k not in VOLATILE)),
            record.after_publication,
        )
        for record in found
    )


def outcome(write, snapshot) -> tuple:
    """What `write()` leaves (rows and change records), then undone for the next channel."""
    since = ChangeRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    sid = transaction.savepoint()
    try:
        write()
        return snapshot(), records(since)
    finally:
        transaction.savepoint_rollback(sid)


INLINES = ("masthead_entries", "planned_columns", "articles", "highlights", "photo_credits")


def empty_inlines(prefixes) -> dict:
    return {f"{p}-{k}": 0 for p in prefixes for k in ("TOTAL_FORMS", "INITIAL_FORMS")}


def case_issue_create(admin, api):
    periodical = PeriodicalFactory()
    values = {"year": 2025, "number": 4, "cumulative_number": 345, "cover_caption": "封面"}

    def by_admin():
        data = {"periodical": periodical.pk, **values, **empty_inlines(INLINES)}
        assert admin.post(reverse("admin:issues_issue_add"), data).status_code == 302

    def by_api():
        response = api.post("/api/v1/issues/", {"periodical": periodical.slug, **values})
        assert response.status_code == 201, response.content

    return by_admin, by_api, lambda: rows(Issue.objects.filter(periodical=periodical))


def case_issue_update(admin, api):
    issue = IssueFactory(status=Issue.Status.DRAFT)
    url = reverse("admin:issues_issue_change", args=[issue.pk])

    def by_admin():
        data = {**opened_form(admin, url), "cover_caption": "新封面说明", "phone": "0991-1"}
        assert admin.post(url, data).status_code == 302

    def by_api():
        change = {"cover_caption": "新封面说明", "phone": "0991-1"}
        assert api.patch(f"/api/v1/issues/{issue.pk}/", change).status_code == 200

    return by_admin, by_api, lambda: rows(Issue.objects.filter(pk=issue.pk))


def _status_case(admin, api, *, start, view, action, data=None):
    issue = IssueFactory(status=start)
    data = data or {}

    def by_admin():
        url = reverse(f"admin:issues_issue_{view}", args=[issue.pk])
        assert admin.post(url, {"page_version": issue.version, **data}).status_code == 302

    def by_api():
        response = api.post(f"/api/v1/issues/{issue.pk}/{action}/", data, format="json")
        assert response.status_code == 200, response.content

    def snapshot():
        row = Issue.objects.get(pk=issue.pk)
        return rows([row]), row.published_at is not None

    return by_admin, by_api, snapshot


def case_issue_publish(admin, api):
    return _status_case(admin, api, start=Issue.Status.SIGNED, view="publish", action="publish")


def case_issue_withdraw(admin, api):
    return _status_case(
        admin,
        api,
        start=Issue.Status.PUBLISHED,
        view="unpublish",
        action="unpublish",
        data={"reason": "版权页有误"},
    )


def article_snapshot(queryset):
    def snapshot():
        articles = list(queryset())
        byline = Authorship.objects.filter(article__in=articles).order_by("article", "order")
        return rows(articles), rows(byline), [a.search_body for a in articles]

    return snapshot


def case_article_create(admin, api):
    issue = IssueFactory(status=Issue.Status.DRAFT)
    column = ColumnFactory(periodical=issue.periodical)
    author = ContributorFactory(name="辛组研")
    values = {"issue": issue.pk, "column": column.pk, "toc_order": 9, "title": "援疆干部的一天"}
    values |= {"start_page": 70, "body": "援疆干部在基层。"}

    def by_admin():
        data = {**values, **empty_inlines(["authorships", "photo_credits"])}
        data |= {
            "authorships-TOTAL_FORMS": 1,
            "authorships-0-order": 1,
            "authorships-0-contributor": author.pk,
            "authorships-0-role": "author",
            "authorships-0-affiliation": "党委组织部",
            "authorships-0-listed_in_toc": "on",
        }
        response = admin.post(reverse("admin:articles_article_add"), data)
        assert response.status_code == 302, response.context["adminform"].form.errors

    def by_api():
        authors = [{"contributor": author.pk, "affiliation": "党委组织部"}]
        response = api.post("/api/v1/articles/", {**values, "authors": authors}, format="json")
        assert response.status_code == 201, response.content

    return by_admin, by_api, article_snapshot(lambda: Article.objects.filter(issue=issue))


def case_article_update(admin, api):
    article = ArticleFactory(title="原标题", issue=IssueFactory(status=Issue.Status.DRAFT))
    first = AuthorshipFactory(article=article, order=1, affiliation="")
    second = AuthorshipFactory(article=article, order=2)
    url = reverse("admin:articles_article_change", args=[article.pk])

    def by_admin():
        data = opened_form(admin, url) | {"title": "新标题"}
        data |= {"authorships-0-affiliation": "自治区党委组织部", "authorships-1-DELETE": "on"}
        response = admin.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors

    def by_api():
        authors = [
            {
                "contributor": first.contributor_id,
                "credited_name": first.credited_name,
                "affiliation": "自治区党委组织部",
            }
        ]
        change = {"title": "新标题", "authors": authors}
        response = api.patch(f"/api/v1/articles/{article.pk}/", change, format="json")
        assert response.status_code == 200, response.content
        assert second  # deleted by both: the byline sent is the whole byline

    return by_admin, by_api, article_snapshot(lambda: Article.objects.filter(pk=article.pk))


def case_contributor_rename(admin, api):
    contributor = ContributorFactory(name="王五")
    article = AuthorshipFactory(contributor=contributor, credited_name="王五").article
    url = reverse("admin:contributors_contributor_change", args=[contributor.pk])

    def by_admin():
        data = opened_form(admin, url) | {"name": "王伍"}
        assert admin.post(url, data).status_code == 302

    def by_api():
        response = api.patch(f"/api/v1/contributors/{contributor.pk}/", {"name": "王伍"})
        assert response.status_code == 200

    def snapshot():
        return (
            rows(Contributor.objects.filter(pk=contributor.pk)),
            Article.objects.get(pk=article.pk).search_body,
        )

    return by_admin, by_api, snapshot


CASES = {
    "issue create": case_issue_create,
    "issue update": case_issue_update,
    "issue publish": case_issue_publish,
    "issue withdraw": case_issue_withdraw,
    "article create with byline": case_article_create,
    "article update with byline": case_article_update,
    "contributor rename": case_contributor_rename,
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_admin_and_the_api_leave_the_same_rows_and_change_records(
    case, admin_client, editor_api
):
    by_admin, by_api, snapshot = CASES[case](admin_client, editor_api)
    through_admin = outcome(by_admin, snapshot)
    through_api = outcome(by_api, snapshot)
    assert through_admin == through_api
    assert through_admin[1], "the write was recorded"


def test_publishing_from_the_admin_sets_published_at(admin_client):
    issue = IssueFactory(status=Issue.Status.SIGNED)
    admin_client.post(
        reverse("admin:issues_issue_publish", args=[issue.pk]), {"page_version": issue.version}
    )
    issue.refresh_from_db()
    assert issue.is_published and issue.published_at is not None


def test_a_published_issue_created_by_a_service_has_its_publication_time():
    issue = issue_create(
        periodical=PeriodicalFactory(), year=2025, number=1, status=Issue.Status.PUBLISHED
    )
    assert issue.published_at is not None


def test_renaming_a_contributor_through_the_api_makes_their_articles_findable(editor_api, api):
    contributor = ContributorFactory(name="王五")
    article = AuthorshipFactory(contributor=contributor, credited_name="王五").article
    Issue.objects.filter(pk=article.issue_id).update(status=Issue.Status.PUBLISHED)
    response = editor_api.patch(f"/api/v1/contributors/{contributor.pk}/", {"name": "欧阳明远"})
    assert response.status_code == 200
    found = api.get("/api/v1/articles/", {"search": "欧阳明远"}).json()["results"]
    assert article.pk in [a["id"] for a in found]


def test_the_compare_and_set_lets_one_of_two_writers_of_the_same_version_win():
    """The service compares in the database, not in memory: both copies say version 1."""
    article = ArticleFactory(title="原标题", issue=IssueFactory(status=Issue.Status.DRAFT))
    copy_a, copy_b = Article.objects.get(pk=article.pk), Article.objects.get(pk=article.pk)
    article_update(article=copy_a, expected_version=1, title="甲")
    with pytest.raises(StaleVersion):
        article_update(article=copy_b, expected_version=1, title="乙", authors=[])
    article.refresh_from_db()
    assert (article.title, article.version) == ("甲", 2)


def test_a_refused_write_leaves_no_trace():
    column = ColumnFactory(name="原栏目")
    since = ChangeRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with pytest.raises(StaleVersion):
        column_update(column=column, expected_version=7, name="新栏目")
    assert Column.objects.get(pk=column.pk).name == "原栏目"
    assert not ChangeRecord.objects.filter(pk__gt=since).exists()


def test_versions_are_not_recorded_as_changes_people_made(editor_api):
    issue = IssueFactory(status=Issue.Status.SIGNED)
    since = ChangeRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    editor_api.post(f"/api/v1/issues/{issue.pk}/publish/")
    changes = [r.changes_dict for r in ChangeRecord.objects.filter(pk__gt=since)]
    assert changes and all("version" not in c for c in changes)


@pytest.mark.postgres
def test_on_postgresql_a_concurrent_writer_waits_for_the_first_and_is_refused():
    """Two connections at once, both holding version 1: the first writer's UPDATE locks the
    row; the second's waits for its commit, then finds the version moved on: it writes nothing."""
    import threading

    from auditlog.context import disable_auditlog
    from django.db import connection

    def in_thread(work):
        outcome = {}

        def run():
            try:
                with disable_auditlog():  # the rows are committed: leave no records behind
                    outcome["value"] = work()
            except Exception as error:  # noqa: BLE001 — handed to the test to assert on
                outcome["error"] = error
            finally:
                connection.close()

        thread = threading.Thread(target=run)
        thread.start()
        return thread, outcome

    def run_in_thread(work):
        thread, outcome = in_thread(work)
        thread.join(10)
        return outcome

    column = run_in_thread(lambda: ColumnFactory(name="原栏目"))["value"]
    column_id, periodical_id = column.pk, column.periodical_id
    claimed, release = threading.Event(), threading.Event()

    def first_writer():
        with transaction.atomic():
            column_update(column=Column.objects.get(pk=column_id), expected_version=1, name="甲")
            claimed.set()
            release.wait(10)  # commits only when the second writer is under way

    def second_writer():
        claimed.wait(10)
        column = Column.objects.get(pk=column_id)  # still version 1: the first has not committed
        release.set()
        return column_update(column=column, expected_version=column.version, name="乙")

    try:
        first, first_outcome = in_thread(first_writer)
        second_outcome = run_in_thread(second_writer)
        first.join(10)
        assert "error" not in first_outcome
        assert isinstance(second_outcome.get("error"), StaleVersion)
        stored = run_in_thread(
            lambda: Column.objects.values_list("name", "version").get(pk=column_id)
        )
        assert stored["value"] == ("甲", 2)
    finally:  # committed rows outlive the test's transaction: remove them
        run_in_thread(lambda: Periodical.objects.filter(pk=periodical_id).delete())
