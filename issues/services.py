"""Writes on issues: creating one with the periodical's current facts, publishing, the masthead.

签发 and 撤回 are workflow.services (they record a decision); publishing needs 签发 first.
"""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import version_claim
from core.effects import ISSUE_CONTENT_CHANGED, collecting, defer
from core.errors import Conflict
from periodical.models import Periodical

from .locks import ensure_editable
from .models import Issue, MastheadEntry, PlannedColumn


def issue_fill_facts_from_periodical(*, issue: Issue) -> None:
    """Give a new issue the periodical's facts in force today, where the issue gives none."""
    for name, value in issue.periodical.publication_facts().items():
        if getattr(issue, name) in (None, ""):
            setattr(issue, name, value)


@collecting
def issue_create(*, periodical: Periodical, **fields) -> Issue:
    """Create an issue (a draft unless `status` says otherwise, as a loaded document may); the
    masthead facts it prints start as the periodical's current ones."""
    issue = Issue(periodical=periodical, **fields)
    issue_fill_facts_from_periodical(issue=issue)
    if issue.is_published and issue.published_at is None:
        issue.published_at = timezone.now()
    issue.full_clean()
    issue.save()
    return issue


@collecting
def issue_update(*, issue: Issue, expected_version: int | None = None, **fields) -> Issue:
    """Change an issue's own fields, if it is still at `expected_version` (None: any).

    The status is not among them: 签发 and 撤回 are workflow.services, publishing
    issue_publish. A published issue is refused (issues.locks): corrections change it.
    """
    if "status" in fields or "published_at" in fields:
        raise ValueError("An issue's status changes by issue_publish() or the workflow.")
    ensure_editable(issue)
    version_claim(issue, expected_version=expected_version)
    for name, value in fields.items():
        setattr(issue, name, value)
    issue.full_clean()
    issue.save()
    return issue


@collecting
def issue_publish(
    *, issue: Issue, expected_version: int | None = None, now: datetime.datetime | None = None
) -> Issue:
    """Publish a signed-off issue (readers see it from now on) and note when; already
    published: no-op. Refused (Conflict) before 签发, and before its scheduled time."""
    now = now or timezone.now()
    version_claim(issue, expected_version=expected_version)
    issue.refresh_from_db(fields=["status", "published_at", "publish_at"])
    if issue.is_published:
        return issue
    if not issue.is_signed:
        raise Conflict(
            _("%(issue)s 尚未签发：须经主编签发后才能发布。") % {"issue": issue},
            code="not_signed",
        )
    if issue.publish_at is not None and issue.publish_at > now:
        raise Conflict(
            _("%(issue)s 定于 %(time)s 发布，时间未到；如要提前发布，请先清除定时发布时间。")
            % {
                "issue": issue,
                "time": timezone.localtime(issue.publish_at).strftime("%Y-%m-%d %H:%M"),
            },
            code="scheduled",
        )
    issue.publish()
    issue.published_at = now
    issue.save(update_fields=["status", "published_at", "version", "updated_at"])
    # What readers see changed: a new ETag and Last-Modified, and the CDN told (issues.signals).
    defer(ISSUE_CONTENT_CHANGED, [issue.pk])
    return issue


def issues_publish_due(*, now: datetime.datetime | None = None) -> list[Issue]:
    """Publish every signed-off issue whose scheduled time has come, each in its own
    transaction; returns those published. Running it again publishes nothing more."""
    now = now or timezone.now()
    published = []
    due = Issue.objects.filter(status=Issue.Status.SIGNED, publish_at__lte=now)
    for pk in due.order_by("publish_at", "pk").values_list("pk", flat=True):
        with collecting():
            issue = Issue.objects.select_for_update().select_related("periodical").get(pk=pk)
            if issue.is_signed and issue.publish_at is not None and issue.publish_at <= now:
                published.append(issue_publish(issue=issue, now=now))
    return published


@collecting
def masthead_copy_from_previous(*, issue: Issue) -> int:
    """Copy the masthead of the periodical's previous issue into `issue`, which must have none.

    Returns the number of entries copied. The previous issue keeps its own entries: changing
    this issue's masthead later never touches it.
    """
    ensure_editable(issue)
    if issue.masthead_entries.exists():
        raise ValidationError(
            _("%(issue)s already has a masthead; clear it before copying.") % {"issue": issue}
        )
    previous = Issue.objects.preceding(issue).filter(masthead_entries__isnull=False).first()
    if previous is None:
        raise ValidationError(
            _("%(issue)s has no earlier issue with a masthead.") % {"issue": issue}
        )
    entries = [
        MastheadEntry(
            issue=issue,
            role_id=entry.role_id,
            contributor_id=entry.contributor_id,
            credited_name=entry.credited_name,
            note=entry.note,
            order=entry.order,
        )
        for entry in previous.masthead_entries.all()
    ]
    for entry in entries:
        entry.save()
    return len(entries)


