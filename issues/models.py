"""Issues: one print issue (or one dated newspaper edition), its masthead and its highlights."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from audit.querysets import RecordedQuerySet
from audit.scope import CREATE, NO_SCOPE, ChangeScope
from core.pictures import picture_dimensions, rendition_field, validate_picture
from core.validators import ean13_check_digit
from periodical.models import MastheadRole, Periodical, PublicationFacts


def newest_first_order(prefix: str = "") -> list:
    """Newest issue first: by date, then year and number. On PostgreSQL the index
    `issue_newest_first` has exactly this order, so that listing issues, or a page of their
    articles, reads one page instead of sorting the table.
    """
    return [
        models.F(f"{prefix}publication_date").desc(nulls_last=True),
        models.F(f"{prefix}year").desc(),
        models.F(f"{prefix}number").desc(nulls_last=True),
        models.F(f"{prefix}id").desc(),
    ]


class IssueQuerySet(RecordedQuerySet):
    def newest_first(self):
        """The newest issue first (see newest_first_order)."""
        return self.order_by(*newest_first_order())

    def published(self):
        """Issues readers may see."""
        return self.filter(status=Issue.Status.PUBLISHED)

    def latest_of(self, periodical_slug: str):
        """The newest published issue of the periodical (regular or 增刊), or None."""
        return (
            self.published()
            .filter(periodical__slug=periodical_slug)
            .select_related("periodical")
            .newest_first()
            .first()
        )

    def in_period(self, *, periodical=None, year=None, date_from=None, date_to=None):
        """Issues of `periodical` (all if None) and `year`, published from `date_from` to
        `date_to` inclusive; once a date is given, an issue without a publication date is
        left out. Drafts are included: callers decide who sees them."""
        issues = self
        if periodical is not None:
            issues = issues.filter(periodical=periodical)
        if year is not None:
            issues = issues.filter(year=year)
        if date_from is not None:
            issues = issues.filter(publication_date__gte=date_from)
        if date_to is not None:
            issues = issues.filter(publication_date__lte=date_to)
        return issues

    def in_print_order(self):
        """Oldest first: by year, then number, supplements after the regular issues."""
        return self.order_by("year", "supplement", "number", "publication_date", "id")

    def preceding(self, issue: "Issue"):
        """Regular issues of the same periodical printed before `issue`, most recent first."""
        earlier = Q(year__lt=issue.year)
        if issue.number is not None:
            earlier |= Q(year=issue.year, number__lt=issue.number)
        elif issue.publication_date is not None:
            earlier |= Q(year=issue.year, publication_date__lt=issue.publication_date)
        return (
            self.filter(periodical_id=issue.periodical_id, supplement=False)
            .filter(earlier)
            .exclude(pk=issue.pk)
            .order_by("-year", "-number", "-publication_date", "-id")
        )

    def change_scopes_of(self, issue_ids) -> dict[int, ChangeScope]:
        """The scope of a change to a row printed in each of these issues, by issue id: the
        periodical, and whether the issue is published as it stands now. One query."""
        ids = {pk for pk in issue_ids if pk is not None}
        rows = self.filter(pk__in=ids).values_list("pk", "periodical_id", "status") if ids else []
        return {
            pk: ChangeScope(
                periodical_id=periodical_id,
                issue_id=pk,
                after_publication=status == Issue.Status.PUBLISHED,
            )
            for pk, periodical_id, status in rows
        }


class Issue(PublicationFacts):
    """One print issue: year and number, 总第N期, cover, status, and the facts it printed."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SIGNED = "signed", _("已签发")
        PUBLISHED = "published", _("published")

    periodical = models.ForeignKey(
        Periodical, on_delete=models.PROTECT, related_name="issues", verbose_name=_("periodical")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(2200)]
    )
    number = models.PositiveSmallIntegerField(
        _("number"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Number within the year; empty for a newspaper edition known by its date."),
    )
    number_end = models.PositiveSmallIntegerField(
        _("last number of a combined issue"),
        null=True,
        blank=True,
        help_text=_("合刊: for 第1-2期 the number is 1 and this is 2."),
    )
    supplement = models.BooleanField(
        _("supplement"), default=False, help_text=_("增刊, numbered apart from regular issues.")
    )
    cumulative_number = models.PositiveIntegerField(
        _("cumulative number"), null=True, blank=True, help_text=_("总第N期")
    )
    publication_date = models.DateField(_("publication date"), null=True, blank=True)
    cover_caption = models.CharField(_("cover caption"), max_length=255, blank=True)
    cover_image = models.ImageField(
        _("cover image"), upload_to="covers/%Y/", blank=True, validators=[validate_picture]
    )
    cover_image_width = models.PositiveIntegerField(
        _("cover image width"), null=True, blank=True, editable=False
    )
    cover_image_height = models.PositiveIntegerField(
        _("cover image height"), null=True, blank=True, editable=False
    )
    # Renditions of the cover (core/pictures.py): made on save, not database columns.
    cover_image_320 = rendition_field("cover_image", 320)
    cover_image_640 = rendition_field("cover_image", 640)
    cover_image_1280 = rendition_field("cover_image", 1280)
    highlights_heading = models.CharField(
        _("highlights heading"),
        max_length=100,
        blank=True,
        help_text=_("The heading printed over 本期看点, e.g. the issue's special topic."),
    )
    note = models.TextField(_("note"), blank=True)
    status = FSMField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("编排 → 签发 → 已出版；撤回只能通过记录在案的决定（workflow）。"),
    )
    publish_at = models.DateTimeField(
        _("定时发布时间"),
        null=True,
        blank=True,
        help_text=_("签发后，manage.py publish_due 到此时间发布本期；此前读者看不到它。"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    content_changed_at = models.DateTimeField(
        _("content changed at"),
        auto_now=True,
        help_text=_(
            "Last change to anything the issue's pages show: the issue, its articles, authors, "
            "credits, masthead. The API's ETag and Last-Modified come from it."
        ),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Raised by every change; the API's If-Match and the admin's forms compare it."),
    )

    objects = IssueQuerySet.as_manager()

    class Meta(PublicationFacts.Meta):
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        ordering = ["periodical", "-year", "-number", "-publication_date", "-id"]
        constraints = [
            *PublicationFacts.Meta.constraints,
            models.UniqueConstraint(
                fields=["periodical", "year", "number", "supplement"],
                name="unique_issue_number",
            ),  # The message names the clashing issue: see unique_error_message().
            models.UniqueConstraint(
                fields=["periodical", "cumulative_number"],
                name="unique_issue_cumulative_number",
            ),
            models.CheckConstraint(
                condition=Q(number_end__isnull=True)
                | Q(number__isnull=False, number_end__gt=models.F("number")),
                name="issue_combined_numbers_ascending",
                violation_error_message=_(
                    "The last number of a combined issue must be greater than its first number."
                ),
            ),
        ]
        # The index issue_newest_first (PostgreSQL only, migration 0003) has the order of
        # newest_first_order(); SQLite cannot put NULLS LAST in an index.

    def __str__(self):
        return f"{self.periodical} {self.label}"

    @property
    def label(self) -> str:
        """The issue as the print names it: 2025年第3期, 2025年第1-2期, 2020年1月9日."""
        return self.label_of(
            self.year, self.number, self.number_end, self.supplement, self.publication_date
        )

    @staticmethod
    def label_of(year, number, number_end, supplement, publication_date) -> str:
        """`label` from the columns, for read models of plain rows (issues/read_models.py)."""
        if number is not None:
            numbers = f"{number}-{number_end}" if number_end else f"{number}"
            # The printed form, in Chinese whatever the reader's language: 2025年增刊第1期.
            prefix = "增刊" if supplement else ""
            return f"{year}年{prefix}第{numbers}期"
        if publication_date is not None:
            return f"{publication_date.year}年{publication_date.month}月{publication_date.day}日"
        return f"{year}年"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def key(self) -> str | None:
        """The issue's last segment in an address: 3; s1 for 增刊第1期; 2020-01-09 for an
        edition known by its date; None for neither."""
        return self.key_of(self.number, self.supplement, self.publication_date)

    @staticmethod
    def key_of(number, supplement, publication_date) -> str | None:
        """`key` from the columns, for read models of plain rows."""
        if number is not None:
            return f"s{number}" if supplement else str(number)
        if publication_date is not None:
            return publication_date.isoformat()
        return None

    def url_placeholders(self) -> dict:
        """What FRONTEND_ISSUE_URL and FRONTEND_ARTICLE_URL may name (see config/settings.py)."""
        return {
            "periodical": self.periodical.slug,
            "year": self.year,
            "number": self.key,
            "issue_id": self.pk,
        }

    @property
    def web_url(self) -> str | None:
        """The issue's page on the website (FRONTEND_ISSUE_URL), None when not configured."""
        return self.web_url_of(self.url_placeholders())

    @staticmethod
    def web_url_of(placeholders: dict) -> str | None:
        """`web_url` from `url_placeholders()`, for read models of plain rows."""
        if not settings.FRONTEND_ISSUE_URL or placeholders["number"] is None:
            return None
        return settings.FRONTEND_ISSUE_URL.format_map(placeholders)

    @property
    def is_signed(self) -> bool:
        return self.status == self.Status.SIGNED

    # The transitions of the status; issues.services and workflow.services call them.
    @transition(field=status, source=Status.DRAFT, target=Status.SIGNED)
    def sign(self) -> None:
        """签发: the editor-in-chief releases the issue to the printer."""

    @transition(field=status, source=Status.SIGNED, target=Status.PUBLISHED)
    def publish(self) -> None:
        """出版: readers see the issue from now on."""

    @transition(field=status, source=[Status.SIGNED, Status.PUBLISHED], target=Status.DRAFT)
    def withdraw(self) -> None:
        """撤回: back to 编排, by a recorded decision."""

    # The field whose value clashes, by the code of the clash's message.
    CLASH_FIELDS = {
        "duplicate_number": "number",
        "duplicate_cumulative_number": "cumulative_number",
    }

    def unique_error_message(self, model_class, unique_check):
        if tuple(unique_check) == ("periodical", "year", "number", "supplement"):
            return ValidationError(
                _("%(periodical)s already has issue %(label)s."),
                code="duplicate_number",
                params={"periodical": self.periodical, "label": self.label},
            )
        if tuple(unique_check) == ("periodical", "cumulative_number"):
            return ValidationError(
                _("%(periodical)s already has an issue numbered 总第%(number)s期."),
                code="duplicate_cumulative_number",
                params={"periodical": self.periodical, "number": self.cumulative_number},
            )
        return super().unique_error_message(model_class, unique_check)

    def validate_constraints(self, exclude=None):
        """As Django's, but a clash of numbers is reported at the number field, not the form:
        the admin and the API show it where the editor changes it."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            errors = {}
            for field, field_errors in error.error_dict.items():
                for field_error in field_errors:
                    errors.setdefault(self.CLASH_FIELDS.get(field_error.code, field), []).append(
                        field_error
                    )
            raise ValidationError(errors) from None

    def clean(self):
        super().clean()
        self._fill_cover_dimensions()
        if self.number_end is not None and self.number is None:
            raise ValidationError({"number_end": _("A combined issue needs its first number too.")})
        if self.number is not None and self.periodical_id:
            self._check_combined_overlap()

    def _fill_cover_dimensions(self):
        """The size of a newly uploaded cover image; none without one."""
        if not self.cover_image:
            self.cover_image_width = self.cover_image_height = None
        elif not self.cover_image._committed:
            self.cover_image_width, self.cover_image_height = picture_dimensions(self.cover_image)

    def _check_combined_overlap(self):
        """A combined issue 第1-2期 takes number 2 as well: no other issue may claim it.

        The same first number is the unique constraint's to report, so it is left out here.
        """
        last = self.number_end or self.number
        clash = (
            Issue.objects.filter(
                periodical_id=self.periodical_id, year=self.year, supplement=self.supplement
            )
            .exclude(pk=self.pk)
            .exclude(number__isnull=True)
            .exclude(number=self.number)
            .filter(number__lte=last)
            .filter(
                Q(number_end__gte=self.number) | Q(number_end__isnull=True, number__gte=self.number)
            )
            .first()
        )
        if clash is not None:
            raise ValidationError(
                {
                    "number": _("Issue %(label)s already covers this number.")
                    % {"label": clash.label}
                }
            )

    @property
    def barcode(self) -> dict | None:
        """The ISSN barcode printed on the cover, derived, never typed.

        EAN-13: 977, the seven ISSN digits before its check digit, the year's last two digits,
        the EAN check digit; the two-digit add-on is the issue number.
        """
        return self.barcode_of(self.periodical.issn, self.year, self.number)

    @staticmethod
    def barcode_of(issn: str, year: int, number: int | None) -> dict | None:
        """`barcode` from the periodical's ISSN and the issue's year and number."""
        if not issn or number is None:
            return None
        first_twelve = "977" + issn.replace("-", "")[:7] + f"{year % 100:02d}"
        return {
            "ean13": first_twelve + ean13_check_digit(first_twelve),
            "addon": f"{number:02d}",
        }

    def column_plan(self) -> list[int]:
        """The ids of the columns the issue prints, in 目录 order: its planned columns, then
        the columns of its listed articles that the plan leaves out, in the order they are
        listed. Two queries."""
        planned = self.planned_columns.order_by("order", "id")
        plan = list(planned.values_list("column_id", flat=True))
        listed = (
            self.articles.filter(toc_order__isnull=False, column__isnull=False)
            .order_by("toc_order", "start_page", "id")
            .values_list("column_id", flat=True)
        )
        for column_id in listed:
            if column_id not in plan:
                plan.append(column_id)
        return plan

    @classmethod
    def change_scopes(cls, rows, *, action=None) -> list[ChangeScope]:
        """Each issue's own scope; after publication if it was stored as published before this
        change (publishing is not a change after publication, withdrawing is). One query."""
        pks = [row.pk for row in rows if row.pk is not None]
        stored = dict(Issue.objects.filter(pk__in=pks).values_list("pk", "status"))
        return [
            ChangeScope(
                periodical_id=row.periodical_id,
                issue_id=row.pk,
                after_publication=(
                    action != CREATE and stored.get(row.pk, row.status) == cls.Status.PUBLISHED
                ),
            )
            for row in rows
        ]


def change_scopes_in_issues(issue_ids: list) -> list[ChangeScope]:
    """The scope of a change to rows printed in these issues (one id per row, None for a row
    outside any issue), in one query: the `change_scopes` of rows that belong to an issue."""
    known = Issue.objects.change_scopes_of(issue_ids)
    return [NO_SCOPE if pk is None else known.get(pk, ChangeScope(issue_id=pk)) for pk in issue_ids]


class MastheadEntry(models.Model):
    """One person in one masthead role of one issue, with the name as the masthead printed it."""

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="masthead_entries", verbose_name=_("issue")
    )
    role = models.ForeignKey(
        MastheadRole, on_delete=models.PROTECT, related_name="entries", verbose_name=_("role")
    )
    contributor = models.ForeignKey(
        "contributors.Contributor",
        on_delete=models.PROTECT,
        related_name="masthead_entries",
        verbose_name=_("person"),
    )
    credited_name = models.CharField(
        _("name as printed"),
        max_length=100,
        blank=True,
        help_text=_("Filled from the person's name when left empty."),
    )
    note = models.CharField(
        _("note"), max_length=100, blank=True, help_text=_("What the print adds, e.g. 执行主编.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = RecordedQuerySet.as_manager()

    class Meta:
        verbose_name = _("masthead entry")
        verbose_name_plural = _("masthead")
        ordering = ["issue", "order", "id"]

    def __str__(self):
        return f"{self.role} {self.credited_name}"

    def clean(self):
        super().clean()
        if not self.credited_name and self.contributor_id:
            self.credited_name = self.contributor.name
        if self.role_id and self.issue_id and self.role.periodical_id != self.issue.periodical_id:
            raise ValidationError({"role": _("This role belongs to another periodical.")})

    @classmethod
    def change_scopes(cls, rows, *, action=None) -> list[ChangeScope]:
        return change_scopes_in_issues([row.issue_id for row in rows])


class Highlight(models.Model):
    """An entry of the issue's 本期看点 block, pointing at one of its articles."""

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="highlights", verbose_name=_("issue")
    )
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="highlights",
        verbose_name=_("article"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = RecordedQuerySet.as_manager()

    class Meta:
        verbose_name = _("highlight")
        verbose_name_plural = _("highlights")
        ordering = ["issue", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "article"],
                name="unique_highlight_article",
                violation_error_message=_("This article is already a highlight of the issue."),
            )
        ]

    def __str__(self):
        return str(self.article)

    def clean(self):
        super().clean()
        if self.article_id and self.issue_id and self.article.issue_id != self.issue_id:
            raise ValidationError({"article": _("The article belongs to another issue.")})

    @classmethod
    def change_scopes(cls, rows, *, action=None) -> list[ChangeScope]:
        return change_scopes_in_issues([row.issue_id for row in rows])


class PlannedColumn(models.Model):
    """A column the issue is planned to print, in the order of its 目录.

    The workspace lays the issue out by this plan, so that a new issue shows its columns
    before any article is written; a column with articles but no place in the plan follows it.
    """

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="planned_columns", verbose_name=_("issue")
    )
    column = models.ForeignKey(
        "periodical.Column",
        on_delete=models.CASCADE,
        related_name="plannings",
        verbose_name=_("column"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = RecordedQuerySet.as_manager()

    class Meta:
        verbose_name = _("planned column")
        verbose_name_plural = _("column plan")
        ordering = ["issue", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "column"],
                name="unique_planned_column",
                violation_error_message=_("The column is already in the issue's plan."),
            )
        ]

    def __str__(self):
        return str(self.column)

    def clean(self):
        super().clean()
        if self.column_id and self.issue_id:
            if self.column.periodical_id != self.issue.periodical_id:
                raise ValidationError({"column": _("This column belongs to another periodical.")})

    @classmethod
    def change_scopes(cls, rows, *, action=None) -> list[ChangeScope]:
        return change_scopes_in_issues([row.issue_id for row in rows])
