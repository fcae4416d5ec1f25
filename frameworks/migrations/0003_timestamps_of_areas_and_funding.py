import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """Integration areas and funding lines carry their last change, for stale-save refusal."""

    dependencies = [("frameworks", "0002_initial")]

    operations = [
        migrations.AddField(
            model_name="fundingline",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now, verbose_name="created at"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="fundingline",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated at"),
        ),
        migrations.AddField(
            model_name="integrationarea",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now, verbose_name="created at"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="integrationarea",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated at"),
        ),
    ]
