from . import selectors


def unread_notifications(request):
    """The number shown on the header's notifications link."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": selectors.unread_count(user=user)}
