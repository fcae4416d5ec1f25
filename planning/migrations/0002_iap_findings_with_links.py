from django.db import migrations


def mark_every_standing(apps, schema_editor):
    """Kept reasons now carry what following their link needs: every row is evaluated again."""
    apps.get_model("planning", "IAPStanding").objects.update(computed_version=0, findings={})


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_iap_standing")]

    operations = [migrations.RunPython(mark_every_standing, migrations.RunPython.noop)]
