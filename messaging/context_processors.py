from notifications import selectors as notification_selectors

from . import selectors


def unread_notifications(request):
    """The numbers shown on the header's messages and notifications links."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0, "unread_messages": 0}
    return {
        "unread_notifications": notification_selectors.unread_count(user=user),
        "unread_messages": selectors.unread_messages_count(user=user),
    }
