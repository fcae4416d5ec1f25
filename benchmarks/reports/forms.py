"""The form that asks for a progress report."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ReportRequestForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Reporting period"),
        error_messages={"invalid_choice": _("Choose one of the periods in the list.")},
    )

    def __init__(self, *args, periods: list[tuple[str, str, bool]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(value, label) for value, label, _selected in periods]
