from django.urls import path

from . import views

urlpatterns = [
    path(
        "neighbourhoods/<slug:slug>/manage/indicators/",
        views.neighbourhood_dashboard,
        name="indicators_neighbourhood",
    ),
    path(
        "neighbourhoods/<slug:slug>/manage/indicators/export.csv",
        views.neighbourhood_export,
        name="indicators_neighbourhood_export",
    ),
    path(
        "neighbourhoods/<slug:slug>/manage/poster/",
        views.neighbourhood_poster,
        name="neighbourhood_poster",
    ),
    path(
        "organisations/<int:pk>/indicators/",
        views.organisation_dashboard,
        name="indicators_organisation",
    ),
    path(
        "organisations/<int:pk>/indicators/export.csv",
        views.organisation_export,
        name="indicators_organisation_export",
    ),
]
