from django.urls import path

from . import views

urlpatterns = [
    path("neighbourhoods/<slug:slug>/agenda/", views.agenda, name="agenda"),
    path(
        "neighbourhoods/<slug:slug>/agenda.ics",
        views.neighbourhood_calendar,
        name="neighbourhood_calendar",
    ),
    path("neighbourhoods/<slug:slug>/places/", views.place_list, name="place_list"),
    path(
        "neighbourhoods/<slug:slug>/places/new/", views.place_edit, name="place_create"
    ),
    path(
        "neighbourhoods/<slug:slug>/places/<int:pk>/",
        views.place_edit,
        name="place_edit",
    ),
    path(
        "neighbourhoods/<slug:slug>/events/new/",
        views.event_create,
        name="event_create",
    ),
    path(
        "neighbourhoods/<slug:slug>/workshops/new/",
        views.workshop_create,
        name="workshop_create",
    ),
    path(
        "neighbourhoods/<slug:slug>/workshops/manage/",
        views.manage_workshops,
        name="manage_workshops",
    ),
    path(
        "neighbourhoods/<slug:slug>/workshops/<int:pk>/",
        views.workshop_detail,
        name="workshop_detail",
    ),
    path(
        "neighbourhoods/<slug:slug>/workshops/<int:pk>/edit/",
        views.workshop_edit,
        name="workshop_edit",
    ),
    path(
        "neighbourhoods/<slug:slug>/workshops/<int:pk>/sessions/",
        views.sessions_add,
        name="sessions_add",
    ),
    path(
        "neighbourhoods/<slug:slug>/workshops/<int:pk>/decide/",
        views.workshop_decide,
        name="workshop_decide",
    ),
    path(
        "sessions/<int:pk>/register/",
        views.registration_create,
        name="registration_create",
    ),
    path(
        "sessions/<int:pk>/register-for/",
        views.registration_for,
        name="registration_for",
    ),
    path(
        "sessions/<int:pk>/unregister/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "sessions/<int:pk>/confirm/",
        views.registration_confirm,
        name="registration_confirm",
    ),
    path("sessions/<int:pk>/satisfaction/", views.satisfaction, name="satisfaction"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:pk>/move/", views.session_move, name="session_move"),
    path("sessions/<int:pk>.ics", views.session_calendar, name="session_calendar"),
    path("me/workshops/", views.my_registrations, name="my_registrations"),
    path("me/workshops/calendar/reset/", views.calendar_reset, name="calendar_reset"),
    path("calendar/<str:token>.ics", views.member_calendar, name="member_calendar"),
]
