"""The search page: the header's search box lands here (`/search/?q=`)."""

from __future__ import annotations

from missions.generic.views import SignedInPage
from planning.search.forms import SearchForm
from planning.search.selectors import search


class SearchView(SignedInPage):
    """Matches the user may see, grouped by kind, ranked, with highlighted snippets."""

    template_name = "planning/search/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET)
        text = form.cleaned_data["q"] if form.is_valid() else ""
        groups = search(self.request.user, text) if text else []
        context.update(form=form, q=text, groups=groups, total=sum(group.count for group in groups))
        return context
