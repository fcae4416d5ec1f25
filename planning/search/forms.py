from django import forms
from django.utils.translation import gettext_lazy as _

from planning.search.selectors import QUERY_MAX


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the workbench"), max_length=QUERY_MAX, required=False, strip=True)
