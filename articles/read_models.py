"""Read models of articles: the article list's items and the photo credits every page shows,
built from plain rows (`values()`), with no model instance or serializer per row.

ArticleSerializer and PhotoCreditSerializer stay the schema and the browsable API's path;
these functions give the same JSON-ready dicts for the JSON reads (tests/api/
test_read_models.py holds them equal, field by field). Building hundreds of model instances
per request (each with django-imagekit's post_init work) and walking DRF's fields per object
was most of what an uncached 目录 or article list cost.
"""

from django.db.models import Count
from rest_framework.reverse import reverse
from rest_framework.utils.urls import replace_query_param

from core.api import CatalogPagination
from core.read_models import CompiledRows
from issues.read_models import BRIEF_VALUES, issue_brief, prefixed, unprefixed, url_placeholders

from .filters import default_article_order
from .models import Article, Authorship, PhotoCredit
from .serializers import photo_picture

PHOTO_CREDIT_VALUES = (
    "id",
    "caption",
    "kind",
    "photographer_id",
    "credited_name",
    "credited_title",
    "agency",
    "image",
    "image_width",
    "image_height",
)
AUTHOR_VALUES = ("contributor_id", "credited_name", "role", "affiliation", "listed_in_toc")
ARTICLE_VALUES = (
    "id",
    "issue_id",
    "column_id",
    "column__name",
    "toc_order",
    "kicker",
    "title",
    "toc_title",
    "subtitle",
    "start_page",
    "end_page",
    "continuation_pages",
    "dateline",
    "and_others",
    "responsible_editor_id",
    "responsible_editor_name",
    "source_org",
    "reprinted_from",
    *prefixed("issue__", BRIEF_VALUES[1:]),
)


def photographer(row: dict) -> dict | None:
    """PhotographerField's representation of a photo credit row."""
    if not row["credited_name"]:
        return None
    return {"id": row["photographer_id"], "name": row["credited_name"]}


def credit_line(row: dict) -> str:
    return PhotoCredit.credit_line_of(
        row["kind"], row["agency"], row["credited_title"], row["credited_name"]
    )


def photo_image(row: dict, request) -> dict | None:
    """photo_picture() of a photo credit row. A model instance only for a photo with an image
    file, whose renditions' addresses django-imagekit names."""
    if not row["image"]:
        return None
    credit = PhotoCredit(
        pk=row["id"],
        image=row["image"],
        image_width=row["image_width"],
        image_height=row["image_height"],
        caption=row["caption"],
        kind=row["kind"],
        agency=row["agency"],
        credited_title=row["credited_title"],
        credited_name=row["credited_name"],
    )
    return photo_picture(credit, request)


def photo_credit_line(row: dict, request) -> dict:
    """PhotoCreditLineSerializer's representation (a credit printed with the 目录)."""
    return {
        "photographer": photographer(row),
        "credit": credit_line(row),
        "image": photo_image(row, request),
    }


def photo_credit(row: dict, request) -> dict:
    """PhotoCreditSerializer's representation of a row of PHOTO_CREDIT_VALUES."""
    return {
        "id": row["id"],
        "caption": row["caption"],
        "kind": row["kind"],
        "photographer": photographer(row),
        "credited_title": row["credited_title"],
        "agency": row["agency"],
        "credit": credit_line(row),
        "image": photo_image(row, request),
    }


def author(row: dict) -> dict:
    """AuthorSerializer's representation of a row of AUTHOR_VALUES."""
    return {
        "id": row["contributor_id"],
        "name": row["credited_name"],
        "role": row["role"],
        "affiliation": row["affiliation"],
        "listed_in_toc": row["listed_in_toc"],
    }


def by_article(rows) -> dict[int, list[dict]]:
    """Rows of a related table grouped by their article, in the order read."""
    grouped: dict[int, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row["article_id"], []).append(row)
    return grouped


def detail_url_maker(request, view_name: str, format=None):
    """The function of a pk giving what HyperlinkedIdentityField gives for `view_name`: the
    address is resolved once with a stand-in id, then only the id changes (reverse() per row
    costs more than the rest of the row)."""
    stand_in = "987654321987654321"
    template = reverse(view_name, kwargs={"pk": stand_in}, request=request, format=format)
    head, tail = template.rsplit(stand_in, 1)
    return lambda pk: f"{head}{pk}{tail}"


def article_items(rows: list[dict], *, request, format=None) -> list[dict]:
    """ArticleSerializer's representation of each row of ARTICLE_VALUES (a page of the list,
    no search: `search_snippet` is null): two queries, the byline and the photos of them all."""
    ids = [row["id"] for row in rows]
    return items_of(
        rows,
        by_article(ITEMS_AUTHORS(ids)),
        by_article(ITEMS_PHOTOS(ids)),
        request=request,
        format=format,
    )


def items_of(rows, authors, photos, *, request, format) -> list[dict]:
    """The items of `rows`, given their authors and photos by article."""
    url_of = detail_url_maker(request, "article-detail", format)
    issues: dict[int, tuple[dict, dict]] = {}
    items = []
    for row in rows:
        if row["issue_id"] not in issues:
            issue = {"id": row["issue_id"], **unprefixed(row, "issue__", BRIEF_VALUES[1:])}
            issues[row["issue_id"]] = issue_brief(issue), url_placeholders(issue)
        brief, placeholders = issues[row["issue_id"]]
        items.append(article_item(row, brief, placeholders, url_of, authors, photos, request))
    return items


