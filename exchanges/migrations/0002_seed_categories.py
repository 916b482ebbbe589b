"""The seed list of categories (PRODUCT.md), shared by every neighbourhood."""

from django.db import migrations

from exchanges.categories import SEED_CATEGORIES


def add_seed_categories(apps, schema_editor):
    Category = apps.get_model("exchanges", "Category")
    for position, (key, name, description, icon, world) in enumerate(
        SEED_CATEGORIES
    ):
        Category.objects.update_or_create(
            key=key,
            neighbourhood=None,
            defaults={
                # English names in the database; pages show the translation.
                "name": str(name),
                "description": str(description),
                "icon": icon,
                "world": world,
                "position": position,
            },
        )


def remove_seed_categories(apps, schema_editor):
    Category = apps.get_model("exchanges", "Category")
    keys = [key for key, *_rest in SEED_CATEGORIES]
    Category.objects.filter(neighbourhood=None, key__in=keys).delete()


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0001_initial")]

    operations = [migrations.RunPython(add_seed_categories, remove_seed_categories)]
