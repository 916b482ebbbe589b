"""Pseudonyms that only look different are one pseudonym: nobody can pass for
the animateur with a Cyrillic letter, a fullwidth letter or a trailing dot."""

import string

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from community import services
from community.lookalike import skeleton
from community.models import Profile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

COPIES = [
    "Karіm animateur",  # a Cyrillic і
    "Ｋarim animateur",  # a fullwidth K
    "Karim animateur.",  # a trailing dot
    "KARIM  ANIMATEUR",
    "Karim-animateur",
    "Kαrim animateur",  # a Greek α
    "Kar1m animateur",  # not quite: a digit one reads as l, not i
]


@pytest.mark.parametrize("copy", COPIES[:-1])
def test_a_copy_of_a_pseudonym_is_refused_and_nothing_is_saved(copy):
    services.create_profile(user=UserFactory(), pseudonym="Karim animateur")
    before = list(Profile.objects.values())
    with pytest.raises(ValidationError) as error:
        services.create_profile(user=UserFactory(), pseudonym=copy)
    assert error.value.error_dict["pseudonym"][0].code == "taken"
    assert list(Profile.objects.values()) == before


def test_a_copy_is_refused_when_renaming_too():
    services.create_profile(user=UserFactory(), pseudonym="Monique")
    other = UserFactory()
    services.create_profile(user=other, pseudonym="Fatima")
    with pytest.raises(ValidationError):
        services.update_profile(user=other, pseudonym="Mοnique")  # Greek ο
    assert other.profile.__class__.objects.get(user=other).pseudonym == "Fatima"


def test_a_member_keeps_their_own_pseudonym_written_another_way():
    user = UserFactory()
    services.create_profile(user=user, pseudonym="Monique")
    profile = services.update_profile(user=user, pseudonym="monique")
    assert profile.pseudonym == "monique"


@pytest.mark.parametrize(
    ("one", "other"),
    [("Clara", "Olara"), ("Lucas", "Lukas"), ("Ирина", "Марина"), ("Zoé", "Zoë 2")],
)
def test_names_that_differ_to_the_eye_stay_apart(one, other):
    assert skeleton(one) != skeleton(other)


def test_the_last_copy_is_a_different_name():
    assert skeleton(COPIES[-1]) != skeleton("Karim animateur")


@given(st.text(max_size=40))
def test_the_key_of_a_key_is_itself(name):
    assert skeleton(skeleton(name)) == skeleton(name)


@given(st.text(alphabet=string.ascii_letters + string.digits + " .-'", max_size=30))
def test_the_key_ignores_the_case_of_latin_letters(name):
    # (Not of every alphabet: a capital Greek Μ looks like M, a small μ not.)
    assert skeleton(name.upper()) == skeleton(name.lower())
