"""Bulk writes record every row, with one INSERT of records and a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Authorship, PhotoCredit
from audit.context import audit_context
from audit.models import ChangeRecord
from contributors.models import Contributor
from issues.models import Issue, MastheadEntry
from tests.factories import ArticleFactory, IssueFactory, MastheadRoleFactory

pytestmark = pytest.mark.django_db

UPDATE, CREATE = ChangeRecord.Action.UPDATE, ChangeRecord.Action.CREATE


def authorships(article, count, contributors):
    """Unsaved authorships given by ids, as a loader builds them (no related objects cached)."""
    return [
        Authorship(
            article_id=article.pk,
            contributor_id=contributors[n % len(contributors)].pk,
            credited_name=f"作者{n}",
            order=n,
        )
        for n in range(count)
    ]


@pytest.fixture
def contributors():
    return Contributor.objects.bulk_create(Contributor(name=f"作者{n}") for n in range(3))


def queries_of(write) -> int:
    with CaptureQueriesContext(connection) as queries:
        write()
    return len(queries)


def test_a_bulk_create_records_each_row_in_a_constant_number_of_queries(contributors):
    article = ArticleFactory(issue=IssueFactory(status=Issue.Status.PUBLISHED))
    few = queries_of(lambda: Authorship.objects.bulk_create(authorships(article, 2, contributors)))
    with audit_context(reason="批量导入"):
        many = queries_of(
            lambda: Authorship.objects.bulk_create(authorships(article, 20, contributors))
        )
    assert many == few
    records = ChangeRecord.objects.filter(
        content_type__model="authorship", action=CREATE, reason="批量导入"
    )
    assert records.count() == 20
    assert {record.issue_id for record in records} == {article.issue_id}
    assert {record.periodical_id for record in records} == {article.issue.periodical_id}
    assert all(record.after_publication for record in records)
    record = records.get(changes__credited_name=[None, "作者7"])
    assert record.changes["contributor"] == [None, contributors[7 % 3].name]
    assert record.object_repr == "作者7"


def test_a_bulk_update_and_an_update_record_each_row_in_a_constant_number_of_queries():
    issue = IssueFactory(status=Issue.Status.DRAFT)
    role = MastheadRoleFactory(periodical=issue.periodical)
    people = Contributor.objects.bulk_create(Contributor(name=f"编辑{n}") for n in range(20))
    entries = MastheadEntry.objects.bulk_create(
        MastheadEntry(issue=issue, role=role, contributor=person, credited_name=person.name)
        for person in people
    )

    def rename(count):
        for entry in entries[:count]:
            entry.credited_name += "甲"
        MastheadEntry.objects.bulk_update(entries[:count], ["credited_name"])

    assert queries_of(lambda: rename(20)) == queries_of(lambda: rename(2))
    few = queries_of(lambda: MastheadEntry.objects.filter(pk=entries[0].pk).update(note="兼"))
    many = queries_of(lambda: MastheadEntry.objects.filter(issue=issue).update(note="兼任"))
    assert many == few
    records = ChangeRecord.objects.filter(content_type__model="mastheadentry", action=UPDATE)
    assert records.filter(changes__has_key="credited_name").count() == 22
    assert records.filter(changes__note=["兼", "兼任"]).count() == 1
    assert records.filter(changes__note=["", "兼任"]).count() == 19
    assert not records.filter(after_publication=True).exists()  # the issue is a draft
    assert {record.object_repr for record in records} >= {f"{role.name} 编辑5甲"}


def test_the_scope_of_a_bulk_update_is_read_before_the_write():
    """Publishing in bulk is not a change after publication; withdrawing in bulk is."""
    drafts = IssueFactory.create_batch(3, status=Issue.Status.DRAFT)
    ids = [issue.pk for issue in drafts]
    Issue.objects.filter(pk__in=ids).update(status=Issue.Status.PUBLISHED)
    Issue.objects.filter(pk__in=ids).update(status=Issue.Status.DRAFT)
    records = ChangeRecord.objects.filter(content_type__model="issue", object_id__in=ids)
    published = records.filter(changes__status=["draft", "published"])
    withdrawn = records.filter(changes__status=["published", "draft"])
    assert published.count() == withdrawn.count() == 3
    assert not published.filter(after_publication=True).exists()
    assert withdrawn.filter(after_publication=True).count() == 3


def test_photos_outside_articles_belong_to_their_issue():
    article = ArticleFactory()
    cover_issue = IssueFactory()
    photos = PhotoCredit.objects.bulk_create(
        [
            PhotoCredit(article=article, caption="文中图"),
            PhotoCredit(issue=cover_issue, on_cover=True, caption="封面图"),
        ]
    )
    records = ChangeRecord.objects.filter(
        content_type__model="photocredit", action=CREATE, object_id__in=[p.pk for p in photos]
    )
    assert {(r.object_repr, r.issue_id) for r in records} == {
        ("文中图", article.issue_id),
        ("封面图", cover_issue.pk),
    }


def test_a_record_snapshots_the_row_as_django_auditlog_does_and_leaves_it_as_it_was(seed_issue):
    from auditlog.models import LogEntryManager

    article = seed_issue.articles.select_related("issue__periodical", "column").first()
    article.start_page = str(article.start_page)  # as a form leaves it: typed for the snapshot

    snapshot = ChangeRecord.objects._get_serialized_data_or_none(article)

    django_auditlog = LogEntryManager()  # its own copy of the instance: a deepcopy
    assert snapshot == django_auditlog._get_serialized_data_or_none(article)
    assert snapshot["fields"]["start_page"] == int(article.start_page)
    assert isinstance(article.start_page, str)  # the instance itself is not retyped
    assert article._state.fields_cache["issue"] is not None  # nor stripped of its relations
