import pytest
from django.core.exceptions import ValidationError

from community import services
from community.models import Profile
from tests.factories import ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def profile_values(**overrides):
    values = {
        "pseudonym": "Monique",
        "portrait": "J'aime le tricot.",
        "interests": ["visio", "lecture"],
        "skills": ["tricot"],
        "languages": ["fr", "it"],
        "age_group": "60_plus",
        "show_age_group": True,
        "availability": ["weekday_afternoons"],
        "availability_note": "Pas le mercredi",
        "larger_text": True,
        "reduced_motion": False,
    }
    values.update(overrides)
    return values


def test_create_profile_normalises_spaces_in_the_pseudonym():
    user = UserFactory()
    profile = services.create_profile(user=user, pseudonym="  Jean   Paul ")
    assert profile.pseudonym == "Jean Paul"
    assert user.display_name == "Jean Paul"


@pytest.mark.parametrize(
    ("pseudonym", "code"),
    [
        ("Al", "too_short"),
        ("x" * 31, "too_long"),
        ("moi@example.org", "invalid_characters"),
        ("<script>", "invalid_characters"),
        ("-tiret", "invalid_characters"),
    ],
)
def test_create_profile_refuses_a_badly_formed_pseudonym(pseudonym, code):
    user = UserFactory()
    with pytest.raises(ValidationError) as caught:
        services.create_profile(user=user, pseudonym=pseudonym)
    assert caught.value.error_dict["pseudonym"][0].code == code
    assert not Profile.objects.filter(user=user).exists()


def test_pseudonyms_are_unique_whatever_their_case():
    ProfileFactory(pseudonym="Monique")
    user = UserFactory()
    with pytest.raises(ValidationError) as caught:
        services.create_profile(user=user, pseudonym="MONIQUE")
    assert "pseudonym" in caught.value.error_dict
    assert not Profile.objects.filter(user=user).exists()


def test_accented_and_other_alphabets_are_welcome_in_pseudonyms():
    assert services.create_profile(user=UserFactory(), pseudonym="Zoé l'Ainée")
    assert services.create_profile(user=UserFactory(), pseudonym="فاطمة")


def test_update_profile_saves_every_field_and_both_tag_sets():
    profile = ProfileFactory()
    services.update_profile(user=profile.user, **profile_values())
    profile.refresh_from_db()
    assert profile.pseudonym == "Monique"
    assert profile.portrait == "J'aime le tricot."
    assert sorted(profile.interests.names()) == ["lecture", "visio"]
    assert list(profile.skills.names()) == ["tricot"]
    assert profile.languages == ["fr", "it"]
    assert profile.age_group == "60_plus"
    assert profile.show_age_group is True
    assert profile.availability == ["weekday_afternoons"]
    assert profile.availability_note == "Pas le mercredi"
    assert profile.larger_text is True


def test_update_profile_keeps_each_members_spelling_of_a_shared_tag():
    first = ProfileFactory()
    services.update_profile(
        user=first.user, **profile_values(interests=["Visio"], skills=["tricot"])
    )
    second = ProfileFactory()
    services.update_profile(
        user=second.user,
        **profile_values(pseudonym="Lucas", interests=["visio"], skills=["Tricot"]),
    )

    assert sorted(first.interests.names()) == sorted(second.interests.names())
    assert (first.interest_labels(), first.skill_labels()) == (["Visio"], ["tricot"])
    assert (second.interest_labels(), second.skill_labels()) == (
        ["visio"],
        ["Tricot"],
    )


def test_update_profile_keeps_own_pseudonym_in_another_case():
    profile = ProfileFactory(pseudonym="Lucas")
    services.update_profile(user=profile.user, **profile_values(pseudonym="lucas"))
    profile.refresh_from_db()
    assert profile.pseudonym == "lucas"


def test_update_profile_creates_the_profile_of_an_account_without_one():
    user = UserFactory()
    profile = services.update_profile(user=user, **profile_values())
    assert profile.user == user
    assert Profile.objects.filter(user=user).count() == 1


def test_age_group_is_not_shown_when_none_is_given():
    profile = ProfileFactory()
    services.update_profile(
        user=profile.user, **profile_values(age_group="", show_age_group=True)
    )
    profile.refresh_from_db()
    assert profile.show_age_group is False


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("portrait", "x" * 501),
        ("interests", [f"mot{n}" for n in range(16)]),
        ("skills", ["x" * 41]),
        ("languages", ["klingon"]),
        ("availability", ["midnight"]),
        ("age_group", "ancient"),
        ("availability_note", "x" * 201),
        ("pseudonym", "x"),
    ],
)
def test_update_profile_refuses_bad_input_and_changes_nothing(field, value):
    profile = ProfileFactory(pseudonym="Avant", interests=["jardinage"])
    with pytest.raises(ValidationError) as caught:
        services.update_profile(user=profile.user, **profile_values(**{field: value}))
    assert field in caught.value.error_dict
    profile.refresh_from_db()
    assert profile.pseudonym == "Avant"
    assert list(profile.interests.names()) == ["jardinage"]


def test_set_preferred_language_remembers_a_known_language_only():
    user = UserFactory()
    services.set_preferred_language(user=user, language="en")
    user.refresh_from_db()
    assert user.language == "en"
    with pytest.raises(ValidationError):
        services.set_preferred_language(user=user, language="xx")
    user.refresh_from_db()
    assert user.language == "en"
