"""Background jobs of the frameworks app: notifications in the app and by e-mail.

Tasks take ids, load what they need and are safe to run twice: a person already notified of the
same thing is not notified again."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from frameworks.models import Comment, IntegratedStrategicFramework
from frameworks.selectors import consultation_recipient_ids, mentioned_recipients, notification_recipients
from missions.access import can
from missions.links import absolute_url
from missions.models import Membership, Notification


def _deliver(user_ids, text: str, url: str, obj) -> int:
    """Notify each user who may see `obj` once; returns how many were notified."""
    text = text[:300]
    already = set(
        Notification.objects.filter(user_id__in=user_ids, text=text, url=url).values_list("user_id", flat=True)
    )
    sent = 0
    for user in get_user_model().objects.filter(pk__in=set(user_ids) - already, is_active=True):
        if not can(user, "view", obj):
            continue
        Notification.objects.create(user=user, text=text, url=url)
        if user.email:
            send_mail(
                subject=text[:120],
                message=f"{text}\n\n{absolute_url(url)}",
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[user.email],
                fail_silently=False,
            )
        sent += 1
    return sent


@shared_task(acks_late=True)
def notify_comment(comment_id: int) -> int:

    comment = (
        Comment.objects.select_related("framework__mission", "author", "author_entity", "priority", "result", "parent")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        return 0
    on = comment.priority.title if comment.priority_id else comment.result.statement
    author = comment.author.get_full_name() or comment.author.username
    url = (
        reverse("frameworks:framework-comments", args=[comment.framework_id])
        + f"#comment-{comment.parent_id or comment.pk}"
    )
    mentioned = mentioned_recipients(comment)
    others = notification_recipients(comment) - mentioned
    sent = 0
    for user_ids, text in (
        (mentioned, _("%(author)s (%(entity)s) mentioned you in a comment on “%(on)s”: %(body)s")),
        (
            others,
            _("%(author)s (%(entity)s) replied on “%(on)s”: %(body)s")
            if comment.parent_id
            else _("%(author)s (%(entity)s) commented on “%(on)s”: %(body)s"),
        ),
    ):
        if user_ids:
            sent += _deliver(
                user_ids, _notice(text, author, comment.author_entity, on, comment.body), url, comment.framework
            )
    return sent


NOTICE_MAX = 300  # missions.Notification.text


def _notice(template: str, author: str, entity, on: str, body: str) -> str:
    """The notice in full words: what it is on and what it says are shortened at a word, with an
    ellipsis, so that the whole sentence fits a notice."""
    for on_words, body_words in ((12, 30), (8, 15), (5, 8), (3, 3)):
        text = template % {
            "author": author,
            "entity": entity,
            "on": Truncator(on).words(on_words, truncate="…"),
            "body": Truncator(body).words(body_words, truncate="…"),
        }
        if len(text) <= NOTICE_MAX:
            return text
    return Truncator(text).chars(NOTICE_MAX, truncate="…")


@shared_task(acks_late=True)
def notify_framework_status(framework_id: int, message: str) -> int:
    """Tell the people working on the mission's framework (planners, the SRSG office and agency
    planners who can see it) that its status changed."""
    framework = IntegratedStrategicFramework.objects.select_related("mission").filter(pk=framework_id).first()
    if framework is None:
        return 0
    text = message % {"framework": f"{framework.mission} {framework.label} v{framework.version}"}
    user_ids = set(
        Membership.objects.filter(is_active=True, missions=framework.mission_id).values_list("user_id", flat=True)
    )
    url = reverse("frameworks:framework-detail", args=[framework.pk])
    return _deliver(user_ids, text, url, framework)


@shared_task(acks_late=True)
def notify_consultation(framework_id: int, asked: str, others: str) -> int:
    """A version opened for consultation: the people asked to comment
    (`selectors.consultation_invitees`) get `asked` (what and by when) with a link to the
    comments; the others working on the mission get `others` (the status changed)."""
    framework = IntegratedStrategicFramework.objects.select_related("mission").filter(pk=framework_id).first()
    if framework is None:
        return 0
    name = {"framework": f"{framework.mission} {framework.label} v{framework.version}"}
    asked_ids = consultation_recipient_ids(framework)
    members = set(
        Membership.objects.filter(is_active=True, missions=framework.mission_id).values_list("user_id", flat=True)
    )
    sent = _deliver(asked_ids, asked % name, reverse("frameworks:framework-comments", args=[framework.pk]), framework)
    detail = reverse("frameworks:framework-detail", args=[framework.pk])
    return sent + _deliver(members - asked_ids, others % name, detail, framework)
