"""PostgreSQL: trigram indexes so that 'contains' search on names stays fast at millions of rows.

Search filters `search_text LIKE '%term%'`, which a B-tree cannot serve. A GIN trigram index can.
SQLite (the embedded mode, small data) scans, which is fine at its size. The indexes live outside
the model state because they exist on one database vendor only.
"""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS people_person_search_trgm
    ON people_person USING gin (search_text gin_trgm_ops);
CREATE INDEX IF NOT EXISTS people_household_search_trgm
    ON people_household USING gin (search_text gin_trgm_ops);
"""
BACKWARD = """
DROP INDEX IF EXISTS people_person_search_trgm;
DROP INDEX IF EXISTS people_household_search_trgm;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
