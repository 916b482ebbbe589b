from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def get_password_change_redirect_url(self, request):
        # After choosing a password (the first one, for accounts made at the
        # desk), people go on to their page rather than stay on the form.
        return reverse("home")
