"""Article search: bigram segmentation, the query parser, results on the seed issues, the index
of each database, and the search text kept in step with every way an article is written."""

import importlib
import io
import re
import unicodedata

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models.fields.files import FieldFile
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import search_pages
from articles.apps import restore_sqlite_search_schema
from articles.models import SEARCH_INDEX_PARTS, Article, search_order
from articles.search import (
    FTS_TABLE,
    MAX_QUERY_LENGTH,
    TITLE_GIN_INDEX,
    SearchTerm,
    article_refresh_search,
    fts5_query_for,
    parse_search_query,
    search_indexes,
    search_indexes_built_after,
    search_reindex,
    search_text_is_stored,
    segment_for_search,
    tsquery_for,
)
from contributors.models import Contributor
from contributors.services import contributor_merge
from tests.factories import (
    ArticleFactory,
    AuthorshipFactory,
    ContributorFactory,
    withdraw_to_draft,
)

# ---------------------------------------------------------------------------------------------
# Segmentation and parsing: no database


@pytest.mark.parametrize(
    ("text", "segmented"),
    [
        ("乡村振兴", "乡村 村振 振兴 兴"),
        ("党", "党"),
        ("援疆，党建！", "援疆 疆 党建 建"),
        ("2025年第3期《党员之友》", "2025 年第 第 3 期 党员 员之 之友 友"),
        ("CPC Xinjiang Committee", "cpc xinjiang committee"),
        ("ＧＤＰ增长５％", "gdp 增长 长 5"),  # full-width letters and digits are ASCII ones
        ("5G网络", "5g 网络 络"),
        ("木拉迪力·克衣木", "木拉 拉迪 迪力 力 克衣 衣木 木"),  # the middle dot separates
        # Whitespace between Han characters is print layout: a padded name, a broken line.
        ("杨 羊", "杨羊 羊"),
        ("中\n\n国志愿服务", "中国 国志 志愿 愿服 服务 务"),
        ("，。！?... —— ", ""),
        ("", ""),
    ],
)
def test_segmentation(text, segmented):
    assert segment_for_search(text) == segmented


def test_a_phrase_is_adjacent_bigrams_of_the_segmented_text():
    # The unigram comes only at the end of a run, so a query's bigrams stay next to each other.
    segmented = segment_for_search("全面推进乡村振兴战略")
    assert " ".join(parse_search_query("乡村振兴")[0].tokens) in segmented


def test_query_terms():
    assert parse_search_query("援疆") == [SearchTerm(tokens=("援疆",), prefix=False)]
    assert parse_search_query("乡村振兴") == [
        SearchTerm(tokens=("乡村", "村振", "振兴"), prefix=False)
    ]
    assert parse_search_query("党") == [SearchTerm(tokens=("党",), prefix=True)]
    assert parse_search_query("  XinJiang，援疆 援疆 ") == [
        SearchTerm(tokens=("xinjiang",), prefix=True),
        SearchTerm(tokens=("援疆",), prefix=False),
    ]


def test_query_syntax_cannot_be_injected():
    terms = parse_search_query("""援疆" OR * NEAR(党 建) 'x' & !y | z:* <-> NOT""")
    assert all(re.fullmatch(r"\w+", token) for term in terms for token in term.tokens)
    assert fts5_query_for(parse_search_query("援疆 x")) == '"援疆" AND "x"*'
    assert tsquery_for(parse_search_query("乡村振兴 党")) == (
        "('乡村' & '村振' & '振兴') & ('党':*)"
    )


@pytest.mark.parametrize("query", ["", "   ", "，。！？", "——", "、、", '"*"'])
def test_a_query_with_nothing_to_search_is_refused(query):
    with pytest.raises(ValidationError) as raised:
        parse_search_query(query)
    assert raised.value.code == "empty_search"


def test_an_overlong_query_is_refused():
    with pytest.raises(ValidationError) as raised:
        parse_search_query("党" * (MAX_QUERY_LENGTH + 1))
    assert raised.value.code == "search_too_long"


# ---------------------------------------------------------------------------------------------
# Results on the seed data, computed independently in Python

