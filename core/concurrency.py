"""Optimistic concurrency: every editable row has a `version` that each write raises.

A writer states the version it read (`expected_version`); `version_claim()` raises the version
with one compare-and-set `UPDATE … WHERE id = %s AND version = %s`, so of two writers holding
the same version exactly one wins, and the other gets `StaleVersion` before it has written
anything. The API answers it with 412 (core/api.py), the admin with a form error
(core/admin_versions.py). A writer that states no version is accepted (last write wins).

Who changed the row meanwhile is known to the record of changes (`audit`), which lives on
this floor but is not imported here: audit registers its describer with
`set_change_describer()` when it is ready.
"""

from collections.abc import Callable
from datetime import datetime

from django.db import models
from django.db.models import F
from django.utils.translation import gettext as _

# (instance, since) -> "杨佩佩于2026-11-29 20:41修改了标题、正文" or "" when nothing is known.
_describe_changes: Callable[[models.Model, datetime | None], str] | None = None


def set_change_describer(describer: Callable[[models.Model, datetime | None], str]) -> None:
    """Let the record of changes say who changed a row (audit registers itself on ready)."""
    global _describe_changes
    _describe_changes = describer


class StaleVersion(Exception):
    """The row was changed by someone else since the writer read it."""

    def __init__(self, instance: models.Model, *, expected: int | None, since=None):
        self.instance = instance
        self.expected = expected
        self.since = since
        super().__init__(f"{type(instance).__name__} {instance.pk}: not version {expected}")

    @property
    def message(self) -> str:
        """In the reader's language: what changed, who changed it and when, what to do."""
        who = _describe_changes(self.instance, self.since) if _describe_changes else ""
        # Sentences joined without a space: Chinese has none; the English msgids end with one.
        text = _("The %(model)s “%(object)s” has been changed since you read it. ") % {
            "model": self.instance._meta.verbose_name,
            "object": self.instance,
        }
        return text + who + _("Reload it and make your change again.")


def parse_version(value) -> int | None:
    """A version given by a client or a form as an int, None if it is not a whole number."""
    try:
        version = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return version if version >= 1 else None


def version_claim(instance: models.Model, *, expected_version: int | None = None) -> int:
    """Raise `instance`'s version in the database, only if it still is `expected_version`.

    Call it first in a service's transaction, before anything is written: on PostgreSQL the
    UPDATE also locks the row, so a concurrent writer waits and then finds the new version.
    Sets and returns the new version; raises StaleVersion (nothing written) on a mismatch.
    """
    model = type(instance)
    rows = model._base_manager.filter(pk=instance.pk)
    if expected_version is not None:
        if not rows.filter(version=expected_version).update(version=F("version") + 1):
            raise StaleVersion(instance, expected=expected_version)
        instance.version = expected_version + 1
    else:
        rows.update(version=F("version") + 1)
        instance.version = rows.values_list("version", flat=True).get()
    return instance.version


def versions_raise(model: type[models.Model], pks) -> None:
    """Raise the version of rows written without a service (inline rows of an admin page)."""
    pks = [pk for pk in pks if pk is not None]
    if pks:
        model._base_manager.filter(pk__in=pks).update(version=F("version") + 1)
