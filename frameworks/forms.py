"""Forms of the framework editor. Each edits one field group and carries the `updated_at` it was
based on, so a save over someone else's newer change is refused instead of silently winning."""

from __future__ import annotations

from django import forms
from django.utils.dateparse import parse_datetime
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from frameworks.choices import (
    CommentStatus,
    FundingSource,
    IntegrationAreaKind,
    IntegrationDepth,
    NationalFrameworkKind,
    ResponsibilityRole,
    SignatureDecision,
)
from frameworks.models import IntegratedStrategicFramework, IntegrationArea, Priority, Result
from frameworks.presence import ELEMENT_KEY, ELEMENT_KEY_HELP
from frameworks.services import CHANGE_REASON_MAX, CHANGE_REASON_TOO_LONG
from missions.texts import COMMENT_MAX, COMMENT_TOO_LONG, REASON_MAX, REASON_TOO_LONG, bounded_field

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# The optimistic lock is not optional: a save that does not say which version it was based on
# could silently overwrite someone else's change, so it is refused.
LOCK_MISSING = _("Reload the page: this form does not say which version it was based on (updated_at).")
LOCK_UNREADABLE = _("Reload the page: the form lost track of the version it was based on.")


class LockErrorsMixin:
    """The lock's field is hidden, so its errors are shown with the form's own errors."""

    def non_field_errors(self):
        errors = super().non_field_errors()
        lock_errors = self.errors.get("updated_at", [])
        if not lock_errors:
            return errors
        return self.error_class([*errors, *lock_errors], error_class="nonfield", renderer=self.renderer)


class BasedOnForm(LockErrorsMixin, forms.Form):
    """Adds the hidden `updated_at` of the row the form was rendered from; a form that edits a row
    (`instance`) must send it back."""

    updated_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        initial = kwargs.pop("initial", None) or {}
        if instance is not None:
            initial = {**{name: getattr(instance, name) for name in self.model_fields}, **initial}
            initial.setdefault("updated_at", instance.updated_at.isoformat())
        super().__init__(*args, initial=initial, **kwargs)

    model_fields: tuple[str, ...] = ()

    def clean_updated_at(self):
        value = self.cleaned_data.get("updated_at")
        if not value:
            if self.instance is not None:
                raise forms.ValidationError(LOCK_MISSING, code="lock_missing")
            return None
        parsed = parse_datetime(value)
        if parsed is None:
            raise forms.ValidationError(LOCK_UNREADABLE, code="lock_unreadable")
        return parsed

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.model_fields}

    def rebase(self, current) -> None:
        """After a refused stale save, base the form on the current row while keeping the
        user's own text in the fields, so a second save is a deliberate overwrite."""
        data = self.data.copy()
        data[self.add_prefix("updated_at")] = current.updated_at.isoformat()
        self.data = data


def _model_field(model, name, **kwargs):
    return model._meta.get_field(name).formfield(**kwargs)


class FrameworkForm(BasedOnForm):
    model_fields = ("label", "period_start", "period_end", "vision")
    label = _model_field(IntegratedStrategicFramework, "label")
    period_start = _model_field(IntegratedStrategicFramework, "period_start", widget=DATE)
    period_end = _model_field(IntegratedStrategicFramework, "period_end", widget=DATE)
    vision = _model_field(IntegratedStrategicFramework, "vision", widget=forms.Textarea(attrs={"rows": 4}))


