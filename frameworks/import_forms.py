"""Forms of the Word import of a framework: the upload (the document, label and period), then the
preview of what was read, every part an editable field, posted back whole to confirm.

Nothing is stored between the two: the preview's fields carry what was read (`shape` says how many
results each priority has), and the confirmation checks them all again."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from frameworks import docx_import
from frameworks.docx_import import ImportedFramework, ImportedPriority, ImportedResult
from frameworks.forms import DATE, _model_field
from frameworks.models import IntegratedStrategicFramework, Priority, Result

SHAPE = re.compile(r"^\d{1,3}(?:,\d{1,3})*$")


def _period_errors(form, data: dict) -> None:
    start, end = data.get("period_start"), data.get("period_end")
    if start and end and end <= start:
        form.add_error("period_end", _("Period end must be after period start."))


class ErrorSummaryMixin:
    """Every error of the form, with the part it belongs to and the id of its field, for the
    summary at the top of the page (templates/frameworks/includes/import_errors.html)."""

    where: dict

    def summary(self) -> list[dict]:
        rows = [{"id": "", "where": "", "message": message} for message in self.non_field_errors()]
        for name, errors in self.errors.items():
            if name in self.fields:
                where = self.where.get(name) or self.fields[name].label
                rows += [{"id": self[name].id_for_label, "where": where, "message": message} for message in errors]
        return rows


class FrameworkImportUploadForm(ErrorSummaryMixin, forms.Form):
    file = forms.FileField(
        label=_("Word document (.docx)"),
        error_messages={
            "required": _("Choose the Word document (.docx) to import."),
            "empty": _("The file is empty."),
        },
    )
    label = _model_field(IntegratedStrategicFramework, "label", required=False)
    period_start = _model_field(IntegratedStrategicFramework, "period_start", widget=DATE)
    period_end = _model_field(IntegratedStrategicFramework, "period_end", widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "An ISF or Joint Vision saved from Word, at most %(limit)s. Nothing is stored until you confirm."
        ) % {"limit": filesizeformat(docx_import.max_bytes())}
        self.fields["file"].widget.attrs["accept"] = (
            ".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        self.fields["label"].help_text = _(
            "The name used in the country, e.g. Joint Vision. Empty: the document's title."
        )
        self.fields["label"].initial = None
        self.document: ImportedFramework | None = None
        self.where = {}

    def clean_file(self):
        """The document read whole (nothing stored): refused at this field when it is too large,
        not a .docx, or holds no recognisable priorities."""
        upload = self.cleaned_data["file"]
        if getattr(upload, "too_large", False) or upload.size > docx_import.max_bytes():
            raise forms.ValidationError(
                _("The file is larger than %(limit)s; upload at most %(limit)s.")
                % {"limit": filesizeformat(docx_import.max_bytes())}
            )
        if not upload.name.lower().endswith(".docx"):
            raise forms.ValidationError(
                _("“%(name)s” is not a Word document (.docx). Save it from Word as .docx and upload it again.")
                % {"name": upload.name}
            )
        upload.seek(0)
        self.document = docx_import.parse(upload.read())
        return upload

    def clean(self):
        data = super().clean()
        _period_errors(self, data)
        return data


@dataclass
class ResultRow:
    number: str
    statement: forms.BoundField
    timeline_start: forms.BoundField
    timeline_end: forms.BoundField
    leave_out: forms.BoundField


@dataclass
class PriorityGroup:
    number: int
    title: forms.BoundField
    description: forms.BoundField
    leave_out: forms.BoundField
    results: list[ResultRow]


class FrameworkImportForm(ErrorSummaryMixin, forms.Form):
    """The preview: the framework's fields, then for each priority its title, description and
    results, each of which can be corrected or left out."""

    step = forms.CharField(widget=forms.HiddenInput, initial="confirm")
    shape = forms.CharField(widget=forms.HiddenInput, required=False)
    source = forms.CharField(widget=forms.HiddenInput, required=False, max_length=255)
    label = _model_field(IntegratedStrategicFramework, "label", required=False)
    period_start = _model_field(IntegratedStrategicFramework, "period_start", widget=DATE)
    period_end = _model_field(IntegratedStrategicFramework, "period_end", widget=DATE)
    vision = _model_field(
        IntegratedStrategicFramework, "vision", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.shape = self._shape(self.data.get("shape", ""))
        self.where = {
            "label": _("Label"),
            "period_start": _("Period start"),
            "period_end": _("Period end"),
            "vision": _("Shared vision"),
        }
        for p, count in enumerate(self.shape or [], start=1):
            prefix = f"p{p}"
            priority = _("Priority %(number)s") % {"number": p}
            self._add(f"{prefix}-title", _model_field(Priority, "title", required=False), priority, _("title"))
            self._add(
                f"{prefix}-description",
                _model_field(Priority, "description", required=False, widget=forms.Textarea(attrs={"rows": 2})),
                priority,
                _("description"),
            )
            self._add(f"{prefix}-leave_out", forms.BooleanField(required=False, label=_("Leave this priority out")))
            for r in range(1, count + 1):
                number = f"{p}.{r}"
                result = _("Result %(number)s") % {"number": number}
                name = f"{prefix}-r{r}"
                self._add(
                    f"{name}-statement",
                    _model_field(Result, "statement", required=False, widget=forms.Textarea(attrs={"rows": 2})),
                    result,
                    _("outcome statement"),
                )
                self._add(
                    f"{name}-timeline_start", _model_field(Result, "timeline_start", widget=DATE), result, _("start")
                )
                self._add(f"{name}-timeline_end", _model_field(Result, "timeline_end", widget=DATE), result, _("end"))
                self._add(f"{name}-leave_out", forms.BooleanField(required=False, label=_("Leave this result out")))

    def _add(self, name: str, field: forms.Field, part: str = "", what: str = "") -> None:
        self.fields[name] = field
        if part:
            self.where[name] = f"{part}, {what}"

    @staticmethod
    def _shape(value: str) -> list[int] | None:
        """Results per priority, from the hidden field; None when it is missing or out of bounds."""
        if not SHAPE.match(value or ""):
            return None
        counts = [int(count) for count in value.split(",")]
        if len(counts) > docx_import.MAX_PRIORITIES or sum(counts) > docx_import.MAX_RESULTS:
            return None
        return counts

    @classmethod
    def from_document(cls, document: ImportedFramework, *, label: str, period_start, period_end, source: str):
        """The preview of `document`, bound to what was read, so what does not fit (a title longer
        than its field takes) shows its error at once."""
        data = {
            "step": "confirm",
            "shape": ",".join(str(len(priority.results)) for priority in document.priorities),
            "source": source[:255],
            "label": label or document.label or IntegratedStrategicFramework._meta.get_field("label").default,
            "period_start": period_start.isoformat(),
            "period_end": period_end.isoformat(),
            "vision": document.vision,
        }
        for p, priority in enumerate(document.priorities, start=1):
            data[f"p{p}-title"] = priority.title
            data[f"p{p}-description"] = priority.description
            for r, result in enumerate(priority.results, start=1):
                data[f"p{p}-r{r}-statement"] = result.statement
                data[f"p{p}-r{r}-timeline_start"] = result.timeline_start.isoformat() if result.timeline_start else ""
                data[f"p{p}-r{r}-timeline_end"] = result.timeline_end.isoformat() if result.timeline_end else ""
        return cls(data=data)

    # -- the parts, for the template and the service --

    # (Templates read these: `form.shape` there is the hidden field.)
    @property
    def priority_count(self) -> int:
        return len(self.shape or [])

    @property
    def result_count(self) -> int:
        return sum(self.shape or [])

    @property
    def groups(self) -> list[PriorityGroup]:
        return [
            PriorityGroup(
                number=p,
                title=self[f"p{p}-title"],
                description=self[f"p{p}-description"],
                leave_out=self[f"p{p}-leave_out"],
                results=[
                    ResultRow(
                        number=f"{p}.{r}",
                        statement=self[f"p{p}-r{r}-statement"],
                        timeline_start=self[f"p{p}-r{r}-timeline_start"],
                        timeline_end=self[f"p{p}-r{r}-timeline_end"],
                        leave_out=self[f"p{p}-r{r}-leave_out"],
                    )
                    for r in range(1, count + 1)
                ],
            )
            for p, count in enumerate(self.shape or [], start=1)
        ]

    def clean(self):
        data = super().clean()
        if self.shape is None:
            raise forms.ValidationError(_("The preview lost track of the document's parts: upload the document again."))
        _period_errors(self, data)
        start, end = data.get("period_start"), data.get("period_end")
        kept = 0
        for p, count in enumerate(self.shape, start=1):
            if data.get(f"p{p}-leave_out"):
                self._forget(f"p{p}-")
                continue
            kept += 1
            if not (data.get(f"p{p}-title") or "").strip() and f"p{p}-title" not in self.errors:
                self.add_error(f"p{p}-title", _("Enter the priority's title, or leave the priority out."))
            for r in range(1, count + 1):
                name = f"p{p}-r{r}"
                if data.get(f"{name}-leave_out"):
                    self._forget(f"{name}-")
                    continue
                if not (data.get(f"{name}-statement") or "").strip() and f"{name}-statement" not in self.errors:
                    self.add_error(f"{name}-statement", _("Enter the outcome statement, or leave the result out."))
                self._timeline_errors(name, data, start, end)
        if not kept:
            raise forms.ValidationError(_("Keep at least one priority to import."))
        return data

    def _forget(self, prefix: str) -> None:
        """A part left out is not checked: its errors go."""
        for name in [name for name in self.errors if name.startswith(prefix)]:
            del self.errors[name]

    def _timeline_errors(self, name: str, data: dict, start, end) -> None:
        first, last = data.get(f"{name}-timeline_start"), data.get(f"{name}-timeline_end")
        if first and last and last <= first:
            self.add_error(f"{name}-timeline_end", _("Timeline end must be after timeline start."))
        if start and end:
            for field, value in ((f"{name}-timeline_start", first), (f"{name}-timeline_end", last)):
                if value and not start <= value <= end and field not in self.errors:
                    self.add_error(
                        field,
                        _("The date must fall inside the framework period (%(start)s to %(end)s).")
                        % {"start": start, "end": end},
                    )

    def import_data(self) -> dict:
        """The service's arguments: the framework's fields and the parts kept."""
        data = self.cleaned_data
        priorities = []
        for p, count in enumerate(self.shape, start=1):
            if data.get(f"p{p}-leave_out"):
                continue
            results = [
                ImportedResult(
                    statement=data[f"p{p}-r{r}-statement"].strip(),
                    timeline_start=data[f"p{p}-r{r}-timeline_start"],
                    timeline_end=data[f"p{p}-r{r}-timeline_end"],
                )
                for r in range(1, count + 1)
                if not data.get(f"p{p}-r{r}-leave_out")
            ]
            priorities.append(
                ImportedPriority(
                    title=data[f"p{p}-title"].strip(), description=data[f"p{p}-description"].strip(), results=results
                )
            )
        return {
            "label": data["label"],
            "period_start": data["period_start"],
            "period_end": data["period_end"],
            "vision": data["vision"],
            "priorities": priorities,
        }

    def counts(self) -> tuple[int, int]:
        """Priorities and results kept (for the success message)."""
        priorities = self.import_data()["priorities"]
        return len(priorities), sum(len(priority.results) for priority in priorities)
