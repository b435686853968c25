"""Admin pages as a browser uses them: what a change page posts back."""

from django.db.models.fields.files import FieldFile
from django.test import Client


def opened_form(client: Client, url: str) -> dict:
    """The data a browser would post back from the change page, as it was opened."""
    response = client.get(url)
    assert response.status_code == 200
    data = {}
    adminform = response.context["adminform"]
    for name, field in adminform.form.fields.items():
        value = adminform.form[name].value()
        if name in adminform.readonly_fields:
            continue
        data[name] = _posted(field, value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = management[name].value()
        for form in formset.forms:
            for name, field in form.fields.items():
                value = form[name].value()
                data[form.add_prefix(name)] = _posted(field, value)
    return {key: value for key, value in data.items() if value is not None}


def _posted(field, value):
    if isinstance(value, FieldFile):
        return None  # no file chosen: the browser posts none
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return "" if value is None else value