HAN = r"\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def readable(text: str) -> str:
    """Text as a reader sees it: no print line breaks between Chinese characters."""
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(rf"(?<=[{HAN}])\s+(?=[{HAN}])", "", text)


def searchable_text(article: Article) -> tuple[str, str]:
    """(title part, everything) of an article: what the search is promised to look through."""
    title = "\n".join([article.title, article.toc_title, article.subtitle, article.kicker])
    names = [
        name
        for authorship in article.authorships.select_related("contributor")
        for name in (authorship.credited_name, authorship.contributor.name)
    ]
    rest = [article.body, article.source_org, article.reprinted_from, *names]
    return readable(title), readable("\n".join([title, *rest]))


def expected(*words: str) -> set[int]:
    """Articles whose title, subtitle, body or author names contain every word."""
    return {
        article.pk
        for article in Article.objects.all()
        if all(word.lower() in searchable_text(article)[1] for word in words)
    }


def found(query: str) -> list[Article]:
    return list(Article.objects.search(query))


@pytest.mark.parametrize("word", ["援疆", "党建", "新疆", "乡村振兴", "人民日报", "干部", "杨羊"])
def test_a_word_finds_exactly_the_articles_containing_it(seed_issue, word):
    wanted = expected(word)
    assert wanted, f"the seed data should contain {word}"
    assert {article.pk for article in found(word)} == wanted


def test_a_word_broken_over_two_printed_lines_is_found(seed_issue):
    # "中\n\n国志愿服务联合会" in the seed text: the printed line breaks inside 中国.
    broken = Article.objects.filter(body__contains="中\n\n国志愿服务").get()
    assert broken in found("中国志愿服务")


def test_title_matches_come_first(seed_issue):
    results = found("援疆")
    in_title = ["援疆" in searchable_text(article)[0] for article in results]
    assert True in in_title and False in in_title
    assert in_title == sorted(in_title, reverse=True)
    assert [a.search_title_terms for a in results] == [int(flag) for flag in in_title]


def test_then_the_newest_issue_first(seed_issue):
    results = found("新疆")
    for title_terms in {article.search_title_terms for article in results}:
        years = [a.issue.year for a in results if a.search_title_terms == title_terms]
        assert years == sorted(years, reverse=True)
    assert len({article.issue_id for article in results}) > 1


def test_a_single_character_is_found_anywhere(seed_issue):
    wanted = expected("赛")
    assert wanted
    assert {article.pk for article in found("赛")} == wanted
    # Also as the last character of a run, where it is no bigram's first character.
    assert {article.pk for article in found("疆")} == expected("疆")


def test_every_term_must_match(seed_issue):
    wanted = expected("援疆", "干部")
    assert wanted and wanted < expected("援疆") and wanted < expected("干部")
    assert {article.pk for article in found("援疆 干部")} == wanted
    assert {article.pk for article in found("援疆，干部")} == wanted


def test_latin_words_are_found_whatever_their_case(seed_issue):
    wanted = expected("gdp")
    assert wanted
    assert {a.pk for a in found("GDP")} == {a.pk for a in found("gd")} == wanted


def test_a_search_is_a_queryset_a_filter_can_narrow_count_and_slice(seed_issue):
    results = Article.objects.search("新疆").filter(issue=seed_issue)
    assert results.count() == len(
        expected("新疆") & set(seed_issue.articles.values_list("pk", flat=True))
    )
    assert len(results[:3]) == 3
    # Also as a subquery, where the article table has another alias.
    inner = Article.objects.search("援疆").values("pk")
    assert set(Article.objects.filter(pk__in=inner).values_list("pk", flat=True)) == expected(
        "援疆"
    )


def test_punctuation_only_is_a_validation_error(seed_issue):
    with pytest.raises(ValidationError):
        Article.objects.search("，。")


def test_a_long_article_is_found_by_a_phrase_near_its_end(seed_issue):
    # A tsvector keeps at most 256 positions per lexeme: a phrase query (<->) would miss this.
    article = ArticleFactory(body="党的工作" * 400 + "党的建设新篇章")
    article_refresh_search(article_ids=[article.pk])
    assert article in found("党的建设新篇章")
    assert article not in found("党的建设旧篇章")


