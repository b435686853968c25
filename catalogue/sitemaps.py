"""sitemap.xml (Django's sitemaps): the website's pages of published issues and articles, from
their `web_url`. Without FRONTEND_ISSUE_URL / FRONTEND_ARTICLE_URL there is nothing to list.

Django writes each location as protocol://domain + location: the protocol and host come from
the setting's template (which must therefore name a fixed host), the rest from the item's
`web_url`.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.db.models import Count, Max, Q

from articles.models import Article
from issues.models import Issue

from .caching import Stamp, cdn_cached


class WebUrlSitemap(Sitemap):
    """Items located by their `web_url` on the host of the setting `template_setting`."""

    template_setting = ""

    def _template(self):
        return urlsplit(getattr(settings, self.template_setting))

    def get_protocol(self, protocol=None):
        return self._template().scheme or super().get_protocol(protocol)

    def get_domain(self, site=None):
        return self._template().netloc or super().get_domain(site)

    def location(self, item):
        url = urlsplit(item.web_url)
        return url.path + (f"?{url.query}" if url.query else "")

    def lastmod(self, item):
        issue = item if isinstance(item, Issue) else item.issue
        return issue.content_changed_at


class IssueSitemap(WebUrlSitemap):
    """Published issues that have a website address."""

    template_setting = "FRONTEND_ISSUE_URL"

    def items(self):
        if not settings.FRONTEND_ISSUE_URL:
            return []
        issues = Issue.objects.published().select_related("periodical").order_by("id")
        return [issue for issue in issues if issue.web_url]


class ArticleSitemap(WebUrlSitemap):
    """Articles of published issues that have a website address."""

    template_setting = "FRONTEND_ARTICLE_URL"

    def items(self):
        if not settings.FRONTEND_ARTICLE_URL:
            return []
        articles = (
            Article.objects.published()
            .select_related("issue__periodical")
            .only(
                "id",
                "issue__id",
                "issue__year",
                "issue__number",
                "issue__supplement",
                "issue__publication_date",
                "issue__content_changed_at",
                "issue__periodical__slug",
            )
            .order_by("id")
        )
        return [article for article in articles if article.web_url]


SITEMAPS = {"issues": IssueSitemap, "articles": ArticleSitemap}


def catalogue_stamp(request, **kwargs) -> Stamp:
    """What the sitemap shows changes with it, in one query: which issues are published and
    any issue's content (publishing and withdrawing touch it too)."""
    found = Issue.objects.aggregate(
        changed=Max("content_changed_at"),
        published=Count("pk", filter=Q(status=Issue.Status.PUBLISHED)),
        last=Max("pk"),
    )
    return Stamp(
        parts=(found["published"], found["last"], str(found["changed"])),
        last_modified=found["changed"],
        tags=[],
    )


# Django's sitemap view with a conditional GET and the CDN's headers (catalogue.caching).
cached_sitemap = cdn_cached(catalogue_stamp)(sitemap)
