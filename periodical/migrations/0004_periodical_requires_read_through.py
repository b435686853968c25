
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('periodical', '0003_periodical_column_role_version'),
    ]

    operations = [
        migrations.AddField(
            model_name='periodical',
            name='requires_read_through',
            field=models.BooleanField(default=False, help_text='三校之后是否还要通读，才能定稿。', verbose_name='需要通读'),
        ),
    ]
