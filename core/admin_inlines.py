"""What the inlines of the issue and article pages share: compact rows for fast entry, and
autocompletes that cost no query per row."""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, RelatedFieldWidgetWrapper
from django.db import models


class PreloadedAutocompleteSelect(AutocompleteSelect):
    """The admin's autocomplete, rendering its chosen option from `known` (value → label)
    when that holds it, instead of looking the row up: a page of 60 rows makes no query per
    row. Without `known` (a row sent back with another choice) it looks up as Django does."""

    known: dict[str, str] | None = None

    def optgroups(self, name, value, attr=None):
        empty = self.choices.field.empty_values
        selected = [str(v) for v in value if str(v) not in empty]
        if self.known is None or any(v not in self.known for v in selected):
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        for choice in selected:
            options.append(
                self.create_option(name, choice, self.known[choice], set(selected), len(options))
            )
        return [(None, options, 0)]


class PreloadingFormSetMixin:
    """An inline formset whose rows' autocompletes show the related row its instance already
    holds (the inline's queryset selects them): no query per row."""

    preloaded_fields: tuple[str, ...] = ()

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        for name in self.preloaded_fields:
            field = form.fields.get(name)
            widget = getattr(field, "widget", None)
            widget = getattr(widget, "widget", widget)  # inside RelatedFieldWidgetWrapper
            if not isinstance(widget, PreloadedAutocompleteSelect):
                continue
            related_id = getattr(form.instance, f"{name}_id", None)
            related = getattr(form.instance, name) if related_id is not None else None
            widget.known = {str(related.pk): str(related)} if related is not None else {}
        return form


class CompactInlineMixin:
    """One line per row: keep only the "add" shortcut beside related fields, captions on one line.

    An editor entering 60 articles wants to add a missing contributor from the row, not to
    edit or delete one from there; the other three icons double each row's height. The
    autocompletes of the rows take their chosen rows from one query (get_queryset selects them)
    instead of one look-up per row and field.
    """

    formfield_overrides = {
        models.TextField: {"widget": forms.TextInput(attrs={"size": 40})},
    }

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.autocomplete_fields:
            queryset = queryset.select_related(*self.autocomplete_fields)
        return queryset

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(
            formset.__name__,
            (PreloadingFormSetMixin, formset),
            {"preloaded_fields": tuple(self.autocomplete_fields)},
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = PreloadedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(formfield.widget, RelatedFieldWidgetWrapper):
            formfield.widget.can_change_related = False
            formfield.widget.can_delete_related = False
            formfield.widget.can_view_related = False
        return formfield
