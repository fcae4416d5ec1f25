"""Forms of the missions app: API tokens. Sign-in uses Django's AuthenticationForm; failed
attempts are counted by django-axes (missions/signin.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. Monthly export. Each of your tokens has its own name."),
    )
