"""Take my data: everything the site keeps about one member, as one ZIP of
JSON and CSV files. Of other people it names only their pseudonym: never
their e-mail, portrait or anything they wrote."""

import io
import json
import zipfile

from django.conf import settings
from django.utils import timezone

from community.models import Block, Profile, User
from community.selectors import with_keywords
from community.spreadsheet import write as write_csv
from exchanges.models import Listing, Response, Thanks
from messaging.models import Message, Participant
from moderation.models import Report
from neighbourhoods.models import AssistanceConsent, JournalEntry, Membership
from notifications.models import Notification, NotificationPreference

FORMER_MEMBER = "-"


def _pseudonym(user) -> str:
    """Another person as the export names them: their pseudonym only."""
    if user is None:
        return FORMER_MEMBER
    profile = getattr(user, "profile", None)
    return profile.pseudonym if profile is not None else FORMER_MEMBER


def _when(value) -> str:
    return timezone.localtime(value).isoformat() if value else ""


def _profile(user: User) -> dict:
    profile = with_keywords(Profile.objects.filter(user=user)).first()
    data = {
        "email": user.email or "",
        "login_name": user.username or "",
        "language": user.language,
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
    }
    if profile is not None:
        data["profile"] = {
            "pseudonym": profile.pseudonym,
            "portrait": profile.portrait,
            "interests": sorted(profile.interest_labels()),
            "skills": sorted(profile.skill_labels()),
            "languages": profile.languages,
            "age_group": profile.age_group,
            "show_age_group": profile.show_age_group,
            "availability": profile.availability,
            "availability_note": profile.availability_note,
            "portrait_hidden_by_moderators": profile.portrait_hidden,
        }
    data["blocked_members"] = [
        _pseudonym(block.blocked)
        for block in Block.objects.filter(blocker=user).select_related(
            "blocked__profile"
        )
    ]
    return data


def _settings(user: User) -> dict:
    profile = Profile.objects.filter(user=user).first()
    return {
        "language": user.language,
        "larger_text": bool(profile and profile.larger_text),
        "reduced_motion": bool(profile and profile.reduced_motion),
        "notifications": {
            preference.kind: preference.channel
            for preference in NotificationPreference.objects.filter(user=user)
        },
    }


