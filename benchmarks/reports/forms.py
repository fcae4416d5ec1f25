"""The form that asks for a progress report: the period, and the reader's choices of edition,
formats and language."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from benchmarks.choices import REPORT_FORMATS, ReportEdition

FORMAT_LABELS = {
    "pdf": _("PDF"),
    "xlsx": _("Excel workbook"),
    "docx": _("Word annex"),
    "html": _("Web page (HTML)"),
}


class ReportRequestForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Reporting period"),
        error_messages={"invalid_choice": _("Choose one of the periods in the list.")},
    )
    edition = forms.ChoiceField(
        label=_("Edition"),
        choices=ReportEdition.choices,
        initial=ReportEdition.FULL,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose the full or the summary edition.")},
    )
    formats = forms.MultipleChoiceField(
        label=_("Formats"),
        choices=[(fmt, FORMAT_LABELS[fmt]) for fmt in REPORT_FORMATS],
        initial=list(REPORT_FORMATS),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one format."),
            "invalid_choice": _("Choose formats from the list."),
        },
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        error_messages={"invalid_choice": _("Choose one of the languages in the list.")},
    )

    def __init__(self, *args, periods: list[tuple[str, str, bool]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(value, label) for value, label, _selected in periods]
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        if language in dict(settings.LANGUAGES):
            self.fields["language"].initial = language
