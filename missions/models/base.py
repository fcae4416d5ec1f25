from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
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
