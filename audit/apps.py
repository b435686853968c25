from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# Every model whose rows an issue prints or depends on; each create, change and delete of them
# is recorded.
RECORDED_MODELS = [
    "periodical.Periodical",
    "periodical.Column",
    "periodical.MastheadRole",
    "issues.Issue",
    "issues.MastheadEntry",
    "issues.Highlight",
    "issues.PlannedColumn",
    "articles.Article",
    "articles.Authorship",
    "articles.PhotoCredit",
    "contributors.Contributor",
    "contributors.ContributorNameVariant",
    "corrections.Correction",
    "workflow.SignOff",
]

# Fields that code derives (timestamps, search text, pinyin, the version every write raises):
# nobody changes them, so recording them would only bury the changes people made.
DERIVED_FIELDS = {
    "created_at", "updated_at", "content_changed_at", "search_title", "search_body",
    "search_names",    "name_pinyin", "name_initials", "name_sort_key", "version",
    "cover_image_width", "cover_image_height", "image_width", "image_height",
}  # fmt: skip


def recorded_fields(model) -> list[str]:
    """The model's own columns, less the derived ones (a periodical's name_pinyin is typed)."""
    derived = DERIVED_FIELDS - (
        {"name_pinyin"} if model._meta.label == "periodical.Periodical" else set()
    )
    return [field.name for field in model._meta.concrete_fields if field.name not in derived]


class AuditConfig(AppConfig):
    """The record of who changed what, and the auditor role."""

    name = "audit"
    verbose_name = _("Audit")

    def ready(self):
        from auditlog.registry import auditlog

        from core.concurrency import set_change_describer

        from .staleness import describe_changes

        # A stale write is refused with who changed the row meanwhile (core.concurrency).
        set_change_describer(describe_changes)

        from core.effects import CDN_PURGE, register_effect

        from .cdn import purge_tags

        register_effect(CDN_PURGE, purge_tags)  # one recorded purge per transaction

        for label in RECORDED_MODELS:
            model = apps.get_model(label)
            # Each record also keeps the row's recorded fields as they stood: a snapshot.
            auditlog.register(
                model,
                include_fields=recorded_fields(model),
                serialize_data=True,
                serialize_auditlog_fields_only=True,
            )
        # After every app's migrations, not only audit's: an app listed after audit gets its
        # permissions in its own post_migrate, and auditors must see its models too.
        post_migrate.connect(keep_auditor_group_complete, dispatch_uid="audit_keep_auditor_group")


def keep_auditor_group_complete(**kwargs):
    """A model added later is viewable by auditors too (runs after its permissions exist)."""
    from django.contrib.auth.models import Group, Permission

    from .roles import sync_auditor_group

    sync_auditor_group(Group, Permission, create=False)
