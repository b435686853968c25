"""Writes on articles: one article with its byline, saved whole or not at all.

Each service is a `collecting()` transaction: the issue is touched and the search text
recomputed once, by the receivers in signals.py, however many authorships are written.
"""

from core.effects import collecting

from .models import Article, Authorship


@collecting
def article_create(*, authors: list[dict] | None = None, **fields) -> Article:
    """Create an article and its byline (`authors`: Authorship fields, in printed order)."""
    article = Article(**fields)
    article.full_clean()
    article.save()
    if authors:
        _replace_authors(article=article, authors=authors)
    return article


@collecting
def article_update(*, article: Article, authors: list[dict] | None = None, **fields) -> Article:
    """Change an article; a given `authors` list replaces its byline, None leaves it alone."""
    for name, value in fields.items():
        setattr(article, name, value)
    article.full_clean()
    article.save()
    if authors is not None:
        _replace_authors(article=article, authors=authors)
    return article


def _replace_authors(*, article: Article, authors: list[dict]) -> None:
    article.authorships.all().delete()
    for order, values in enumerate(authors, start=1):
        authorship = Authorship(article=article, order=values.pop("order", order), **values)
        authorship.full_clean()
        authorship.save()
