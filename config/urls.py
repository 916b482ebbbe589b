"""The site's URLs: each app's, in the order they are tried."""

from django.contrib import admin
from django.urls import include, path

from neighbourhoods import views as neighbourhood_views

urlpatterns = [
    path("", include("community.urls")),
    path("me/help/", neighbourhood_views.my_help, name="my_help"),
    path("neighbourhoods/", include("neighbourhoods.urls")),
    path("organisations/", include("neighbourhoods.setup_urls")),
    path("", include("exchanges.urls")),
    path("", include("notifications.urls")),
    path("", include("messaging.urls")),
    path("", include("workshops.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("", include("moderation.urls")),
    path("", include("indicators.urls")),
    path("", include("rights.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
