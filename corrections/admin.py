"""The 勘误 admin: make a correction of a published issue or article; read the ones made.

The approver is the signed-in user, who must hold the chief editor's permission; the form
shows the service's own refusals as its errors. A correction made is read-only.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from audit.display import changes_summary
from audit.history import RecordedHistoryAdmin
from core.admin_versions import adopt_saved

from .models import Correction
from .services import correction_apply, correction_locate

FORM_FIELDS = (
    "issue", "article", "target", "wrong_text", "right_text", "reason", "notice", "published_on",
)  # fmt: skip
MADE_FIELDS = ("approved_by", "approved_at", "applied_at", "linked_changes")


class CorrectionForm(forms.ModelForm):
    """A correction to make, checked by the service's own rules before it is saved."""

    approver = None  # the signed-in user, set by CorrectionAdmin.get_form

    class Meta:
        model = Correction
        fields = FORM_FIELDS
        widgets = {
            "wrong_text": forms.Textarea(attrs={"rows": 2}),
            "right_text": forms.Textarea(attrs={"rows": 2}),
            "reason": forms.Textarea(attrs={"rows": 3}),
            "notice": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("notice", "published_on"):
            if name in self.fields:
                self.fields[name].required = False
        if "notice" in self.fields:
            self.fields["notice"].help_text = _(
                "Written from the wrong and the right text when left empty."
            )
        if "published_on" in self.fields:
            self.fields["published_on"].help_text = _("Today when left empty.")

    def clean(self):
        cleaned = super().clean()
        if self.errors or self.instance.pk is not None:
            return cleaned
        try:
            correction_locate(
                issue=cleaned["issue"],
                article=cleaned.get("article"),
                target=cleaned["target"],
                wrong_text=cleaned["wrong_text"],
                right_text=cleaned["right_text"],
                reason=cleaned["reason"],
                approver=self.approver,
            )
        except PermissionDenied as refusal:
            raise ValidationError(str(refusal), code="permission") from None
        except ValidationError as refusal:
            self.add_error(None, refusal)  # by field where the service names one
        return cleaned


@admin.register(Correction)
class CorrectionAdmin(RecordedHistoryAdmin, admin.ModelAdmin):
    """勘误: a new one for a published issue or article; those made, read-only."""

    form = CorrectionForm
    list_display = ("published_on", "issue", "article", "target", "notice", "approved_by")
    list_filter = ("issue__periodical", "target", "published_on")
    search_fields = ("notice", "wrong_text", "right_text", "reason", "article__title")
    list_select_related = ("issue__periodical", "article", "approved_by")
    autocomplete_fields = ("issue", "article")
    date_hierarchy = "published_on"

    def get_fields(self, request, obj=None):
        return FORM_FIELDS if obj is None else (*FORM_FIELDS, *MADE_FIELDS)

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else (*FORM_FIELDS, *MADE_FIELDS)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"approver": request.user})

    def has_change_permission(self, request, obj=None):
        return False  # a correction made is a record: never changed

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        made = correction_apply(
            issue=data["issue"],
            article=data.get("article"),
            target=data["target"],
            wrong_text=data["wrong_text"],
            right_text=data["right_text"],
            reason=data["reason"],
            notice=data.get("notice") or "",
            published_on=data.get("published_on"),
            approver=request.user,
        )
        adopt_saved(obj, made)

    def save_related(self, request, form, formsets, change):
        """Nothing: the service linked the change records."""

    @admin.display(description=_("change records"))
    def linked_changes(self, obj):
        records = obj.change_records.select_related("content_type").order_by("pk")
        return format_html_join(
            "",
            "<p>{}：{}</p>",
            ((record.object_repr, changes_summary(record)) for record in records),
        )


class CorrectionInline(admin.TabularInline):
    """The corrections of an article or an issue, on its page; read-only."""

    model = Correction
    fields = ("published_on", "target", "wrong_text", "right_text", "notice", "approved_by")
    readonly_fields = fields
    extra = 0
    show_change_link = True
    verbose_name_plural = _("corrections (勘误)")

    def has_view_permission(self, request, obj=None):
        # None on an add page: a new article or issue has no corrections, and its form then
        # needs no rows of them.
        return obj is not None and super().has_view_permission(request, obj)

    def get_queryset(self, request):
        # Shown only to those who may view corrections (checked with the page's object above;
        # Django's own check here has no object and would find none).
        return self.model._default_manager.select_related("article", "approved_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ArticleCorrectionInline(CorrectionInline):
    fk_name = "article"


class IssueCorrectionInline(CorrectionInline):
    fk_name = "issue"
    fields = ("published_on", "article", *CorrectionInline.fields[1:])
    readonly_fields = fields
