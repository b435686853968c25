"""The rows of the CSV and XLSX exports: one per article, and one per masthead entry.

Column headers are data for Chinese auditors, so they are written in Chinese, not translated.
"""

from collections.abc import Iterable, Iterator
from itertools import islice

from articles.models import Article, PhotoCredit
from issues.models import Issue

from .reading import ArticleRow, IssueData, read_article_rows, read_masthead

# How many issues' article rows are read at a time (three queries whatever the number).
ISSUES_PER_CHUNK = 50

# Status as the auditors read it: data in Chinese, whatever the language of the interface.
STATUS_LABELS = {Issue.Status.DRAFT: "草稿", Issue.Status.PUBLISHED: "已发布"}

# Separators inside one cell: 、 between names, as print does; ； between affiliations and
# credits, which may themselves contain 、.
NAMES = "、"
ITEMS = "；"
# An author without a printed affiliation, so that affiliations stay aligned with the authors.
NO_AFFILIATION = "—"

ISSUE_HEADER = ["刊名", "年份", "期号", "总期号", "出版日期", "状态"]

ARTICLE_HEADER = [
    *ISSUE_HEADER,
    "栏目",
    "页码",
    "引题",
    "标题",
    "副标题",
    "作者",
    "作者单位",
    "责任编辑",
    "供稿",
    "摘自",
    "图片署名",
    "文章ID",
]

MASTHEAD_HEADER = [
    *ISSUE_HEADER,
    "ISSN",
    "CN",
    "主管",
    "主办",
    "出版",
    "定价(元)",
    "每月出版日",
    "印刷装订",
    "地址",
    "电话",
    "邮编",
    "投稿邮箱",
    "封面说明",
    "封面图片署名",
    "职务",
    "姓名",
    "职务备注",
    "期次ID",
]


def issue_cells(issue: Issue) -> list:
    date = issue.publication_date
    return [
        issue.periodical.name or issue.periodical.slug,
        issue.year,
        issue.label,
        f"总第{issue.cumulative_number}期" if issue.cumulative_number else "",
        date.isoformat() if date else "",
        STATUS_LABELS.get(issue.status, issue.status),
    ]


def article_rows(issues: Iterable[Issue], progress=None) -> Iterator[list]:
    """One row per article of each of `issues`, in their order and in 目录 order within each;
    `progress(issue)` is called after each issue's rows.

    A row needs no model instance: the rows are read as plain values, `ISSUES_PER_CHUNK` issues
    at a time with three queries, which keeps the export near the speed of PostgreSQL's own
    `COPY` of the same rows (`benchmarks/export.py`) and memory flat, a chunk at a time.
    """
    issues = iter(issues)
    while chunk := list(islice(issues, ISSUES_PER_CHUNK)):
        rows = read_article_rows(chunk)
        for issue in chunk:
            cells = issue_cells(issue)
            for row in rows.get(issue.pk, ()):
                yield [*cells, *_article_cells(row)]
            if progress is not None:
                progress(issue)


def _article_cells(row: ArticleRow) -> list:
    affiliations = [affiliation for _name, affiliation in row.authors]
    credits = (PhotoCredit.credit_line_of(*credit) for credit in row.photo_credits)
    return [
        row.column,
        Article.pages_as_printed(row.start_page, row.end_page, row.continuation_pages),
        row.kicker,
        row.title,
        row.subtitle,
        NAMES.join(name for name, _affiliation in row.authors),
        ITEMS.join(a or NO_AFFILIATION for a in affiliations) if any(affiliations) else "",
        row.responsible_editor_name,
        row.source_org,
        row.reprinted_from,
        ITEMS.join(line for line in credits if line),
        row.pk,
    ]


def masthead_rows(data: IssueData) -> Iterator[list]:
    """One row per masthead entry, the issue's facts repeated; one row for an issue without."""
    issue = data.issue
    periodical = issue.periodical
    cover_credits = ITEMS.join(p.credit_line for p in data.photos if p.on_cover and p.credit_line)
    facts = [
        *issue_cells(issue),
        periodical.issn,
        periodical.cn,
        issue.supervisor,
        issue.sponsor,
        issue.publisher,
        issue.price,  # a number, so that Excel can sum and filter it
        issue.publication_day,
        issue.printer,
        issue.address,
        issue.phone,
        issue.postcode,
        issue.email,
        issue.cover_caption,
        cover_credits,
    ]
    if not data.masthead:
        yield [*facts, "", "", "", issue.pk]
    for entry in data.masthead:
        yield [*facts, entry.role.name, entry.credited_name, entry.note, issue.pk]


def xlsx_sheets(issues, progress=None):
    """The workbook: the issues with their masthead, then the articles (same columns as CSV);
    `progress(issue)` is called after each issue's articles."""
    masthead = (row for issue in issues.iterator() for row in masthead_rows(read_masthead(issue)))
    articles = article_rows(issues.iterator(), progress)
    return [("期次与版权", MASTHEAD_HEADER, masthead), ("文章", ARTICLE_HEADER, articles)]
