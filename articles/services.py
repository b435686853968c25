"""Writes on articles: one article with its byline and photo credits, saved whole or not at all.

Each service is a `collecting()` transaction: the issue is touched and the search text
recomputed once, by the receivers in signals.py, however many rows are written.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from core.concurrency import version_claim, versions_raise
from core.effects import collecting
from core.errors import Conflict
from issues.locks import ensure_editable
from issues.models import Issue
from issues.services import column_plan_replace

from .models import Article, PhotoCredit


@collecting
def article_create(
    *,
    authors: list[dict] | None = None,
    photo_credits: list[dict] | None = None,
    **fields,
) -> Article:
    """Create an article, its byline (`authors`: Authorship fields, in printed order) and its
    photo credits (PhotoCredit fields, in printed order). Refused in a published issue."""
    _ensure_issue_editable(fields.get("issue"))
    article = Article(**fields)
    article.full_clean()
    article.save()
    if authors:
        _replace_rows(article=article, related=article.authorships, rows=authors)
    if photo_credits:
        _replace_rows(article=article, related=article.photo_credits, rows=photo_credits)
    return article


@collecting
def article_update(
    *,
    article: Article,
    expected_version: int | None = None,
    authors: list[dict] | None = None,
    photo_credits: list[dict] | None = None,
    **fields,
) -> Article:
    """Change an article if it is still at `expected_version` (None: any version).

    A given `authors` or `photo_credits` list is the whole byline or the whole set of photos
    afterwards; None leaves them alone. Refused (409) for an article of a published issue, or
    moved into one: published content changes only by a correction (issues.locks).
    """
    _ensure_issue_editable(Issue(pk=article.issue_id))
    if "issue" in fields:
        _ensure_issue_editable(fields["issue"])
    version_claim(article, expected_version=expected_version)
    for name, value in fields.items():
        setattr(article, name, value)
    article.full_clean()
    article.save()
    if authors is not None:
        _replace_rows(article=article, related=article.authorships, rows=authors)
    if photo_credits is not None:
        _replace_rows(article=article, related=article.photo_credits, rows=photo_credits)
    return article


def _ensure_issue_editable(issue: Issue | None) -> None:
    """The publication lock on the issue as stored now (the caller's copy may be stale)."""
    if issue is None or issue.pk is None:
        return
    stored = Issue.objects.select_related("periodical").filter(pk=issue.pk).first()
    ensure_editable(stored)


def _replace_rows(*, article: Article, related, rows: list[dict]) -> None:
    """Make the article's authorships (or photo credits) exactly `rows`, changing rows in place.

    A row naming an `id` changes that row; the others take the article's remaining rows in
    order, and are created when none remain; rows left over are deleted. A row is what a new
    row with these values would be (fields not given take their defaults), so a byline sent
    again unchanged writes nothing, and a change is recorded as a change, not as a delete and
    a create.
    """
    model = related.model
    existing = list(related.order_by("order", "id"))
    by_id = {row.pk: row for row in existing}
    named = {values.get("id") for values in rows} - {None}
    free = [row for row in existing if row.pk not in named]
    for order, values in enumerate(rows, start=1):
        values = dict(values)
        pk = values.pop("id", None)
        values.setdefault("order", order)
        wanted = model(article=article, **values)
        wanted.clean()  # fills what the model derives, e.g. the printed name from the contributor
        row = by_id.get(pk) if pk is not None else (free.pop(0) if free else None)
        if row is None:
            row = wanted
        elif not _copy_changes(source=wanted, target=row):
            continue
        row.full_clean()
        row.save()
    for row in free:
        row.delete()


def _copy_changes(*, source: models.Model, target: models.Model) -> bool:
    """Copy `source`'s editable fields to `target`; whether any differed."""
    changed = False
    for field in target._meta.concrete_fields:
        if field.primary_key or not field.editable:
            continue
        value = getattr(source, field.attname)
        if isinstance(field, models.FileField) and (value.name or "") == (
            getattr(target, field.attname).name or ""
        ):
            continue  # no file (None from a form, "" from the database) is no file
        if getattr(target, field.attname) != value:
            setattr(target, field.attname, value)
            changed = True
    return changed


@collecting
def article_delete(*, article: Article, expected_version: int | None = None) -> None:
    """Delete a draft's article with its byline and photos, if still at `expected_version`.

    An article of a published issue is refused (Conflict): published content is never quietly
    changed. The deletion is in the change records, with the issue, as every delete is.
    """
    # The issue's row locked first, so that it cannot be published while its article goes.
    Issue.objects.select_for_update().filter(pk=article.issue_id).exists()
    refusal = article_delete_refusal(article=article)
    if refusal is not None:
        raise refusal
    version_claim(article, expected_version=expected_version)
    article.delete()


def article_delete_refusal(*, article: Article) -> Conflict | None:
    """Why the article cannot be deleted (its issue is published, as stored now), or None."""
    issue = Issue.objects.select_related("periodical").filter(pk=article.issue_id).first()
    if issue is None or not issue.is_published:
        return None
    return Conflict(
        _("%(issue)s is published: its articles cannot be deleted. Withdraw it to draft first.")
        % {"issue": issue},
        code="published",
    )


@collecting
def issue_reorder(
    *, issue: Issue, sections: list[dict], expected_version: int | None = None
) -> Issue:
    """Lay out the issue's 目录 as `sections`, in printed order: each a dict with `column` (a
    column id) and `articles` (article ids in their order in that column).

    The sections become the issue's column plan; each named article takes its section's column
    and its place in the 目录 (an article the 目录 did not list becomes listed). Listed
    articles not named keep their order after the named ones. Only the articles whose column
    or place changes are written (and their versions raised); the issue's version is claimed
    first, so of two editors reordering from the same page one wins and the other is told.
    """
    ensure_editable(issue)
    version_claim(issue, expected_version=expected_version)
    column_ids = [int(section["column"]) for section in sections]
    known_columns = set(
        issue.periodical.columns.filter(pk__in=column_ids).values_list("pk", flat=True)
    )
    if set(column_ids) - known_columns:
        raise ValidationError(_("A column of the order belongs to another periodical."))
    articles = {article.pk: article for article in issue.articles.all()}
    named = [int(pk) for section in sections for pk in section["articles"]]
    if len(set(named)) != len(named) or set(named) - articles.keys():
        raise ValidationError(_("The order names an article twice or one of another issue."))
    placed = [
        (int(section["column"]), int(pk)) for section in sections for pk in section["articles"]
    ]
    rest = sorted(
        (a for a in articles.values() if a.toc_order is not None and a.pk not in set(named)),
        key=lambda a: (a.toc_order, a.start_page or 0, a.pk),
    )
    placed += [(article.column_id, article.pk) for article in rest]
    changed = []
    for toc_order, (column_id, pk) in enumerate(placed, start=1):
        article = articles[pk]
        if (article.column_id, article.toc_order) == (column_id, toc_order):
            continue
        article.column_id, article.toc_order = column_id, toc_order
        article.save(update_fields=["column", "toc_order", "updated_at"])
        changed.append(pk)
    versions_raise(Article, changed)
    column_plan_replace(issue=issue, column_ids=list(dict.fromkeys(column_ids)))
    return issue


@collecting
def photo_credit_set_image(
    *, credit: PhotoCredit, image, expected_version: int | None = None
) -> PhotoCredit:
    """Put `image` (an uploaded file; None removes it) on the photo credit, if the article (or
    the issue, for a photo outside articles) it belongs to is still at `expected_version`.
    Renditions are made as it is saved. Refused on a published issue outside a correction."""
    owner = credit.article if credit.article_id else credit.issue
    ensure_editable(credit.article.issue if credit.article_id else credit.issue)
    version_claim(owner, expected_version=expected_version)
    credit.image = image
    credit.full_clean()
    credit.save()
    return credit
