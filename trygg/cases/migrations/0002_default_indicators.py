"""Load the shipped draft indicator list (ILO/EC child labour, draft) and the default screening rule.

Idempotent, and it never overwrites what an administrator has edited (see load_default_indicators).
"""

from django.db import migrations


def load(apps, schema_editor):
    from trygg.cases.indicator_data import load_default_indicators

    load_default_indicators(apps)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
