from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exchanges"
    verbose_name = _("Exchanges")

    def ready(self):
        # A member who leaves a neighbourhood closes their listings there; the
        # membership service, below us, calls what we plug in.
        from neighbourhoods import departures

        from .services import close_listings_of_departed

        departures.plug_in(close_listings_of_departed)
