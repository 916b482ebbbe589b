"""The hardening of a public site: the client's address behind the proxy,
the headers of every page, the origin of every socket, refusals logged in one
line, the embedded database under a few people, and a sign-up that does not
tell whether an address has an account."""

import gzip
import logging
import os
import subprocess
import sys

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.core import mail
from django.urls import reverse

from asgi import application
from community.security import RefusalsInOneLine, client_ip
from tests.factories import PASSWORD, ProfileFactory
from tests.sockets import _session_cookie

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"


def _fail_logins(client, email, *, times, **headers):
    for _attempt in range(times):
        client.post(
            reverse("account_login"), {"login": email, "password": "no"}, **headers
        )


def _logs_in(client, email, **headers):
    response = client.post(
        reverse("account_login"), {"login": email, "password": PASSWORD}, **headers
    )
    return response.wsgi_request.user.is_authenticated


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = [__import__("ipaddress").ip_network(PROXY)]
    return settings


def test_two_people_behind_the_proxy_are_limited_separately(client, behind_one_proxy):
    flooder = ProfileFactory().user
    neighbour = ProfileFactory().user
    # Many failures from one person, to many accounts (the per-address limit).
    for n in range(12):
        client.post(
            reverse("account_login"),
            {"login": f"nobody{n}@example.org", "password": "no"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )
    assert not _logs_in(
        client, flooder.email, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    client.logout()
    assert _logs_in(
        client, neighbour.email, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9"
    )


def test_a_forged_header_from_an_untrusted_peer_changes_nothing(
    client, behind_one_proxy
):
    user = ProfileFactory().user
    for n in range(12):
        client.post(
            reverse("account_login"),
            {"login": f"nobody{n}@example.org", "password": "no"},
            REMOTE_ADDR="192.0.2.50",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
    # A new forged address each time: still the same peer, still limited.
    assert not _logs_in(
        client, user.email, REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR="10.9.9.9"
    )


@pytest.mark.parametrize(
    ("peer", "forwarded", "count", "expected"),
    [
        (PROXY, "198.51.100.7", 1, "198.51.100.7"),
        (PROXY, "6.6.6.6, 198.51.100.7", 1, "198.51.100.7"),  # the client's own
        (PROXY, "198.51.100.7, 127.0.0.1", 2, "198.51.100.7"),
        ("192.0.2.50", "198.51.100.7", 1, "192.0.2.50"),  # not our proxy
        (PROXY, "not an address", 1, PROXY),
        (PROXY, "", 1, PROXY),
        (PROXY, "198.51.100.7", 0, PROXY),  # no proxy configured
    ],
)
def test_the_client_address(rf, behind_one_proxy, peer, forwarded, count, expected):
    behind_one_proxy.TRUSTED_PROXY_COUNT = count
    request = rf.get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_every_page_carries_a_strict_policy(client):
    response = client.get(reverse("home"))
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "connect-src 'self' ws" in policy
    assert "geolocation=()" in response.headers["Permissions-Policy"]


def test_a_members_pages_are_kept_out_of_caches(client):
    client.force_login(ProfileFactory().user)
    cache_control = client.get(reverse("home")).headers["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def test_a_visitors_page_may_be_cached(client):
    assert "no-store" not in client.get(reverse("home")).headers.get(
        "Cache-Control", ""
    )


def test_pages_travel_compressed_to_browsers_that_accept_it(client):
    client.force_login(ProfileFactory().user)
    plain = client.get(reverse("home"))
    assert "Content-Encoding" not in plain.headers
    packed = client.get(reverse("home"), headers={"accept-encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    page = gzip.decompress(packed.content)
    assert b"</html>" in page and len(packed.content) < len(page) / 2


@pytest.mark.parametrize("debug", ["false", "true"])
def test_the_production_settings_carry_the_policy(debug):
    """Read from the settings as a server loads them, in production and with a
    laptop's defaults (sign-up must not tell more on a laptop either)."""
    code = (
        "import django, json; django.setup(); from django.conf import settings as s;"
        "d = s.CONTENT_SECURITY_POLICY['DIRECTIVES'];"
        "print(json.dumps([d['script-src'], d['connect-src'], s.PERMISSIONS_POLICY,"
        " s.TRUSTED_PROXY_COUNT, s.ACCOUNT_EMAIL_VERIFICATION,"
        " 'csp.middleware.CSPMiddleware' in s.MIDDLEWARE,"
        " 'community.security.member_pages_private' in s.MIDDLEWARE]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": debug,
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "coupdemain.example",
        "SITE_URL": "https://coupdemain.example",
        "DATABASE_URL": "sqlite:////tmp/unused.sqlite3",
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
    }
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    import json

    script, connect, permissions, proxies, verification, csp, private = json.loads(out)
    assert script == ["'self'"]
    assert connect == ["'self'", "wss://coupdemain.example"]
    assert "camera=()" in permissions
    assert proxies == 1
    assert verification == "mandatory"
    assert csp and private


async def _socket(origin: bytes, host: bytes) -> bool:
    user = await database_sync_to_async(lambda: ProfileFactory().user)()
    cookie = await database_sync_to_async(_session_cookie)(user)
    communicator = WebsocketCommunicator(
        application,
        "/ws/",
        headers=[(b"origin", origin), (b"host", host), (b"cookie", cookie)],
    )
    connected, _subprotocol = await communicator.connect()
    await communicator.disconnect()
    return connected


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("origin", "host", "allowed"),
    [
        (b"http://localhost:8000", b"localhost:8000", True),
        (b"http://localhost", b"localhost", True),
        (b"http://localhost:9999", b"localhost:8000", False),  # another port
        (b"http://localhost", b"localhost:8000", False),
        (b"http://evil.example:8000", b"localhost:8000", False),
        (b"http://evil.example", b"evil.example", False),  # not an allowed host
        (b"null", b"localhost", False),
        (b"http://localhost:notaport", b"localhost", False),
    ],
)
async def test_a_socket_opens_only_from_the_sites_own_origin(origin, host, allowed):
    assert await _socket(origin, host) is allowed


def test_a_refused_page_is_logged_in_one_line(client, caplog, market, monkeypatch):
    """A neighbour refused the edit page of another's listing: Django logs the
    refusal with its traceback, which the site's log handler cuts to one line."""
    [(handler, one_line)] = [
        (h, f)
        for h in logging.getLogger().handlers
        for f in h.filters
        if isinstance(f, RefusalsInOneLine)
    ]
    client.force_login(market["people"]["resident"])
    url = reverse("listing_edit", args=[market["listing"].pk])

    def refusal_logged():
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="django.request"):
            assert client.get(url).status_code == 403
        [record] = [r for r in caplog.records if r.name == "django.request"]
        return record

    monkeypatch.setattr(handler, "filters", [])
    assert refusal_logged().exc_info  # Django's own: with the traceback
    monkeypatch.setattr(handler, "filters", [one_line])
    record = refusal_logged()
    assert record.exc_info is None
    assert "\n" not in handler.format(record)


def test_the_embedded_database_waits_for_its_lock():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the busy timeout is SQLite's")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["timeout"] >= 10
    assert options["transaction_mode"] == "IMMEDIATE"


def test_sign_up_answers_the_same_whether_the_address_is_known(client):
    known = ProfileFactory().user
    answers = []
    for pseudonym, email in (
        ("Nouvelle voisine", known.email),
        ("Autre voisine", "new.person@example.org"),
    ):
        response = client.post(
            reverse("account_signup"),
            {
                "pseudonym": pseudonym,
                "email": email,
                "password1": "Un-mot-de-passe-42",
                "password2": "Un-mot-de-passe-42",
            },
            follow=True,
        )
        answers.append(
            response.redirect_chain[-1][0]
            if response.redirect_chain
            else response.status_code
        )
        client.logout()
    assert answers[0] == answers[1]
    # The owner of the known address is told by e-mail, not the visitor.
    assert any(known.email in message.to for message in mail.outbox)
