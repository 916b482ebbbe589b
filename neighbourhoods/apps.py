from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeighbourhoodsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "neighbourhoods"
    verbose_name = _("Neighbourhoods")
