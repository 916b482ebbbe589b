"""What the mentoring services share: the one place where members and
moderators are told, once the change is committed."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import translation

from community.models import User
from neighbourhoods import selectors as neighbourhood_selectors
from notifications import services as notification_services
from notifications.models import Notification

from ..models import Pair


def tell_on_commit(
    *, users, message: str, params: dict, url: str, key: str = "", safety=False
) -> None:
    """Tell these members once the change is committed: `message` of
    notifications.texts with its `params`, written in each reader's language
    when read; news of a pair as news of an exchange, what concerns the
    moderators' safety queue as moderation."""
    notification_services.notify_many_on_commit(
        users=users,
        kind=Notification.Kind.MODERATION if safety else Notification.Kind.EXCHANGE,
        message=message,
        params=params,
        url=url,
        key=key,
    )


def staff_of(neighbourhood, *, besides=()):
    ids = neighbourhood_selectors.staff_ids(neighbourhood_id=neighbourhood.pk)
    return list(
        User.objects.filter(pk__in=ids - set(besides)).select_related("profile")
    )


def email_now_on_commit(*, users, subject, body) -> None:
    """An e-mail to each of these people whatever their notification settings
    (a safety report must reach the moderators), in their language."""
    users = [user for user in users if user.email]

    def send():
        messages = []
        for user in users:
            with translation.override(user.language or settings.LANGUAGE_CODE):
                messages.append(
                    (
                        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + str(subject()),
                        str(body()),
                        None,
                        [user.email],
                    )
                )
        send_mass_mail(messages, fail_silently=True)

    if users:
        transaction.on_commit(send)


def pair_url(pair: Pair) -> str:
    return pair.get_absolute_url()
