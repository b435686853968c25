"""Loading an issue document into the database: the one writer of whole issues.

`load_seed_data`, the importer and a JSON export loaded back all call `issue_document_load`.
An issue already present is updated in place (documents/matching.py says how its articles and
credits are found again): ids, editors' notes and the change history survive, only what
differs is written, and a document that changes nothing writes nothing. New rows are written
in bulk and people are resolved with a constant number of queries.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import Article
from contributors.models import Contributor, ContributorNameVariant, normalise_name
from contributors.services import contributor_add_variant, contributors_get_or_create
from core.effects import ARTICLE_SEARCH_STALE, ISSUE_CONTENT_CHANGED, collecting, defer
from issues.locks import ensure_editable
from issues.models import Issue
from issues.services import issue_fill_facts_from_periodical
from periodical.models import Column, MastheadRole, Periodical

from .contents import Contents, one_line, validate
from .document import IssueDocument, IssuePart, PeriodicalPart
from .matching import ArticleMatching, match_articles
from .reading import DocumentError, read_file

# Which contributor each printed (normalised) name is; may create the missing ones.
People = Callable[[Collection[str]], dict[str, Contributor]]


@dataclass
class LoadResult:
    """What loading one document did to its issue."""

    issue: Issue
    created: bool = False  # the issue is new
    kept: bool = False  # the issue was present and left as it was (update=False)
    changed: bool = False  # anything at all was written
    matched: list[str] = field(default_factory=list)  # titles of the existing articles kept
    updated: list[str] = field(default_factory=list)  # of those, the ones written to
    loose: list[tuple[str, str]] = field(default_factory=list)  # (title, rule) not by place+title
    created_articles: list[str] = field(default_factory=list)
    deleted_articles: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for a command's output: what happened to the issue and its articles."""
        if self.kept:
            return "already present, kept"
        if self.created:
            return "loaded"
        if not self.changed:
            return f"unchanged ({len(self.matched)} articles matched)"
        return (
            f"updated in place: {len(self.matched)} articles matched "
            f"({len(self.updated)} changed), {len(self.created_articles)} created, "
            f"{len(self.deleted_articles)} deleted"
        )


def seed_files(directory: Path) -> list[Path]:
    return sorted(Path(directory).glob("*.yaml"))


def existing_issue(periodical: Periodical, part: IssuePart) -> Issue | None:
    """The issue a document is of: by its number, or by its date where it has no number."""
    issues = Issue.objects.filter(
        periodical=periodical, year=part.year, supplement=part.supplement, number=part.number
    )
    if part.number is None:
        issues = issues.filter(publication_date=part.publication_date)
    return issues.order_by("pk").first()


def issue_article_matching(*, issue: Issue, document: IssueDocument) -> ArticleMatching:
    """How the document's articles pair with the issue's (a read: nothing is written)."""
    return match_articles(_existing_articles(issue), document.articles)


@collecting
def issue_document_load(
    *,
    document: IssueDocument,
    periodical: Periodical | None = None,
    people: People | None = None,
    update: bool = True,
) -> LoadResult:
    """Write `document` as its issue; raises DocumentError (one line) and writes nothing.

    `periodical`: the issue's periodical as it is (the importer's); by default the one of the
    document's slug, created with the document's facts or given its identity. `people`: how
    printed names become contributors (by default by name or known variant, created where
    unknown). An issue already present is left as it is unless `update`, then updated in
    place; its status is never changed here (publishing is an action of its own).
    """
    if periodical is None:
        periodical = _periodical(document.periodical, document.issue)
    issue = existing_issue(periodical, document.issue)
    if issue is not None and not update:
        return LoadResult(issue=issue, kept=True)
    _declare_contributors(document)
    contributors = (people or _people_by_name)(_credited_names(document))
    columns = _named_rows(Column, periodical, document.columns, ())
    masthead_roles = [line.role for line in document.issue.masthead]
    roles = _named_rows(MastheadRole, periodical, document.masthead_roles, masthead_roles)
    result = LoadResult(issue=issue, created=issue is None)
    if issue is None:
        issue = result.issue = _issue_create(periodical, document.issue)
        matching = ArticleMatching(pairs=[(part, None) for part in document.articles])
    else:
        result.changed = _issue_update(issue, document.issue)
        matching = issue_article_matching(issue=issue, document=document)
    contents = Contents(
        issue, contributors=contributors, columns=columns, roles=roles, new=result.created
    )
    try:
        with transaction.atomic():
            written = contents.write(document, matching)
    except IntegrityError as error:
        raise contents.explain(error) from error
    result.changed = result.changed or bool(written)
    if result.changed and not result.created:
        # A published issue's printed content is locked (issues.locks): the whole load is
        # refused and rolled back, unless it runs inside a correction.
        ensure_editable(issue)
    _report_matching(result, matching, written)
    if result.changed:
        # Bulk writes send no signals: their effects are deferred here, applied once at the
        # end of the outermost collecting block.
        defer(ISSUE_CONTENT_CHANGED, [issue.pk])
        defer(ARTICLE_SEARCH_STALE, written.searchable)
    return result


