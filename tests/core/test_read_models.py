"""CompiledRows: a values() query compiled once gives, for every key, what the ORM gives."""

import datetime

import pytest
from django.db import DataError, transaction
from django.db.models import F, Value

from core.read_models import CompiledRows, read_together
from issues.models import Issue
from tests.factories import IssueFactory, unrecorded

pytestmark = pytest.mark.django_db

VALUES = ("id", "publication_date", "price", "supplement", "periodical__slug")


def issue_rows(pk):
    return Issue.objects.filter(pk=pk).values(*VALUES)


@unrecorded()
def test_each_key_reads_its_own_rows_as_the_orm_converts_them(django_assert_num_queries):
    issues = [
        IssueFactory(publication_date=datetime.date(2025, 3, 28), price="6.50"),
        IssueFactory(publication_date=None, price=None, supplement=True),
    ]
    rows = CompiledRows(Issue, issue_rows)
    for issue in issues:
        with django_assert_num_queries(1):  # through the connection's cursor: counted, logged
            found = rows(issue.pk)
        expected = list(issue_rows(issue.pk))
        assert found == expected
        # Converted as the ORM converts (SQLite gives 0/1 and floats, equal to bool and Decimal).
        assert [type(v) for v in found[0].values()] == [type(v) for v in expected[0].values()]
        assert found[0]["id"] == issue.pk
    assert isinstance(rows(issues[0].pk)[0]["publication_date"], datetime.date)
    assert rows(issues[-1].pk + 1000) == []


def test_a_query_whose_key_is_no_parameter_is_refused():
    rows = CompiledRows(Issue, lambda pk: Issue.objects.values("id"))
    with pytest.raises(ValueError):
        rows(1)


@unrecorded()
def test_a_list_of_ids_reads_the_rows_of_those_ids():
    issues = IssueFactory.create_batch(4)
    rows = CompiledRows(
        Issue, lambda ids: Issue.objects.filter(pk__in=ids).order_by("id").values(*VALUES)
    )
    for chosen in ([issues[0].pk, issues[2].pk], [issues[3].pk, issues[1].pk], [issues[1].pk]):
        expected = Issue.objects.filter(pk__in=chosen).order_by("id").values(*VALUES)
        assert rows(chosen) == list(expected)
    assert rows([]) == []


@unrecorded()
def test_reads_sent_together_give_what_each_gives_alone():
    """read_together: several compiled queries at once (on PostgreSQL in one pipeline, one
    round trip) give each the rows its own call gives, an empty list of ids none."""
    issues = IssueFactory.create_batch(3)
    by_id = CompiledRows(Issue, issue_rows)
    by_ids = CompiledRows(
        Issue, lambda ids: Issue.objects.filter(pk__in=ids).order_by("-id").values(*VALUES)
    )
    chosen = [issues[2].pk, issues[0].pk]
    reads = [(by_id, issues[1].pk), (by_ids, chosen), (by_ids, []), (by_id, issues[0].pk)]
    together = read_together(*reads)
    assert together == [rows(key) for rows, key in reads]
    assert [row["id"] for row in together[1]] == sorted(chosen, reverse=True)
    assert together[2] == []
    assert together[0][0]["id"] == issues[1].pk


@pytest.mark.postgres
@unrecorded()
def test_an_error_in_reads_sent_together_is_djangos_and_the_next_read_works():
    """A query that fails on the server among others sent together raises Django's database
    error, as it would alone, and leaves the connection to answer the next read (here after
    the rollback of the test's savepoint, as a request's transaction would be)."""
    issue = IssueFactory()
    good = CompiledRows(Issue, issue_rows)
    failing = CompiledRows(
        Issue,
        lambda pk: (
            Issue.objects.filter(pk=pk)
            .annotate(broken=Value(1) / (F("id") - F("id")))
            .values("broken")
        ),
    )
    with pytest.raises(DataError), transaction.atomic():
        read_together((good, issue.pk), (failing, issue.pk), (good, issue.pk))
    assert read_together((good, issue.pk), (good, issue.pk)) == [list(issue_rows(issue.pk))] * 2
