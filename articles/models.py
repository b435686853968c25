"""Articles of an issue, their authorships and the photo credits of an issue."""

import re
from collections.abc import Iterable
from functools import reduce
from operator import add

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Case, Q, When
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, transition

from audit.querysets import RecordedQuerySet
from audit.scope import NO_SCOPE, ChangeScope
from contributors.models import HAN_CHARACTERS
from core.pictures import picture_dimensions, rendition_field, validate_picture
from core.validators import validate_page_list
from issues.models import Issue, change_scopes_in_issues

from .search import (
    FTS_TABLE,
    PRINT_WHITESPACE,
    SearchPage,
    SearchTerm,
    fts5_query_for,
    fts5_title_query_for,
    latin_word_pattern,
    other_forms,
    parse_search_query,
)


class _ArticleSQL(models.Expression):
    """A condition on the article row in PostgreSQL SQL, `{a}` standing for the alias the query
    gives the article table (U0 in a subquery), with parameters. For the columns and functions
    of migration 0010, which are not model fields: loading articles never carries them."""

    output_field = models.BooleanField()

    def __init__(self, template: str, *params):
        super().__init__()
        self.template, self.params = template, list(params)

    def as_sql(self, compiler, connection):
        alias = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return self.template.format(a=alias), self.params


_TSQUERY = "to_tsquery('simple'::regconfig, %s)"
# The expressions the GIN indexes of migration 0010 are built on, to the letter.
_TITLE_PART = (
    "{a}.title || E'\\n' || {a}.toc_title || E'\\n' || {a}.subtitle || E'\\n' || {a}.kicker"
)
_EVERYTHING = (
    f"{_TITLE_PART} || E'\\n' || {{a}}.body || E'\\n' || {{a}}.source_org || E'\\n' "
    "|| {a}.reprinted_from || E'\\n' || {a}.search_names"
)
_VECTOR = f"articles_search_vector({_EVERYTHING})"
# The parts of the text's GIN index, by `id % SEARCH_INDEX_PARTS` (migration 0014).
SEARCH_INDEX_PARTS = 4
_TITLE_VECTOR = f"articles_search_vector({_TITLE_PART})"


def _pair_tsquery(term: SearchTerm) -> str:
    """The term against the pairs of characters PostgreSQL indexes (migration 0010): a
    Chinese phrase is its bigrams, which are pairs; a word of two letters or more is its
    pairs; a single character is any pair it starts."""
    if term.prefix and len(term.characters) == 1:
        return term.tsquery()
    word = term.characters
    pairs = dict.fromkeys(word[i : i + 2] for i in range(len(word) - 1))
    return " & ".join("'" + pair.replace("'", "''") + "'" for pair in pairs)


def _needs_check(term: SearchTerm) -> bool:
    """Whether index pairs are not yet a match: a phrase of three or more characters (its
    pairs must be adjacent) or a Latin word (it must start a word)."""
    return term.needs_phrase_check or not term.is_han


def _indexed(
    terms: list[SearchTerm], vector: str = _VECTOR, parts: Iterable[int] | None = None
) -> _ArticleSQL:
    """PostgreSQL: every term's pairs are in the text (or the title part): a condition the GIN
    index answers, exact for Chinese terms of one or two characters. The text's index is in
    parts by the id (migration 0014), so the condition is asked of each part (or of `parts`
    alone), in the words of its predicate: PostgreSQL reads the parts and ORs their bitmaps."""
    query = " & ".join(f"({_pair_tsquery(term)})" for term in terms)
    if vector != _VECTOR:
        return _ArticleSQL(f"{vector} @@ {_TSQUERY}", query)
    parts = list(range(SEARCH_INDEX_PARTS) if parts is None else parts)
    asked = " OR ".join(
        f"({{a}}.id %% {SEARCH_INDEX_PARTS} = {part} AND {vector} @@ {_TSQUERY})" for part in parts
    )
    return _ArticleSQL(f"({asked})", *[query] * len(parts))


