"""The periodical: its identity, the facts its masthead prints, its columns and masthead roles."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from audit.querysets import RecordedQuerySet
from audit.scope import ChangeScope
from core.validators import validate_cn, validate_issn


class PublicationFacts(models.Model):
    """The facts a masthead prints that change over the years.

    The periodical holds today's facts; each issue holds its own copy, taken when the issue is
    created, so that changing today's facts never rewrites an old issue's masthead.
    """

    slogan = models.CharField(_("slogan"), max_length=200, blank=True)
    supervisor = models.CharField(
        _("supervising body"), max_length=200, blank=True, help_text=_("主管单位")
    )
    sponsor = models.CharField(
        _("sponsoring body"), max_length=200, blank=True, help_text=_("主办单位")
    )
    publisher = models.CharField(
        _("publisher"), max_length=200, blank=True, help_text=_("出版单位")
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    email = models.EmailField(_("submission e-mail"), blank=True)
    price = models.DecimalField(
        _("price (yuan)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    publication_day = models.PositiveSmallIntegerField(
        _("publication day of month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("出版日期 每月N日"),
    )
    printer = models.CharField(_("printer"), max_length=200, blank=True, help_text=_("印刷装订"))

    FACT_FIELDS = (
        "slogan",
        "supervisor",
        "sponsor",
        "publisher",
        "address",
        "phone",
        "postcode",
        "email",
        "price",
        "publication_day",
        "printer",
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(publication_day__isnull=True)
                | Q(publication_day__gte=1, publication_day__lte=31),
                name="%(app_label)s_%(class)s_publication_day_range",
                violation_error_message=_("The publication day must be between 1 and 31."),
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=0),
                name="%(app_label)s_%(class)s_price_not_negative",
                violation_error_message=_("The price cannot be negative."),
            ),
        ]

    def publication_facts(self) -> dict:
        return {name: getattr(self, name) for name in self.FACT_FIELDS}


class Periodical(PublicationFacts):
    """A magazine or a newspaper, with the masthead facts in force today."""

    class Kind(models.TextChoices):
        MAGAZINE = "magazine", _("magazine")
        NEWSPAPER = "newspaper", _("newspaper")

    class Frequency(models.TextChoices):
        DAILY = "daily", _("daily")
        WEEKLY = "weekly", _("weekly")
        SEMIMONTHLY = "semimonthly", _("semimonthly")
        MONTHLY = "monthly", _("monthly")
        BIMONTHLY = "bimonthly", _("bimonthly")
        QUARTERLY = "quarterly", _("quarterly")

    name = models.CharField(
        _("name"), max_length=100, blank=True, help_text=_("Empty where the print gives no name.")
    )
    name_pinyin = models.CharField(_("name in pinyin"), max_length=100, blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        unique=True,
        help_text=_("The periodical's identifier in addresses, e.g. dangyuan-zhiyou."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MAGAZINE)
    frequency = models.CharField(
        _("frequency"), max_length=20, choices=Frequency.choices, blank=True
    )
    issn = models.CharField(
        "ISSN",
        max_length=9,
        blank=True,
        validators=[validate_issn],
        help_text=_("International serial number, NNNN-NNNC; the last character is a check digit."),
    )
    cn = models.CharField(
        _("CN number"),
        max_length=12,
        blank=True,
        validators=[validate_cn],
        help_text=_("Domestic serial number NN-NNNN/X: region code, serial, classification."),
    )
    requires_read_through = models.BooleanField(
        _("需要通读"),
        default=False,
        help_text=_("三校之后是否还要通读，才能定稿。"),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Raised by every change; the API's If-Match and the admin's forms compare it."),
    )

    objects = RecordedQuerySet.as_manager()

    class Meta(PublicationFacts.Meta):
        verbose_name = _("periodical")
        verbose_name_plural = _("periodicals")
        ordering = ["name", "slug"]
        constraints = [
            *PublicationFacts.Meta.constraints,
            models.UniqueConstraint(
                fields=["issn"],
                condition=~Q(issn=""),
                name="unique_periodical_issn",
                violation_error_message=_("Another periodical already has this ISSN."),
            ),
        ]

    def __str__(self):
        return f"《{self.name}》" if self.name else self.slug

    @classmethod
    def change_scopes(cls, rows, *, action=None) -> list[ChangeScope]:
        return [ChangeScope(periodical_id=row.pk) for row in rows]


class Column(models.Model):
    """A column (栏目) of a periodical; a newspaper's pages (版面) are its columns."""

    periodical = models.ForeignKey(
        Periodical, on_delete=models.CASCADE, related_name="columns", verbose_name=_("periodical")
    )
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Raised by every change; the API's If-Match and the admin's forms compare it."),
    )

    objects = RecordedQuerySet.as_manager()

    class Meta:
        verbose_name = _("column")
        verbose_name_plural = _("columns")
        ordering = ["periodical", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["periodical", "name"],
                name="unique_column_name",
                violation_error_message=_("This periodical already has a column of that name."),
            )
        ]

    def __str__(self):
        return self.name

    @classmethod
    def change_scopes(cls, rows, *, action=None) -> list[ChangeScope]:
        return [ChangeScope(periodical_id=row.periodical_id) for row in rows]


class MastheadRole(models.Model):
    """A role a masthead prints (社长, 执行主编, 值班编辑 …): data, not a fixed list."""

    periodical = models.ForeignKey(
        Periodical,
        on_delete=models.CASCADE,
        related_name="masthead_roles",
        verbose_name=_("periodical"),
    )
    name = models.CharField(_("name"), max_length=50)
    order = models.PositiveIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Raised by every change; the API's If-Match and the admin's forms compare it."),
    )

    objects = RecordedQuerySet.as_manager()

    class Meta:
        verbose_name = _("masthead role")
        verbose_name_plural = _("masthead roles")
        ordering = ["periodical", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["periodical", "name"],
                name="unique_masthead_role_name",
                violation_error_message=_("This periodical already has a role of that name."),
            )
        ]

    def __str__(self):
        return self.name

    @classmethod
    def change_scopes(cls, rows, *, action=None) -> list[ChangeScope]:
        return [ChangeScope(periodical_id=row.periodical_id) for row in rows]
