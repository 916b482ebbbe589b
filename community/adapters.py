from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from realtime import events

from .models import User
from .security import client_ip


def user_display(user) -> str:
    """How allauth names a member in its messages: their pseudonym."""
    return str(user.display_name)


class AccountAdapter(DefaultAccountAdapter):
    def get_password_change_redirect_url(self, request):
        # After choosing a password (the first one, for accounts made at the
        # desk), people go on to their page rather than stay on the form.
        return reverse("home")

    def get_client_ip(self, request):
        # Rate limits of logins and sign-ups key on the person's address,
        # not on the reverse proxy's (shared by everyone).
        return client_ip(request)

    def logout(self, request):
        # The sockets opened under this login session close with it: an old
        # page cannot go on reading or sending after logging out.
        session_key = request.session.session_key
        super().logout(request)
        events.end_sessions(session_key=session_key)

    def send_mail(self, template_prefix, email, context):
        """The account e-mails name the site and its address, and speak the
        member's language when they chose one (otherwise the page's)."""
        context = {
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            **context,
        }
        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        language = getattr(user, "language", "") or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)
