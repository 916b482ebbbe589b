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

        # Django's sites framework names the site in allauth's e-mails: its
        # record follows SITE_NAME and SITE_URL after every migrate.
        from django.db.models.signals import post_migrate

        post_migrate.connect(sync_site, dispatch_uid="community.site")

        from . import checks  # noqa: F401 - registers the deployment checks


def sync_site(sender, using="default", **kwargs):
    from django.apps import apps
    from django.conf import settings

    if sender.name != "community" or not apps.is_installed("django.contrib.sites"):
        return
    from urllib.parse import urlsplit

    from django.contrib.sites.models import Site

    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={
            "domain": urlsplit(settings.SITE_URL).netloc,
            "name": settings.SITE_NAME,
        },
    )
