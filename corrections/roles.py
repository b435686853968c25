"""Who approves corrections: the group 主编 holds the permission to approve and apply one.

The workflow's migration creates the editorial groups (编辑, 责任编辑, 编辑部主任, 主编) and sets
their permissions; this app's migration 0002 finds or makes 主编 by name, and after every
`migrate` the group is given the corrections' permissions again (CorrectionsConfig.ready), so
that whichever migration runs last, the chief editors may approve corrections.
"""

CHIEF_EDITOR_GROUP = "主编"
GRANTED = ("approve_correction", "add_correction", "view_correction")


def grant_chief_editors(Group, Permission, *, create: bool) -> None:
    """Give the group 主编 the permissions of GRANTED, keeping its others.

    `Group` and `Permission` are passed in so that a migration can use its historical models;
    without `create`, a group deleted by an administrator is not brought back.
    """
    if create:
        group, _created = Group.objects.get_or_create(name=CHIEF_EDITOR_GROUP)
    else:
        group = Group.objects.filter(name=CHIEF_EDITOR_GROUP).first()
        if group is None:
            return
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="corrections", codename__in=GRANTED)
    )
