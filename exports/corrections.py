"""The corrections (勘误) in the exports: a sheet of their own, and a cell on each article row.

Kept apart from the article rows' reading (reading.py, tables.py): one query per issue for
the cells, one query for the whole sheet.
"""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone

from corrections.models import Correction
from issues.models import Issue

# The order of issues in an export (exports.services.issues_for_export, in_print_order).
PRINT_ORDER = ("year", "supplement", "number", "publication_date", "id")

# Between the notices of one article, as between credits (tables.ITEMS).
NOTICES = "；"

CORRECTION_HEADER = [
    "刊名", "期号", "文章ID", "文章标题", "更正之处", "错误文字", "正确文字", "更正启事",
    "发布日期", "原因", "批准人", "批准时间", "勘误ID",
]  # fmt: skip


def article_notices(issue: Issue) -> dict[int, str]:
    """The notices of each corrected article of `issue`, newest first: one query."""
    notices: dict[int, list[str]] = {}
    corrections = Correction.objects.filter(issue=issue, article__isnull=False).newest_first()
    for article_id, notice in corrections.values_list("article_id", "notice"):
        notices.setdefault(article_id, []).append(notice)
    return {article_id: NOTICES.join(texts) for article_id, texts in notices.items()}


def correction_rows(issues: QuerySet[Issue]) -> Iterator[list]:
    """One row per correction of `issues`, in the export's order of issues (print order,
    periodical by periodical), newest first within an issue: one query."""
    in_print_order = [f"issue__{key}" for key in ("periodical__slug", *PRINT_ORDER)]
    corrections = (
        Correction.objects.filter(issue__in=issues.values("pk"))
        .select_related("issue__periodical", "article", "approved_by")
        .order_by(*in_print_order, "-published_on", "-applied_at", "-id")
    )
    for correction in corrections.iterator(chunk_size=500):
        article = correction.article
        issue = correction.issue
        yield [
            issue.periodical.name or issue.periodical.slug,
            issue.label,
            correction.article_id or "",
            article.title if article else "",
            correction.get_target_display(),
            correction.wrong_text,
            correction.right_text,
            correction.notice,
            correction.published_on.isoformat(),
            correction.reason,
            correction.approved_by.get_username(),
            timezone.localtime(correction.approved_at).strftime("%Y-%m-%d %H:%M"),
            correction.pk,
        ]