class FrameworkCreateForm(forms.Form):
    """A new version: a copy of the endorsed one (`start=current`, the default when there is one)
    or a blank framework with its label, period and vision."""

    start = forms.ChoiceField(
        label=_("Start from"),
        choices=[("blank", _("A blank framework")), ("current", _("A copy of the endorsed framework"))],
        widget=forms.HiddenInput,
        initial="current",
    )
    label = _model_field(IntegratedStrategicFramework, "label", required=False)
    period_start = _model_field(IntegratedStrategicFramework, "period_start", widget=DATE, required=False)
    period_end = _model_field(IntegratedStrategicFramework, "period_end", widget=DATE, required=False)
    vision = _model_field(
        IntegratedStrategicFramework, "vision", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, can_copy: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_copy:
            del self.fields["start"]

    @property
    def copying(self) -> bool:
        """Whether the form (as sent, else by default) starts from the endorsed version."""
        if "start" not in self.fields:
            return False
        return (self.data.get(self.add_prefix("start")) if self.is_bound else "current") == "current"

    def clean(self):
        data = super().clean()
        if data.get("start", "blank") == "blank":
            for name in ("period_start", "period_end"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Enter the date."))
        return data


class PriorityForm(BasedOnForm):
    model_fields = ("title", "description")
    title = _model_field(Priority, "title")
    description = _model_field(Priority, "description", widget=forms.Textarea(attrs={"rows": 2}))


class ResultForm(BasedOnForm):
    model_fields = ("statement", "timeline_start", "timeline_end")
    statement = _model_field(Result, "statement", widget=forms.Textarea(attrs={"rows": 2}))
    timeline_start = _model_field(Result, "timeline_start", widget=DATE)
    timeline_end = _model_field(Result, "timeline_end", widget=DATE)


class ChangeReasonMixin(forms.Form):
    """The editor's form of a priority or result also takes an optional reason for the change,
    kept with its history record and shown beside the change when versions are compared."""

    reason = bounded_field(
        forms.CharField(
            label=_("Reason for this change"),
            required=False,
            max_length=CHANGE_REASON_MAX,
            help_text=_("Optional, up to 500 characters; shown beside the change when versions are compared."),
        ),
        CHANGE_REASON_TOO_LONG,
    )

    def service_kwargs(self) -> dict:
        return {**super().service_kwargs(), "reason": self.cleaned_data.get("reason", "")}


class PriorityEditForm(ChangeReasonMixin, PriorityForm):
    pass


class ResultEditForm(ChangeReasonMixin, ResultForm):
    pass


class IdListField(forms.CharField):
    """Ids separated by commas ("3,1,2"), as the outline's drag and drop sends an order."""

    def to_python(self, value):
        value = super().to_python(value)
        parts = [part.strip() for part in value.split(",")] if value else []
        if not all(part.isdigit() and len(part) <= 18 for part in parts):
            raise forms.ValidationError(_("Reload the page: the order sent is not a list of items."), code="ids")
        return [int(part) for part in parts]


class ReorderForm(forms.Form):
    """The new order of a framework's priorities or of a priority's results, and the order the
    planner saw when they moved an item."""

    order = IdListField(label=_("New order"))
    based_on = IdListField(label=_("Order shown"))


class ShowChangesForm(forms.Form):
    """`?changes=1`: a framework's pages show its changes since the version it was copied from."""

    changes = forms.BooleanField(required=False)


class ResponsibilityForm(forms.Form):
    entity = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("None"))] + list(ResponsibilityRole.choices), required=False
    )


