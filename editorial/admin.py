"""The issue page of the admin: the issue with its masthead, articles, highlights and photos."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from articles.admin import PhotoCreditInline
from articles.models import Article
from articles.services import article_create, article_delete, article_update
from audit.history import RecordedHistoryAdmin
from catalogue.toc import build_toc
from core.admin_inlines import CompactInlineMixin
from core.admin_versions import VersionedAdminMixin, adopt_saved, expected_version, form_fields
from core.concurrency import StaleVersion, parse_version
from corrections.admin import ArticleCorrectionInline, IssueCorrectionInline
from editorial.workspace import WorkspaceAdminMixin
from exports.admin import export_actions
from issues.models import Highlight, Issue, MastheadEntry, PlannedColumn
from issues.services import (
    issue_create,
    issue_next_numbers,
    issue_publish,
    issue_update,
    masthead_copy_from_previous,
)
from periodical.models import Periodical
from workflow.models import SIGN_ISSUE_PERMISSION, WITHDRAW_ISSUE_PERMISSION
from workflow.services import issue_sign, issue_sign_blockers, issue_withdraw

from . import workflow_admin  # noqa: F401  the article page with its workflow panel


class MastheadEntryInline(CompactInlineMixin, admin.TabularInline):
    model = MastheadEntry
    fields = ("order", "role", "contributor", "credited_name", "note")
    autocomplete_fields = ("role", "contributor")
    extra = 0


class ArticleInline(CompactInlineMixin, admin.TabularInline):
    model = Article
    fields = ("toc_order", "column", "start_page", "end_page", "title", "responsible_editor")
    autocomplete_fields = ("column", "responsible_editor")
    show_change_link = True
    extra = 1

    def has_delete_permission(self, request, obj=None):
        """A published issue's articles have no delete box (article_delete refuses them)."""
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)


class HighlightInline(CompactInlineMixin, admin.TabularInline):
    model = Highlight
    fields = ("order", "article")
    autocomplete_fields = ("article",)
    extra = 0


class PlannedColumnInline(CompactInlineMixin, admin.TabularInline):
    """The column plan: the workspace's column order, editable here without JavaScript."""

    model = PlannedColumn
    fields = ("order", "column")
    autocomplete_fields = ("column",)
    extra = 0


class IssuePhotoInline(PhotoCreditInline):
    fk_name = "issue"
    fields = ("order", "on_cover", *PhotoCreditInline.fields[1:])
    verbose_name = _("cover or page photo")
    verbose_name_plural = _("cover and photos outside articles")


