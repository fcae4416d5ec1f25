from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from missions.choices import EntityKind

from .base import ChoiceLabels


class Entity(ChoiceLabels, models.Model):
    """A UN or partner body: a Secretariat department, an agency, fund or programme, a mission,
    a regional office, a host-government body or a partner such as the World Bank or the AU."""

    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("Short name, e.g. UNDP."))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=EntityKind.choices)
    # A host-government body belongs to one country: it can lead or contribute to results, and own
    # commitments of the compact, only on missions in that country.
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Use the two-letter ISO 3166 country code, e.g. LR."))],
        help_text=_("ISO 3166 code of a host-government body's country."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        indexes = [models.Index(fields=["kind", "code"])]

    def __str__(self) -> str:
        return self.code
