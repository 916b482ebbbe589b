from django.urls import path

from . import views

urlpatterns = [
    path("me/data/", views.my_data, name="rights_my_data"),
    path("me/data/export/", views.export_request, name="rights_export"),
    path(
        "me/data/export/<str:token>/",
        views.export_download,
        name="rights_export_download",
    ),
    path(
        "neighbourhoods/<slug:slug>/manage/desk/<int:user_id>/delete/",
        views.desk_deletion,
        name="rights_desk_deletion",
    ),
]
