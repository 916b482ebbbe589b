from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self):
        # The apps that make listings and messages ask neighbourhoods.review,
        # below them; the watch list that answers is ours.
        from neighbourhoods import review

        from . import watchlist
        from .services import watchlist as watchlist_services

        review.plug_in(
            review.Reviewer(matches=watchlist.matches, hold=watchlist_services.hold)
        )
