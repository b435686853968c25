from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Periodical editorial office")
admin.site.site_title = _("Periodical editorial office")
admin.site.index_title = _("Issues, articles and contributors")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: choose English
] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
