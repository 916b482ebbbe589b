"""Push notifications over the real protocol: a push service of our own (a
small HTTP server in a thread) receives what the site sends; the test
decrypts it with the device's keys, as a browser would (RFC 8291), checks the
VAPID signature (RFC 8292), and a push service that answers 410 makes the site
forget the device. Then the settings: turning push on and off per device,
"push" as a channel beside the site and e-mail for each kind."""

import base64
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from notifications import push, services
from notifications.models import Notification, NotificationPreference, PushSubscription
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class PushService:
    """A push service on 127.0.0.1: keeps every request, answers `status`."""

    def __init__(self):
        self.received = []
        self.status = 201
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                service.received.append(
                    {
                        "path": self.path,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": self.rfile.read(length),
                    }
                )
                self.send_response(service.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Device:
    """A browser's side of a subscription: its own key pair and secret."""

    def __init__(self, endpoint: str):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.endpoint = endpoint
        self.p256dh = b64(
            self.key.public_key().public_bytes(
                serialization.Encoding.X962,
                serialization.PublicFormat.UncompressedPoint,
            )
        )

    def subscription(self) -> dict[str, str]:
        return {
            "endpoint": self.endpoint,
            "p256dh": self.p256dh,
            "auth": b64(self.auth),
        }

    def decrypt(self, body: bytes) -> dict:
        plain = http_ece.decrypt(
            body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"
        )
        return json.loads(plain)


@pytest.fixture
def service(settings):
    private, _public = push.make_keys()
    settings.VAPID_PRIVATE_KEY = private
    settings.VAPID_SUBJECT = "mailto:equipe@voisins.example"
    settings.PUSH_SERVICE_HOSTS = ["127.0.0.1"]
    settings.PUSH_SERVICE_SCHEMES = ["http"]
    running = PushService()
    yield running
    running.close()


def check_vapid(headers: dict, audience: str) -> None:
    """The request is signed with the site's key, for this push service."""
    scheme, _space, rest = headers["authorization"].partition(" ")
    assert scheme == "vapid"
    fields = dict(part.split("=", 1) for part in rest.split(","))
    assert fields["k"] == push.public_key()
    head, claims, signature = fields["t"].split(".")
    raw = unb64(signature)
    public = ec.EllipticCurvePublicKey.from_encoded_point(
        ec.SECP256R1(), unb64(fields["k"])
    )
    public.verify(
        encode_dss_signature(
            int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")
        ),
        f"{head}.{claims}".encode(),
        ec.ECDSA(hashes.SHA256()),
    )
    said = json.loads(unb64(claims))
    assert said["aud"] == audience
    assert said["sub"] == "mailto:equipe@voisins.example"


def test_news_reaches_the_device_encrypted_signed_and_in_its_readers_language(
    client, service, django_capture_on_commit_callbacks
):
    reader = ProfileFactory(user__language="en").user
    device = Device(f"{service.origin}/push/abc")
    client.force_login(reader)
    answer = client.post(
        reverse("push_subscribe"),
        device.subscription(),
        HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) Chrome/130 Mobile",
    )
    assert answer.status_code == 201
    (subscription,) = PushSubscription.objects.filter(user=reader)
    assert subscription.device == "Chrome, Android"

    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            user=reader,
            kind=Kind.RESPONSE,
            message="response.new",
            params={"name": "Lucas", "title": "Pain au levain"},
            url="/listings/7/",
        )
    (request,) = service.received
    assert request["path"] == "/push/abc"
    assert request["headers"]["content-encoding"] == "aes128gcm"
    assert int(request["headers"]["ttl"]) > 0
    check_vapid(request["headers"], service.origin)
    payload = device.decrypt(request["body"])
    assert payload["body"] == "Lucas answered your listing “Pain au levain”"
    assert payload["url"] == "/listings/7/"
    assert payload["lang"] == "en"
    assert payload["title"]
    # Nobody else can read it: another device's keys do not open it.
    with pytest.raises(Exception):  # noqa: B017, PT011 - any refusal will do
        Device(device.endpoint).decrypt(request["body"])


def test_a_device_the_push_service_says_is_gone_is_forgotten(
    service, django_capture_on_commit_callbacks
):
    reader = ProfileFactory().user
    gone = Device(f"{service.origin}/push/gone")
    services.turn_push_on(user=reader, **gone.subscription())
    service.status = 410
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(user=reader, kind=Kind.EXCHANGE, text="Accepté")
    assert len(service.received) == 1
    assert not PushSubscription.objects.filter(user=reader).exists()
    # Any other refusal keeps it, for the next time.
    kept = Device(f"{service.origin}/push/busy")
    services.turn_push_on(user=reader, **kept.subscription())
    service.status = 503
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(user=reader, kind=Kind.EXCHANGE, text="Encore")
    assert PushSubscription.objects.filter(user=reader).count() == 1


def test_push_is_a_channel_chosen_per_kind(
    client, service, django_capture_on_commit_callbacks
):
    reader = ProfileFactory().user
    services.turn_push_on(
        user=reader, **Device(f"{service.origin}/push/x").subscription()
    )
    # Suggestions are not pushed unless asked; answers are.
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(user=reader, kind=Kind.MATCH, text="Nouveau", key="l:1")
        services.notify(user=reader, kind=Kind.RESPONSE, text="Réponse", key="r:1")
    assert len(service.received) == 1
    client.force_login(reader)
    page = client.get(reverse("notification_settings"))
    form = page.context["form"]
    data = {name: field.initial for name, field in form.fields.items() if field.initial}
    data["match_push"] = "on"
    data.pop("response_push")
    assert client.post(reverse("notification_settings"), data).status_code == 302
    choices = dict(
        NotificationPreference.objects.filter(user=reader).values_list("kind", "push")
    )
    assert choices[Kind.MATCH] is True
    assert choices[Kind.RESPONSE] is False
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(user=reader, kind=Kind.MATCH, text="Nouveau", key="l:2")
        services.notify(user=reader, kind=Kind.RESPONSE, text="Réponse", key="r:2")
    assert len(service.received) == 2


