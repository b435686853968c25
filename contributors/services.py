"""Writes on contributors: finding or creating one by a printed name, merging two into one."""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.context import audit_reason
from core.concurrency import version_claim
from core.effects import collecting

from .models import Contributor, ContributorNameVariant, normalise_name


def contributor_get_or_create(*, name: str, kind: str = Contributor.Kind.PERSON) -> Contributor:
    """The contributor printed as `name` (by name or known variant), created if there is none.

    Where several contributors share the name, the oldest is taken: an editor tells namesakes
    apart in the admin, not a loader.
    """
    name = normalise_name(name)
    if not name:
        raise ValidationError(_("A contributor needs a name."))
    existing = Contributor.objects.matching_name(name).order_by("id").first()
    if existing is not None:
        return existing
    return Contributor.objects.create(name=name, kind=kind)


@collecting
def contributor_update(
    *, contributor: Contributor, expected_version: int | None = None, **fields
) -> Contributor:
    """Change a contributor if it is still at `expected_version` (None: any version). A new
    name makes their articles findable by it: articles/signals.py defers that refresh."""
    version_claim(contributor, expected_version=expected_version)
    for name, value in fields.items():
        setattr(contributor, name, value)
    contributor.full_clean()
    contributor.save()
    return contributor


@transaction.atomic
def contributors_get_or_create(
    *, names: Iterable[str], kinds: Mapping[str, str] | None = None
) -> dict[str, Contributor]:
    """The contributors printed as `names`, by normalised name: as contributor_get_or_create
    gives them one by one (by name or known variant, the oldest of namesakes), the missing
    ones created with their kind in `kinds` (a person by default). Three queries in all."""
    names = {normalise_name(name) for name in names} - {""}
    candidates: dict[str, list[Contributor]] = {}
    for contributor in Contributor.objects.filter(name__in=names):
        candidates.setdefault(contributor.name, []).append(contributor)
    variants = ContributorNameVariant.objects.filter(name__in=names).select_related("contributor")
    for variant in variants:
        candidates.setdefault(variant.name, []).append(variant.contributor)
    found = {name: min(matches, key=lambda c: c.pk) for name, matches in candidates.items()}
    missing = [
        Contributor(name=name, kind=(kinds or {}).get(name) or Contributor.Kind.PERSON)
        for name in sorted(names - found.keys())
    ]
    for contributor in missing:
        contributor.derive_names()
        contributor.full_clean()
    Contributor.objects.bulk_create(missing)
    return found | {contributor.name: contributor for contributor in missing}


def contributor_add_variant(*, contributor: Contributor, name: str) -> None:
    name = normalise_name(name)
    if name and name != contributor.name:
        ContributorNameVariant.objects.get_or_create(contributor=contributor, name=name)


@collecting
def contributor_merge(*, source: Contributor, target: Contributor) -> Contributor:
    """Merge `source` into `target`: every credit moves, `source`'s names become variants.

    Each credit keeps the name it was printed with, so merging never rewrites what an issue
    printed. Every relation that points at a contributor is moved, whichever app owns it.
    """
    if source.pk == target.pk:
        raise ValidationError(_("A contributor cannot be merged into itself."))
    with audit_reason(
        _("merge of contributor %(source)s (#%(source_id)s) into %(target)s (#%(target_id)s)")
        % {"source": source, "source_id": source.pk, "target": target, "target_id": target.pk}
    ):
        return _merge(source=source, target=target)


def _merge(*, source: Contributor, target: Contributor) -> Contributor:
    for relation in Contributor._meta.related_objects:
        if relation.related_model is ContributorNameVariant or not relation.one_to_many:
            continue
        field_name = relation.field.name
        # Row by row, not queryset.update(): each change goes through save() and is recorded.
        for row in relation.related_model._base_manager.filter(**{field_name: source}):
            setattr(row, field_name, target)
            row.save(update_fields=[field_name])
    for variant in source.name_variants.all():
        contributor_add_variant(contributor=target, name=variant.name)
    contributor_add_variant(contributor=target, name=source.name)
    if source.note and source.note not in target.note:
        target.note = "\n".join(part for part in (target.note, source.note) if part)
        target.save(update_fields=["note"])
    source.delete()
    # The search text of the moved bylines (now `target`'s name) is refreshed by the receivers
    # in articles/signals.py, once, when this block ends.
    return target
