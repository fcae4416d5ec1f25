from django import forms
from django.utils.translation import gettext_lazy as _

from missions.choices import MissionType, Phase


class MissionFilterForm(forms.Form):
    """Filters of the mission list (GET)."""

    type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *MissionType.choices])
    phase = forms.ChoiceField(label=_("Phase"), required=False, choices=[("", _("All phases")), *Phase.choices])