def test_nothing_is_pushed_to_a_member_without_a_device(
    service, django_capture_on_commit_callbacks
):
    reader = ProfileFactory().user
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(user=reader, kind=Kind.RESPONSE, text="Réponse")
    assert service.received == []


def test_a_conversations_count_is_pushed_again_under_the_same_tag(
    service, django_capture_on_commit_callbacks
):
    from messaging import services as messaging_services
    from tests.factories import MembershipFactory, NeighbourhoodFactory
    from tests.messaging.test_conversations import send

    neighbourhood = NeighbourhoodFactory()
    one = MembershipFactory(neighbourhood=neighbourhood).user
    other = MembershipFactory(neighbourhood=neighbourhood).user
    other.language = "en"
    other.save(update_fields=["language"])
    device = Device(f"{service.origin}/push/phone")
    services.turn_push_on(user=other, **device.subscription())
    conversation = messaging_services.start_conversation(
        user=one, other=other, neighbourhood=neighbourhood
    )
    for _i in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            send(one, conversation)
    first, second = (device.decrypt(r["body"]) for r in service.received)
    assert second["body"] == f"{one.display_name} wrote to you (2)"
    assert first["tag"] == second["tag"]


# Turning push on and off


def test_the_subscription_is_posted_with_csrf_and_checked(service):
    member = ProfileFactory().user
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    device = Device(f"{service.origin}/push/1")
    assert strict.post(
        reverse("push_subscribe"), device.subscription()
    ).status_code == (403)
    client = Client()
    client.force_login(member)
    for bad in (
        {**device.subscription(), "endpoint": "https://evil.example/push"},
        {**device.subscription(), "p256dh": "short"},
        {**device.subscription(), "auth": ""},
    ):
        answer = client.post(reverse("push_subscribe"), bad)
        assert answer.status_code == 400
        assert answer.json()["error"]
    assert not PushSubscription.objects.exists()
    assert Client().post(
        reverse("push_subscribe"), device.subscription()
    ).status_code == (302)


def test_a_device_moves_to_the_member_who_turned_push_on_last(service):
    first, second = ProfileFactory().user, ProfileFactory().user
    device = Device(f"{service.origin}/push/shared")
    services.turn_push_on(user=first, **device.subscription())
    services.turn_push_on(user=second, **device.subscription())
    (subscription,) = PushSubscription.objects.all()
    assert subscription.user == second


def test_a_member_turns_push_off_for_their_own_devices_only(client, service):
    owner, other = ProfileFactory().user, ProfileFactory().user
    device = services.turn_push_on(
        user=owner, **Device(f"{service.origin}/push/mine").subscription()
    )
    client.force_login(other)
    url = reverse("push_unsubscribe", args=[device.pk])
    assert client.post(url).status_code == 404
    assert PushSubscription.objects.filter(pk=device.pk).exists()
    client.force_login(owner)
    page = client.get(reverse("notification_settings")).text
    assert f'action="{url}"' in page
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not PushSubscription.objects.filter(pk=device.pk).exists()


def test_the_settings_page_says_push_needs_javascript(client, service):
    member = ProfileFactory().user
    client.force_login(member)
    page = client.get(reverse("notification_settings"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Turning push on needs JavaScript" in page.text
    assert f'data-push-key="{push.public_key()}"' in page.text
    assert "js/push.js" in page.text


def test_without_a_key_the_site_offers_no_push(client, settings):
    settings.VAPID_PRIVATE_KEY = ""
    member = ProfileFactory().user
    client.force_login(member)
    page = client.get(reverse("notification_settings"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Push notifications are not available on this site." in page.text
    assert "data-push-key" not in page.text
    assert not any(name.endswith("_push") for name in page.context["form"].fields)


def test_the_command_makes_a_key_pair_and_prints_the_settings(capsys, settings):
    call_command("make_vapid_keys", subject="mailto:equipe@voisins.example")
    lines = dict(
        line.split("=", 1)
        for line in capsys.readouterr().out.splitlines()
        if not line.startswith("#")
    )
    assert lines["VAPID_SUBJECT"] == "mailto:equipe@voisins.example"
    assert len(unb64(lines["VAPID_PRIVATE_KEY"])) == 32
    settings.VAPID_PRIVATE_KEY = lines["VAPID_PRIVATE_KEY"]
    assert len(unb64(push.public_key())) == 65


def test_a_member_keeps_a_bounded_number_of_devices(service):
    member = ProfileFactory().user
    made = [
        services.turn_push_on(
            user=member, **Device(f"{service.origin}/push/{n}").subscription()
        )
        for n in range(services.PUSH_DEVICES_MAX + 2)
    ]
    kept = set(
        PushSubscription.objects.filter(user=member).values_list("pk", flat=True)
    )
    assert len(kept) == services.PUSH_DEVICES_MAX
    assert kept == {device.pk for device in made[2:]}
