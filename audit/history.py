"""The admin's 历史 (history) page, from the record of changes instead of Django's admin log.

Django's own admin log only knows what was done in the admin, without values; the record of
changes also holds what the API, commands and merges did, with the values before and after.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .display import field_changes
from .models import ChangeRecord

HISTORY_PAGE_SIZE = 50


class RecordedHistoryAdmin:
    """ModelAdmin mixin: the object's history page lists its change records."""

    object_history_template = "admin/audit/object_history.html"

    def history_records(self, obj):
        return ChangeRecord.objects.for_object(obj)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        records = self.history_records(obj).select_related("actor", "content_type")
        page = Paginator(records, HISTORY_PAGE_SIZE).get_page(request.GET.get("p"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Change history: %s") % obj,
            "subtitle": None,
            "module_name": str(capfirst(self.opts.verbose_name_plural)),
            "object": obj,
            "opts": self.opts,
            "preserved_filters": self.get_preserved_filters(request),
            "page": page,
            "entries": [(record, field_changes(record)) for record in page.object_list],
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)
