"""A print issue's text read into an issue document (fixtures/README.md), with its report.

`parse_issue` builds the document in the seed-document format; `read_issue_text` turns it
into the typed `documents.IssueDocument` through the one reader of documents, the one place
where that happens. The document is what `load_seed_data` loads, so an import writes through
the same code as the seed data and the JSON exports; the report lists what the text did not
let us place.
"""

import datetime

from django.utils.translation import gettext as _

from documents.document import IssueDocument
from documents.reading import DocumentError, read_document
from periodical.models import Periodical

from .body import Article, parse_body
from .evidence import IssueEvidence
from .front import Front, Line, TocEntry, parse_front
from .report import ImportReport, Kind
from .text import tidy


class NotAnIssue(Exception):
    """The text is empty or is not the text of a print issue; the message says why."""


def read_issue_text(
    text: str, *, periodical: Periodical, known_roles=(), known_names=(), name: str = "import"
) -> tuple[IssueDocument, ImportReport]:
    """The issue `text` prints, as a typed document, with the report. Raises NotAnIssue."""
    data, report = parse_issue(
        text, periodical=periodical, known_roles=known_roles, known_names=known_names
    )
    try:
        return read_document(data, name=name), report
    except DocumentError as error:
        raise NotAnIssue(str(error)) from error


def parse_issue(
    text: str, *, periodical: Periodical, known_roles=(), known_names=()
) -> tuple[dict, ImportReport]:
    """The issue document `text` prints, and the report. `known_names` (the contributors and
    their name variants the database holds) are evidence that a printed word is a name."""
    # Lines as `sed -n` and editors count them: pdftotext's form feeds (\f) are page breaks
    # inside a line, not line ends, so only \n ends a line.
    lines = [Line(number, line.strip()) for number, line in enumerate(text.split("\n"), start=1)]
    if not any(line.text for line in lines):
        raise NotAnIssue(_("The file is empty."))
    evidence = IssueEvidence(lines, known_names)
    front = parse_front(
        lines, periodical_name=periodical.name, known_roles=known_roles, evidence=evidence
    )
    if front.toc_start is None or not front.toc:
        raise NotAnIssue(
            _(
                "No table of contents (目录) with page numbers found: this "
                "is not the text of a whole print issue."
            )
        )
    if front.year is None or front.number is None:
        raise NotAnIssue(_("No year and issue number (such as 2025·3) found on the cover."))
    report = ImportReport()
    for line in front.unplaced:
        report.add(
            Kind.UNPLACED_TEXT,
            _("Text in the table of contents or masthead that was not understood."),
            line=line.number,
            text=tidy(line.text),
        )
    body = parse_body(lines, front, report, evidence)
    document = _document(periodical, front, body.articles, body.issue_photos, report)
    report.items.sort(key=lambda item: (item.line is None, item.line or 0))
    return document, report


def _document(
    periodical: Periodical, front: Front, articles: list[Article], issue_photos, report
) -> dict:
    articles = sorted(articles, key=lambda a: (a.page is None, a.page or 0, a.title_line))
    keys = _keys(articles)
    photos = []
    if front.cover_caption or front.cover_credit:
        credit = front.cover_credit
        photos.append(
            {
                "on_cover": True,
                "caption": front.cover_caption,
                "credit": credit.as_document() if credit and credit.name else None,
            }
        )
    photos.extend({"on_cover": False, **_photo(photo)} for photo in issue_photos)
    highlights = [
        keys[id(article)]
        for entry in front.toc
        if entry.highlight
        for article in articles
        if article.entry is entry
    ]
    return {
        "periodical": {
            "slug": periodical.slug,
            "name": periodical.name,
            "name_pinyin": periodical.name_pinyin,
            "kind": periodical.kind,
            "frequency": periodical.frequency,
            "issn": front.issn or periodical.issn,
            "cn": front.cn or periodical.cn,
        },
        "issue": {
            "year": front.year,
            "number": front.number,
            "number_end": None,
            "supplement": False,
            "cumulative_number": front.cumulative_number,
            "publication_date": _publication_date(periodical, front, report),
            "status": "draft",
            "facts": _facts(front, report),
            "cover_caption": front.cover_caption,
            "masthead": [
                {"role": entry["role"], "people": entry["people"], "note": entry["note"]}
                for entry in front.masthead
            ],
            "highlights": {"heading": front.highlights_heading, "articles": highlights},
            "photos": photos,
        },
        "columns": list(front.columns),
        "articles": [_article(article, keys[id(article)], report) for article in articles],
    }


