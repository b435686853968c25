from functools import partial

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .batch import import_source
from .forms import IssueTextUploadForm
from .models import IssueImport
from .sources import UnreadableSource

# Uploading and confirming write a draft issue: they need the issue permissions too. The issue
# list's 从文本导入 button checks the same three (templates/admin/issues/issue/change_list.html).
UPLOAD_PERMISSIONS = ("imports.add_issueimport", "issues.add_issue", "issues.change_issue")


def may_upload(user) -> bool:
    return user.has_perms(UPLOAD_PERMISSIONS)


@admin.register(IssueImport)
class IssueImportAdmin(admin.ModelAdmin):
    """The texts uploaded for import, read-only: adding one is uploading a text to preview."""

    list_display = (
        "created_at", "periodical", "file_name", "status", "issue_link", "report_size",
        "created_by",
    )  # fmt: skip
    list_filter = ("status", "periodical")
    search_fields = ("file_name", "refusal")
    date_hierarchy = "created_at"
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "periodical", "file_name", "status", "refusal", "issue_link", "created",
                    "created_by", "created_at", "imported_at", "preview_link",
                )
            },
        ),
        (_("Report"), {"fields": ("report_table",)}),
        (_("Text as uploaded"), {"classes": ("collapse",), "fields": ("numbered_text",)}),
    )  # fmt: skip
    readonly_fields = (
        "periodical", "file_name", "status", "refusal", "issue_link", "created", "created_by",
        "created_at", "imported_at", "preview_link", "report_table", "numbered_text",
    )  # fmt: skip

    def get_queryset(self, request):
        return super().get_queryset(request).for_list()

    def has_view_permission(self, request, obj=None):
        # Who may upload sees the preview of what was uploaded.
        return super().has_view_permission(request, obj) or may_upload(request.user)

    def has_add_permission(self, request):
        return may_upload(request.user)

    def has_change_permission(self, request, obj=None):
        return False  # a record of what was uploaded and done: nobody edits it

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("issue"), ordering="issue")
    def issue_link(self, record):
        if record.issue_id is None:
            return record.issue_label or "—"
        url = reverse("admin:issues_issue_change", args=[record.issue_id])
        return format_html('<a href="{}">{}</a>', url, record.issue)

    @admin.display(description=_("report items"))
    def report_size(self, record):
        return record.report_count

    @admin.display(description=_("preview"))
    def preview_link(self, record):
        url = reverse("admin:imports_issueimport_preview", args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, _("Open the preview"))

    @admin.display(description=_("report"))
    def report_table(self, record):
        items = record.report_items()
        if not items:
            return _("Nothing to report.")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (item.line or "—", item.label, item.message, item.article, item.text)
                for item in items
            ),
        )
        return format_html(
            '<table class="import-report"><thead><tr><th>{}</th><th>{}</th><th>{}</th>'
            "<th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("line"),
            _("kind"),
            _("message"),
            _("article"),
            _("text"),
            rows,
        )

    @admin.display(description=_("text"))
    def numbered_text(self, record):
        lines = format_html_join("\n", "{:>5}  {}", enumerate(record.text.split("\n"), start=1))
        return format_html('<pre style="max-height:40em;overflow:auto">{}</pre>', lines)

    def get_urls(self):
        return [
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name="imports_issueimport_upload",
            ),
            path(
                "<int:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="imports_issueimport_preview",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        return self.upload_view(request)  # the list's add button: adding is uploading

    def upload_view(self, request):
        """One file: read it by a dry run and show its preview (a refusal is a form error).
        Several: import each at once, in its own transaction, and show the summary table."""
        if not may_upload(request.user):
            raise PermissionDenied
        if request.method == "POST":
            form = IssueTextUploadForm(request.POST, request.FILES)
        else:
            form = IssueTextUploadForm(initial={"periodical": request.GET.get("periodical")})
        context = {**self.admin_site.each_context(request), "opts": self.opts, "form": form}
        if request.method == "POST" and form.is_valid():
            periodical = form.cleaned_data["periodical"]
            if form.several:
                rows = [
                    import_source(
                        name=name,
                        read=partial(_given, source),
                        periodical=periodical,
                        user=request.user,
                    )
                    for name, source in form.sources
                ]
                context |= {"title": _("Issues imported"), "rows": rows, "periodical": periodical}
                return TemplateResponse(request, "admin/imports/issueimport/batch.html", context)
            record = IssueImport.preview(
                periodical=periodical, file_name=form.file_name, text=form.text, user=request.user
            )
            if record.status != IssueImport.Status.REFUSED:
                return redirect("admin:imports_issueimport_preview", record.pk)
            form.add_error(None, record.refusal)
        context["title"] = _("Import issues from their text or PDF")
        return TemplateResponse(request, "admin/imports/issueimport/upload.html", context)

    def preview_view(self, request, object_id):
        """What the text gives and what confirming does; a POST confirms the import."""
        record = get_object_or_404(
            IssueImport.objects.select_related("periodical", "issue", "created_by"), pk=object_id
        )
        if request.method == "POST":
            return self._confirm(request, record)
        if not self.has_view_permission(request, record):
            raise PermissionDenied
        uploader = may_upload(request.user)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Preview of the import of %(issue)s")
            % {"issue": record.issue_label or record.file_name},
            "opts": self.opts,
            "record": record,
            "may_upload": uploader,
            "may_confirm": uploader and record.status == IssueImport.Status.PREVIEWED,
        }
        return TemplateResponse(request, "admin/imports/issueimport/preview.html", context)

    def _confirm(self, request, record):
        if not may_upload(request.user):
            raise PermissionDenied
        if not record.confirm():
            self.message_user(request, _("This text was imported or refused before."))
        elif record.status == IssueImport.Status.REFUSED:
            self.message_user(request, record.refusal, messages.ERROR)
        else:
            self.message_user(request, self._imported_message(record), messages.SUCCESS)
            return redirect("admin:issues_issue_change", record.issue_id)
        return redirect("admin:imports_issueimport_preview", record.pk)

    def _imported_message(self, record):
        if record.created:
            done = _("Imported as a new draft.")
        else:
            done = _("The draft was updated in place.")
        items = _("Report items to look at before publishing: %(count)d.") % {
            "count": record.report_count
        }
        url = reverse("admin:imports_issueimport_preview", args=[record.pk])
        return format_html(
            '{} {} <a href="{}">{}</a>', done, items, url, _("Open the import record")
        )


def _given(source: "str | UnreadableSource") -> str:
    """The text the form read, or its reason for refusing the file, raised."""
    if isinstance(source, UnreadableSource):
        raise source
    return source
