"""The admin's side of optimistic concurrency (core.concurrency): a change form carries the
version its page was opened with, and a save made stale by someone else's is refused with a
form error saying who changed what meanwhile; nothing is saved, inline rows included.
"""

import datetime

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.utils import timezone

from .concurrency import StaleVersion, parse_version, versions_raise


class VersionedForm(forms.ModelForm):
    """A change form with the version (and the time) the page was opened at, hidden."""

    # Not named `version`: a model form cannot name the model's non-editable field.
    page_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    page_opened_at = forms.FloatField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial.setdefault("page_version", self.instance.version)
            self.initial.setdefault("page_opened_at", timezone.now().timestamp())

    def clean(self):
        cleaned = super().clean()
        expected = parse_version(cleaned.get("page_version"))
        # Without a version (a form posted by a script) the save is accepted, as in the API.
        if self.instance.pk is not None and expected not in (None, self.instance.version):
            opened_at = cleaned.get("page_opened_at")
            since = (
                datetime.datetime.fromtimestamp(opened_at, tz=datetime.UTC) if opened_at else None
            )
            stale = StaleVersion(self.instance, expected=expected, since=since)
            raise ValidationError(stale.message, code="stale")
        return cleaned

    @property
    def expected_version(self) -> int | None:
        """The version the page was opened with, for the service's compare-and-set."""
        return parse_version(self.cleaned_data.get("page_version")) if self.instance.pk else None


def versioned_form(form_class: type[forms.ModelForm]) -> type[forms.ModelForm]:
    if issubclass(form_class, VersionedForm):
        return form_class
    return type(f"Versioned{form_class.__name__}", (VersionedForm, form_class), {})


class VersionedAdminMixin:
    """ModelAdmin mixin for a model with a `version`: the change form refuses a stale save.

    The form's check compares the version when the save is validated; the service's
    compare-and-set, called by `save_model`/`save_related` with `form.expected_version`,
    catches a save that commits in between: the transaction is rolled back and the page
    shown again, now with the form error.
    """

    VERSION_FIELDS = ("page_version", "page_opened_at")

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = versioned_form(kwargs.get("form") or self.form)
        return super().get_form(request, obj, change, **kwargs)

    def shows_version(self, request, obj) -> bool:
        """A change form that can be saved carries the version; add and read-only pages not."""
        return obj is not None and self.has_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.shows_version(request, obj) or "page_version" in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        fields = (*options["fields"], self.VERSION_FIELDS)
        return [(name, {**options, "fields": fields}), *rest]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if not self.shows_version(request, obj):
            return [name for name in fields if name not in self.VERSION_FIELDS]
        return fields

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleVersion:
            # Someone else's save committed between this form's check and its own: the
            # transaction was rolled back; the form, checked again, now shows the error.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def raise_inline_versions(self, formset) -> None:
        """Rows of a versioned model saved by an inline formset: their versions go up too."""
        if hasattr(formset.model, "version"):
            changed = [obj.pk for obj, _ in formset.changed_objects]
            versions_raise(formset.model, changed)


def form_fields(form, *, changed_only: bool = False) -> dict:
    """The model fields a change form edits, as the form has set them on its instance (a file
    upload, a cleared file), for a service."""
    names = form.changed_data if changed_only else form.cleaned_data
    model_fields = {
        field.name for field in form._meta.model._meta.concrete_fields if field.editable
    }
    return {name: getattr(form.instance, name) for name in names if name in model_fields}


def expected_version(form) -> int | None:
    """The version a change form was opened with; None for a form without one (list_editable)."""
    return getattr(form, "expected_version", None)


def inline_rows(formset) -> list[dict]:
    """The rows an inline formset leaves, in the page's order, as field values for a service
    (`id` for a row that exists); deleted rows and empty extra rows are left out."""
    rows = []
    skip = {formset.fk.name, formset.model._meta.pk.name, "DELETE"}
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or data.get("DELETE") or (form.instance.pk is None and not form.has_changed()):
            continue
        values = {name: value for name, value in data.items() if name not in skip}
        if form.instance.pk is not None:
            values["id"] = form.instance.pk
        rows.append(values)
    _note_changes(formset)
    return rows


def _note_changes(formset) -> None:
    # What formset.save() would note, for the admin's change message: the service saves.
    formset.new_objects = [
        form.instance
        for form in formset.extra_forms
        if form.has_changed() and not formset._should_delete_form(form)
    ]
    formset.changed_objects = [
        (form.instance, form.changed_data)
        for form in formset.initial_forms
        if form.has_changed() and not formset._should_delete_form(form)
    ]
    formset.deleted_objects = [
        form.instance for form in formset.initial_forms if formset._should_delete_form(form)
    ]


def adopt_saved(instance, saved) -> None:
    """Make the admin's unsaved `instance` the row a create service saved as `saved`: the admin
    goes on with its own object (its change message, the redirect to the new row)."""
    instance.__dict__.update(
        {name: value for name, value in saved.__dict__.items() if name != "_state"}
    )
    instance._state.adding = False
    instance._state.db = saved._state.db
