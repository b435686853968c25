"""Read models of issues: the issue as the API names it, built from plain rows (`values()`).

The serializers (issues/serializers.py, catalogue/serializers.py) stay the schema and the
browsable API's path; these functions give the same JSON-ready dicts for the anonymous and
staff JSON reads, without a model instance or a serializer per request (tests/api/
test_read_models.py holds them equal, field by field).
"""

from .models import Issue
from .serializers import cover_picture_credited

# The columns of IssueBriefSerializer's fields, and of the periodical a page names.
BRIEF_VALUES = (
    "id",
    "periodical_id",
    "periodical__slug",
    "year",
    "number",
    "number_end",
    "supplement",
    "cumulative_number",
    "publication_date",
)
# What a printed page of the issue (目录, masthead) shows of it besides.
PAGE_VALUES = (
    *BRIEF_VALUES,
    "periodical__name",
    "status",
    "highlights_heading",
    "cover_caption",
    "cover_image",
    "cover_image_width",
    "cover_image_height",
)


def prefixed(prefix: str, names) -> list[str]:
    """The column names as a query through a relation spells them: issue__year."""
    return [f"{prefix}{name}" for name in names]


def unprefixed(row: dict, prefix: str, names) -> dict:
    """The columns of the related row from a row read through the relation."""
    return {name: row[f"{prefix}{name}"] for name in names}


def url_placeholders(row: dict) -> dict:
    """Issue.url_placeholders() of a row."""
    return {
        "periodical": row["periodical__slug"],
        "year": row["year"],
        "number": Issue.key_of(row["number"], row["supplement"], row["publication_date"]),
        "issue_id": row["id"],
    }


def issue_brief(row: dict, *, periodical=None) -> dict:
    """IssueBriefSerializer's representation of a row of BRIEF_VALUES; `periodical` in place
    of the slug where a page names the periodical in full (TocIssueSerializer)."""
    date = row["publication_date"]
    return {
        "id": row["id"],
        "periodical": row["periodical__slug"] if periodical is None else periodical,
        "year": row["year"],
        "number": row["number"],
        "number_end": row["number_end"],
        "supplement": row["supplement"],
        "label": Issue.label_of(
            row["year"], row["number"], row["number_end"], row["supplement"], date
        ),
        "cumulative_number": row["cumulative_number"],
        "publication_date": None if date is None else date.isoformat(),
    }


def page_issue(row: dict) -> dict:
    """TocIssueSerializer's representation (the issue a 目录 or a masthead belongs to) of a
    row of PAGE_VALUES."""
    periodical = {
        "id": row["periodical_id"],
        "slug": row["periodical__slug"],
        "name": row["periodical__name"],
    }
    return {
        **issue_brief(row, periodical=periodical),
        "status": row["status"],
        "highlights_heading": row["highlights_heading"],
        "cover_caption": row["cover_caption"],
        "web_url": Issue.web_url_of(url_placeholders(row)),
    }


def page_cover_picture(row: dict, credit_lines: list[str], request) -> dict | None:
    """cover_picture() of a row of PAGE_VALUES and the credit lines of its cover photos. A
    model instance only for an issue with a cover image, whose renditions' addresses
    django-imagekit names (one per page at most)."""
    if not row["cover_image"]:
        return None
    issue = Issue(
        pk=row["id"],
        cover_image=row["cover_image"],
        cover_image_width=row["cover_image_width"],
        cover_image_height=row["cover_image_height"],
        cover_caption=row["cover_caption"],
    )
    return cover_picture_credited(issue, credit_lines, request)
