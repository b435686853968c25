
import django_fsm
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('issues', '0004_issue_version'),
    ]

    operations = [
        migrations.AddField(
            model_name='issue',
            name='publish_at',
            field=models.DateTimeField(blank=True, help_text='签发后，manage.py publish_due 到此时间发布本期；此前读者看不到它。', null=True, verbose_name='定时发布时间'),
        ),
        migrations.AlterField(
            model_name='issue',
            name='status',
            field=django_fsm.FSMField(choices=[('draft', 'draft'), ('signed', '已签发'), ('published', 'published')], default='draft', help_text='编排 → 签发 → 已出版；撤回只能通过记录在案的决定（workflow）。', max_length=20, verbose_name='status'),
        ),
    ]