def clear_search_index() -> None:
    """Forget every article's search text, as a database the refresh never reached would:
    the segmented text where it is stored (SQLite), the authors' names everywhere (PostgreSQL
    indexes the rest of the text from the article's own columns)."""
    Article.objects.update(search_title="", search_body="", search_names="")


def unindexed_article_ids() -> set[int]:
    """Articles whose search text is missing: no segmented text where it is stored, no names
    where they have authors."""
    articles = Article.objects.all()
    if search_text_is_stored():
        return set(articles.filter(search_body="").values_list("pk", flat=True))
    with_authors = articles.filter(authorships__isnull=False, search_names="")
    return set(with_authors.values_list("pk", flat=True))


def test_refreshing_many_articles_takes_as_many_queries_as_one(
    seed_issue, django_assert_num_queries
):
    ids = list(seed_issue.articles.values_list("pk", flat=True))
    clear_search_index()
    with django_assert_num_queries(5) as one:  # savepoint, articles, authors, update, release
        article_refresh_search(article_ids=ids[:1])
    with django_assert_num_queries(len(one.captured_queries)):
        article_refresh_search(article_ids=ids)


# ---------------------------------------------------------------------------------------------
# The search text follows every write


def change_form_data(response) -> dict:
    """The POST data of an admin change form as it was rendered, inlines included."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.extend([inline.formset.management_form, *inline.formset.forms])
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if isinstance(value, FieldFile):
                continue  # a browser does not send a file again
            if isinstance(value, bool):
                if value:
                    data[field.html_name] = "on"
            elif value is not None:
                data[field.html_name] = value
    return data


@pytest.fixture
def editor_client(db, client):
    user = get_user_model().objects.create_user("editor", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def test_editing_an_article_and_its_author_in_the_admin_refreshes_its_search_text(
    editor_client, seed_issue
):
    withdraw_to_draft(seed_issue)  # a published issue's page is read-only
    article = seed_issue.articles.filter(authorships__isnull=False).first()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(editor_client.get(url))
    data["body"] += "\n\n这是新增的一段关于冰川观测站的文字。"
    data["authorships-0-credited_name"] = "欧阳修远"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert found("冰川观测站") == [article]
    assert found("欧阳修远") == [article]


def test_editing_a_title_on_the_issue_page_refreshes_its_search_text(editor_client, seed_issue):
    withdraw_to_draft(seed_issue)  # a published issue's page is read-only
    url = reverse("admin:issues_issue_change", args=[seed_issue.pk])
    data = change_form_data(editor_client.get(url))
    assert data["articles-0-id"]
    data["articles-0-title"] = "戈壁滩上的光伏电站"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert [a.title for a in found("光伏电站")] == ["戈壁滩上的光伏电站"]
    assert found("光伏电站")[0].search_title_terms == 1


def test_renaming_an_author_in_the_admin_refreshes_their_articles(editor_client, seed_issue):
    authorship = AuthorshipFactory(contributor__name="司马远山")
    url = reverse("admin:contributors_contributor_change", args=[authorship.contributor.pk])
    data = change_form_data(editor_client.get(url))
    data["name"] = "司马青山"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    # The name printed on the article stays findable, and so is the person's new name.
    assert found("司马远山") == found("司马青山") == [authorship.article]


def test_merging_contributors_makes_their_articles_findable_by_the_kept_name(seed_issue):
    authorship = AuthorshipFactory(contributor__name="诸葛明月", credited_name="诸葛明月")
    kept = ContributorFactory(name="诸葛明悦")
    contributor_merge(source=authorship.contributor, target=kept)
    assert found("诸葛明悦") == [authorship.article]


def test_the_seed_loader_fills_the_search_text(seed_issue):
    assert seed_issue.articles.exists()
    assert not unindexed_article_ids()
    assert Contributor.objects.get(name="杨羊").authorships.exists()


# ---------------------------------------------------------------------------------------------
# Each database's index


def fts_rowids(match: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")
def test_sqlite_searches_an_fts5_table_kept_in_step_by_triggers(seed_issue):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {row[0] for row in cursor.fetchall()}
    # A migration that makes Django rebuild articles_article drops its triggers; the
    # post_migrate hook of articles/apps.py puts them back (see the next test).
    assert {f"{FTS_TABLE}_insert", f"{FTS_TABLE}_update", f"{FTS_TABLE}_delete"} <= triggers
    assert "articles_article_fts" in str(Article.objects.search("援疆").query)
    assert_fts_follows_writes()


def assert_fts_follows_writes() -> None:
    """An article written, rewritten and deleted is found, found by its new text only, then
    not found; the index agrees with its content table (FTS5's own consistency check)."""
    # Rare characters, so that no seed article holds them.
    article = ArticleFactory(body="沙漠边缘的龘靐")
    article_refresh_search(article_ids=[article.pk])
    assert fts_rowids('"龘靐"') == fts_rowids('"龘"*') == {article.pk}
    article.body = "河畔的麤鱻"
    article.save()
    article_refresh_search(article_ids=[article.pk])
    assert fts_rowids('"龘靐"') == fts_rowids('"龘"*') == set()
    assert fts_rowids('"麤鱻"') == fts_rowids('"鱻"*') == {article.pk}
    article.delete()
    assert fts_rowids('"麤鱻"') == fts_rowids('"鱻"*') == set()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")


def fts_table_sql() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [FTS_TABLE])
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")
def test_the_prefix_index_migration_rebuilds_the_fts5_table_both_ways(seed_issue):
    """Migration 0012 drops the FTS5 table and makes it again with an index of one-character
    prefixes, filled from the articles; backwards, without. Each way single characters and
    words find what they found, and the index follows later writes."""
    migration = importlib.import_module("articles.migrations.0012_sqlite_search_prefix_index")
    assert "prefix='1'" in fts_table_sql()
    before = {query: [a.pk for a in found(query)] for query in ("党", "疆", "援疆", "gdp")}
    assert all(before.values())
    for statements, prefix in [(migration.BACKWARD, False), (migration.FORWARD, True)]:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        assert ("prefix='1'" in fts_table_sql()) is prefix
        assert {query: [a.pk for a in found(query)] for query in before} == before
        assert_fts_follows_writes()


