from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from catalogue.feeds import ArticlesAtomFeed, ArticlesFeed, IssuesAtomFeed, IssuesFeed
from catalogue.sitemaps import SITEMAPS, cached_sitemap

# Under /api/ an unknown route and a server error answer JSON like every other API error.
handler404 = "core.problems.page_not_found"
handler500 = "core.problems.server_error"

admin.site.site_header = _("Periodical editorial office")
admin.site.site_title = _("Periodical editorial office")
admin.site.index_title = _("Issues, articles and contributors")
admin.site.site_url = "/api/docs/"  # 查看站点: the site of this service is its API

urlpatterns = [
    path("admin/", include("accountability.urls")),  # checklist, accountability report
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    # RSS and Atom of a periodical's latest published issues and articles; the sitemap.
    path("feeds/<slug:periodical_slug>/issues/rss/", IssuesFeed(), name="feed-issues-rss"),
    path("feeds/<slug:periodical_slug>/issues/atom/", IssuesAtomFeed(), name="feed-issues-atom"),
    path("feeds/<slug:periodical_slug>/articles/rss/", ArticlesFeed(), name="feed-articles-rss"),
    path(
        "feeds/<slug:periodical_slug>/articles/atom/",
        ArticlesAtomFeed(),
        name="feed-articles-atom",
    ),
    path("sitemap.xml", cached_sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: choose English
] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
