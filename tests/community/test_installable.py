"""The site installs on a phone's home screen: a web app manifest with what
Lighthouse's installability check asks for, a service worker of our own served
from the root (so that it looks after every page), and a friendly offline page
it keeps, which names nobody."""

import json
import re
import struct
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from community.views import THEME_COLOR
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def png_size(path: str) -> tuple[int, int]:
    with open(path, "rb") as png:
        head = png.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def static_file(url: str) -> str:
    found = finders.find(url.removeprefix("/" + settings.STATIC_URL.strip("/") + "/"))
    assert found, url
    return found


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_manifest_has_what_installing_needs(client, language):
    answer = client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE=language)
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(answer.content)
    # Lighthouse's installability criteria.
    assert manifest["name"] and manifest["short_name"]
    assert manifest["display"] in ("standalone", "fullscreen", "minimal-ui")
    assert manifest["start_url"] == "/"
    assert manifest["start_url"].startswith(manifest["scope"])
    assert manifest.get("prefer_related_applications") is not True
    sizes = set()
    for icon in manifest["icons"]:
        assert icon["type"] == "image/png"
        width, height = png_size(static_file(icon["src"]))
        assert icon["sizes"] == f"{width}x{height}"
        sizes.add((width, icon["purpose"]))
    assert {(192, "any"), (512, "any"), (512, "maskable")} <= sizes
    assert manifest["lang"] == language
    assert manifest["theme_color"] == THEME_COLOR
    assert manifest["background_color"]
    # Nothing from another host.
    assert all(icon["src"].startswith("/") for icon in manifest["icons"])


def test_every_page_names_the_manifest_the_theme_and_the_worker(client):
    page = client.get(reverse("home")).text
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert f'<meta name="theme-color" content="{THEME_COLOR}">' in page
    # Registered from a static file: the CSP forbids inline script.
    assert re.search(
        r'<script src="[^"]*js/app\.js" data-service-worker="/sw\.js"', page
    )
    assert (
        "navigator.serviceWorker.register"
        in Path(static_file("/static/js/app.js")).read_text()
    )
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    assert "worker-src 'self'" in policy
    assert "manifest-src 'self'" in policy


def test_the_service_worker_is_served_from_the_root_with_what_it_keeps(client):
    answer = client.get("/sw.js")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/javascript")
    assert answer["Service-Worker-Allowed"] == "/"
    assert "no-cache" in answer["Cache-Control"]
    source = answer.content.decode()
    config = json.loads(re.match(r"var CONFIG = (.*);\n", source).group(1))
    assert config["offline"] == reverse("offline")
    assert config["offline"] in config["precache"]
    for handler in ("install", "activate", "fetch", "push", "notificationclick"):
        assert f'addEventListener("{handler}"' in source
    # Everything it keeps is served, from this site.
    for url in config["precache"]:
        assert url.startswith("/")
        if url.startswith("/" + settings.STATIC_URL.strip("/")):
            assert static_file(url)
        else:
            assert client.get(url).status_code == 200
    # The same file gives the same worker; the browser updates only on change.
    assert client.get("/sw.js").content == answer.content


def test_the_offline_page_is_friendly_and_names_nobody(client):
    member = ProfileFactory(pseudonym="Gisèle Tournesol").user
    client.force_login(member)
    page = client.get(reverse("offline"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "No connection for now" in page.text
    assert "Try again" in page.text
    assert "Gisèle" not in page.text
    assert "<script" not in page.text


def test_the_app_files_are_reached_by_a_member_who_must_first_change_password(client):
    member = ProfileFactory().user
    member.must_change_password = True
    member.save()
    client.force_login(member)
    for url in ("/manifest.webmanifest", "/sw.js", reverse("offline")):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("home")).status_code == 302
