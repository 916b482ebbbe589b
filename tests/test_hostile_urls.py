"""No address of the site answers 500, whatever is put in its path, its query
or its form: letters where an id goes, Unicode digits, huge numbers, nothing,
very long text. Walked for every URL pattern, in GET and POST, as a visitor
and as each kind of member."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import given
from hypothesis import strategies as st

from community.navigation import MAX_ID, checked_id

HOSTILE = ["abc", "²", "٣", "99999999999999999999999", "-1", "", "x" * 3000, "1e400"]
FIELDS = [
    "neighbourhood",
    "version",
    "page",
    "q",
    "kind",
    "category",
    "tag",
    "up_to",
    "after",
    "days",
    "action",
    "reason",
    "text",
    "listing",
    "person",
    "other",
    "role",
    "status",
    "minutes",
    "hidden",
    "next",
    "since",
    "until",
    "period",
    "start",
    "end",
    "sort",
    "code",
    "client_id",
    "pk",
    "id",
]
SKIP_PREFIXES = ("admin/", "accounts/", "static/")


def _patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def _paths(route: str, value: str):
    """The route with every parameter filled: ints with a huge number (the
    converters let nothing else through), slugs and strings with `value`."""
    route = route.lstrip("^").rstrip("$")

    def fill(match):
        converter = match.group(1) or "str"
        if converter == "int":
            return "99999999999999999999999"
        if converter == "slug":
            return re.sub(r"[^-a-zA-Z0-9_]", "", value) or "x"
        return value.replace("/", "") or "x"

    return "/" + re.sub(r"<(?:(\w+):)?\w+>", fill, route)


ROUTES = sorted(
    {r for r in _patterns() if not r.startswith(SKIP_PREFIXES) and "(?P" not in r}
)


@pytest.mark.parametrize("person", ["visitor", "resident", "moderator", "coordinator"])
def test_no_address_answers_500(person, make_person):
    client = Client(raise_request_exception=False)
    if person != "visitor":
        client.force_login(make_person(person))
    failures = []
    for route in ROUTES:
        for value in HOSTILE:
            path = _paths(route, value)
            data = dict.fromkeys(FIELDS, value)
            for method in ("get", "post"):
                response = getattr(client, method)(path, data)
                if response.status_code >= 500:
                    failures.append(f"{method.upper()} {path[:80]} {value[:10]!r}")
    assert failures == []


@pytest.mark.parametrize("version", ["²", "٣", "99999999999999999999999", "abc", ""])
def test_the_charter_posted_with_a_strange_version_is_refused_plainly(
    client, neighbourhood, make_person, version
):
    client.raise_request_exception = False
    client.force_login(make_person("charter_not_accepted"))
    response = client.post(
        reverse("charter_accept", args=[neighbourhood.slug]),
        {"version": version, "accept": "on"},
    )
    assert response.status_code < 500


@pytest.mark.parametrize("value", ["abc", "²", "99999999999999999999999", "-1"])
def test_similar_listings_with_a_strange_neighbourhood_find_nothing(
    client, make_person, value
):
    client.raise_request_exception = False
    client.force_login(make_person())
    response = client.get(reverse("listing_similar"), {"neighbourhood": value})
    assert response.status_code == 200


@given(st.one_of(st.text(max_size=40), st.integers(), st.none(), st.booleans()))
def test_a_checked_id_is_a_plain_number_the_database_holds_or_none(value):
    number = checked_id(value)
    assert number is None or (isinstance(number, int) and 0 <= number <= MAX_ID)
    if isinstance(value, str) and value.isascii() and value.isdigit():
        assert number == (int(value) if int(value) <= MAX_ID else None)