def _in_text(term: SearchTerm, text: str = _EVERYTHING) -> _ArticleSQL:
    """PostgreSQL: `term` is in the article's text (or its title part) as the search reads it,
    without an index, at ~15 µs an article of 1,000 characters: a Chinese term by strpos on
    the text with its whitespace removed (between two Chinese characters whitespace is print
    layout, and a Chinese term has nothing else to straddle); a Latin word by strpos in the
    lowercase text, then, only there, a regular expression for its start on the normalised
    text. Where a character could be written in another form (compatibility, full-width)
    and the text has one, the normalised text decides. Regular expressions are not run on
    every article: PostgreSQL's take ~0.5 ms an article."""
    forms = other_forms(term.characters)
    normalised = f"articles_search_readable({text})"
    if term.is_han:
        joined = text
        for _space in PRINT_WHITESPACE:
            joined = f"replace({joined}, %s, '')"
        found = f"(strpos({text}, %s) > 0 OR strpos({joined}, %s) > 0)"
        params = [term.characters, *PRINT_WHITESPACE, term.characters]
        exact = f"strpos({normalised}, %s) > 0"
    else:
        found = f"(strpos(lower({text}), %s) > 0 AND {normalised} ~ %s)"
        params = [term.characters, latin_word_pattern(term)]
        exact = f"{normalised} ~ %s"
    if forms:
        present = " OR ".join([f"strpos({text}, %s) > 0"] * len(forms))
        found = f"({found} OR (({present}) AND {exact}))"
        params += [*forms, params[-1] if not term.is_han else term.characters]
    return _ArticleSQL(found, *params)


def _in_title(term: SearchTerm) -> _ArticleSQL:
    return _in_text(term, _TITLE_PART)


def _not(condition: _ArticleSQL) -> _ArticleSQL:
    return _ArticleSQL(f"NOT ({condition.template})", *condition.params)


HAN_RUN = re.compile(rf"[{HAN_CHARACTERS}]+")


def search_order() -> list:
    """The order of search results after the title matches: newest issue first (by year and
    number, so that an issue whose date is not known still sorts by its year), then the 目录."""
    return [
        models.F("issue__year").desc(),
        models.F("issue__number").desc(nulls_last=True),
        models.F("issue__publication_date").desc(nulls_last=True),
        models.F("toc_order").asc(nulls_last=True),
        models.F("start_page").asc(nulls_last=True),
        "id",
    ]


class ArticleQuerySet(RecordedQuerySet):
    def published(self):
        """Articles of published issues: what readers may see."""
        return self.filter(issue__status="published")

    def in_toc_order(self):
        """The order of the printed 目录; articles the 目录 does not list come last, by page."""
        return self.order_by(
            models.F("toc_order").asc(nulls_last=True),
            models.F("start_page").asc(nulls_last=True),
            "id",
        )

    def with_credits(self):
        """With issue, column, byline and photo credits: what an article's API page shows."""
        return self.select_related("issue__periodical", "column").prefetch_related(
            models.Prefetch("authorships", queryset=Authorship.objects.order_by("order", "id")),
            models.Prefetch("photo_credits", queryset=PhotoCredit.objects.order_by("order", "id")),
        )

    def without_texts(self):
        """Leave out the body and the search text, which lists do not show."""
        return self.defer("body", "note", "search_title", "search_body", "search_names")

    def change_scopes_of(self, article_ids) -> dict[int, ChangeScope]:
        """The scope of a change to a row of each of these articles (a credit), by article id:
        the article's issue, its periodical and whether it is published. One query."""
        ids = {pk for pk in article_ids if pk is not None}
        if not ids:
            return {}
        rows = self.filter(pk__in=ids).values_list(
            "pk", "issue_id", "issue__periodical_id", "issue__status"
        )
        return {
            pk: ChangeScope(
                periodical_id=periodical_id,
                issue_id=issue_id,
                after_publication=status == Issue.Status.PUBLISHED,
            )
            for pk, issue_id, periodical_id, status in rows
        }

    # The terms of search(), kept through filtering and slicing (see _clone and search_page).
    search_terms: list[SearchTerm] | None = None
    search_base = None  # the queryset search() was called on
    _search_shape = None

    def _clone(self):
        clone = super()._clone()
        clone.search_terms, clone.search_base = self.search_terms, self.search_base
        clone._search_shape = self._search_shape
        return clone

    @property
    def is_search_as_made(self) -> bool:
        """Whether this is search()'s queryset, neither filtered nor reordered since."""
        return self.search_terms is not None and self._search_shape == (
            len(self.query.where.children),
            self.query.order_by,
        )

    def search(self, query: str):
        """Articles matching every term of `query`: Chinese-aware (see articles/search.py).

        Title matches first (`search_title_terms`: how many of the terms the title, subtitle or
        kicker holds), then the newest issue, then 目录 order. Raises ValidationError when the
        query has nothing to search for. On PostgreSQL the GIN indexes of migration 0010 find
        the candidates, on SQLite the FTS5 table of 0012; other databases scan the text.
        For pages of results, search_page() reads far fewer rows than slicing this.
        """
        terms = parse_search_query(query)
        vendor = connections[self.db].vendor
        if vendor == "postgresql":
            found = self.filter(_indexed(terms), *[_in_text(t) for t in terms if _needs_check(t)])
            in_title = [Case(When(_in_title(t), then=1), default=0) for t in terms]
        elif vendor == "sqlite":
            # The title by the FTS5 table too, not the row's text: reading search_title means
            # reading past the body in every matching row.
            found = self.filter(fts5_match(fts5_query_for(terms)))
            in_title = [
                Case(When(fts5_match(fts5_title_query_for([t])), then=1), default=0) for t in terms
            ]
        else:
            found = self.filter(*[_in_search_text(term) for term in terms])
            in_title = [
                Case(When(_in_search_text(t, "search_title"), then=1), default=0) for t in terms
            ]
        found = found.annotate(search_title_terms=reduce(add, in_title)).order_by(
            models.F("search_title_terms").desc(), *search_order()
        )
        found.search_terms, found.search_base = terms, self
        found._search_shape = (len(found.query.where.children), found.query.order_by)
        return found

    def search_page(self, *, offset: int, limit: int) -> SearchPage:
        """A page of the results of search(), and their number, read as an index can: see
        articles/search_pages.py. Much faster than slicing and counting the results."""
        from .search_pages import search_page

        return search_page(self, offset=offset, limit=limit)


