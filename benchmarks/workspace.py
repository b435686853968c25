"""Benchmark of the issue workspace and the issue's change form: server time and SQL queries.

    .venv/bin/python benchmarks/workspace.py [--articles 60] [--repeat 20]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/workspace.py

Builds two draft issues (10 and `--articles` articles, each article with two authors, a
责任编辑 and a photo; a masthead of eight people, five highlights) in a throw-away database
(SQLite in memory; `<name>_benchmark` on PostgreSQL), created and destroyed here. Prints, per
page, the median and 95th-percentile milliseconds, the SQL queries, and the median as a ratio to
the floor: the admin's password-change page, measured in the same run, which costs the same
session, user and admin chrome but shows nothing of an issue. Targets (issue 14): the workspace
of a 60-article issue in at most 300 ms with at most 25 queries, the same count as for 10.
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

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from articles.models import Article, Authorship, PhotoCredit  # noqa: E402
from contributors.models import Contributor  # noqa: E402
from issues.models import Highlight, Issue, MastheadEntry  # noqa: E402
from periodical.models import Column, MastheadRole, Periodical  # noqa: E402


def build_issue(periodical: Periodical, number: int, articles: int) -> Issue:
    """A draft issue laid out over the periodical's columns, written as the services would."""
    columns = list(periodical.columns.all())
    roles = list(periodical.masthead_roles.all())
    people = list(Contributor.objects.order_by("pk")[:200])
    issue = Issue.objects.create(periodical=periodical, year=2025, number=number)
    for n, role in enumerate(roles):
        MastheadEntry.objects.create(
            issue=issue, role=role, contributor=people[n], credited_name=people[n].name, order=n
        )
    for n in range(articles):
        editor = people[n % 6]
        article = Article.objects.create(
            issue=issue,
            column=columns[n * len(columns) // articles],
            toc_order=n + 1,
            start_page=n + 1,
            title=f"第{n + 1}篇文章的标题，长短与印刷的目录相仿",
            responsible_editor=editor,
            responsible_editor_name=editor.name,
        )
        for k in range(2):
            author = people[10 + (n * 2 + k) % 190]
            Authorship.objects.create(
                article=article, contributor=author, credited_name=author.name, order=k
            )
        PhotoCredit.objects.create(article=article, caption="图", photographer=people[7])
        if n < 5:
            Highlight.objects.create(issue=issue, article=article, order=n)
    return issue


def measure(client: Client, url: str, repeat: int) -> tuple[float, float, int]:
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
    return statistics.median(timings), p95, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=20)
    options = parser.parse_args()

    setup_test_environment()
    # The pages render their static URLs without a collectstatic, as in the tests.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    if connection.vendor != "sqlite":  # not test_<name>, which a test run may be using
        connection.settings_dict["TEST"]["NAME"] = f"{connection.settings_dict['NAME']}_benchmark"
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        periodical = Periodical.objects.create(
            name="基准期刊", slug="benchmark", frequency="monthly"
        )
        for n in range(14):
            Column.objects.create(periodical=periodical, name=f"栏目{n}", order=n)
        for n in range(8):
            MastheadRole.objects.create(periodical=periodical, name=f"职务{n}", order=n)
        for n in range(200):
            Contributor.objects.create(name=f"作者{n}")
        small = build_issue(periodical, 1, 10)
        large = build_issue(periodical, 2, options.articles)
        user = get_user_model().objects.create_superuser("benchmark", password="x")
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)

        floor, _, floor_queries = measure(
            client, reverse("admin:password_change"), options.repeat
        )
        print(f"{connection.vendor}; floor (the admin's password-change page): {floor:.1f} ms")
        header = f"{'page':34} {'median ms':>9} {'p95 ms':>7} {'queries':>7} {'× floor':>8}"
        print(header)
        pages = [
            ("workspace, 10 articles", "admin:issues_issue_workspace", small),
            (f"workspace, {options.articles} articles", "admin:issues_issue_workspace", large),
            ("issue change form, 10 articles", "admin:issues_issue_change", small),
            (
                f"issue change form, {options.articles} articles",
                "admin:issues_issue_change",
                large,
            ),
        ]
        for label, name, issue in pages:
            median, p95, queries = measure(client, reverse(name, args=[issue.pk]), options.repeat)
            print(f"{label:34} {median:9.1f} {p95:7.1f} {queries:7d} {median / floor:8.1f}")
        print("targets: workspace of 60 articles ≤ 300 ms, ≤ 25 queries, as many as for 10")
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)


if __name__ == "__main__":
    main()
