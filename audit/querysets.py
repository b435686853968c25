"""Bulk writes that are recorded like single saves, with their records written in bulk too.

Django's `QuerySet.update()`, `bulk_update()` and `bulk_create()` send no signals, so
django-auditlog never sees them. Every recorded model's QuerySet is a `RecordedQuerySet`:
each row such a write touches gets its change record, in the same transaction. The records of
one write are inserted with one `bulk_create`, their scopes read with the model's
`change_scopes` (a constant number of queries for the batch), before the write for updates.
Writes to fields that are not recorded (search text, timestamps) go straight through.
"""

from auditlog import get_logentry_model
from auditlog.context import auditlog_disabled, disable_auditlog
from auditlog.diff import model_instance_diff
from auditlog.registry import auditlog
from django.conf import settings
from django.db import models, transaction
from django.db.models import prefetch_related_objects

from .scope import change_scopes


def _recorded_names(model, names) -> set[str]:
    """The recorded fields among `names`, which may be attribute names such as `issue_id`."""
    if not auditlog.contains(model) or auditlog_disabled.get():
        return set()
    recorded = set(auditlog.get_model_fields(model)["include_fields"])
    fields = {field.attname: field.name for field in model._meta.concrete_fields}
    return {fields.get(name, name) for name in names} & recorded


def _record_all(model, action, rows: list[tuple], fields=None) -> None:
    """Record each (old, new, scope) of `rows` that changed something, in one INSERT.

    A record names related rows as they read (a contributor's name, not an id) and each
    record's title may show one (a masthead entry's role): they are fetched for the whole
    batch first, one query per relation, not one per row.
    """
    relations = [field.name for field in model._meta.concrete_fields if field.many_to_one]
    prefetch_related_objects([new for _old, new, _scope in rows if new is not None], *relations)
    diffed = [name for name in relations if fields is None or name in fields]
    prefetch_related_objects([old for old, _new, _scope in rows if old is not None], *diffed)
    changed = []
    for old, new, scope in rows:
        diff = model_instance_diff(
            old,
            new,
            fields_to_check=fields,
            use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES,
        )
        if diff:
            changed.append((new if new is not None else old, diff, scope))
    if changed:
        get_logentry_model().objects.bulk_record(changed, action=action)


class RecordedQuerySet(models.QuerySet):
    def update(self, **kwargs):
        fields = _recorded_names(self.model, kwargs)
        if not fields:
            return super().update(**kwargs)
        Action = get_logentry_model().Action
        rows = self.model._base_manager.using(self.db)
        with transaction.atomic(using=self.db, savepoint=False):
            before = list(rows.filter(pk__in=self.values("pk")))
            # The scope is read first: publishing in bulk is not a change after publication.
            scopes = change_scopes(self.model, before, action=Action.UPDATE)
            pks = [row.pk for row in before]
            count = rows.filter(pk__in=pks).update(**kwargs)
            after = rows.in_bulk(pks)
            _record_all(
                self.model,
                Action.UPDATE,
                [
                    (old, after[old.pk], scope)
                    for old, scope in zip(before, scopes, strict=True)
                    if old.pk in after
                ],
                fields,
            )
        return count

    update.alters_data = True

    def bulk_update(self, objs, fields, batch_size=None):
        recorded = _recorded_names(self.model, fields)
        if not recorded:
            return super().bulk_update(objs, fields, batch_size=batch_size)
        Action = get_logentry_model().Action
        objs = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            before = self.model._base_manager.using(self.db).in_bulk([obj.pk for obj in objs])
            stored = list(before.values())
            scopes = dict(
                zip(
                    [row.pk for row in stored],
                    change_scopes(self.model, stored, action=Action.UPDATE),
                    strict=True,
                )
            )
            with disable_auditlog():  # Django's bulk_update calls update(): record once
                count = super().bulk_update(objs, fields, batch_size=batch_size)
            _record_all(
                self.model,
                Action.UPDATE,
                [(before[obj.pk], obj, scopes[obj.pk]) for obj in objs if obj.pk in before],
                recorded,
            )
        return count

    bulk_update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        if not _recorded_names(self.model, [field.name for field in self.model._meta.fields]):
            return super().bulk_create(objs, *args, **kwargs)
        Action = get_logentry_model().Action
        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            # Rows skipped by ignore_conflicts have no pk.
            saved = [obj for obj in created if obj.pk is not None]
            scopes = change_scopes(self.model, saved, action=Action.CREATE)
            _record_all(
                self.model,
                Action.CREATE,
                [(None, obj, scope) for obj, scope in zip(saved, scopes, strict=True)],
            )
        return created

    bulk_create.alters_data = True
