"""Fill the pinyin of the contributors already in the database."""

from django.db import migrations

from contributors.models import name_in_pinyin


def fill_name_pinyin(apps, schema_editor):
    # The historical model has no save() override: compute the columns here.
    Contributor = apps.get_model("contributors", "Contributor")
    contributors = list(Contributor.objects.using(schema_editor.connection.alias).only("name"))
    for contributor in contributors:
        contributor.name_pinyin, contributor.name_initials = name_in_pinyin(contributor.name)
    Contributor.objects.using(schema_editor.connection.alias).bulk_update(
        contributors, ["name_pinyin", "name_initials"], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contributors", "0002_contributor_name_pinyin"),
    ]

    operations = [
        migrations.RunPython(fill_name_pinyin, migrations.RunPython.noop, elidable=True),
    ]
