"""How well an import reads a text: precision and recall per field against hand-checked records.

Both sides are issue documents (fixtures/README.md), read by the one reader: the expected one
written by hand from the print, the other read by the importer. A field's records are
compared as multisets.
"""

import re
from collections import Counter
from dataclasses import dataclass

from documents.document import ArticlePart, IssueDocument

FIELDS = {
    "toc": "目录 entries (page, title)",
    "columns": "columns (article, column)",
    "headings": "headings (article, kicker, title, subtitle)",
    "highlights": "本期看点 (page)",
    "authors": "authors (article, name, role)",
    "affiliations": "affiliations (article, name, affiliation)",
    "editors": "responsible editors (article, name)",
    "photo_credits": "photo credits (article, name, kind)",
    "masthead": "masthead people (role, name)",
    "marks": "sources and reprints (article, 供稿, 摘自)",
    "facts": "masthead facts (field, value)",
}


def _compact(text) -> str:
    return re.sub(r"\s+", "", str(text or ""))


def article_id(article: ArticlePart) -> str:
    """An article as both sides know it: its start page, or its title where it has none."""
    if article.start_page is not None:
        return f"p.{article.start_page}"
    return _compact(article.title)


def records(document: IssueDocument) -> dict[str, Counter]:
    found = {name: Counter() for name in FIELDS}
    _issue_records(document, found)
    for article in document.articles:
        _article_records(article, found)
    return found


def _issue_records(document: IssueDocument, found: dict[str, Counter]) -> None:
    issue = document.issue
    for line in issue.masthead:
        for person in line.people:
            found["masthead"][(line.role, person.name)] += 1
    for photo in issue.photos:
        if photo.credit and photo.credit.name:
            where = "cover" if photo.on_cover else "issue"
            found["photo_credits"][(where, photo.credit.name, photo.credit.kind)] += 1
    for name, value in issue.facts.items():
        if value not in (None, ""):
            found["facts"][(name, str(value))] += 1
    articles = {article.key: article for article in document.articles}
    for key in issue.highlights:
        if key in articles:
            found["highlights"][article_id(articles[key])] += 1


def _article_records(article: ArticlePart, found: dict[str, Counter]) -> None:
    key = article_id(article)
    found["headings"][
        (key, _compact(article.kicker), _compact(article.title), _compact(article.subtitle))
    ] += 1
    if article.column:
        found["columns"][(key, article.column)] += 1
    if article.in_toc:
        title = article.toc_title or article.title
        found["toc"][(article.start_page, _compact(title))] += 1
    for author in article.authors:
        found["authors"][(key, author.name, author.role)] += 1
        if author.affiliation:
            found["affiliations"][(key, author.name, author.affiliation)] += 1
    if article.responsible_editor:
        found["editors"][(key, article.responsible_editor)] += 1
    for photo in article.photos:
        if photo.credit and photo.credit.name:
            found["photo_credits"][(key, photo.credit.name, photo.credit.kind)] += 1
    if article.source_org or article.reprinted_from:
        found["marks"][(key, article.source_org, article.reprinted_from)] += 1


@dataclass
class Score:
    field: str
    expected: int
    read: int
    right: int
    missing: list
    extra: list

    @property
    def precision(self) -> float:
        return self.right / self.read if self.read else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0


def score(expected: IssueDocument, read: IssueDocument) -> list[Score]:
    wanted, got = records(expected), records(read)
    scores = []
    for name in FIELDS:
        right = wanted[name] & got[name]
        scores.append(
            Score(
                field=name,
                expected=sum(wanted[name].values()),
                read=sum(got[name].values()),
                right=sum(right.values()),
                missing=sorted((wanted[name] - got[name]).elements(), key=str),
                extra=sorted((got[name] - wanted[name]).elements(), key=str),
            )
        )
    return scores


ARTICLE_FIELDS = (
    "column", "in_toc", "kicker", "title", "toc_title", "subtitle", "continuation_pages",
    "and_others", "source_org", "reprinted_from", "responsible_editor",
)  # fmt: skip
ISSUE_FIELDS = ("year", "number", "cumulative_number", "publication_date", "cover_caption")


def differences(
    expected: IssueDocument, read: IssueDocument
) -> list[tuple[str, str, object, object]]:
    """Every field where the read document differs from the expected one, body text aside:
    (article or "issue", field, expected value, value read)."""
    found = []
    for name in ISSUE_FIELDS:
        want, got = getattr(expected.issue, name), getattr(read.issue, name)
        if str(want or "") != str(got or ""):
            found.append(("issue", name, want, got))
    for name, score_ in ((s.field, s) for s in score(expected, read)):
        for record in score_.missing:
            found.append(
                (str(record[0]) if name != "toc" else f"p.{record[0]}", name, record, None)
            )
        for record in score_.extra:
            found.append(
                (str(record[0]) if name != "toc" else f"p.{record[0]}", name, None, record)
            )
    wanted = {article_id(a): a for a in expected.articles}
    got = {article_id(a): a for a in read.articles}
    for key in wanted.keys() - got.keys():
        found.append((key, "article", wanted[key].title, None))
    for key in got.keys() - wanted.keys():
        found.append((key, "article", None, got[key].title))
    for key in wanted.keys() & got.keys():
        for name in ARTICLE_FIELDS:
            want, have = getattr(wanted[key], name), getattr(got[key], name)
            if (want or "") != (have or ""):
                found.append((key, name, want, have))
        captions = [_compact(p.caption) for p in wanted[key].photos]
        read_captions = [_compact(p.caption) for p in got[key].photos]
        if captions != read_captions:
            found.append((key, "photos", len(captions), len(read_captions)))
    return found


def unexplained(expected: IssueDocument, read: IssueDocument, report) -> list[tuple]:
    """The differences no report item speaks of: an item explains a difference on an article
    when it names that article; one on the issue's own photos when it is about a photo."""
    explained_articles = {item.article.split(" ")[0] for item in report.items if item.article}
    explained_articles |= {_compact(item.text) for item in report.items if item.text}
    photo_items = any(item.kind in ("credit_unplaced", "photo_placed") for item in report.items)
    left = []
    for difference in differences(expected, read):
        where = difference[0]
        if where in explained_articles or _compact(where) in explained_articles:
            continue
        if where in ("issue", "cover") and difference[1] == "photo_credits" and photo_items:
            continue
        left.append(difference)
    return left
