"""The neighbourhoods' URLs, under /neighbourhoods/: finding and joining one,
then a neighbourhood's own pages, with its moderators' tools under manage/."""

from django.urls import include, path

from .views import codes, desk, journal, manage, public

# manage/desk/<user_id>/: one resident at the desk.
resident_patterns = [
    path("", desk.manage_resident, name="manage_resident"),
    path("profile/", desk.manage_resident_profile, name="manage_resident_profile"),
    path("password/", desk.manage_resident_password, name="manage_resident_password"),
    path("messages/", desk.manage_resident_messages, name="manage_resident_messages"),
    path(
        "messages/<int:conversation_id>/",
        desk.manage_resident_conversation,
        name="manage_resident_conversation",
    ),
    path(
        "messages/<int:conversation_id>/read/",
        desk.manage_resident_conversation_read,
        name="manage_resident_conversation_read",
    ),
]

# manage/codes/
code_patterns = [
    path("", codes.manage_codes, name="manage_codes"),
    path("<int:code_id>/", codes.manage_code_card, name="manage_code_card"),
    path(
        "<int:code_id>/withdraw/", codes.manage_code_revoke, name="manage_code_revoke"
    ),
]

# <slug>/manage/: the moderators' and coordinators' pages.
manage_patterns = [
    path("", manage.manage_home, name="manage_home"),
    path("requests/<int:membership_id>/", manage.manage_decide, name="manage_decide"),
    path("roles/<int:membership_id>/", manage.manage_role, name="manage_role"),
    path("codes/", include(code_patterns)),
    path("edit/", manage.manage_edit, name="manage_edit"),
    path("desk/", desk.manage_desk, name="manage_desk"),
    path("desk/<int:user_id>/", include(resident_patterns)),
    path("journal/", journal.manage_journal, name="manage_journal"),
]

# <slug>/: one neighbourhood.
neighbourhood_patterns = [
    path("", public.neighbourhood_detail, name="neighbourhood_detail"),
    path("join/", public.neighbourhood_join, name="neighbourhood_join"),
    path("leave/", public.neighbourhood_leave, name="neighbourhood_leave"),
    path("charter/", public.charter_accept, name="charter_accept"),
    path("members/", public.neighbourhood_members, name="neighbourhood_members"),
    path("consent/withdraw/", desk.consent_withdraw, name="consent_withdraw"),
    path("manage/", include(manage_patterns)),
]

urlpatterns = [
    path("", public.neighbourhood_list, name="neighbourhood_list"),
    path("join/", public.join_with_code, name="join_with_code"),
    path("<slug:slug>/", include(neighbourhood_patterns)),
]
