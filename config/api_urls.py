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
# The workflow's viewsets: the issues' and articles' own, with stage, sign-offs and their actions.
router.register("issues", WorkflowIssueViewSet, basename="issue")
router.register("articles", WorkflowArticleViewSet, basename="article")
router.register("photo-credits", PhotoCreditImageViewSet, basename="photo-credit")
router.register("contributors", ContributorViewSet, basename="contributor")
router.register("changes", ChangeRecordViewSet, basename="change")
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

urlpatterns = [
    path(
        PERIODICAL_ISSUES + "latest/",
        LatestIssueViewSet.as_view({"get": "retrieve"}),
        name="issue-latest",
    ),
    path(
        "periodicals/<slug:periodical_slug>/years/",
        PeriodicalYearsViewSet.as_view({"get": "list"}),
        name="periodical-years",
    ),
    path(
        SUPPLEMENT_BY_NUMBER,
        SupplementByNumberViewSet.as_view({"get": "retrieve"}),
        name="supplement-by-number",
    ),
    path(
        SUPPLEMENT_BY_NUMBER + "toc/",
        SupplementPagesViewSet.as_view({"get": "toc"}),
        name="supplement-by-number-toc",
    ),
    path(
        SUPPLEMENT_BY_NUMBER + "masthead/",
        SupplementPagesViewSet.as_view({"get": "masthead"}),
        name="supplement-by-number-masthead",
    ),
    path(
        EDITION_BY_DATE,
        EditionByDateViewSet.as_view({"get": "retrieve"}),
        name="edition-by-date",
    ),
    path(
        EDITION_BY_DATE + "toc/",
        EditionPagesViewSet.as_view({"get": "toc"}),
        name="edition-by-date-toc",
    ),
    path(
        EDITION_BY_DATE + "masthead/",
        EditionPagesViewSet.as_view({"get": "masthead"}),
        name="edition-by-date-masthead",
    ),
    path(
        ISSUE_BY_NUMBER,
        IssueByNumberViewSet.as_view({"get": "retrieve"}),
        name="issue-by-number",
    ),
    re_path(ISSUE_BY_ID + "toc/$", IssuePagesViewSet.as_view({"get": "toc"}), name="issue-toc"),
    re_path(
        ISSUE_BY_ID + "masthead/$",
        IssuePagesViewSet.as_view({"get": "masthead"}),
        name="issue-masthead",
    ),
    path(
        ISSUE_BY_NUMBER + "toc/",
        IssuePagesByNumberViewSet.as_view({"get": "toc"}),
        name="issue-by-number-toc",
    ),
    path(
        ISSUE_BY_NUMBER + "masthead/",
        IssuePagesByNumberViewSet.as_view({"get": "masthead"}),
        name="issue-by-number-masthead",
    ),
    path("inbox/", InboxView.as_view(), name="inbox"),
    path("", include("exports.api_urls")),
    *router.urls,
]
