"""What the inlines of the issue and article pages share: compact rows for fast entry."""

from django import forms
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.db import models


class CompactInlineMixin:
    """One line per row: keep only the "add" shortcut beside related fields, captions on one line.

    An editor entering 60 articles wants to add a missing contributor from the row, not to
    edit or delete one from there; the other three icons double each row's height.
    """

    formfield_overrides = {
        models.TextField: {"widget": forms.TextInput(attrs={"size": 40})},
    }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(formfield.widget, RelatedFieldWidgetWrapper):
            formfield.widget.can_change_related = False
            formfield.widget.can_delete_related = False
            formfield.widget.can_view_related = False
        return formfield
