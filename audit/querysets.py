"""Bulk writes that are recorded like single saves.

Django's `QuerySet.update()`, `bulk_update()` and `bulk_create()` send no signals, so
django-auditlog never sees them. Every recorded model's QuerySet is a `RecordedQuerySet`:
each row such a write touches gets its change record, in the same transaction. Writes to
fields that are not recorded (search text, timestamps) go straight through.
"""

from auditlog import get_logentry_model
from auditlog.context import auditlog_disabled, disable_auditlog
from auditlog.diff import model_instance_diff
from auditlog.registry import auditlog
from django.conf import settings
from django.db import models, transaction

from .scope import change_scope


def _recorded_names(model, names) -> set[str]:
    """The recorded fields among `names`, which may be attribute names such as `issue_id`."""
    if not auditlog.contains(model) or auditlog_disabled.get():
        return set()
    recorded = set(auditlog.get_model_fields(model)["include_fields"])
    fields = {field.attname: field.name for field in model._meta.concrete_fields}
    return {fields.get(name, name) for name in names} & recorded


def _record(action, old, new, fields=None, scope=None) -> None:
    instance = new if new is not None else old
    changes = model_instance_diff(
        old, new, fields_to_check=fields, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES
    )
    if not changes:
        return
    scope = scope or change_scope(instance, action=action)
    get_logentry_model().objects.log_create(
        instance,
        action=action,
        changes=changes,
        periodical_id=scope.periodical_id,
        issue_id=scope.issue_id,
        after_publication=scope.after_publication,
    )


class RecordedQuerySet(models.QuerySet):
    def update(self, **kwargs):
        fields = _recorded_names(self.model, kwargs)
        if not fields:
            return super().update(**kwargs)
        Action = get_logentry_model().Action
        rows = self.model._base_manager.using(self.db)
        with transaction.atomic(using=self.db, savepoint=False):
            before = {row.pk: row for row in rows.filter(pk__in=self.values("pk"))}
            # The scope is read first: publishing in bulk is not a change after publication.
            scopes = {pk: change_scope(row, action=Action.UPDATE) for pk, row in before.items()}
            count = rows.filter(pk__in=list(before)).update(**kwargs)
            for pk, row in rows.in_bulk(list(before)).items():
                _record(Action.UPDATE, before[pk], row, fields, scopes[pk])
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
            scopes = {pk: change_scope(row, action=Action.UPDATE) for pk, row in before.items()}
            with disable_auditlog():  # Django's bulk_update calls update(): record once
                count = super().bulk_update(objs, fields, batch_size=batch_size)
            for obj in objs:
                if obj.pk in before:
                    _record(Action.UPDATE, before[obj.pk], obj, recorded, scopes[obj.pk])
        return count

    bulk_update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        if not _recorded_names(self.model, [field.name for field in self.model._meta.fields]):
            return super().bulk_create(objs, *args, **kwargs)
        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            for obj in created:
                if obj.pk is not None:  # rows skipped by ignore_conflicts have none
                    _record(get_logentry_model().Action.CREATE, None, obj)
        return created

    bulk_create.alters_data = True