def article_item(row, brief, placeholders, url_of, authors, photos, request) -> dict:
    pk = row["id"]
    editor = row["responsible_editor_name"]
    return {
        "id": pk,
        "url": url_of(pk),
        "web_url": Article.web_url_of(placeholders, pk),
        "issue": brief,
        "column": None
        if row["column_id"] is None
        else {"id": row["column_id"], "name": row["column__name"]},
        "toc_order": row["toc_order"],
        "kicker": row["kicker"],
        "title": row["title"],
        "toc_title": row["toc_title"],
        "subtitle": row["subtitle"],
        "pages": Article.pages_as_printed(
            row["start_page"], row["end_page"], row["continuation_pages"]
        ),
        "start_page": row["start_page"],
        "end_page": row["end_page"],
        "continuation_pages": row["continuation_pages"],
        "dateline": row["dateline"],
        "authors": [author(a) for a in authors.get(pk, ())],
        "and_others": row["and_others"],
        "responsible_editor": {"id": row["responsible_editor_id"], "name": editor}
        if editor
        else None,
        "source_org": row["source_org"],
        "reprinted_from": row["reprinted_from"],
        "photo_credits": [photo_credit(p, request) for p in photos.get(pk, ())],
        "search_snippet": None,
    }


# The byline and the photos of a page of articles, by their ids, compiled once per length.
ITEMS_AUTHORS = CompiledRows(
    Authorship,
    lambda ids: (
        Authorship.objects.filter(article_id__in=ids)
        .order_by("order", "id")
        .values("article_id", *AUTHOR_VALUES)
    ),
)
ITEMS_PHOTOS = CompiledRows(
    PhotoCredit,
    lambda ids: (
        PhotoCredit.objects.filter(article_id__in=ids)
        .order_by("order", "id")
        .values("article_id", *PHOTO_CREDIT_VALUES)
    ),
)
# An article's detail: its row by its id, compiled once (its byline and photos: the above).
DETAIL_ROW = CompiledRows(
    Article, lambda pk: Article.objects.filter(pk=pk).values(*ARTICLE_VALUES, "body")
)


def article_detail(pk: int, *, request, format=None) -> dict:
    """ArticleDetailSerializer's representation of the article `pk`: the list's item with the
    body and without the search snippet. Three compiled queries."""
    [row] = DETAIL_ROW(pk)
    [item] = items_of(
        [row],
        by_article(ITEMS_AUTHORS([pk])),
        by_article(ITEMS_PHOTOS([pk])),
        request=request,
        format=format,
    )
    del item["search_snippet"]
    item["body"] = row["body"]
    return item


PAGE_SIZE, MAX_PAGE_SIZE = CatalogPagination.page_size, CatalogPagination.max_page_size

# An issue's articles, the list's first page of `?issue=<id>&page_size=<size>` (the front ends'
# most common list), by page size; and their number, where the page is full.
_ISSUE_PAGES: dict[int, CompiledRows] = {}
ISSUE_COUNT = CompiledRows(
    Article,
    lambda issue_id: (
        Article.objects.published()
        .filter(issue_id=issue_id)
        .values("issue_id")
        .annotate(articles=Count("id"))
        .order_by()
    ),
)


def issue_list_shape(query) -> tuple[int, int] | None:
    """The issue and the page size of an article list asked as `?issue=<id>` with, at most,
    `&page_size=<1..100>` and nothing else (not a page after the first, no other filter, no
    ordering, no format), from the request's QueryDict; None for any other list."""
    if not query.keys() <= {"issue", "page_size"} or "issue" not in query:
        return None
    values = {name: query.getlist(name) for name in query}
    if any(len(given) != 1 for given in values.values()):
        return None
    issue, size = values["issue"][0], values.get("page_size", [""])[0]
    if not (issue.isascii() and issue.isdigit() and len(issue) <= 18):
        return None
    if size and not (size.isascii() and size.isdigit() and 1 <= int(size) <= MAX_PAGE_SIZE):
        return None
    return int(issue), int(size) if size else PAGE_SIZE


def issue_list_page(issue_id: int, size: int, *, request) -> dict:
    """ArticlePagination's first page of the published articles of the issue `issue_id`, in
    the list's order (default_article_order), as a reader who sees no drafts reads it: the
    rows in one compiled query, the count from the page where it is not full, the byline and
    photos in two more (article_items)."""
    if size not in _ISSUE_PAGES:
        _ISSUE_PAGES[size] = CompiledRows(
            Article,
            lambda key: (
                Article.objects.published()
                .filter(issue_id=key)
                .order_by(*default_article_order())
                .values(*ARTICLE_VALUES)[:size]
            ),
        )
    rows = _ISSUE_PAGES[size](issue_id)
    if len(rows) < size:
        count = len(rows)
    else:
        count = next((row["articles"] for row in ISSUE_COUNT(issue_id)), 0)
    following = None
    if count > size:
        following = replace_query_param(request.build_absolute_uri(), "page", 2)
    return {
        "count": count,
        "count_is_lower_bound": False,
        "next": following,
        "previous": None,
        "results": article_items(rows, request=request),
    }
