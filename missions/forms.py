"""Forms of the missions app: API tokens, and the setup of missions (the mission, its country
team, leadership, lifecycle and mandates). Sign-in uses Django's AuthenticationForm; failed
attempts are counted by django-axes (missions/signin.py)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from missions.access import departments_creating_missions
from missions.choices import Chapter, HandoverStatus, Phase
from missions.models import Entity, LeadershipPost, MandateTask, Mission
from missions.resolutions import MAX_TASKS, read_symbol, split_paragraphs
from missions.services import ACRONYM, MISSION_FIELDS, POST_FIELDS, TASK_FIELDS, country_team_candidates
from missions.texts import LONG_TEXT_MAX, REASON_MAX

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


# Mission setup ----------------------------------------------------------------------------------


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MissionForm(forms.ModelForm):
    """A new mission: the lead department is one the user may create missions for."""

    class Meta:
        model = Mission
        fields = [
            "acronym",
            "name",
            "mission_type",
            "lead_department",
            "country",
            "reporting_cycle_months",
            "structurally_integrated",
            "established_on",
            "phase",
        ]
        widgets = {"established_on": _date_input()}
        help_texts = {
            "acronym": _("As the mission is known, e.g. UNMISS; it names the mission in addresses and cannot change."),
            "country": _("Two-letter ISO 3166 code, e.g. SS."),
            "phase": _("The phase the mission starts in, from the date it is established."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_department"].queryset = departments_creating_missions(user).order_by("code")
        self.fields["lead_department"].empty_label = None
        self.fields["lead_department"].label_from_instance = lambda entity: f"{entity.code} ({entity.name})"
        self.fields["phase"].choices = [choice for choice in Phase.choices if choice[0] != Phase.CLOSED]

    def clean_acronym(self):
        acronym = self.cleaned_data["acronym"].strip()
        if not ACRONYM.match(acronym):
            raise forms.ValidationError(_("Use capital letters and digits only, e.g. UNMISS."))
        return acronym

    def clean_country(self):
        return self.cleaned_data["country"].strip().upper()


class MissionEditForm(forms.ModelForm):
    class Meta:
        model = Mission
        fields = list(MISSION_FIELDS)
        widgets = {"established_on": _date_input()}

    def clean_country(self):
        return self.cleaned_data["country"].strip().upper()


class CountryTeamForm(forms.Form):
    entity = forms.ModelChoiceField(label=_("Entity"), queryset=Entity.objects.none())
    head = forms.CharField(
        label=_("Head of entity"),
        max_length=200,
        required=False,
        help_text=_("The title or name of the head of the entity's office in the country."),
    )

    def __init__(self, *args, mission: Mission, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = country_team_candidates(mission).order_by("code")
        self.fields["entity"].label_from_instance = lambda entity: f"{entity.code} ({entity.name})"


class LeadershipPostForm(forms.ModelForm):
    class Meta:
        model = LeadershipPost
        fields = list(POST_FIELDS)
        widgets = {"start_on": _date_input(), "end_on": _date_input()}


class PhaseChangeForm(forms.Form):
    phase = forms.ChoiceField(label=_("New phase"), choices=Phase.choices)
    started_on = forms.DateField(label=_("From"), widget=_date_input())
    note = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the mission enters this phase, e.g. the resolution that decided it."),
    )


def _resolution_field():
    return forms.CharField(
        label=_("Resolution"),
        max_length=30,
        help_text=_("The resolution's symbol, e.g. S/RES/2406 (2018)."),
    )


class MandateFieldsForm(forms.Form):
    """A resolution's symbol, dates, chapter and summary, checked together."""

    resolution = _resolution_field()
    adopted_on = forms.DateField(label=_("Adopted on"), widget=_date_input())
    expires_on = forms.DateField(label=_("Expires on"), widget=_date_input(), required=False)
    chapter = forms.ChoiceField(label=_("Chapter"), choices=Chapter.choices)
    summary = forms.CharField(
        label=_("Summary"), max_length=LONG_TEXT_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_resolution(self):
        symbol = read_symbol(self.cleaned_data["resolution"])
        if symbol is None:
            raise forms.ValidationError(_("Write the resolution's symbol like S/RES/2406 (2018)."))
        self.symbol = symbol
        return symbol.stored

    def clean(self):
        data = super().clean()
        adopted, expires = data.get("adopted_on"), data.get("expires_on")
        symbol = getattr(self, "symbol", None)
        if symbol and adopted and adopted.year != symbol.year:
            self.add_error(
                "resolution",
                _("The symbol says %(year)s but the resolution was adopted in %(adopted)s.")
                % {"year": symbol.year, "adopted": adopted.year},
            )
        if adopted and expires and expires <= adopted:
            self.add_error("expires_on", _("Expires on must be after adopted on."))
        return data

    def mandate_data(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in ("resolution", "adopted_on", "expires_on", "chapter", "summary")
        }


class MandatePasteForm(MandateFieldsForm):
    """Step 1 of recording a mandate: the resolution and its operative paragraphs, pasted."""

    operative_text = forms.CharField(
        label=_("Operative paragraphs"),
        max_length=LONG_TEXT_MAX * 5,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Paste the operative paragraphs: each numbered paragraph (1., 2. …) and lettered sub-paragraph "
            "((a), (b) …) becomes a task you can check before anything is stored."
        ),
    )

    def clean_operative_text(self):
        text = self.cleaned_data["operative_text"]
        self.paragraphs = split_paragraphs(text)
        if not self.paragraphs:
            raise forms.ValidationError(
                _("No numbered paragraph was found: start each operative paragraph with its number, e.g. “1.”.")
            )
        return text


