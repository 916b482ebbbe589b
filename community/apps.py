from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "community"
    verbose_name = _("Community")

    def ready(self):
        # allauth owns the password change; we hear of it at its border.
        from allauth.account.signals import password_changed, password_reset

        from . import services

        def on_password_changed(sender, request, user, **kwargs):
            services.password_was_changed(user=user)

        password_changed.connect(on_password_changed, dispatch_uid="community.pwd")
        password_reset.connect(on_password_changed, dispatch_uid="community.reset")