@admin.register(Issue)
class IssueAdmin(WorkspaceAdminMixin, VersionedAdminMixin, RecordedHistoryAdmin, admin.ModelAdmin):
    """An issue's page: its fields and, inline, masthead, articles, highlights and photos.

    The status is not a field of the form: the page's 签发, 发布 and 撤回 buttons (and the
    list's 发布 action) go through the same services as the API. A published issue's page is
    read-only (issues.locks): its content changes only by a correction.
    """

    list_display = (
        "label", "periodical", "cumulative_number", "publication_date", "status", "article_count",
    )  # fmt: skip
    list_filter = ("periodical", "year", "status")
    search_fields = ("periodical__name", "periodical__slug", "cover_caption", "articles__title")
    list_select_related = ("periodical",)
    date_hierarchy = "publication_date"
    readonly_fields = ("status", "barcode_display", "published_at", "toc_preview")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "periodical",
                    ("year", "number", "number_end", "supplement"),
                    ("cumulative_number", "publication_date"),
                    ("status", "publish_at", "published_at"),
                    "barcode_display",
                )
            },
        ),
        (_("Cover"), {"fields": ("cover_caption", "cover_image")}),
        (_("Highlights"), {"fields": ("highlights_heading",)}),
        (
            _("Masthead facts printed in this issue"),
            {
                "classes": ("collapse",),
                "fields": Issue.FACT_FIELDS,
                "description": _(
                    "Filled from the periodical's current facts when the issue is created. Edit "
                    "them here only to match what this issue printed."
                ),
            },
        ),
        (
            _("Table of contents as printed"),
            {"classes": ("collapse",), "fields": ("toc_preview",)},
        ),
        (_("Note"), {"classes": ("collapse",), "fields": ("note",)}),
    )
    inlines = [
        MastheadEntryInline, PlannedColumnInline, ArticleInline, HighlightInline, IssuePhotoInline,
    ]  # fmt: skip
    inlines += [IssueCorrectionInline]  # read-only: corrections are made on their own page
    actions = ["publish", "copy_masthead", *export_actions]

    def has_change_permission(self, request, obj=None):
        """A published issue is shown read-only, inlines included; POSTs are refused (403)."""
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        issue = self.get_object(request, object_id) if object_id else None
        if issue is not None:
            user = request.user
            extra_context = {
                **(extra_context or {}),
                "can_sign_issue": user.has_perm(SIGN_ISSUE_PERMISSION),
                "can_withdraw_issue": user.has_perm(WITHDRAW_ISSUE_PERMISSION),
                "can_publish_issue": super().has_change_permission(request, issue),
                "sign_blockers": (
                    issue_sign_blockers(issue) if issue.status == Issue.Status.DRAFT else []
                ),
                "issue_sign_offs": issue.sign_offs.in_order(),
            }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(articles_total=Count("articles"))

    @admin.display(description=_("issue"), ordering="year")
    def label(self, obj):
        return obj.label

    @admin.display(description=_("articles"), ordering="articles_total")
    def article_count(self, obj):
        return obj.articles_total

    @admin.display(description=_("barcode"))
    def barcode_display(self, obj):
        barcode = obj.barcode if obj.pk else None
        if not barcode:
            return "—"
        return f"{barcode['ean13']}  {barcode['addon']}"

    @admin.display(description=_("table of contents"))
    def toc_preview(self, obj):
        if not obj.pk:
            return _("Saved articles appear here, laid out like the printed 目录.")
        url = reverse("admin:issues_issue_toc", args=[obj.pk])
        return format_html(
            '{}<p><a href="{}" target="_blank">{}</a></p>',
            render_to_string("admin/issues/issue/toc_block.html", {"toc": build_toc(obj)}),
            url,
            _("Open the preview on its own page"),
        )

    def save_model(self, request, obj, form, change):
        # A change of the inline rows counts as a change of the issue: its version goes up.
        if change:
            issue_update(
                issue=obj,
                expected_version=expected_version(form),
                **form_fields(form, changed_only=True),
            )
        else:
            adopt_saved(obj, issue_create(**form_fields(form)))

    def save_formset(self, request, form, formset, change):
        if formset.model is not Article:
            return super().save_formset(request, form, formset, change)
        # Articles edited in their rows go through the article services like any other.
        formset.save(commit=False)
        for article in formset.deleted_objects:
            article_delete(article=article)
        for article, changed in formset.changed_objects:
            article_update(article=article, **{name: getattr(article, name) for name in changed})
        editable = {f.name for f in Article._meta.concrete_fields if f.editable}
        for article in formset.new_objects:
            fields = {name: getattr(article, name) for name in formset.form.base_fields}
            fields = {name: value for name, value in fields.items() if name in editable}
            adopt_saved(article, article_create(**{**fields, "issue": form.instance}))
        return None

    def get_changeform_initial_data(self, request):
        """A new issue starts with the facts of the periodical chosen in the link, if any."""
        initial = super().get_changeform_initial_data(request)
        periodical = Periodical.objects.filter(pk=initial.get("periodical")).first()
        if periodical is not None:
            initial.update({k: v for k, v in periodical.publication_facts().items() if v})
            # And the numbers after its latest issue (新建下一期 does the same from an issue).
            latest = periodical.issues.filter(supplement=False, number__isnull=False).first()
            if latest is not None:
                proposal = issue_next_numbers(previous=latest)
                initial.update({k: v for k, v in proposal.items() if v and k not in initial})
        return initial

    def get_urls(self):
        return [
            path(
                "<int:object_id>/toc/",
                self.admin_site.admin_view(self.toc_view),
                name="issues_issue_toc",
            ),
            path(
                "<int:object_id>/publish/",
                self.admin_site.admin_view(require_POST(self.publish_view)),
                name="issues_issue_publish",
            ),
            path(
                "<int:object_id>/unpublish/",
                self.admin_site.admin_view(require_POST(self.unpublish_view)),
                name="issues_issue_unpublish",
            ),
            path(
                "<int:object_id>/sign/",
                self.admin_site.admin_view(require_POST(self.sign_view)),
                name="issues_issue_sign",
            ),
            *super().get_urls(),
        ]

    def publish_view(self, request, object_id):
        """The page's 发布 button: publish, unless the issue changed since the page was opened."""
        if not super().has_change_permission(request):
            raise PermissionDenied
        return self._status_view(
            request,
            object_id,
            lambda issue, version: issue_publish(issue=issue, expected_version=version),
            _("Published %(issue)s."),
        )

    def unpublish_view(self, request, object_id):
        """The page's 撤回 button: back to 编排, with the reason typed beside it (recorded)."""
        if not request.user.has_perm(WITHDRAW_ISSUE_PERMISSION):
            raise PermissionDenied
        return self._status_view(
            request,
            object_id,
            lambda issue, version: issue_withdraw(
                issue=issue,
                user=request.user,
                reason=request.POST.get("reason", ""),
                expected_version=version,
            ),
            _("Withdrew %(issue)s to draft."),
        )

    def sign_view(self, request, object_id):
        """The page's 签发 button, with an opinion and, when blocked, the override reason."""
        if not request.user.has_perm(SIGN_ISSUE_PERMISSION):
            raise PermissionDenied
        return self._status_view(
            request,
            object_id,
            lambda issue, version: issue_sign(
                issue=issue,
                user=request.user,
                opinion=request.POST.get("opinion", ""),
                override_reason=request.POST.get("override_reason", ""),
                expected_version=version,
            ),
            _("%(issue)s 已签发。"),
        )

    def _status_view(self, request, object_id, service, done_message):
        issue = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_view_permission(request, issue):
            raise PermissionDenied
        version = parse_version(request.POST.get("page_version"))
        try:
            service(issue, version)
        except StaleVersion as stale:
            self.message_user(request, stale.message, messages.ERROR)
        except (ValidationError, PermissionDenied) as refusal:
            # A refusal of the service (not signed, no reason, no permission) says why.
            text = " ".join(refusal.messages) if isinstance(refusal, ValidationError) else refusal
            self.message_user(request, str(text), messages.ERROR)
        else:
            self.message_user(request, done_message % {"issue": issue}, messages.SUCCESS)
        if request.POST.get("next") == "workspace":
            return redirect("admin:issues_issue_workspace", issue.pk)
        return redirect("admin:issues_issue_change", issue.pk)

    def toc_view(self, request, object_id):
        issue = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_view_permission(request, issue):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Table of contents of %(issue)s") % {"issue": issue},
            "opts": self.model._meta,
            "original": issue,
            "toc": build_toc(issue),
        }
        return TemplateResponse(request, "admin/issues/issue/toc.html", context)

    @admin.action(description=_("Publish the selected issues"), permissions=["change"])
    def publish(self, request, queryset):
        count = 0
        for issue in queryset:
            try:
                issue_publish(issue=issue)
            except ValidationError as refusal:  # not signed off, or scheduled later
                self.message_user(request, " ".join(refusal.messages), messages.WARNING)
            else:
                count += 1
        self.message_user(
            request,
            ngettext("Published %(count)d issue.", "Published %(count)d issues.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Copy the masthead from the previous issue"), permissions=["change"]
    )
    def copy_masthead(self, request, queryset):
        for issue in queryset:
            try:
                copied = masthead_copy_from_previous(issue=issue)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.WARNING)
                continue
            self.message_user(
                request,
                ngettext(
                    "%(issue)s: copied %(count)d masthead entry.",
                    "%(issue)s: copied %(count)d masthead entries.",
                    copied,
                )
                % {"issue": issue, "count": copied},
                messages.SUCCESS,
            )


# The article's page lists its corrections too (the corrections app sits above articles): the
# admin registered for articles, whichever it is, with the corrections' inline added.
_article_admin = type(admin.site.get_model_admin(Article))
admin.site.unregister(Article)
admin.site.register(
    Article,
    type(_article_admin.__name__, (_article_admin,), {
        "inlines": [*_article_admin.inlines, ArticleCorrectionInline],
        "__module__": __name__,
    }),
)  # fmt: skip
