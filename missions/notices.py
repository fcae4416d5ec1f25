"""Stored messages: what notifications and history entries say, kept as a key and its parameters
and put into words in the reader's language when shown (or mailed).

`MESSAGES` is the registry: each key names a translatable template with `%(name)s` placeholders.
A writer stores the key and the parameters (names, titles, ISO dates: data, never words of the
interface); a reader calls `render(key, params)` in the active language. Parameters listed in a
message's `dates` are ISO dates shown in the reader's date format; `months` as month and year.

History entries keep their reason in simple-history's text column: a service stores
`reason_text(key, **params)` (an encoded key) and the pages show `reason_label(text)`, which
renders an encoded key and leaves a reason a person typed as it is.

An unknown key or a missing parameter never breaks a page: the message falls back to the text it
was converted from (`legacy`) or to a neutral sentence, and a warning is logged.

E-mails are written in the recipient's language: `language_for(user)` is the one place that
decides it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy, ngettext_lazy

logger = logging.getLogger(__name__)

LEGACY = "legacy"  # the key of a message kept as the text it was stored with before keys


@dataclass(frozen=True)
class Message:
    """A stored message's template and which of its parameters are dates."""

    template: Promise | str
    dates: tuple[str, ...] = ()
    months: tuple[str, ...] = ()
    period: bool = False  # `start` and `end` (months) given as one `period`
    then: str = ""  # a parameter added after a colon when given (a person's own words)

    def render(self, params: Mapping[str, Any]) -> str:
        # The one formatting helper of the workbench (imported here: it reads the site's formats).
        from planning.l10n import format_date, format_month

        values = dict(params)
        for name in self.dates:
            values[name] = format_date(dt.date.fromisoformat(values[name]))
        for name in self.months:
            values[name] = format_month(dt.date.fromisoformat(values[name]))
        if self.period:
            values["period"] = gettext("%(start)s to %(end)s") % {"start": values["start"], "end": values["end"]}
        # A lazy plural (ngettext_lazy with "count") picks its form from the values.
        text = str(self.template % values)
        if self.then and values.get(self.then):
            text = f"{text}: {values[self.then]}"
        return text


_ = gettext_lazy

MESSAGES: dict[str, Message] = {
    LEGACY: Message("%(legacy)s"),
    # ---- notifications
    "comment.created": Message(_("%(author)s (%(entity)s) commented on “%(on)s”: %(body)s")),
    "comment.replied": Message(_("%(author)s (%(entity)s) replied on “%(on)s”: %(body)s")),
    "comment.mentioned": Message(_("%(author)s (%(entity)s) mentioned you in a comment on “%(on)s”: %(body)s")),
    "framework.consultation_asked": Message(
        _("%(framework)s is open for consultation: your comments are asked by %(date)s."), dates=("date",)
    ),
    "framework.consultation": Message(_("%(framework)s is open for consultation.")),
    "framework.submitted": Message(_("%(framework)s was submitted for endorsement: your signature is requested.")),
    "framework.objected": Message(_("%(framework)s returned to draft after an objection.")),
    "framework.endorsed": Message(_("%(framework)s is endorsed.")),
    "update.returned": Message(_("Your update on %(indicator)s was returned: %(reason)s")),
    "commitment.returned": Message(_("Your update on the commitment %(commitment)s was returned: %(reason)s")),
    "report.ready": Message(
        _("The progress report of %(mission)s for %(period)s is ready."), months=("start", "end"), period=True
    ),
    "reminder.owed": Message(_("You owe %(count)d progress updates (%(overdue)d overdue).")),
    "reminder.review": Message(_("%(count)d progress updates wait for your review on %(mission)s.")),
    # ---- history reasons
    "mission.created": Message(_("Mission created")),
    "mission.edited": Message(_("Mission edited")),
    "mission.phase_changed": Message(_("Phase changed")),
    "mandate.recorded": Message(_("Mandate recorded")),
    "mandate.edited": Message(_("Mandate edited")),
    "handover.planned": Message(_("Handover planned")),
    "benchmark.created": Message(_("Benchmark created")),
    "benchmark.edited": Message(_("Benchmark edited")),
    "indicator.created": Message(_("Indicator created")),
    "indicator.edited": Message(_("Indicator edited")),
    "update.withdrawn": Message(
        _("Update for the period %(start)s to %(end)s withdrawn before review"), dates=("start", "end")
    ),
    "gap.recorded": Message(_("Capacity gap recorded")),
    "gap.edited": Message(_("Capacity gap edited")),
    "lesson.recorded": Message(_("Lesson recorded")),
    "framework.created": Message(_("Created")),
    "framework.imported": Message(_("Imported from Word")),
    "framework.version_started": Message(_("New version started from version %(version)s")),
    "framework.edited": Message(_("Label, period or vision edited")),
    "framework.linked_results": Message(_("Linked to the results of version %(version)s")),
    "priority.added": Message(_("Priority added")),
    "priority.edited": Message(_("Priority edited")),
    "priority.removed": Message(_("Priority removed")),
    "priorities.reordered": Message(_("Priorities reordered")),
    "result.added": Message(_("Result added")),
    "result.edited": Message(_("Result edited")),
    "result.removed": Message(_("Result removed")),
    "results.reordered": Message(_("Results reordered")),
    "responsibility.removed": Message(_("Responsibility of %(entity)s removed")),
    "responsibility.set": Message(_("Responsibility of %(entity)s set")),
    "responsibilities.set": Message(_("Leads and contributors of a result set")),
    "mandate_links.changed": Message(_("Mandate task links changed")),
    "integration_area.removed": Message(_("Integration area removed")),
    "integration_area.recorded": Message(_("Integration area recorded")),
    "funding.removed": Message(_("Funding line removed")),
    "funding.recorded": Message(_("Funding recorded")),
    "framework.to_consultation": Message(
        _("Sent to the country team for consultation, comments due by %(date)s"), dates=("date",)
    ),
    "framework.submitted_status": Message(_("Submitted for endorsement")),
    "framework.returned_to_draft": Message(_("Returned to draft: %(reason)s")),
    "framework.signed_with_open": Message(
        ngettext_lazy(
            "Signed for %(entity)s with %(count)s comment thread still open",
            "Signed for %(entity)s with %(count)s comment threads still open",
            "count",
        ),
        then="reason",
    ),
    "framework.objection": Message(_("%(entity)s objected: %(reason)s")),
    "framework.superseded": Message(_("Superseded by version %(version)s")),
    "framework.endorsed_status": Message(_("Endorsed")),
    "assessment.recorded": Message(_("Assessment recorded")),
    "assessment.edited": Message(_("Assessment edited")),
    "mechanism.set_up": Message(_("Mechanism set up")),
    "mechanism.edited": Message(_("Mechanism edited")),
    "mechanism.members_changed": Message(_("Members changed")),
}
del _

NEUTRAL = gettext_lazy("A notice that cannot be shown in full.")


def render(key: str, params: Mapping[str, Any] | None) -> str:
    """The message `key` with `params` in the active language; never raises."""
    params = params or {}
    message = MESSAGES.get(key)
    if message is None:
        logger.warning("stored message: unknown key %r", key)
        return str(params.get(LEGACY) or NEUTRAL)
    try:
        return message.render(params)
    except (KeyError, TypeError, ValueError) as error:
        logger.warning("stored message %r cannot be rendered with %r: %r", key, sorted(params), error)
        return str(params.get(LEGACY) or NEUTRAL)


def params_for(key: str, **params: Any) -> dict[str, Any]:
    """`params` as stored: dates as ISO text, everything else as text or numbers. Refuses a key
    the registry lacks, so that a typo fails where it is written, not where it is read."""
    if key not in MESSAGES:
        raise KeyError(f"no stored message {key!r} in missions.notices.MESSAGES")
    stored = {}
    for name, value in params.items():
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif not isinstance(value, int | float | str) and value is not None:
            value = str(value)
        stored[name] = value
    return stored


# ---------------------------------------------------------------- history reasons

REASON_PREFIX = "@msg "


def reason_text(key: str, **params: Any) -> str:
    """The text simple-history keeps as the change reason for the message `key`."""
    return REASON_PREFIX + json.dumps({"key": key, "params": params_for(key, **params)}, ensure_ascii=False)


def reason_label(text: str | None) -> str:
    """A stored change reason in the active language: an encoded key rendered, a reason a
    person gave as it was typed."""
    if not text:
        return ""
    if not text.startswith(REASON_PREFIX):
        return text
    try:
        stored = json.loads(text[len(REASON_PREFIX) :])
        return render(stored["key"], stored.get("params"))
    except (ValueError, KeyError, TypeError):
        logger.warning("stored message: unreadable change reason %r", text[:80])
        return str(NEUTRAL)


# ---------------------------------------------------------------- notifications and e-mail


def language_for(user) -> str:
    """The language `user` reads pages, e-mails and other messages sent to them in: the one they
    chose in the header (kept on their preferences, planning.languages), where the workbench
    offers it, else the site's language."""
    from django.utils.translation import check_for_language

    # Not chosen yet: no preferences row (the reverse accessor raises an AttributeError).
    chosen = getattr(getattr(user, "profile", None), "language", "")
    if chosen and chosen in dict(settings.LANGUAGES) and check_for_language(chosen):
        return chosen
    return settings.LANGUAGE_CODE


def notice(*, user=None, user_id: int | None = None, key: str, url: str = "", **params: Any):
    """An unsaved notification of `key` for `user` (or `user_id`), for `save` or `bulk_create`."""
    from missions.models import Notification

    return Notification(user_id=user_id or user.pk, kind=key, params=params_for(key, **params), url=url)


def mail_notice(*, user, key: str, params: Mapping[str, Any], url: str = "", lines: tuple[str, ...] = ()) -> bool:
    """Mail the message `key` to `user` in their language, with `lines` and an absolute link.
    `lines` may be a callable returning them, called in the recipient's language."""
    from django.core.mail import send_mail

    from missions.links import absolute_url

    if not user.email:
        return False
    with translation.override(language_for(user)):
        text = render(key, params)
        body = [text, ""]
        extra = list(lines() if callable(lines) else lines)
        if extra:
            body += [*extra, ""]
        if url:
            body.append(absolute_url(url))
        send_mail(
            subject=text[:120],
            message="\n".join(body),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
            fail_silently=False,
        )
    return True
