from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.validators import unstorable_text
from periodical.models import Periodical


class IssueTextUploadForm(forms.Form):
    """The periodical and the text of one print issue (pdftotext output, UTF-8)."""

    periodical = forms.ModelChoiceField(
        queryset=Periodical.objects.order_by("name"), label=_("periodical")
    )
    text_file = forms.FileField(label=_("text file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Here, not on the field: the size is put in when the page is shown, in its language.
        self.fields["text_file"].help_text = _(
            "The plain text of the whole issue, as pdftotext writes it from the print PDF "
            "(UTF-8, at most %(size)s)."
        ) % {"size": filesizeformat(settings.IMPORT_MAX_BYTES)}

    def clean_text_file(self):
        upload = self.cleaned_data["text_file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; a text of at most %(max)s is accepted."),
                code="too_big",
                params={
                    "size": filesizeformat(upload.size),
                    "max": filesizeformat(settings.IMPORT_MAX_BYTES),
                },
            )
        content = upload.read()
        if content.startswith(b"%PDF"):
            raise forms.ValidationError(
                _("This is a PDF. Upload the text pdftotext makes of it."), code="pdf"
            )
        try:
            text = content.decode("utf-8-sig")  # a byte-order mark, as Windows editors write
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                _("The file is not UTF-8 text (byte %(position)d). Save it as UTF-8."),
                code="not_utf8",
                params={"position": error.start + 1},
            ) from None
        if unstorable_text(text):  # valid UTF-8, yet a NUL: not text (and no database takes it)
            raise forms.ValidationError(_("The file holds binary data, not text."), code="binary")
        if not text.strip():
            raise forms.ValidationError(_("The file holds no text."), code="empty")
        self.cleaned_data["text"] = text
        return upload

    @property
    def file_name(self) -> str:
        return self.cleaned_data["text_file"].name[:255]
