"""Writes for mentoring: pairs, their meetings and logs, and the safeguards.
Each service checks its permission with mentoring.permissions before it
writes; the staff's acts go to the journal; members and moderators are told
through notifications.services, from mentoring.services._common only.

One module per subdomain; callers write `services.propose_pair(...)`."""

from .attestations import issue_attestation
from .follow_up import remind_staff
from .meetings import mark_held, plan_meeting, write_log
from .pairs import (
    accept_pair,
    decide_pair,
    decline_pair,
    end_pair,
    hand_over,
    pause_pair,
    propose_pair,
    resume_pair,
    save_contact,
    save_staff_note,
)
from .safeguarding import (
    handle_safety_report,
    lift_needs_care,
    mark_needs_care,
    record_guardian_consent,
    save_settings,
    say_uncomfortable,
    withdraw_guardian_consent,
)

__all__ = [
    "accept_pair",
    "decide_pair",
    "decline_pair",
    "end_pair",
    "hand_over",
    "issue_attestation",
    "handle_safety_report",
    "lift_needs_care",
    "mark_held",
    "mark_needs_care",
    "pause_pair",
    "plan_meeting",
    "propose_pair",
    "remind_staff",
    "record_guardian_consent",
    "resume_pair",
    "save_contact",
    "save_settings",
    "save_staff_note",
    "say_uncomfortable",
    "withdraw_guardian_consent",
    "write_log",
]
