"""Writing what an issue prints (articles with their bylines and photos, the masthead, the
highlights, the issue's own photos) as the difference between a document and the rows there.

Rows are paired by documents/matching.py; a paired row is written only where a field differs,
new rows are created in bulk, vanished ones deleted. The bulk writes of the recorded models
record their change rows (audit/querysets.py).
"""

import copy
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Q

from articles.models import Article, Authorship, PhotoCredit
from articles.search import article_search_texts
from contributors.models import Contributor, normalise_name
from issues.models import Highlight, Issue, MastheadEntry

from .document import ArticlePart, IssueDocument, Photo
from .matching import ArticleMatching, RowChanges, compact, differing_fields, sync_rows
from .reading import DocumentError

ARTICLE_FIELDS = (
    "column", "toc_order", "kicker", "title", "toc_title", "subtitle", "start_page", "end_page",
    "continuation_pages", "dateline", "and_others", "source_org", "reprinted_from",
    "responsible_editor", "responsible_editor_name", "body",
)  # fmt: skip
# The fields the search text is made of (articles/search.py), besides the byline.
SEARCHED_FIELDS = {
    "title",
    "toc_title",
    "subtitle",
    "kicker",
    "body",
    "source_org",
    "reprinted_from",
}
AUTHORSHIP_FIELDS = (
    "contributor",
    "credited_name",
    "role",
    "affiliation",
    "listed_in_toc",
    "order",
)
PHOTO_FIELDS = (
    "on_cover", "caption", "kind", "photographer", "credited_name", "credited_title", "agency",
    "order",
)  # fmt: skip
MASTHEAD_FIELDS = ("role", "contributor", "credited_name", "note", "order")


def bare_relations(row) -> None:
    """Replace the related rows cached on `row` by copies that hold no related rows of their
    own (but an issue's periodical, which its name shows).

    django-auditlog deep-copies every row it records, with the related rows cached on it, and
    records each foreign key by the related row's name: an authorship would take along its
    article with the article's issue, column and editor. The names are all it needs.
    """
    cache = row._state.fields_cache
    for name, related in list(cache.items()):
        if related is not None:
            bare = copy.copy(related)
            keep = ("periodical",) if isinstance(related, Issue) else ()
            bare._state.fields_cache = {
                key: value for key, value in related._state.fields_cache.items() if key in keep
            }
            cache[name] = bare


def one_line(error: ValidationError) -> str:
    """A model's validation errors on one line: `field: message; field: message`."""
    if not hasattr(error, "message_dict"):
        return " ".join(error.messages)
    return "; ".join(
        " ".join(messages) if name == "__all__" else f"{name}: {' '.join(messages)}"
        for name, messages in error.message_dict.items()
    )


def validate(row, where: str, *, full: bool = False) -> None:
    """The model's validation, a failure raised as a DocumentError naming `where`.

    Without `full`, two checks are left out, each of which would cost a query per row: that
    the rows foreign keys point at exist (the loader holds them), and the constraints (the
    database checks them, and `Contents.explain` names a violation). A required foreign key
    left empty is still refused.
    """
    try:
        if full:
            row.full_clean()
            return
        relations = [f for f in row._meta.concrete_fields if f.is_relation]
        row.full_clean(exclude=[f.name for f in relations], validate_constraints=False)
        empty = {
            f.name: [f.error_messages["null"]]
            for f in relations
            if not f.null and getattr(row, f.attname) is None
        }
        if empty:
            raise ValidationError(empty)
    except ValidationError as error:
        raise DocumentError(f"{where}: {one_line(error)}") from error


@dataclass
class Written:
    """What writing the contents did."""

    rows: int = 0  # rows created, updated or deleted
    updated_articles: set[int] = field(default_factory=set)  # existing articles written to
    searchable: set[int] = field(default_factory=set)  # articles whose search text may change

    def __bool__(self) -> bool:
        return self.rows > 0


