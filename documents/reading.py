"""The one reader of issue documents: a YAML seed document or a JSON export of issues, or the
dict the importer reads from print text, into the typed `IssueDocument`.

Every malformed input is a `DocumentError` whose message is one line naming the document and
the field (`issues.json, document 3: articles[4].start_page: not a whole number`); no
KeyError or TypeError ever leaves this module.
"""

import datetime
import json
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from core.validators import unstorable_place
from periodical.models import PublicationFacts

from .document import (
    EXPORT_FORMAT,
    EXPORT_VERSION,
    ArticlePart,
    Author,
    Credit,
    DeclaredContributor,
    FactValue,
    IssueDocument,
    IssuePart,
    MastheadLine,
    MastheadPerson,
    Named,
    PeriodicalPart,
    Photo,
)

FACT_FIELDS = PublicationFacts.FACT_FIELDS


class DocumentError(Exception):
    """A document that cannot be read; the message is one line naming it and the field."""


def read_file(path: Path) -> list[tuple[str, IssueDocument]]:
    """The documents of a file, each with the name errors give it: a YAML seed document, or
    the issues of a JSON export (`issues.json, document 3`)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        content = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as error:
        raise DocumentError(f"{path.name}: cannot read: {_first_line(error)}") from error
    except RecursionError:  # the parsers' guard against a stack overflow
        raise DocumentError(f"{path.name}: cannot read: it nests too deep") from None
    # Text no database can store (a NUL, as JSON's "\u0000" or YAML's "\0" write it) is
    # refused here, naming its place, as the admin's upload refuses it: before anything is
    # written, and not as a database error halfway through.
    if found := unstorable_place(content):
        place, problem = found
        raise DocumentError(f"{path.name}: {place}: {problem}")
    if isinstance(content, dict) and content.get("format") == EXPORT_FORMAT:
        if content.get("version") != EXPORT_VERSION:
            raise DocumentError(
                f"{path.name}: export version {content.get('version')!r} is not "
                f"{EXPORT_VERSION}, the one this reader reads"
            )
        if not isinstance(content.get("issues"), list):
            raise DocumentError(f"{path.name}: the export has no list of issues")
        issues = content["issues"]
        names = [f"{path.name}, document {n}" for n in range(1, len(issues) + 1)]
        if len(issues) == 1:
            names = [path.name]
        return [
            (name, read_document(data, name=name, base=path.parent))
            for name, data in zip(names, issues, strict=True)
        ]
    return [(path.name, read_document(content, name=path.name, base=path.parent))]


def read_document(data, *, name: str, base: Path | None = None) -> IssueDocument:
    """`data` (a seed document as YAML or JSON gives it) as a typed document.

    `base` is the folder of the file: a seed document's `seed` text is found from its parent
    (fixtures/seed/x.yaml names seeds/y.txt). Raises DocumentError.
    """
    try:
        return _Document(name, base).read(_Fields(data, ""))
    except _Malformed as error:
        raise DocumentError(f"{name}: {error}") from None


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


class _Malformed(Exception):
    """A field of the document is wrong; the message starts with the field's path."""


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else repr(error)


class _Fields:
    """A mapping of the document at `path`, read field by field with the expected type."""

    def __init__(self, data, path: str):
        if not isinstance(data, Mapping):
            raise _Malformed(f"{path or 'the document'}: not a mapping of fields")
        self.data, self.path = data, path

    def where(self, key) -> str:
        return f"{self.path}.{key}" if self.path else str(key)

    def fail(self, key, problem: str):
        raise _Malformed(f"{self.where(key)}: {problem}")

    def has(self, key) -> bool:
        return key in self.data

    def text(self, key, default: str = "") -> str:
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.fail(key, f"not text: {value!r}")
        return str(value)

    def optional_text(self, key) -> str | None:
        return None if self.data.get(key) is None else self.text(key)

    def required_text(self, key) -> str:
        if not self.text(key).strip():
            self.fail(key, "missing")
        return self.text(key)

    def integer(self, key) -> int | None:
        value = self.data.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, f"not a whole number: {value!r}")
        return value

    def required_integer(self, key) -> int:
        if self.integer(key) is None:
            self.fail(key, "missing")
        return self.integer(key)

    def flag(self, key) -> bool:
        value = self.data.get(key)
        if value is not None and not isinstance(value, bool):
            self.fail(key, f"not true or false: {value!r}")
        return bool(value)

    def items(self, key) -> list:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(key, "not a list")
        return [(item, f"{self.where(key)}[{n}]") for n, item in enumerate(value)]

    def fields(self, key) -> "_Fields | None":
        value = self.data.get(key)
        return None if value is None else _Fields(value, self.where(key))

    def date(self, key) -> datetime.date | None:
        value = self.data.get(key)
        if value in (None, ""):
            return None
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            self.fail(key, f"not a date (YYYY-MM-DD): {value!r}")

    def moment(self, key) -> datetime.datetime | None:
        value = self.data.get(key)
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value
        try:
            return datetime.datetime.fromisoformat(str(value))
        except ValueError:
            self.fail(key, f"not a date and time (ISO 8601): {value!r}")

    def contributor(self, key, printed: str) -> str | None:
        """A credit's contributor: the one it names where the key is present (null for
        nobody), else the one printed."""
        if self.has(key):
            return self.optional_text(key) or None
        return printed or None


