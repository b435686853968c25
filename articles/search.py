"""Chinese-aware article search: text split into character bigrams, indexed by the database.

Neither PostgreSQL nor SQLite can split Chinese into words, and trigram indexes cannot serve a
two-character word such as 援疆. So every run of Chinese characters is indexed as its
overlapping bigrams (乡村振兴 → 乡村 村振 振兴 兴): no dictionary to maintain, and every article
that contains a string is found, which a word segmenter cannot promise.

SQLite stores the segmented text in `Article.search_title` and `Article.search_body` and
indexes it in an FTS5 table kept in sync by triggers (migration 0004), with an index of
one-character prefixes for one-character queries (0012). PostgreSQL stores no
search text: GIN indexes over an expression of the article's own columns hold every pair of
adjacent characters (migration 0010), and only the authors' names, which live in other rows,
are kept in `Article.search_names` (both databases). `ArticleQuerySet.search()` reads them;
`search_page()` (articles/search_pages.py) reads a page and a capped count of the results.
"""

import functools
import html
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from operator import add

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from contributors.models import HAN_CHARACTERS, TEXT_RUNS

# Whitespace between two Han characters, which the document side does not treat as a break.
_HAN_GAP = re.compile(rf"(?<=[{HAN_CHARACTERS}])\s+(?=[{HAN_CHARACTERS}])")

# A longer query is not a search but an accident (or an attack on the database's time).
MAX_QUERY_LENGTH = 200

# The SQLite full-text table (FTS5, external content over articles_article; migrations 0004,
# 0012) and the PostgreSQL GIN indexes over the text of the article (0010; since 0014 in
# parts, GIN_INDEX_0 … GIN_INDEX_3: search_indexes()) and of its title (0010).
FTS_TABLE = "articles_article_fts"
GIN_INDEX = "articles_article_search_gin"
TITLE_GIN_INDEX = "articles_article_search_title_gin"


