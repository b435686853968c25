from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from periodical.models import Periodical

from .sources import UnreadableSource, source_text, too_big


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern): cleans to a list of them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_file_clean = super().clean
        if isinstance(data, list | tuple):
            return [single_file_clean(item, initial) for item in data]
        return [single_file_clean(data, initial)]


class IssueTextUploadForm(forms.Form):
    """The periodical and the texts or print PDFs of one or several issues.

    One file is read here, and a file that is no issue's text is the field's error. Of several
    files each is read on its own: `sources` holds each one's text or the reason it was
    refused, so that one bad file is reported beside the others instead of refusing them all.
    """

    periodical = forms.ModelChoiceField(
        queryset=Periodical.objects.order_by("name"), label=_("periodical")
    )
    text_file = MultipleFileField(label=_("text files or PDFs"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Here, not on the field: the sizes are put in when the page is shown, in its language.
        self.fields["text_file"].help_text = _(
            "The plain text of each whole issue, as pdftotext writes it from the print PDF "
            "(UTF-8, at most %(size)s), or the print PDF itself (at most %(pdf_size)s). Several "
            "files at once are imported at once, without a preview."
        ) % {
            "size": filesizeformat(settings.IMPORT_MAX_BYTES),
            "pdf_size": filesizeformat(settings.IMPORT_MAX_PDF_BYTES),
        }
        self.sources: list[tuple[str, str | UnreadableSource]] = []

    def clean_text_file(self):
        uploads = self.cleaned_data["text_file"]
        for upload in uploads:
            try:
                if problem := too_big(upload.name, upload.size):  # before reading it
                    raise UnreadableSource(problem, "too_big")
                source = source_text(upload.name, upload.read())
            except UnreadableSource as error:
                if len(uploads) == 1:
                    raise forms.ValidationError(str(error), code=error.code) from None
                source = error
            self.sources.append((upload.name[:255], source))
        return uploads

    @property
    def several(self) -> bool:
        return len(self.sources) > 1

    @property
    def file_name(self) -> str:
        return self.sources[0][0]

    @property
    def text(self) -> str:
        """The text of the one file uploaded."""
        return self.sources[0][1]