def _keys(articles: list[Article]) -> dict[int, str]:
    keys, seen = {}, set()
    for position, article in enumerate(articles, start=1):
        key = f"p{article.page:03d}" if article.page is not None else f"x{position:03d}"
        suffix = ord("a")
        while key in seen:
            key = f"{key[:4]}{chr(suffix)}"
            suffix += 1
        seen.add(key)
        keys[id(article)] = key
    return keys


def _article(article: Article, key: str, report: ImportReport) -> dict:
    entry = article.entry
    toc_title = _toc_title(entry, article.title) if entry else ""
    if toc_title:
        report.add(
            Kind.TITLE_DIFFERS,
            _("The table of contents prints the title differently: %(toc)s") % {"toc": toc_title},
            line=article.title_line,
            text=article.title,
            article=article.label,
        )
    if article.editor is None:
        report.add(
            Kind.ARTICLE_WITHOUT_EDITOR,
            _("No responsible-editor mark closes this article."),
            line=article.title_line,
            article=article.label,
        )
    for photo in article.photos:
        if photo["credit"] is None or not photo["credit"]["name"]:
            report.add(
                Kind.CREDIT_WITHOUT_PHOTOGRAPHER,
                _("A photo credit that names no photographer."),
                line=photo["line"],
                text=photo["caption"],
                article=article.label,
            )
    return {
        "key": key,
        "column": entry.column if entry and not (entry.highlight and not entry.column) else None,
        "in_toc": bool(entry and entry.column is not None),
        "start_page": article.page,
        "end_page": None,
        "continuation_pages": ",".join(dict.fromkeys(article.continued_on)),
        "kicker": article.kicker,
        "title": article.title,
        "toc_title": toc_title,
        "subtitle": article.subtitle,
        "dateline": "",
        "authors": article.authors,
        "and_others": bool(entry and entry.and_others),
        "source_org": "；".join(article.source_orgs),
        "reprinted_from": article.reprinted_from,
        "responsible_editor": article.editor,
        "body": "\n\n".join(article.paragraphs),
        "photos": [_photo(photo) for photo in article.photos],
        "note": "",
        "line": article.title_line,
    }


def _photo(photo: dict) -> dict:
    return {"caption": photo["caption"], "credit": photo["credit"]}


def _toc_title(entry: TocEntry, body_title: str) -> str:
    """The 目录's title where it differs from the body's: its lines joined with a space where
    the body's title has one at that point (or gives no evidence), without one otherwise."""
    parts = [tidy(line) for line in entry.title_lines if line.strip()]
    joined = parts[0] if parts else ""
    compact_body = body_title.replace(" ", "")
    for part in parts[1:]:
        left, right = joined.replace(" ", "")[-3:], part.replace(" ", "")[:3]
        if left + right in compact_body and f"{left} {right}" not in body_title:
            joined += part
        else:
            joined += " " + part
    if joined.replace(" ", "") == compact_body:
        return ""
    return joined


def _facts(front: Front, report: ImportReport) -> dict:
    """The facts the masthead prints. One it does not print is left out, so the draft takes
    the periodical's current one, and reported."""
    facts = {}
    for name in Periodical.FACT_FIELDS:
        value = front.facts.get(name)
        if name == "publication_day" and not isinstance(value, int):
            value = None
        if value in (None, ""):
            report.add(
                Kind.MISSING_FACT,
                _(
                    "The masthead does not print %(fact)s; the draft "
                    "takes the periodical's current one."
                )
                % {"fact": _FACT_NAMES.get(name, name)},
            )
        else:
            facts[name] = value
    if not front.issn:
        report.add(Kind.MISSING_FACT, _("The text prints no ISSN."))
    if front.cumulative_number is None:
        report.add(Kind.MISSING_FACT, _("The cover prints no cumulative number (总第N期)."))
    return facts


_FACT_NAMES = {
    "slogan": "刊训",
    "supervisor": "主管",
    "sponsor": "主办",
    "publisher": "出版",
    "address": "地址",
    "phone": "电话",
    "postcode": "邮编",
    "email": "投稿邮箱",
    "price": "定价",
    "publication_day": "出版日期",
    "printer": "印刷装订",
}


def _publication_date(periodical: Periodical, front: Front, report: ImportReport):
    """A monthly's date: the issue's month and the printed 出版日期 每月N日."""
    day = front.facts.get("publication_day")
    if not isinstance(day, int) or periodical.frequency != Periodical.Frequency.MONTHLY:
        return None
    try:
        return datetime.date(front.year, front.number, day).isoformat()
    except ValueError:
        return None
