"""Bounds of the free texts users write (reasons, comments, narratives, statements).

Every free text a form or the API accepts has a limit, checked by the form, the serializer and the
model (`full_clean` in the services), so an oversized text is refused at its field with the limit
("Ensure this value has at most 2000 characters (it has 2001)."), never by the database. Reasons,
which pages show as a message away from their field, say which text is too long.
TextField's own `max_length` only reaches forms and serializers; the validator makes `full_clean`
check it too.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

REASON_MAX = 2000  # a reason for a return, an objection or a return to draft
COMMENT_MAX = 5000  # a comment or reply
LONG_TEXT_MAX = 20000  # a vision, description, statement, narrative, assessment text

REASON_TOO_LONG = _("The reason can be at most %(limit_value)d characters long (it has %(show_value)d).")
COMMENT_TOO_LONG = _("The comment can be at most %(limit_value)d characters long (it has %(show_value)d).")


def bounded_text(verbose_name, limit: int = LONG_TEXT_MAX, **options) -> models.TextField:
    """A TextField of at most `limit` characters, checked by forms, serializers and full_clean."""
    return models.TextField(verbose_name, max_length=limit, validators=[MaxLengthValidator(limit)], **options)


def bounded_field(field, message):
    """A form field with `max_length` whose length error says which text it is (`message`)."""
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.validators.append(MaxLengthValidator(field.max_length, message=message))
    return field


def check_length(field: str, value: str, limit: int = REASON_MAX, message=REASON_TOO_LONG) -> None:
    """For a text no model field holds (a return-to-draft reason lives in the history only):
    refuse it on `field` when longer than `limit`, with the same message as the forms."""
    try:
        MaxLengthValidator(limit, message=message)(value)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
