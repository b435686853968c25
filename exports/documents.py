"""The JSON export: each issue as a self-contained seed document (fixtures/README.md).

`load_seed_data` loads the file back through the seed loader, so the export is also the way
to move issues between databases. Written one issue at a time, one document per line.
"""

import json
from collections.abc import Iterable, Iterator

from django.utils import timezone

from issues.models import Issue
from periodical.models import Periodical
from periodical.seed import EXPORT_FORMAT, EXPORT_VERSION

from .reading import IssueData, named_contributors, read_issue


def _json_value(value):
    """Facts as the seed format writes them: a price as a string ("6.00"), the rest as is."""
    return None if value is None else str(value) if not isinstance(value, str | int) else value


def _facts(obj) -> dict:
    return {name: _json_value(value) for name, value in obj.publication_facts().items()}


def _other_contributor(printed: str, contributor) -> dict:
    """{"contributor": …} where the credit points at someone else than the name printed."""
    target = contributor.name if contributor is not None else None
    return {} if target == (printed or None) else {"contributor": target}


def _photo(photo) -> dict:
    credit = None
    if photo.credited_name or photo.photographer_id or photo.kind != photo.Kind.TAKEN:
        credit = {
            "name": photo.credited_name,
            "kind": photo.kind,
            "agency": photo.agency,
            "title": photo.credited_title,
            **_other_contributor(photo.credited_name, photo.photographer),
        }
    return {"on_cover": photo.on_cover, "caption": photo.caption, "credit": credit}


def _masthead(data: IssueData) -> list[dict]:
    """Role lines in printed order; a new line wherever the role or its note changes."""
    lines = []
    for entry in data.masthead:
        if not lines or (lines[-1]["role"], lines[-1]["note"]) != (entry.role.name, entry.note):
            lines.append({"role": entry.role.name, "people": [], "note": entry.note})
        other = _other_contributor(entry.credited_name, entry.contributor)
        person = {"name": entry.credited_name, **other} if other else entry.credited_name
        lines[-1]["people"].append(person)
    return lines


def _article(key: str, article) -> dict:
    editor = article.responsible_editor_name
    other_editor = _other_contributor(editor, article.responsible_editor)
    return {
        "key": key,
        "column": article.column.name if article.column else None,
        "in_toc": article.toc_order is not None,
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
                "name": authorship.credited_name,
                "role": authorship.role,
                "affiliation": authorship.affiliation,
                "in_toc": authorship.listed_in_toc,
                **_other_contributor(authorship.credited_name, authorship.contributor),
            }
            for authorship in article.authorships.all()
        ],
        "and_others": article.and_others,
        "source_org": article.source_org,
        "reprinted_from": article.reprinted_from,
        "responsible_editor": editor or None,
        **{f"responsible_editor_{k}": v for k, v in other_editor.items()},
        "body": article.body,
        "photos": [_photo(photo) for photo in article.photo_credits.all()],
        "note": article.note,
    }


def periodical_part(periodical: Periodical) -> dict:
    """The periodical's identity and current facts, its masthead roles and columns in order."""
    return {
        "periodical": {
            "slug": periodical.slug,
            "name": periodical.name,
            "name_pinyin": periodical.name_pinyin,
            "kind": periodical.kind,
            "frequency": periodical.frequency,
            "issn": periodical.issn,
            "cn": periodical.cn,
            "facts": _facts(periodical),
        },
        "masthead_roles": [
            {"name": role.name, "order": role.order} for role in periodical.masthead_roles.all()
        ],
        "columns": [
            {"name": column.name, "order": column.order} for column in periodical.columns.all()
        ],
    }


def issue_document(data: IssueData, periodical: dict) -> dict:
    """The seed document of one issue; `periodical` is periodical_part() of its periodical."""
    issue = data.issue
    keys = {article.pk: f"a{position}" for position, article in enumerate(data.articles, 1)}
    return {
        "periodical": periodical["periodical"],
        "contributors": [
            {
                "name": contributor.name,
                "kind": contributor.kind,
                "variants": [variant.name for variant in contributor.name_variants.all()],
                "note": contributor.note,
            }
            for contributor in named_contributors(data)
        ],
        "masthead_roles": periodical["masthead_roles"],
        "columns": periodical["columns"],
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
            "facts": _facts(issue),
            "cover_caption": issue.cover_caption,
            "cover_image": issue.cover_image.name or "",
            "masthead": _masthead(data),
            "highlights": {
                "heading": issue.highlights_heading,
                "articles": [keys[highlight.article_id] for highlight in data.highlights],
            },
            "photos": [_photo(photo) for photo in data.photos],
            "note": issue.note,
        },
        "articles": [_article(keys[article.pk], article) for article in data.articles],
    }


def json_chunks(issues: Iterable[Issue]) -> Iterator[bytes]:
    """The JSON export, one issue document per line, read and written one issue at a time."""
    header = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now().isoformat(),
    }
    opening = json.dumps(header, ensure_ascii=False)[:-1] + ', "issues": ['
    yield opening.encode("utf-8")
    periodicals: dict[int, dict] = {}  # each periodical's part, read once per export
    separator = "\n"
    for issue in issues:
        if issue.periodical_id not in periodicals:
            periodicals[issue.periodical_id] = periodical_part(issue.periodical)
        data = read_issue(issue, with_texts=True, full=True)
        document = issue_document(data, periodicals[issue.periodical_id])
        yield (separator + json.dumps(document, ensure_ascii=False)).encode("utf-8")
        separator = ",\n"
    yield b"\n]}\n"
