"""The corrections (勘误) in the exports: a sheet of their own and a cell on each article row
(CSV, XLSX), a list beside the issue documents (JSON).

Kept apart from the article rows' reading (reading.py, tables.py, copying.py): one query per
chunk of issues for the cells (a subquery in PostgreSQL's COPY), one for the whole sheet.
"""

import json
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


# The same cell in the SQL of the CSV's COPY (exports/copying.py; `a` is the article).
NOTICES_SQL = """(SELECT string_agg(c.notice, '；'
        ORDER BY c.published_on DESC, c.applied_at DESC, c.id DESC)
    FROM corrections_correction c WHERE c.article_id = a.id)"""


def article_notices(issues: list[Issue]) -> dict[int, str]:
    """The notices of each corrected article of `issues`, newest first: one query."""
    notices: dict[int, list[str]] = {}
    corrections = Correction.objects.filter(
        issue__in=[issue.pk for issue in issues], article__isnull=False
    ).newest_first()
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


def corrections_json_member(issue_ids: list[int]) -> bytes:
    """`, "corrections": [...]`: the corrections of the exported issues for the JSON export, in
    their order, newest first within an issue. A record beside the documents, which already
    print the corrected text; loading the file back ignores it. One query per 500 issues."""
    position = {pk: n for n, pk in enumerate(issue_ids)}
    entries = []
    for start in range(0, len(issue_ids), 500):
        batch = (
            Correction.objects.filter(issue_id__in=issue_ids[start : start + 500])
            .select_related("issue__periodical", "article", "approved_by")
            .newest_first()
        )
        entries.extend(sorted(batch, key=lambda correction: position[correction.issue_id]))
    return (', "corrections": ' + json.dumps(
        [_as_json(correction) for correction in entries], ensure_ascii=False, indent=None
    )).encode("utf-8")  # fmt: skip


def _as_json(correction: Correction) -> dict:
    issue = correction.issue
    return {
        "id": correction.pk,
        "periodical": issue.periodical.slug,
        "issue": {"id": issue.pk, "year": issue.year, "number": issue.number, "label": issue.label},
        "article": (
            {"id": correction.article_id, "title": correction.article.title}
            if correction.article_id
            else None
        ),
        "target": correction.target,
        "wrong_text": correction.wrong_text,
        "right_text": correction.right_text,
        "reason": correction.reason,
        "notice": correction.notice,
        "published_on": correction.published_on.isoformat(),
        "approved_by": correction.approved_by.get_username(),
        "approved_at": correction.approved_at.isoformat(),
    }
