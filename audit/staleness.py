"""Who changed a row since a writer read it, for the refusal of a stale write (core.concurrency)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from .display import field_changes
from .models import ChangeRecord

# A stale form usually meets one or two saves; more are summed up by the latest.
MAX_RECORDS = 20


def describe_changes(instance, since=None) -> str:
    """ "杨佩佩于2026-11-29 20:41修改了标题、作者署名。": the records of `instance` (and of the rows
    edited on its page) after `since`, or its latest record; "" when there is none."""
    records = ChangeRecord.objects.for_object(instance).select_related("actor", "content_type")
    if since is not None:
        records = list(records.filter(timestamp__gt=since)[:MAX_RECORDS])
    else:
        records = list(records[:1])
    if not records:
        return ""
    people, changed = [], []
    for record in records:
        person = _actor_name(record)
        if person not in people:
            people.append(person)
        for name in _what_changed(record, instance):
            if name not in changed:
                changed.append(name)
    latest = timezone.localtime(records[0].timestamp).strftime("%Y-%m-%d %H:%M")
    return _("%(people)s changed %(fields)s at %(time)s (Beijing time). ") % {
        "people": "、".join(people),
        "fields": "、".join(changed) or _("its contents"),
        "time": latest,
    }


def _actor_name(record) -> str:
    if record.actor is None:
        return str(record.get_source_display())
    return record.actor.get_full_name() or record.actor.get_username()


def _what_changed(record, instance) -> list[str]:
    model = record.content_type.model_class()
    if model is type(instance) and record.object_pk == str(instance.pk):
        return [change.label for change in field_changes(record)]
    return [str(model._meta.verbose_name)] if model is not None else []
