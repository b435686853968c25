from django.contrib.auth.management import create_permissions
from django.db import migrations

from corrections.roles import CHIEF_EDITOR_GROUP, GRANTED, grant_chief_editors


def grant(apps, schema_editor):
    # Permissions are made after all migrations have run; make this app's now, for the group.
    app_config = apps.get_app_config("corrections")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    grant_chief_editors(
        apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"), create=True
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=CHIEF_EDITOR_GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="corrections", codename__in=GRANTED)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("corrections", "0001_correction"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
