from django.contrib import admin
from django.contrib.admin.sites import NotRegistered
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .display import changes_summary, field_changes
from .models import CdnPurge, ChangeRecord
from .records import change_records_csv, recorded_content_types

try:  # django-auditlog registers its own admin for the log model; ours replaces it.
    admin.site.unregister(ChangeRecord)
except NotRegistered:
    pass


class RecordedModelFilter(admin.SimpleListFilter):
    title = _("kind of object")
    parameter_name = "model"

    def lookups(self, request, model_admin):
        return [(ct.pk, ct.model_class()._meta.verbose_name) for ct in recorded_content_types()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(content_type_id=self.value())
        return queryset


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    """Every recorded change, for auditors: filter by user, period, issue, kind; never edit."""

    list_display = (
        "timestamp", "actor", "source", "action", "object_kind", "object_link", "issue_link",
        "after_publication_text", "summary",
    )  # fmt: skip
    list_filter = (
        "action",
        "source",
        "after_publication",
        RecordedModelFilter,
        ("actor", admin.RelatedOnlyFieldListFilter),
        ("periodical", admin.RelatedOnlyFieldListFilter),
    )
    date_hierarchy = "timestamp"
    search_fields = ("object_repr", "actor__username", "reason")
    list_select_related = ("actor", "content_type")
    list_per_page = 50
    show_full_result_count = False
    fields = (
        "timestamp", "actor", "actor_email", "source", "reason", "remote_addr", "cid",
        "action", "object_kind", "object_link", "issue_link", "after_publication", "changes_table",
    )  # fmt: skip
    readonly_fields = fields
    actions = ["export_csv"]

    class Media:
        css = {"all": ("audit/change_records.css",)}

    def get_queryset(self, request):
        return super().get_queryset(request).with_issues()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(
        description=ChangeRecord._meta.get_field("after_publication").verbose_name,
        ordering="after_publication",
    )
    def after_publication_text(self, record):
        """是 or 否 in words: a red ✗ for 否 read like an error."""
        return _("yes") if record.after_publication else _("no")

    @admin.display(description=_("kind of object"), ordering="content_type")
    def object_kind(self, record):
        model = record.content_type.model_class()
        return model._meta.verbose_name if model else record.content_type.model

    @admin.display(description=_("object"))
    def object_link(self, record):
        url = None
        if record.action != ChangeRecord.Action.DELETE:
            url = self._change_url(record.content_type.model_class(), record.object_id)
        if url is None:
            return record.object_repr
        return format_html('<a href="{}">{}</a>', url, record.object_repr)

    @admin.display(description=_("issue"))
    def issue_link(self, record):
        if record.issue_id is None:
            return ""
        issue = record.existing_issue
        if issue is None:
            return _("issue #%(id)s (deleted)") % {"id": record.issue_id}
        url = self._change_url(type(issue), issue.pk)
        return format_html('<a href="{}">{}</a>', url, issue)

    @admin.display(description=_("changes"))
    def summary(self, record):
        return changes_summary(record)

    @admin.display(description=_("changes"))
    def changes_table(self, record):
        rows = field_changes(record, limit=None)
        if not rows:
            return ""
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((row.label, row.before, row.after) for row in rows),
        )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            _("Field"),
            _("Before"),
            _("After"),
            body,
        )

    @admin.action(description=_("Export the selected change records as CSV"))
    def export_csv(self, request, queryset):
        return change_records_csv(queryset)

    def _change_url(self, model, object_id):
        if model is None or object_id is None:
            return None
        try:
            return reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[object_id]
            )
        except NoReverseMatch:
            return None


@admin.register(CdnPurge)
class CdnPurgeAdmin(admin.ModelAdmin):
    """The purges sent to the CDN, for operators: which failed and why; never edited."""

    list_display = ("created_at", "tag_list", "status", "attempts", "response_status", "error")
    list_filter = ("status",)
    date_hierarchy = "created_at"
    fields = ("created_at", "tags", "status", "attempts", "response_status", "error", "finished_at")
    readonly_fields = fields

    @admin.display(description=_("cache tags"))
    def tag_list(self, purge):
        return " ".join(purge.tags)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
