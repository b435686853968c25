"""Accountability: the completeness checklist of an issue and who answered for what.

Read models for the admin pages, the downloads and the API alike (accountability/views.py).
Each runs a fixed number of queries, whatever the number of articles, photos or issues.
Drafts are included: auditors check an issue before it is signed off.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import combinations

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from articles.models import REVIEW_STAGES, SIGNED_STAGES, Article, Authorship, PhotoCredit
from contributors.models import Contributor
from issues.models import Highlight, Issue, MastheadEntry
from periodical.models import Periodical
from workflow.models import SignOff

# ---------------------------------------------------------------------------------------------
# The checklist of one issue
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    """One offending article, photo or pair of articles, with what it takes to find it."""

    article_id: int | None = None
    pages: str = ""
    title: str = ""
    photo_id: int | None = None
    caption: str = ""
    on_cover: bool = False
    other_article_id: int | None = None
    other_pages: str = ""
    other_title: str = ""
    shared_pages: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Check:
    """One rule of the checklist and the items breaking it; no items means it passes.

    A check that is not `blocking` only informs (无审稿记录): its items are no problem, do not
    fail the checklist and do not hold back 签发."""

    code: str
    title: str
    rule: str
    items: list[ChecklistItem]
    blocking: bool = True

    @property
    def passed(self) -> bool:
        return not (self.blocking and self.items)


@dataclass(frozen=True)
class Checklist:
    issue: Issue
    checks: list[Check]

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)

    @property
    def problem_count(self) -> int:
        return sum(len(check.items) for check in self.checks if check.blocking)

    def blocking_problems(self) -> list[str]:
        """One line per failing check, for what holds back 签发 (workflow.services)."""
        return [
            _("核对清单：%(title)s（%(count)d 项）")
            % {"title": check.title, "count": len(check.items)}
            for check in self.checks
            if not check.passed
        ]


CHECKS = {
    "no_responsible_editor": (
        _("Articles without a responsible editor"),
        _(
            "Every article closes with a [责任编辑:…] mark naming the editor who answers for it. "
            "Listed: articles not linked to a responsible editor (a name printed but not linked "
            "to a person is shown beside it)."
        ),
    ),
    "no_author_or_source": (
        _("Articles without authors or source"),
        _(
            "Someone must answer for the text: a byline (an author, reporter, correspondent, "
            "compiler or producer, a pen name or an organisation counts), a (…供稿) source or a "
            "(摘自…) reprint. Listed: articles with none of the three. Photo credits do not "
            "count: they answer for the photos, not the text. A part continued from another "
            "page without a title of its own is not listed: its byline is on the first part."
        ),
    ),
    "photo_without_credit": (
        _("Photos without a credit"),
        _(
            "Every photo, the cover and photos outside articles included, names who took or "
            "supplied it, or is marked as an archive photo (资料图). Listed: photos with no "
            "name printed that are not archive photos."
        ),
    ),
    "toc_entry_without_article": (
        _("Table of contents entries without an article"),
        _(
            "An article listed in the 目录 (with a column and a place in it, or in the 本期看点 "
            "block) must be held in full. Listed: entries with neither body text nor photos, "
            "that is, only a heading."
        ),
    ),
    "toc_entry_without_page": (
        _("Table of contents entries without a page"),
        _("The 目录 prints a page beside every entry. Listed: listed articles with no start page."),
    ),
    "overlapping_pages": (
        _("Articles whose pages overlap"),
        _(
            "An article's pages run from its start page to its end page (the start page when "
            "no end is given). Its first and last page may be shared: an article can start "
            "where another ends, and short pieces can share a page. A page between its first "
            "and last is filled by it, and only one article can run on from one page to the "
            "next. Listed: pairs where another article is printed on (starts, ends, runs "
            "through or is continued on, 下转) a page the first one fills, or both run on from "
            "the same page to the next. Pages named by 下转/上接 may be shared."
        ),
    ),
    "reviews_missing": (
        _("已签发或出版而缺少三审的稿件"),
        _(
            "已签发或已出版期次的每篇稿件都应有初审、复审、终审三次“通过”的签署，由三人分别签署。"
            "列出：有签署记录、但缺少其中某一审的稿件（强制签发时可能出现）。"
        ),
    ),
    "no_review_record": (
        _("无审稿记录的稿件（不计为问题）"),
        _(
            "导入的过刊和本功能上线前出版的期次没有签署记录：稿件以定稿状态进入，审校在系统之外完成。"
            "列出：已签发或已出版期次中没有任何签署记录的稿件，仅供知悉。"
        ),
    ),
}

# Checks that only inform: their items are no problem.
INFORMATIVE_CHECKS = {"no_review_record"}


def _check(code: str, items: list[ChecklistItem]) -> Check:
    title, rule = CHECKS[code]
    return Check(
        code=code, title=title, rule=rule, items=items, blocking=code not in INFORMATIVE_CHECKS
    )


def _article_item(article: Article, **extra) -> ChecklistItem:
    return ChecklistItem(article_id=article.pk, pages=article.pages, title=str(article), **extra)


def issue_checklist(issue: Issue) -> Checklist:
    """The completeness checks an auditor runs on `issue` before sign-off, in three queries."""
    articles = list(
        Article.objects.filter(issue=issue)
        .without_texts()
        .annotate(
            has_text=ExpressionWrapper(Q(body__regex=r"\S"), output_field=BooleanField()),
            has_byline=Exists(Authorship.objects.filter(article=OuterRef("pk"))),
            has_photos=Exists(PhotoCredit.objects.filter(article=OuterRef("pk"))),
            is_highlight=Exists(Highlight.objects.filter(article=OuterRef("pk"), issue=issue)),
        )
        .in_toc_order()
    )
    uncredited_photos = list(
        PhotoCredit.objects.filter(Q(issue=issue) | Q(article__issue=issue))
        .exclude(kind=PhotoCredit.Kind.ARCHIVE)
        .exclude(credited_name__regex=r"\S")
        .order_by("article_id", "order", "id")
    )
    listed = [a for a in articles if (a.toc_order is not None and a.column_id) or a.is_highlight]
    checks = [
        _check("no_responsible_editor", _without_responsible_editor(articles)),
        _check("no_author_or_source", _without_author_or_source(articles)),
        _check("photo_without_credit", _photos_without_credit(uncredited_photos, articles)),
        _check(
            "toc_entry_without_article",
            [_article_item(a) for a in listed if not a.has_text and not a.has_photos],
        ),
        _check(
            "toc_entry_without_page", [_article_item(a) for a in listed if a.start_page is None]
        ),
        _check("overlapping_pages", _overlapping_pages(articles)),
        *_review_checks(issue, articles),
    ]
    return Checklist(issue=issue, checks=checks)


def _review_checks(issue: Issue, articles) -> list[Check]:
    """三审 of the articles of a signed or published issue: missing reviews, or no record at
    all (an imported issue, or one published before the workflow): one query."""
    signed = {}
    for article_id, stage, decision in SignOff.objects.filter(article__issue=issue).values_list(
        "article_id", "stage", "decision"
    ):
        passes = signed.setdefault(article_id, set())
        if decision == SignOff.Decision.APPROVED and stage in REVIEW_STAGES:
            passes.add(stage)
    missing, unrecorded = [], []
    if issue.status != Issue.Status.DRAFT:
        for article in articles:
            if article.pk not in signed:
                unrecorded.append(_article_item(article, detail=_("无审稿记录")))
                continue
            lacking = [stage for stage in REVIEW_STAGES if stage not in signed[article.pk]]
            if lacking:
                names = "、".join(str(Article.Stage(stage).label) for stage in lacking)
                missing.append(
                    _article_item(article, detail=_("缺少：%(stages)s") % {"stages": names})
                )
    return [_check("reviews_missing", missing), _check("no_review_record", unrecorded)]


def checklist_sign_blockers(issue: Issue) -> list[str]:
    """What in the checklist holds back 签发 (registered with workflow.services)."""
    return issue_checklist(issue).blocking_problems()


def _without_responsible_editor(articles) -> list[ChecklistItem]:
    items = []
    for article in articles:
        if article.responsible_editor_id is None:
            detail = ""
            if article.responsible_editor_name.strip():
                detail = _("printed as %(name)s") % {"name": article.responsible_editor_name}
            items.append(_article_item(article, detail=detail))
    return items


def _is_continued_part(article: Article) -> bool:
    """An untitled part continued from another page (上接): it answers through the first part."""
    return not article.title and bool(article.continuation_pages)


def _without_author_or_source(articles) -> list[ChecklistItem]:
    return [
        _article_item(article)
        for article in articles
        if not article.has_byline
        and not article.source_org.strip()
        and not article.reprinted_from.strip()
        and not _is_continued_part(article)
    ]


def _photos_without_credit(photos, articles) -> list[ChecklistItem]:
    by_id = {article.pk: article for article in articles}
    items = []
    for photo in photos:
        article = by_id.get(photo.article_id)
        if article is None:  # the cover, or a photo outside any article
            where = _("cover") if photo.on_cover else _("outside any article")
            items.append(
                ChecklistItem(
                    photo_id=photo.pk, caption=photo.caption, on_cover=photo.on_cover, detail=where
                )
            )
        else:
            items.append(_article_item(article, photo_id=photo.pk, caption=photo.caption))
    return items


@dataclass(frozen=True)
class _Layout:
    """The pages one article takes, for the overlap check."""

    article: Article
    pages: frozenset[int]  # every page it is printed on
    filled: frozenset[int]  # the pages strictly between its first and last: wholly its own
    run_ons: frozenset[int]  # page p where it runs on from p to p + 1


def _layout(article: Article) -> _Layout:
    pages: set[int] = set()
    filled: set[int] = set()
    run_ons: set[int] = set()
    if article.start_page is not None:
        end = max(article.end_page or article.start_page, article.start_page)
        pages.update(range(article.start_page, end + 1))
        filled.update(range(article.start_page + 1, end))
        run_ons.update(range(article.start_page, end))
    if not _is_continued_part(article):
        # 下转第N页: the article is printed on page N too. An untitled part's continuation
        # pages name the page it came from (上接), where it is not printed.
        pages.update(article.continuation_page_numbers())
    return _Layout(article, frozenset(pages), frozenset(filled), frozenset(run_ons))


def _overlapping_pages(articles) -> list[ChecklistItem]:
    layouts = [_layout(article) for article in articles]
    items = []
    for first, second in combinations(layouts, 2):
        clash = (first.filled & second.pages) | (second.filled & first.pages)
        for page in first.run_ons & second.run_ons:
            clash |= {page, page + 1}
        if clash:
            items.append(
                _article_item(
                    first.article,
                    other_article_id=second.article.pk,
                    other_pages=second.article.pages,
                    other_title=str(second.article),
                    shared_pages=", ".join(str(page) for page in sorted(clash)),
                )
            )
    return items


# ---------------------------------------------------------------------------------------------
# Who answered for what in a period
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssueRef:
    """An issue named in a report."""

    id: int
    periodical: str
    label: str
    publication_date: date | None

    @classmethod
    def of(cls, issue: Issue) -> "IssueRef":
        return cls(issue.pk, str(issue.periodical), issue.label, issue.publication_date)


@dataclass(frozen=True)
class IssueCount:
    issue: IssueRef
    count: int


@dataclass(frozen=True)
class EditorRow:
    """A responsible editor: the articles they answered for, issue by issue."""

    contributor_id: int
    name: str
    printed_names: list[str]  # the names the marks printed where they differ from `name`
    total: int
    issues: list[IssueCount]


@dataclass(frozen=True)
class EditorReport:
    rows: list[EditorRow]
    without_editor: list[IssueCount]  # articles no editor answers for, per issue

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows) + self.without_editor_total

    @property
    def without_editor_total(self) -> int:
        return sum(count.count for count in self.without_editor)


@dataclass(frozen=True)
class RolePerson:
    """One person in one masthead role, and the issues that listed them in it."""

    contributor_id: int
    name: str
    printed_names: list[str]
    issues: list[IssueRef]


@dataclass(frozen=True)
class RoleRow:
    role_id: int
    role: str
    periodical: str
    people: list[RolePerson] = field(default_factory=list)


def _issue_refs(issue_ids) -> dict[int, IssueRef]:
    """The issues by id, in print order (periodical, then year and number): one query."""
    issues = (
        Issue.objects.filter(pk__in=issue_ids)
        .select_related("periodical")
        .order_by(
            "periodical__name",
            "periodical__slug",
            "year",
            "supplement",
            "number",
            "publication_date",
            "id",
        )
    )
    return {issue.pk: IssueRef.of(issue) for issue in issues}


def _names_in_pinyin_order(contributor_ids) -> dict[int, str]:
    """Contributor names by id, in pinyin order: one query."""
    contributors = Contributor.objects.filter(pk__in=contributor_ids).in_pinyin_order()
    return {pk: name for pk, name in contributors.values_list("pk", "name")}


def _printed_names(names: set[str], name: str) -> list[str]:
    return sorted(printed for printed in names if printed and printed != name)


def responsible_editor_report(
    *,
    periodical: Periodical | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    year: int | None = None,
) -> EditorReport:
    """Per responsible editor, in pinyin order, the articles they answered for in the period
    (see IssueQuerySet.in_period), counted per issue; and the articles no editor answers for."""
    issues = Issue.objects.in_period(
        periodical=periodical, date_from=date_from, date_to=date_to, year=year
    )
    counts = list(
        Article.objects.filter(issue__in=issues.values("pk"))
        .values_list("responsible_editor_id", "responsible_editor_name", "issue_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    refs = _issue_refs({issue_id for _, _, issue_id, _ in counts})
    names = _names_in_pinyin_order({editor for editor, _, _, _ in counts if editor is not None})
    per_issue: dict[int | None, dict[int, int]] = {}
    printed: dict[int, set[str]] = {}
    for editor, printed_name, issue_id, count in counts:
        issue_counts = per_issue.setdefault(editor, {})
        issue_counts[issue_id] = issue_counts.get(issue_id, 0) + count
        if editor is not None:
            printed.setdefault(editor, set()).add(printed_name)

    def in_issue_order(issue_counts: dict[int, int]) -> list[IssueCount]:
        return [IssueCount(ref, issue_counts[pk]) for pk, ref in refs.items() if pk in issue_counts]

    rows = [
        EditorRow(
            contributor_id=editor,
            name=name,
            printed_names=_printed_names(printed[editor], name),
            total=sum(per_issue[editor].values()),
            issues=in_issue_order(per_issue[editor]),
        )
        for editor, name in names.items()
    ]
    return EditorReport(rows=rows, without_editor=in_issue_order(per_issue.get(None, {})))


def masthead_role_report(
    *,
    periodical: Periodical | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    year: int | None = None,
) -> list[RoleRow]:
    """Per masthead role, in the masthead's order, the people in it (pinyin order) and the
    issues of the period (see IssueQuerySet.in_period) that listed them in it."""
    issues = Issue.objects.in_period(
        periodical=periodical, date_from=date_from, date_to=date_to, year=year
    )
    entries = list(
        MastheadEntry.objects.filter(issue__in=issues.values("pk"))
        .values_list("role_id", "role__name", "contributor_id", "credited_name", "issue_id")
        .order_by("role__periodical__name", "role__periodical__slug", "role__order", "role_id")
    )
    refs = _issue_refs({entry[-1] for entry in entries})
    names = _names_in_pinyin_order({entry[2] for entry in entries})
    roles: dict[int, RoleRow] = {}
    people: dict[int, dict[int, tuple[set[str], set[int]]]] = {}
    for role_id, role, person, printed, issue_id in entries:
        # A role and the issues listing it belong to the same periodical (MastheadEntry.clean).
        roles.setdefault(role_id, RoleRow(role_id, role, refs[issue_id].periodical))
        printed_names, issue_ids = people.setdefault(role_id, {}).setdefault(person, (set(), set()))
        printed_names.add(printed)
        issue_ids.add(issue_id)
    for role_id, row in roles.items():
        in_role = people[role_id]
        row.people.extend(
            RolePerson(
                contributor_id=person,
                name=name,
                printed_names=_printed_names(in_role[person][0], name),
                issues=[ref for pk, ref in refs.items() if pk in in_role[person][1]],
            )
            for person, name in names.items()
            if person in in_role
        )
    return list(roles.values())


# ---------------------------------------------------------------------------------------------
# Who signed each stage of each article
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageSignature:
    """The last 通过 of one stage of an article: who signed it and when."""

    stage: str
    label: str
    signer: str
    signed_at: datetime


@dataclass(frozen=True)
class ArticleSignatures:
    """An article of the period with the signature of each stage it passed, in stage order."""

    article_id: int
    title: str
    pages: str
    issue: IssueRef
    origin: str
    signatures: list[StageSignature]

    @property
    def detail(self) -> str:
        return "" if self.signatures else str(_("无审稿记录"))

    def signature(self, stage: str) -> StageSignature | None:
        return next((s for s in self.signatures if s.stage == stage), None)


def sign_off_report(
    *,
    periodical: Periodical | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    year: int | None = None,
) -> list[ArticleSignatures]:
    """Per article of the issues of the period (in print order, then 目录 order), who signed
    each stage (the last 通过 of it) and when; imported articles have none. Three queries."""
    issues = Issue.objects.in_period(
        periodical=periodical, date_from=date_from, date_to=date_to, year=year
    )
    articles = list(
        Article.objects.filter(issue__in=issues.values("pk"))
        .only("pk", "issue_id", "title", "continuation_pages", "start_page", "end_page",
              "toc_order", "workflow_origin")
        .in_toc_order()
    )  # fmt: skip
    refs = _issue_refs({article.issue_id for article in articles})
    last_pass: dict[int, dict[str, StageSignature]] = {}
    approvals = (
        SignOff.objects.filter(
            article__issue__in=issues.values("pk"), decision=SignOff.Decision.APPROVED
        )
        .select_related("signed_by")
        .order_by("signed_at", "id")
    )
    for sign_off in approvals:
        user = sign_off.signed_by
        last_pass.setdefault(sign_off.article_id, {})[sign_off.stage] = StageSignature(
            stage=sign_off.stage,
            label=sign_off.get_stage_display(),
            signer=user.get_full_name() or user.get_username(),
            signed_at=sign_off.signed_at,
        )
    order = {pk: position for position, pk in enumerate(refs)}
    articles.sort(key=lambda article: order[article.issue_id])  # stable: 目录 order within
    return [
        ArticleSignatures(
            article_id=article.pk,
            title=str(article),
            pages=article.pages,
            issue=refs[article.issue_id],
            origin=article.get_workflow_origin_display(),
            signatures=[
                last_pass[article.pk][stage]
                for stage in SIGNED_STAGES
                if stage in last_pass.get(article.pk, {})
            ],
        )
        for article in articles
    ]
