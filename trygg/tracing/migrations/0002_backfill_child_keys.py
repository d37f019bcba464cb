"""Blocking keys for the children registered before tracing existed, so that the first tracing
requests find them. Later registrations are indexed by the people services' hook, bulk imports by
a batch run."""

from datetime import date

from django.db import migrations

BATCH = 2000


def _adult_cutoff(today: date) -> date:
    try:
        return today.replace(year=today.year - 18)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 18, day=28)


def fill(apps, schema_editor):
    from django.db.models import Q
    from django.utils import timezone

    Person = apps.get_model("people", "Person")
    ChildMatchKey = apps.get_model("tracing", "ChildMatchKey")
    cutoff = _adult_cutoff(timezone.localdate())
    rows = (
        Person.objects.filter(Q(date_of_birth__isnull=True) | Q(date_of_birth__gt=cutoff), is_deleted=False)
        .order_by("pk")
        .values_list(
            "pk",
            "country_id",
            "given_name",
            "family_name",
            "other_names",
            "name_in_own_script",
            "gender",
            "date_of_birth",
            "date_of_birth_is_estimate",
            "place_of_origin__name",
            "place_of_origin_detail",
        )
    )
    if not rows.exists():
        return  # a new installation: nothing to index (and no need to load the engine)
    from trygg.tracing.records import blocking_keys, child_record_from_values

    batch = []
    for pk, country_id, given, family, other, script, gender, born, estimate, place, detail in rows.iterator(
        chunk_size=BATCH
    ):
        record = child_record_from_values(
            pk,
            given_name=given,
            family_name=family,
            other_names=other,
            name_in_own_script=script,
            gender=gender,
            date_of_birth=born,
            date_of_birth_is_estimate=estimate,
            place=", ".join(part for part in (place, detail) if part),
        )
        batch.extend(ChildMatchKey(person_id=pk, country_id=country_id, key=key) for key in blocking_keys(record))
        if len(batch) >= BATCH:
            ChildMatchKey.objects.bulk_create(batch)
            batch = []
    if batch:
        ChildMatchKey.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [("tracing", "0001_initial"), ("people", "0004_name_keys")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