class _Document:
    def __init__(self, name: str, base: Path | None):
        self.name, self.base = name, base
        self.seed_lines: list[str] | None = None

    def read(self, top: _Fields) -> IssueDocument:
        if top.has("seed"):
            self._seed_text(top.required_text("seed"))
        if top.fields("periodical") is None:
            top.fail("periodical", "missing")
        if top.fields("issue") is None:
            top.fail("issue", "missing")
        columns = self._named_list(top, "columns")
        articles = self._articles(top, {column.name for column in columns})
        issue = self._issue(top.fields("issue"), {article.key for article in articles})
        return IssueDocument(
            periodical=self._periodical(top.fields("periodical")),
            issue=issue,
            contributors=tuple(
                self._declared(_Fields(item, where)) for item, where in top.items("contributors")
            ),
            masthead_roles=self._named_list(top, "masthead_roles"),
            columns=columns,
            articles=articles,
        )

    def _seed_text(self, seed: str) -> None:
        path = (self.base.parent / seed) if self.base is not None else Path(seed)
        try:
            self.seed_lines = path.resolve().read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise _Malformed(f"seed: seed text {seed} not found") from error

    def _periodical(self, data: _Fields) -> PeriodicalPart:
        return PeriodicalPart(
            slug=data.required_text("slug"),
            name=data.text("name"),
            name_pinyin=data.text("name_pinyin"),
            kind=data.text("kind") or "magazine",
            frequency=data.text("frequency"),
            issn=data.text("issn"),
            cn=data.text("cn"),
            facts=self._facts(data.fields("facts")) if data.has("facts") else None,
        )

    def _facts(self, data: _Fields | None) -> dict[str, FactValue]:
        if data is None:
            return {}
        facts: dict[str, FactValue] = {}
        for name in data.data:
            if name not in FACT_FIELDS:
                data.fail(name, "not a fact of the masthead")
            value = data.data[name]
            if name == "price" and value not in (None, ""):
                try:
                    value = Decimal(str(value))
                except InvalidOperation:
                    data.fail(name, f"not a price: {value!r}")
            elif name == "publication_day":
                value = data.integer(name)
            elif value is not None:
                value = data.text(name)
            facts[name] = value
        return facts

    def _declared(self, data: _Fields) -> DeclaredContributor:
        variants = []
        for item, where in data.items("variants"):
            if not isinstance(item, str):
                raise _Malformed(f"{where}: not a name: {item!r}")
            variants.append(item)
        return DeclaredContributor(
            name=data.required_text("name"),
            kind=data.text("kind") or "person",
            variants=tuple(variants),
            note=data.text("note"),
        )

    def _named_list(self, top: _Fields, key: str) -> tuple[Named, ...]:
        """Columns or roles, each as its name (ordered by its position) or as {name, order}."""
        named = []
        for position, (item, where) in enumerate(top.items(key), start=1):
            if isinstance(item, str) and item:
                named.append(Named(item, position))
                continue
            data = _Fields(item, where)
            order = data.integer("order")
            named.append(Named(data.required_text("name"), position if order is None else order))
        return tuple(named)

    def _issue(self, data: _Fields, keys: set[str]) -> IssuePart:
        highlights = data.fields("highlights")
        highlighted = []
        for item, where in highlights.items("articles") if highlights else []:
            if not isinstance(item, str) or item not in keys:
                raise _Malformed(f"{where}: names no article: {item!r}")
            highlighted.append(item)
        masthead = []
        for item, where in data.items("masthead"):
            line = _Fields(item, where)
            people = []
            for person, person_where in line.items("people"):
                # A name, or {name, contributor} where the person is not the one so named.
                person = _Fields(
                    {"name": person} if isinstance(person, str) else person, person_where
                )
                printed = person.required_text("name")
                people.append(MastheadPerson(printed, person.contributor("contributor", printed)))
            masthead.append(
                MastheadLine(line.required_text("role"), tuple(people), line.text("note"))
            )
        return IssuePart(
            year=data.required_integer("year"),
            number=data.integer("number"),
            number_end=data.integer("number_end"),
            supplement=data.flag("supplement"),
            cumulative_number=data.integer("cumulative_number"),
            publication_date=data.date("publication_date"),
            status=data.text("status") or "draft",
            published_at=data.moment("published_at"),
            facts=self._facts(data.fields("facts")),
            cover_caption=data.text("cover_caption"),
            cover_image=data.text("cover_image"),
            masthead=tuple(masthead),
            highlights_heading=highlights.text("heading") if highlights else "",
            highlights=tuple(highlighted),
            photos=tuple(self._photo(_Fields(i, w)) for i, w in data.items("photos")),
            note=data.text("note"),
        )

    def _articles(self, top: _Fields, columns: set[str]) -> tuple[ArticlePart, ...]:
        articles, keys, position = [], set(), 0
        for item, where in top.items("articles"):
            data = _Fields(item, where)
            key = data.required_text("key")
            if key in keys:
                data.fail("key", f"{key!r} appears twice")
            keys.add(key)
            column = data.optional_text("column") or None
            if column is not None and column not in columns:
                data.fail("column", f"{column!r} is not in columns")
            if data.flag("in_toc"):
                position += 1
            # An export gives the editor's own toc_order; a seed document its position.
            toc_order = data.integer("toc_order") if data.has("toc_order") else None
            if not data.has("toc_order") and data.flag("in_toc"):
                toc_order = position
            editor = data.optional_text("responsible_editor") or None
            articles.append(
                ArticlePart(
                    key=key,
                    title=data.text("title"),
                    column=column,
                    toc_order=toc_order,
                    start_page=data.integer("start_page"),
                    end_page=data.integer("end_page"),
                    continuation_pages=data.text("continuation_pages"),
                    kicker=data.text("kicker"),
                    toc_title=data.text("toc_title"),
                    subtitle=data.text("subtitle"),
                    dateline=data.text("dateline"),
                    authors=tuple(self._author(_Fields(i, w)) for i, w in data.items("authors")),
                    and_others=data.flag("and_others"),
                    source_org=data.text("source_org"),
                    reprinted_from=data.text("reprinted_from"),
                    responsible_editor=editor,
                    responsible_editor_contributor=data.contributor(
                        "responsible_editor_contributor", editor or ""
                    ),
                    body=data.text("body") if data.has("body") else self._body(data),
                    photos=tuple(self._photo(_Fields(i, w)) for i, w in data.items("photos")),
                    note=data.text("note"),
                )
            )
        return tuple(articles)

    def _author(self, data: _Fields) -> Author:
        printed = data.required_text("name")
        return Author(
            name=printed,
            contributor=data.contributor("contributor", printed),
            role=data.text("role") or "author",
            affiliation=data.text("affiliation"),
            in_toc=data.flag("in_toc"),
        )

    def _photo(self, data: _Fields) -> Photo:
        credit = data.fields("credit")
        if credit is not None:
            printed = credit.text("name")
            credit = Credit(
                name=printed,
                kind=credit.text("kind") or "taken",
                agency=credit.text("agency"),
                title=credit.text("title"),
                contributor=credit.contributor("contributor", printed),
            )
        return Photo(caption=data.text("caption"), on_cover=data.flag("on_cover"), credit=credit)

    def _body(self, data: _Fields) -> str:
        """The article's text from the seed text's `body_lines`, non-empty lines as paragraphs."""
        try:
            ranges = parse_line_ranges(data.text("body_lines"))
        except ValueError as error:
            data.fail("body_lines", str(error))
        if ranges and self.seed_lines is None:
            data.fail("body_lines", "given without a seed text")
        paragraphs = []
        for start, end in ranges:
            if end > len(self.seed_lines):
                data.fail("body_lines", f"line {end} is past the end of the seed text")
            paragraphs.extend(
                line.strip() for line in self.seed_lines[start - 1 : end] if line.strip()
            )
        return "\n\n".join(paragraphs)
