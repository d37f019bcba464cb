"""Load every country of ISO 3166-1 (from pycountry); idempotent."""

from django.db import migrations


def load(apps, schema_editor):
    import pycountry

    Country = apps.get_model("geo", "Country")
    existing = set(Country.objects.values_list("code", flat=True))
    Country.objects.bulk_create(
        [
            Country(
                code=c.alpha_2,
                alpha3=c.alpha_3,
                numeric=c.numeric,
                name=getattr(c, "common_name", None) or c.name,
            )
            for c in pycountry.countries
            if c.alpha_2 not in existing
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
