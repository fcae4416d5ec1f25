"""Background jobs of the frameworks app: notifications in the app and by e-mail.

Tasks take ids, load what they need and are safe to run twice: a person already notified of the
same thing is not notified again."""

from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.text import Truncator

from frameworks.models import Comment, IntegratedStrategicFramework
from frameworks.selectors import consultation_recipient_ids, mentioned_recipients, notification_recipients
from missions import notices
from missions.access import can
from missions.models import Membership, Notification


def _deliver(user_ids, key: str, params: dict, url: str, obj) -> int:
    """Notify each user who may see `obj` once (in the app, and by e-mail in their language);
    returns how many were notified."""
    params = notices.params_for(key, **params)
    already = set(
        Notification.objects.filter(user_id__in=user_ids, kind=key, params=params, url=url).values_list(
            "user_id", flat=True
        )
    )
    sent = 0
    for user in get_user_model().objects.filter(pk__in=set(user_ids) - already, is_active=True):
        if not can(user, "view", obj):
            continue
        Notification.objects.create(user=user, kind=key, params=params, url=url)
        notices.mail_notice(user=user, key=key, params=params, url=url)
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
    for user_ids, key in (
        (mentioned, "comment.mentioned"),
        (others, "comment.replied" if comment.parent_id else "comment.created"),
    ):
        if user_ids:
            params = _comment_params(key, author, comment.author_entity, on, comment.body)
            sent += _deliver(user_ids, key, params, url, comment.framework)
    return sent


NOTICE_MAX = 300  # a notice is a line, not the thread


def _comment_params(key: str, author: str, entity, on: str, body: str) -> dict:
    """What the comment is on and what it says, shortened at a word with an ellipsis so that the
    whole notice fits NOTICE_MAX characters."""
    for on_words, body_words in ((12, 30), (8, 15), (5, 8), (3, 3)):
        params = {
            "author": author,
            "entity": str(entity),
            "on": Truncator(on).words(on_words, truncate="…"),
            "body": Truncator(body).words(body_words, truncate="…"),
        }
        if len(notices.render(key, params)) <= NOTICE_MAX:
            break
    return params


def _framework_name(framework: IntegratedStrategicFramework) -> str:
    return f"{framework.mission} {framework.label} v{framework.version}"


@shared_task(acks_late=True)
def notify_framework_status(framework_id: int, key: str) -> int:
    """Tell the people working on the mission's framework (planners, the SRSG office and agency
    planners who can see it) that its status changed."""
    framework = IntegratedStrategicFramework.objects.select_related("mission").filter(pk=framework_id).first()
    if framework is None:
        return 0
    params = {"framework": _framework_name(framework)}
    if key not in notices.MESSAGES:  # queued before messages had keys: the English sentence
        key, params = notices.LEGACY, {"legacy": key % params}
    user_ids = set(
        Membership.objects.filter(is_active=True, missions=framework.mission_id).values_list("user_id", flat=True)
    )
    url = reverse("frameworks:framework-detail", args=[framework.pk])
    return _deliver(user_ids, key, params, url, framework)


@shared_task(acks_late=True)
def notify_consultation(framework_id: int, *_sentences) -> int:
    """A version opened for consultation: the people asked to comment
    (`selectors.consultation_invitees`) are told what is asked and by when, with a link to the
    comments; the others working on the mission that the status changed."""
    framework = IntegratedStrategicFramework.objects.select_related("mission").filter(pk=framework_id).first()
    if framework is None:
        return 0
    name = {"framework": _framework_name(framework)}
    asked = {**name, "date": framework.consultation_deadline}
    asked_ids = consultation_recipient_ids(framework)
    members = set(
        Membership.objects.filter(is_active=True, missions=framework.mission_id).values_list("user_id", flat=True)
    )
    sent = _deliver(
        asked_ids,
        "framework.consultation_asked",
        asked,
        reverse("frameworks:framework-comments", args=[framework.pk]),
        framework,
    )
    detail = reverse("frameworks:framework-detail", args=[framework.pk])
    return sent + _deliver(members - asked_ids, "framework.consultation", name, detail, framework)
