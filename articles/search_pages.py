"""Pages of search results, and their number, read the way an index can.

Ranking every match and counting them all is what made a common query slow: `党` is in most
articles, and sorting half a million of them to show twenty took seconds. So a page is read
tier by tier (every term in the title first, then fewer, then none; newest issue first in
each), and each tier in whichever of two ways reads fewer rows:

- where a query is common, a *walk*: the articles in the order of results, newest issue
  first (issues by the index `issue_search_order`, migrations 0011 and 0013), a window at a
  time, each window checked against the query; it stops at the end of the page. PostgreSQL
  checks each article's text with `strpos` (articles.models._in_text); SQLite asks the FTS5
  table for the matches between the lowest and the highest id of the window (a range FTS5
  reads from its index without a look at the rows);
- where it is rare, the *index*: the GIN indexes of migration 0010 or the FTS5 table of 0012
  find the matches, which are then sorted; few, since the query is rare.

The count is exact up to SEARCH_COUNT_LIMIT (or the end of the page asked for, if further),
and beyond that a lower bound ("at least"): counted from the index, or on PostgreSQL, where
the query is common, by a walk in the table's own order; both stop at the limit.

PostgreSQL decides nothing of this by itself because it cannot: it has no statistics of a
regular expression, and those of an AND of character pairs assume the pairs independent,
which in a phrase they are not. Nor does SQLite, which takes every FTS5 match for a few rows.
The walk measures instead: a tier whose hits the budget of a walk cannot find is read from
the index.
"""

from dataclasses import dataclass
from itertools import pairwise

from django.db import connections, transaction

from .models import (
    _TITLE_VECTOR,
    _in_text,
    _in_title,
    _indexed,
    _needs_check,
    _not,
    fts5_match,
    search_order,
)
from .search import (
    FTS_TABLE,
    SEARCH_COUNT_LIMIT,
    SearchPage,
    fts5_title_query_for,
    fts5_untitled_query_for,
)

# The first window of a walk; later ones grow to what the hits so far say is needed.
FIRST_WINDOW = 200
# Rows a walk may check before the index is read instead (~20 µs each on PostgreSQL, ~4 µs on
# SQLite).
WALK_BUDGET = 2000
# Where at least this share of the first window matches, for each term of the query, the
# count walks too (PostgreSQL): a walk checks every term of every row it reads, so that a
# query of two terms needs twice the share to be worth walking (基层 党建 at a million
# articles, a share of 0.37: walked 31 ms, from the index's first part 17 ms).
COMMON_SHARE = 0.3
# SQLite: ids of a window further apart than this are asked of FTS5 as two ranges, not one
# (a range costs ~0.15 ms, as much as ~200 more matches read at ~0.7 µs); at most MAX_RANGES
# ranges, in one statement.
RANGE_GAP = 200
MAX_RANGES = 8


@dataclass
class _Tier:
    """One tier of results: what a walk checks (conditions on PostgreSQL, an FTS5 query on
    SQLite; None where the tier is not walked), and the conditions for the index."""

    walked: list | str | None
    indexed: list
    annotated: int | None = None  # where the tier is a number of terms in the title


def search_page(found, *, offset: int, limit: int) -> SearchPage:
    """A page (`limit` results from `offset`) of `found`, the queryset search() returned,
    and the number of its results: exact up to SEARCH_COUNT_LIMIT or offset + limit."""
    if found.search_terms is None:
        raise TypeError("search_page() reads the results of search()")
    wanted = max(SEARCH_COUNT_LIMIT, offset + limit) + 1
    if not found.is_search_as_made:  # filtered or reordered since: a plain slice
        return _page(found, _count_to(found, wanted), wanted, offset, limit)
    vendor = connections[found.db].vendor
    if vendor == "sqlite":
        return _SQLiteReader(found).page(offset, limit, wanted)
    if vendor != "postgresql":  # no index to read: the tiers of the text scanned
        tiers = [found.filter(search_title_terms=n) for n in range(len(found.search_terms), -1, -1)]
        page = _page(found, _count_to(found, wanted), wanted, 0, 0)
        page.articles = _rows(found, _tiered_ids(tiers, offset, limit, page.count))
        return page
    with transaction.atomic(using=found.db):
        with connections[found.db].cursor() as cursor:
            # A bitmap of many matches must stay exact, not lossy: a lossy page would have
            # every row on it re-checked by computing its pairs again (~0.5 ms a row).
            cursor.execute("SET LOCAL work_mem = '64MB'")
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        return _PostgreSQLReader(found).page(offset, limit, wanted)


