"""The accountability read models as tables, and the CSV and XLSX downloads of them."""

from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import SIGNED_STAGES, Stage

from .reports import ArticleSignatures, Checklist, EditorReport, RoleRow


def checklist_table(checklist: Checklist) -> tuple[str, list[str], list[list]]:
    """(sheet title, header, rows): a row per item, and one for each check that passes."""
    header = [
        _("check"),
        _("result"),
        _("article id"),
        _("pages"),
        _("title"),
        _("photo id"),
        _("caption"),
        _("other article id"),
        _("other article's pages"),
        _("other article's title"),
        _("shared pages"),
        _("note"),
    ]
    rows = []
    for check in checklist.checks:
        if not check.items:
            rows.append([str(check.title), _("passed"), *[""] * (len(header) - 2)])
        for item in check.items:
            rows.append(
                [
                    str(check.title),
                    _("failed") if check.blocking else _("仅供知悉"),
                    item.article_id or "",
                    item.pages,
                    item.title,
                    item.photo_id or "",
                    item.caption,
                    item.other_article_id or "",
                    item.other_pages,
                    item.other_title,
                    item.shared_pages,
                    str(item.detail),
                ]
            )
    return _("Checklist"), header, rows


def editor_table(report: EditorReport) -> tuple[str, list[str], list[list]]:
    """A row per editor and issue, then the articles without an editor per issue."""
    header = [
        _("responsible editor"),
        _("name as printed"),
        _("periodical"),
        _("issue"),
        _("publication date"),
        _("articles"),
    ]
    rows = []
    for row in report.rows:
        for count in row.issues:
            rows.append([row.name, "、".join(row.printed_names), *_issue_cells(count.issue)])
            rows[-1].append(count.count)
    for count in report.without_editor:
        rows.append([_("(no responsible editor)"), "", *_issue_cells(count.issue), count.count])
    return _("Responsible editors"), header, rows


def role_table(roles: list[RoleRow]) -> tuple[str, list[str], list[list]]:
    """A row per role, person and issue."""
    header = [
        _("periodical"),
        _("masthead role"),
        _("person"),
        _("name as printed"),
        _("issue"),
        _("publication date"),
    ]
    rows = [
        [row.periodical, row.role, person.name, "、".join(person.printed_names), issue.label]
        + [issue.publication_date.isoformat() if issue.publication_date else ""]
        for row in roles
        for person in row.people
        for issue in person.issues
    ]
    return _("Masthead roles"), header, rows


def sign_off_table(articles: list[ArticleSignatures]) -> tuple[str, list[str], list[list]]:
    """A row per article: its issue, then who signed each stage and when (Beijing time)."""
    header = [
        _("periodical"),
        _("issue"),
        _("publication date"),
        _("article id"),
        _("pages"),
        _("title"),
        _("来源"),
        *[str(Stage(stage).label) for stage in SIGNED_STAGES],
        _("note"),
    ]
    rows = []
    for article in articles:
        cells = [*_issue_cells(article.issue), article.article_id, article.pages, article.title]
        cells.append(article.origin)
        for stage in SIGNED_STAGES:
            signature = article.signature(stage)
            when = timezone.localtime(signature.signed_at) if signature else None
            cells.append(f"{signature.signer} {when:%Y-%m-%d %H:%M}" if signature else "")
        cells.append(article.detail)
        rows.append(cells)
    return _("签署记录"), header, rows


def _issue_cells(issue) -> list:
    date = issue.publication_date.isoformat() if issue.publication_date else ""
    return [issue.periodical, issue.label, date]
