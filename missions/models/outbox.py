from django.db import models
from django.utils.translation import gettext_lazy as _


class QueuedTask(models.Model):
    """A background job a write asked for (a notice to send), kept in the same transaction as the
    write until a broker has taken it: a job asked for while the broker is away is sent by the
    sweep once it returns (`missions.outbox`). The row is deleted once sent."""

    name = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    queue = models.CharField(_("queue"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("asked for at"), auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(_("attempts to send"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("queued background job")
        verbose_name_plural = _("queued background jobs")

    def __str__(self) -> str:
        return f"{self.name}{tuple(self.args)}"
