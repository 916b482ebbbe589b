"""The dashboards, their CSV export and the poster, for every kind of person;
the period form; what the pages and the file contain; the page's cost."""

import csv
import io

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from indicators import selectors
from indicators.selectors import notice_board
from tests.indicators.conftest import (
    answer,
    conversation,
    in_period,
    join,
    listing,
    message,
    person,
)
from tests.world import VISITORS

pytestmark = pytest.mark.django_db

Q1 = {"start": "2025-01-01", "end": "2025-03-31"}
# The people of the pages, and coordinators of another neighbourhood of the
# organisation and of a neighbourhood of another organisation.
PERSONS = [*VISITORS, "coordinator_sister", "coordinator_elsewhere"]


def get(client, user, url, data=None, **extra):
    if user is not None:
        client.force_login(user)
    return client.get(url, data, **extra)


def urls(place, organisation):
    return {
        "dashboard": reverse("indicators_neighbourhood", args=[place.slug]),
        "export": reverse("indicators_neighbourhood_export", args=[place.slug]),
        "organisation": reverse("indicators_organisation", args=[organisation.pk]),
        "organisation_export": reverse(
            "indicators_organisation_export", args=[organisation.pk]
        ),
        "poster": reverse("neighbourhood_poster", args=[place.slug]),
    }


ALLOWED = {
    "dashboard": {"coordinator"},
    "export": {"coordinator"},
    "organisation": {"coordinator", "coordinator_sister"},
    "organisation_export": {"coordinator", "coordinator_sister"},
    "poster": {"moderator", "coordinator"},
}


@pytest.mark.parametrize("page", list(ALLOWED))
@pytest.mark.parametrize("who", PERSONS)
def test_who_may_open_each_page(client, market, make_person, page, who):
    place = market["neighbourhood"]
    people = {
        **market["people"],
        "coordinator_sister": make_person("coordinator_sister"),
        "coordinator_elsewhere": make_person("coordinator_elsewhere"),
    }
    url = urls(place, place.organisation)[page]

    response = get(client, people[who], url, Q1)

    if who == "visitor":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    elif who in ALLOWED[page]:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


