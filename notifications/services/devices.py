"""The devices a member has turned push notifications on for."""

import base64

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from community.models import User

from .. import push
from ..models import PushSubscription

# A member keeps at most this many devices with push on; the oldest goes.
PUSH_DEVICES_MAX = 10


@transaction.atomic
def turn_push_on(
    *, user: User, endpoint: str, p256dh: str, auth: str, user_agent: str = ""
) -> PushSubscription:
    """Push the member's news to one more device: the subscription its browser
    made with our public key. A device already known now belongs to the
    member who turned push on last on it."""
    if not push.enabled():
        raise ValidationError(
            _("Push notifications are not available on this site."), code="disabled"
        )
    if len(endpoint) > 1000 or not push.allowed_endpoint(endpoint):
        raise ValidationError(_("This push service is not accepted."), code="endpoint")
    if not _key_of_length(p256dh, 65) or not _key_of_length(auth, 16):
        raise ValidationError(_("The keys of this device are not valid."), code="keys")
    device, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={
            "user": user,
            "p256dh": p256dh,
            "auth": auth,
            "device": push.device_label(user_agent)[:100],
        },
    )
    extra = PushSubscription.objects.filter(user=user).order_by("-created_at", "-pk")[
        PUSH_DEVICES_MAX:
    ]
    PushSubscription.objects.filter(
        pk__in=list(extra.values_list("pk", flat=True))
    ).delete()
    return device


def _key_of_length(value: str, length: int) -> bool:
    try:
        return len(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))) == length
    except (ValueError, TypeError):
        return False


def turn_push_off(*, user: User, device_id: int) -> None:
    """No more pushes to this device of the member's. Another member's device
    is not found."""
    deleted, _rows = PushSubscription.objects.filter(user=user, pk=device_id).delete()
    if not deleted:
        raise PushSubscription.DoesNotExist
