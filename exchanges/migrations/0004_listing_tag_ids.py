"""The ids of each listing's tags on the listing itself, filled for the
listings that exist; on PostgreSQL, a GIN index on the open, visible listings by
neighbourhood and tag ids (with `btree_gin` for the neighbourhood), so that "for
you" finds the listings sharing a word with a person in one index scan. SQLite
keeps the ids as a JSON list and needs no index."""

from django.db import migrations

import exchanges.models

BATCH = 1000

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "CREATE INDEX IF NOT EXISTS listing_open_place_tags "
    "ON exchanges_listing USING gin (neighbourhood_id, tag_ids) "
    "WHERE status = 'open' AND NOT hidden",
]
BACKWARD = ["DROP INDEX IF EXISTS listing_open_place_tags"]


FILL = """
    UPDATE exchanges_listing AS listing SET tag_ids = tagged.ids
    FROM (
        SELECT content_object_id, array_agg(tag_id ORDER BY tag_id) AS ids
        FROM exchanges_taggedlisting GROUP BY content_object_id
    ) AS tagged
    WHERE tagged.content_object_id = listing.id
"""


def fill_tag_ids(apps, schema_editor):
    """Every listing's tag ids, from its join rows, smallest first: in one
    statement on PostgreSQL, by batches elsewhere."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL)
        return
    Listing = apps.get_model("exchanges", "Listing")
    TaggedListing = apps.get_model("exchanges", "TaggedListing")
    ids: dict[int, list[int]] = {}
    rows = TaggedListing.objects.order_by("content_object_id", "tag_id").values_list(
        "content_object_id", "tag_id"
    )
    for listing_id, tag_id in rows.iterator(chunk_size=5000):
        ids.setdefault(listing_id, []).append(tag_id)
    listings = [Listing(pk=pk, tag_ids=tag_ids) for pk, tag_ids in ids.items()]
    Listing.objects.bulk_update(listings, ["tag_ids"], batch_size=BATCH)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0003_french_search")]

    operations = [
        migrations.AddField(
            model_name="listing",
            name="tag_ids",
            field=exchanges.models.IdListField(
                blank=True, default=list, editable=False
            ),
        ),
        migrations.RunPython(fill_tag_ids, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