class ResultRolesForm(forms.Form):
    """Who leads and who contributes to a result: the mission and its country team."""

    leads = forms.TypedMultipleChoiceField(
        label=_("Leads"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    contributors = forms.TypedMultipleChoiceField(
        label=_("Contribute"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, entities=(), result=None, **kwargs):
        if result is not None and not kwargs.get("data"):
            roles = [(r.entity_id, r.role) for r in result.responsibilities.all()]
            kwargs["initial"] = {
                "leads": [pk for pk, role in roles if role == ResponsibilityRole.LEAD],
                "contributors": [pk for pk, role in roles if role == ResponsibilityRole.CONTRIBUTING],
            }
        super().__init__(*args, **kwargs)
        choices = [(entity.pk, entity.code) for entity in entities]
        self.fields["leads"].choices = choices
        self.fields["contributors"].choices = choices


class TaskLinksForm(forms.Form):
    tasks = forms.TypedMultipleChoiceField(
        label=_("Mandate tasks"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, tasks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tasks"].choices = [
            (t.pk, f"{t.mandate} op. {t.paragraph}: {Truncator(t.text).words(14, truncate='…')}") for t in tasks
        ]


class IntegrationAreaForm(BasedOnForm):
    model_fields = ("area", "depth", "rationale", "review_on")
    area = forms.ChoiceField(label=_("Area"), choices=IntegrationAreaKind.choices)
    depth = forms.ChoiceField(
        label=_("Depth of integration"),
        choices=[("", _("Not recorded (remove)"))] + list(IntegrationDepth.choices),
        required=False,
    )
    rationale = _model_field(IntegrationArea, "rationale", widget=forms.Textarea(attrs={"rows": 2}))
    review_on = forms.DateField(label=_("Review on"), widget=DATE, required=False)

    def __init__(self, *args, adding: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if adding:
            self.fields["depth"].required = True
            self.fields["depth"].choices = IntegrationDepth.choices


class FundingForm(LockErrorsMixin, forms.Form):
    """Amount and gap from each source for one priority, based on the newest change of its lines
    ("none" when it had no line), which the form must send back."""

    updated_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, priority=None, **kwargs):
        lines = {line.source: line for line in priority.funding_lines.all()} if priority else {}
        latest = max((line.updated_at for line in lines.values()), default=None)
        initial = {"updated_at": latest.isoformat() if latest else "none"}
        for source, line in lines.items():
            initial[f"{source}_amount"] = line.amount
            initial[f"{source}_gap"] = line.gap
        super().__init__(*args, initial={**initial, **(kwargs.pop("initial", None) or {})}, **kwargs)
        for source, label in FundingSource.choices:
            for part, word in (("amount", _("amount")), ("gap", _("gap"))):
                self.fields[f"{source}_{part}"] = forms.DecimalField(
                    label=f"{label}: {word} (US$)", min_value=0, max_digits=14, decimal_places=2, required=False
                )

    def rows(self):
        return [(label, self[f"{source}_amount"], self[f"{source}_gap"]) for source, label in FundingSource.choices]

    def clean_updated_at(self):
        value = self.cleaned_data.get("updated_at")
        if not value:
            raise forms.ValidationError(LOCK_MISSING, code="lock_missing")
        if value == "none":
            return None
        parsed = parse_datetime(value)
        if parsed is None:
            raise forms.ValidationError(LOCK_UNREADABLE, code="lock_unreadable")
        return parsed

    def rebase(self, current) -> None:
        data = self.data.copy()
        data[self.add_prefix("updated_at")] = current.updated_at.isoformat() if current.updated_at else "none"
        self.data = data


class ReasonForm(forms.Form):
    reason = bounded_field(
        forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=REASON_MAX),
        REASON_TOO_LONG,
    )


class SignForm(forms.Form):
    """A decision for one entity. A signature that endorses the version while comment threads are
    open (`open_threads` of them) asks for the box to be ticked; the form sends the number it
    showed, so threads opened meanwhile ask again."""

    entity = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Decision"), choices=SignatureDecision.choices, widget=forms.RadioSelect)
    reason = bounded_field(
        forms.CharField(
            label=_("Reason (needed for an objection)"),
            widget=forms.Textarea(attrs={"rows": 2}),
            required=False,
            max_length=REASON_MAX,
        ),
        REASON_TOO_LONG,
    )
    open_threads = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    confirm_open_threads = forms.BooleanField(required=False)

    def __init__(self, *args, open_threads: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.asks_confirmation = bool(open_threads)
        if open_threads:
            self.fields["open_threads"].initial = open_threads
            self.fields["confirm_open_threads"].label = ngettext(
                "I endorse with %(count)s thread still open",
                "I endorse with %(count)s threads still open",
                open_threads,
            ) % {"count": open_threads}
            self.fields["reason"].label = _("Note on the open threads (optional), or the reason for an objection")

    def confirmed_open_threads(self) -> int | None:
        """The number of open threads the signatory confirmed endorsing with, or None."""
        return self.cleaned_data.get("open_threads") if self.cleaned_data.get("confirm_open_threads") else None

    def clean(self):
        data = super().clean()
        if data.get("decision") == SignatureDecision.OBJECTED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("An objection needs a reason."))
        return data


class ConsultationForm(forms.Form):
    """The comment deadline of a consultation (the service refuses a date in the past)."""

    deadline = forms.DateField(
        label=_("Comments due by"),
        widget=DATE,
        error_messages={
            "required": _("Enter the date by which comments are due."),
            "invalid": _("Enter the comment deadline as a date, for example 2025-06-30."),
        },
    )

    def __init__(self, *args, days: int = 14, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].help_text = ngettext(
            "Today or later; %(days)s day from today is offered.",
            "Today or later; %(days)s days from today is offered.",
            days,
        ) % {"days": days}


class CommentForm(forms.Form):
    body = bounded_field(
        forms.CharField(
            label=_("Comment"),
            widget=forms.Textarea(attrs={"rows": 3}),
            max_length=COMMENT_MAX,
            help_text=_("Mention an entity or a person with @, e.g. @UNDP or @username."),
        ),
        COMMENT_TOO_LONG,
    )
    on = forms.CharField(widget=forms.HiddenInput, required=False)


class VersionPairForm(forms.Form):
    """The two versions the comparison page shows (`?a=&b=`), among the versions the user may see."""

    a = forms.TypedChoiceField(coerce=int, empty_value=None, required=False)
    b = forms.TypedChoiceField(coerce=int, empty_value=None, required=False)

    def __init__(self, *args, versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("a", "b"):
            self.fields[name].choices = [(v.pk, f"v{v.version}") for v in versions]


class CommentStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CommentStatus.choices)


class PresenceForm(forms.Form):
    """A report of the editor to `frameworks:framework-presence`: what the user edits now, the
    fingerprint of the list the editor shows (unchanged: nothing is sent back), and whether the
    page is being left."""

    editing = forms.CharField(label=_("What you are editing"), required=False, max_length=20)
    seen = forms.RegexField(
        label=_("List shown"),
        regex=r"^[0-9a-f]{0,32}$",
        required=False,
        max_length=32,
        error_messages={"invalid": _("Send back the fingerprint of the last answer, or nothing.")},
    )
    leave = forms.BooleanField(required=False)

    def clean_editing(self):
        value = self.cleaned_data["editing"]
        if not ELEMENT_KEY.fullmatch(value):
            raise forms.ValidationError(ELEMENT_KEY_HELP)
        return value

    def error_text(self) -> str:
        """The errors as one plain sentence per field, naming it."""
        return " ".join(f"{self.fields[name].label}: {' '.join(errors)}" for name, errors in self.errors.items())


class NationalAlignmentForm(forms.Form):
    """A national framework the ISF aligns with and the priorities aligned with it; an empty title
    removes a recorded one. Its last save wins (no lock: a short record, edited by few)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=NationalFrameworkKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    period = forms.CharField(label=_("Period"), max_length=40, required=False)
    priorities = forms.TypedMultipleChoiceField(
        label=_("Priorities aligned with it"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, priorities=(), instance=None, adding: bool = False, **kwargs):
        if instance is not None and not kwargs.get("data"):
            kwargs["initial"] = {
                "kind": instance.kind,
                "title": instance.title,
                "period": instance.period,
                "priorities": [p.pk for p in instance.priorities.all()],
            }
        super().__init__(*args, **kwargs)
        self.priority_rows = {p.pk: p for p in priorities}
        self.fields["priorities"].choices = [(p.pk, f"{p.order}. {p.title}") for p in priorities]
        if adding:
            self.fields["title"].required = True
        else:
            self.fields["title"].help_text = _("Empty the title to remove it.")

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "title": data["title"],
            "period": data["period"],
            "priorities": [self.priority_rows[pk] for pk in data["priorities"] if pk in self.priority_rows],
        }
