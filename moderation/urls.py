from django.urls import path

from . import views

urlpatterns = [
    path(
        "report/<str:target>/<int:pk>/",
        views.report,
        name="moderation_report",
    ),
    path(
        "neighbourhoods/<slug:slug>/manage/cases/",
        views.queue,
        name="moderation_queue",
    ),
    path(
        "neighbourhoods/<slug:slug>/manage/cases/<int:pk>/",
        views.case_detail,
        name="moderation_case",
    ),
    path(
        "neighbourhoods/<slug:slug>/manage/watch-list/",
        views.watch_list,
        name="moderation_watch_list",
    ),
]
