"""A website's issue page built with the Python client that openapi-python-client generates
from the API's schema (.ci/schema-checks generates it into build/python-client and runs
`mypy --strict` on both): a change of the schema that breaks a typed Python client breaks
the build. `.ci/fuzz` runs it against its live server, anonymously:

    PYTHONPATH=build/python-client python .ci/python-client/read_issue.py http://127.0.0.1:8000

It reads, with a plain `Client` (no token), the latest issue of 《党员之友》, its 目录, its
masthead, its articles, one article and the years of the archive; prints them, and fails
(exit 1) when an answer is not the typed model the schema promises or holds no data.
"""

import sys
from typing import TypeVar

from dangyuan_zhiyou_client import Client
from dangyuan_zhiyou_client.api.v1 import (
    v1_articles_list,
    v1_articles_retrieve,
    v1_issues_masthead_retrieve,
    v1_issues_retrieve,
    v1_issues_toc_retrieve,
    v1_periodicals_issues_latest_retrieve,
    v1_periodicals_years_list,
)
from dangyuan_zhiyou_client.models import (
    ArticleDetailWithCorrections,
    Error,
    Issue,
    Masthead,
    PaginatedArticleList,
    Toc,
    Year,
)

PERIODICAL = "dangyuan-zhiyou"
Model = TypeVar("Model")


class Unexpected(Exception):
    """An answer that is not what the schema promised, or that holds no data."""


def expect(answer: object, model: type[Model], what: str) -> Model:
    """The answer as the model the schema promises for a 200, or Unexpected."""
    if isinstance(answer, Error):
        raise Unexpected(f"{what}: {answer.code}: {answer.detail}")
    if not isinstance(answer, model):
        raise Unexpected(f"{what}: {type(answer).__name__}, not {model.__name__}")
    return answer


def toc_lines(toc: Toc) -> list[str]:
    lines = [f"{toc.issue.periodical.name} {toc.issue.label}"]
    for section in toc.sections:
        lines.append(section.column.name)
        for entry in section.entries:
            # Nullable in the schema: the type checker makes us look before we use them.
            page = "" if entry.page is None else str(entry.page)
            authors = " ".join(author.name for author in entry.authors)
            lines.append(f"  {page} {entry.title} {authors}{' 等' if entry.and_others else ''}")
    return lines


def masthead_lines(masthead: Masthead) -> list[str]:
    lines = [
        f"{role.role} {' '.join(person.name for person in role.people)}" for role in masthead.roles
    ]
    photographer = masthead.cover.photographer
    lines.append(
        f"封面 {masthead.cover.caption} {'' if photographer is None else photographer.name}"
    )
    image = masthead.cover.image
    lines.append(
        f"封面图片 {'（无）' if image is None else f'{image.url} {image.width}×{image.height}'}"
    )
    barcode = masthead.barcode
    lines.append(f"条码 {'（无）' if barcode is None else f'{barcode.ean13} {barcode.addon}'}")
    return lines


def article_lines(article: ArticleDetailWithCorrections) -> list[str]:
    column = "" if article.column is None else f"{article.column.name} · "
    editor = article.responsible_editor
    return [
        f"{column}{article.title}（{article.pages}）",
        f"  {' '.join(author.name for author in article.authors)}",
        f"  [责任编辑:{'' if editor is None else editor.name}] 正文 {len(article.body)} 字",
    ]


def read(base_url: str) -> list[str]:
    """Every read a website's issue page makes, anonymously; the lines it would show."""
    client = Client(base_url=base_url, raise_on_unexpected_status=True)
    latest = expect(
        v1_periodicals_issues_latest_retrieve.sync(PERIODICAL, client=client), Issue, "latest"
    )
    toc = expect(v1_issues_toc_retrieve.sync(latest.id, client=client), Toc, "目录")
    masthead = expect(
        v1_issues_masthead_retrieve.sync(latest.id, client=client), Masthead, "版权页"
    )
    articles = expect(
        v1_articles_list.sync(client=client, issue=latest.id, page_size=5),
        PaginatedArticleList,
        "articles",
    )
    entries = [entry for section in toc.sections for entry in section.entries]
    if not entries or not masthead.roles or not articles.results:
        raise Unexpected(f"{latest.label}: an empty 目录, masthead or article list")
    article = expect(
        v1_articles_retrieve.sync(entries[0].article, client=client),
        ArticleDetailWithCorrections,
        "article",
    )
    years = v1_periodicals_years_list.sync(PERIODICAL, client=client)
    if not isinstance(years, list) or not all(isinstance(year, Year) for year in years):
        raise Unexpected(f"years: {years!r}")
    if latest.id not in {issue.id for year in years for issue in year.issues}:
        raise Unexpected(f"years: the latest issue {latest.label} is not in the archive")

    # A conditional GET with the ETag just received: the copy is current, 304.
    detailed = v1_issues_toc_retrieve.sync_detailed(latest.id, client=client)
    again = v1_issues_toc_retrieve.sync_detailed(
        latest.id, client=client, if_none_match=detailed.headers["ETag"]
    )
    missing = v1_issues_retrieve.sync(999_999_999, client=client)
    if again.status_code != 304 or not isinstance(missing, Error):
        raise Unexpected(f"conditional GET {again.status_code}, missing issue {missing!r}")
    return [
        *toc_lines(toc),
        *masthead_lines(masthead),
        *article_lines(article),
        f"articles: {articles.count}, first page {len(articles.results)}",
        f"years: {', '.join(f'{year.year} ({len(year.issues)})' for year in years)}",
        f"conditional GET: {again.status_code}",
        f"missing issue: {missing.code}: {missing.detail}",
    ]


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(f"usage: {argv[0]} BASE_URL", file=sys.stderr)
        return 2
    try:
        lines = read(argv[1])
    except Unexpected as problem:
        print(f"read_issue: {problem}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
