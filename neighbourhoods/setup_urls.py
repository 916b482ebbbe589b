"""Setting up, under /organisations/: the organisations' pages, creating
their neighbourhoods, accepting an invitation to coordinate."""

from django.urls import path

from .views import setup

urlpatterns = [
    path("", setup.organisation_list, name="organisation_list"),
    path("invitation/", setup.coordinator_accept, name="coordinator_accept"),
    path("<int:pk>/", setup.organisation_detail, name="organisation_detail"),
    path("<int:pk>/logo/", setup.organisation_logo, name="organisation_logo"),
    path(
        "<int:pk>/neighbourhoods/new/",
        setup.neighbourhood_create,
        name="neighbourhood_create",
    ),
]
