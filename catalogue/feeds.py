"""RSS and Atom feeds of a periodical's latest published issues and articles (Django's
syndication framework). Each item links to its page on the website (`web_url`), or to the API
where no website address is configured. Drafts never appear. A CDN may keep them, and a reader
asks again with its ETag (catalogue.caching)."""

from django.contrib.syndication.views import Feed
from django.db.models import Count, F, Max, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from articles.models import Article
from issues.models import Issue, newest_first_order
from periodical.models import Periodical

from .caching import Stamp, cdn_cached

LATEST_ISSUES = 20
LATEST_ARTICLES = 50


def periodical_stamp(request, periodical_slug, **kwargs) -> Stamp | None:
    """What a periodical's feeds show changes with it, in one query: its facts (name), which
    issues are published, and any issue's content (publishing and withdrawing touch it too)."""
    found = (
        Periodical.objects.filter(slug=periodical_slug)
        .values("pk", "version")
        .annotate(
            changed=Max("issues__content_changed_at"),
            published=Count("issues", filter=Q(issues__status=Issue.Status.PUBLISHED)),
            last=Max("issues__pk"),
        )
        .first()
    )
    if found is None:
        return None
    return Stamp(
        parts=(found["version"], found["published"], found["last"], str(found["changed"])),
        last_modified=found["changed"],
        tags=[f"periodical-{periodical_slug}"],
    )


class PeriodicalFeed(Feed):
    """What the feeds of one periodical share: the periodical from the URL, links, caching."""

    language = "zh-hans"

    def __call__(self, request, *args, **kwargs):
        # In the feed's declared language whatever the reader's language cookie: the same
        # feed for everyone, which a CDN may keep one copy of.
        with translation.override(self.language):
            response = self.cached_feed(request, *args, **kwargs)
        response["Content-Language"] = self.language
        return response

    @method_decorator(cdn_cached(periodical_stamp))
    def cached_feed(self, request, *args, **kwargs):
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, periodical_slug):
        return get_object_or_404(Periodical, slug=periodical_slug)

    # Paths are made absolute by the framework, with the request's host and scheme (the feed
    # object serves every request: it keeps no request of its own).
    def link(self, periodical):
        return reverse("periodical-detail", kwargs={"slug": periodical.slug})

    def api_link(self, view_name, pk) -> str:
        return reverse(view_name, kwargs={"pk": pk})


class IssuesFeed(PeriodicalFeed):
    """The periodical's latest published issues, newest first."""

    def title(self, periodical):
        return _("%(name)s: latest issues") % {"name": f"《{periodical.name}》"}

    def description(self, periodical):
        return _("The latest published issues of %(name)s.") % {"name": f"《{periodical.name}》"}

    def items(self, periodical):
        return (
            Issue.objects.published()
            .filter(periodical=periodical)
            .select_related("periodical")
            .newest_first()[:LATEST_ISSUES]
        )

    def item_title(self, issue):
        cumulative = f"（总第{issue.cumulative_number}期）" if issue.cumulative_number else ""
        return f"《{issue.periodical.name}》{issue.label}{cumulative}"

    def item_description(self, issue):
        return issue.cover_caption or issue.highlights_heading

    def item_link(self, issue):
        return issue.web_url or self.api_link("issue-detail", issue.pk)

    def item_pubdate(self, issue):
        return issue.published_at

    def item_updateddate(self, issue):
        return issue.content_changed_at


class IssuesAtomFeed(IssuesFeed):
    feed_type = Atom1Feed
    subtitle = IssuesFeed.description


class ArticlesFeed(PeriodicalFeed):
    """The articles of the periodical's latest published issues: newest issue first, each in
    the order of its 目录."""

    def title(self, periodical):
        return _("%(name)s: latest articles") % {"name": f"《{periodical.name}》"}

    def description(self, periodical):
        return _("Articles of the latest published issues of %(name)s.") % {
            "name": f"《{periodical.name}》"
        }

    def items(self, periodical):
        return (
            Article.objects.published()
            .filter(issue__periodical=periodical)
            .select_related("issue__periodical", "column")
            .prefetch_related("authorships")
            .without_texts()
            .order_by(
                *newest_first_order("issue__"),
                F("toc_order").asc(nulls_last=True),
                F("start_page").asc(nulls_last=True),
                "id",
            )[:LATEST_ARTICLES]
        )

    def item_title(self, article):
        title = article.toc_heading or article.kicker or _("(untitled)")
        return f"{title}——{article.subtitle}" if article.subtitle else title

    def item_description(self, article):
        column = f"{article.column.name} · " if article.column else ""
        return f"{column}{article.issue.label}"

    def item_author_name(self, article):
        return "、".join(a.credited_name for a in article.authorships.all()) or None

    def item_link(self, article):
        return article.web_url or self.api_link("article-detail", article.pk)

    def item_pubdate(self, article):
        return article.issue.published_at

    def item_updateddate(self, article):
        return article.issue.content_changed_at


class ArticlesAtomFeed(ArticlesFeed):
    feed_type = Atom1Feed
    subtitle = ArticlesFeed.description
