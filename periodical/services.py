"""Writes on periodicals, their columns and masthead roles, each guarded by its version."""

from django.db import models

from core.concurrency import version_claim
from core.effects import collecting

from .models import Column, MastheadRole, Periodical


@collecting
def periodical_create(**fields) -> Periodical:
    """Create a periodical."""
    return _create(Periodical, fields)


@collecting
def periodical_update(
    *, periodical: Periodical, expected_version: int | None = None, **fields
) -> Periodical:
    """Change a periodical's name or facts in force today, if it is still at `expected_version`.

    Issues already created keep the facts they printed.
    """
    return _update(periodical, expected_version, fields)


@collecting
def column_create(**fields) -> Column:
    """Create a column (栏目) of a periodical."""
    return _create(Column, fields)


@collecting
def column_update(*, column: Column, expected_version: int | None = None, **fields) -> Column:
    """Rename or reorder a column, if it is still at `expected_version` (None: any)."""
    return _update(column, expected_version, fields)


@collecting
def masthead_role_create(**fields) -> MastheadRole:
    """Create a masthead role of a periodical."""
    return _create(MastheadRole, fields)


@collecting
def masthead_role_update(
    *, role: MastheadRole, expected_version: int | None = None, **fields
) -> MastheadRole:
    """Rename or reorder a masthead role, if it is still at `expected_version` (None: any)."""
    return _update(role, expected_version, fields)


def _create(model: type[models.Model], fields: dict) -> models.Model:
    instance = model(**fields)
    instance.full_clean()
    instance.save()
    return instance


def _update(instance: models.Model, expected_version: int | None, fields: dict) -> models.Model:
    version_claim(instance, expected_version=expected_version)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance
