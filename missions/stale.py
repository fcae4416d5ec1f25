"""The refusal of a save based on a version of the object someone else has changed since: raised
by the services, shown by the pages on the form (with both texts) and by the API as 409."""

from __future__ import annotations

from django.utils.translation import gettext as _


class StaleEditError(Exception):
    """A save based on a version of the object someone else has changed since.

    `current` is the object as it is now; `changed` maps each field the other person changed
    (compared with what the form was based on is unknown, so: every field whose current value
    differs from what this user sent) to (their value, your value)."""

    def __init__(self, *, current, changed: dict[str, tuple]):
        self.current = current
        self.changed = changed
        super().__init__(_("Someone else saved this while you were editing."))
