"""Push notifications (Web Push, RFC 8030, with VAPID, RFC 8292): news sent
to the devices on which a member turned push on, encrypted for each device
(RFC 8291) and written in the member's language. Sent by the task queue
(`notifications.tasks.push_news`), never inside a request; a device its push
service says is gone (404 or 410) is forgotten."""

import json
import logging
import re
from email.utils import parseaddr
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.utils import translation
from py_vapid import Vapid
from py_vapid.utils import b64urlencode
from pywebpush import WebPushException, webpush

from community.models import User

from . import texts
from .models import Notification, PushSubscription

logger = logging.getLogger(__name__)

# A push service answers this for a subscription that no longer exists.
GONE = {404, 410}
# Seconds to wait for a push service.
PUSH_TIMEOUT_SECONDS = 10


def enabled() -> bool:
    """Whether the site can push (a VAPID key is set)."""
    return bool(settings.VAPID_PRIVATE_KEY)


def _vapid() -> Vapid:
    return Vapid.from_string(private_key=settings.VAPID_PRIVATE_KEY)


def public_key() -> str:
    """The key browsers subscribe with (applicationServerKey): the public
    half of VAPID_PRIVATE_KEY, as an uncompressed point in base64url."""
    raw = _vapid().public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64urlencode(raw)


def make_keys() -> tuple[str, str]:
    """A new VAPID key pair: (private, public), both in base64url."""
    vapid = Vapid()
    vapid.generate_keys()
    number = vapid.private_key.private_numbers().private_value
    private = b64urlencode(number.to_bytes(32, "big"))
    raw = vapid.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return private, b64urlencode(raw)


def subject() -> str:
    """Who the push services may contact about our pushes."""
    if settings.VAPID_SUBJECT:
        return settings.VAPID_SUBJECT
    return "mailto:" + parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def allowed_endpoint(endpoint: str) -> bool:
    """An address of a known push service (PUSH_SERVICE_HOSTS): the server
    posts to nothing else."""
    try:
        parts = urlsplit(endpoint)
        host = (parts.hostname or "").lower()
    except ValueError:
        return False
    if parts.scheme not in settings.PUSH_SERVICE_SCHEMES or not host:
        return False
    return any(
        host == allowed or host.endswith("." + allowed)
        for allowed in settings.PUSH_SERVICE_HOSTS
    )


_BROWSERS = (
    ("SamsungBrowser", "Samsung Internet"),
    ("Firefox", "Firefox"),
    ("FxiOS", "Firefox"),
    ("Edg", "Edge"),
    ("OPR", "Opera"),
    ("CriOS", "Chrome"),
    ("Chrome", "Chrome"),
    ("Safari", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS", "Mac"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def device_label(user_agent: str) -> str:
    """A short name for a device, from its browser's User-Agent: "Firefox,
    Android". Empty when nothing is recognised."""
    browser = next((name for word, name in _BROWSERS if word in user_agent), "")
    system = next((name for word, name in _SYSTEMS if word in user_agent), "")
    return ", ".join(part for part in (browser, system) if part)


def news_of(notification: Notification) -> dict:
    """What the task needs to push a notification, however it was stored."""
    return {
        "user": notification.user_id,
        "message": notification.message,
        "params": notification.params,
        "text": notification.text,
        "url": notification.url,
        # One notice per subject on a device: a newer one replaces it.
        "tag": re.sub(r"\W+", "-", f"{notification.kind}-{notification.url}")[:60],
    }


def queue(notifications: list[Notification]) -> None:
    """Have the task queue push these notifications (after commit)."""
    if not notifications or not enabled():
        return
    # Imported here: the tasks call this module.
    from . import tasks

    tasks.push_news([news_of(notification) for notification in notifications])


def send_news(*, items: list[dict]) -> int:
    """Push each piece of news to every device of its member, written in the
    member's language. Returns how many pushes the push services accepted."""
    if not items or not enabled():
        return 0
    users = User.objects.in_bulk([item["user"] for item in items])
    devices: dict[int, list[PushSubscription]] = {}
    for device in PushSubscription.objects.filter(user_id__in=users):
        devices.setdefault(device.user_id, []).append(device)
    vapid = _vapid()
    sent = 0
    for item in items:
        user = users.get(item["user"])
        if user is None or not devices.get(user.pk):
            continue
        language = texts.reader_language(user)
        with translation.override(language):
            body = texts.render(item["message"], item["params"], item["text"])
            payload = json.dumps(
                {
                    "title": str(settings.SITE_NAME),
                    "body": body,
                    "url": item["url"] or "/",
                    "tag": item["tag"],
                    "lang": language,
                }
            )
        for device in devices[user.pk]:
            sent += _deliver(device, payload, vapid)
    return sent


def _deliver(device: PushSubscription, payload: str, vapid: Vapid) -> int:
    try:
        webpush(
            subscription_info={
                "endpoint": device.endpoint,
                "keys": {"p256dh": device.p256dh, "auth": device.auth},
            },
            data=payload,
            vapid_private_key=vapid,
            vapid_claims={"sub": subject()},
            ttl=settings.PUSH_TTL_SECONDS,
            timeout=PUSH_TIMEOUT_SECONDS,
        )
    except WebPushException as error:
        status = getattr(error.response, "status_code", None)
        if status in GONE:
            # The browser unsubscribed, or the device is gone.
            PushSubscription.objects.filter(pk=device.pk).delete()
        else:
            logger.warning("push to device %s refused: %s", device.pk, status)
        return 0
    except (requests.RequestException, ValueError) as error:
        logger.warning("push to device %s failed: %s", device.pk, error)
        return 0
    return 1
