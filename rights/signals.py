"""At the border with Django's authentication: logging in during the grace
period of a deletion keeps the account."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import services


@receiver(user_logged_in, dispatch_uid="rights.cancel_deletion_on_login")
def cancel_deletion_on_login(sender, request, user, **kwargs):
    services.cancel_deletion(user=user)
