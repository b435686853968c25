"""Benchmark of article search over many synthetic articles: refresh throughput, query times.

    .venv/bin/python benchmarks/search.py [--articles 20000] [--body-chars 2000] [--sentences 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/search.py

The articles are built in a throw-away test database (SQLite in memory; on PostgreSQL a
`test_search_benchmark` database created and destroyed here), never in the developer's own.
Their text is a few sentences of the seed documents in filler drawn from the seed's character
frequencies, so that bigrams are as common as in real text and a query matches a share of the
articles, as in an archive. Prints the time to compute and index the search text, then
per query the number of matches and the median milliseconds of a count and of a first page of
20, and on PostgreSQL the EXPLAIN ANALYZE plan of the first page of a few queries.
"""

import argparse
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")  # debug off, as when served

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from articles.models import Article, Authorship  # noqa: E402
from articles.search import article_refresh_search  # noqa: E402
from contributors.models import Contributor  # noqa: E402
from issues.models import Issue  # noqa: E402
from periodical.models import Periodical  # noqa: E402

QUERIES = [
    "援疆",
    "党建",
    "乡村振兴",
    "党",
    "基层 党建",
    "铸牢中华民族共同体意识",
    "gdp",
    "冰川观测",  # found nowhere
]
EXPLAINED = ["援疆", "乡村振兴", "党"]
ARTICLES_PER_ISSUE = 50


def seed_text() -> str:
    return re.sub(
        r"\s+",
        "",
        "".join(
            path.read_text(encoding="utf-8")
            for path in sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))
        ),
    )


def corpus_sentences(text: str) -> list[str]:
    """The sentences of the seed documents: the real phrases the queries look for."""
    sentences = re.split(r"(?<=[。！？；])", text)
    return [sentence for sentence in sentences if len(sentence) >= 8]


def build_articles(
    count: int, body_chars: int, sentences_per_body: int, rng: random.Random
) -> list[int]:
    text = seed_text()
    sentences = corpus_sentences(text)
    # Filler drawn from the seed's own character frequencies: bigrams as common as in real
    # text, but any given word only where a seed sentence carries it, so that a query
    # matches a share of the articles as it would in an archive, not nearly all of them.
    characters = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    periodical = Periodical.objects.create(name="基准期刊", slug="search-benchmark", issn="")
    issues = Issue.objects.bulk_create(
        Issue(
            periodical=periodical,
            year=2000 + n // 12,
            number=n % 12 + 1,
            cumulative_number=n + 1,
            status=Issue.Status.PUBLISHED,
        )
        for n in range(count // ARTICLES_PER_ISSUE + 1)
    )
    people = Contributor.objects.bulk_create(
        Contributor(name=rng.choice("王李张刘陈杨赵黄周吴") + rng.choice("佩文建国海燕明华") * 2)
        for _ in range(500)
    )

    def body() -> str:
        parts = rng.sample(sentences, sentences_per_body)
        length = sum(map(len, parts))
        while length < body_chars:
            parts.append("".join(rng.choices(characters, k=15)) + "，")
            length += 16
        rng.shuffle(parts)
        return "".join(parts)

    ids = []
    for start in range(0, count, 1000):
        batch = Article.objects.bulk_create(
            Article(
                issue=issues[n // ARTICLES_PER_ISSUE],
                toc_order=n % ARTICLES_PER_ISSUE + 1,
                start_page=n % ARTICLES_PER_ISSUE + 1,
                title=rng.choice(sentences)[:20],
                body=body(),
            )
            for n in range(start, min(start + 1000, count))
        )
        Authorship.objects.bulk_create(
            Authorship(article=article, contributor=person, credited_name=person.name)
            for article in batch
            for person in rng.sample(people, 2)
        )
        ids.extend(article.pk for article in batch)
    return ids


def milliseconds(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run(count: int, body_chars: int, sentences_per_body: int, repeat: int) -> None:
    rng = random.Random(344)
    started = time.perf_counter()
    ids = build_articles(count, body_chars, sentences_per_body, rng)
    print(f"{connection.vendor}: {count} articles of ~{body_chars} characters")
    print(f"  inserted in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    for start in range(0, len(ids), 500):
        article_refresh_search(article_ids=ids[start : start + 500])
    elapsed = time.perf_counter() - started
    print(f"  search text computed and indexed in {elapsed:.1f} s ({count / elapsed:.0f}/s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"  {'query':<24}{'matches':>8}{'count ms':>10}{'page ms':>10}")
    for query in QUERIES:
        results = Article.objects.search(query)
        matches = results.count()
        count_ms = milliseconds(lambda: results.count(), repeat)  # noqa: B023
        page_ms = milliseconds(lambda: list(results[:20]), repeat)  # noqa: B023
        print(f"  {query:<24}{matches:>8}{count_ms:>10.1f}{page_ms:>10.1f}")
    if connection.vendor == "postgresql":
        for query in EXPLAINED:
            print(f"\nEXPLAIN ANALYZE, first page of {query!r}:")
            print(Article.objects.search(query)[:20].explain(analyze=True, buffers=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--body-chars", type=int, default=2000)
    parser.add_argument(
        "--sentences", type=int, default=5, help="Seed sentences in each body (default 5)."
    )
    parser.add_argument("--repeat", type=int, default=10)
    arguments = parser.parse_args()
    # Our own test database, so as not to collide with a test run on the same server.
    settings.DATABASES["default"].setdefault("TEST", {})
    if connection.vendor == "postgresql":
        settings.DATABASES["default"]["TEST"]["NAME"] = "test_search_benchmark"
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(arguments.articles, arguments.body_chars, arguments.sentences, arguments.repeat)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