class Contents:
    """The writer of one issue's contents from a document."""

    def __init__(
        self, issue: Issue, *, contributors: dict, columns: dict, roles: dict, new: bool = False
    ):
        self.issue = issue
        self.new = new  # a new issue has no rows to pair with: none are read
        self.contributors: dict[str, Contributor] = contributors
        self.columns, self.roles = columns, roles
        self.checked: list[tuple[str, object]] = []  # every row validated, for explain()
        self.written = Written()

    def write(self, document: IssueDocument, matching: ArticleMatching) -> Written:
        articles = self._articles(matching)
        matched_ids = [article.pk for _part, article in matching.matched]
        self._bylines(matching, articles, matched_ids)
        self._photos(document, matching, articles, matched_ids)
        self._masthead(document)
        self._highlights(document, articles)
        return self.written

    def explain(self, error: IntegrityError) -> DocumentError:
        """The row behind a constraint the database refused, by the model's own message."""
        for where, row in self.checked:
            try:
                row.validate_constraints()
            except ValidationError as invalid:
                return DocumentError(f"{where}: {one_line(invalid)}")
        first = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        return DocumentError(f"cannot be saved: {first}")

    def _contributor(self, name: str | None) -> Contributor | None:
        return self.contributors.get(normalise_name(name)) if name else None

    def _check(self, row, where: str):
        validate(row, where)
        self.checked.append((where, row))
        return row

    def _apply(self, model, changes: RowChanges) -> None:
        for row in (*changes.create, *changes.update):
            bare_relations(row)
        if changes.delete:
            model.objects.filter(pk__in=[row.pk for row in changes.delete]).delete()
        if changes.update:
            model.objects.bulk_update(changes.update, sorted(changes.fields))
        if changes.create:
            model.objects.bulk_create(changes.create)
        self.written.rows += len(changes.delete) + len(changes.update) + len(changes.create)

    def _article(self, part: ArticlePart) -> Article:
        # An issue document is a printed issue (a seed, an import of print text, an export):
        # its articles were reviewed and proofread before print, outside this system. They
        # enter as 定稿 marked as imported, with no sign-offs made up for them.
        return Article(
            stage=Article.Stage.READY,
            workflow_origin=Article.Origin.IMPORTED,
            issue=self.issue,
            column=self.columns[part.column] if part.column else None,
            toc_order=part.toc_order,
            kicker=part.kicker,
            title=part.title,
            toc_title=part.toc_title,
            subtitle=part.subtitle,
            start_page=part.start_page,
            end_page=part.end_page,
            continuation_pages=part.continuation_pages,
            dateline=part.dateline,
            and_others=part.and_others,
            source_org=part.source_org,
            reprinted_from=part.reprinted_from,
            responsible_editor=self._contributor(part.responsible_editor_contributor),
            responsible_editor_name=part.responsible_editor or "",
            body=part.body,
            note=part.note,
        )

    def _articles(self, matching: ArticleMatching) -> dict[str, Article]:
        changes = RowChanges(delete=list(matching.vanished))
        articles = {}
        for part, current in matching.pairs:
            wanted = self._check(self._article(part), f"article {part.key}")
            if current is None:
                # A new article is written with its search text: no second write to index it.
                texts = article_search_texts(wanted, self._byline(part))
                wanted.search_title, wanted.search_body, wanted.search_names = texts
                changes.create.append(wanted)
                articles[part.key] = wanted
                continue
            # The note is the editors': a document without one leaves theirs as it is.
            fields = (*ARTICLE_FIELDS, "note") if part.note else ARTICLE_FIELDS
            differing = differing_fields(current, wanted, fields)
            for name in differing:
                setattr(current, name, getattr(wanted, name))
            if differing:
                changes.update.append(current)
                changes.fields.update(differing)
                self.written.updated_articles.add(current.pk)
                if SEARCHED_FIELDS.intersection(differing):
                    self.written.searchable.add(current.pk)
            articles[part.key] = current
        self._apply(Article, changes)
        return articles

    def _byline(self, part: ArticlePart) -> list[Authorship]:
        """The byline as the search text reads it (names printed and of the contributors)."""
        return [
            Authorship(contributor=contributor, credited_name=author.name)
            for author in part.authors
            if (contributor := self._contributor(author.contributor)) is not None
        ]

    def _bylines(self, matching, articles: dict[str, Article], matched_ids: list[int]) -> None:
        present = defaultdict(list)
        if matched_ids:
            rows = Authorship.objects.filter(article_id__in=matched_ids).order_by("order", "id")
            for row in rows:
                present[row.article_id].append(row)
        changes = RowChanges()
        for part, current in matching.pairs:
            article = articles[part.key]
            wanted = [
                self._check(
                    Authorship(
                        article=article,
                        contributor=self._contributor(author.contributor),
                        credited_name=author.name,
                        role=author.role,
                        affiliation=author.affiliation,
                        listed_in_toc=author.in_toc,
                        order=order,
                    ),
                    f"article {part.key}, author {order}",
                )
                for order, author in enumerate(part.authors, start=1)
            ]
            before = len(changes.create) + len(changes.update) + len(changes.delete)
            sync_rows(
                changes,
                present[article.pk],
                wanted,
                keys=(lambda row: (row.credited_name, row.role), lambda row: row.order),
                fields=AUTHORSHIP_FIELDS,
            )
            changed = len(changes.create) + len(changes.update) + len(changes.delete) != before
            if changed and current is not None:  # a new article was indexed as it was written
                self.written.searchable.add(article.pk)
                self.written.updated_articles.add(article.pk)
        self._apply(Authorship, changes)

    def _photo(self, photo: Photo, order: int, where: str, *, article=None) -> PhotoCredit:
        credit = photo.credit
        row = PhotoCredit(
            issue=None if article is not None else self.issue,
            article=article,
            on_cover=photo.on_cover,
            caption=photo.caption,
            kind=credit.kind if credit else PhotoCredit.Kind.TAKEN,
            photographer=self._contributor(credit.contributor) if credit else None,
            credited_name=credit.name if credit else "",
            credited_title=credit.title if credit else "",
            agency=credit.agency if credit else "",
            order=order,
        )
        return self._check(row, f"{where}, photo {order}")

    def _photos(self, document, matching, articles: dict[str, Article], matched_ids) -> None:
        present = defaultdict(list)
        rows = PhotoCredit.objects.filter(Q(issue=self.issue) | Q(article_id__in=matched_ids))
        for row in rows.order_by("order", "id") if not self.new else ():
            present[row.article_id].append(row)
        changes = RowChanges()
        keys = (lambda row: (compact(row.caption), row.credited_name), lambda row: row.order)
        wanted = [
            self._photo(photo, order, "issue")
            for order, photo in enumerate(document.issue.photos, start=1)
        ]
        sync_rows(changes, present[None], wanted, keys=keys, fields=PHOTO_FIELDS)
        for part, current in matching.pairs:
            article = articles[part.key]
            wanted = [
                self._photo(photo, order, f"article {part.key}", article=article)
                for order, photo in enumerate(part.photos, start=1)
            ]
            before = len(changes.create) + len(changes.update) + len(changes.delete)
            sync_rows(changes, present[article.pk], wanted, keys=keys, fields=PHOTO_FIELDS)
            changed = len(changes.create) + len(changes.update) + len(changes.delete) != before
            if changed and current is not None:
                self.written.updated_articles.add(article.pk)
        self._apply(PhotoCredit, changes)

    def _masthead(self, document: IssueDocument) -> None:
        wanted, order = [], 0
        for line in document.issue.masthead:
            for person in line.people:
                order += 1
                entry = MastheadEntry(
                    issue=self.issue,
                    role=self.roles[line.role],
                    contributor=self._contributor(person.contributor),
                    credited_name=person.name,
                    note=line.note,
                    order=order,
                )
                wanted.append(self._check(entry, f"masthead {line.role} {person.name}"))
        changes = RowChanges()
        sync_rows(
            changes,
            self.issue.masthead_entries.order_by("order", "id") if not self.new else (),
            wanted,
            keys=(lambda row: (row.role_id, row.credited_name), lambda row: row.order),
            fields=MASTHEAD_FIELDS,
        )
        self._apply(MastheadEntry, changes)

    def _highlights(self, document: IssueDocument, articles: dict[str, Article]) -> None:
        wanted = [
            self._check(
                Highlight(issue=self.issue, article=articles[key], order=order),
                f"highlight {order}",
            )
            for order, key in enumerate(document.issue.highlights, start=1)
        ]
        changes = RowChanges()
        sync_rows(
            changes,
            self.issue.highlights.order_by("order", "id") if not self.new else (),
            wanted,
            keys=(lambda row: row.article_id,),
            fields=("order",),
        )
        self._apply(Highlight, changes)
