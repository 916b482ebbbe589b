from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("manifest.webmanifest", views.web_manifest, name="web_manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
    path("language/", views.set_language, name="set_language"),
    path("text-size/", views.text_size, name="text_size"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
    path(
        "profile/welcome/",
        views.profile_edit,
        {"welcome": True},
        name="profile_welcome",
    ),
    path("members/<int:pk>/", views.profile_detail, name="profile_detail"),
    path("members/<int:pk>/block/", views.block, name="block"),
    path("me/blocked/", views.blocked_members, name="blocked_members"),
    path("privacy/", views.privacy, name="privacy"),
    path("legal/", views.legal_notice, name="legal_notice"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
