from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from missions.access import RestrictedQuerySet
from missions.choices import Chapter, EntityKind, HandoverStatus, MissionType, Phase, PostKind
from missions.texts import bounded_text

from .base import ChoiceLabels, TimeStampedModel, date_order_errors
from .entities import Entity

ISO_COUNTRY_PATTERN = r"^[A-Z]{2}$"
iso_country = RegexValidator(ISO_COUNTRY_PATTERN, _("Use the two-letter ISO 3166 country code, e.g. LR."))


class Mission(TimeStampedModel):
    """A UN mission: a peacekeeping operation, a special political mission or an integrated
    peacebuilding office, led at headquarters by DPKO or DPA."""

    acronym = models.CharField(_("acronym"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(
        _("country"),
        max_length=2,
        validators=[iso_country],
        help_text=_("ISO 3166 code."),
    )
    mission_type = models.CharField(_("type"), max_length=10, choices=MissionType.choices)
    lead_department = models.ForeignKey(
        Entity,
        verbose_name=_("lead department"),
        on_delete=models.PROTECT,
        related_name="led_missions",
        limit_choices_to={"kind": EntityKind.SECRETARIAT},
    )
    entity = models.OneToOneField(
        Entity,
        verbose_name=_("mission as an entity"),
        on_delete=models.PROTECT,
        related_name="as_mission",
        null=True,
        blank=True,
        help_text=_("The entity that stands for the mission in responsibilities and mechanisms."),
    )
    reporting_cycle_months = models.PositiveSmallIntegerField(
        _("reporting cycle (months)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    phase = models.CharField(
        _("lifecycle phase"),
        max_length=20,
        choices=Phase.choices,
        default=Phase.ASSESSMENT,
    )
    structurally_integrated = models.BooleanField(_("structurally integrated"), default=False)
    established_on = models.DateField(_("established on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    illustrative = models.BooleanField(
        _("illustrative data"),
        default=False,
        help_text=_("Synthetic or illustrative content, not public fact."),
    )
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = ""

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gt=F("established_on")),
                name="mission_closed_after_established",
                violation_error_message=_("Closed on must be after established on."),
            ),
            models.CheckConstraint(
                condition=Q(reporting_cycle_months__gte=1) & Q(reporting_cycle_months__lte=24),
                name="mission_reporting_cycle_range",
                violation_error_message=_("Reporting cycle (months) must be from 1 to 24."),
            ),
            # SQLite evaluates REGEXP through the function Django registers on each connection.
            models.CheckConstraint(
                condition=Q(country__regex=ISO_COUNTRY_PATTERN),
                name="mission_country_iso_code",
                violation_error_message=_("Country must be a two-letter ISO 3166 code in capitals, e.g. LR."),
            ),
        ]
        permissions = [
            (
                "view_mission_shared",
                "Can view frameworks from consultation on and the mission's dashboards",
            ),
            (
                "view_mission_drafts",
                "Can view drafts and internal assessments of the mission",
            ),
            (
                "plan_mission",
                "Can edit the mission's frameworks, assessments, benchmarks and mechanisms",
            ),
            ("comment_mission", "Can comment on the mission's priorities and results"),
            ("submit_update_mission", "Can submit progress updates for the mission"),
            (
                "approve_update_mission",
                "Can approve or return the mission's progress updates",
            ),
            ("endorse_mission", "Can endorse the mission's framework"),
            (
                "sign_mission",
                "Can sign the endorsement of the mission's framework for an entity",
            ),
            ("run_report_mission", "Can compile the mission's progress reports"),
        ]

    def __str__(self) -> str:
        return self.acronym

    def clean(self):
        errors = date_order_errors(self, "established_on", "closed_on")
        if self.lead_department_id and self.lead_department.kind != EntityKind.SECRETARIAT:
            errors["lead_department"] = _("The lead department must be a Secretariat department (DPKO or DPA).")
        if self.phase == Phase.CLOSED and not self.closed_on:
            errors["closed_on"] = _("A closed mission needs its closing date.")
        if errors:
            raise ValidationError(errors)


class PhaseChange(ChoiceLabels, models.Model):
    """A dated step in a mission's lifecycle: the phase it entered and when."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="phase_changes")
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    started_on = models.DateField(_("started on"))
    note = models.TextField(_("note"), blank=True)

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "mission"

    class Meta:
        ordering = ["mission", "started_on"]
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "started_on"],
                name="phase_change_one_per_day",
                violation_error_message=_("The mission already has a phase change on that date."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.mission}: {self.get_phase_display()} from {self.started_on}"


class LeadershipPost(ChoiceLabels, models.Model):
    """A post in the mission's leadership (head or deputy) with the hats its holder wears:
    Resident Coordinator, Humanitarian Coordinator, Resident Representative."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="leadership")
    kind = models.CharField(_("post"), max_length=10, choices=PostKind.choices)
    title = models.CharField(_("title"), max_length=100, help_text=_("e.g. SRSG, ERSG, DSRSG."))
    holder = models.CharField(_("holder"), max_length=200, blank=True)
    is_resident_coordinator = models.BooleanField(_("Resident Coordinator"), default=False)
    is_humanitarian_coordinator = models.BooleanField(_("Humanitarian Coordinator"), default=False)
    is_resident_representative = models.BooleanField(_("Resident Representative"), default=False)
    start_on = models.DateField(_("from"), null=True, blank=True)
    end_on = models.DateField(_("until"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "mission"

    class Meta:
        ordering = ["mission", "kind", "title"]
        verbose_name = _("leadership post")
        verbose_name_plural = _("leadership posts")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(start_on__isnull=True) | Q(end_on__gt=F("start_on")),
                name="leadership_end_after_start",
                violation_error_message=_("Until must be after from."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.mission}"

    @property
    def triple_hatted(self) -> bool:
        """A deputy who is also Resident and Humanitarian Coordinator."""
        return self.kind == PostKind.DEPUTY and self.is_resident_coordinator and self.is_humanitarian_coordinator

    def clean(self):
        errors = date_order_errors(self, "start_on", "end_on")
        if errors:
            raise ValidationError(errors)


class CountryTeamMember(models.Model):
    """An entity of the UN country team present in the mission's country, with its head."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="country_team")
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="country_teams")
    head = models.CharField(_("head of entity"), max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "mission"

    class Meta:
        ordering = ["mission", "entity__code"]
        verbose_name = _("country team member")
        verbose_name_plural = _("country team members")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "entity"],
                name="country_team_entity_once",
                violation_error_message=_("This entity is already in the country team."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.entity} in {self.mission.country}"


class Mandate(TimeStampedModel):
    """A Security Council resolution that sets or renews the mission's mandate."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="mandates")
    resolution = models.CharField(
        _("resolution"),
        max_length=20,
        validators=[
            RegexValidator(
                r"^\d{1,5}( \(\d{4}\))?$",
                _("Use the resolution number, e.g. 2066 (2012)."),
            )
        ],
    )
    adopted_on = models.DateField(_("adopted on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    chapter = models.CharField(_("chapter"), max_length=3, choices=Chapter.choices, default=Chapter.VI)
    summary = models.TextField(_("summary"), blank=True)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "mission"

    class Meta:
        ordering = ["mission", "-adopted_on"]
        get_latest_by = "adopted_on"
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "resolution"],
                name="mandate_resolution_once",
                violation_error_message=_("This resolution is already recorded for the mission."),
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=F("adopted_on")),
                name="mandate_expires_after_adopted",
                violation_error_message=_("Expires on must be after adopted on."),
            ),
        ]

    def __str__(self) -> str:
        return f"S/RES/{self.resolution}"

    def clean(self):
        errors = date_order_errors(self, "adopted_on", "expires_on")
        if errors:
            raise ValidationError(errors)


class MandateTask(models.Model):
    """A task the mandate gives the mission (an operative paragraph), its lead entity and whether
    it is to be handed over, and to whom."""

    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="tasks")
    paragraph = models.CharField(_("paragraph"), max_length=20)
    text = models.TextField(_("text"))
    lead_entity = models.ForeignKey(
        Entity,
        verbose_name=_("lead entity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    to_hand_over = models.BooleanField(_("to be handed over"), default=False)
    handover_to = models.ForeignKey(
        Entity,
        verbose_name=_("hand over to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "mandate__mission"

    class Meta:
        ordering = ["mandate", "paragraph"]
        verbose_name = _("mandate task")
        verbose_name_plural = _("mandate tasks")
        constraints = [
            models.UniqueConstraint(
                fields=["mandate", "paragraph"],
                name="mandate_task_paragraph_once",
                violation_error_message=_("This paragraph is already recorded for the mandate."),
            ),
            models.CheckConstraint(
                condition=Q(handover_to__isnull=True) | Q(to_hand_over=True),
                name="mandate_task_handover_flag",
                violation_error_message=_("Hand over to needs the task marked as to be handed over."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mandate} op. {self.paragraph}"

    def clean(self):
        if self.handover_to_id and not self.to_hand_over:
            raise ValidationError({"handover_to": _("Mark the task as to be handed over before naming who takes it.")})


class Handover(TimeStampedModel):
    """The plan to hand a mandate task over: to which entity of the country team or body of the
    host government, when, and how far it has gone."""

    task = models.OneToOneField(MandateTask, on_delete=models.CASCADE, related_name="handover")
    receiver = models.ForeignKey(
        Entity, verbose_name=_("hand over to"), on_delete=models.PROTECT, related_name="handovers_received"
    )
    planned_on = models.DateField(_("planned date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=HandoverStatus.choices, default=HandoverStatus.PLANNED
    )
    note = bounded_text(_("note"), limit=2000, blank=True)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()
    access_mission_path = "task__mandate__mission"

    class Meta:
        ordering = ["task"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")

    def __str__(self) -> str:
        return f"{self.task} to {self.receiver}"
