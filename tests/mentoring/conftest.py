"""Mentoring on the shared test world (tests/world.py): a senior who wants
help with video calls, a volunteer who offers it, a minor, an animateur."""

import pytest

from mentoring import services
from mentoring.models import MentoringSettings
from workshops.models import Place


@pytest.fixture
def animateur(make_person):
    return make_person("moderator")


@pytest.fixture
def senior(make_person):
    return make_person("resident", age_group="60_plus")


@pytest.fixture
def mentor(make_person):
    return make_person("volunteer", age_group="18_25")


@pytest.fixture
def minor(make_person):
    return make_person("volunteer", age_group="under_18")


@pytest.fixture
def no_approval(neighbourhood):
    """The neighbourhood does not ask for approval of every pair."""
    return MentoringSettings.objects.create(
        neighbourhood=neighbourhood, approval_required=False
    )


@pytest.fixture
def centre(neighbourhood):
    return Place.objects.create(
        neighbourhood=neighbourhood,
        name="Centre social",
        address="3 rue des Tilleuls",
        opening_hours="Lundi-vendredi 9h-18h",
    )


def make_pair(*, mentor, mentee, neighbourhood, purpose="Appels vidéo"):
    """Proposed by the mentee, accepted by the mentor."""
    pair = services.propose_pair(
        by=mentee,
        mentor=mentor,
        mentee=mentee,
        neighbourhood=neighbourhood,
        purpose=purpose,
    )
    return services.accept_pair(by=mentor, pair=pair)


@pytest.fixture
def active_pair(mentor, senior, neighbourhood, no_approval):
    pair = make_pair(mentor=mentor, mentee=senior, neighbourhood=neighbourhood)
    assert pair.state == "active"
    return pair


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """with committed(): ... -> what the block scheduled on commit (news,
    e-mails) has run when it ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
