from django.conf import settings


def display_preferences(request):
    """The member's reading comfort, applied to every page by base.html."""
    user = getattr(request, "user", None)
    profile = getattr(user, "profile", None) if user and user.is_authenticated else None
    return {
        "larger_text": bool(profile and profile.larger_text),
        "reduced_motion": bool(profile and profile.reduced_motion),
    }


def accessibility_conformance(request):
    """The conformance state the footer of every page names (RGAA)."""
    return {"accessibility_conformance": settings.ACCESSIBILITY_CONFORMANCE}
