"""Loading the seed documents (fixtures/seed/*.yaml) through the same services the admin uses.

The YAML format and the rules of transcription are in fixtures/README.md. The JSON export of
`exports` (several documents in one file, body text inline) loads through the same code.
"""

import datetime
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError

from articles.models import Article, Authorship, PhotoCredit
from contributors.models import Contributor
from contributors.services import contributor_add_variant, contributor_get_or_create
from core.effects import collecting
from issues.models import Highlight, Issue, MastheadEntry
from issues.services import issue_create

from .models import Column, MastheadRole, Periodical


class SeedError(Exception):
    """A seed document that cannot be loaded; the message names the file and the reason."""


@dataclass(frozen=True)
class SeedResult:
    path: Path
    issue: Issue
    created: bool


def seed_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.yaml"))


# The `format` of a JSON export of issues (exports/json_export.py), which this loader reads.
EXPORT_FORMAT = "periodical-issues"
EXPORT_VERSION = 1


def load_seed_file(path: Path, *, reset: bool = False) -> list[SeedResult]:
    """Load a seed file: one YAML seed document, or a JSON export of several issues.

    An issue already in the database is kept unless `reset`. Each document is loaded in its
    own transaction: a bad one writes nothing and stops the load with a one-line SeedError;
    the documents before it stay loaded.
    """
    return list(iter_seed_file(path, reset=reset))


def iter_seed_file(path: Path, *, reset: bool = False) -> Iterator[SeedResult]:
    """As load_seed_file, one result as each document is committed."""
    path = Path(path)
    documents = _read_documents(path)
    several = len(documents) > 1
    for number, document in enumerate(documents, start=1):
        where = f"{path.name}, document {number}" if several else path.name
        if not isinstance(document, dict):
            raise SeedError(f"{where}: not a seed document")
        try:
            with collecting():  # the issue touched, its articles indexed, once
                result = SeedLoader(path, document).load(reset=reset)
        except ValidationError as error:
            raise SeedError(f"{where}: {_one_line(error)}") from error
        except (KeyError, TypeError, ValueError) as error:
            raise SeedError(f"{where}: malformed: {error!r}") from error
        except SeedError as error:
            raise SeedError(f"{where}: {error}") from error
        yield result


def _read_documents(path: Path) -> list:
    """The documents of a seed file: a YAML document, or the `issues` of a JSON export."""
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix.lower() == ".json":
            content = json.loads(text)
        else:
            content = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as error:
        raise SeedError(f"{path.name}: cannot read: {_first_line(error)}") from error
    if isinstance(content, dict) and content.get("format") == EXPORT_FORMAT:
        if content.get("version") != EXPORT_VERSION:
            raise SeedError(
                f"{path.name}: export version {content.get('version')!r} is not "
                f"{EXPORT_VERSION}, the one this loader reads"
            )
        if not isinstance(content.get("issues"), list):
            raise SeedError(f"{path.name}: the export has no list of issues")
        return content["issues"]
    return [content]


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else repr(error)


def _one_line(error: ValidationError) -> str:
    if not hasattr(error, "message_dict"):
        return " ".join(error.messages)
    return "; ".join(
        " ".join(messages) if field == "__all__" else f"{field}: {' '.join(messages)}"
        for field, messages in error.message_dict.items()
    )


def parse_line_ranges(spec: str) -> list[tuple[int, int]]:
    """ "12-20, 25-30" -> [(12, 20), (25, 30)]; a lone number is a one-line range."""
    ranges = []
    for part in (spec or "").split(","):
        part = part.strip()
        if not part:
            continue
        match = re.fullmatch(r"(\d+)(?:\s*-\s*(\d+))?", part)
        if not match:
            raise ValueError(f"bad line range {part!r}")
        start, end = int(match.group(1)), int(match.group(2) or match.group(1))
        if end < start:
            raise ValueError(f"line range {part!r} runs backwards")
        ranges.append((start, end))
    return ranges


