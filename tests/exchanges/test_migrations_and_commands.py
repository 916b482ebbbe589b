"""The data migration of the seed categories, the French and English search
set up on PostgreSQL, and the daily `expire_listings` command."""

import datetime
import importlib
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation

from exchanges.categories import SEED_CATEGORIES
from exchanges.models import Category, Listing
from notifications.models import Notification

from .conftest import ListingFactory, search_lexemes

pytestmark = pytest.mark.django_db

seed_migration = importlib.import_module("exchanges.migrations.0002_seed_categories")
tag_ids_migration = importlib.import_module("exchanges.migrations.0004_listing_tag_ids")
english_migration = importlib.import_module("exchanges.migrations.0010_english_search")
ICONS = Path(settings.BASE_DIR) / "static" / "icons" / "categories"
# PRODUCT.md, "Categories (seed list, editable by staff, translatable)".
FRENCH_NAMES = [
    "Aide numérique",
    "Démarches en ligne",
    "Soutien scolaire",
    "Emploi",
    "Langues et conversation",
    "Mentorat intergénérationnel",
    "Compagnie et visites",
    "Courses et commissions",
    "Transport et covoiturage",
    "Bricolage",
    "Jardinage",
    "Cuisine",
    "Garde d'enfants",
    "Prêt de matériel",
    "Loisirs et passions",
    "Autre",
]


def run_migration(function):
    """As `migrate` runs it: with translations deactivated."""
    with translation.override(None):
        function(apps, None)


def seed_categories():
    return Category.objects.filter(neighbourhood=None).order_by("position")


# The seed list.


def test_the_sixteen_seed_categories_exist_after_migrations_in_order():
    keys = list(seed_categories().values_list("key", flat=True))

    assert len(keys) == 16
    assert len(set(keys)) == 16
    assert keys == [key for key, *_rest in SEED_CATEGORIES]
    assert list(seed_categories().values_list("position", flat=True)) == list(range(16))


def test_the_seed_categories_are_stored_in_english_and_shown_translated():
    stored = {category.key: category for category in seed_categories()}

    for key, name, description, icon, world in SEED_CATEGORIES:
        category = stored[key]
        with translation.override("en"):
            assert category.name == str(name)
            assert category.description == str(description)
        assert (category.icon, category.world) == (icon, world)

    with translation.override("fr"):
        assert [str(category.label) for category in seed_categories()] == FRENCH_NAMES
        assert str(stored["paperwork"]) == "Démarches en ligne"
        assert str(stored["digital"].help_text) != stored["digital"].description


@pytest.mark.parametrize(
    "icon", sorted({icon for _k, _n, _d, icon, _w in SEED_CATEGORIES})
)
def test_every_seed_icon_is_an_svg_file_in_static(icon):
    path = ICONS / f"{icon}.svg"

    assert path.is_file(), f"missing {path.relative_to(settings.BASE_DIR)}"
    assert "<svg" in path.read_text(encoding="utf-8")


def test_a_second_seed_category_with_the_same_key_is_impossible():
    with pytest.raises(IntegrityError), transaction.atomic():
        Category.objects.create(key="digital", name="Numérique bis", icon="digital")


def test_the_data_migration_run_again_changes_nothing():
    before = list(seed_categories().values())

    run_migration(seed_migration.add_seed_categories)

    assert list(seed_categories().values()) == before


def test_the_data_migration_reversed_removes_the_seed_list_only(neighbourhood):
    ours = Category.objects.create(
        neighbourhood=neighbourhood, name="Repair café", key="digital", icon="diy"
    )

    run_migration(seed_migration.remove_seed_categories)
    assert list(Category.objects.all()) == [ours]

    run_migration(seed_migration.add_seed_categories)
    assert seed_categories().count() == 16
    assert Category.objects.filter(pk=ours.pk).exists()


class MigrationEditor:
    """What the data migrations use of the schema editor, in a test's
    transaction (SQLite's schema editor refuses to open in one)."""

    connection = connection

    def execute(self, sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)


