"""The auditor role: a group that may view everything, drafts and history included, and change
nothing. Created by a migration; kept complete as new models arrive (see AuditConfig.ready)."""

AUDITOR_GROUP = "审计员"

# The apps whose every model an auditor may view.
AUDITED_APPS = ("periodical", "issues", "articles", "contributors", "audit", "imports", "workflow")


def sync_auditor_group(Group, Permission, *, create: bool) -> None:
    """Give the auditor group the view permission of every audited model, and no other.

    `Group` and `Permission` are passed in so that a migration can use its historical models.
    """
    group = Group.objects.filter(name=AUDITOR_GROUP).first()
    if group is None:
        if not create:
            return  # deleted on purpose by an administrator: not brought back
        group = Group.objects.create(name=AUDITOR_GROUP)
    view_permissions = Permission.objects.filter(
        content_type__app_label__in=AUDITED_APPS, codename__startswith="view_"
    )
    group.permissions.set(view_permissions)
