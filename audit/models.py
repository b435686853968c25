from auditlog.cid import get_cid
from auditlog.models import DEFAULT_OBJECT_REPR, AbstractLogEntry, LogEntryManager
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.utils.encoding import smart_str
from django.utils.translation import gettext_lazy as _

from .context import current_audit_context
from .scope import ChangeScope, change_scope

# Rows the admin edits inline on another object's page, by that object: (model, foreign key).
INLINE_ROWS = {
    "articles.Article": [
        ("articles.Authorship", "article"),
        ("articles.PhotoCredit", "article"),
        ("corrections.Correction", "article"),  # listed on its page, read-only
    ],
    "contributors.Contributor": [("contributors.ContributorNameVariant", "contributor")],
}


class ChangeRecordQuerySet(models.QuerySet):
    def with_issues(self):
        """With each record's issue and periodical, None where the issue has been deleted.

        Fetched by a second query, not a join: a filter on the issue would let the database
        make the join an inner one, and the records of a deleted issue would vanish from the
        page though they are counted (the issue has no foreign key constraint).
        """
        return self.prefetch_related("issue__periodical")

    def for_object(self, obj):
        """The records of `obj` and of the rows edited on its admin page; for an issue, of
        everything printed in it."""
        if obj._meta.label == "issues.Issue":
            return self.filter(issue_id=obj.pk)
        condition = Q(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
        for label, foreign_key in INLINE_ROWS.get(obj._meta.label, []):
            # The row's own fields as recorded (django-auditlog keeps them serialised).
            condition |= Q(
                content_type=ContentType.objects.get_for_model(apps.get_model(label)),
                **{f"serialized_data__fields__{foreign_key}": obj.pk},
            )
        return self.filter(condition)


class ChangeRecordManager(LogEntryManager.from_queryset(ChangeRecordQuerySet)):
    def log_create(self, instance, force_log: bool = False, **kwargs):
        """As django-auditlog's, plus who, through what, why, and the issue the change is in."""
        self._add_context(kwargs)
        if (kwargs.get("changes") is not None or force_log) and "issue_id" not in kwargs:
            self._add_scope(kwargs, change_scope(instance, action=kwargs.get("action")))
        return super().log_create(instance, force_log=force_log, **kwargs)

    def bulk_record(self, changes: list[tuple], *, action) -> list:
        """Write the records of many changes of one action with one INSERT.

        `changes` holds (instance, changes, scope) triples, the scope read before the write;
        each record is the one `log_create` would write.
        """
        records = [
            self.build(instance, action=action, changes=diff, scope=scope)
            for instance, diff, scope in changes
        ]
        return self.bulk_create(records, batch_size=500)

    def build(self, instance, *, scope: ChangeScope, **kwargs):
        """The unsaved record of a change to `instance`: django-auditlog's `log_create` less its
        final `create()`, with our context and the given scope."""
        self._add_context(kwargs)
        self._add_scope(kwargs, scope)
        kwargs.setdefault("content_type", ContentType.objects.get_for_model(instance))
        pk = self._get_pk_value(instance)
        kwargs.setdefault("object_pk", pk)
        if isinstance(pk, int):
            kwargs.setdefault("object_id", pk)
        try:
            kwargs.setdefault("object_repr", smart_str(instance))
        except ObjectDoesNotExist:
            kwargs.setdefault("object_repr", DEFAULT_OBJECT_REPR)
        kwargs.setdefault("serialized_data", self._get_serialized_data_or_none(instance))
        get_additional_data = getattr(instance, "get_additional_data", None)
        if callable(get_additional_data):
            kwargs.setdefault("additional_data", get_additional_data())
        kwargs.setdefault("cid", get_cid())
        return self.model(**kwargs)

    def _get_copy_with_python_typed_fields(self, instance):
        """As django-auditlog's, from a shallow copy of the row instead of its deepcopy.

        The deepcopy copied every related object cached on the instance as well (an article's
        issue, its periodical, its column …) for each record: a fifth of an issue's import went
        there. The serialiser reads only the row's own values, foreign keys by their ids, so a
        copy of the instance's attributes gives the same snapshot; the values are typed on the
        copy, the instance itself is left as it was.
        """
        instance_copy = type(instance).__new__(type(instance))
        instance_copy.__dict__ = instance.__dict__.copy()  # its state and cache shared, unchanged
        for field in instance_copy._meta.fields:
            if not field.is_relation:
                value = getattr(instance, field.name)
                try:
                    setattr(instance_copy, field.name, field.to_python(value))
                except ValidationError:
                    continue
        return instance_copy

    @staticmethod
    def _add_context(kwargs) -> None:
        context = current_audit_context()
        kwargs.setdefault("actor", context.current_actor())
        kwargs.setdefault("source", context.source)
        kwargs.setdefault("reason", context.reason[:255])
        kwargs.setdefault("remote_addr", context.remote_addr)
        if kwargs.get("actor") is not None:
            kwargs.setdefault("actor_email", kwargs["actor"].email or None)

    @staticmethod
    def _add_scope(kwargs, scope: ChangeScope) -> None:
        kwargs.setdefault("periodical_id", scope.periodical_id)
        kwargs.setdefault("issue_id", scope.issue_id)
        kwargs.setdefault("after_publication", scope.after_publication)


class ChangeRecord(AbstractLogEntry):
    """One create, change or delete of a catalogue row: who, when, the values before and after.

    Written by django-auditlog's signal receivers (and by `RecordedQuerySet` for bulk writes);
    never changed afterwards. The periodical and the issue are kept as plain ids without a
    database constraint, so that the record of a deleted issue outlives it.
    """

    class Source(models.TextChoices):
        ADMIN = "admin", _("admin")
        API = "api", _("API")
        COMMAND = "command", _("management command")
        OTHER = "other", _("other (shell, scripts)")

    periodical = models.ForeignKey(
        "periodical.Periodical",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("periodical"),
    )
    issue = models.ForeignKey(
        "issues.Issue",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issue"),
    )
    source = models.CharField(
        _("made through"), max_length=20, choices=Source.choices, default=Source.OTHER
    )
    reason = models.CharField(
        _("reason"),
        max_length=255,
        blank=True,
        help_text=_("The command or the operation that made the change, e.g. a merge."),
    )
    after_publication = models.BooleanField(
        _("after publication"),
        default=False,
        db_index=True,
        help_text=_("The change was made to an issue that was already published."),
    )

    objects = ChangeRecordManager()

    class Meta(AbstractLogEntry.Meta):
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        ordering = ["-timestamp", "-id"]
        indexes = [
            models.Index(fields=["issue", "timestamp"], name="change_issue_time"),
            models.Index(fields=["actor", "timestamp"], name="change_actor_time"),
            models.Index(fields=["content_type", "object_id"], name="change_object"),
        ]

    @property
    def existing_issue(self):
        """The issue the change was made in, or None: none, or deleted since."""
        if self.issue_id is None:
            return None
        try:
            return self.issue
        except ObjectDoesNotExist:
            return None


class CdnPurge(models.Model):
    """A request to the CDN to drop its copies of some API answers, by cache tag (audit/cdn.py):
    made when published content changes, sent after the transaction commits, kept with its
    outcome so that an operator sees a purge that failed (and `retry_cdn_purges` re-sends it)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    tags = models.JSONField(_("cache tags"), default=list, help_text=_("The tags to drop."))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(
        _("attempts"), default=0, help_text=_("Requests made, retries included.")
    )
    response_status = models.PositiveIntegerField(
        _("response status"), null=True, blank=True, help_text=_("The CDN's last HTTP status.")
    )
    error = models.TextField(_("error"), blank=True, help_text=_("Why the last attempt failed."))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("CDN purge")
        verbose_name_plural = _("CDN purges")

    def __str__(self):
        return " ".join(self.tags)
