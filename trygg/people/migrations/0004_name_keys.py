"""Name search by keys instead of trigrams: one `PersonNameKey` row per name word and per
sound-alike code of a person, looked up by prefix in a B-tree.

The trigram indexes of 0002/0003 made a search cost as much as the persons holding any of the
query's three-letter pieces, and the planner misjudged how common a name is: at a million
persons a search took 50 to 600 ms depending on the name. A key lookup reads only the persons
who match, and the key's statistics tell the planner how common each name is.

On PostgreSQL the key column sorts by byte ("C" collation), so that a prefix is a range of the
index whatever the database's locale; the keys are ASCII. `search_phonetic` (the codes as text)
goes: the keys hold the same codes. `search_text` stays for references and households.
"""

import django.db.models.deletion
from django.db import migrations, models

BATCH = 2000


def fill(apps, schema_editor):
    from trygg.people.phonetic import keys

    Person = apps.get_model("people", "Person")
    PersonNameKey = apps.get_model("people", "PersonNameKey")
    persons = Person.objects.order_by("pk").only(
        "country_id", "given_name", "family_name", "other_names", "name_in_own_script"
    )
    batch = []
    for person in persons.iterator(chunk_size=BATCH):
        names = (person.given_name, person.family_name, person.other_names, person.name_in_own_script)
        batch.extend(
            PersonNameKey(person_id=person.pk, country_id=person.country_id, key=key) for key in keys(*names)
        )
        if len(batch) >= BATCH:
            PersonNameKey.objects.bulk_create(batch)
            batch = []
    if batch:
        PersonNameKey.objects.bulk_create(batch)


def byte_order(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('ALTER TABLE people_personnamekey ALTER COLUMN key TYPE varchar(64) COLLATE "C"')


class Migration(migrations.Migration):
    dependencies = [
        ("geo", "0003_locationimport"),
        ("people", "0003_search_phonetic"),
    ]

    operations = [
        migrations.CreateModel(
            name="PersonNameKey",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=64)),
                (
                    "country",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="geo.country",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="name_keys",
                        to="people.person",
                    ),
                ),
            ],
        ),
        migrations.RunPython(byte_order, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="personnamekey",
            index=models.Index(fields=["key", "country", "person"], name="person_name_key_lookup"),
        ),
        migrations.AddConstraint(
            model_name="personnamekey",
            constraint=models.UniqueConstraint(fields=("person", "key"), name="person_name_key_once"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RemoveField(model_name="person", name="search_phonetic"),
    ]
