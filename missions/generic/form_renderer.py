"""The form renderer of every form (settings.FORM_RENDERER).

Django draws each input, select, option, textarea and label through a template of its own; a page
of forms (the ISF editor has some 45 fields and 90 attribute lists) spent a third of its time in
those few templates. This renderer writes the same markup in Python for Django's own simple widget
templates and hands every other template (radio lists, file inputs, a template an app overrides)
to Django's template renderer. `tests/missions/test_form_renderer.py` checks that both write the
same HTML for every widget kind the workbench uses.
"""

from __future__ import annotations

from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData

FORMS_TEMPLATES = Path(django.forms.__file__).parent / "templates"
INPUT = "django/forms/widgets/input.html"


def _attribute(value) -> str:
    # `{{ value|stringformat:'s' }}`: the text of the value, escaped unless already safe.
    return str(value) if isinstance(value, SafeData) else escape(str(value))


def _shown(value) -> str:
    # `{{ value }}`: localized, then escaped unless safe.
    value = localize(value)
    return value if isinstance(value, SafeData) else conditional_escape(str(value))


def attrs(attributes: dict) -> str:
    """`django/forms/widgets/attrs.html`: ` name="value"`, a bare name for True, nothing for False."""
    out = []
    for name, value in (attributes or {}).items():
        if value is False:
            continue
        out.append(f" {escape(name)}" if value is True else f' {escape(name)}="{_attribute(value)}"')
    return "".join(out)


def input_tag(widget: dict) -> str:
    value = widget["value"]
    shown = f' value="{_attribute(value)}"' if value is not None else ""
    return f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{shown}{attrs(widget["attrs"])}>'


def option_tag(widget: dict) -> str:
    return f'<option value="{_attribute(widget["value"])}"{attrs(widget["attrs"])}>{_shown(widget["label"])}</option>'


class WorkbenchFormRenderer(DjangoTemplates):
    def select_tag(self, widget: dict) -> str:
        out = [f'<select name="{escape(widget["name"])}"{attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{_shown(group_name)}">')
            for option in group_choices:
                out.append("\n  ")
                out.append(self.render(option["template_name"], {"widget": option}) + "\n")
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return "".join(out)

    @staticmethod
    def textarea_tag(widget: dict) -> str:
        value = widget["value"]
        text = _shown(value) if value else ""
        return f'<textarea name="{escape(widget["name"])}"{attrs(widget["attrs"])}>\n{text}</textarea>'

    @staticmethod
    def label_tag(context: dict) -> str:
        label = _shown(context["label"])
        if not context["use_tag"]:
            return label
        tag = escape(context["tag"])
        return f"<{tag}{attrs(context['attrs'])}>{label}</{tag}>"

    @cached_property
    def writers(self) -> dict:
        """Template name -> writer, for the templates this engine finds in Django's own folder
        (an app that overrides one keeps its template)."""
        writers = {
            "django/forms/widgets/select.html": lambda c: self.select_tag(c["widget"]),
            "django/forms/widgets/select_option.html": lambda c: option_tag(c["widget"]),
            "django/forms/widgets/textarea.html": lambda c: self.textarea_tag(c["widget"]),
            "django/forms/label.html": self.label_tag,
            INPUT: lambda c: input_tag(c["widget"]),
        }
        widgets = FORMS_TEMPLATES / "django" / "forms" / "widgets"
        for path in widgets.glob("*.html"):
            # text.html, number.html, hidden.html…: nothing but the include of input.html.
            if path.read_text().strip() == '{% include "django/forms/widgets/input.html" %}':
                writers[f"django/forms/widgets/{path.name}"] = writers[INPUT]
        return {name: writer for name, writer in writers.items() if self._own(name)}

    def _own(self, template_name: str) -> bool:
        origin = self.engine.get_template(template_name).origin.name
        return Path(origin).is_relative_to(FORMS_TEMPLATES)

    def render(self, template_name, context, request=None):
        writer = self.writers.get(template_name)
        if writer is None:
            return super().render(template_name, context, request=request)
        return writer(context)
