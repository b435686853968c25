"""Contributors: one record per person, organisation or pen name, whatever roles it plays."""

import re

from django.db import connections, models
from django.db.models import Q
from django.db.models.functions import Collate
from django.utils.translation import gettext_lazy as _
from pypinyin import Style, lazy_pinyin

from audit.querysets import RecordedQuerySet

# Han ideographs for a regular expression's character class: the unified ideographs with
# extensions A to G and the compatibility block, and 〇, the ideographic zero of 二〇二五年.
HAN_CHARACTERS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# A run of Han characters (group 1), or a run of other letters and digits (group 2); whatever
# else there is (spaces, punctuation, middle dots) separates runs.
TEXT_RUNS = re.compile(rf"([{HAN_CHARACTERS}]+)|([^\W_{HAN_CHARACTERS}]+)")
# PostgreSQL's ICU collation for Chinese sorts by pinyin.
PINYIN_COLLATION = "zh-x-icu"


def normalise_name(name: str) -> str:
    """A printed name as a name: padding spaces removed, middle dots and inner words kept.

    Two-character names are typeset with a padding space (杨 羊 is 杨羊); so are spaced
    headings. Names in Latin letters keep their single spaces.
    """
    name = " ".join((name or "").split())
    if all(not ("a" <= ch.lower() <= "z") for ch in name):
        name = name.replace(" ", "")
    return name


def name_in_pinyin(name: str) -> tuple[str, str]:
    """(pinyin, initials) of a name, toneless and lowercase: 杨佩佩 → ("yangpeipei", "ypp").

    Letters and digits that are not Chinese are kept, lowercased, each word giving its first
    letter as an initial (Anna Li → "annali", "al"); spaces and middle dots are dropped.
    """
    pinyin, initials = [], []
    for han, word in TEXT_RUNS.findall(name or ""):
        if han:
            syllables = lazy_pinyin(han, style=Style.NORMAL)
            pinyin.extend(syllables)
            initials.extend(syllable[:1] for syllable in syllables)
        else:
            pinyin.append(word.lower())
            initials.append(word[:1].lower())
    return "".join(pinyin), "".join(initials)


def pinyin_sort_key(name: str) -> str:
    """A key that sorts names as a Chinese index does, where no ICU collation is at hand.

    Syllable by syllable, with the tone (李娜 → "li3 na4"): 李 (li) before 梁 (liang) before
    廖 (liao), and 刘 (liú) before 柳 (liǔ), as PostgreSQL's zh-x-icu collation has them. ü
    sorts as u (吕 lü after 卢 lu, before 罗 luo). Characters read alike tie, broken by name.
    """
    syllables = []
    for han, word in TEXT_RUNS.findall(name or ""):
        if han:
            syllables.extend(
                syllable.replace("v", "u")
                for syllable in lazy_pinyin(han, style=Style.TONE3, neutral_tone_with_five=True)
            )
        else:
            syllables.append(word.lower())
    return " ".join(syllables)


class ContributorQuerySet(RecordedQuerySet):
    def matching_name(self, name: str):
        """Contributors printed as `name`: by their name or one of their known variants."""
        name = normalise_name(name)
        return self.filter(Q(name=name) | Q(self.variant_exists(name=name)))

    def in_pinyin_order(self):
        """Sorted as a Chinese index is: by pinyin (阿 白 陈 张), not by code point.

        PostgreSQL sorts by its ICU collation; other databases by the stored `name_sort_key`.
        """
        if connections[self.db].vendor == "postgresql":
            return self.order_by(Collate("name", PINYIN_COLLATION), "id")
        return self.order_by("name_sort_key", "name", "id")

    def search(self, term: str):
        """Contributors found by `term`: part of the name or a variant if it holds Chinese,
        else the pinyin or its initials (yangpeipei, yang pei, ypp find 杨佩佩).

        Case and spaces in a pinyin term do not matter; a blank term filters nothing.
        """
        term = normalise_name(term)
        if not term:
            return self.all()
        if re.search(rf"[{HAN_CHARACTERS}]", term):
            found = Q(name__contains=term) | Q(self.variant_exists(name__contains=term))
        else:
            key = "".join(term.lower().split())
            found = (
                Q(name__icontains=term)
                | Q(name_pinyin__contains=key)
                | Q(name_initials__startswith=key)
            )
        return self.filter(found)

    def variant_exists(self, **lookup) -> models.Exists:
        """EXISTS a name variant of the row's contributor matching `lookup`.

        Rather than a join: no duplicate rows, so no DISTINCT over the whole (annotated) row.
        """
        variants = ContributorNameVariant.objects.filter(contributor=models.OuterRef("pk"))
        return models.Exists(variants.filter(**lookup))


class Contributor(models.Model):
    """A person, organisation or pen name credited anywhere: author, editor, photographer, staff."""

    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        ORGANISATION = "organisation", _("organisation")
        PEN_NAME = "pen_name", _("pen name")

    name = models.CharField(_("name"), max_length=100, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PERSON)
    note = models.TextField(_("note"), blank=True)
    name_pinyin = models.CharField(
        _("name in pinyin"),
        max_length=600,
        blank=True,
        editable=False,
        help_text=_("Toneless, lowercase, without spaces (yangpeipei); set from the name."),
    )
    name_initials = models.CharField(
        _("initials in pinyin"),
        max_length=100,
        blank=True,
        editable=False,
        help_text=_("First letters of the pinyin (ypp); set from the name."),
    )
    name_sort_key = models.CharField(
        _("pinyin sort key"),
        max_length=800,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_(
            "Pinyin syllables with tones (yang2 pei4 pei4), for pinyin order on databases "
            "without a Chinese collation; set from the name."
        ),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Raised by every change; the API's If-Match and the admin's forms compare it."),
    )

    objects = ContributorQuerySet.as_manager()

    # Derived from the name by save().
    PINYIN_FIELDS = ("name_pinyin", "name_initials", "name_sort_key")

    class Meta:
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The pinyin columns are derived from this row's own name, like an auto_now field: they
        # are set here so that no way of saving a contributor can leave them stale.
        self.derive_names()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, *self.PINYIN_FIELDS}
        super().save(*args, **kwargs)

    def derive_names(self) -> None:
        """Set the pinyin columns from the name: save() does, and so must a bulk_create()."""
        self.name_pinyin, self.name_initials = name_in_pinyin(self.name)
        self.name_sort_key = pinyin_sort_key(self.name)


class ContributorNameVariant(models.Model):
    """Another printed form of a contributor's name: a misprint, another spelling, an old name."""

    contributor = models.ForeignKey(
        Contributor,
        on_delete=models.CASCADE,
        related_name="name_variants",
        verbose_name=_("contributor"),
    )
    name = models.CharField(_("name variant"), max_length=100, db_index=True)

    objects = RecordedQuerySet.as_manager()

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
