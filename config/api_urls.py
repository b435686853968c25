"""The REST API, version 1: one router for every app's viewsets, and the natural-key routes."""

from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from accountability.views import AccountabilityViewSet
from articles.views import ArticleViewSet
from audit.views import ChangeRecordViewSet
from catalogue.views import ContributorViewSet, IssuePagesByNumberViewSet, IssuePagesViewSet
from corrections.views import CorrectionViewSet, IssueCorrectionsViewSet, with_corrections
from issues.views import IssueByNumberViewSet, IssueViewSet
from periodical.views import ColumnViewSet, PeriodicalViewSet

router = DefaultRouter()
router.register("periodicals", PeriodicalViewSet, basename="periodical")
router.register("columns", ColumnViewSet, basename="column")
# The details of issues and articles carry their corrections (勘误).
router.register("issues", with_corrections(IssueViewSet), basename="issue")
router.register("articles", with_corrections(ArticleViewSet), basename="article")
router.register("contributors", ContributorViewSet, basename="contributor")
router.register("changes", ChangeRecordViewSet, basename="change")
router.register("corrections", CorrectionViewSet, basename="correction")
router.register("accountability", AccountabilityViewSet, basename="accountability")

# The pages of an issue (catalogue) beside the issue itself (issues), as the router names them.
ISSUE_BY_ID = r"^issues/(?P<pk>[^/.]+)/"
ISSUE_BY_NUMBER = "periodicals/<slug:periodical_slug>/issues/<int:year>/<int:number>/"

urlpatterns = [
    path(
        ISSUE_BY_NUMBER,
        with_corrections(IssueByNumberViewSet).as_view({"get": "retrieve"}),
        name="issue-by-number",
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
    path("", include("exports.api_urls")),
    *router.urls,
]
