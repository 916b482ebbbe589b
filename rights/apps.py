from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rights"
    verbose_name = _("Members' rights")

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
