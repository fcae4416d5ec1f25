from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _

# Each choice field's labels by value, built once: Django's get_FOO_display() rebuilds the table on
# every call, translating every label of the field to hash it.
_LABELS: dict = {}


class ChoiceLabels:
    """`get_FOO_display()` from a label table kept per field (put before `models.Model` in the bases)."""

    def _get_FIELD_display(self, field):
        labels = _LABELS.get(field)
        if labels is None:
            labels = _LABELS[field] = dict(make_hashable(field.flatchoices))
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)


class TimeStampedModel(ChoiceLabels, models.Model):
    """Creation and last-change times; `updated_at` also serves optimistic concurrency checks."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def date_order_errors(instance, earlier: str, later: str, *, strict: bool = True) -> dict:
    """Errors for `later` when it does not come after `earlier` (both date fields of `instance`)."""
    first, second = getattr(instance, earlier), getattr(instance, later)
    if first is None or second is None:
        return {}
    if second < first or (strict and second == first):
        field = instance._meta.get_field(later)
        other = instance._meta.get_field(earlier)
        word = _("after") if strict else _("on or after")
        return {
            later: _("%(field)s must be %(word)s %(other)s.")
            % {
                "field": str(field.verbose_name).capitalize(),
                "word": word,
                "other": other.verbose_name,
            }
        }
    return {}
