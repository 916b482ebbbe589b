"""The data steps of the migrations this structure brought: the pseudonyms'
look-alike keys, the notifications' content types moving app, and the
spelling of the interests and skills that existed before it was kept."""

import importlib

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from community.lookalike import skeleton
from community.models import Profile, TaggedInterest, TaggedSkill
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

keys_migration = importlib.import_module(
    "community.migrations.0005_profile_pseudonym_key"
)
notifications_migration = importlib.import_module(
    "notifications.migrations.0001_initial"
)
labels_migration = importlib.import_module("community.migrations.0008_keyword_as_typed")


def test_the_migration_keys_every_existing_pseudonym():
    for pseudonym in ("Monique", "Karіm animateur", "Ｌucas"):
        ProfileFactory(pseudonym=pseudonym)
    Profile.objects.update(pseudonym_key="")

    keys_migration.key_existing_pseudonyms(apps, None)

    assert {p.pseudonym: p.pseudonym_key for p in Profile.objects.all()} == {
        "Monique": "monique",
        "Karіm animateur": skeleton("Karim animateur"),
        "Ｌucas": "lucas",
    }


def test_the_notifications_content_types_move_with_their_models_and_back():
    ContentType.objects.filter(app_label="notifications").delete()
    moved = [
        ContentType.objects.create(app_label="messaging", model=model)
        for model in notifications_migration.MODELS
    ]

    notifications_migration.move_content_types(apps, None)
    assert {
        (c.app_label, c.model)
        for c in ContentType.objects.filter(pk__in=[m.pk for m in moved])
    } == {
        ("notifications", "notification"),
        ("notifications", "notificationpreference"),
    }

    notifications_migration.move_content_types_back(apps, None)
    assert set(
        ContentType.objects.filter(pk__in=[m.pk for m in moved]).values_list(
            "app_label", flat=True
        )
    ) == {"messaging"}
    ContentType.objects.clear_cache()


def test_the_journal_migration_names_the_organisation_of_older_entries(coordinator):
    from neighbourhoods.models import JournalEntry

    migration = importlib.import_module(
        "neighbourhoods.migrations.0007_organisation_setup"
    )
    entry = JournalEntry.objects.create(
        neighbourhood=coordinator.memberships.get().neighbourhood,
        actor=coordinator,
        action=JournalEntry.Action.CHARTER_PUBLISHED,
    )
    assert entry.organisation is None

    migration.name_the_organisation(apps, None)

    entry.refresh_from_db()
    assert entry.organisation == entry.neighbourhood.organisation


def test_the_migration_gives_existing_interests_and_skills_their_tags_name():
    ProfileFactory(interests=["Visio", "lecture"], skills=["tricot"])
    ProfileFactory(interests=["visio"])
    TaggedInterest.objects.update(label="")
    TaggedSkill.objects.update(label="")

    labels_migration.label_as_named(apps, None)

    rows = [
        *TaggedInterest.objects.select_related("tag"),
        *TaggedSkill.objects.select_related("tag"),
    ]
    assert len(rows) == 4
    assert all(row.label == row.tag.name for row in rows)