def _report_matching(result: LoadResult, matching: ArticleMatching, written) -> None:
    for part, article in matching.matched:
        result.matched.append(part.title)
        if article.pk in written.updated_articles:
            result.updated.append(part.title)
    result.loose = list(matching.loose)
    result.created_articles = [part.title for part in matching.new] if not result.created else []
    result.deleted_articles = [article.title for article in matching.vanished]


def _existing_articles(issue: Issue) -> list[Article]:
    return list(issue.articles.select_related("column").in_toc_order())


def _people_by_name(names: Collection[str]) -> dict[str, Contributor]:
    return contributors_get_or_create(names=names)


def _credited_names(document: IssueDocument) -> set[str]:
    """The contributors' names every credit of the document points at."""
    names = set()
    for line in document.issue.masthead:
        names |= {person.contributor for person in line.people}
    photos = list(document.issue.photos)
    for article in document.articles:
        names |= {author.contributor for author in article.authors}
        names.add(article.responsible_editor_contributor)
        photos += article.photos
    names |= {photo.credit.contributor for photo in photos if photo.credit}
    return {normalise_name(name) for name in names if name} - {""}


def _declare_contributors(document: IssueDocument) -> None:
    """The contributors the document declares: created with their kind, given their variants
    and, where they have none, their note."""
    declared = document.contributors
    if not declared:
        return
    for entry in declared:  # as declared, whether or not the contributor is new
        validate(Contributor(name=entry.name, kind=entry.kind), f"contributor {entry.name}")
    kinds = {normalise_name(entry.name): entry.kind for entry in declared}
    found = contributors_get_or_create(names=kinds, kinds=kinds)
    wanted = {
        (found[normalise_name(entry.name)], normalise_name(variant))
        for entry in declared
        for variant in entry.variants
    }
    wanted = {(c, v) for c, v in wanted if v and v != c.name}
    if wanted:
        present = set(
            ContributorNameVariant.objects.filter(
                contributor__in={c for c, _v in wanted}, name__in={v for _c, v in wanted}
            ).values_list("contributor_id", "name")
        )
        for contributor, variant in sorted(wanted, key=lambda w: (w[0].pk, w[1])):
            if (contributor.pk, variant) not in present:
                contributor_add_variant(contributor=contributor, name=variant)
    for entry in declared:
        contributor = found[normalise_name(entry.name)]
        if entry.note and not contributor.note:
            contributor.note = entry.note
            validate(contributor, f"contributor {contributor.name}")
            contributor.save(update_fields=["note"])


def _named_rows(model, periodical: Periodical, declared, used) -> dict[str, object]:
    """The periodical's columns or masthead roles by name; those the document declares or
    uses and the periodical lacks are created (with their order), the others left as they
    are."""
    rows = {row.name: row for row in model.objects.filter(periodical=periodical)}
    orders = {entry.name: entry.order for entry in declared}
    for position, name in enumerate(used, start=1):
        orders.setdefault(name, position)
    missing = [
        model(periodical=periodical, name=name, order=order)
        for name, order in orders.items()
        if name not in rows
    ]
    for row in missing:
        validate(row, f"{model._meta.model_name} {row.name}")
    model.objects.bulk_create(missing)
    return rows | {row.name: row for row in missing}


