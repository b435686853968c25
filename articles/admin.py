from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from audit.history import RecordedHistoryAdmin
from core.admin_inlines import CompactInlineMixin
from core.admin_versions import (
    VersionedAdminMixin,
    adopt_saved,
    expected_version,
    form_fields,
    inline_rows,
)
from core.effects import collecting
from issues.locks import PublicationLocked, ensure_editable

from .models import Article, Authorship, PhotoCredit
from .services import article_create, article_delete, article_delete_refusal, article_update


class AuthorshipInline(CompactInlineMixin, admin.TabularInline):
    model = Authorship
    fields = ("order", "contributor", "credited_name", "role", "affiliation", "listed_in_toc")
    autocomplete_fields = ("contributor",)
    extra = 1


class PhotoCreditInline(CompactInlineMixin, admin.TabularInline):
    """Photos of an article; the issue page uses it for the cover and photos outside articles."""

    model = PhotoCredit
    fk_name = "article"
    fields = (
        "order", "caption", "kind", "photographer", "credited_title", "credited_name", "agency",
        "image",
    )  # fmt: skip
    autocomplete_fields = ("photographer",)
    extra = 0


class ArticleForm(forms.ModelForm):
    """The article form: an issue already published takes no new article (issues.locks)."""

    def clean_issue(self):
        issue = self.cleaned_data.get("issue")
        try:
            ensure_editable(issue)
        except PublicationLocked as locked:
            raise forms.ValidationError(locked.messages, code="published") from None
        return issue


@admin.register(Article)
class ArticleAdmin(VersionedAdminMixin, RecordedHistoryAdmin, admin.ModelAdmin):
    form = ArticleForm
    list_display = (
        "display_title", "issue", "column", "pages", "author_names", "responsible_editor_name",
    )  # fmt: skip
    list_filter = (
        "issue__periodical",
        "issue__year",
        "issue__status",
        ("column", admin.RelatedOnlyFieldListFilter),
        ("responsible_editor", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = (
        "title", "toc_title", "subtitle", "kicker", "authorships__credited_name",
        "responsible_editor_name", "source_org", "reprinted_from",
    )  # fmt: skip
    autocomplete_fields = ("issue", "column", "responsible_editor")
    list_select_related = ("issue__periodical", "column")
    fieldsets = (
        (None, {"fields": ("issue", ("column", "toc_order"))}),
        (
            _("Pages"),
            {"fields": (("start_page", "end_page", "continuation_pages"),)},
        ),
        (
            _("Headline"),
            {"fields": ("kicker", "title", "toc_title", "subtitle", "dateline", "and_others")},
        ),
        (
            _("Marks at the end of the article"),
            {
                "fields": (
                    "source_org",
                    "reprinted_from",
                    ("responsible_editor", "responsible_editor_name"),
                )
            },
        ),
        (_("Text"), {"fields": ("body", "note")}),
    )
    inlines = [AuthorshipInline, PhotoCreditInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("authorships", queryset=Authorship.objects.order_by("order", "id"))
            )
        )

    def save_model(self, request, obj, form, change):
        """Nothing yet: the article is saved with its byline and photos by save_related."""

    def save_related(self, request, form, formsets, change):
        """The article, its byline and its photos in one call of the article services."""
        rows = {formset.model: inline_rows(formset) for formset in formsets}
        authors, photo_credits = rows.get(Authorship), rows.get(PhotoCredit)
        if change:
            article_update(
                article=form.instance,
                expected_version=expected_version(form),
                authors=authors,
                photo_credits=photo_credits,
                **form_fields(form, changed_only=True),
            )
        else:
            created = article_create(
                authors=authors, photo_credits=photo_credits, **form_fields(form)
            )
            adopt_saved(form.instance, created)

    def response_add(self, request, obj, post_url_continue=None):
        return self._back_to_workspace(request, obj, super().response_add(request, obj))

    def response_change(self, request, obj):
        return self._back_to_workspace(request, obj, super().response_change(request, obj))

    def _back_to_workspace(self, request, obj, response):
        """Opened from the issue workspace (?_workspace=…): a plain save goes back there."""
        stays = {"_continue", "_addanother", "_saveasnew"} & set(request.POST)
        if (
            "_workspace" not in request.GET
            or stays
            or not isinstance(response, HttpResponseRedirect)
        ):
            return response
        url = reverse("admin:issues_issue_workspace", args=[obj.issue_id])
        return HttpResponseRedirect(f"{url}#entry-{obj.pk}")

    def has_change_permission(self, request, obj=None):
        """An article of a published issue is shown read-only: it changes only by a correction
        (issues.locks); inlines follow the article."""
        if obj is not None and obj.issue.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        """No delete button for an article of a published issue (the service refuses it)."""
        if obj is not None and obj.issue.is_published:
            return False
        return super().has_delete_permission(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        """An article of a published issue: back to its page, saying why it stays."""
        article = self.get_object(request, unquote(object_id))
        refusal = article_delete_refusal(article=article) if article is not None else None
        if refusal is not None:
            self.message_user(request, " ".join(refusal.messages), messages.ERROR)
            return redirect("admin:articles_article_change", article.pk)
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        article_delete(article=obj)

    def delete_queryset(self, request, queryset):
        """The list's delete action: each article through the service (checked per article
        before, by has_delete_permission), in one transaction."""
        with collecting():
            for article in queryset:
                article_delete(article=article)

    @admin.display(description=_("title"), ordering="title")
    def display_title(self, obj):
        return str(obj)

    @admin.display(description=_("authors"))
    def author_names(self, obj):
        return " ".join(a.credited_name for a in obj.authorships.all())

    @admin.display(description=_("pages"), ordering="start_page")
    def pages(self, obj):
        return obj.pages


class PhotoCreditForm(forms.ModelForm):
    """A photo cannot be added to, or moved into, a published issue (issues.locks)."""

    def clean(self):
        cleaned = super().clean()
        article = cleaned.get("article")
        try:
            ensure_editable(cleaned.get("issue") or (article.issue if article else None))
        except PublicationLocked as locked:
            raise forms.ValidationError(locked.messages, code="published") from None
        return cleaned


@admin.register(PhotoCredit)
class PhotoCreditAdmin(RecordedHistoryAdmin, admin.ModelAdmin):
    form = PhotoCreditForm
    list_display = ("credit_line", "caption", "article", "issue", "on_cover", "kind")
    list_filter = ("kind", "on_cover", "article__issue__periodical", "issue__periodical")
    search_fields = ("caption", "credited_name", "agency")
    autocomplete_fields = ("issue", "article", "photographer")
    list_select_related = ("article", "issue__periodical")

    def has_change_permission(self, request, obj=None):
        """A photo printed in a published issue is read-only (issues.locks)."""
        if obj is not None and (obj.issue or obj.article.issue).is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.issue or obj.article.issue).is_published:
            return False
        return super().has_delete_permission(request, obj)
