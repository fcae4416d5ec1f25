from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import TimeStampedModel
from .entities import Entity


class SignInIdentity(TimeStampedModel):
    """A person's account at the corporate identity provider (OpenID Connect), linked to their
    workbench user. The provider's issuer and subject identify the person: a user name or an e-mail
    address can change or be given to someone else. The entity the provider's claims name is
    recorded here for the administrators who grant memberships; it grants no right by itself."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signin_identity")
    issuer = models.CharField(_("issuer"), max_length=300)
    subject = models.CharField(_("subject"), max_length=255)
    entity = models.ForeignKey(
        Entity,
        verbose_name=_("entity named by the identity provider"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signin_identities",
    )
    last_signed_in_at = models.DateTimeField(_("last signed in at"), null=True, blank=True)

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("corporate sign-in identity")
        verbose_name_plural = _("corporate sign-in identities")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"],
                name="signin_identity_once_per_subject",
                violation_error_message=_("This identity provider account is already linked to a user."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.subject}"
