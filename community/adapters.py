from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from .security import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_password_change_redirect_url(self, request):
        # After choosing a password (the first one, for accounts made at the
        # desk), people go on to their page rather than stay on the form.
        return reverse("home")

    def get_client_ip(self, request):
        # Rate limits of logins and sign-ups key on the person's address,
        # not on the reverse proxy's (shared by everyone).
        return client_ip(request)