def _page(found, count: int, wanted: int, offset: int, limit: int) -> SearchPage:
    page = SearchPage(articles=[], count=min(count, wanted - 1), count_is_lower_bound=False)
    page.count_is_lower_bound = count == wanted
    if limit > 0 and offset < count:
        page.articles = list(found[offset : offset + limit])
    return page


def _count_to(queryset, limit: int) -> int:
    """How many results `queryset` has, counted no further than `limit`."""
    return queryset.order_by().values("pk")[:limit].count()


def _tiered_ids(tiers, offset: int, limit: int, count: int) -> list[int]:
    """The ids of a page read tier by tier, each sliced in search order (databases other
    than PostgreSQL and SQLite)."""
    ids, skip = [], offset
    for tier in tiers:
        if len(ids) >= limit or offset >= count:
            break
        ordered = tier.order_by(*search_order()).values_list("pk", flat=True)
        rows = list(ordered[skip : skip + limit - len(ids)])
        if rows:
            skip = 0
            ids.extend(rows)
        elif skip:
            skip -= _count_to(tier, skip)
    return ids


def _rows(found, ids: list[int]) -> list:
    """The articles of `ids`, in that order, loaded as `found` loads them (its prefetches)."""
    if not ids:
        return []
    by_id = {article.pk: article for article in found.search_base.filter(pk__in=ids)}
    return [by_id[pk] for pk in ids]


class _Reader:
    """One page and count of `found`: tiers walked or read from the index. Each database says
    what its tiers are (`_tiers`) and how a window of a walk is checked (`_matched`)."""

    def __init__(self, found):
        self.found, self.base, self.terms = found, found.search_base, found.search_terms

    def page(self, offset: int, limit: int, wanted: int) -> SearchPage:
        count = self._count(wanted)
        page = SearchPage(articles=[], count=min(count, wanted - 1), count_is_lower_bound=False)
        page.count_is_lower_bound = count == wanted
        if limit <= 0 or offset >= count:
            return page
        ids, skip = [], offset
        for tier in self._tiers():
            if len(ids) >= limit:
                break
            rows, skip = self._tier_ids(tier, skip, limit - len(ids))
            ids.extend(rows)
        page.articles = _rows(self.found, ids)
        return page

    def _count(self, wanted: int) -> int:
        """How many results, up to `wanted`."""
        return _count_to(self.found, wanted)

    def _tiers(self) -> list[_Tier]:
        raise NotImplementedError

    def _matched(self, tier: _Tier, ids: list[int]) -> set[int]:
        """Which of `ids` (articles of the base) are in the tier."""
        raise NotImplementedError

    def _filtered(self, conditions: list, tier: _Tier):
        articles = self.base.filter(*conditions)
        if tier.annotated is not None:
            articles = self.found.filter(*conditions, search_title_terms=tier.annotated)
        return articles

    def _tier_ids(self, tier: _Tier, skip: int, limit: int) -> tuple[list[int], int]:
        """Up to `limit` ids of the tier after its first `skip` results, and what remains to
        skip in the next tier."""
        walked = self._walk(tier, skip, limit)
        if walked is not None:
            return walked
        matching = self._filtered(tier.indexed, tier).order_by(*search_order())
        rows = list(matching.values_list("pk", flat=True)[skip : skip + limit])
        if rows or not skip:
            return rows, 0
        # The tier ends before the page starts: its rows (at most `skip`) are skipped.
        return [], skip - _count_to(matching, skip)

    def _walk(self, tier: _Tier, skip: int, limit: int, window_only: bool = False):
        """The tier's ids by walking the articles in search order, or None where the walk
        would cost more than the index (the budget is spent first). A middle tier (some terms
        in the title) is not walked: it is rare, and only the index path counts the terms."""
        if tier.annotated is not None:
            return None
        ordered = self.base.order_by(*search_order()).values_list("pk", flat=True)
        hits, position, window = [], 0, FIRST_WINDOW
        while position < WALK_BUDGET:
            ids = list(ordered[position : position + window])
            matched = self._matched(tier, ids) if ids else set()
            hits.extend(pk for pk in ids if pk in matched)
            if window_only:
                self.share = len(matched) / len(ids) if ids else 1.0
                return None
            if len(ids) < window:  # the end of the articles: the tier is complete
                return hits[skip : skip + limit], max(0, skip - len(hits))
            if len(hits) >= skip + limit:
                return hits[skip : skip + limit], 0
            position += window
            needed = (skip + limit - len(hits)) * position / max(len(hits), 1)
            window = int(min(WALK_BUDGET - position, max(window, needed * 1.2)))
            if len(hits) * WALK_BUDGET < (skip + limit) * position:
                return None  # too rare for the budget
        return None