def _given_facts(facts) -> dict:
    return {name: value for name, value in (facts or {}).items() if value not in (None, "")}


def _periodical(part: PeriodicalPart, issue: IssuePart) -> Periodical:
    """The document's periodical: created where new (with the facts the document gives it,
    else those its issue prints), else given the document's identity where that differs."""
    identity = {
        "name": part.name,
        "name_pinyin": part.name_pinyin,
        "kind": part.kind,
        "frequency": part.frequency,
        "issn": part.issn,
        "cn": part.cn,
    }
    periodical = Periodical.objects.filter(slug=part.slug).first()
    if periodical is None:
        facts = part.facts if part.facts is not None else issue.facts
        periodical = Periodical(slug=part.slug, **identity, **_given_facts(facts))
        validate(periodical, "periodical", full=True)
        periodical.save()
        return periodical
    differing = [name for name, value in identity.items() if getattr(periodical, name) != value]
    if differing:
        for name in differing:
            setattr(periodical, name, identity[name])
        validate(periodical, "periodical", full=True)
        periodical.save(update_fields=differing)
    return periodical


def _printed_facts(part: IssuePart) -> dict:
    """The facts the document gives, a fact printed empty as the field's empty value."""
    return {
        name: value if value not in (None, "") else Issue._meta.get_field(name).get_default()
        for name, value in part.facts.items()
    }


def _issue_create(periodical: Periodical, part: IssuePart) -> Issue:
    issue = Issue(
        periodical=periodical,
        year=part.year,
        number=part.number,
        number_end=part.number_end,
        supplement=part.supplement,
        cumulative_number=part.cumulative_number,
        publication_date=part.publication_date,
        cover_caption=part.cover_caption,
        highlights_heading=part.highlights_heading,
        status=part.status,
        note=part.note,
        published_at=part.published_at,
        cover_image=part.cover_image,
        **_given_facts(part.facts),
    )
    # A new issue prints the periodical's current facts, except those the document says it
    # printed empty.
    issue_fill_facts_from_periodical(issue=issue)
    for name, value in _printed_facts(part).items():
        setattr(issue, name, value)
    validate(issue, "issue", full=True)
    issue.save()
    return issue


def _issue_update(issue: Issue, part: IssuePart) -> bool:
    """Give an existing issue the document's values where they differ; False if none does.

    A note, a publication time or a cover image the document does not give is kept."""
    wanted = {
        "number_end": part.number_end,
        "cumulative_number": part.cumulative_number,
        "publication_date": part.publication_date,
        "cover_caption": part.cover_caption,
        "highlights_heading": part.highlights_heading,
        **_printed_facts(part),
    }
    if part.note:
        wanted["note"] = part.note
    if part.published_at:
        wanted["published_at"] = part.published_at
    differing = [name for name, value in wanted.items() if getattr(issue, name) != value]
    if part.cover_image and issue.cover_image.name != part.cover_image:
        wanted["cover_image"] = part.cover_image
        differing.append("cover_image")
    if not differing:
        return False
    for name in differing:
        setattr(issue, name, wanted[name])
    validate(issue, "issue", full=True)
    issue.save(update_fields=[*differing, "updated_at", "content_changed_at"])
    return True


def document_file_load(path: Path, *, update: bool = False) -> list[tuple[str, LoadResult]]:
    """Load every document of a file (a YAML seed document, or a JSON export of issues) in one
    transaction: all or nothing. Returns (the document's name, its result) for each; raises
    DocumentError, whose one-line message names the document, and then writes nothing."""
    results = []
    with collecting():
        for name, document in read_file(path):
            try:
                results.append((name, issue_document_load(document=document, update=update)))
            except DocumentError as error:
                raise DocumentError(f"{name}: {error}") from error
            except ValidationError as error:
                raise DocumentError(f"{name}: {one_line(error)}") from error
            except IntegrityError as error:  # a clash no validation foresaw (a race)
                first = str(error).strip().splitlines()[0] if str(error).strip() else "?"
                raise DocumentError(f"{name}: cannot be saved: {first}") from error
    return results
