from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .display import field_changes
from .filters import ACTIONS
from .models import ChangeRecord

ACTION_NAMES = {value: name for name, value in ACTIONS.items()}


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text=_("Field name, as in the API."))
    label = serializers.CharField(help_text=_("Field name for people, in Chinese."))
    before = serializers.JSONField(help_text=_("Value before the change; null when created."))
    after = serializers.JSONField(help_text=_("Value after the change; null when deleted."))


class ChangeRecordSerializer(serializers.ModelSerializer):
    """One recorded change: who, when, through what, to which object, before and after."""

    user = serializers.SlugRelatedField(
        source="actor", slug_field="username", read_only=True, allow_null=True,
        help_text=_("User name of whoever made it; null for commands and scripts."),
    )  # fmt: skip
    action = serializers.SerializerMethodField(help_text=_("create, update or delete."))
    model = serializers.SerializerMethodField(help_text=_("Kind of object, e.g. articles.article."))
    periodical = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True,
        help_text=_("Slug of the periodical."),
    )
    issue = serializers.IntegerField(
        source="issue_id", read_only=True, allow_null=True,
        help_text=_("Id of the issue the change was made in.")
    )
    issue_label = serializers.SerializerMethodField(
        help_text=_("The issue as printed: 2025年第3期.")
    )
    correlation_id = serializers.CharField(
        source="cid", read_only=True, allow_null=True,
        help_text=_("Shared by the changes of one request.")
    )
    changes = serializers.SerializerMethodField(
        help_text=_("The fields changed, each with its value before and after.")
    )

    class Meta:
        model = ChangeRecord
        fields = [
            "id", "timestamp", "user", "source", "reason", "action", "model", "object_id",
            "object_repr", "periodical", "issue", "issue_label", "after_publication",
            "correlation_id", "remote_addr", "changes",
        ]  # fmt: skip
        extra_kwargs = {
            "id": {"help_text": _("Id of the change record.")},
            "timestamp": {"help_text": _("When the change was made.")},
            "object_id": {"help_text": _("Id of the changed object.")},
            "object_repr": {"help_text": _("The object as it was named at the time.")},
            "remote_addr": {"help_text": _("Address the request came from.")},
        }

    def get_action(self, record) -> str:
        return ACTION_NAMES.get(record.action, str(record.action))

    def get_model(self, record) -> str:
        return f"{record.content_type.app_label}.{record.content_type.model}"

    def get_issue_label(self, record) -> str | None:
        issue = record.existing_issue
        return issue.label if issue is not None else None

    @extend_schema_field(FieldChangeSerializer(many=True))
    def get_changes(self, record):
        raw = record.changes_dict or {}
        return [
            {
                "field": change.field,
                "label": change.label,
                "before": raw[change.field][0],
                "after": raw[change.field][1],
            }
            for change in field_changes(record, limit=None)
        ]
