"""The JSON export: each issue as a self-contained issue document (fixtures/README.md).

The issue is read into the typed `documents.IssueDocument` and written by its one writer;
`load_seed_data` reads the file back through its one reader, so the export is also the way to
move issues between databases. Written one issue at a time, one document per line.
"""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils import timezone

from documents.document import (
    EXPORT_FORMAT,
    EXPORT_VERSION,
    ArticlePart,
    Author,
    Credit,
    DeclaredContributor,
    IssueDocument,
    IssuePart,
    MastheadLine,
    MastheadPerson,
    Named,
    PeriodicalPart,
    Photo,
)
from documents.writing import document_as_json
from issues.models import Issue
from periodical.models import Periodical

from .corrections import corrections_json_member
from .reading import IssueData, named_contributors, read_issue


def _name(contributor) -> str | None:
    return contributor.name if contributor is not None else None


def _photo(photo) -> Photo:
    credit = None
    if photo.credited_name or photo.photographer_id or photo.kind != photo.Kind.TAKEN:
        credit = Credit(
            name=photo.credited_name,
            kind=photo.kind,
            agency=photo.agency,
            title=photo.credited_title,
            contributor=_name(photo.photographer),
        )
    return Photo(caption=photo.caption, on_cover=photo.on_cover, credit=credit)


def _masthead(data: IssueData) -> tuple[MastheadLine, ...]:
    """Role lines in printed order; a new line wherever the role or its note changes."""
    lines: list[tuple[str, str, list]] = []
    for entry in data.masthead:
        if not lines or lines[-1][:2] != (entry.role.name, entry.note):
            lines.append((entry.role.name, entry.note, []))
        lines[-1][2].append(MastheadPerson(entry.credited_name, _name(entry.contributor)))
    return tuple(MastheadLine(role, tuple(people), note) for role, note, people in lines)


def _article(key: str, article) -> ArticlePart:
    return ArticlePart(
        key=key,
        title=article.title,
        column=article.column.name if article.column else None,
        toc_order=article.toc_order,
        start_page=article.start_page,
        end_page=article.end_page,
        continuation_pages=article.continuation_pages,
        kicker=article.kicker,
        toc_title=article.toc_title,
        subtitle=article.subtitle,
        dateline=article.dateline,
        authors=tuple(
            Author(
                name=authorship.credited_name,
                contributor=_name(authorship.contributor),
                role=authorship.role,
                affiliation=authorship.affiliation,
                in_toc=authorship.listed_in_toc,
            )
            for authorship in article.authorships.all()
        ),
        and_others=article.and_others,
        source_org=article.source_org,
        reprinted_from=article.reprinted_from,
        responsible_editor=article.responsible_editor_name or None,
        responsible_editor_contributor=_name(article.responsible_editor),
        body=article.body,
        photos=tuple(_photo(photo) for photo in article.photo_credits.all()),
        note=article.note,
    )


@dataclass(frozen=True)
class PeriodicalParts:
    """What the documents of one periodical's issues share, read once per export."""

    periodical: PeriodicalPart  # its identity and current facts
    masthead_roles: tuple[Named, ...]
    columns: tuple[Named, ...]


def periodical_part(periodical: Periodical) -> PeriodicalParts:
    """The periodical's identity and current facts, its masthead roles and columns in order."""
    return PeriodicalParts(
        periodical=PeriodicalPart(
            slug=periodical.slug,
            name=periodical.name,
            name_pinyin=periodical.name_pinyin,
            kind=periodical.kind,
            frequency=periodical.frequency,
            issn=periodical.issn,
            cn=periodical.cn,
            facts=periodical.publication_facts(),
        ),
        masthead_roles=tuple(Named(r.name, r.order) for r in periodical.masthead_roles.all()),
        columns=tuple(Named(c.name, c.order) for c in periodical.columns.all()),
    )


def issue_document(data: IssueData, periodical: PeriodicalParts) -> IssueDocument:
    """The document of one issue; `periodical` is periodical_part() of its periodical."""
    issue = data.issue
    keys = {article.pk: f"a{position}" for position, article in enumerate(data.articles, 1)}
    return IssueDocument(
        periodical=periodical.periodical,
        contributors=tuple(
            DeclaredContributor(
                name=contributor.name,
                kind=contributor.kind,
                variants=tuple(variant.name for variant in contributor.name_variants.all()),
                note=contributor.note,
            )
            for contributor in named_contributors(data)
        ),
        masthead_roles=periodical.masthead_roles,
        columns=periodical.columns,
        issue=IssuePart(
            year=issue.year,
            number=issue.number,
            number_end=issue.number_end,
            supplement=issue.supplement,
            cumulative_number=issue.cumulative_number,
            publication_date=issue.publication_date,
            status=issue.status,
            published_at=issue.published_at,
            facts=issue.publication_facts(),
            cover_caption=issue.cover_caption,
            cover_image=issue.cover_image.name or "",
            masthead=_masthead(data),
            highlights_heading=issue.highlights_heading,
            highlights=tuple(keys[highlight.article_id] for highlight in data.highlights),
            photos=tuple(_photo(photo) for photo in data.photos),
            note=issue.note,
        ),
        articles=tuple(_article(keys[article.pk], article) for article in data.articles),
    )


def json_chunks(issues: Iterable[Issue]) -> Iterator[bytes]:
    """The JSON export, one issue document per line, read and written one issue at a time."""
    header = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now().isoformat(),
    }
    opening = json.dumps(header, ensure_ascii=False)[:-1] + ', "issues": ['
    yield opening.encode("utf-8")
    periodicals: dict[int, PeriodicalParts] = {}  # each periodical's part, read once per export
    separator = "\n"
    issue_ids = []
    for issue in issues:
        issue_ids.append(issue.pk)
        if issue.periodical_id not in periodicals:
            periodicals[issue.periodical_id] = periodical_part(issue.periodical)
        data = read_issue(issue, with_texts=True, full=True)
        document = document_as_json(issue_document(data, periodicals[issue.periodical_id]))
        yield (separator + json.dumps(document, ensure_ascii=False)).encode("utf-8")
        separator = ",\n"
    yield b"\n]" + corrections_json_member(issue_ids) + b"}\n"