class SeedLoader:
    """Writes one seed document; subclasses change how people are found (imports.writing)."""

    def __init__(self, path: Path, document: dict):
        self.path = path
        self.document = document
        # An export carries each body inline (`body`) and names no seed text.
        self.seed_lines = None
        if document.get("seed"):
            seed_path = (path.parent.parent / document["seed"]).resolve()
            try:
                self.seed_lines = seed_path.read_text(encoding="utf-8").splitlines()
            except OSError as error:
                raise SeedError(f"seed text {document['seed']} not found") from error

    def load(self, *, reset: bool) -> SeedResult:
        periodical = self._periodical(self.document["periodical"], self.document["issue"])
        issue_data = self.document["issue"]
        existing = Issue.objects.filter(
            periodical=periodical,
            year=issue_data["year"],
            number=issue_data.get("number"),
            supplement=bool(issue_data.get("supplement")),
            publication_date=_date(issue_data.get("publication_date")),
        ).first()
        if existing is not None and not reset:
            return SeedResult(self.path, existing, created=False)
        if existing is not None:
            existing.delete()
        self._declare_contributors(self.document.get("contributors") or [])
        self._masthead_roles(periodical, self.document.get("masthead_roles") or [])
        columns = self._columns(periodical, self.document.get("columns") or [])
        issue = self._issue(periodical, issue_data)
        self._contents(issue, columns)
        return SeedResult(self.path, issue, created=True)

    def _contents(self, issue: Issue, columns: dict[str, Column]) -> None:
        """What the issue prints: masthead, articles, highlights, photos."""
        issue_data = self.document["issue"]
        self._masthead(issue, issue_data.get("masthead") or [])
        articles = self._articles(issue, columns, self.document.get("articles") or [])
        self._highlights(issue, articles, issue_data.get("highlights") or {})
        for order, photo in enumerate(issue_data.get("photos") or [], start=1):
            self._photo(photo, order, issue=issue)

    def _periodical(self, data: dict, issue_data: dict) -> Periodical:
        identity = {
            key: data.get(key) or ""
            for key in ("name", "name_pinyin", "kind", "frequency", "issn", "cn")
        }
        periodical = Periodical.objects.filter(slug=data["slug"]).first()
        if periodical is None:
            # A new periodical's current facts are the ones an export gives, else the ones its
            # seed issue prints.
            facts = data["facts"] if "facts" in data else issue_data.get("facts")
            periodical = Periodical(slug=data["slug"], **identity, **_facts(facts))
        else:
            for key, value in identity.items():
                setattr(periodical, key, value)
        periodical.full_clean()
        periodical.save()
        return periodical

    def _declare_contributors(self, declared: list) -> None:
        for entry in declared:
            kind = entry.get("kind") or Contributor.Kind.PERSON
            contributor = contributor_get_or_create(name=entry["name"], kind=kind)
            for variant in entry.get("variants") or []:
                contributor_add_variant(contributor=contributor, name=variant)
            if entry.get("note") and not contributor.note:
                contributor.note = entry["note"]
                contributor.full_clean()
                contributor.save(update_fields=["note"])

    def _contributor(self, name: str) -> Contributor:
        return contributor_get_or_create(name=name)

    def _credited(self, printed: str, data: dict) -> Contributor | None:
        """The contributor of a credit: the one printed as `printed`, unless the credit names
        another (`contributor`: its name, or null for a credit that points at nobody)."""
        if "contributor" in data:
            name = data["contributor"]
            return self._contributor(name) if name else None
        return self._contributor(printed) if printed else None

    def _columns(self, periodical: Periodical, entries: list) -> dict[str, Column]:
        columns = {}
        for position, entry in enumerate(entries, start=1):
            name, order = _name_and_order(entry, position)
            column, _created = Column.objects.get_or_create(
                periodical=periodical, name=name, defaults={"order": order}
            )
            columns[name] = column
        return columns

    def _masthead_roles(self, periodical: Periodical, entries: list) -> None:
        for position, entry in enumerate(entries, start=1):
            name, order = _name_and_order(entry, position)
            MastheadRole.objects.get_or_create(
                periodical=periodical, name=name, defaults={"order": order}
            )

    def _issue(self, periodical: Periodical, data: dict) -> Issue:
        optional = {name: data[name] for name in ("published_at", "cover_image") if data.get(name)}
        if "published_at" in optional:
            optional["published_at"] = datetime.datetime.fromisoformat(optional["published_at"])
        issue = issue_create(
            periodical=periodical,
            year=data["year"],
            number=data.get("number"),
            number_end=data.get("number_end"),
            supplement=bool(data.get("supplement")),
            cumulative_number=data.get("cumulative_number"),
            publication_date=_date(data.get("publication_date")),
            cover_caption=data.get("cover_caption") or "",
            highlights_heading=(data.get("highlights") or {}).get("heading") or "",
            status=data.get("status") or Issue.Status.DRAFT,
            note=data.get("note") or "",
            **optional,
            **_facts(data.get("facts")),
        )
        # A fact given as empty was printed empty: it is not the periodical's current one.
        printed_empty = [
            name for name, value in (data.get("facts") or {}).items() if value in (None, "")
        ]
        blank = {name: Issue._meta.get_field(name).get_default() for name in printed_empty}
        if any(getattr(issue, name) != value for name, value in blank.items()):
            for name, value in blank.items():
                setattr(issue, name, value)
            issue.save(update_fields=[*blank, "updated_at", "content_changed_at"])
        return issue

    def _masthead(self, issue: Issue, roles: list) -> None:
        order = 0
        for role_order, entry in enumerate(roles, start=1):
            role, _created = MastheadRole.objects.get_or_create(
                periodical=issue.periodical, name=entry["role"], defaults={"order": role_order}
            )
            for person in entry.get("people") or []:
                # A name, or {name, contributor} where the person is not the one so named.
                person = person if isinstance(person, dict) else {"name": person}
                name = person["name"]
                order += 1
                masthead_entry = MastheadEntry(
                    issue=issue,
                    role=role,
                    contributor=self._credited(name, person),
                    credited_name=name,
                    note=entry.get("note") or "",
                    order=order,
                )
                masthead_entry.full_clean()
                masthead_entry.save()

    def _articles(self, issue: Issue, columns: dict, entries: list) -> dict[str, Article]:
        articles = {}
        toc_position = 0
        for entry in entries:
            key = entry["key"]
            if key in articles:
                raise ValueError(f"article key {key!r} appears twice")
            column_name = entry.get("column")
            if column_name and column_name not in columns:
                raise ValueError(f"article {key}: column {column_name!r} is not in columns")
            if entry.get("in_toc"):
                toc_position += 1
            # An export gives the editor's own toc_order; a seed document its position.
            toc_order = entry.get("toc_order", toc_position if entry.get("in_toc") else None)
            editor_name = entry.get("responsible_editor") or ""
            editor = (
                {"contributor": entry["responsible_editor_contributor"]}
                if ("responsible_editor_contributor" in entry)
                else {}
            )
            article = Article(
                issue=issue,
                column=columns.get(column_name) if column_name else None,
                toc_order=toc_order,
                kicker=entry.get("kicker") or "",
                title=entry.get("title") or "",
                toc_title=entry.get("toc_title") or "",
                subtitle=entry.get("subtitle") or "",
                start_page=entry.get("start_page"),
                end_page=entry.get("end_page"),
                continuation_pages=str(entry.get("continuation_pages") or ""),
                dateline=entry.get("dateline") or "",
                and_others=bool(entry.get("and_others")),
                source_org=entry.get("source_org") or "",
                reprinted_from=entry.get("reprinted_from") or "",
                responsible_editor=self._credited(editor_name, editor),
                responsible_editor_name=editor_name,
                body=entry["body"] if "body" in entry else self._body(key, entry.get("body_lines")),
                note=entry.get("note") or "",
            )
            article.full_clean()
            article.save()
            for order, author in enumerate(entry.get("authors") or [], start=1):
                authorship = Authorship(
                    article=article,
                    contributor=self._credited(author["name"], author),
                    credited_name=author["name"],
                    role=author.get("role") or Authorship.Role.AUTHOR,
                    affiliation=author.get("affiliation") or "",
                    listed_in_toc=bool(author.get("in_toc")),
                    order=order,
                )
                authorship.full_clean()
                authorship.save()
            for order, photo in enumerate(entry.get("photos") or [], start=1):
                self._photo(photo, order, article=article)
            articles[key] = article
        return articles

    def _body(self, key: str, spec: str | None) -> str:
        ranges = parse_line_ranges(str(spec or ""))
        if ranges and self.seed_lines is None:
            raise ValueError(f"article {key}: body_lines without a seed text")
        paragraphs = []
        for start, end in ranges:
            if end > len(self.seed_lines):
                raise ValueError(f"article {key}: line {end} is past the end of the seed text")
            paragraphs.extend(
                line.strip() for line in self.seed_lines[start - 1 : end] if line.strip()
            )
        return "\n\n".join(paragraphs)

    def _photo(self, data: dict, order: int, *, issue=None, article=None) -> None:
        credit = data.get("credit") or {}
        name = credit.get("name") or ""
        photo = PhotoCredit(
            issue=issue,
            article=article,
            on_cover=bool(data.get("on_cover")),
            caption=data.get("caption") or "",
            kind=credit.get("kind") or PhotoCredit.Kind.TAKEN,
            photographer=self._credited(name, credit),
            credited_name=name,
            credited_title=credit.get("title") or "",
            agency=credit.get("agency") or "",
            order=order,
        )
        photo.full_clean()
        photo.save()

    def _highlights(self, issue: Issue, articles: dict, data: dict) -> None:
        for order, key in enumerate(data.get("articles") or [], start=1):
            if key not in articles:
                raise ValueError(f"highlight {key!r} names no article")
            highlight = Highlight(issue=issue, article=articles[key], order=order)
            highlight.full_clean()
            highlight.save()


def _facts(data: dict | None) -> dict:
    facts = dict(data or {})
    if facts.get("price") not in (None, ""):
        try:
            facts["price"] = Decimal(str(facts["price"]))
        except InvalidOperation as error:
            raise ValueError(f"bad price {facts['price']!r}") from error
    if facts.get("postcode") is not None:
        facts["postcode"] = str(facts["postcode"])
    unknown = set(facts) - set(Periodical.FACT_FIELDS)
    if unknown:
        raise ValueError(f"unknown facts {sorted(unknown)}")
    return {key: value for key, value in facts.items() if value not in (None, "")}


def _name_and_order(entry, position: int) -> tuple[str, int]:
    """A column or role given as its name (ordered by position) or as {name, order}."""
    if isinstance(entry, dict):
        return entry["name"], entry.get("order", position)
    return entry, position


def _date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))
