"""Benchmark of the API endpoints over a large catalogue: time per request and SQL queries.

    .venv/bin/python benchmarks/api.py [--issues 340] [--articles 60] [--repeat 20]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/api.py

It builds the catalogue in a throw-away database (SQLite in memory; `<name>_benchmark` on
PostgreSQL), created and destroyed here, never in the developer's own. Prints one line per
endpoint: median and 95th-percentile milliseconds, SQL queries, response size.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")  # debug off, as when served

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models.signals import post_delete, post_save  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from articles.models import Article, Authorship, PhotoCredit  # noqa: E402
from articles.search import article_refresh_search  # noqa: E402
from contributors.models import Contributor, name_in_pinyin, pinyin_sort_key  # noqa: E402
from issues.models import Issue, MastheadEntry  # noqa: E402
from periodical.models import Column, MastheadRole, Periodical  # noqa: E402

WORDS = (
    "援疆 党建 乡村振兴 基层治理 民族团结 高质量发展 组织建设 干部队伍 新时代 共同体意识".split()
)


def person(name: str) -> Contributor:
    """A contributor with the pinyin columns that save() would derive (bulk_create skips it)."""
    pinyin, initials = name_in_pinyin(name)
    return Contributor(
        name=name, name_pinyin=pinyin, name_initials=initials, name_sort_key=pinyin_sort_key(name)
    )


def build_catalogue(issue_count: int, articles_per_issue: int) -> Periodical:
    """Decades of monthly issues, bulk-inserted (the signals are for editors' single writes)."""
    receivers = post_save.receivers, post_delete.receivers
    post_save.receivers, post_delete.receivers = [], []
    try:
        periodical = Periodical.objects.create(name="基准期刊", slug="benchmark", issn="")
        columns = Column.objects.bulk_create(
            Column(periodical=periodical, name=f"栏目{n}", order=n) for n in range(12)
        )
        role = MastheadRole.objects.create(periodical=periodical, name="编辑部主任")
        people = Contributor.objects.bulk_create(person(f"作者{n}") for n in range(2000))
        issues = Issue.objects.bulk_create(
            Issue(
                periodical=periodical,
                year=1990 + n // 12,
                number=n % 12 + 1,
                cumulative_number=n + 1,
                status=Issue.Status.PUBLISHED,
            )
            for n in range(issue_count)
        )
        MastheadEntry.objects.bulk_create(
            MastheadEntry(issue=issue, role=role, contributor=people[0], credited_name="作者0")
            for issue in issues
        )
        for issue in issues:
            articles = Article.objects.bulk_create(
                Article(
                    issue=issue,
                    column=columns[n % 12],
                    toc_order=n,
                    start_page=n + 1,
                    title=f"{WORDS[(issue.pk + n) % len(WORDS)]}工作的第{n}篇文章",
                    body="。".join(WORDS[(issue.pk * n + k) % len(WORDS)] for k in range(200)),
                    responsible_editor=people[n % 20],
                    responsible_editor_name=people[n % 20].name,
                )
                for n in range(articles_per_issue)
            )
            Authorship.objects.bulk_create(
                Authorship(
                    article=article,
                    contributor=people[(article.pk * 7 + k) % len(people)],
                    credited_name=people[(article.pk * 7 + k) % len(people)].name,
                    order=k,
                )
                for article in articles
                for k in range(2)
            )
            PhotoCredit.objects.bulk_create(
                PhotoCredit(article=article, caption="图", credited_name="摄影者")
                for article in articles
            )
        ids = list(Article.objects.values_list("pk", flat=True))
        for start in range(0, len(ids), 2000):
            article_refresh_search(article_ids=ids[start : start + 2000])
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # as autovacuum would after a bulk load
        return periodical
    finally:
        post_save.receivers, post_delete.receivers = receivers


def measure(client: APIClient, url: str, repeat: int) -> tuple[float, float, int, int]:
    client.get(url)  # warm caches
    timings = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    return statistics.median(timings), p95, len(queries), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=340)
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--keep", action="store_true", help="keep the PostgreSQL database to look at plans"
    )
    options = parser.parse_args()

    setup_test_environment()
    if connection.vendor != "sqlite":  # not test_<name>, which a test run may be using
        connection.settings_dict["TEST"]["NAME"] = f"{connection.settings_dict['NAME']}_benchmark"
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        start = time.perf_counter()
        periodical = build_catalogue(options.issues, options.articles)
        print(
            f"{connection.vendor}: {options.issues} issues, "
            f"{Article.objects.count()} articles, built in {time.perf_counter() - start:.1f} s"
        )
        issue = Issue.objects.order_by("-year", "-number").first()
        article = issue.articles.first()
        editor = article.responsible_editor_id
        client = APIClient(HTTP_HOST="127.0.0.1")
        key = f"/api/v1/periodicals/{periodical.slug}/issues/{issue.year}/{issue.number}"
        urls = [
            f"{key}/toc/",
            f"{key}/masthead/",
            f"/api/v1/issues/{issue.pk}/",
            "/api/v1/issues/?page_size=100",
            "/api/v1/articles/",
            "/api/v1/articles/?page=50",
            f"/api/v1/articles/?issue={issue.pk}&page_size=100",
            f"/api/v1/articles/?responsible_editor={editor}",
            "/api/v1/articles/?search=援疆",
            "/api/v1/articles/?search=乡村振兴&year=2000",
            f"/api/v1/articles/{article.pk}/",
            "/api/v1/contributors/",
            f"/api/v1/contributors/{editor}/",
            "/api/v1/contributors/?search=zuozhe1",
        ]
        print(f"{'endpoint':62} {'median ms':>9} {'p95 ms':>7} {'queries':>7} {'bytes':>8}")
        for url in urls:
            median, p95, queries, size = measure(client, url, options.repeat)
            print(f"{url:62} {median:9.1f} {p95:7.1f} {queries:7d} {size:8d}")
    finally:
        if options.keep and connection.vendor != "sqlite":
            print(f"kept database {database}")
        else:
            connection.creation.destroy_test_db(database, verbosity=0)


if __name__ == "__main__":
    main()
