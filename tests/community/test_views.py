import re

import pytest
from django.core import mail
from django.urls import reverse

from community.models import Profile, User
from tests.factories import PASSWORD, MembershipFactory, ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def signup(client, **overrides):
    data = {
        "pseudonym": "Lucas",
        "email": "lucas@example.org",
        "password1": "un-mot-de-passe-solide",
        "password2": "un-mot-de-passe-solide",
    }
    data.update(overrides)
    return client.post(reverse("account_signup"), data)


def test_signup_creates_the_account_and_its_profile_and_asks_to_verify(client):
    response = signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="lucas@example.org")
    assert user.profile.pseudonym == "Lucas"
    # Verification is mandatory in these settings: the link goes by e-mail.
    assert len(mail.outbox) == 1
    assert re.search(r"/accounts/confirm-email/\S+/", mail.outbox[0].body)


def test_confirming_the_email_logs_in_and_opens_the_welcome_page(client):
    signup(client)
    link = re.search(r"(/accounts/confirm-email/\S+/)", mail.outbox[0].body)[1]
    page = client.get(link)
    assert page.status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert response.url == reverse("profile_welcome")
    assert client.get(reverse("home")).context["user"].is_authenticated


def test_signup_with_a_taken_pseudonym_says_so_and_keeps_what_was_typed(client):
    ProfileFactory(pseudonym="Lucas")
    response = signup(client, pseudonym="lucas")
    assert response.status_code == 200
    assert response.context["form"].has_error("pseudonym", code="taken")
    assert 'value="lucas@example.org"' in response.content.decode()
    assert not User.objects.filter(email="lucas@example.org").exists()


def test_signup_error_is_tied_to_its_field_for_screen_readers(client):
    response = signup(client, pseudonym="x")
    html = response.content.decode()
    assert 'id="id_pseudonym_error"' in html
    assert re.search(
        r'<input[^>]*aria-invalid="true"[^>]*aria-describedby="[^"]*'
        r'id_pseudonym_error[^"]*"[^>]*id="id_pseudonym"',
        html,
    )


def test_login_with_a_wrong_password_shows_a_clear_message(client):
    user = UserFactory()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "wrong"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert f'value="{user.email}"' in response.content.decode()


def test_login_with_the_right_password_goes_to_the_dashboard(client):
    user = ProfileFactory(pseudonym="Karim").user
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    page = client.get(response.url)
    assert "Karim" in page.content.decode()


def test_home_shows_the_invitation_to_visitors_and_the_dashboard_to_members(
    client, member
):
    visitor_page = client.get(reverse("home"))
    assert visitor_page.templates[0].name == "community/home_visitor.html"
    assert reverse("account_signup") in visitor_page.content.decode()
    client.force_login(member)
    member_page = client.get(reverse("home"))
    assert member_page.templates[0].name == "community/home_member.html"
    assert member.profile.pseudonym in member_page.content.decode()


