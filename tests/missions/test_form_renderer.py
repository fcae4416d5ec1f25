"""The form renderer writes in Python what Django's widget templates write."""

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import override

from missions.generic.form_renderer import WorkbenchFormRenderer


class EveryWidget(forms.Form):
    title = forms.CharField(
        max_length=200, help_text="Help <b>text</b>", widget=forms.TextInput(attrs={"autofocus": True})
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "data-x": 'a"b'}), required=False)
    count = forms.IntegerField(min_value=0)
    amount = forms.DecimalField(max_digits=12, decimal_places=2, required=False)
    hidden = forms.CharField(widget=forms.HiddenInput)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    email = forms.EmailField(required=False)
    link = forms.URLField(required=False, assume_scheme="https")
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    agree = forms.BooleanField(required=False)
    status = forms.ChoiceField(choices=[("", "—"), ("on", "On track & <fine>"), ("off", "Off track")])
    grouped = forms.ChoiceField(
        choices=[
            ("Mission", [("m1", "Political"), ("m2", "Security")]),
            ("Country team", [("a1", "UNDP")]),
            ("x", "Other"),
        ]
    )
    many = forms.MultipleChoiceField(choices=[(1, "One"), (2, "Two"), (3, "Three")], required=False)
    # Its label has no "for" (no single input): a label tag without attributes.
    ticks = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, choices=[("a", "A"), ("b", "B")], required=False
    )
    year = forms.TypedChoiceField(choices=[(2026, 2026), (2027, 2027)], coerce=int)


VALUES = [
    {},
    {
        "title": 'Rule of law "first" & <all>',
        "note": "Line one\nline <two>",
        "count": "3500",
        "amount": "2500000.50",
        "hidden": "h&1",
        "secret": "s3cret",
        "email": "a@example.org",
        "link": "https://example.org/?a=1&b=2",
        "day": "2026-09-30",
        "agree": "on",
        "status": "on",
        "grouped": "m2",
        "many": ["1", "3"],
        "year": "2027",
    },
]


def render_all(form) -> list[str]:
    out = []
    for field in form:
        out.append(str(field))
        out.append(str(field.label_tag()))
        out.append(str(field.label_tag(attrs={"class": "visually-hidden"}, label_suffix="")))
        out.append(str(field.legend_tag()))
    return out


@pytest.mark.parametrize("data", VALUES)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_same_markup_as_the_templates(data, language):
    with override(language):
        bound = EveryWidget(data=data or None, initial={"day": dt.date(2026, 1, 5), "amount": 12.5})
        if data:
            bound.is_valid()
        fast = render_all(EveryWidget(data=bound.data or None, renderer=WorkbenchFormRenderer()))
        slow = render_all(EveryWidget(data=bound.data or None, renderer=DjangoTemplates()))
    assert fast == slow
    assert any("<select" in part for part in fast) and any("<textarea" in part for part in fast)


def test_safe_values_are_not_escaped_twice_and_others_are():
    renderer = WorkbenchFormRenderer()
    widget = forms.TextInput(attrs={"data-safe": mark_safe("&amp;"), "data-raw": "<&>"})
    html = widget.render("t", "x", renderer=renderer)
    assert 'data-safe="&amp;"' in html and 'data-raw="&lt;&amp;&gt;"' in html
    assert html == widget.render("t", "x", renderer=DjangoTemplates())


def test_templates_it_does_not_write_go_to_django():
    renderer = WorkbenchFormRenderer()
    assert "django/forms/widgets/radio.html" not in renderer.writers
    radio = forms.RadioSelect(choices=[("a", "A"), ("b", "B")])
    assert radio.render("r", "a", renderer=renderer) == radio.render("r", "a", renderer=DjangoTemplates())
