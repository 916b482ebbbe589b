"""Who may ask to join is decided once (permissions.join_refusal): the page
offers the form exactly when the service would take the request."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from neighbourhoods import permissions, services
from neighbourhoods.models import Membership
from tests.factories import MembershipFactory, NeighbourhoodFactory, ProfileFactory

pytestmark = pytest.mark.django_db

SOON = datetime.timedelta(days=7)


def _person(place, case):
    if case == "never":
        return ProfileFactory().user
    values = {
        "left": {"status": "left"},
        "declined": {"status": "declined"},
        "left_while_suspended": {"status": "left", "suspended_until": SOON},
        "suspended": {"status": "suspended", "suspended_until": SOON},
        "banned": {"status": "banned"},
        "pending": {"status": "pending"},
        "active": {"status": "active"},
    }[case]
    if "suspended_until" in values:
        values["suspended_until"] = timezone.now() + values["suspended_until"]
    return MembershipFactory(neighbourhood=place, **values).user


CASES = [
    ("never", True),
    ("left", True),
    ("declined", True),
    ("left_while_suspended", False),
    ("suspended", False),
    ("banned", False),
    ("pending", False),
    ("active", False),
]


@pytest.mark.parametrize(("case", "may_join"), CASES)
def test_the_page_offers_to_join_exactly_when_the_service_accepts(
    client, case, may_join
):
    place = NeighbourhoodFactory(join_policy="open")
    user = _person(place, case)
    client.force_login(user)
    page = client.get(reverse("neighbourhood_detail", args=[place.slug]))
    join_url = reverse("neighbourhood_join", args=[place.slug])
    assert (join_url in page.content.decode()) is may_join
    refused = permissions.join_refusal(permissions.membership_of(user, place))
    before = Membership.objects.filter(user=user).values_list("status", flat=True)
    before = list(before)
    if may_join:
        assert refused is None
        services.join_neighbourhood(user=user, neighbourhood=place, accept_charter=True)
        return
    with pytest.raises(ValidationError) as error:
        services.join_neighbourhood(user=user, neighbourhood=place, accept_charter=True)
    assert error.value.messages == [refused[0]]
    assert (
        list(Membership.objects.filter(user=user).values_list("status", flat=True))
        == before
    )


def test_a_member_gone_while_suspended_reads_why_on_the_page(client):
    place = NeighbourhoodFactory(join_policy="open")
    user = _person(place, "left_while_suspended")
    client.force_login(user)
    page = client.get(reverse("neighbourhood_detail", args=[place.slug]))
    assert "suspended" in page.content.decode().lower() or "suspendu" in (
        page.content.decode().lower()
    )
