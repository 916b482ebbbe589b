"""The login asks for an e-mail or a pseudonym, never a login name people never
chose; a pseudonym logs in; greetings say the pseudonym."""

import pytest
from allauth.account.utils import user_display
from django.urls import reverse
from django.utils import translation

from tests.factories import PASSWORD, ProfileFactory

pytestmark = pytest.mark.django_db


def test_the_login_field_says_email_or_pseudonym_with_a_visible_hint(client):
    html = client.get(reverse("account_login"))
    page = html.content.decode()
    form = html.context["form"]
    with translation.override("fr"):
        assert f'<label for="id_login">{form.fields["login"].label}' in page
    assert "placeholder" not in str(form["login"])
    assert 'id="id_login_helptext"' in page
    assert "data-show-password" in page


@pytest.mark.parametrize("typed", ["Camille du 3e", "camille du 3e"])
def test_a_member_logs_in_with_their_pseudonym_and_is_greeted_by_it(client, typed):
    user = ProfileFactory(pseudonym="Camille du 3e").user
    page = client.post(
        reverse("account_login"), {"login": typed, "password": PASSWORD}, follow=True
    )
    assert page.context["user"] == user
    # allauth's "Successfully signed in as …" names the pseudonym.
    assert user_display(user) == "Camille du 3e"


def test_a_wrong_pseudonym_or_password_logs_nobody_in(client):
    ProfileFactory(pseudonym="Camille du 3e")
    for login, password in [("Personne", PASSWORD), ("Camille du 3e", "faux")]:
        page = client.post(
            reverse("account_login"), {"login": login, "password": password}
        )
        assert page.status_code == 200
        assert not page.wsgi_request.user.is_authenticated


def test_the_header_says_unread_counts_in_words_that_fit_every_number(client):
    user = ProfileFactory().user
    client.force_login(user)
    html = client.get("/").content.decode()
    assert '<span data-unread-number>0</span><span class="visually-hidden">' not in html


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        ("Appel vidéo, pain maison", ["Appel vidéo", "pain maison"]),
        ('"appel vidéo" smartphone', ["appel vidéo smartphone"]),
        ("Jardin, jardin,  , Tricot ", ["Jardin", "Tricot"]),
        ("", []),
    ],
)
def test_keywords_are_separated_by_commas_only_and_keep_their_case(typed, names):
    from community.forms import TagsField

    assert TagsField().clean(typed) == names


def test_keywords_come_back_in_the_field_without_quotes():
    from community.forms import TagsInput

    html = TagsInput().render("tags", ["appel vidéo", "Pain"])
    assert 'value="appel vidéo, Pain"' in html
    assert "data-chips" in html


def test_the_welcome_page_greets_by_the_pseudonym(client):
    user = ProfileFactory(pseudonym="Camille du 3e").user
    client.force_login(user)
    html = client.get(reverse("profile_welcome")).content.decode()
    assert "Camille du 3e !</h1>" in html.replace("\xa0", " ")
