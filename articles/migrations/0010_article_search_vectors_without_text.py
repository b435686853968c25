"""PostgreSQL: search by GIN indexes over an expression of the article's own text; no search
text or tsvector is stored. SQLite keeps its FTS5 table (migration 0004).

Before, PostgreSQL stored the segmented text (`search_title`, `search_body`: every bigram
written out, twice the body) and a tsvector generated from it: ~18 KB per article, and a
rebuild wrote all of it. Now the index holds every pair of adjacent characters of the text
as the search reads it, computed by SQL from the columns themselves
(`articles_search_vector`): NFKC, lowercase, whitespace between Chinese characters removed,
then the pairs at even and at odd offsets. Nothing is stored but the GIN index (~2 KB per
article); an ordinary save re-indexes its row by itself, and REINDEX is the bulk rebuild.

- `articles_article_search_gin`: the title part, the body part and `search_names` (the
  authors' names, which live in other rows: the one column the search refresh writes).
- `articles_article_search_title_gin`: the title part alone, so that title matches are found
  and ranked first without reading the bodies.

Pairs rather than the runs and bigrams of articles/search.py: an SQL regular expression per
Han run costs ~3 ms an article, a pair split ~0.3 ms. The pairs that straddle punctuation or
a Latin letter cost a few more index entries and no false result: a query term is a run of
Han characters (whose bigrams are pairs) or a Latin word, checked to start a word
(ArticleQuerySet.search). A phrase of three or more characters is an AND of its bigrams,
checked to be in a row by strpos.
"""

from django.db import migrations, models

GIN_INDEX = "articles_article_search_gin"
TITLE_GIN_INDEX = "articles_article_search_title_gin"
HAN = r"\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"

# The columns of each part, joined by line breaks as article_search_texts joins them. `||`, not
# concat_ws, which is not immutable and so cannot be indexed.
TITLE_PART = r"title || E'\n' || toc_title || E'\n' || subtitle || E'\n' || kicker"
EVERYTHING = (
    rf"{TITLE_PART} || E'\n' || body || E'\n' || source_org || E'\n' || reprinted_from"
    rf" || E'\n' || search_names"
)

# Text as articles/search.py reads it: NFKC, lowercase, no whitespace between Han characters.
READABLE = rf"regexp_replace(lower(normalize(t, NFKC)), '([{HAN}])\s+(?=[{HAN}])', '\1', 'g')"

FORWARD = [
    f"DROP INDEX IF EXISTS {GIN_INDEX}",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
    "UPDATE articles_article SET search_title = '', search_body = ''",
    # Text as articles/search.py reads it: NFKC, lowercase, no whitespace between Han characters.
    f"""
    CREATE OR REPLACE FUNCTION articles_search_readable(t text) RETURNS text
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE sql COST 500 AS $$
        SELECT {READABLE}
    $$
    """,
    # Every pair of adjacent characters of the readable text (a space appended, so that the
    # last character also starts a pair): the pairs at even offsets, then those at odd ones,
    # each split by regexp_replace after every two characters. The costs tell the planner what a
    # call costs (~0.5 ms, ~0.1 ms): reading the index beats computing this for every row.
    # The readable text is spelt out again, not called: pg_restore builds the indexes with an
    # empty search_path, where only built-in functions are found.
    r"""
    CREATE OR REPLACE FUNCTION articles_search_vector(t text) RETURNS tsvector
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE sql COST 2500 AS $$
        SELECT array_to_tsvector(array_remove(
            string_to_array(regexp_replace(s, '(..)', E'\\1\x01', 'g'), E'\x01')
            || string_to_array(regexp_replace(substr(s, 2), '(..)', E'\\1\x01', 'g'), E'\x01'),
            ''))
        FROM (SELECT READABLE || ' ' AS s) AS readable
    $$
    """.replace("READABLE", READABLE),
    f"CREATE INDEX {GIN_INDEX} ON articles_article USING gin "
    f"(articles_search_vector({EVERYTHING}))",
    f"CREATE INDEX {TITLE_GIN_INDEX} ON articles_article USING gin "
    f"(articles_search_vector({TITLE_PART}))",
]
BACKWARD = [
    f"DROP INDEX IF EXISTS {TITLE_GIN_INDEX}",
    f"DROP INDEX IF EXISTS {GIN_INDEX}",
    "DROP FUNCTION IF EXISTS articles_search_vector(text)",
    "DROP FUNCTION IF EXISTS articles_search_readable(text)",
    # Migration 0006's column; run rebuild_search_index afterwards to fill the text again.
    """
    ALTER TABLE articles_article ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        strip(to_tsvector('simple'::regconfig, search_title || ' ' || search_body))
    ) STORED
    """,
    f"CREATE INDEX {GIN_INDEX} ON articles_article USING gin (search_vector)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


def fill_search_names(apps, schema_editor):
    """The authors' names of every article, as article_search_names gives them."""
    from articles.search import article_search_names

    Article = apps.get_model("articles", "Article")
    Authorship = apps.get_model("articles", "Authorship")
    using = schema_editor.connection.alias
    names = {}
    for article_id, credited_name, name in (
        Authorship.objects.using(using)
        .order_by("article_id", "order", "id")
        .values_list("article_id", "credited_name", "contributor__name")
    ):
        names.setdefault(article_id, []).append((credited_name, name))
    articles = [
        Article(pk=pk, search_names=article_search_names(pairs)) for pk, pairs in names.items()
    ]
    Article.objects.using(using).bulk_update(articles, ["search_names"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_photo_credit_image"),
        ("contributors", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_names",
            field=models.TextField(
                blank=True,
                default="",
                editable=False,
                help_text=(
                    "The authors' names as printed and the contributors' own names, one a "
                    "line, for the search; written by the search refresh, never by hand."
                ),
                verbose_name="names the search finds the article by",
            ),
        ),
        migrations.RunPython(fill_search_names, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