def test_an_export_of_a_neighbourhood_one_does_not_coordinate_says_why(
    client, place, elsewhere
):
    response = get(
        client,
        person(elsewhere, role="coordinator"),
        reverse("indicators_neighbourhood_export", args=[place.slug]),
        Q1,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 403
    assert "You are not a member of this neighbourhood." in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


def test_the_organisation_view_covers_only_the_neighbourhoods_one_coordinates(
    client, organisation, place, sister, coordinator
):
    join(coordinator, sister, role="moderator")
    author = person(place)
    listing(place, author)
    listing(sister, person(sister))
    listing(sister, person(sister))

    response = get(
        client,
        coordinator,
        reverse("indicators_organisation", args=[organisation.pk]),
        Q1,
    )

    assert response.context["places"] == [place]
    assert response.context["figures"].listings_posted == 1
    assert "Les Acacias" not in response.content.decode()


def test_the_organisation_view_adds_up_the_neighbourhoods_one_coordinates(
    client, organisation, place, sister, coordinator
):
    join(coordinator, sister, role="coordinator")
    listing(place, person(place))
    listing(sister, person(sister))

    response = get(
        client,
        coordinator,
        reverse("indicators_organisation", args=[organisation.pk]),
        Q1,
    )

    assert response.context["places"] == [sister, place]  # by name
    assert response.context["figures"].listings_posted == 2


def test_the_default_period_is_the_last_twelve_months(client, place, coordinator):
    response = get(
        client, coordinator, reverse("indicators_neighbourhood", args=[place.slug])
    )

    period = response.context["figures"].period
    assert period.end == timezone.localdate()
    assert 364 <= (period.end - period.start).days <= 365
    assert f'value="{period.start.isoformat()}"' in response.content.decode()


def test_a_period_that_ends_before_it_starts_is_refused_next_to_the_field(
    client, place, coordinator, monkeypatch
):
    def must_not_compute(**kwargs):
        raise AssertionError("nothing is computed for a wrong period")

    monkeypatch.setattr(selectors, "figures", must_not_compute)

    response = get(
        client,
        coordinator,
        reverse("indicators_neighbourhood", args=[place.slug]),
        {"start": "2025-03-01", "end": "2025-02-01"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert response.context["figures"] is None
    assert list(response.context["form"].errors) == ["end"]
    page = response.content.decode()
    message = "The period ends before it starts: choose an end date on or after"
    # Next to the field: between its label and its input.
    assert page.index('for="id_end"') < page.index(message) < page.index('id="id_end"')
    assert "In short" not in page


def test_an_export_with_a_wrong_period_gets_the_form_and_its_message(
    client, place, coordinator
):
    response = get(
        client,
        coordinator,
        reverse("indicators_neighbourhood_export", args=[place.slug]),
        {"start": "2025-03-01", "end": "2025-02-01"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert "The period ends before it starts" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("period", "field"),
    [
        ({"start": "2020-01-01", "end": "2025-01-01"}, "start"),  # over three years
        ({"start": "hier", "end": "2025-01-01"}, "start"),  # not a date
        ({"start": "2025-01-01", "end": "31/13/2025"}, "end"),
    ],
)
def test_a_period_too_long_or_not_a_date_is_refused(
    client, place, coordinator, period, field
):
    response = get(
        client,
        coordinator,
        reverse("indicators_neighbourhood", args=[place.slug]),
        period,
    )

    assert response.status_code == 200
    assert response.context["figures"] is None
    assert list(response.context["form"].errors) == [field]


def activity(place):
    """A little of everything in the first quarter of 2025."""
    young = person(place, age="18_25", joined=in_period(3))
    senior = person(place, age="60_plus", joined=in_period(10))
    item = listing(place, young, kind="offer", category="digital")
    answer(item, senior, done=(in_period(20), in_period(21)), minutes_spent=90)
    listing(place, senior, category="company", title="Une promenade")
    chat = conversation(place, young, senior)
    message(chat, young)
    message(chat, senior)
    return young, senior


def test_the_dashboard_shows_each_figure_with_its_charts_and_tables(
    client, place, coordinator
):
    activity(place)

    response = get(
        client, coordinator, reverse("indicators_neighbourhood", args=[place.slug]), Q1
    )

    page = response.content.decode()
    figures = response.context["figures"]
    assert figures.exchanges_done == 1
    assert figures.young_gave == 1
    assert figures.messages == 2
    # Three charts, each an image with a title and a description...
    assert page.count('role="img"') == 3
    assert page.count("<title id=") == 3
    assert page.count("<desc id=") == 3
    assert 'viewBox="0 0 320 ' in page
    # ...and the same figures in tables with captions and headers.
    assert page.count("<caption>") >= 5
    assert 'scope="col"' in page and 'scope="row"' in page
    assert "Une promenade" not in page  # figures, never content
    assert reverse("indicators_neighbourhood_export", args=[place.slug]) in page
    assert "css/indicators.css" in page


def test_the_csv_has_every_figure_with_a_bom_in_french(client, place, coordinator):
    activity(place)

    response = get(
        client,
        coordinator,
        reverse("indicators_neighbourhood_export", args=[place.slug]),
        Q1,
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert response["Content-Disposition"].endswith(
        '-tilleuls-2025-01-01-2025-03-31.csv"'
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert all(len(row) == 3 for row in rows)
    assert len(rows) > 30
    # Hours given (one and a half) with the decimal comma.
    assert "1,5" in [value for _figure, _detail, value in rows]


def test_the_csv_in_english_uses_commas_and_gives_each_figure(
    client, place, coordinator
):
    activity(place)

    response = get(
        client,
        coordinator,
        reverse("indicators_neighbourhood_export", args=[place.slug]),
        Q1,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    text = response.content.decode("utf-8").removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["figure", "detail", "value"]
    values = {(figure, detail): value for figure, detail, value in rows[1:]}
    assert values["Period", "from"] == "2025-01-01"
    assert values["Period", "to"] == "2025-03-31"
    assert values["Neighbourhood", "Les Tilleuls"] == "Centre social des Tilleuls"
    assert values["Members", ""] == "3"
    assert values["Active members", ""] == "2"
    assert values["New members", "whole period"] == "2"
    assert values["New members", "week of 2024-12-30"] == "1"
    assert values["Members by role", "Coordinator"] == "1"
    assert values["Members by age group", "18 to 25"] == "1"
    assert values["Members by age group", "not shared"] == "1"
    assert values["Listings posted", "all categories"] == "2"
    assert values["Listings posted", "Digital help"] == "1"
    assert values["Listings done", "Digital help"] == "1"
    assert values["Listings agreed", "Company and visits"] == "0"
    assert values["Listings answered", ""] == "1"
    assert values["Median time to the first answer", "hours"] == "1.0"
    assert values["Messages between members", ""] == "2"
    assert values["Conversations", ""] == "1"
    assert values["Exchanges done", ""] == "1"
    assert values["Hours given", ""] == "1.5"
    assert values["Intergenerational exchanges done", ""] == "1"
    assert (
        values["Intergenerational exchanges done", "18-25 gave their time to 60+"]
        == "1"
    )
    assert values["Moderation cases opened", ""] == "0"
    assert values["Moderation cases closed", ""] == "0"


def test_a_name_that_looks_like_a_formula_stays_text_in_the_csv(
    client, place, coordinator
):
    place.name = "=HYPERLINK(1)"
    place.save()

    response = get(
        client,
        coordinator,
        reverse("indicators_neighbourhood_export", args=[place.slug]),
        Q1,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert "'=HYPERLINK(1)" in response.content.decode()


def grow(place, sister, size):
    for _index in range(size):
        young, _senior = activity(place)
        join(young, sister)
        listing(sister, young)


def count_page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, Q1)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["dashboard", "export", "organisation"])
def test_each_page_costs_the_same_queries_whatever_the_size(
    client, place, sister, organisation, coordinator, page
):
    join(coordinator, sister, role="coordinator")
    url = urls(place, organisation)[page]
    client.force_login(coordinator)
    grow(place, sister, 1)
    small = count_page_queries(client, url)

    grow(place, sister, 15)
    large = count_page_queries(client, url)

    assert small == large


# The poster


def test_the_poster_shows_the_open_listings_by_category(
    client, place, elsewhere, coordinator
):
    author = person(place)
    listing(place, author, category="digital", title="Installer WhatsApp")
    listing(place, author, category="digital", title="Réparer ma tablette")
    listing(place, author, category="gardening", kind="offer", title="Des semis")
    listing(place, author, hidden=True, title="Annonce masquée")
    for status in ("agreed", "done", "cancelled", "expired"):
        listing(place, author, status=status, title=f"Annonce {status}")
    listing(elsewhere, person(elsewhere), title="Chez les voisins")

    response = get(
        client, coordinator, reverse("neighbourhood_poster", args=[place.slug])
    )

    page = response.content.decode()
    poster = response.context["poster"]
    assert [
        (category.key, [item.title for item in items])
        for category, items in poster.groups
    ] == [
        ("digital", ["Réparer ma tablette", "Installer WhatsApp"]),
        ("gardening", ["Des semis"]),
    ]
    for title in ("Installer WhatsApp", "Réparer ma tablette", "Des semis"):
        assert title in page
    for title in ("Annonce masquée", "Chez les voisins", "Annonce agreed"):
        assert title not in page
    assert "Annonce done" not in page and "Annonce cancelled" not in page
    assert page.index("Installer WhatsApp") < page.index("Des semis")
    assert "icons/categories/digital.svg" in page
    address = settings.SITE_URL.rstrip("/") + place.get_absolute_url()
    assert address in page
    assert "<svg" in page and "QR code" in page
    assert poster.more == 0


def test_the_poster_holds_the_newest_and_says_how_many_more(
    client, place, coordinator, monkeypatch
):
    monkeypatch.setattr(notice_board, "POSTER_SIZE", 2)
    author = person(place)
    for day in range(4):
        listing(place, author, title=f"Annonce du jour {day}", created=in_period(day))

    response = get(
        client, coordinator, reverse("neighbourhood_poster", args=[place.slug])
    )

    poster = response.context["poster"]
    assert poster.shown == 2
    assert poster.more == 2
    assert "Annonce du jour 3" in response.content.decode()
    assert "Annonce du jour 0" not in response.content.decode()


def test_the_poster_of_a_neighbourhood_without_listings_invites_to_post(
    client, place, elsewhere, coordinator
):
    listing(elsewhere, person(elsewhere), title="Chez les voisins")

    response = get(
        client,
        coordinator,
        reverse("neighbourhood_poster", args=[place.slug]),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    poster = response.context["poster"]
    assert (poster.groups, poster.shown, poster.more) == ([], 0, 0)
    page = response.content.decode()
    assert "No listing is open right now: be the first to offer or ask" in page
    assert "Chez les voisins" not in page
    assert "more listing" not in page
    assert settings.SITE_URL.rstrip("/") + place.get_absolute_url() in page


# Links from the management pages


def test_the_management_pages_link_to_the_dashboard_and_the_poster(
    client, place, coordinator
):
    dashboard = reverse("indicators_neighbourhood", args=[place.slug])
    poster = reverse("neighbourhood_poster", args=[place.slug])
    manage = reverse("manage_home", args=[place.slug])

    page = get(client, coordinator, manage).content.decode()
    assert dashboard in page and poster in page

    client.logout()
    page = get(client, person(place, role="moderator"), manage).content.decode()
    assert poster in page
    assert dashboard not in page
