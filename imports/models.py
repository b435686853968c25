"""The record of each text uploaded for import: what was read and reported, what was written."""

from itertools import groupby

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from documents.document import ArticlePart, IssueDocument, IssuePart
from documents.reading import DocumentError, read_document
from documents.writing import document_as_json
from issues.models import Issue
from periodical.models import Periodical

from .report import ImportReport, Kind
from .services import ImportRefused, ImportResult, issue_import
from .sources import text_digest


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
    text_digest = models.CharField(
        _("text digest"),
        max_length=64,
        blank=True,
        help_text=_("SHA-256 of the normalised text: an unchanged text is not imported again."),
    )
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
        indexes = [
            models.Index(fields=["periodical", "text_digest"], name="imports_periodical_digest")
        ]

    def __str__(self):
        return f"{self.periodical} {self.issue_label or self.file_name}"

    @classmethod
    def preview(cls, *, periodical: Periodical, file_name: str, text: str, user) -> "IssueImport":
        """Read `text` by a dry run, which writes no issue, and record what it gives.

        A text the importer refuses is recorded too, as refused with its reason.
        """
        record = cls(
            periodical=periodical,
            file_name=file_name,
            text=text,
            text_digest=text_digest(text),
            created_by=user,
        )
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

    @classmethod
    def unchanged_since(cls, *, periodical: Periodical, digest: str) -> "IssueImport | None":
        """The import that last wrote its issue from a text of this digest, if that issue still
        holds it: no later import of another text wrote it since. Two queries."""
        last = (
            cls.objects.filter(
                periodical=periodical, text_digest=digest, status=cls.Status.IMPORTED
            )
            .exclude(issue=None)
            .select_related("issue")
            .defer("text", "document")
            .order_by("-imported_at", "-pk")
            .first()
        )
        if last is None:
            return None
        latest_of_issue = (
            cls.objects.filter(issue=last.issue_id, status=cls.Status.IMPORTED)
            .order_by("-imported_at", "-pk")
            .values_list("pk", flat=True)
            .first()
        )
        return last if latest_of_issue == last.pk else None

    @classmethod
    def record_import(
        cls, *, periodical: Periodical, file_name: str, text: str, user=None
    ) -> tuple["IssueImport", ImportResult]:
        """Import `text` at once (no preview) and record it: the issue and its record are
        written in one transaction. A refusal is recorded with its reason, then raised."""
        record = cls(
            periodical=periodical,
            file_name=file_name[:255],
            text=text,
            text_digest=text_digest(text),
            created_by=user,
        )
        try:
            with transaction.atomic():
                result = issue_import(text=text, periodical=periodical, source_name=file_name)
                record._imported(result)
                record.save()
        except ImportRefused as refusal:
            record.status = cls.Status.REFUSED
            record.refusal = str(refusal)
            record.save()
            raise
        return record, result

    def _imported(self, result: ImportResult) -> None:
        self.status = self.Status.IMPORTED
        self.document = document_as_json(result.document)
        self.__dict__.pop("document_read", None)  # the cached reading of the old one
        self.report = result.report.as_json()
        self.issue = result.issue
        self.created = result.created
        self.imported_at = timezone.now()

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
            self._imported(result)
            self.save()
            return True

    @cached_property
    def document_read(self) -> IssueDocument | None:
        """What the importer read, through the one reader of documents; None if nothing was."""
        if not self.document:
            return None
        try:
            return read_document(self.document, name=self.file_name or "import")
        except DocumentError:
            return None  # a record written by an older importer that this one cannot read

    @property
    def issue_data(self) -> IssuePart | None:
        return self.document_read.issue if self.document_read else None

    @property
    def issue_label(self) -> str:
        """The issue the text is of, as the print names it (2025年第3期); "" if none was read."""
        data = self.issue_data
        if data is None:
            return ""
        issue = Issue(
            year=data.year,
            number=data.number,
            number_end=data.number_end,
            supplement=data.supplement,
            publication_date=data.publication_date,
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

    def articles(self) -> tuple[ArticlePart, ...]:
        return self.document_read.articles if self.document_read else ()

    def toc_sections(self) -> list[dict]:
        """The 目录 as read: the entries listed in it, in runs under their column."""
        listed = [toc_entry(article) for article in self.articles() if article.in_toc]
        return [
            {"column": column or "", "entries": list(run)}
            for column, run in groupby(listed, key=lambda entry: entry["column"])
        ]

    def articles_not_in_toc(self) -> list[dict]:
        return [
            toc_entry(article, listed_authors_only=False)
            for article in self.articles()
            if not article.in_toc
        ]

    def masthead(self) -> list[dict]:
        """The masthead as read: each role with the names printed in it."""
        lines = self.issue_data.masthead if self.issue_data else ()
        return [
            {
                "role": line.role,
                "people": [person.name for person in line.people],
                "note": line.note,
            }
            for line in lines
        ]

    def highlights(self) -> dict:
        """本期看点 as read: its heading and the entries it points at (by article key)."""
        data = self.issue_data
        if data is None:
            return {"heading": "", "entries": []}
        by_key = {article.key: article for article in self.articles()}
        entries = [
            toc_entry(by_key[key]) if key in by_key else {"page": None, "title": key}
            for key in data.highlights
        ]
        return {"heading": data.highlights_heading, "entries": entries}

    def totals(self) -> dict:
        """How much the text gave: articles, distinct authors and editors, photos."""
        articles = self.articles()
        authors = {author.name for article in articles for author in article.authors}
        editors = {article.responsible_editor for article in articles}
        photos = len(self.issue_data.photos if self.issue_data else ()) + sum(
            len(article.photos) for article in articles
        )
        return {
            "articles": len(articles),
            "authors": len(authors - {None, ""}),
            "photos": photos,
            "editors": len(editors - {None, ""}),
        }


def toc_entry(article: ArticlePart, *, listed_authors_only: bool = True) -> dict:
    """An article of a document as its 目录 entry prints it: page, title, authors, 等.

    The authors are those the 目录 lists beside it, or all of them for an article it omits.
    """
    return {
        "key": article.key,
        "column": article.column or "",
        "page": article.start_page,
        "title": article.toc_title or article.title,
        "subtitle": article.subtitle,
        "authors": [
            author.name for author in article.authors if author.in_toc or not listed_authors_only
        ],
        "and_others": article.and_others,
    }
