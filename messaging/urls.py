from django.urls import path

from . import views

urlpatterns = [
    path("conversations/", views.conversation_list, name="conversation_list"),
    path("conversations/new/", views.conversation_start, name="conversation_start"),
    path(
        "conversations/<int:pk>/",
        views.conversation_detail,
        name="conversation_detail",
    ),
    path(
        "neighbourhoods/<slug:slug>/manage/room/",
        views.staff_room,
        name="staff_room",
    ),
]