# Regular issues a year, by the periodical's frequency (weekly: at most 53 numbers).
ISSUES_PER_YEAR = {
    Periodical.Frequency.WEEKLY: 53,
    Periodical.Frequency.SEMIMONTHLY: 24,
    Periodical.Frequency.MONTHLY: 12,
    Periodical.Frequency.BIMONTHLY: 6,
    Periodical.Frequency.QUARTERLY: 4,
}


def issue_next_numbers(*, previous: Issue) -> dict:
    """What the issue after `previous` is likely to be: year, number, 总第N期, publication date.

    After a combined issue (第5-6期) comes 第7期; after the year's last number (by the
    periodical's frequency, or else the highest number the previous year printed) comes 第1期
    of the next year. A combined issue counts once in 总第N期. The date is the periodical's
    publication day in the month the number stands for, for a monthly; otherwise left empty.
    """
    if previous.number is None:
        raise ValidationError(_("Only an issue with a number has a next issue."))
    year, number = previous.year, (previous.number_end or previous.number) + 1
    per_year = ISSUES_PER_YEAR.get(previous.periodical.frequency) or _last_number_of(
        previous, year=year - 1
    )
    if per_year and number > per_year:
        year, number = year + 1, 1
    cumulative = previous.cumulative_number + 1 if previous.cumulative_number else None
    return {
        "year": year,
        "number": number,
        "cumulative_number": cumulative,
        "publication_date": _monthly_date(previous.periodical, year=year, number=number),
    }


def _last_number_of(issue: Issue, *, year: int) -> int | None:
    """The highest number (or last number of a combined issue) printed in `year`."""
    numbers = Issue.objects.filter(
        periodical_id=issue.periodical_id, year=year, supplement=False
    ).aggregate(last=Max(Coalesce("number_end", "number")))
    return numbers["last"]


def _monthly_date(periodical: Periodical, *, year: int, number: int) -> datetime.date | None:
    if periodical.frequency != Periodical.Frequency.MONTHLY or not periodical.publication_day:
        return None
    if not 1 <= number <= 12:
        return None
    day = min(periodical.publication_day, calendar.monthrange(year, number)[1])
    return datetime.date(year, number, day)


@collecting
def issue_create_next(*, previous: Issue, copy_masthead: bool = True, **fields) -> Issue:
    """Create the issue after `previous`: the proposed numbers (issue_next_numbers) unless
    `fields` give others, the periodical's facts in force today, and a copy of the column plan
    and (unless `copy_masthead` is false) of the masthead of `previous`. A draft, as every new
    issue."""
    numbers = {**issue_next_numbers(previous=previous), **fields}
    issue = issue_create(periodical=previous.periodical, **numbers)
    if copy_masthead and previous.masthead_entries.exists():
        masthead_copy_from_previous(issue=issue)
    plan = [
        PlannedColumn(issue=issue, column_id=column_id, order=order)
        for order, column_id in enumerate(previous.column_plan(), start=1)
    ]
    for planned in plan:
        planned.save()
    return issue


@collecting
def issue_plan_columns(
    *, issue: Issue, column_ids: list[int], expected_version: int | None = None
) -> Issue:
    """Make `column_ids` the issue's column plan, in this order (see PlannedColumn)."""
    ensure_editable(issue)
    version_claim(issue, expected_version=expected_version)
    column_plan_replace(issue=issue, column_ids=column_ids)
    return issue


def column_plan_replace(*, issue: Issue, column_ids: list[int]) -> None:
    """The plan rows of `issue` become `column_ids` in order; unchanged rows are not written."""
    if len(set(column_ids)) != len(column_ids):
        raise ValidationError(_("A column can appear only once in the plan."))
    existing = {row.column_id: row for row in issue.planned_columns.all()}
    for order, column_id in enumerate(column_ids, start=1):
        row = existing.pop(column_id, None) or PlannedColumn(issue=issue, column_id=column_id)
        if row.pk is not None and row.order == order:
            continue
        row.order = order
        row.full_clean()
        row.save()
    for row in existing.values():
        row.delete()


@collecting
def issue_set_cover_image(*, issue: Issue, image, expected_version: int | None = None) -> Issue:
    """Put `image` (an uploaded file; None removes it) on the issue's cover, if the issue is
    still at `expected_version`; its renditions are made as it is saved (core/pictures.py).
    A published issue's cover is printed content: refused outside a correction."""
    ensure_editable(issue)
    version_claim(issue, expected_version=expected_version)
    issue.cover_image = image
    issue.full_clean()
    issue.save()
    return issue


@collecting
def masthead_entry_update(*, entry: MastheadEntry, **fields) -> MastheadEntry:
    """Change one masthead entry (the name it prints, say). Like a row edited on the issue's
    page, it is a change of the issue: the issue's version goes up. Printed content: refused
    on a published issue outside a correction (issues.locks)."""
    ensure_editable(entry.issue)
    version_claim(entry.issue)
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.full_clean()
    entry.save()
    return entry
