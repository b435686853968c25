"""A change record as people read it: field names in their language, choices by their label."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

LONG_TEXT = 300  # characters of a before/after value shown in lists; the API gives them whole


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str
    after: str


def display_value(field, value, *, limit: int | None = LONG_TEXT) -> str:
    if value is None or value == "None":
        return ""
    choices = dict(field.flatchoices) if field is not None and field.choices else {}
    if value in choices:
        return str(choices[value])
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(field, models.DateTimeField):
        return local_time(value)
    return _shortened(str(value), limit)


def local_time(value) -> str:
    """A recorded time (UTC, as the record stores it) as people read it: in the project's time
    zone (Asia/Shanghai), to the second."""
    moment = value if isinstance(value, datetime.datetime) else parse_datetime(str(value))
    if moment is None:
        return str(value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def _shortened(text: str, limit: int | None) -> str:
    if limit is not None and len(text) > limit:
        return text[:limit] + "…"
    return text


def field_changes(record, *, limit: int | None = LONG_TEXT) -> list[FieldChange]:
    """The fields a record changed, in the model's field order, each with before and after."""
    model = record.content_type.model_class()
    changes = record.changes_dict or {}
    order = {}
    fields = {}
    if model is not None:
        for position, field in enumerate(model._meta.get_fields()):
            order[field.name] = position
    rows = []
    for name in sorted(changes, key=lambda name: order.get(name, len(order))):
        values = changes[name]
        if not isinstance(values, list | tuple) or len(values) != 2:
            continue  # many-to-many changes: none of the recorded models has one
        try:
            field = fields[name] = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        before = display_value(field, values[0], limit=None)
        after = display_value(field, values[1], limit=None)
        if before == after:
            continue  # an empty field of a new or deleted row: nothing to read
        before, after = _shortened(before, limit), _shortened(after, limit)
        label = str(getattr(field, "verbose_name", name))
        rows.append(FieldChange(field=name, label=label, before=before, after=after))
    return rows


def changes_summary(record) -> str:
    """`标题: 旧 → 新; 页码: 3 → 4` in one line, for lists and spreadsheets."""
    return "; ".join(
        f"{change.label}: {change.before or '∅'} → {change.after or '∅'}"
        for change in field_changes(record, limit=60)
    )
