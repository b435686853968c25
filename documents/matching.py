"""Which rows of an issue already in the database a document's articles and credits are.

Re-loading or re-importing an issue updates it in place, so that article ids (and the API
addresses built on them), editors' notes and the change history survive. An article of the
document is the existing article found by the first of these rules that finds one, each rule
tried for every article before the next:

1. the same place in the 目录 (column and toc_order) and the same title;
2. the same title and start page (an article that moved in the 目录, or that it does not list);
3. the same title (its pages changed too);
4. the same place in the 目录 and the same start page (its title was corrected).

Titles are compared without white space (the print pads them). Among several candidates the
first in 目录 order is taken. Existing articles no rule finds are the ones that vanished from
the document; articles of the document no rule finds are new.
"""

import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from articles.models import Article

from .document import ArticlePart

# The rules, in the order they are tried, by the name the report gives them.
EXACT = "place and title"
RULES = (EXACT, "title and page", "title", "place and page")


def compact(title: str) -> str:
    return re.sub(r"\s+", "", title or "")


def _rule_key(rule: str, column: str | None, toc_order, title: str, page):
    title = compact(title)
    if rule == EXACT:
        return (column, toc_order, title) if toc_order is not None else None
    if rule == "title and page":
        return (title, page)
    if rule == "title":
        return title or None
    return (column, toc_order, page) if toc_order is not None and page is not None else None


@dataclass
class ArticleMatching:
    """The document's articles paired with existing ones (None for a new one), in document
    order, with the rule that paired each; the existing articles nobody was paired with."""

    pairs: list[tuple[ArticlePart, Article | None]] = field(default_factory=list)
    rules: dict[str, str] = field(default_factory=dict)  # article key → rule that matched it
    vanished: list[Article] = field(default_factory=list)
    # (title, rule) of the articles matched although their place in the 目录 or their title
    # changed: an editor should check that they are the same article.
    loose: list[tuple[str, str]] = field(default_factory=list)

    @property
    def matched(self) -> list[tuple[ArticlePart, Article]]:
        return [(part, article) for part, article in self.pairs if article is not None]

    @property
    def new(self) -> list[ArticlePart]:
        return [part for part, article in self.pairs if article is None]


def match_articles(existing: Sequence[Article], parts: Sequence[ArticlePart]) -> ArticleMatching:
    """Pair `parts` with `existing` (their columns loaded) by the rules above."""
    found: dict[str, Article] = {}
    rules: dict[str, str] = {}
    left = list(existing)
    for rule in RULES:
        pool: dict[object, deque[Article]] = defaultdict(deque)
        for article in left:
            column = article.column.name if article.column_id else None
            key = _rule_key(rule, column, article.toc_order, article.title, article.start_page)
            if key is not None:
                pool[key].append(article)
        for part in parts:
            if part.key in found:
                continue
            key = _rule_key(rule, part.column, part.toc_order, part.title, part.start_page)
            if key is not None and pool.get(key):
                found[part.key] = pool[key].popleft()
                rules[part.key] = rule
        taken = {article.pk for article in found.values()}
        left = [article for article in left if article.pk not in taken]
    loose = []
    for part in parts:
        article = found.get(part.key)
        if article is None:
            continue
        column = article.column.name if article.column_id else None
        if (part.column, part.toc_order, compact(part.title)) != (
            column,
            article.toc_order,
            compact(article.title),
        ):
            loose.append((part.title, rules[part.key]))
    return ArticleMatching(
        pairs=[(part, found.get(part.key)) for part in parts],
        rules=rules,
        vanished=left,
        loose=loose,
    )


@dataclass
class RowChanges:
    """What syncing one kind of row found: rows to create, to update (and which fields), and
    to delete."""

    create: list = field(default_factory=list)
    update: list = field(default_factory=list)
    fields: set[str] = field(default_factory=set)
    delete: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.create or self.update or self.delete)


def differing_fields(row, wanted, names: Iterable[str]) -> list[str]:
    """The fields of `names` whose values differ between two rows (foreign keys by id)."""
    differing = []
    for name in names:
        attname = row._meta.get_field(name).attname
        if getattr(row, attname) != getattr(wanted, attname):
            differing.append(name)
    return differing


def sync_rows(
    changes: RowChanges,
    existing: Iterable,
    wanted: Iterable,
    *,
    keys: Sequence[Callable],
    fields: Sequence[str],
) -> list:
    """Pair `wanted` (unsaved rows) with `existing` rows by each key in turn; a paired row is
    updated where a field differs, an unpaired wanted row is created, an unpaired existing
    row deleted. Adds to `changes`; returns the rows as they will be, in wanted order."""
    wanted, left = list(wanted), list(existing)
    paired: dict[int, object] = {}
    for key in keys:
        pool: dict[object, deque] = defaultdict(deque)
        for row in left:
            pool[key(row)].append(row)
        for position, row in enumerate(wanted):
            if position not in paired and pool.get(key(row)):
                paired[position] = pool[key(row)].popleft()
        taken = {id(row) for row in paired.values()}
        left = [row for row in left if id(row) not in taken]
    result = []
    for position, row in enumerate(wanted):
        if position not in paired:
            changes.create.append(row)
            result.append(row)
            continue
        current = paired[position]
        differing = differing_fields(current, row, fields)
        for name in differing:
            setattr(current, name, getattr(row, name))
        if differing:
            changes.update.append(current)
            changes.fields.update(differing)
        result.append(current)
    changes.delete.extend(left)
    return result
