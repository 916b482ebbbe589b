from django.urls import path

from . import views

urlpatterns = [
    path("listings/", views.listing_list, name="listing_list"),
    path("listings/new/", views.listing_create, name="listing_create"),
    path(
        "listings/new/for/<slug:slug>/<int:user_id>/",
        views.listing_create_for,
        name="listing_create_for",
    ),
    path("listings/similar/", views.listing_similar, name="listing_similar"),
    path("listings/mine/", views.my_exchanges, name="my_exchanges"),
    path("listings/<int:pk>/", views.listing_detail, name="listing_detail"),
    path("listings/<int:pk>/edit/", views.listing_edit, name="listing_edit"),
    path("listings/<int:pk>/close/", views.listing_cancel, name="listing_cancel"),
    path("listings/<int:pk>/renew/", views.listing_renew, name="listing_renew"),
    path("listings/<int:pk>/hide/", views.listing_hide, name="listing_hide"),
    path("listings/<int:pk>/respond/", views.listing_respond, name="listing_respond"),
    path("responses/<int:pk>/accept/", views.response_accept, name="response_accept"),
    path("responses/<int:pk>/done/", views.response_done, name="response_done"),
    path(
        "responses/<int:pk>/decline/", views.response_decline, name="response_decline"
    ),
    path(
        "responses/<int:pk>/withdraw/",
        views.response_withdraw,
        name="response_withdraw",
    ),
    path("responses/<int:pk>/thanks/", views.response_thanks, name="response_thanks"),
    path("for-you/", views.for_you, name="for_you"),
    path(
        "neighbourhoods/<slug:slug>/manage/categories/",
        views.manage_categories,
        name="manage_categories",
    ),
    path(
        "neighbourhoods/<slug:slug>/manage/landmarks/",
        views.manage_landmarks,
        name="manage_landmarks",
    ),
    path(
        "neighbourhoods/<slug:slug>/manage/landmarks/<int:pk>/",
        views.manage_landmarks,
        name="manage_landmark_edit",
    ),
    path(
        "neighbourhoods/<slug:slug>/manage/landmarks/<int:pk>/remove/",
        views.manage_landmark_remove,
        name="manage_landmark_remove",
    ),
    path(
        "neighbourhoods/<slug:slug>/manage/thesaurus/",
        views.manage_thesaurus,
        name="manage_thesaurus",
    ),
    path(
        "neighbourhoods/<slug:slug>/manage/thesaurus/<int:pk>/remove/",
        views.manage_thesaurus_remove,
        name="manage_thesaurus_remove",
    ),
]
