"""Applying a correction (勘误): the one way printed content changes after publication.

`correction_apply` checks the correction, records it, and makes the change through the
article's or the issue's own write services inside `issues.locks.correcting()`, which lifts
the publication lock for that change alone. The change records those services write say
which correction they were made for (their reason, `勘误 #12：…`) and are linked to it.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article
from articles.services import article_update
from audit.context import audit_context, audit_reason, current_audit_context
from audit.models import ChangeRecord
from core.concurrency import version_claim
from core.effects import collecting
from core.errors import Conflict
from issues.locks import correcting
from issues.models import Issue
from issues.services import issue_update, masthead_entry_update

from .models import APPROVE_PERMISSION, Correction
from .targets import Place, Target, notice_text, place_of

# The write services' argument that replaces a whole set of an article's rows.
ROW_ARGUMENTS = {"authorships": "authors", "photo_credits": "photo_credits"}


@dataclass(frozen=True)
class Location:
    """Where the wrong text is: the row holding it, its field's whole value, the offset."""

    place: Place
    rows: list[models.Model]  # every row of the place, in printed order
    row: models.Model
    value: str
    start: int

    def corrected_value(self, wrong_text: str, right_text: str) -> str:
        return self.value[: self.start] + right_text + self.value[self.start + len(wrong_text) :]

    @property
    def paragraph(self) -> int:
        """The paragraph the wrong text is in, counting the non-empty lines before it."""
        lines_before = self.value[: self.start].split("\n")[:-1]
        return sum(1 for line in lines_before if line.strip()) + 1


def correction_locate(
    *,
    issue: Issue,
    article: Article | None,
    target: str,
    wrong_text: str,
    right_text: str,
    reason: str,
    approver,
) -> Location:
    """Check a correction before it is made and say where its wrong text is.

    Raises PermissionDenied (the approver does not hold the chief editor's permission),
    Conflict (the issue is not published: a draft is simply edited) or a ValidationError by
    field (article, target, wrong_text, right_text, reason). The admin's form calls it to show
    its errors; `correction_apply` calls it again inside its transaction.
    """
    if approver is None or not approver.has_perm(APPROVE_PERMISSION):
        raise PermissionDenied(_("Only the editor-in-chief (主编) may approve a correction."))
    if not issue.is_published:
        raise Conflict(
            _("%(issue)s is not published: correct a draft by editing it.") % {"issue": issue},
            code="draft",
        )
    errors = {}
    if target not in Target.values:
        errors["target"] = _("Choose what the correction puts right.")
    else:
        place = place_of(target)
        if place.on_article and article is None:
            errors["article"] = _("Choose the article this correction puts right.")
        elif not place.on_article and article is not None:
            errors["article"] = _("This is printed by the issue itself: leave the article empty.")
    if article is not None and article.issue_id != issue.pk:
        errors["article"] = _("The article belongs to another issue.")
    if not wrong_text:
        errors["wrong_text"] = _("Give the wrong text as printed.")
    if not right_text.strip():
        errors["right_text"] = _("Give the right text.")
    elif right_text == wrong_text:
        errors["right_text"] = _("The right text is the same as the wrong text.")
    if not reason.strip():
        errors["reason"] = _("Say why the correction is made.")
    if errors:
        raise ValidationError(errors)
    return _locate(place, issue=issue, article=article, target=target, wrong_text=wrong_text)


def _locate(place: Place, *, issue, article, target, wrong_text) -> Location:
    owner = article if place.on_article else issue
    rows = [owner] if not place.rows else list(getattr(owner, place.rows).order_by("order", "id"))
    found = [(row, getattr(row, place.field) or "") for row in rows]
    count = sum(value.count(wrong_text) for _row, value in found)
    where = Target(target).label
    if count == 0:
        raise ValidationError(
            {"wrong_text": _("“%(text)s” does not occur in the %(place)s.")
             % {"text": wrong_text, "place": where}}
        )  # fmt: skip
    if count > 1:
        raise ValidationError(
            {
                "wrong_text": _(
                    "“%(text)s” occurs %(count)d times in the %(place)s: give more of the "
                    "text around it, so that it occurs once."
                )
                % {"text": wrong_text, "count": count, "place": where}
            }
        )
    row, value = next((row, value) for row, value in found if wrong_text in value)
    return Location(place=place, rows=rows, row=row, value=value, start=value.index(wrong_text))