def _runs(text: str) -> Iterable[tuple[str, bool]]:
    """(run, is_han) for each run of `text`, after NFKC (full-width letters and digits become
    ASCII) and lowercasing, so that the stored text and the query are normalised alike."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    for han, word in TEXT_RUNS.findall(text):
        yield (han, True) if han else (word, False)


def _bigrams(run: str) -> list[str]:
    # map() over two shifted copies: the fastest way in pure Python (a rebuild segments
    # millions of characters).
    return list(map(add, run[:-1], run[1:]))


def segment_for_search(text: str) -> str:
    """`text` as space-separated search tokens: Chinese as bigrams, other words whole.

    "乡村振兴 2025年" → "乡村 村振 振兴 兴 2025 年"; "杨 羊" → "杨羊 羊". Each Han run gives
    its overlapping bigrams and then its last character alone, so that every character starts
    a token (a one-character query is a prefix search) while the bigrams of a run stay
    adjacent (a longer query is a sequence of bigrams). No token spans two runs.
    """
    # Chinese prose has no spaces, so whitespace between Han characters is print layout: a
    # line break inside a word (the seed bodies keep the printed lines), a padded name
    # (杨 羊). Joining across it finds the word as the reader reads it. The query is not
    # joined: there a space separates terms.
    text = _HAN_GAP.sub("", text or "")
    tokens = []
    for run, is_han in _runs(text):
        if is_han:
            tokens.extend(_bigrams(run))
            tokens.append(run[-1])
        else:
            tokens.append(run)
    return " ".join(tokens)


@dataclass(frozen=True)
class SearchTerm:
    """One term of a query; an article matches a query when it matches every term.

    `tokens` are search tokens as `segment_for_search` makes them. A prefix term (one Chinese
    character, or a word in Latin letters or digits) matches any token that starts with it; a
    phrase term (two or more Chinese characters) matches its bigrams in a row.
    """

    tokens: tuple[str, ...]
    prefix: bool

    @property
    def phrase(self) -> str:
        """The term as it appears in segmented text: its tokens joined by single spaces."""
        return " ".join(self.tokens)

    @property
    def is_han(self) -> bool:
        """Whether the term is Chinese (a run of Han characters), not a Latin word."""
        return _runs_are_han(self.tokens[0])

    @property
    def characters(self) -> str:
        """The term as the user wrote it (normalised): "乡村振兴" for 乡村 村振 振兴."""
        return self.tokens[0] + "".join(token[1:] for token in self.tokens[1:])

    def tsquery(self) -> str:
        """The term in PostgreSQL `to_tsquery` syntax, every lexeme quoted.

        A phrase is an AND of its bigrams, not `a <-> b`: a tsvector keeps at most 256
        positions per lexeme and none past 16,383, so phrase operators miss matches in long
        articles. The caller checks the order of the bigrams with `phrase` instead.
        """
        lexemes = [_quote(token, "'") for token in self.tokens]
        if self.prefix:
            return f"{lexemes[0]}:*"
        return " & ".join(lexemes)

    def fts5(self) -> str:
        """The term in SQLite FTS5 query syntax: a quoted phrase, or a quoted prefix."""
        return _quote(self.phrase, '"') + ("*" if self.prefix else "")

    @property
    def needs_phrase_check(self) -> bool:
        """Whether an index match of the tokens is not yet a match of the term (three or more
        characters: the bigrams must also be adjacent)."""
        return len(self.tokens) > 1


# A count of search results is exact up to this many; beyond, it is "at least" this many.
SEARCH_COUNT_LIMIT = 500

# Characters that NFKC turns into another one: CJK compatibility ideographs and radicals,
# enclosed and squared ideographs, full-width letters and digits.
_COMPATIBILITY_RANGES = [
    (0x2E80, 0x2FDF),
    (0x3190, 0x319F),
    (0x3200, 0x33FF),
    (0xF900, 0xFAFF),
    (0xFF00, 0xFFEF),
    (0x1F200, 0x1F2FF),
    (0x2F800, 0x2FA1F),
]


@functools.cache
def _written_forms() -> dict[str, str]:
    """Character → the other characters that read as it (NFKC, lowercase), for the ranges
    where such characters are."""
    forms: dict[str, str] = {}
    for first, last in _COMPATIBILITY_RANGES:
        for code in range(first, last + 1):
            character = chr(code)
            read = unicodedata.normalize("NFKC", character).lower()
            if len(read) == 1 and read != character:
                forms[read] = forms.get(read, "") + character
    return forms


def other_forms(characters: str) -> list[str]:
    """The characters that read as one of `characters` once normalised (NFKC, lowercase):
    compatibility ideographs, full-width letters, capitals."""
    forms = _written_forms()
    found = []
    for character in dict.fromkeys(characters):
        found.extend(forms.get(character, ""))
        if character.upper() != character:
            found.append(character.upper())
    return found


def latin_word_pattern(term: SearchTerm) -> str:
    """A PostgreSQL regular expression finding a Latin word at the start of a word in
    normalised text, as a prefix search token does."""
    return rf"(^|[^[:alnum:]]|[{HAN_CHARACTERS}]){term.characters}"


# Whitespace that stands between two Chinese characters as print layout, which the search
# removes: line breaks (also Windows' \r\n), spaces, tabs and the ideographic space. (The index
# also removes rarer spaces, no-break and thin, that NFKC turns into a space; the checks by
# strpos do not look for those, which print text does not put between Chinese characters.)
PRINT_WHITESPACE = ["\n", " ", "\r", "\t", "\u3000"]


@dataclass
class SearchPage:
    """A page of search results and their number (ArticleQuerySet.search_page)."""

    articles: list
    count: int
    count_is_lower_bound: bool


def _quote(token: str, quote: str) -> str:
    # Tokens hold letters and digits only, so quotes cannot occur; doubling them anyway keeps
    # the query syntax closed if the segmentation rules ever change.
    return quote + token.replace(quote, quote * 2) + quote


def parse_search_query(query: str) -> list[SearchTerm]:
    """The terms of a user's query; raises ValidationError when nothing in it is searchable.

    Spaces and punctuation separate terms and all terms must match. "援疆 干部" is two terms;
    "5G网络" is a word and a Chinese term.
    """
    query = query or ""
    if len(query) > MAX_QUERY_LENGTH:
        raise ValidationError(
            _("A search can be at most %(limit)d characters long."),
            code="search_too_long",
            params={"limit": MAX_QUERY_LENGTH},
        )
    terms = []
    for run, is_han in _runs(query):
        if is_han and len(run) > 1:
            term = SearchTerm(tokens=tuple(_bigrams(run)), prefix=False)
        else:
            term = SearchTerm(tokens=(run,), prefix=True)
        if term not in terms:
            terms.append(term)
    if not terms:
        raise ValidationError(
            _("Enter a word or a Chinese character to search for."), code="empty_search"
        )
    return terms


def tsquery_for(terms: list[SearchTerm]) -> str:
    """The whole query in `to_tsquery` syntax: every term must match."""
    return " & ".join(f"({term.tsquery()})" for term in terms)


def fts5_query_for(terms: list[SearchTerm]) -> str:
    """The whole query in FTS5 syntax: every term must match."""
    return " AND ".join(term.fts5() for term in terms)


def fts5_title_query_for(terms: list[SearchTerm], operator: str = "AND") -> str:
    """FTS5: the terms in the title part (the `search_title` column), every one of them (AND)
    or any (OR)."""
    return f"search_title : ({f' {operator} '.join(term.fts5() for term in terms)})"


def fts5_untitled_query_for(terms: list[SearchTerm]) -> str:
    """FTS5: the whole query, with none of its terms in the title part."""
    return f"({fts5_query_for(terms)}) NOT {fts5_title_query_for(terms, 'OR')}"


def article_search_names(names: Iterable[tuple[str, str]]) -> str:
    """`Article.search_names` from (name as printed, contributor's own name) pairs in byline
    order: each printed name, and the person's own name where it differs (a misprint)."""
    lines = []
    for credited_name, name in names:
        lines.append(credited_name)
        if name != credited_name:
            lines.append(name)
    return "\n".join(lines)


def article_search_texts(article, authorships) -> tuple[str, str, str]:
    """(search_title, search_body, search_names) of an article and its authorships.

    The title part (title, 目录 title, subtitle, kicker) ranks first; the body part holds the
    text, the end marks (供稿, 摘自) and the author names (as printed and the contributor's
    own name, which differ for a misprint). Where the database stores no search text
    (PostgreSQL, migration 0010: its index reads the columns) the first two are empty.
    Works on historical models too, for migrations.
    """
    names = article_search_names((a.credited_name, a.contributor.name) for a in authorships)
    if not search_text_is_stored():
        return "", "", names
    title = [article.title, article.toc_title, article.subtitle, article.kicker]
    body = [article.body, article.source_org, article.reprinted_from, names]
    return (
        segment_for_search("\n".join(title)),
        segment_for_search("\n".join(body)),
        names,
    )


def search_text_is_stored() -> bool:
    """Whether the database keeps the segmented search text in `Article.search_title` and
    `search_body`, which SQLite's FTS5 table indexes; PostgreSQL indexes the text itself
    (migration 0010)."""
    return connection.vendor != "postgresql"


SEARCH_FIELDS = ["search_title", "search_body", "search_names"]


def article_refresh_search(*, article_ids: Iterable[int]) -> int:
    """Recompute the search text of these articles; returns how many changed.

    The receivers in signals.py call it (through core.effects) after an article, its
    authorships or an author's name are written, once per transaction. Three queries
    whatever the number of articles (articles, authorships with contributors, one update);
    unchanged rows are not written, so the full-text index is not churned for nothing.
    On PostgreSQL only the names change here: the index follows the article's own columns.
    """
    # Imported here: the models import this module for their search() method.
    from .models import Article, Authorship

    article_ids = set(article_ids)
    if not article_ids:
        return 0
    articles = Article.objects.filter(pk__in=article_ids).prefetch_related(
        Prefetch(
            "authorships",
            queryset=Authorship.objects.select_related("contributor").order_by("order", "id"),
        )
    )
    if not search_text_is_stored():  # the names are all it needs
        articles = articles.only("pk", *SEARCH_FIELDS)
    changed = []
    for article in articles:
        texts = article_search_texts(article, article.authorships.all())
        if texts != tuple(getattr(article, name) for name in SEARCH_FIELDS):
            for name, text in zip(SEARCH_FIELDS, texts, strict=True):
                setattr(article, name, text)
            changed.append(article)
    with transaction.atomic():
        Article.objects.bulk_update(changed, SEARCH_FIELDS, batch_size=500)
    return len(changed)


def search_indexes() -> dict[str, str]:
    """PostgreSQL: the search's GIN indexes (migrations 0010, 0014), each with what follows
    its name in the statement that creates it: the parts of the text's index, then the
    title's."""
    from .models import _EVERYTHING, _TITLE_PART, SEARCH_INDEX_PARTS

    def gin(text: str, where: str = "") -> str:
        text = text.format(a="articles_article")
        return (
            f"ON articles_article USING gin (articles_search_vector({text}))"
            f" WITH (gin_pending_list_limit = 256){where}"
        )

    indexes = {
        f"{GIN_INDEX}_{part}": gin(_EVERYTHING, f" WHERE id % {SEARCH_INDEX_PARTS} = {part}")
        for part in range(SEARCH_INDEX_PARTS)
    }
    indexes[TITLE_GIN_INDEX] = gin(_TITLE_PART)
    return indexes


def search_reindex(*, parallel: bool = False) -> None:
    """PostgreSQL: build the GIN indexes of migrations 0010 and 0014 again, from the articles'
    text; an index that is missing (a bulk load drops them first) is created.

    The bulk path: PostgreSQL computes every article's pairs and builds each index in one
    sorted pass, far faster than as many row updates. By default CONCURRENTLY, outside a
    transaction, so that searches and writes go on meanwhile; one index after the other, as
    PostgreSQL builds one at a time on a table that way. `parallel`: as many indexes at once
    as there are cores, a connection each (PostgreSQL 15 builds a GIN index on one core, hence
    the parts of 0014), in a half to two thirds of the time on two cores; writes to the
    articles, and searches, wait for it.
    """
    if search_text_is_stored():
        return
    indexes = search_indexes()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'i' AND relname = ANY(%s)",
            [list(indexes)],
        )
        present = {name for (name,) in cursor.fetchall()}
    parallel = parallel and not connection.in_atomic_block
    concurrently = "" if parallel or connection.in_atomic_block else "CONCURRENTLY "
    statements = [
        f"REINDEX INDEX {concurrently}{name}"
        if name in present
        else f"CREATE INDEX {concurrently}{name} {definition}"
        for name, definition in indexes.items()
    ]
    if parallel:
        # As many builds at a time as there are cores (this machine's: the database's own where
        # it runs here); more at once only share the cores and the memory caches.
        with ThreadPoolExecutor(max_workers=min(len(statements), os.cpu_count() or 1)) as pool:
            list(pool.map(_build_alone, statements))  # raises the first error
        return
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def search_indexes_drop() -> None:
    """PostgreSQL: drop the search's GIN indexes, before a bulk load that search_reindex()
    follows (it creates them again)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {', '.join(search_indexes())}")


@contextmanager
def search_indexes_built_after() -> Iterator[None]:
    """PostgreSQL: the search's GIN indexes dropped for the block and built after it by the
    bulk path (search_reindex(parallel=True)), failed or not: many articles are written
    without adding each one's ~900 pairs to the index as it goes. Searches meanwhile read
    every article (slowly), and writes wait for the build at the end. If the process is
    killed instead, `rebuild_search_index` creates the missing indexes. Elsewhere (SQLite,
    or inside a transaction, which would hold the indexes' locks) it does nothing."""
    if search_text_is_stored() or connection.in_atomic_block:
        yield
        return
    search_indexes_drop()
    try:
        yield
    finally:
        search_reindex(parallel=True)


# Memory for a bulk build of one index: the pairs it sorts in memory before it writes them.
BUILD_MEMORY = "1GB"


def _build_alone(statement: str) -> None:
    """Run one index build on a connection of its own (this thread's), closed afterwards."""
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SET maintenance_work_mem = '{BUILD_MEMORY}'")
            cursor.execute(statement)
    finally:
        connection.close()


# How many characters of text a search snippet shows around the first match.
SNIPPET_CHARS = 80

_WHITESPACE = re.compile(r"\s+")


def _term_pattern(term: SearchTerm) -> str:
    """A regular expression for `term` in text normalised like the snippet's text."""
    if term.prefix:
        word = re.escape(term.tokens[0])
        # A Latin word or number matches at the start of a word, as the index does.
        return word if _runs_are_han(term.tokens[0]) else rf"(?<![a-z0-9]){word}"
    return re.escape(term.characters)


def _runs_are_han(text: str) -> bool:
    return all(is_han for _run, is_han in _runs(text))


def search_snippet(terms: list[SearchTerm], *texts: str) -> str | None:
    """A short excerpt of the first of `texts` that holds a term, around its first match, with
    every match in it marked: HTML-escaped text and `<mark>…</mark>`, so a front end may insert
    it as HTML. Line breaks of the print are removed as the search removes them. None when no
    text holds a term as written (an article found by an author's other name, say)."""
    matcher = re.compile("|".join(_term_pattern(term) for term in terms), re.IGNORECASE)
    for text in texts:
        text = _WHITESPACE.sub(" ", _HAN_GAP.sub("", text or "")).strip()
        first = matcher.search(text)
        if first is None:
            continue
        start = max(0, first.start() - SNIPPET_CHARS // 4)
        end = min(len(text), start + SNIPPET_CHARS)
        start = max(0, min(start, end - SNIPPET_CHARS))
        window = text[start:end]
        parts, position = [], 0
        for match in matcher.finditer(window):
            parts.append(html.escape(window[position : match.start()]))
            parts.append(f"<mark>{html.escape(match.group())}</mark>")
            position = match.end()
        parts.append(html.escape(window[position:]))
        return ("…" if start else "") + "".join(parts) + ("…" if end < len(text) else "")
    return None
