import datetime

from django.db import migrations, models
from django.db.models import F


def expire_in_ninety_days_from_creation(apps, schema_editor):
    """Tokens made before tokens expired last 90 days from their creation."""
    apps.get_model("missions", "ApiToken").objects.update(expires_at=F("created_at") + datetime.timedelta(days=90))


class Migration(migrations.Migration):
    dependencies = [("missions", "0005_history_reason_text")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires at"),
        ),
        migrations.RunPython(expire_in_ninety_days_from_creation, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(
                help_text="Requests with the token are refused from then on.", verbose_name="expires at"
            ),
        ),
    ]
