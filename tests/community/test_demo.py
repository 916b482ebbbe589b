import pytest
from django.core.management import call_command

from community.demo import DEMO_PASSWORD, PERSONAS, demo_email
from community.models import Profile, User
from neighbourhoods.models import Neighbourhood, Organisation

pytestmark = pytest.mark.django_db


def snapshot():
    return sorted(
        (
            p.pseudonym,
            p.portrait,
            p.age_group,
            tuple(p.languages),
            tuple(sorted(p.interests.names())),
            tuple(sorted(p.skills.names())),
        )
        for p in Profile.objects.all()
    )


def test_seed_demo_creates_the_centre_its_neighbourhoods_and_forty_people(capsys):
    call_command("seed_demo")
    assert Organisation.objects.get().name == "Centre social des Tilleuls"
    assert Neighbourhood.objects.count() == 2
    assert User.objects.count() == 40
    age_groups = set(Profile.objects.values_list("age_group", flat=True))
    assert {"18_25", "60_plus", "26_59"} <= age_groups
    out = capsys.readouterr().out
    for persona in PERSONAS:
        assert demo_email(persona["login"]) in out
    assert DEMO_PASSWORD in out


def test_demo_logins_work_with_a_verified_email(client):
    call_command("seed_demo")
    response = client.post(
        "/accounts/login/",
        {"login": demo_email("monique"), "password": DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == "/"


def test_seed_demo_twice_creates_nothing_twice():
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert User.objects.count() == 40
    assert Neighbourhood.objects.count() == 2
    assert snapshot() == first


def test_seed_demo_is_the_same_with_the_same_seed(django_db_blocker):
    call_command("seed_demo", seed=7)
    first = snapshot()
    User.objects.all().delete()
    call_command("seed_demo", seed=7)
    assert snapshot() == first
