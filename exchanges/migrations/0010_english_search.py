"""English full-text search on PostgreSQL, accents ignored: a text search
configuration `english_unaccent`, the pair of `french_unaccent`
(0003_french_search), for the search vectors of the listings written in
English. Their search vectors are made again in their language; the GIN index
of 0003 serves both. Nothing to do on SQLite, whose search is a simpler
fallback."""

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'english_unaccent')
        THEN
            CREATE TEXT SEARCH CONFIGURATION english_unaccent (COPY = english);
            ALTER TEXT SEARCH CONFIGURATION english_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
        END IF;
    END $$
    """,
]
BACKWARD = ["DROP TEXT SEARCH CONFIGURATION IF EXISTS english_unaccent"]


def _index(apps, language: str, config: str) -> None:
    """The search vectors of the listings written in `language`, made with
    `config` as exchanges.services.listings._index_for_search makes them
    (title and keywords weigh A, description B), in one statement."""
    Listing = apps.get_model("exchanges", "Listing")
    TaggedListing = apps.get_model("exchanges", "TaggedListing")
    words = (
        TaggedListing.objects.filter(content_object=OuterRef("pk"))
        .values("content_object")
        .annotate(words=StringAgg("tag__name", delimiter=" ", order_by="tag__name"))
        .values("words")
    )
    Listing.objects.filter(language=language).update(
        search_vector=SearchVector("title", weight="A", config=config)
        + SearchVector(
            Coalesce(Subquery(words), Value(""), output_field=TextField()),
            weight="A",
            config=config,
        )
        + SearchVector("description", weight="B", config=config)
    )


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)
        _index(apps, "en", "english_unaccent")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Back to French vectors first: the configuration cannot go while
        # nothing else would index them.
        _index(apps, "en", "french_unaccent")
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0009_keyword_as_typed")]

    operations = [migrations.RunPython(forward, backward)]
