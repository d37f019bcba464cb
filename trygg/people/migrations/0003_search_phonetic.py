"""Sound-alike search: a `search_phonetic` column on persons, filled for existing rows, and on
PostgreSQL a trigram index on it, as 0002 does for `search_text`.

Search asks for `search_phonetic LIKE '% MHMT %'`, which a B-tree cannot serve and a GIN trigram
index can. SQLite (the embedded mode, small data) scans.

PostgreSQL estimates how many rows a `LIKE '%...%'` matches from a sample of the column; with the
default sample a name search on a million persons is guessed several times too common, and the
planner then reads every person of the country instead of using the trigram indexes (200 ms
instead of 30 ms in bench/cases.py). A larger sample for both search columns fixes the guess.
"""

from django.db import migrations, models

FORWARD = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS people_person_phonetic_trgm
    ON people_person USING gin (search_phonetic gin_trgm_ops);
ALTER TABLE people_person ALTER COLUMN search_phonetic SET STATISTICS 1000;
ALTER TABLE people_person ALTER COLUMN search_text SET STATISTICS 1000;
"""
BACKWARD = """
DROP INDEX IF EXISTS people_person_phonetic_trgm;
ALTER TABLE people_person ALTER COLUMN search_phonetic SET STATISTICS -1;
ALTER TABLE people_person ALTER COLUMN search_text SET STATISTICS -1;
"""
BATCH = 2000


def index_text(*parts: str) -> str:
    """The codes between spaces (" MHMT SRST "), as this column held them until 0004."""
    from trygg.people.phonetic import codes

    found = codes(*parts)
    return f" {' '.join(found)} " if found else ""


def fill(apps, schema_editor):

    Person = apps.get_model("people", "Person")
    rows = Person.objects.order_by("pk").only(
        "given_name", "family_name", "other_names", "name_in_own_script"
    )
    batch = []
    for person in rows.iterator(chunk_size=BATCH):
        person.search_phonetic = index_text(
            person.given_name, person.family_name, person.other_names, person.name_in_own_script
        )
        batch.append(person)
        if len(batch) == BATCH:
            Person.objects.bulk_update(batch, ["search_phonetic"])
            batch = []
    if batch:
        Person.objects.bulk_update(batch, ["search_phonetic"])


def index_forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def index_backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("people", "0002_search_trigram_index")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="search_phonetic",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(index_forward, index_backward),
    ]
