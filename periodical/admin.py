from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from audit.history import RecordedHistoryAdmin
from core.admin_versions import VersionedAdminMixin, adopt_saved, expected_version, form_fields

from .models import Column, MastheadRole, Periodical
from .services import (
    column_create,
    column_update,
    masthead_role_create,
    masthead_role_update,
    periodical_create,
    periodical_update,
)


class ServiceSavedAdmin(VersionedAdminMixin):
    """A periodical-level page saved by its create and update services."""

    create_service = None
    update_service = None
    instance_argument = ""

    def save_model(self, request, obj, form, change):
        if change:
            self.update_service(
                **{self.instance_argument: obj},
                expected_version=expected_version(form),
                **form_fields(form, changed_only=True),
            )
        else:
            adopt_saved(obj, self.create_service(**form_fields(form)))

    def save_formset(self, request, form, formset, change):
        # Columns and roles edited in their rows: a change of the periodical, and of theirs.
        super().save_formset(request, form, formset, change)
        self.raise_inline_versions(formset)


class ColumnInline(admin.TabularInline):
    model = Column
    fields = ("name", "order")
    extra = 0


class MastheadRoleInline(admin.TabularInline):
    model = MastheadRole
    fields = ("name", "order")
    extra = 0


@admin.register(Periodical)
class PeriodicalAdmin(ServiceSavedAdmin, RecordedHistoryAdmin, admin.ModelAdmin):
    list_display = ("__str__", "slug", "kind", "frequency", "issn", "cn")
    list_filter = ("kind", "frequency")
    search_fields = ("name", "name_pinyin", "slug", "issn", "cn")
    fieldsets = (
        (None, {"fields": ("name", "name_pinyin", "slug", "kind", "frequency")}),
        (_("编辑流程"), {"fields": ("requires_read_through",)}),
        (_("Serial numbers"), {"fields": ("issn", "cn")}),
        (
            _("Masthead facts in force today"),
            {
                "fields": Periodical.FACT_FIELDS,
                "description": _(
                    "A new issue starts with these facts. Changing them never changes an issue "
                    "already created: each issue keeps the facts it printed."
                ),
            },
        ),
    )
    inlines = [ColumnInline, MastheadRoleInline]
    create_service = staticmethod(periodical_create)
    update_service = staticmethod(periodical_update)
    instance_argument = "periodical"


@admin.register(Column)
class ColumnAdmin(ServiceSavedAdmin, RecordedHistoryAdmin, admin.ModelAdmin):
    list_display = ("name", "periodical", "order")
    list_editable = ("order",)
    list_filter = ("periodical",)
    search_fields = ("name", "periodical__name")
    list_select_related = ("periodical",)
    create_service = staticmethod(column_create)
    update_service = staticmethod(column_update)
    instance_argument = "column"


@admin.register(MastheadRole)
class MastheadRoleAdmin(ServiceSavedAdmin, RecordedHistoryAdmin, admin.ModelAdmin):
    list_display = ("name", "periodical", "order")
    list_editable = ("order",)
    list_filter = ("periodical",)
    search_fields = ("name",)
    list_select_related = ("periodical",)
    create_service = staticmethod(masthead_role_create)
    update_service = staticmethod(masthead_role_update)
    instance_argument = "role"
