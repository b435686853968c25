"""The REST API, version 1: one router for every app's viewsets, and the natural-key routes."""

from datetime import date

from django.urls import include, path, re_path, register_converter
from rest_framework.routers import DefaultRouter

from accountability.views import AccountabilityViewSet
from articles.views import PhotoCreditImageViewSet
from audit.views import ChangeRecordViewSet
from catalogue.views import (
    ContributorViewSet,
    EditionPagesViewSet,
    IssuePagesByNumberViewSet,
    IssuePagesViewSet,
    SupplementPagesViewSet,
)
from corrections.views import CorrectionViewSet, IssueCorrectionsViewSet, with_corrections
from issues.views import (
    EditionByDateViewSet,
    IssueByNumberViewSet,
    LatestIssueViewSet,
    PeriodicalYearsViewSet,
    SupplementByNumberViewSet,
)
from periodical.views import ColumnViewSet, PeriodicalViewSet
from workflow.views import InboxView, WorkflowArticleViewSet, WorkflowIssueViewSet

router = DefaultRouter()
router.register("periodicals", PeriodicalViewSet, basename="periodical")
router.register("columns", ColumnViewSet, basename="column")
# The workflow's viewsets: the issues' and articles' own, with stage, sign-offs and their actions;
# their details carry their corrections (勘误).
router.register("issues", with_corrections(WorkflowIssueViewSet), basename="issue")
router.register("articles", with_corrections(WorkflowArticleViewSet), basename="article")
router.register("photo-credits", PhotoCreditImageViewSet, basename="photo-credit")
router.register("contributors", ContributorViewSet, basename="contributor")
router.register("changes", ChangeRecordViewSet, basename="change")
router.register("corrections", CorrectionViewSet, basename="correction")
router.register("accountability", AccountabilityViewSet, basename="accountability")

# The pages of an issue (catalogue) beside the issue itself (issues), as the router names them.
ISSUE_BY_ID = r"^issues/(?P<pk>[^/.]+)/"


class IsoDateConverter:
    """A date in a path: 2020-01-09 (a newspaper's edition)."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        return date.fromisoformat(value)  # ValueError (an impossible date): the path is a 404

    def to_url(self, value):
        return value.isoformat()


register_converter(IsoDateConverter, "isodate")

PERIODICAL_ISSUES = "periodicals/<slug:periodical_slug>/issues/"
ISSUE_BY_NUMBER = PERIODICAL_ISSUES + "<int:year>/<int:number>/"
SUPPLEMENT_BY_NUMBER = PERIODICAL_ISSUES + "<int:year>/s<int:number>/"
EDITION_BY_DATE = PERIODICAL_ISSUES + "<isodate:date>/"


def issue_by_key(route: str, name: str, issue_viewset, pages_viewset) -> list:
    """An issue by one of its natural keys, and its 目录 and masthead below it."""
    return [
        path(route, with_corrections(issue_viewset).as_view({"get": "retrieve"}), name=name),
        path(route + "toc/", pages_viewset.as_view({"get": "toc"}), name=f"{name}-toc"),
        path(
            route + "masthead/",
            pages_viewset.as_view({"get": "masthead"}),
            name=f"{name}-masthead",
        ),
    ]


urlpatterns = [
    path(
        PERIODICAL_ISSUES + "latest/",
        with_corrections(LatestIssueViewSet).as_view({"get": "retrieve"}),
        name="issue-latest",
    ),
    path(
        "periodicals/<slug:periodical_slug>/years/",
        PeriodicalYearsViewSet.as_view({"get": "list"}),
        name="periodical-years",
    ),
    *issue_by_key(
        SUPPLEMENT_BY_NUMBER,
        "supplement-by-number",
        SupplementByNumberViewSet,
        SupplementPagesViewSet,
    ),
    *issue_by_key(EDITION_BY_DATE, "edition-by-date", EditionByDateViewSet, EditionPagesViewSet),
    *issue_by_key(
        ISSUE_BY_NUMBER, "issue-by-number", IssueByNumberViewSet, IssuePagesByNumberViewSet
    ),
    re_path(ISSUE_BY_ID + "toc/$", IssuePagesViewSet.as_view({"get": "toc"}), name="issue-toc"),
    re_path(
        ISSUE_BY_ID + "masthead/$",
        IssuePagesViewSet.as_view({"get": "masthead"}),
        name="issue-masthead",
    ),
    re_path(
        ISSUE_BY_ID + "corrections/$",
        IssueCorrectionsViewSet.as_view({"post": "corrections"}),
        name="issue-corrections",
    ),
    path("inbox/", InboxView.as_view(), name="inbox"),
    path("", include("exports.api_urls")),
    *router.urls,
]
