"""The one writer of issue documents: a typed `IssueDocument` as the dict of a JSON export
(fixtures/README.md), which `json.dumps` writes and `documents.reading` reads back."""

from decimal import Decimal

from .document import (
    ArticlePart,
    Credit,
    FactValue,
    IssueDocument,
    MastheadLine,
    PeriodicalPart,
    Photo,
)


def document_as_json(document: IssueDocument) -> dict:
    """The document as one issue of a JSON export: every field, keys in the documented order."""
    issue = document.issue
    return {
        "periodical": _periodical(document.periodical),
        "contributors": [
            {
                "name": contributor.name,
                "kind": contributor.kind,
                "variants": list(contributor.variants),
                "note": contributor.note,
            }
            for contributor in document.contributors
        ],
        "masthead_roles": [
            {"name": role.name, "order": role.order} for role in document.masthead_roles
        ],
        "columns": [{"name": column.name, "order": column.order} for column in document.columns],
        "issue": {
            "year": issue.year,
            "number": issue.number,
            "number_end": issue.number_end,
            "supplement": issue.supplement,
            "cumulative_number": issue.cumulative_number,
            "publication_date": issue.publication_date.isoformat()
            if issue.publication_date
            else None,
            "status": issue.status,
            "published_at": issue.published_at.isoformat() if issue.published_at else None,
            "facts": _facts(issue.facts),
            "cover_caption": issue.cover_caption,
            "cover_image": issue.cover_image,
            "masthead": [_masthead_line(line) for line in issue.masthead],
            "highlights": {"heading": issue.highlights_heading, "articles": list(issue.highlights)},
            "photos": [_photo(photo) for photo in issue.photos],
            "note": issue.note,
        },
        "articles": [_article(article) for article in document.articles],
    }


def _other(printed: str | None, contributor: str | None) -> dict:
    """{"contributor": …} where a credit points at someone else than the name printed."""
    return {} if contributor == (printed or None) else {"contributor": contributor}


def _facts(facts: dict[str, FactValue]) -> dict:
    """Facts as the format writes them: a price as a string ("6.00"), the rest as they are."""
    return {
        name: str(value) if isinstance(value, Decimal) else value for name, value in facts.items()
    }


def _periodical(periodical: PeriodicalPart) -> dict:
    written = {
        "slug": periodical.slug,
        "name": periodical.name,
        "name_pinyin": periodical.name_pinyin,
        "kind": periodical.kind,
        "frequency": periodical.frequency,
        "issn": periodical.issn,
        "cn": periodical.cn,
    }
    if periodical.facts is not None:
        written["facts"] = _facts(periodical.facts)
    return written


def _credit(credit: Credit | None) -> dict | None:
    if credit is None:
        return None
    return {
        "name": credit.name,
        "kind": credit.kind,
        "agency": credit.agency,
        "title": credit.title,
        **_other(credit.name, credit.contributor),
    }


def _photo(photo: Photo) -> dict:
    return {"on_cover": photo.on_cover, "caption": photo.caption, "credit": _credit(photo.credit)}


def _masthead_line(line: MastheadLine) -> dict:
    people = [
        {"name": person.name, **other}
        if (other := _other(person.name, person.contributor))
        else person.name
        for person in line.people
    ]
    return {"role": line.role, "people": people, "note": line.note}


def _article(article: ArticlePart) -> dict:
    editor = _other(article.responsible_editor, article.responsible_editor_contributor)
    return {
        "key": article.key,
        "column": article.column,
        "in_toc": article.in_toc,
        "toc_order": article.toc_order,
        "start_page": article.start_page,
        "end_page": article.end_page,
        "continuation_pages": article.continuation_pages,
        "kicker": article.kicker,
        "title": article.title,
        "toc_title": article.toc_title,
        "subtitle": article.subtitle,
        "dateline": article.dateline,
        "authors": [
            {
                "name": author.name,
                "role": author.role,
                "affiliation": author.affiliation,
                "in_toc": author.in_toc,
                **_other(author.name, author.contributor),
            }
            for author in article.authors
        ],
        "and_others": article.and_others,
        "source_org": article.source_org,
        "reprinted_from": article.reprinted_from,
        "responsible_editor": article.responsible_editor,
        **{f"responsible_editor_{k}": v for k, v in editor.items()},
        "body": article.body,
        "photos": [_photo(photo) for photo in article.photos],
        "note": article.note,
    }
