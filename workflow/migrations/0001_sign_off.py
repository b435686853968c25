
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('articles', '0008_article_workflow_stage'),
        ('issues', '0005_issue_signed_status_publish_at'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SignOff',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('stage', models.CharField(choices=[('received', '收稿'), ('first_review', '初审'), ('second_review', '复审'), ('final_review', '终审'), ('proof_1', '一校'), ('proof_2', '二校'), ('proof_3', '三校'), ('read_through', '通读'), ('ready', '定稿'), ('rejected', '不予刊用'), ('issue_sign', '签发'), ('issue_withdraw', '撤回')], max_length=20, verbose_name='阶段')),
                ('decision', models.CharField(choices=[('approved', '通过'), ('returned', '退回修改'), ('rejected', '不予刊用'), ('withdrawn', '撤回')], default='approved', max_length=20, verbose_name='决定')),
                ('returned_to', models.CharField(blank=True, choices=[('received', '收稿'), ('first_review', '初审'), ('second_review', '复审'), ('final_review', '终审'), ('proof_1', '一校'), ('proof_2', '二校'), ('proof_3', '三校'), ('read_through', '通读'), ('ready', '定稿'), ('rejected', '不予刊用')], help_text='退回修改时，稿件回到的阶段。', max_length=20, verbose_name='退回至')),
                ('opinion', models.TextField(blank=True, help_text='审稿意见、校对记录，或签发、撤回的理由。', verbose_name='意见')),
                ('override_reason', models.TextField(blank=True, help_text='稿件未全部定稿或核对清单有问题时，主编仍签发的理由。', verbose_name='强制签发理由')),
                ('signed_at', models.DateTimeField(auto_now_add=True, verbose_name='签署时间')),
                ('article', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='sign_offs', to='articles.article', verbose_name='article')),
                ('issue', models.ForeignKey(blank=True, help_text='签发或撤回的期次；稿件的签署此项为空。', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='sign_offs', to='issues.issue', verbose_name='issue')),
                ('signed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sign_offs', to=settings.AUTH_USER_MODEL, verbose_name='签署人')),
            ],
            options={
                'verbose_name': '签署记录',
                'verbose_name_plural': '签署记录',
                'ordering': ['signed_at', 'id'],
                'permissions': [('sign_received', '可登记收稿（送初审）'), ('sign_first_review', '可签署初审'), ('sign_second_review', '可签署复审'), ('sign_final_review', '可签署终审'), ('sign_proof_1', '可签署一校'), ('sign_proof_2', '可签署二校'), ('sign_proof_3', '可签署三校'), ('sign_read_through', '可签署通读'), ('sign_issue', '可签发期次'), ('withdraw_issue', '可撤回已签发或已出版的期次')],
                'indexes': [models.Index(fields=['article', 'signed_at'], name='workflow_si_article_f90df8_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('article__isnull', False), ('issue__isnull', True)), models.Q(('article__isnull', True), ('issue__isnull', False)), _connector='OR'), name='sign_off_of_article_or_issue', violation_error_message='签署记录属于一篇稿件或一期，二者居一。'), models.CheckConstraint(condition=models.Q(models.Q(('decision', 'returned'), _negated=True), models.Q(('returned_to', ''), _negated=True), _connector='OR'), name='sign_off_return_names_stage', violation_error_message='退回修改须写明退回到哪个阶段。')],
            },
        ),
    ]
