"""The issue workspace: the issue laid out like its printed 目录, edited in place.

Columns in the order of the issue's plan, each entry with page, title, subtitle, byline and
责任编辑; an entry is edited in place (an ordinary form POST per entry), an article added into
a column, entries and columns reordered by dragging (SortableJS, posting the whole order to
`issue_reorder`); the 本期看点 block and the masthead beside. Every write goes through the
services, and everything stays editable without JavaScript through the ordinary admin forms.

The page costs a fixed number of queries, whatever the number of articles (see
build_workspace), and is the page an editor opens from the list of issues.
"""

import json
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from articles.models import Article, Authorship
from articles.services import article_create, article_update, issue_reorder
from core.concurrency import StaleVersion, parse_version
from core.effects import collecting
from core.errors import Conflict
from issues.models import Issue
from issues.services import issue_create_next, issue_next_numbers, masthead_copy_from_previous
from periodical.models import Column


@dataclass
class WorkspaceSection:
    column: Column
    entries: list[Article] = field(default_factory=list)


@dataclass
class Workspace:
    issue: Issue
    sections: list[WorkspaceSection]
    unlisted: list[Article]
    highlights: list[Article]
    masthead: list
    columns: list[Column]
    editors: dict


def build_workspace(issue: Issue) -> Workspace:
    """The issue as the workspace shows it, in six queries whatever its size.

    Sections follow the column plan (Issue.column_plan: planned columns, then the columns of
    listed articles the plan leaves out); a planned column without articles is an empty
    section to add articles into. Articles without a place in the 目录 are `unlisted`.
    """
    columns = list(issue.periodical.columns.order_by("order", "id"))
    by_id = {column.pk: column for column in columns}
    articles = list(
        issue.articles.without_texts()
        .select_related("responsible_editor")
        .prefetch_related(
            Prefetch("authorships", queryset=Authorship.objects.order_by("order", "id"))
        )
        .in_toc_order()
    )
    plan = issue.planned_columns.order_by("order", "id")
    planned = list(plan.values_list("column_id", flat=True))
    sections = {pk: WorkspaceSection(column=by_id[pk]) for pk in planned if pk in by_id}
    unlisted = []
    for article in articles:
        article.column = by_id.get(article.column_id)
        if article.toc_order is None or article.column is None:
            unlisted.append(article)
            continue
        section = sections.setdefault(article.column_id, WorkspaceSection(column=article.column))
        section.entries.append(article)
    unlisted.sort(key=lambda a: (a.start_page is None, a.start_page or 0, a.pk))
    known = {article.pk: article for article in articles}
    highlight_ids = issue.highlights.order_by("order", "id").values_list("article_id", flat=True)
    masthead = list(issue.masthead_entries.select_related("role").order_by("order", "id"))
    editors = {
        article.responsible_editor_id: article.responsible_editor
        for article in articles
        if article.responsible_editor_id
    }
    return Workspace(
        issue=issue,
        sections=list(sections.values()),
        unlisted=unlisted,
        highlights=[known[pk] for pk in highlight_ids if pk in known],
        masthead=_masthead_lines(masthead),
        columns=columns,
        editors=editors,
    )


def _masthead_lines(entries) -> list[tuple[str, list[str]]]:
    """The masthead as printed: each role once, with its people in order."""
    lines: dict[int, tuple[str, list[str]]] = {}
    for entry in entries:
        lines.setdefault(entry.role_id, (entry.role.name, []))[1].append(entry.credited_name)
    return list(lines.values())


class EntryForm(forms.ModelForm):
    """One entry of the workspace, as its in-place form edits it."""

    page_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = (
            "column", "toc_order", "start_page", "end_page", "title", "subtitle",
            "responsible_editor",
        )  # fmt: skip


class NewEntryForm(forms.ModelForm):
    """An article added into a column from the workspace: the facts the 目录 prints."""

    class Meta:
        model = Article
        fields = ("column", "title", "subtitle", "start_page", "end_page", "responsible_editor")


class NextIssueForm(forms.ModelForm):
    """The next issue's numbers, as proposed by issue_next_numbers and corrected by the editor."""

    copy_masthead = forms.BooleanField(
        label=_lazy("Copy the masthead of the previous issue"), required=False, initial=True
    )

    class Meta:
        model = Issue
        fields = ("year", "number", "number_end", "cumulative_number", "publication_date")


def _form_errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal shown on the form, at the field it names where the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class IssueWorkspaceChangeList(ChangeList):
    """The list of issues, each issue opening in its workspace."""

    def url_for_result(self, result):
        return reverse("admin:issues_issue_workspace", args=[result.pk])


