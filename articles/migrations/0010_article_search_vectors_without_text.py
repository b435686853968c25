"""PostgreSQL: the search index is two tsvector columns written by the search refresh, and the
segmented text is no longer stored.

Before, PostgreSQL kept the segmented text (`search_title`, `search_body`: every bigram written
out, about twice the body) and a tsvector generated from it: ~18 KB per article. Now the search
refresh (articles/search.py) segments in Python and writes only the tsvectors, by COPY for
many articles at once:

- `search_vector`: the tokens of the title part and the body part, positions stripped; GIN.
- `search_title_vector`: the tokens of the title part alone (title, 目录 title, subtitle,
  kicker); a small GIN of its own, so that title matches can be found and ranked first without
  touching the bodies.

A phrase of three or more characters is found by the index as an AND of its bigrams; the
function `articles_article_holds_phrase` then checks that they are adjacent, on the article's own
text read as the search reads it (NFKC, lowercase, no whitespace between Chinese characters),
author names included. It runs only for rows whose plain text does not already hold the phrase
(see ArticleQuerySet.search), i.e. rarely.

The segmented text stays the search text of SQLite (FTS5, migration 0004) and of other
databases; on PostgreSQL it is emptied here and no longer written.
"""

from django.db import migrations

GIN_INDEX = "articles_article_search_gin"
TITLE_GIN_INDEX = "articles_article_search_title_gin"
HAN = r"\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"

FORWARD = [
    f"DROP INDEX IF EXISTS {GIN_INDEX}",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE articles_article ADD COLUMN search_vector tsvector",
    "ALTER TABLE articles_article ADD COLUMN search_title_vector tsvector",
    # From the segmented text already stored: no Python needed to migrate.
    """
    UPDATE articles_article SET
        search_vector = strip(to_tsvector('simple'::regconfig, search_title || ' ' || search_body)),
        search_title_vector = strip(to_tsvector('simple'::regconfig, search_title)),
        search_title = '',
        search_body = ''
    """,
    f"CREATE INDEX {GIN_INDEX} ON articles_article USING gin (search_vector)",
    f"CREATE INDEX {TITLE_GIN_INDEX} ON articles_article USING gin (search_title_vector)",
    # Text as articles/search.py reads it: NFKC, lowercase, no whitespace between Han characters.
    f"""
    CREATE OR REPLACE FUNCTION articles_search_readable(t text) RETURNS text
    IMMUTABLE STRICT PARALLEL SAFE LANGUAGE sql AS $$
        SELECT regexp_replace(lower(normalize(t, NFKC)), '(?<=[{HAN}])\\s+(?=[{HAN}])', '', 'g')
    $$
    """,
    # Whether the title part or the body part of article `a` (as article_search_texts joins
    # them, author names included) holds `phrase`, a run of Chinese characters.
    """
    CREATE OR REPLACE FUNCTION articles_article_holds_phrase(a articles_article, phrase text)
    RETURNS boolean STABLE STRICT PARALLEL SAFE LANGUAGE sql AS $$
        SELECT strpos(articles_search_readable(
                   concat_ws(E'\\n', a.title, a.toc_title, a.subtitle, a.kicker)), phrase) > 0
            OR strpos(articles_search_readable(concat_ws(E'\\n', a.body, a.source_org,
                   a.reprinted_from, (
                       SELECT string_agg(
                           CASE WHEN c.name <> s.credited_name
                                THEN s.credited_name || E'\\n' || c.name
                                ELSE s.credited_name END,
                           E'\\n' ORDER BY s."order", s.id)
                       FROM articles_authorship s
                       JOIN contributors_contributor c ON c.id = s.contributor_id
                       WHERE s.article_id = a.id))), phrase) > 0
    $$
    """,
]
BACKWARD = [
    "DROP FUNCTION IF EXISTS articles_article_holds_phrase(articles_article, text)",
    "DROP FUNCTION IF EXISTS articles_search_readable(text)",
    f"DROP INDEX IF EXISTS {TITLE_GIN_INDEX}",
    f"DROP INDEX IF EXISTS {GIN_INDEX}",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_title_vector",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
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


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_photo_credit_image"),
        ("contributors", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
