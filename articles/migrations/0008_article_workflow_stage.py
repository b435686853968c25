import django_fsm
from django.db import migrations, models


def published_articles_entered_as_imported(apps, schema_editor):
    """Articles of issues published before the workflow existed have no sign-offs: they are
    定稿 as printed, marked as entered without a record (not given fake sign-offs)."""
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(issue__status="published").update(
        stage="ready", workflow_origin="imported"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0007_article_version'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='stage',
            field=django_fsm.FSMField(choices=[('received', '收稿'), ('first_review', '初审'), ('second_review', '复审'), ('final_review', '终审'), ('proof_1', '一校'), ('proof_2', '二校'), ('proof_3', '三校'), ('read_through', '通读'), ('ready', '定稿'), ('rejected', '不予刊用')], default='received', editable=False, help_text='三审三校中的当前阶段；只随签署（通过、退回、不予刊用）改变。', max_length=20, verbose_name='稿件阶段'),
        ),
        migrations.AddField(
            model_name='article',
            name='workflow_origin',
            field=models.CharField(choices=[('workflow', '编辑流程'), ('imported', '导入（无审校记录）')], default='workflow', editable=False, help_text='“导入”：过刊或本功能上线前的稿件，以定稿状态进入，没有签署记录。', max_length=20, verbose_name='来源'),
        ),
        migrations.RunPython(published_articles_entered_as_imported, migrations.RunPython.noop),
    ]