@collecting
def correction_apply(
    *,
    issue: Issue,
    article: Article | None = None,
    target: str,
    wrong_text: str,
    right_text: str,
    reason: str,
    approver,
    notice: str = "",
    published_on: datetime.date | None = None,
    expected_version: int | None = None,
) -> Correction:
    """Make a correction of a published issue or one of its articles, approved by `approver`.

    If the issue is still at `expected_version` (None: any), the correction is recorded, the
    content changed through the write services, and the change records of that change linked
    to it; the issue's content timestamp (its ETag) changes. All or nothing. Refusals: see
    `correction_locate`; a right text the field cannot hold is a ValidationError of right_text.
    """
    if approver is None or not approver.has_perm(APPROVE_PERMISSION):
        raise PermissionDenied(_("Only the editor-in-chief (主编) may approve a correction."))
    version_claim(issue, expected_version=expected_version)  # on PostgreSQL: locks the issue
    issue.refresh_from_db(fields=["status"])
    location = correction_locate(
        issue=issue,
        article=article,
        target=target,
        wrong_text=wrong_text,
        right_text=right_text,
        reason=reason,
        approver=approver,
    )
    now = timezone.now()
    correction = Correction(
        issue=issue,
        article=article,
        target=target,
        wrong_text=wrong_text,
        right_text=right_text,
        reason=reason.strip(),
        notice=notice.strip()
        or notice_text(
            target=target,
            wrong_text=wrong_text,
            right_text=right_text,
            paragraph=location.paragraph if target == Target.BODY else None,
        ),
        published_on=published_on or timezone.localdate(now),
        approved_by=approver,
        approved_at=now,
        applied_at=now,
    )
    correction.full_clean(exclude=["change_records"])
    # Made by the approver, also where no request or command says who (a shell, a script).
    actor = current_audit_context().current_actor() or approver
    with audit_context(actor=lambda: actor):
        correction.save()
        last_record = ChangeRecord.objects.order_by("-pk").values_list("pk", flat=True).first()
        with correcting(correction), audit_reason(correction.audit_reason):
            _write(location, correction)
    made = ChangeRecord.objects.filter(
        pk__gt=last_record or 0, reason__contains=f"勘误 #{correction.pk}："
    )
    correction.change_records.set(made)
    return correction


def _write(location: Location, correction: Correction) -> None:
    """The change itself, through the article's or the issue's write service."""
    place = location.place
    value = location.corrected_value(correction.wrong_text, correction.right_text)
    try:
        if not place.rows and place.on_article:
            article_update(article=location.row, **{place.field: value})
        elif not place.rows:
            issue_update(issue=location.row, **{place.field: value})
        elif place.rows == "masthead_entries":
            masthead_entry_update(entry=location.row, **{place.field: value})
        else:
            rows = [
                _row_values(row, **({place.field: value} if row.pk == location.row.pk else {}))
                for row in location.rows
            ]
            article_update(article=correction.article, **{ROW_ARGUMENTS[place.rows]: rows})
    except Conflict:
        raise
    except ValidationError as error:
        # The field refuses the corrected text (too long, say): the right text is at fault.
        raise ValidationError({"right_text": error.messages}) from None


def _row_values(row: models.Model, **changes) -> dict:
    """A byline entry or photo credit as the article services take it: the same row (its id),
    its editable fields, with `changes`."""
    values = {
        field.attname: getattr(row, field.attname)
        for field in row._meta.concrete_fields
        if field.editable and not field.primary_key and field.name != "article"
    }
    return {"id": row.pk, **values, **changes}
