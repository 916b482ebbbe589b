"""The poster leaves out what the moderators are still looking at, and holds
what one A4 page holds."""

import pytest
from django.urls import reverse

from indicators.selectors import notice_board
from moderation.models import Case
from tests.indicators.conftest import listing, person

pytestmark = pytest.mark.django_db


def test_the_poster_leaves_out_a_listing_under_an_open_case(client, place, coordinator):
    author = person(place)
    reported = listing(place, author, title="Annonce signalée")
    listing(place, author, title="Annonce tranquille")
    case = Case.objects.create(
        neighbourhood=place, target=Case.Target.LISTING, listing=reported, person=author
    )
    client.force_login(coordinator)
    url = reverse("neighbourhood_poster", args=[place.slug])
    page = client.get(url).content.decode()
    assert "Annonce tranquille" in page and "Annonce signalée" not in page
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
    assert "Annonce signalée" in client.get(url).content.decode()


def test_the_poster_holds_what_one_a4_page_holds():
    assert notice_board.POSTER_SIZE <= 8