@pytest.mark.postgres
def test_postgresql_uses_the_gin_index(seed_issue):
    with transaction.atomic(), connection.cursor() as cursor:
        # The table is tiny, so every plan is cheap: forbid the scans that need no index to
        # see that the search condition is one the GIN index answers.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        for query in ("援疆", "乡村振兴 干部", "党"):
            # The condition alone: the order joins the issues, whose own index
            # (issue_newest_first) a tiny table would walk instead.
            plan = Article.objects.search(query).order_by().values("pk").explain()
            for part in text_index_parts():  # every part of the text's index is read
                assert part in plan, plan
            assert "Seq Scan on articles_article" not in plan, plan


def text_index_parts() -> list[str]:
    return [name for name in search_indexes() if name != TITLE_GIN_INDEX]


def search_index_definitions() -> dict[str, tuple[str, int]]:
    """Each search index as PostgreSQL describes it, and the file it is in (a build makes a
    new one)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef, pg_relation_filenode(indexname::regclass)"
            " FROM pg_indexes WHERE indexname = ANY(%s)",
            [list(search_indexes())],
        )
        return {name: (definition, node) for name, definition, node in cursor.fetchall()}


@pytest.mark.postgres
def test_the_text_index_is_in_parts_that_together_find_every_article(seed_issue):
    assert len(text_index_parts()) == SEARCH_INDEX_PARTS
    every_part = set(range(SEARCH_INDEX_PARTS))
    assert {pk % SEARCH_INDEX_PARTS for pk in expected("干部")} == every_part, "seed in each part"
    assert {a.pk for a in found("干部")} == expected("干部")
    assert {a.pk for a in found("党")} == expected("党")


@pytest.mark.postgres
def test_a_count_reads_the_first_part_of_the_index_alone_when_it_holds_enough(
    seed_issue, monkeypatch
):
    """A count from the index asks the first part first: where it holds more results than the
    count shows, the count is "at least" without the other parts' lists; else every part
    counts, exactly."""
    monkeypatch.setattr(search_pages, "COMMON_SHARE", 2.0)  # never walked: from the index
    everywhere = expected("干部")
    in_first = {pk for pk in everywhere if pk % SEARCH_INDEX_PARTS == 0}
    assert 2 <= len(in_first) < len(everywhere)
    other_parts = [f"{SEARCH_INDEX_PARTS} = {part} AND" for part in range(1, SEARCH_INDEX_PARTS)]

    monkeypatch.setattr(search_pages, "SEARCH_COUNT_LIMIT", len(in_first) - 1)
    with CaptureQueriesContext(connection) as queries:
        page = Article.objects.search("干部").search_page(offset=0, limit=0)
    assert (page.count, page.count_is_lower_bound) == (len(in_first) - 1, True)
    counts = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert counts and not any(part in sql for part in other_parts for sql in counts), counts

    monkeypatch.setattr(search_pages, "SEARCH_COUNT_LIMIT", len(everywhere) + 5)
    page = Article.objects.search("干部").search_page(offset=0, limit=0)
    assert (page.count, page.count_is_lower_bound) == (len(everywhere), False)


@pytest.mark.postgres
def test_a_query_of_two_terms_needs_twice_the_share_for_its_count_to_walk(
    seed_issue, monkeypatch
):
    """A walk checks every term of each row it reads, so that where one term found in a share
    of the articles is counted by a walk, two terms found together in the same share are
    counted from the index; the count is the same either way."""
    share = len(expected("援疆", "干部")) / Article.objects.published().count()
    assert 0 < share <= len(expected("干部")) / Article.objects.published().count()
    monkeypatch.setattr(search_pages, "COMMON_SHARE", share / 1.5)  # one term's bar, not two's

    def count_from_index(query: str) -> tuple[int, bool]:
        with CaptureQueriesContext(connection) as queries:
            page = Article.objects.published().search(query).search_page(offset=0, limit=0)
        counts = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
        assert page.count == len(expected(*query.split())), query
        return any("@@" in sql for sql in counts)

    assert not count_from_index("干部")
    assert count_from_index("援疆 干部")
    monkeypatch.setattr(search_pages, "COMMON_SHARE", share / 2.5)  # both bars met
    assert not count_from_index("援疆 干部")


@pytest.mark.postgres
def test_a_search_rebuild_builds_every_index_again_as_the_migrations_made_it(django_db_blocker):
    """rebuild_search_index --parallel, on a connection outside any transaction (the test
    database as the migrations left it, committed): each index is built anew by a connection
    of its own, and a missing one (a bulk load drops them) is created, as migration 0014 did."""
    with django_db_blocker.unblock():
        before = search_index_definitions()
        assert set(before) == set(search_indexes())
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX {text_index_parts()[1]}")
        try:
            call_command("rebuild_search_index", "--parallel", stdout=io.StringIO())
        except BaseException:
            search_reindex()  # the dropped index, for the tests that follow
            raise
        after = search_index_definitions()
        assert {name: d for name, (d, _node) in after.items()} == {
            name: d for name, (d, _node) in before.items()
        }
        assert all(after[name][1] != before[name][1] for name in before), "not all rebuilt"
        assert {a.pk for a in found("援疆")} == expected("援疆")


@pytest.mark.postgres
def test_the_indexes_dropped_for_a_bulk_write_are_built_after_it_even_when_it_fails(
    django_db_blocker,
):
    """search_indexes_built_after(), as `import_issue --index-after` runs a back catalogue, on
    a connection outside any transaction (the test database as the migrations left it)."""
    with django_db_blocker.unblock():
        before = search_index_definitions()
        with pytest.raises(RuntimeError), search_indexes_built_after():
            assert search_index_definitions() == {}
            assert {a.pk for a in found("援疆")} == expected("援疆"), "found without the index"
            raise RuntimeError("an import that fails")
        after = search_index_definitions()
        assert {name: d for name, (d, _node) in after.items()} == {
            name: d for name, (d, _node) in before.items()
        }
        assert {a.pk for a in found("援疆")} == expected("援疆")


def test_rebuild_search_index_restores_the_search_text(seed_issue):
    clear_search_index()
    # An author's name is lost on every database (the text too where it is stored).
    assert Article.objects.search("杨羊").count() == 0
    out = io.StringIO()
    call_command("rebuild_search_index", "--batch-size", "10", stdout=out)
    total = Article.objects.count()
    changed = Article.objects.filter(authorships__isnull=False).distinct().count()
    if search_text_is_stored():
        changed = total  # their segmented text too
    assert out.getvalue().strip() == f"{total} articles refreshed, {changed} changed."
    assert {a.pk for a in found("援疆")} == expected("援疆")
    assert {a.pk for a in found("杨羊")} == expected("杨羊")


def test_rebuild_search_index_refuses_a_batch_size_of_zero(seed_issue):
    with pytest.raises(CommandError, match="batch-size"):
        call_command("rebuild_search_index", "--batch-size", "0")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 triggers")
def test_migrate_restores_triggers_a_table_rebuild_dropped(seed_issue):
    with connection.cursor() as cursor:
        for event in ("insert", "update", "delete"):
            cursor.execute(f"DROP TRIGGER {FTS_TABLE}_{event}")
    article = seed_issue.articles.get(start_page=1)
    restore_sqlite_search_schema(sender=None, using=connection.alias)
    article.body += "沙漠边缘的龘靐"
    article.save()
    article_refresh_search(article_ids=[article.pk])
    assert fts_rowids('"龘靐"') == {article.pk}


def newest_first_plan(limit: int) -> str:
    # A different limit each time: Python's sqlite3 keeps prepared statements, and SQLite does
    # not prepare an EXPLAIN again after the schema changed.
    ordered = Article.objects.published().order_by(*search_order()).values_list("pk")
    return ordered[:limit].explain()


def sqlite_indexes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own index of migration 0013")
def test_a_walk_reads_the_issues_by_their_search_order_index_which_migrate_restores(seed_issue):
    # The articles newest first without sorting them all: issues by the index, the articles of
    # each issue by theirs, only their order within an issue sorted.
    plan = newest_first_plan(20)
    assert "USING INDEX issue_search_order" in plan, plan
    assert "RIGHT PART OF ORDER BY" in plan, plan
    # A migration that rebuilds issues_issue drops it; the post_migrate hook makes it again.
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX issue_search_order")
    assert "issue_search_order" not in newest_first_plan(21)
    restore_sqlite_search_schema(sender=None, using=connection.alias)
    assert "issue_search_order" in sqlite_indexes()
    assert "USING INDEX issue_search_order" in newest_first_plan(22)


# ---------------------------------------------------------------------------------------------
# Pages of results (articles/search_pages.py): the same results as the ordered queryset, read
# by a newest-first walk or by the index, and a count that stops at a limit


@pytest.fixture(params=["walk", "walk in ranges", "index"])
def page_reading(request, monkeypatch):
    """Read pages by walking only (every query counted as common), or by the index only. SQLite
    asks FTS5 for a window's ids as one range of ids, or ("walk in ranges") as several."""
    if request.param.startswith("walk"):
        monkeypatch.setattr(search_pages, "WALK_BUDGET", 10**6)
        monkeypatch.setattr(search_pages, "FIRST_WINDOW", 7)  # several windows on the seeds
        monkeypatch.setattr(search_pages, "COMMON_SHARE", 0.0)
        if request.param == "walk in ranges":
            monkeypatch.setattr(search_pages, "RANGE_GAP", 0)
            monkeypatch.setattr(search_pages, "MAX_RANGES", 3)
    else:
        monkeypatch.setattr(search_pages, "WALK_BUDGET", 0)
        monkeypatch.setattr(search_pages, "COMMON_SHARE", 2.0)
    return request.param


