"""French full-text search on PostgreSQL, accents ignored: a text search
configuration `french_unaccent` and a GIN index on the listings' search vector.
Nothing to do on SQLite, whose search is a simpler fallback."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent')
        THEN
            CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION french_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$
    """,
    "CREATE INDEX IF NOT EXISTS listing_search_gin "
    "ON exchanges_listing USING gin (search_vector)",
]
BACKWARD = ["DROP INDEX IF EXISTS listing_search_gin"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0002_seed_categories")]

    operations = [migrations.RunPython(forward, backward)]