def fts5_match(query: str) -> Q:
    """SQLite: the articles the FTS5 table (migration 0012) finds for `query`, in FTS5 syntax."""
    return Q(pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [query]))


def _in_search_text(term: SearchTerm, *fields: str) -> Q:
    """`term` found in the segmented text of `fields` (both parts by default), without an index.

    Exact on segmented text: a Chinese token is at most two characters, so a run of bigrams
    cannot match from the middle of a token; a prefix term must start a token.
    """
    condition = Q()
    for field in fields or ("search_title", "search_body"):
        if term.prefix:
            token = term.tokens[0]
            condition |= Q(**{f"{field}__startswith": token})
            condition |= Q(**{f"{field}__contains": f" {token}"})
        else:
            condition |= Q(**{f"{field}__contains": term.phrase})
    return condition


class Stage(models.TextChoices):
    """Where an article stands in 三审三校: the step that waits for its sign-off."""

    RECEIVED = "received", _("收稿")
    FIRST_REVIEW = "first_review", _("初审")
    SECOND_REVIEW = "second_review", _("复审")
    FINAL_REVIEW = "final_review", _("终审")
    PROOF_1 = "proof_1", _("一校")
    PROOF_2 = "proof_2", _("二校")
    PROOF_3 = "proof_3", _("三校")
    READ_THROUGH = "read_through", _("通读")
    READY = "ready", _("定稿")
    REJECTED = "rejected", _("不予刊用")


# The stages a sign-off moves on from, in order; 通读 only for a periodical that requires it.
SIGNED_STAGES = [
    Stage.RECEIVED,
    Stage.FIRST_REVIEW,
    Stage.SECOND_REVIEW,
    Stage.FINAL_REVIEW,
    Stage.PROOF_1,
    Stage.PROOF_2,
    Stage.PROOF_3,
    Stage.READ_THROUGH,
]
# 三审: three reviews, by three different people.
REVIEW_STAGES = (Stage.FIRST_REVIEW, Stage.SECOND_REVIEW, Stage.FINAL_REVIEW)


