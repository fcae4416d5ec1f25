"""Forms of the missions app: API tokens. Sign-in uses Django's AuthenticationForm; failed
attempts are counted by django-axes (missions/signin.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# How long a new token lasts, in days; the default is WORKBENCH_API_TOKEN_DAYS.
TOKEN_LIFETIMES = (30, 90, 180, 365)


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. Monthly export. Each of your tokens has its own name."),
    )
    days = forms.TypedChoiceField(
        label=_("Expires after"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Create a new token before this one expires; requests with an expired token are refused."),
    )

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        default = settings.WORKBENCH_API_TOKEN_DAYS
        lifetimes = sorted({*TOKEN_LIFETIMES, default})
        self.fields["days"].choices = [
            (days, ngettext("%(days)s day", "%(days)s days", days) % {"days": days}) for days in lifetimes
        ]
        self.fields["days"].initial = default
