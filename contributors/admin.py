from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from audit.history import RecordedHistoryAdmin

from .models import Contributor, ContributorNameVariant
from .services import contributor_merge


class NameVariantInline(admin.TabularInline):
    model = ContributorNameVariant
    fields = ("name",)
    extra = 0


@admin.register(Contributor)
class ContributorAdmin(RecordedHistoryAdmin, admin.ModelAdmin):
    list_display = (
        "name",
        "kind",
        "variant_names",
        "authored_count",
        "edited_count",
        "photo_count",
        "masthead_count",
    )
    list_filter = ("kind",)
    search_fields = ("name", "name_variants__name")
    inlines = [NameVariantInline]
    actions = ["merge_contributors"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("name_variants")
            .annotate(
                authored=Count("authorships", distinct=True),
                edited=Count("edited_articles", distinct=True),
                photos=Count("photo_credits", distinct=True),
                masthead=Count("masthead_entries", distinct=True),
            )
        )

    def get_search_results(self, request, queryset, search_term):
        """Name, name variant, pinyin or initials: typing ypp finds 杨佩佩, here and in every
        autocomplete field that picks a contributor, which lists them in pinyin order."""
        if search_term.strip():
            found = Contributor.objects.search(search_term).values("pk")
            queryset = queryset.filter(pk__in=found)
        # The change list applies its own order; autocompletes keep this one.
        return queryset.in_pinyin_order(), False

    @admin.display(description=_("name variants"))
    def variant_names(self, obj):
        return "、".join(variant.name for variant in obj.name_variants.all())

    @admin.display(description=_("articles authored"), ordering="authored")
    def authored_count(self, obj):
        return obj.authored

    @admin.display(description=_("articles edited"), ordering="edited")
    def edited_count(self, obj):
        return obj.edited

    @admin.display(description=_("photos"), ordering="photos")
    def photo_count(self, obj):
        return obj.photos

    @admin.display(description=_("masthead entries"), ordering="masthead")
    def masthead_count(self, obj):
        return obj.masthead

    @admin.action(
        description=_("Merge the selected contributors into one"), permissions=["change", "delete"]
    )
    def merge_contributors(self, request, queryset):
        contributors = list(queryset.order_by("name", "id"))
        if len(contributors) < 2:
            self.message_user(
                request, _("Select at least two contributors to merge."), messages.WARNING
            )
            return None
        target_id = request.POST.get("merge_target")
        if request.POST.get("post") and target_id:
            target = next((c for c in contributors if str(c.pk) == target_id), None)
            if target is None:
                self.message_user(
                    request, _("Choose one of the selected contributors."), messages.ERROR
                )
                return None
            try:
                for source in contributors:
                    if source.pk != target.pk:
                        contributor_merge(source=source, target=target)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return None
            merged = len(contributors) - 1
            self.message_user(
                request,
                ngettext(
                    "Merged %(count)d contributor into %(name)s.",
                    "Merged %(count)d contributors into %(name)s.",
                    merged,
                )
                % {"count": merged, "name": target.name},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge contributors"),
            "contributors": contributors,
            "queryset": queryset,
            "opts": self.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/contributors/contributor/merge.html", context)
