"""Fill the search text of the articles already in the database."""

from django.db import migrations
from django.db.models import Prefetch

from articles.search import article_search_texts

BATCH_SIZE = 500


def fill_search_text(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Authorship = apps.get_model("articles", "Authorship")
    ids = list(Article.objects.using(schema_editor.connection.alias).values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH_SIZE):
        articles = list(
            Article.objects.using(schema_editor.connection.alias)
            .filter(pk__in=ids[start : start + BATCH_SIZE])
            .prefetch_related(
                Prefetch(
                    "authorships",
                    queryset=Authorship.objects.select_related("contributor").order_by(
                        "order", "id"
                    ),
                )
            )
        )
        for article in articles:
            # The names (a third text) have their own column from migration 0010 on.
            article.search_title, article.search_body = article_search_texts(
                article, article.authorships.all()
            )[:2]
        Article.objects.using(schema_editor.connection.alias).bulk_update(
            articles, ["search_title", "search_body"]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_article_search_index"),
        ("contributors", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(fill_search_text, migrations.RunPython.noop, elidable=True),
    ]