@pytest.mark.parametrize("query", ["援疆", "新疆", "党", "乡村振兴", "gdp", "援疆 干部", "杨羊"])
def test_a_search_page_is_that_slice_of_the_results(seed_issue, page_reading, query):
    results = Article.objects.published().search(query)
    everything = list(results)
    assert everything, query
    for offset, limit in [(0, 20), (0, 3), (2, 5), (len(everything) - 1, 4)]:
        page = results.search_page(offset=offset, limit=limit)
        assert page.articles == everything[offset : offset + limit], (offset, limit)
        assert (page.count, page.count_is_lower_bound) == (len(everything), False)


def newest_first(article: Article) -> tuple:
    """search_order() in Python: newest issue (year, number, date; an unknown one last), then
    目录 order, then the page."""
    issue = article.issue
    date = issue.publication_date
    return (
        -issue.year,
        (issue.number is None, -(issue.number or 0)),
        (date is None, -(date.toordinal() if date else 0)),
        (article.toc_order is None, article.toc_order or 0),
        (article.start_page is None, article.start_page or 0),
        article.pk,
    )


@pytest.mark.parametrize("query", ["党", "疆", "新疆", "援疆 干部"])
def test_a_page_is_title_matches_by_number_of_terms_then_newest_first(
    seed_issue, page_reading, query
):
    words = query.split()
    texts = {a.pk: searchable_text(a) for a in Article.objects.published().select_related("issue")}
    articles = Article.objects.published().select_related("issue")
    matching = [a for a in articles if all(word in texts[a.pk][1] for word in words)]

    def in_title(article: Article) -> int:
        return sum(word in texts[article.pk][0] for word in words)

    wanted = sorted(matching, key=lambda article: (-in_title(article), newest_first(article)))
    assert len({in_title(article) for article in wanted}) > 1, "some titles hold a term"
    page = Article.objects.published().search(query).search_page(offset=0, limit=len(wanted))
    assert [a.pk for a in page.articles] == [a.pk for a in wanted]
    assert (page.count, page.count_is_lower_bound) == (len(wanted), False)


