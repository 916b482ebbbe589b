from django.urls import path

from . import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path(
        "notifications/settings/",
        views.notification_settings,
        name="notification_settings",
    ),
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
