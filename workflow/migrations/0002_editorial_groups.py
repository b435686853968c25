from django.contrib.auth.management import create_permissions
from django.db import migrations

from workflow.roles import SIGN_PERMISSIONS, sync_editorial_groups


def create_editorial_groups(apps, schema_editor):
    # Permissions are made after all migrations have run; make them now, for the groups.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    sync_editorial_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def remove_editorial_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(SIGN_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0001_sign_off"),
        ("audit", "0002_auditor_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("contributors", "0005_contributor_version"),
        ("periodical", "0004_periodical_requires_read_through"),
    ]

    operations = [migrations.RunPython(create_editorial_groups, remove_editorial_groups)]
