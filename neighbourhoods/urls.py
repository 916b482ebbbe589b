from django.urls import path

from . import views

urlpatterns = [
    path("", views.neighbourhood_list, name="neighbourhood_list"),
    path("join/", views.join_with_code, name="join_with_code"),
    path("<slug:slug>/", views.neighbourhood_detail, name="neighbourhood_detail"),
    path("<slug:slug>/join/", views.neighbourhood_join, name="neighbourhood_join"),
    path("<slug:slug>/leave/", views.neighbourhood_leave, name="neighbourhood_leave"),
    path("<slug:slug>/charter/", views.charter_accept, name="charter_accept"),
    path(
        "<slug:slug>/members/",
        views.neighbourhood_members,
        name="neighbourhood_members",
    ),
    path(
        "<slug:slug>/consent/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<slug:slug>/manage/", views.manage_home, name="manage_home"),
    path(
        "<slug:slug>/manage/requests/<int:membership_id>/",
        views.manage_decide,
        name="manage_decide",
    ),
    path(
        "<slug:slug>/manage/roles/<int:membership_id>/",
        views.manage_role,
        name="manage_role",
    ),
    path("<slug:slug>/manage/codes/", views.manage_codes, name="manage_codes"),
    path(
        "<slug:slug>/manage/codes/<int:code_id>/",
        views.manage_code_card,
        name="manage_code_card",
    ),
    path(
        "<slug:slug>/manage/codes/<int:code_id>/withdraw/",
        views.manage_code_revoke,
        name="manage_code_revoke",
    ),
    path("<slug:slug>/manage/edit/", views.manage_edit, name="manage_edit"),
    path("<slug:slug>/manage/desk/", views.manage_desk, name="manage_desk"),
    path(
        "<slug:slug>/manage/desk/<int:user_id>/",
        views.manage_resident,
        name="manage_resident",
    ),
    path(
        "<slug:slug>/manage/desk/<int:user_id>/profile/",
        views.manage_resident_profile,
        name="manage_resident_profile",
    ),
    path(
        "<slug:slug>/manage/desk/<int:user_id>/messages/",
        views.manage_resident_messages,
        name="manage_resident_messages",
    ),
    path(
        "<slug:slug>/manage/desk/<int:user_id>/messages/<int:conversation_id>/",
        views.manage_resident_conversation,
        name="manage_resident_conversation",
    ),
    path(
        "<slug:slug>/manage/desk/<int:user_id>/messages/<int:conversation_id>/read/",
        views.manage_resident_conversation_read,
        name="manage_resident_conversation_read",
    ),
    path("<slug:slug>/manage/journal/", views.manage_journal, name="manage_journal"),
]
