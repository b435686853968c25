"""What each contributor did, by role: counts of bylines, 责任编辑 marks, photos, mastheads.

A read model for the API's contributor pages. Counts are correlated subqueries, one per role,
so that a page of contributors costs the same few queries whatever their output.
"""

from functools import reduce
from operator import or_

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from articles.models import Article, Authorship, PhotoCredit
from issues.models import Issue, MastheadEntry

CREDIT_ROLES = ("authored", "edited", "photographed", "masthead")

# The role a credit is filtered by: ?role= of the contributor list and, but for the masthead,
# the article list's parameter of the same name (?author=, ?responsible_editor=, …).
ROLE_OF_CREDIT = {
    "authored": "author",
    "edited": "responsible_editor",
    "photographed": "photographer",
    "masthead": "masthead",
}
ARTICLE_FILTERS = ("author", "responsible_editor", "photographer")

PUBLISHED = Issue.Status.PUBLISHED


def _count(rows, group_by: str, counted: str = "pk"):
    counts = rows.order_by().values(group_by).annotate(n=Count(counted, distinct=True))
    return Coalesce(Subquery(counts.values("n")[:1]), Value(0), output_field=IntegerField())


def _credit_rows(*, published_only: bool) -> dict:
    """Per role, the outer query's contributor's credit rows (drafts left out if asked)."""
    rows = {
        "authored": Authorship.objects.filter(contributor=OuterRef("pk")),
        "edited": Article.objects.filter(responsible_editor=OuterRef("pk")),
        "photographed": PhotoCredit.objects.filter(photographer=OuterRef("pk")),
        "masthead": MastheadEntry.objects.filter(contributor=OuterRef("pk")),
    }
    if published_only:
        rows["authored"] = rows["authored"].filter(article__issue__status=PUBLISHED)
        rows["edited"] = rows["edited"].filter(issue__status=PUBLISHED)
        rows["photographed"] = rows["photographed"].filter(
            Q(article__issue__status=PUBLISHED) | Q(issue__status=PUBLISHED)
        )
        rows["masthead"] = rows["masthead"].filter(issue__status=PUBLISHED)
    return rows


def with_credit_counts(contributors, *, published_only: bool):
    """Annotate authored, edited, photographed and masthead counts (drafts left out if asked).

    The counts are only selected, never filtered on, so the database computes them for the
    rows of the page alone.
    """
    rows = _credit_rows(published_only=published_only)
    return contributors.annotate(
        authored_count=_count(rows["authored"], "contributor", "article"),
        edited_count=_count(rows["edited"], "responsible_editor"),
        photographed_count=_count(rows["photographed"], "photographer"),
        masthead_count=_count(rows["masthead"], "contributor", "issue"),
    )


def credited_as(role: str, *, published_only: bool) -> Exists:
    """Contributors with at least one credit in `role` (one of CREDIT_ROLES)."""
    return Exists(_credit_rows(published_only=published_only)[role])


def credited_anywhere(*, published_only: bool) -> Q:
    """Contributors with at least one credit in any role."""
    rows = _credit_rows(published_only=published_only)
    return reduce(or_, (Q(Exists(rows[role])) for role in CREDIT_ROLES))
