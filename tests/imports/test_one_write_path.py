"""One write path: importing a print text by the command and by the admin's upload page leaves
the same issue, row for row, and the same change records."""

from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from articles.models import Authorship, PhotoCredit
from audit.models import ChangeRecord
from imports.models import IssueImport
from issues.models import Issue, MastheadEntry
from tests.factories import unrecorded
from tests.imports.test_admin_upload import importer_client, preview_url, upload  # noqa: F401

pytestmark = pytest.mark.django_db

SEED_TEXT = Path(settings.BASE_DIR) / "fixtures/seeds/001_f298dd8e9d14375d.txt"


class Discard(Exception):
    """Raised to roll back one way of importing after its rows were read."""


def written_by(periodical) -> dict:
    """What an import left: the issue's rows as an editor sees them, and its change records by
    kind of row, action and fields (not by id, time, source or reason, which differ by nature)."""
    issue = Issue.objects.get(periodical=periodical, year=2025, number=3)
    order = ("start_page", "title", "id")
    articles = issue.articles.order_by(*order)
    records = ChangeRecord.objects.filter(issue_id=issue.pk).select_related("content_type")
    return {
        "issue": Issue.objects.filter(pk=issue.pk).values(
            "status", "cumulative_number", "publication_date", "cover_caption", *Issue.FACT_FIELDS
        )[0],
        "articles": list(
            articles.values_list(
                "toc_order",
                "column__name",
                "kicker",
                "title",
                "subtitle",
                "start_page",
                "end_page",
                "responsible_editor__name",
                "responsible_editor_name",
                "body",
            )
        ),  # fmt: skip
        "bylines": list(
            Authorship.objects.filter(article__issue=issue)
            .order_by("article__start_page", "article__title", "order")
            .values_list(
                "article__title", "order", "credited_name", "contributor__name", "affiliation"
            )
        ),
        "photos": sorted(
            PhotoCredit.objects.filter(article__issue=issue).values_list(
                "article__title", "order", "credited_name", "caption"
            )
        )
        + sorted(issue.photo_credits.values_list("order", "credited_name", "caption")),
        "masthead": list(
            MastheadEntry.objects.filter(issue=issue)
            .order_by("order")
            .values_list("role__name", "credited_name", "contributor__name")
        ),
        "records": Counter(
            (record.content_type.model, record.action, tuple(sorted(record.changes_dict)))
            for record in records
        ),
    }


def test_the_command_and_the_admin_upload_write_the_same_issue_and_records(
    seed_issue,
    importer_client,  # noqa: F811
):
    periodical = seed_issue.periodical
    with unrecorded():
        seed_issue.delete()

    try:
        with transaction.atomic():
            call_command("import_issue", str(SEED_TEXT), periodical=periodical.slug)
            by_command = written_by(periodical)
            raise Discard
    except Discard:
        pass
    assert not Issue.objects.filter(periodical=periodical, year=2025, number=3).exists()

    upload(importer_client, periodical, SEED_TEXT.read_text(encoding="utf-8"))
    importer_client.post(preview_url(IssueImport.objects.get()))
    by_admin = written_by(periodical)

    assert len(by_admin["articles"]) == 37 and by_admin["records"]
    for part in by_command:
        assert by_admin[part] == by_command[part], part
