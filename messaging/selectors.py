from django.db.models import QuerySet

from .models import Notification


def notifications_of(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def unread_count(*, user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def preferences_of(*, user) -> dict[str, str]:
    from .models import NotificationPreference

    return dict(
        NotificationPreference.objects.filter(user=user).values_list("kind", "channel")
    )
