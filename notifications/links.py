"""The links every e-mail but the account ones carries: to the notification
settings, and to stop one kind of e-mail without logging in (a signed token,
RFC 8058's one-click `List-Unsubscribe`)."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def absolute(path: str) -> str:
    """`path` on the site's configured address (SITE_URL), for e-mails."""
    return settings.SITE_URL.rstrip("/") + path if path.startswith("/") else path


def settings_url() -> str:
    return absolute(reverse("notification_settings"))


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(member, kind) named by a token; raises signing.BadSignature if forged."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    try:
        return int(data["u"]), str(data["k"])
    except (KeyError, TypeError, ValueError) as error:
        raise signing.BadSignature("not an unsubscribe token") from error


def unsubscribe_url(*, user_id: int, kind: str) -> str:
    token = unsubscribe_token(user_id=user_id, kind=kind)
    return absolute(reverse("notification_unsubscribe", args=[token]))


def list_headers(*, user_id: int, kind: str) -> dict[str, str]:
    """The headers by which a mail program offers to stop this kind of e-mail
    in one click (RFC 2369 and RFC 8058)."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(user_id=user_id, kind=kind)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
