"""The record of each text uploaded for import: what was read and reported, what was written."""

from itertools import groupby

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.writing import document_as_json
from issues.models import Issue
from periodical.models import Periodical

from .report import ImportReport, Kind
from .services import ImportRefused, issue_import


class IssueImportQuerySet(models.QuerySet):
    def for_list(self):
        """For the admin's list: related rows joined, the uploaded text and document left out."""
        return self.select_related("periodical", "issue", "created_by").defer("text", "document")


class IssueImport(models.Model):
    """One text uploaded for import: previewed by a dry run, then imported or refused."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("previewed")
        IMPORTED = "imported", _("imported")
        REFUSED = "refused", _("refused")

    periodical = models.ForeignKey(
        Periodical, on_delete=models.PROTECT, related_name="imports", verbose_name=_("periodical")
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    text = models.TextField(_("text"), help_text=_("The uploaded text, as read (UTF-8)."))
    document = models.JSONField(
        _("issue as read"),
        default=dict,
        blank=True,
        encoder=DjangoJSONEncoder,
        help_text=_("What the importer read, in the seed-document format (fixtures/README.md)."),
    )
    report = models.JSONField(
        _("report"),
        default=list,
        blank=True,
        help_text=_("What the import could not place: the items an editor has to look at."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PREVIEWED
    )
    refusal = models.TextField(
        _("reason for refusal"), blank=True, help_text=_("Why the importer refused the text.")
    )
    issue = models.ForeignKey(
        Issue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="imports",
        verbose_name=_("issue"),
        help_text=_("The draft issue the import wrote; empty until the import is confirmed."),
    )
    created = models.BooleanField(
        _("new draft"),
        default=False,
        help_text=_("The import creates (or created) a new draft, rather than replacing the "
                    "contents of an existing one."),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    objects = IssueImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("issue import")
        verbose_name_plural = _("issue imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.periodical} {self.issue_label or self.file_name}"

    @classmethod
    def preview(cls, *, periodical: Periodical, file_name: str, text: str, user) -> "IssueImport":
        """Read `text` by a dry run, which writes no issue, and record what it gives.

        A text the importer refuses is recorded too, as refused with its reason.
        """
        record = cls(periodical=periodical, file_name=file_name, text=text, created_by=user)
        try:
            result = issue_import(text=text, periodical=periodical, dry_run=True)
        except ImportRefused as refusal:
            record.status = cls.Status.REFUSED
            record.refusal = str(refusal)
        else:
            record.document = document_as_json(result.document)
            record.report = result.report.as_json()
            record.created = result.created
        record.save()
        return record

    def confirm(self) -> bool:
        """Import the recorded text into its draft issue, or record the importer's refusal.

        Once only: False, and nothing done, where the record was imported or refused before.
        """
        with transaction.atomic():
            # The row is locked first, so that two clicks on 确认导入 import once.
            type(self).objects.select_for_update().only("pk").get(pk=self.pk)
            self.refresh_from_db()
            if self.status != self.Status.PREVIEWED:
                return False
            try:
                result = issue_import(
                    text=self.text, periodical=self.periodical, source_name=self.file_name
                )
            except ImportRefused as refusal:
                self.status = self.Status.REFUSED
                self.refusal = str(refusal)
                self.save(update_fields=["status", "refusal"])
                return True
            self.status = self.Status.IMPORTED
            self.document = document_as_json(result.document)
            self.report = result.report.as_json()
            self.issue = result.issue
            self.created = result.created
            self.imported_at = timezone.now()
            self.save()
            return True

    @property
    def issue_data(self) -> dict:
        return (self.document or {}).get("issue") or {}

    @property
    def issue_label(self) -> str:
        """The issue the text is of, as the print names it (2025年第3期); "" if none was read."""
        data = self.issue_data
        if not data.get("year"):
            return ""
        issue = Issue(
            year=data["year"],
            number=data.get("number"),
            number_end=data.get("number_end"),
            supplement=bool(data.get("supplement")),
            publication_date=data.get("publication_date"),
        )
        return issue.label

    @property
    def report_count(self) -> int:
        return len(self.report or [])

    def report_items(self):
        return ImportReport.from_json(self.report).items

    def report_by_kind(self) -> list[tuple[str, list]]:
        """The report's items grouped by kind, kinds in the order Kind.LABELS gives them."""
        order = {kind: position for position, kind in enumerate(Kind.LABELS)}
        items = sorted(self.report_items(), key=lambda item: order.get(item.kind, len(order)))
        return [
            (group[0].label, group)
            for group in (list(run) for _kind, run in groupby(items, key=lambda item: item.kind))
        ]

    def articles(self) -> list[dict]:
        return (self.document or {}).get("articles") or []

    def toc_sections(self) -> list[dict]:
        """The 目录 as read: the entries listed in it, in runs under their column."""
        listed = [toc_entry(article) for article in self.articles() if article.get("in_toc")]
        return [
            {"column": column or "", "entries": list(run)}
            for column, run in groupby(listed, key=lambda entry: entry["column"])
        ]

    def articles_not_in_toc(self) -> list[dict]:
        return [
            toc_entry(article, listed_authors_only=False)
            for article in self.articles()
            if not article.get("in_toc")
        ]

    def masthead(self) -> list[dict]:
        """The masthead as read: each role with the names printed in it."""
        return [
            {
                "role": entry.get("role") or "",
                "people": [
                    person["name"] if isinstance(person, dict) else person
                    for person in entry.get("people") or []
                ],
                "note": entry.get("note") or "",
            }
            for entry in self.issue_data.get("masthead") or []
        ]

    def highlights(self) -> dict:
        """本期看点 as read: its heading and the entries it points at (by article key)."""
        data = self.issue_data.get("highlights") or {}
        by_key = {article.get("key"): article for article in self.articles()}
        entries = [
            toc_entry(by_key[key]) if key in by_key else {"page": None, "title": key}
            for key in data.get("articles") or []
        ]
        return {"heading": data.get("heading") or "", "entries": entries}

    def totals(self) -> dict:
        """How much the text gave: articles, distinct authors and editors, photos."""
        articles = self.articles()
        authors = {
            author.get("name") for article in articles for author in article.get("authors") or []
        }
        editors = {article.get("responsible_editor") for article in articles}
        photos = len(self.issue_data.get("photos") or []) + sum(
            len(article.get("photos") or []) for article in articles
        )
        return {
            "articles": len(articles),
            "authors": len(authors - {None, ""}),
            "photos": photos,
            "editors": len(editors - {None, ""}),
        }


def toc_entry(article: dict, *, listed_authors_only: bool = True) -> dict:
    """An article of a document as its 目录 entry prints it: page, title, authors, 等.

    The authors are those the 目录 lists beside it, or all of them for an article it omits.
    """
    return {
        "key": article.get("key") or "",
        "column": article.get("column") or "",
        "page": article.get("start_page"),
        "title": article.get("toc_title") or article.get("title") or "",
        "subtitle": article.get("subtitle") or "",
        "authors": [
            author.get("name")
            for author in article.get("authors") or []
            if author.get("in_toc") or not listed_authors_only
        ],
        "and_others": bool(article.get("and_others")),
    }