@pytest.mark.parametrize(
    ("ids", "ranges"),
    [
        ([], []),
        ([7], [(7, 7)]),
        ([5, 3, 4, 400, 401], [(3, 5), (400, 401)]),  # a gap over RANGE_GAP (200) splits
        ([1, 150, 300, 449], [(1, 449)]),  # gaps of 150 do not
        # At most MAX_RANGES (8): the seven widest gaps split.
        (
            [n * 1000 for n in range(10)] + [9500],
            [(0, 0), (1000, 1000), (2000, 2000), (3000, 3000), (4000, 4000), (5000, 5000)]
            + [(6000, 6000), (7000, 9500)],
        ),
    ],
)
def test_a_window_is_asked_of_fts5_as_few_ranges_of_ids(ids, ranges):
    assert search_pages._id_ranges(ids) == ranges


def test_a_search_count_beyond_the_limit_is_a_lower_bound(seed_issue, page_reading, monkeypatch):
    monkeypatch.setattr(search_pages, "SEARCH_COUNT_LIMIT", 3)
    results = Article.objects.search("新疆")
    everything = list(results)
    assert len(everything) > 8
    first = results.search_page(offset=0, limit=2)
    assert (first.count, first.count_is_lower_bound) == (3, True)
    assert first.articles == everything[:2]
    # A page past the limit counts at least to its end, and is read all the same.
    later = results.search_page(offset=5, limit=2)
    assert later.articles == everything[5:7]
    assert later.count >= 7 and later.count_is_lower_bound
    last = results.search_page(offset=len(everything) - 2, limit=5)
    assert last.articles == everything[-2:]
    assert (last.count, last.count_is_lower_bound) == (len(everything), False)


def test_a_search_filtered_or_reordered_afterwards_is_paged_as_it_is(seed_issue, page_reading):
    narrowed = Article.objects.search("新疆").filter(start_page__gt=10)
    assert narrowed.search_page(offset=0, limit=50).articles == list(narrowed)
    reordered = Article.objects.search("新疆").order_by("-id")
    assert reordered.search_page(offset=1, limit=3).articles == list(reordered[1:4])
