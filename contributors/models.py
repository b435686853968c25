"""Contributors: one record per person, organisation or pen name, whatever roles it plays."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def normalise_name(name: str) -> str:
    """A printed name as a name: padding spaces removed, middle dots and inner words kept.

    Two-character names are typeset with a padding space (杨 羊 is 杨羊); so are spaced
    headings. Names in Latin letters keep their single spaces.
    """
    name = " ".join((name or "").split())
    if all(not ("a" <= ch.lower() <= "z") for ch in name):
        name = name.replace(" ", "")
    return name


class ContributorQuerySet(models.QuerySet):
    def matching_name(self, name: str):
        """Contributors printed as `name`: by their name or one of their known variants."""
        name = normalise_name(name)
        return self.filter(Q(name=name) | Q(name_variants__name=name)).distinct()


class Contributor(models.Model):
    """A person, organisation or pen name credited anywhere: author, editor, photographer, staff."""

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        ORGANISATION = "organisation", _("organisation")
        PEN_NAME = "pen_name", _("pen name")

    name = models.CharField(_("name"), max_length=100, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PERSON)
    note = models.TextField(_("note"), blank=True)

    objects = ContributorQuerySet.as_manager()

    class Meta:
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class ContributorNameVariant(models.Model):
    """Another printed form of a contributor's name: a misprint, another spelling, an old name."""

    contributor = models.ForeignKey(
        Contributor,
        on_delete=models.CASCADE,
        related_name="name_variants",
        verbose_name=_("contributor"),
    )
    name = models.CharField(_("name variant"), max_length=100, db_index=True)

    class Meta:
        verbose_name = _("name variant")
        verbose_name_plural = _("name variants")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["contributor", "name"],
                name="unique_contributor_name_variant",
                violation_error_message=_("This contributor already has that name variant."),
            )
        ]

    def __str__(self):
        return self.name