class Article(models.Model):
    """One article of an issue, as the print gives it: column, pages, title, byline and marks."""

    Stage = Stage

    class Origin(models.TextChoices):
        WORKFLOW = "workflow", _("编辑流程")
        IMPORTED = "imported", _("导入（无审校记录）")

    issue = models.ForeignKey(
        "issues.Issue", on_delete=models.CASCADE, related_name="articles", verbose_name=_("issue")
    )
    column = models.ForeignKey(
        "periodical.Column",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("column"),
    )
    toc_order = models.PositiveIntegerField(
        _("order in the table of contents"),
        null=True,
        blank=True,
        help_text=_("Set by the editor; empty for an article the 目录 does not list."),
    )
    kicker = models.CharField(
        _("kicker"), max_length=255, blank=True, help_text=_("引题 printed above the title.")
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    toc_title = models.CharField(
        _("title in the table of contents"),
        max_length=255,
        blank=True,
        help_text=_("Only where the 目录 prints the title differently from the article."),
    )
    subtitle = models.CharField(_("subtitle"), max_length=255, blank=True)
    start_page = models.PositiveSmallIntegerField(_("start page"), null=True, blank=True)
    end_page = models.PositiveSmallIntegerField(_("end page"), null=True, blank=True)
    continuation_pages = models.CharField(
        _("continuation pages"),
        max_length=50,
        blank=True,
        validators=[validate_page_list],
        help_text=_("Pages named by 下转/上接, e.g. 9 or 9, 12-13."),
    )
    dateline = models.CharField(
        _("dateline"), max_length=100, blank=True, help_text=_("Newspapers: 本报X讯.")
    )
    and_others = models.BooleanField(
        _("and others"), default=False, help_text=_("The 目录 prints 等 after the authors.")
    )
    source_org = models.CharField(
        _("source organisation"), max_length=255, blank=True, help_text=_("(…供稿)")
    )
    reprinted_from = models.CharField(
        _("reprinted from"), max_length=255, blank=True, help_text=_("(摘自《…》)")
    )
    responsible_editor = models.ForeignKey(
        "contributors.Contributor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="edited_articles",
        verbose_name=_("responsible editor"),
    )
    responsible_editor_name = models.CharField(
        _("responsible editor as printed"),
        max_length=100,
        blank=True,
        help_text=_("The name in the [责任编辑:…] mark; filled from the editor when left empty."),
    )
    body = models.TextField(_("body"), blank=True)
    note = models.TextField(_("note"), blank=True)
    search_title = models.TextField(
        _("search text of the title"),
        blank=True,
        default="",
        editable=False,
        help_text=_(
            "Title, table-of-contents title, subtitle and kicker split into search tokens; "
            "written by the search refresh, never by hand."
        ),
    )
    search_body = models.TextField(
        _("search text of the body"),
        blank=True,
        default="",
        editable=False,
        help_text=_(
            "Body, author names and end marks split into search tokens; written by the search "
            "refresh, never by hand."
        ),
    )
    search_names = models.TextField(
        _("names the search finds the article by"),
        blank=True,
        default="",
        editable=False,
        help_text=_(
            "The authors' names as printed and the contributors' own names, one a line, for "
            "the search; written by the search refresh, never by hand."
        ),
    )
    stage = FSMField(
        _("稿件阶段"),
        max_length=20,
        choices=Stage.choices,
        default=Stage.RECEIVED,
        editable=False,
        help_text=_("三审三校中的当前阶段；只随签署（通过、退回、不予刊用）改变。"),
    )
    workflow_origin = models.CharField(
        _("来源"),
        max_length=20,
        choices=Origin.choices,
        default=Origin.WORKFLOW,
        editable=False,
        help_text=_("“导入”：过刊或本功能上线前的稿件，以定稿状态进入，没有签署记录。"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Raised by every change; the API's If-Match and the admin's forms compare it."),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["issue", models.F("toc_order").asc(nulls_last=True), "start_page", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_page__isnull=True)
                | Q(start_page__isnull=False, end_page__gte=models.F("start_page")),
                name="article_page_range_ascending",
                violation_error_message=_("The end page cannot come before the start page."),
            ),
            models.CheckConstraint(
                condition=Q(start_page__isnull=True) | Q(start_page__gte=1),
                name="article_start_page_positive",
                violation_error_message=_("Pages are numbered from 1."),
            ),
        ]
        indexes = [models.Index(fields=["issue", "toc_order"])]

    def __str__(self):
        return self.title or _("(untitled, continued from page %(pages)s)") % {
            "pages": self.continuation_pages or "?"
        }

    def clean(self):
        super().clean()
        if not self.responsible_editor_name and self.responsible_editor_id:
            self.responsible_editor_name = self.responsible_editor.name
        if self.column_id and self.issue_id:
            if self.column.periodical_id != self.issue.periodical_id:
                raise ValidationError({"column": _("This column belongs to another periodical.")})
        if not self.title and not self.continuation_pages:
            raise ValidationError(
                {"title": _("An article needs a title, unless it continues one from another page.")}
            )

    @property
    def web_url(self) -> str | None:
        """The article's page on the website (FRONTEND_ARTICLE_URL), None when not configured."""
        if not settings.FRONTEND_ARTICLE_URL:
            return None
        return self.web_url_of(self.issue.url_placeholders(), self.pk)

    @staticmethod
    def web_url_of(issue_placeholders: dict, pk: int) -> str | None:
        """`web_url` from the issue's `url_placeholders()`, for read models of plain rows."""
        if not settings.FRONTEND_ARTICLE_URL or issue_placeholders["number"] is None:
            return None
        return settings.FRONTEND_ARTICLE_URL.format_map({**issue_placeholders, "id": pk})

    @property
    def toc_heading(self) -> str:
        """The title as the 目录 prints it."""
        return self.toc_title or self.title

    @property
    def pages(self) -> str:
        """The pages as a reader writes them: 11, 11-13, 4-5, 9."""
        return self.pages_as_printed(self.start_page, self.end_page, self.continuation_pages)

    @staticmethod
    def pages_as_printed(start: int | None, end: int | None, continuation: str) -> str:
        """`pages` from the three columns, for readers of plain rows (exports)."""
        if start is None:
            return continuation
        main = f"{start}"
        if end and end != start:
            main += f"-{end}"
        return ", ".join(part for part in (main, continuation) if part)

    def continuation_page_numbers(self) -> list[int]:
        numbers = []
        for start, end in re.findall(r"(\d+)(?:-(\d+))?", self.continuation_pages):
            numbers.extend(range(int(start), int(end or start) + 1))
        return numbers

    def stage_sequence(self) -> list[str]:
        """The stages this article signs through, in order (通读 where its periodical asks)."""
        reads_through = self.issue.periodical.requires_read_through
        return [s for s in SIGNED_STAGES if reads_through or s != Stage.READ_THROUGH]

    def next_stage(self) -> str:
        """The stage after the current one: the next in the sequence, or 定稿 after the last."""
        sequence = self.stage_sequence()
        position = sequence.index(self.stage)
        return sequence[position + 1] if position + 1 < len(sequence) else Stage.READY

    def earlier_stages(self) -> list[str]:
        """The stages a return (退回修改) may send the article back to."""
        sequence = self.stage_sequence()
        return sequence[: sequence.index(self.stage)] if self.stage in sequence else []

    # The transitions of the stage; workflow.services calls them and records the sign-off.
    @transition(field=stage, source=SIGNED_STAGES, target=RETURN_VALUE(*SIGNED_STAGES, Stage.READY))
    def advance(self) -> str:
        return self.next_stage()

    @transition(field=stage, source=SIGNED_STAGES, target=RETURN_VALUE(*SIGNED_STAGES))
    def send_back(self, *, to: str) -> str:
        if to not in self.earlier_stages():
            raise ValueError(f"{to} is not a stage before {self.stage}")
        return to

    @transition(field=stage, source=SIGNED_STAGES, target=Stage.REJECTED)
    def reject(self) -> None:
        """不予刊用: the article leaves the workflow."""

    @classmethod
    def change_scopes(cls, rows, *, action=None) -> list[ChangeScope]:
        return change_scopes_in_issues([row.issue_id for row in rows])


class Authorship(models.Model):
    """A contributor credited on an article, in byline order, with what the print says of them."""

    class Role(models.TextChoices):
        AUTHOR = "author", _("author")
        REPORTER = "reporter", _("reporter")
        CORRESPONDENT = "correspondent", _("correspondent")
        COMPILER = "compiler", _("compiler")
        PRODUCER = "producer", _("producer")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="authorships", verbose_name=_("article")
    )
    contributor = models.ForeignKey(
        "contributors.Contributor",
        on_delete=models.PROTECT,
        related_name="authorships",
        verbose_name=_("contributor"),
    )
    credited_name = models.CharField(
        _("name as printed"),
        max_length=100,
        blank=True,
        help_text=_("Filled from the contributor's name when left empty."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.AUTHOR)
    affiliation = models.CharField(
        _("affiliation"),
        max_length=255,
        blank=True,
        help_text=_("As printed for this article: 作者单位 / 作者系."),
    )
    listed_in_toc = models.BooleanField(
        _("listed in the table of contents"),
        default=True,
        help_text=_("The 目录 prints this name beside the entry."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = RecordedQuerySet.as_manager()

    class Meta:
        verbose_name = _("authorship")
        verbose_name_plural = _("authors")
        ordering = ["article", "order", "id"]

    def __str__(self):
        return self.credited_name

    def clean(self):
        super().clean()
        if not self.credited_name and self.contributor_id:
            self.credited_name = self.contributor.name

    @classmethod
    def change_scopes(cls, rows, *, action=None) -> list[ChangeScope]:
        known = Article.objects.change_scopes_of(row.article_id for row in rows)
        return [known.get(row.article_id, NO_SCOPE) for row in rows]


class PhotoCredit(models.Model):
    """A photo printed in an issue: its caption and who took or supplied it.

    A photo inside an article belongs to the article; the cover photo and photos outside any
    article (inside and back covers, fillers) belong to the issue. Exactly one of the two.
    """

    class Kind(models.TextChoices):
        TAKEN = "taken", _("photo by (摄)")
        SUPPLIED = "supplied", _("supplied by (供图)")
        ARCHIVE = "archive", _("archive photo (资料图)")

    issue = models.ForeignKey(
        "issues.Issue",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="photo_credits",
        verbose_name=_("issue"),
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="photo_credits",
        verbose_name=_("article"),
    )
    on_cover = models.BooleanField(_("cover photo"), default=False)
    caption = models.TextField(_("caption"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TAKEN)
    photographer = models.ForeignKey(
        "contributors.Contributor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="photo_credits",
        verbose_name=_("photographer or supplier"),
    )
    credited_name = models.CharField(
        _("name as printed"),
        max_length=100,
        blank=True,
        help_text=_("Filled from the photographer's name when left empty."),
    )
    credited_title = models.CharField(
        _("title as printed"), max_length=50, blank=True, help_text=_("e.g. 记者")
    )
    agency = models.CharField(_("agency"), max_length=100, blank=True, help_text=_("e.g. 新华社"))
    image = models.ImageField(
        _("image"),
        upload_to="photos/%Y/",
        blank=True,
        validators=[validate_picture],
        help_text=_("The photo itself, if the office has it: JPEG, PNG or WebP."),
    )
    image_width = models.PositiveIntegerField(
        _("image width"), null=True, blank=True, editable=False
    )
    image_height = models.PositiveIntegerField(
        _("image height"), null=True, blank=True, editable=False
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    # Renditions of the image (core/pictures.py): made on save, not database columns.
    image_320 = rendition_field("image", 320)
    image_640 = rendition_field("image", 640)
    image_1280 = rendition_field("image", 1280)

    objects = RecordedQuerySet.as_manager()

    class Meta:
        verbose_name = _("photo credit")
        verbose_name_plural = _("photo credits")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(issue__isnull=False, article__isnull=True)
                | Q(issue__isnull=True, article__isnull=False),
                name="photo_credit_belongs_to_issue_or_article",
                violation_error_message=_("A photo belongs either to an article or to the issue."),
            ),
            models.CheckConstraint(
                condition=Q(on_cover=False) | Q(article__isnull=True),
                name="photo_credit_cover_not_in_article",
                violation_error_message=_("The cover photo belongs to the issue, not an article."),
            ),
        ]

    def __str__(self):
        return self.credit_line or self.caption[:40]

    def clean(self):
        super().clean()
        if not self.credited_name and self.photographer_id:
            self.credited_name = self.photographer.name
        if not self.image:
            self.image_width = self.image_height = None
        elif not self.image._committed:
            self.image_width, self.image_height = picture_dimensions(self.image)

    @property
    def credit_line(self) -> str:
        """The credit as printed: 新华社记者 燕雁/摄, 新疆交投文化传媒有限责任公司供图, 资料图."""
        return self.credit_line_of(self.kind, self.agency, self.credited_title, self.credited_name)

    @classmethod
    def credit_line_of(cls, kind: str, agency: str, credited_title: str, credited_name: str) -> str:
        """`credit_line` from the four columns, for readers of plain rows (exports)."""
        if kind == cls.Kind.ARCHIVE:
            return "资料图"
        if not credited_name:
            return ""
        who = f"{agency}{credited_title} {credited_name}".strip()
        return f"{who}供图" if kind == cls.Kind.SUPPLIED else f"{who}/摄"

    @classmethod
    def change_scopes(cls, rows, *, action=None) -> list[ChangeScope]:
        """A photo outside articles belongs to its issue, the others to their article's."""
        in_issues = change_scopes_in_issues([row.issue_id for row in rows])
        of_articles = Article.objects.change_scopes_of(
            row.article_id for row in rows if row.issue_id is None
        )
        return [
            scope if row.issue_id is not None else of_articles.get(row.article_id, NO_SCOPE)
            for row, scope in zip(rows, in_issues, strict=True)
        ]
