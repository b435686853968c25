from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from audit.history import RecordedHistoryAdmin

from .models import Column, MastheadRole, Periodical


class ColumnInline(admin.TabularInline):
    model = Column
    fields = ("name", "order")
    extra = 0


class MastheadRoleInline(admin.TabularInline):
    model = MastheadRole
    fields = ("name", "order")
    extra = 0


@admin.register(Periodical)
class PeriodicalAdmin(RecordedHistoryAdmin, admin.ModelAdmin):
    list_display = ("__str__", "slug", "kind", "frequency", "issn", "cn")
    list_filter = ("kind", "frequency")
    search_fields = ("name", "name_pinyin", "slug", "issn", "cn")
    fieldsets = (
        (None, {"fields": ("name", "name_pinyin", "slug", "kind", "frequency")}),
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


@admin.register(Column)
class ColumnAdmin(RecordedHistoryAdmin, admin.ModelAdmin):
    list_display = ("name", "periodical", "order")
    list_editable = ("order",)
    list_filter = ("periodical",)
    search_fields = ("name", "periodical__name")
    list_select_related = ("periodical",)


@admin.register(MastheadRole)
class MastheadRoleAdmin(RecordedHistoryAdmin, admin.ModelAdmin):
    list_display = ("name", "periodical", "order")
    list_editable = ("order",)
    list_filter = ("periodical",)
    search_fields = ("name",)
    list_select_related = ("periodical",)