def _tables(user: User) -> dict[str, tuple[list[str], list[list]]]:
    """Each CSV file: its header and rows."""
    tables = {}
    tables["memberships"] = (
        [
            "neighbourhood",
            "role",
            "status",
            "joined_via",
            "charter_version",
            "requested_at",
            "suspended_until",
            "reason_given",
        ],
        [
            [
                m.neighbourhood.name,
                m.role,
                m.status,
                m.joined_via,
                m.charter_version_accepted,
                _when(m.created_at),
                _when(m.suspended_until),
                m.status_reason,
            ]
            for m in Membership.objects.filter(user=user).select_related(
                "neighbourhood"
            )
        ],
    )
    tables["listings"] = (
        [
            "id",
            "neighbourhood",
            "kind",
            "title",
            "description",
            "status",
            "published_at",
            "expires_at",
        ],
        [
            [
                li.pk,
                li.neighbourhood.name,
                li.kind,
                li.title,
                li.description,
                li.status,
                _when(li.created_at),
                _when(li.expires_at),
            ]
            for li in Listing.objects.filter(author=user).select_related(
                "neighbourhood"
            )
        ],
    )
    given = Response.objects.filter(responder=user).select_related(
        "listing__author__profile"
    )
    received = Response.objects.filter(listing__author=user).select_related(
        "responder__profile"
    )
    tables["responses_given"] = (
        [
            "listing_id",
            "listing_author",
            "my_message",
            "status",
            "sent_at",
            "minutes_spent",
        ],
        [
            [
                r.listing_id,
                _pseudonym(r.listing.author),
                r.message,
                r.status,
                _when(r.created_at),
                r.minutes_spent or "",
            ]
            for r in given
        ],
    )
    tables["responses_received"] = (
        ["my_listing_id", "from", "status", "sent_at", "minutes_spent"],
        [
            [
                r.listing_id,
                _pseudonym(r.responder),
                r.status,
                _when(r.created_at),
                r.minutes_spent or "",
            ]
            for r in received
        ],
    )
    tables["exchanges_done"] = (
        ["listing_id", "with", "i_gave", "minutes", "confirmed_by_me_at"],
        [
            [
                r.listing_id,
                _pseudonym(
                    r.listing.author if r.responder_id == user.pk else r.responder
                ),
                r.giver_id == user.pk,
                r.minutes_spent or "",
                _when(
                    r.responder_confirmed_at
                    if r.responder_id == user.pk
                    else r.author_confirmed_at
                ),
            ]
            for r in (
                Response.objects.filter(responder=user)
                | Response.objects.filter(listing__author=user)
            ).select_related("listing__author__profile", "responder__profile")
            if r.is_done
        ],
    )
    tables["thanks_given"] = (
        ["to", "text", "written_at"],
        [
            [_pseudonym(t.to_user), t.text, _when(t.created_at)]
            for t in Thanks.objects.filter(from_user=user).select_related(
                "to_user__profile"
            )
        ],
    )
    tables["thanks_received"] = (
        ["from", "written_at"],
        [
            [_pseudonym(t.from_user), _when(t.created_at)]
            for t in Thanks.objects.filter(to_user=user).select_related(
                "from_user__profile"
            )
        ],
    )
    others = {}
    for participant in (
        Participant.objects.filter(conversation__participants__user=user)
        .exclude(user=user)
        .select_related("user__profile")
    ):
        others.setdefault(participant.conversation_id, []).append(
            _pseudonym(participant.user)
        )
    tables["my_messages"] = (
        ["conversation", "other_participants", "text", "sent_at"],
        [
            [
                m.conversation_id,
                ", ".join(sorted(others.get(m.conversation_id, []))),
                m.text,
                _when(m.created_at),
            ]
            for m in Message.objects.filter(author=user).order_by("pk")
        ],
    )
    tables["my_reports"] = (
        ["about", "reason", "what_happened", "sent_at"],
        [
            [r.case.target, r.reason, r.text, _when(r.created_at)]
            for r in Report.objects.filter(reporter=user).select_related("case")
        ],
    )
    tables["notifications"] = (
        ["kind", "link", "created_at", "read_at"],
        [
            [n.kind, n.url, _when(n.created_at), _when(n.read_at)]
            for n in Notification.objects.filter(user=user)
        ],
    )
    tables["consents_at_the_desk"] = (
        ["neighbourhood", "purpose", "recorded_by", "given_at", "withdrawn_at"],
        [
            [
                c.neighbourhood.name,
                c.purpose,
                _pseudonym(c.recorded_by),
                _when(c.given_at),
                _when(c.withdrawn_at),
            ]
            for c in AssistanceConsent.objects.filter(resident=user).select_related(
                "neighbourhood", "recorded_by__profile"
            )
        ],
    )
    tables["journal_about_me"] = (
        ["when", "neighbourhood", "who", "what", "details"],
        [
            [
                _when(e.created_at),
                e.neighbourhood.name if e.neighbourhood else "",
                "me" if e.actor_id == user.pk else _pseudonym(e.actor),
                e.get_action_display(),
                e.details if e.subject_id == user.pk else "",
            ]
            for e in JournalEntry.objects.filter(subject=user).select_related(
                "neighbourhood", "actor__profile"
            )
        ],
    )
    return tables


def build_export(*, user: User) -> bytes:
    """The ZIP of everything about `user` (the caller checks it is theirs)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "README.txt",
            f"{settings.SITE_OPERATOR_NAME} - Coup de main\n"
            f"{_when(timezone.now())}\n"
            "profile.json, settings.json: your account, profile and settings.\n"
            "*.csv: your memberships, listings, answers, exchanges, thanks, "
            "messages, notifications, consents and the journal entries about "
            "you. Other people appear by their pseudonym only.\n",
        )
        archive.writestr(
            "profile.json", json.dumps(_profile(user), ensure_ascii=False, indent=2)
        )
        archive.writestr(
            "settings.json", json.dumps(_settings(user), ensure_ascii=False, indent=2)
        )
        for name, (header, rows) in _tables(user).items():
            out = io.StringIO()
            write_csv(out, header=header, rows=rows)
            archive.writestr(f"{name}.csv", out.getvalue())
    return buffer.getvalue()
