"""Reading the record of changes: which models are recorded, and the record as table rows."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from core.tabular import csv_response

from .display import changes_summary


def recorded_models() -> list:
    from auditlog.registry import auditlog

    return sorted(auditlog.get_models(), key=lambda model: model._meta.label)


def recorded_content_types() -> list[ContentType]:
    return list(ContentType.objects.get_for_models(*recorded_models()).values())


CHANGE_CSV_HEADER = [
    "时间", "用户", "途径", "操作", "对象类型", "对象编号", "对象", "期刊", "期次", "期次编号",
    "发布后修改", "原因", "IP 地址", "修改内容",
]  # fmt: skip


def change_csv_rows(records):
    """One row per change record, oldest data first as the query orders it, for auditors."""
    for record in records.iterator(chunk_size=2000):
        model = record.content_type.model_class()
        issue = record.existing_issue
        yield [
            timezone.localtime(record.timestamp).strftime("%Y-%m-%d %H:%M:%S"),
            record.actor.get_username() if record.actor else "",
            record.get_source_display(),
            record.get_action_display(),
            model._meta.verbose_name if model else record.content_type.model,
            record.object_id,
            record.object_repr,
            str(issue.periodical) if issue else "",
            issue.label if issue else "",
            record.issue_id or "",
            "是" if record.after_publication else "",
            record.reason,
            record.remote_addr or "",
            changes_summary(record),
        ]


def change_records_csv(records):
    """The records as a CSV download for Excel, streamed."""
    records = records.select_related("actor", "content_type").with_issues()
    return csv_response(
        ("变更记录", CHANGE_CSV_HEADER, change_csv_rows(records)), "change-records.csv"
    )
