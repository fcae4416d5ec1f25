"""Notifications keep a message key and its parameters instead of a sentence in one language.

Existing sentences are read back into a key and parameters where they match a known message (in
English, or in a language of the catalogues they may have been written in); any other keeps its
text as the `legacy` parameter, shown as it was."""

import datetime as dt
import re

from django.db import migrations, models
from django.utils import translation

# The messages as they were written before keys (frozen here: the registry may change later).
KNOWN = {
    "comment.mentioned": "%(author)s (%(entity)s) mentioned you in a comment on “%(on)s”: %(body)s",
    "comment.replied": "%(author)s (%(entity)s) replied on “%(on)s”: %(body)s",
    "comment.created": "%(author)s (%(entity)s) commented on “%(on)s”: %(body)s",
    "framework.consultation_asked": "%(framework)s is open for consultation: your comments are asked by %(date)s.",
    "framework.consultation": "%(framework)s is open for consultation.",
    "framework.submitted": "%(framework)s was submitted for endorsement: your signature is requested.",
    "framework.objected": "%(framework)s returned to draft after an objection.",
    "framework.endorsed": "%(framework)s is endorsed.",
    "update.returned": "Your update on %(indicator)s was returned: %(reason)s",
    "report.ready": "The progress report of %(mission)s for %(period)s is ready.",
    "reminder.owed": "You owe %(count)d progress updates (%(overdue)d overdue).",
    "reminder.review": "%(count)d progress updates wait for your review on %(mission)s.",
}
LANGUAGES = ("en", "fr")
PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")


def _pattern(template: str) -> re.Pattern:
    parts, last = [], 0
    for match in PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[last : match.start()]))
        parts.append(rf"(?P<{match[1]}>\d+)" if match[2] == "d" else rf"(?P<{match[1]}>.+?)")
        last = match.end()
    parts.append(re.escape(template[last:]))
    return re.compile("^" + "".join(parts) + "$", re.DOTALL)


def _patterns():
    patterns = []
    for language in LANGUAGES:
        with translation.override(language):
            for key, template in KNOWN.items():
                patterns.append((key, _pattern(translation.gettext(template))))
    return patterns


def _english_date(text: str, formats: tuple[str, ...]) -> str | None:
    for fmt in formats:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return None


def parse(text: str, patterns) -> tuple[str, dict]:
    """(key, params) for a stored sentence; ("legacy", {"legacy": text}) when none matches."""
    legacy = ("legacy", {"legacy": text})
    for key, pattern in patterns:
        match = pattern.match(text)
        if not match:
            continue
        params = {
            name: (int(v) if v.isdigit() and name in ("count", "overdue") else v)
            for name, v in match.groupdict().items()
        }
        if key == "framework.consultation_asked":
            params["date"] = _english_date(params["date"], ("%d %b %Y", "%Y-%m-%d"))
            if params["date"] is None:
                return legacy
        if key == "report.ready":
            start, sep, end = params.pop("period").partition(" to ")
            params["start"] = _english_date(start, ("%B %Y", "%b %Y"))
            params["end"] = _english_date(end, ("%B %Y", "%b %Y"))
            if not sep or params["start"] is None or params["end"] is None:
                return legacy
        return key, params
    return legacy


def forwards(apps, schema_editor):
    Notification = apps.get_model("missions", "Notification")
    patterns = _patterns()
    batch = []
    for notice in Notification.objects.only("pk", "text").iterator(chunk_size=2000):
        notice.kind, notice.params = parse(notice.text, patterns)
        batch.append(notice)
        if len(batch) >= 2000:
            Notification.objects.bulk_update(batch, ["kind", "params"])
            batch = []
    Notification.objects.bulk_update(batch, ["kind", "params"])


def backwards(apps, schema_editor):
    from missions.notices import render

    Notification = apps.get_model("missions", "Notification")
    for notice in Notification.objects.iterator():
        notice.text = render(notice.kind, notice.params)[:300]
        notice.save(update_fields=["text"])


class Migration(migrations.Migration):
    dependencies = [
        ("missions", "0008_merge_20261201_1849"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="kind",
            field=models.CharField(default="legacy", max_length=60, verbose_name="message"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="notification",
            name="params",
            field=models.JSONField(blank=True, default=dict, verbose_name="parameters"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="text",
            field=models.CharField(blank=True, max_length=300, verbose_name="text"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="notification", name="text"),
    ]