def test_the_data_migration_fills_the_tag_ids_from_the_keywords(neighbourhood):
    listings = [
        ListingFactory(neighbourhood=neighbourhood, tags=tags)
        for tags in (["smartphone", "whatsapp"], ["tricot"], [])
    ]
    expected = {
        listing.pk: sorted(listing.tagged_items.values_list("tag_id", flat=True))
        for listing in listings
    }
    Listing.objects.update(tag_ids=[])

    tag_ids_migration.fill_tag_ids(apps, MigrationEditor())

    assert dict(Listing.objects.values_list("pk", "tag_ids")) == expected
    assert [len(ids) for ids in expected.values()] == [2, 1, 0]


def test_the_models_and_the_migrations_agree():
    call_command("makemigrations", "exchanges", "--check", "--dry-run", verbosity=0)


# French and English search on PostgreSQL.


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the search set-up is for PostgreSQL"
)
def test_the_french_search_configuration_ignores_accents_and_stems_words():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector('french_unaccent', 'Démarches'), "
            "to_tsvector('french_unaccent', 'demarche')"
        )
        accented, plain = cursor.fetchone()
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'listing_search_gin'"
        )
        [index] = cursor.fetchone()

    assert accented == plain
    assert "gin" in index.lower()
    assert "search_vector" in index


def lexemes(config, value) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(to_tsvector(%s, %s))", [config, value])
        return set(cursor.fetchone()[0])


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the search set-up is for PostgreSQL"
)
def test_the_english_search_configuration_ignores_accents_and_stems_words():
    assert lexemes("english_unaccent", "Cleaning the gutters, café") == {
        "clean",
        "gutter",
        "cafe",
    }
    # The French one keeps its own stems.
    assert "cleaning" in lexemes("french_unaccent", "Cleaning")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the search set-up is for PostgreSQL"
)
def test_the_english_search_migration_indexes_english_listings_and_goes_back(
    neighbourhood,
):
    english = ListingFactory(
        neighbourhood=neighbourhood,
        title="Cleaning gutters",
        description="",
        language="en",
        tags=["ironing"],
    )
    french = ListingFactory(
        neighbourhood=neighbourhood, title="Cleaning", description="", tags=[]
    )

    def configuration_exists() -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_ts_config WHERE cfgname = 'english_unaccent'"
            )
            return cursor.fetchone()[0] == 1

    english_migration.forward(apps, MigrationEditor())
    assert search_lexemes(english) == {"clean", "gutter", "iron"}
    assert search_lexemes(french) == set()  # left as it was: not written in English

    english_migration.backward(apps, MigrationEditor())
    assert search_lexemes(english) == {"cleaning", "gutter", "ironing"}
    assert not configuration_exists()

    english_migration.forward(apps, MigrationEditor())
    assert configuration_exists()
    assert search_lexemes(english) == {"clean", "gutter", "iron"}


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the tag index is for PostgreSQL"
)
def test_the_open_listings_are_indexed_by_neighbourhood_and_tag_ids():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes "
            "WHERE indexname = 'listing_open_place_tags'"
        )
        [index] = cursor.fetchone()

    assert "gin (neighbourhood_id, tag_ids)" in index.lower()
    assert "'open'" in index and "NOT hidden" in index


# The daily command.


def listing_expiring_in(days, **values):
    return ListingFactory(
        expires_at=timezone.now() + datetime.timedelta(days=days), **values
    )


def run_command() -> str:
    out = io.StringIO()
    call_command("expire_listings", stdout=out)
    return out.getvalue()


def test_the_command_expires_past_listings_reminds_once_and_prints_counts():
    past = listing_expiring_in(-1)
    other_past = listing_expiring_in(-30)
    soon = listing_expiring_in(5)
    later = listing_expiring_in(20)

    first = run_command()
    second = run_command()

    assert "2 listing(s) expired, 1 author(s) reminded." in first
    assert "0 listing(s) expired, 0 author(s) reminded." in second
    statuses = dict(
        Listing.objects.filter(
            pk__in=[past.pk, other_past.pk, soon.pk, later.pk]
        ).values_list("pk", "status")
    )
    assert statuses == {
        past.pk: "expired",
        other_past.pk: "expired",
        soon.pk: "open",
        later.pk: "open",
    }
    reminder = Notification.objects.get()
    assert reminder.user == soon.author
    assert reminder.kind == Notification.Kind.LISTING


def test_the_command_with_nothing_to_do_says_so():
    listing_expiring_in(30)

    assert "0 listing(s) expired, 0 author(s) reminded." in run_command()
    assert not Notification.objects.exists()
