"""What each contributor did, by role: counts of bylines, 责任编辑 marks, photos, mastheads.

A read model for the API's contributor pages. Counts are correlated subqueries, one per role,
so that a page of contributors costs the same few queries whatever their output.
"""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from articles.models import Article, Authorship, PhotoCredit
from issues.models import Issue, MastheadEntry

CREDIT_ROLES = ("authored", "edited", "photographed", "masthead")

PUBLISHED = Issue.Status.PUBLISHED


def _count(rows, group_by: str, counted: str = "pk"):
    counts = rows.order_by().values(group_by).annotate(n=Count(counted, distinct=True))
    return Coalesce(Subquery(counts.values("n")[:1]), Value(0), output_field=IntegerField())


def with_credit_counts(contributors, *, published_only: bool):
    """Annotate authored, edited, photographed and masthead counts (drafts left out if asked)."""
    authorships = Authorship.objects.filter(contributor=OuterRef("pk"))
    edited = Article.objects.filter(responsible_editor=OuterRef("pk"))
    photos = PhotoCredit.objects.filter(photographer=OuterRef("pk"))
    masthead = MastheadEntry.objects.filter(contributor=OuterRef("pk"))
    if published_only:
        authorships = authorships.filter(article__issue__status=PUBLISHED)
        edited = edited.filter(issue__status=PUBLISHED)
        photos = photos.filter(Q(article__issue__status=PUBLISHED) | Q(issue__status=PUBLISHED))
        masthead = masthead.filter(issue__status=PUBLISHED)
    return contributors.annotate(
        authored_count=_count(authorships, "contributor", "article"),
        edited_count=_count(edited, "responsible_editor"),
        photographed_count=_count(photos, "photographer"),
        masthead_count=_count(masthead, "contributor", "issue"),
    )


def credited_anywhere():
    """Contributors with at least one credit among the annotated counts."""
    return (
        Q(authored_count__gt=0)
        | Q(edited_count__gt=0)
        | Q(photographed_count__gt=0)
        | Q(masthead_count__gt=0)
    )