class _PostgreSQLReader(_Reader):
    """PostgreSQL: a walk checks the text of each article by strpos; the index is GIN (0010).
    The count walks too where the first window finds the query common."""

    def __init__(self, found):
        super().__init__(found)
        self.in_text = [_in_text(term) for term in self.terms]
        self.checks = [_in_text(term) for term in self.terms if _needs_check(term)]
        self.share = None  # of the first window that matched, once walked

    def _count(self, wanted: int) -> int:
        everything = _Tier(walked=self.in_text, indexed=[])
        self._walk(everything, 0, 0, window_only=True)
        if self.share is not None and self.share >= COMMON_SHARE * len(self.terms):
            # Common: the table in its own order, each row checked, stops at `wanted`.
            matching = self.base.filter(*self.in_text)
            return _count_to(matching, wanted)
        # From the index. PostgreSQL reads a term's whole lists before it checks a row, so a
        # phrase in a tenth of the articles costs as much as a rare one is cheap; the first
        # part of the index (a quarter of the articles, of the lists) may hold `wanted`
        # results already, which makes the count "at least" for a quarter of the reading.
        first_part = self.base.filter(_indexed(self.terms, parts=[0]), *self.checks)
        if _count_to(first_part, wanted) == wanted:
            return wanted
        return _count_to(self.found, wanted)

    def _tiers(self) -> list[_Tier]:
        terms = self.terms
        titled = [_in_title(term) for term in terms]
        title_checks = [_in_title(term) for term in terms if _needs_check(term)]
        every = _Tier(walked=titled, indexed=[_indexed(terms, _TITLE_VECTOR), *title_checks])
        middle = [
            _Tier(walked=self.in_text, indexed=self._indexed(), annotated=n)
            for n in range(len(terms) - 1, 0, -1)
        ]
        none = [_not(condition) for condition in titled]
        rest = _Tier(walked=[*self.in_text, *none], indexed=[*self._indexed(), *none])
        return [every, *middle, rest]

    def _indexed(self) -> list:
        return [_indexed(self.terms), *self.checks]

    def _matched(self, tier: _Tier, ids: list[int]) -> set[int]:
        # The ids are the base's (the walk read them from it), so the tier's conditions alone
        # decide: without the base's joins, whose hash of every issue cost ~6 ms a window at a
        # million articles.
        articles = self.base.model._base_manager.using(self.found.db)
        matching = articles.filter(*tier.walked, pk__in=ids).order_by()
        return set(matching.values_list("pk", flat=True))


class _SQLiteReader(_Reader):
    """SQLite: every tier is an FTS5 query (the title part by its column), which a walk asks
    for the ranges of ids of a window and the index path for all its matches; a middle tier
    (some terms in the title, not all) is read from the index and counted by search()'s
    annotation. The count reads the index: one list per term with the prefix index (0012)."""

    def _tiers(self) -> list[_Tier]:
        terms = self.terms
        every = fts5_title_query_for(terms)
        untitled = fts5_untitled_query_for(terms)
        middle = [_Tier(walked=None, indexed=[], annotated=n) for n in range(len(terms) - 1, 0, -1)]
        return [
            _Tier(walked=every, indexed=[fts5_match(every)]),
            *middle,
            _Tier(walked=untitled, indexed=[fts5_match(untitled)]),
        ]

    def _matched(self, tier: _Tier, ids: list[int]) -> set[int]:
        ranges = _id_ranges(ids)
        select = (
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid BETWEEN %s AND %s"
        )
        with connections[self.found.db].cursor() as cursor:
            cursor.execute(
                " UNION ALL ".join([select] * len(ranges)),
                [value for low, high in ranges for value in (tier.walked, low, high)],
            )
            # The ranges also hold articles outside the window (or the base).
            return {row[0] for row in cursor.fetchall()} & set(ids)


def _id_ranges(ids: list[int]) -> list[tuple[int, int]]:
    """(lowest, highest) ranges that hold `ids`: one, split at the widest gaps wider than
    RANGE_GAP, at most MAX_RANGES. Articles are mostly written issue by issue, so that a
    window's ids are few runs."""
    if not ids:
        return []
    ids = sorted(ids)
    gaps = sorted(range(1, len(ids)), key=lambda i: ids[i] - ids[i - 1], reverse=True)
    cuts = sorted(i for i in gaps[: MAX_RANGES - 1] if ids[i] - ids[i - 1] > RANGE_GAP)
    bounds = [0, *cuts, len(ids)]
    return [(ids[start], ids[end - 1]) for start, end in pairwise(bounds)]