def test_member_without_profile_is_asked_to_choose_a_pseudonym(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert reverse("profile_welcome") in page


def test_profiles_are_for_logged_in_members_only(client, member):
    url = reverse("profile_detail", kwargs={"pk": member.profile.pk})
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def neighbour_of(profile):
    """A member of a neighbourhood `profile`'s owner also belongs to."""
    membership = MembershipFactory(user=profile.user)
    return MembershipFactory(neighbourhood=membership.neighbourhood).user


def test_public_profile_never_shows_the_email_nor_a_private_age_group(client):
    owner = ProfileFactory(
        pseudonym="Monique",
        age_group="60_plus",
        show_age_group=False,
        interests=["visio"],
        skills=["tricot"],
    )
    client.force_login(neighbour_of(owner))
    html = client.get(owner.get_absolute_url()).content.decode()
    assert "Monique" in html
    assert "visio" in html and "tricot" in html
    assert owner.user.email not in html
    assert str(Profile.AgeGroup.FROM_60.label) not in html


def test_age_group_is_shown_when_the_member_agreed(client):
    owner = ProfileFactory(age_group="18_25", show_age_group=True)
    client.force_login(neighbour_of(owner))
    html = client.get(owner.get_absolute_url()).content.decode()
    assert str(Profile.AgeGroup.FROM_18_TO_25.label) in html


def test_profile_of_someone_from_elsewhere_is_a_404(client):
    stranger = ProfileFactory()
    client.force_login(MembershipFactory().user)
    assert client.get(stranger.get_absolute_url()).status_code == 404


def test_unknown_profile_is_a_404(member_client):
    response = member_client.get(reverse("profile_detail", kwargs={"pk": 999999}))
    assert response.status_code == 404


def test_profile_text_is_escaped(client):
    owner = ProfileFactory(portrait="<script>alert(1)</script>")
    client.force_login(neighbour_of(owner))
    html = client.get(owner.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def edit_data(**overrides):
    data = {
        "pseudonym": "Nouvelle",
        "portrait": "Bonjour le quartier",
        "interests": "jardinage, échecs",
        "skills": "bricolage",
        "languages": ["fr", "ar"],
        "age_group": "26_59",
        "availability": ["saturdays"],
        "availability_note": "le matin",
        "larger_text": "on",
    }
    data.update(overrides)
    return data


def test_profile_edit_saves_and_goes_to_the_profile(member_client, member):
    response = member_client.post(reverse("profile_edit"), edit_data())
    member.profile.refresh_from_db()
    assert response.status_code == 302
    assert response.url == member.profile.get_absolute_url()
    assert member.profile.pseudonym == "Nouvelle"
    assert sorted(member.profile.interests.names()) == ["jardinage", "échecs"]
    assert member.profile.larger_text is True


def test_interests_and_skills_show_as_each_member_typed_them(member_client, member):
    """One tag whatever its case, each profile with its own spelling; the edit
    form gives them back as typed."""
    other = ProfileFactory(interests=["jardinage"], skills=["Tricot"])
    member_client.post(
        reverse("profile_edit"),
        edit_data(interests="Jardinage, Échecs", skills="tricot"),
    )

    def chips(html, title):
        section = re.search(rf'id="{title}-title".*?</section>', html, re.S)[0]
        return re.findall(r"<li>(.*?)</li>", section)

    mine = member_client.get(member.profile.get_absolute_url()).content.decode()
    assert sorted(chips(mine, "interests")) == ["Jardinage", "Échecs"]
    assert chips(mine, "skills") == ["tricot"]
    member_client.force_login(neighbour_of(other))
    theirs = member_client.get(other.get_absolute_url()).content.decode()
    assert chips(theirs, "interests") == ["jardinage"]
    assert chips(theirs, "skills") == ["Tricot"]
    member_client.force_login(member)
    form = member_client.get(reverse("profile_edit")).context["form"]
    assert sorted(form["interests"].value()) == ["Jardinage", "Échecs"]
    assert 'value="tricot"' in str(form["skills"])


def test_profile_edit_with_errors_keeps_everything_typed(member_client, member):
    before = member.profile.pseudonym
    response = member_client.post(
        reverse("profile_edit"), edit_data(portrait="x" * 501, pseudonym="ab")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"portrait", "pseudonym"}
    html = response.content.decode()
    assert "jardinage, échecs" in html
    assert "le matin" in html
    assert 'value="ar" id="id_languages_' in html or "checked" in html
    assert 'id="form-errors"' in html
    member.profile.refresh_from_db()
    assert member.profile.pseudonym == before


def test_larger_text_preference_applies_to_every_page(member_client, member):
    member_client.post(reverse("profile_edit"), edit_data(larger_text="on"))
    html = member_client.get(reverse("home")).content.decode()
    assert re.search(r'<html lang="fr" class="text-large', html)


def test_profile_edit_suggests_existing_tags(member_client):
    ProfileFactory(interests=["pétanque"])
    html = member_client.get(reverse("profile_edit")).content.decode()
    assert "pétanque" in html


def test_language_switch_works_without_javascript(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/accounts/login/"}
    )
    assert response.status_code == 302
    assert response.url == "/accounts/login/"
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="en"' in page
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert '<html lang="fr"' in client.get("/").content.decode()


def test_language_switch_refuses_to_redirect_elsewhere(client):
    response = client.post(
        reverse("set_language"),
        {"language": "en", "next": "https://elsewhere.example/"},
    )
    assert response.url == "/"


def test_language_switch_is_remembered_for_members(member_client, member):
    member_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    member.refresh_from_db()
    assert member.language == "en"


def test_french_is_the_default_language(client):
    assert '<html lang="fr"' in client.get("/").content.decode()


def test_every_page_has_a_skip_link_and_landmarks(client):
    html = client.get("/").content.decode()
    assert 'href="#content"' in html
    assert '<main id="content"' in html
    assert "<header" in html and "<nav" in html and "<footer" in html


def test_logout_is_a_post_form(member_client):
    html = member_client.get("/").content.decode()
    assert re.search(r'<form method="post" action="/accounts/logout/"', html)
    response = member_client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert not member_client.get("/").context["user"].is_authenticated
