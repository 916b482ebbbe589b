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
    path(
        "notifications/push/",
        views.push_subscribe,
        name="push_subscribe",
    ),
    path(
        "notifications/push/<int:pk>/off/",
        views.push_unsubscribe,
        name="push_unsubscribe",
    ),
    path(
        "notifications/unsubscribe/<str:token>/",
        views.unsubscribe,
        name="notification_unsubscribe",
    ),
]
