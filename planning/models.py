"""What the planning app keeps: each mission's IAP minimum requirements as last evaluated."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from missions.models import Mission
from missions.models.base import ChoiceLabels

OUTCOME_CHOICES = [("met", _("Met")), ("partly_met", _("Partly met")), ("not_met", _("Not met"))]


class IAPStanding(ChoiceLabels, models.Model):
    """A mission's four IAP minimum requirements as last evaluated (planning.iap): the outcome of
    each, and the reasons in each language they were read in. Any write to the data the
    evaluation reads raises `version` in that write's transaction (planning.signals); the row is
    current while `computed_version` equals it and `as_of` is the mission's date, and the first
    read that finds it otherwise evaluates the mission again."""

    mission = models.OneToOneField(Mission, on_delete=models.CASCADE, primary_key=True, related_name="iap_standing")
    joint_analysis = models.CharField(_("joint analysis"), max_length=12, choices=OUTCOME_CHOICES, default="not_met")
    common_priorities = models.CharField(
        _("common priorities"), max_length=12, choices=OUTCOME_CHOICES, default="not_met"
    )
    integrated_mechanisms = models.CharField(
        _("integrated mechanisms"), max_length=12, choices=OUTCOME_CHOICES, default="not_met"
    )
    monitoring_reporting = models.CharField(
        _("integrated monitoring and reporting"), max_length=12, choices=OUTCOME_CHOICES, default="not_met"
    )
    met = models.PositiveSmallIntegerField(_("requirements met"), default=0)
    score = models.PositiveSmallIntegerField(_("score"), default=0)
    # {language code: {requirement key: [[text, ok, url, link text], ...]}}
    findings = models.JSONField(_("reasons"), default=dict, blank=True)
    as_of = models.DateField(_("evaluated as of"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    computed_version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["mission"]
        verbose_name = _("IAP standing")
        verbose_name_plural = _("IAP standings")

    def __str__(self) -> str:
        return f"{self.mission_id}: {self.met} of 4 met as of {self.as_of}"


class UserPreferences(models.Model):
    """What a person chose for how the workbench speaks to them: their language, used for their
    pages once they sign in (planning.languages) and for the e-mails sent to them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="profile"
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, blank=True)

    class Meta:
        ordering = ["user_id"]
        verbose_name = _("user preferences")
        verbose_name_plural = _("user preferences")

    def __str__(self) -> str:
        return f"{self.user} — {self.language or '-'}"