class MandateTaskForm(forms.Form):
    paragraph = forms.CharField(label=_("Paragraph"), max_length=20)
    text = forms.CharField(label=_("Task"), max_length=LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2}))
    leave_out = forms.BooleanField(label=_("Leave out"), required=False)


MandateTaskFormSet = forms.formset_factory(MandateTaskForm, extra=0, max_num=MAX_TASKS, absolute_max=MAX_TASKS)


class MandateConfirmForm(MandateFieldsForm):
    """Step 2: what was read, corrected by the planner; valid when the mandate and every task kept are."""

    step = forms.CharField(widget=forms.HiddenInput, initial="confirm")

    def __init__(self, *args, tasks: list[dict] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        data = kwargs.get("data") if kwargs.get("data") is not None else (args[0] if args else None)
        self.tasks = MandateTaskFormSet(data=data, initial=tasks, prefix="task")

    @classmethod
    def from_paste(cls, paste: MandatePasteForm) -> MandateConfirmForm:
        initial = {**paste.mandate_data(), "resolution": f"S/RES/{paste.cleaned_data['resolution']}"}
        tasks = [{"paragraph": item.paragraph, "text": item.text} for item in paste.paragraphs]
        return cls(initial={**initial, "step": "confirm"}, tasks=tasks)

    def is_valid(self) -> bool:
        valid = super().is_valid()  # clean() puts the errors of the tasks as a whole on the form
        return self.tasks.is_valid() and valid

    def task_errors(self) -> list[str]:
        if not self.tasks.is_bound or not self.tasks.is_valid():
            return []
        kept = self.kept_tasks()
        errors = []
        if not kept:
            errors.append(_("Keep at least one task."))
        seen = set()
        for task in kept:
            if task["paragraph"] in seen:
                errors.append(
                    _("Paragraph %(paragraph)s appears twice; each task needs its own paragraph.")
                    % {"paragraph": task["paragraph"]}
                )
            seen.add(task["paragraph"])
        return errors

    def clean(self):
        data = super().clean()
        for error in self.task_errors():
            self.add_error(None, error)
        return data

    def kept_tasks(self) -> list[dict]:
        return [
            {"paragraph": form.cleaned_data["paragraph"].strip(), "text": form.cleaned_data["text"].strip()}
            for form in self.tasks.forms
            if form.cleaned_data and not form.cleaned_data.get("leave_out")
        ]


class MandateTaskEditForm(forms.ModelForm):
    """A stored task: its wording, who leads it and whether it is to be handed over, and to whom."""

    class Meta:
        model = MandateTask
        fields = list(TASK_FIELDS)
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].max_length = LONG_TEXT_MAX
        self.fields["text"].widget.attrs["maxlength"] = LONG_TEXT_MAX
        self.fields["text"].validators.append(MaxLengthValidator(LONG_TEXT_MAX))
        entities = Entity.objects.order_by("code")
        for name in ("lead_entity", "handover_to"):
            self.fields[name].queryset = entities
            self.fields[name].label_from_instance = lambda entity: f"{entity.code} ({entity.name})"


class HandoverForm(forms.Form):
    """The plan to hand a task over."""

    receiver = forms.ModelChoiceField(
        label=_("Hand over to"),
        queryset=Entity.objects.none(),
        help_text=_("An entity of the country team or a body of the host government."),
    )
    planned_on = forms.DateField(label=_("Planned date"), widget=_date_input(), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=HandoverStatus.choices)
    note = forms.CharField(
        label=_("Note"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, receivers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiver"].queryset = receivers
        self.fields["receiver"].label_from_instance = lambda entity: f"{entity.code} ({entity.name})"


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's password reset, with the e-mail written in the language the person chose
    (planning.languages), not the one of the browser that asked."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        from planning.languages import in_language_of

        with in_language_of(context["user"]):
            super().send_mail(subject_template_name, email_template_name, context, from_email, to_email, **kwargs)
