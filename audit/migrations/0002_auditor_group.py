from django.contrib.auth.management import create_permissions
from django.db import migrations

from audit.roles import sync_auditor_group


def create_auditor_group(apps, schema_editor):
    # Permissions are made after all migrations have run; make them now, for the group.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    sync_auditor_group(
        apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"), create=True
    )


def remove_auditor_group(apps, schema_editor):
    from audit.roles import AUDITOR_GROUP

    apps.get_model("auth", "Group").objects.filter(name=AUDITOR_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0006_article_search_vector"),
        ("contributors", "0004_contributor_name_sort_key"),
        ("issues", "0003_issue_newest_first_index"),
        ("periodical", "0002_describe_slug"),
    ]

    operations = [migrations.RunPython(create_auditor_group, remove_auditor_group)]