class WorkspaceAdminMixin:
    """The workspace's pages and writes, for the issue's ModelAdmin."""

    def get_changelist(self, request, **kwargs):
        return IssueWorkspaceChangeList

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/workspace/",
                view(self.workspace_view),
                name="issues_issue_workspace",
            ),
            path(
                "<int:object_id>/workspace/entries/<int:article_id>/",
                view(self.workspace_entry_view),
                name="issues_issue_workspace_entry",
            ),
            path(
                "<int:object_id>/workspace/add/",
                view(require_POST(self.workspace_add_view)),
                name="issues_issue_workspace_add",
            ),
            path(
                "<int:object_id>/workspace/order/",
                view(require_POST(self.workspace_order_view)),
                name="issues_issue_workspace_order",
            ),
            path(
                "<int:object_id>/next/",
                view(self.next_issue_view),
                name="issues_issue_next",
            ),
            path(
                "<int:object_id>/copy-masthead/",
                view(require_POST(self.copy_masthead_view)),
                name="issues_issue_copy_masthead",
            ),
            *super().get_urls(),
        ]

    def _issue(self, request, object_id, *, change: bool) -> Issue:
        issue = get_object_or_404(Issue.objects.select_related("periodical"), pk=object_id)
        allowed = (
            self.has_change_permission(request, issue)
            if change
            else self.has_view_permission(request, issue)
        )
        if not allowed:
            raise PermissionDenied
        return issue

    def _back(self, issue: Issue, anchor: str = ""):
        url = reverse("admin:issues_issue_workspace", args=[issue.pk])
        return redirect(f"{url}#{anchor}" if anchor else url)

    def workspace_view(self, request, object_id):
        issue = self._issue(request, object_id, change=False)
        workspace = build_workspace(issue)
        can_change = self.has_change_permission(request, issue) and not issue.is_published
        context = {
            **self.admin_site.each_context(request),
            "title": _("Workspace of %(issue)s") % {"issue": issue.label},
            "opts": self.model._meta,
            "original": issue,
            "workspace": workspace,
            "can_change": can_change,
            "has_change_permission": self.has_change_permission(request, issue),
            # Per-entry addresses from one reverse each, not three reverses per entry.
            "entry_url": self._entry_url(issue),
            "article_url": reverse("admin:articles_article_change", args=[0]).removesuffix(
                "0/change/"
            ),
            # An article added by the full form comes after every listed one; its column's
            # section shows it last, and a drag puts it in its place.
            "next_toc_order": max(
                (a.toc_order for s in workspace.sections for a in s.entries), default=0
            )
            + 1,
            "media": self.media + _autocomplete_media(self.admin_site),
            "autocomplete_url": reverse("admin:autocomplete"),
        }
        return TemplateResponse(request, "admin/editorial/workspace.html", context)

    def workspace_entry_view(self, request, object_id, article_id):
        """An entry's form: the article's 目录 facts, saved through article_update.

        GET gives the form on a page of its own (the 编辑 link without JavaScript); the
        workspace's script fetches that page and shows its form in place, under the entry.
        """
        issue = self._issue(request, object_id, change=True)
        article = get_object_or_404(
            issue.articles.without_texts().select_related("responsible_editor"), pk=article_id
        )
        if request.method != "POST":
            return self._entry_form_page(request, issue, article)
        form = EntryForm(request.POST, instance=article)
        if not form.is_valid():
            self._report(request, article, form.errors.as_data())
            return self._back(issue, f"entry-{article.pk}")
        changed = {
            name: form.cleaned_data[name] for name in form.changed_data if name in _FIELD_NAMES
        }
        try:
            article_update(
                article=Article.objects.get(pk=article.pk),
                expected_version=parse_version(form.cleaned_data.get("page_version")),
                **changed,
            )
        except StaleVersion as stale:
            messages.error(request, stale.message)
        except ValidationError as error:
            self._report(request, article, error)
        else:
            if changed:
                messages.success(request, _("Saved “%(title)s”.") % {"title": article})
        return self._back(issue, f"entry-{article.pk}")

    def _entry_form_page(self, request, issue, article):
        columns = list(issue.periodical.columns.order_by("order", "id"))
        options = _column_options(columns)
        article.column_options = options.get(article.column_id, options[None])
        context = {
            **self.admin_site.each_context(request),
            "title": _("Edit “%(title)s”") % {"title": article},
            "opts": self.model._meta,
            "original": issue,
            "article": article,
            "entry_url": self._entry_url(issue),
            "autocomplete_url": reverse("admin:autocomplete"),
            "media": self.media + _autocomplete_media(self.admin_site),
        }
        return TemplateResponse(request, "admin/editorial/entry_form.html", context)

    def _entry_url(self, issue) -> str:
        """The address of an entry's form without its article id, reversed once per page."""
        return reverse("admin:issues_issue_workspace_entry", args=[issue.pk, 0]).removesuffix("0/")

    def workspace_add_view(self, request, object_id):
        """A new article at the end of its column, through article_create and issue_reorder."""
        issue = self._issue(request, object_id, change=True)
        form = NewEntryForm(request.POST, instance=Article(issue=issue))
        if not form.is_valid():
            self._report(request, None, form.errors.as_data())
            return self._back(issue)
        try:
            with collecting():
                article = article_create(issue=issue, **form.cleaned_data)
                sections = _layout(build_workspace(issue))
                for section in sections:
                    if section["column"] == article.column_id:
                        section["articles"].append(article.pk)
                        break
                else:
                    sections.append({"column": article.column_id, "articles": [article.pk]})
                issue_reorder(issue=issue, sections=sections)
        except ValidationError as error:
            self._report(request, None, error)
            return self._back(issue)
        messages.success(request, _("Added “%(title)s”.") % {"title": article})
        return self._back(issue, f"entry-{article.pk}")

    def workspace_order_view(self, request, object_id):
        """The order the page's drag and drop left: JSON in, the issue's new version out."""
        issue = self._issue(request, object_id, change=True)
        try:
            payload = json.loads(request.body)
            sections = [
                {"column": int(s["column"]), "articles": [int(a) for a in s["articles"]]}
                for s in payload["sections"]
            ]
            version = parse_version(payload.get("version"))
        except (ValueError, KeyError, TypeError):
            return JsonResponse({"detail": _("The order sent is not readable.")}, status=400)
        try:
            issue = issue_reorder(issue=issue, sections=sections, expected_version=version)
        except StaleVersion as stale:
            return JsonResponse({"detail": stale.message}, status=412)
        except Conflict as conflict:
            return JsonResponse({"detail": _form_errors(conflict)}, status=409)
        except ValidationError as error:
            return JsonResponse({"detail": _form_errors(error)}, status=400)
        return JsonResponse(
            {
                "version": issue.version,
                "articles": dict(issue.articles.values_list("pk", "version")),
                "message": _("The new order is saved."),
            }
        )

    def next_issue_view(self, request, object_id):
        """新建下一期: the proposed numbers, confirmed by the editor, then the new workspace."""
        previous = self._issue(request, object_id, change=False)
        if not self.has_add_permission(request):
            raise PermissionDenied
        try:
            proposal = issue_next_numbers(previous=previous)
        except ValidationError as error:
            messages.error(request, _form_errors(error))
            return self._back(previous)
        form = NextIssueForm(
            request.POST if request.method == "POST" else None,
            initial={**proposal, "copy_masthead": True},
            instance=Issue(periodical=previous.periodical),
        )
        if request.method == "POST" and form.is_valid():
            try:
                issue = issue_create_next(previous=previous, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Created %(issue)s with the masthead and the column plan of %(previous)s.")
                    % {"issue": issue.label, "previous": previous.label},
                )
                return self._back(issue)
        context = {
            **self.admin_site.each_context(request),
            "title": _("New issue after %(issue)s") % {"issue": previous.label},
            "opts": self.model._meta,
            "original": previous,
            "form": form,
        }
        return TemplateResponse(request, "admin/editorial/next_issue.html", context)

    def copy_masthead_view(self, request, object_id):
        """复制上期版权页: the masthead of the previous issue with one, into this one."""
        issue = self._issue(request, object_id, change=True)
        try:
            copied = masthead_copy_from_previous(issue=issue)
        except ValidationError as error:
            messages.warning(request, _form_errors(error))
        else:
            messages.success(request, _("Copied %(count)d masthead entries.") % {"count": copied})
        return self._back(issue, "masthead")

    def _report(self, request, article, error) -> None:
        """A refused write as one message naming the article and each field's problem."""
        if isinstance(error, ValidationError):
            error = getattr(error, "error_dict", {None: error.error_list})
        parts = []
        for name, errors in error.items():
            label = Article._meta.get_field(name).verbose_name if name in _FIELD_NAMES else ""
            text = " ".join(m for e in errors for m in ValidationError(e).messages)
            parts.append(f"{label}：{text}" if label else text)
        prefix = f"“{article}”：" if article is not None else ""
        messages.error(request, prefix + " ".join(parts))


_FIELD_NAMES = {f.name for f in Article._meta.concrete_fields}


def _layout(workspace: Workspace) -> list[dict]:
    """The workspace's current order, as issue_reorder takes it."""
    return [
        {"column": section.column.pk, "articles": [a.pk for a in section.entries]}
        for section in workspace.sections
    ]


def _autocomplete_media(admin_site) -> forms.Media:
    """What the admin's autocomplete needs (jQuery, select2), for the 责任编辑 of each entry."""
    return AutocompleteSelect(Article._meta.get_field("responsible_editor"), admin_site).media


def _column_options(columns: list[Column]) -> dict:
    """The <option>s of an entry's column choice, by the chosen column (None: none chosen)."""

    def options(chosen):
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((c.pk, mark_safe(" selected") if c.pk == chosen else "", c.name) for c in columns),
        )

    return {pk: options(pk) for pk in [None, *(c.pk for c in columns)]}
