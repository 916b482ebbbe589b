from django.urls import path

from . import views

app_name = "mentoring"

urlpatterns = [
    path("", views.my_pairs, name="my_pairs"),
    path("safety-rules/", views.safety_rules, name="safety_rules"),
    path("safety/", views.safety_queue, name="safety"),
    path("safety/<int:pk>/handle/", views.safety_handle, name="safety_handle"),
    path("with/<int:profile_pk>/", views.pair_propose, name="propose"),
    path("pairs/<int:pk>/", views.pair_detail, name="pair"),
    path("pairs/<int:pk>/accept/", views.pair_accept, name="accept"),
    path("pairs/<int:pk>/decline/", views.pair_decline, name="decline"),
    path("pairs/<int:pk>/decide/", views.pair_decide, name="decide"),
    path("pairs/<int:pk>/pause/", views.pair_pause, name="pause"),
    path("pairs/<int:pk>/resume/", views.pair_resume, name="resume"),
    path("pairs/<int:pk>/end/", views.pair_end, name="end"),
    path("pairs/<int:pk>/contact/", views.pair_contact, name="contact"),
    path("pairs/<int:pk>/hand-over/", views.pair_hand_over, name="hand_over"),
    path("pairs/<int:pk>/note/", views.pair_note, name="note"),
    path("pairs/<int:pk>/meetings/", views.meeting_plan, name="plan"),
    path(
        "pairs/<int:pk>/uncomfortable/",
        views.pair_uncomfortable,
        name="uncomfortable",
    ),
    path("meetings/<int:pk>/held/", views.meeting_held, name="held"),
    path("meetings/<int:pk>/log/", views.meeting_log, name="log"),
    path("attestations/", views.attestation_list, name="attestations"),
    path("attestations/<str:code>/", views.attestation_detail, name="attestation"),
    path("attestations/<str:code>.pdf", views.attestation_pdf, name="attestation_pdf"),
    path("verify/", views.verify, name="verify"),
    path("follow/<slug:slug>/", views.follow_up, name="follow_up"),
    path("follow/<slug:slug>/settings/", views.follow_settings, name="settings"),
    path("follow/<slug:slug>/propose/", views.follow_propose, name="staff_propose"),
    path("follow/<slug:slug>/consent/", views.follow_consent, name="consent"),
    path("follow/<slug:slug>/care/", views.follow_care, name="care"),
    path(
        "follow/<slug:slug>/consent/withdraw/",
        views.follow_withdraw,
        name="consent_withdraw",
    ),
    path("follow/<slug:slug>/care/lift/", views.follow_lift, name="care_lift"),
]
