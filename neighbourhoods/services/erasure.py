"""A member's place in their neighbourhoods when their account is erased, and
a deletion asked for at the desk."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Replace
from django.utils import translation
from django.utils.translation import gettext as _

from community.models import User
from notifications import texts

from .. import permissions
from ..models import AssistanceConsent, JournalEntry, Membership, Neighbourhood
from .journal import write_journal


@transaction.atomic
def record_deletion_at_desk(
    *, helper: User, resident: User, neighbourhood: Neighbourhood
) -> JournalEntry:
    """A moderator records, at the desk, that a resident who gave their consent
    asks to delete their account (the caller then asks for the deletion)."""
    permissions.check_act_for(helper, resident, neighbourhood)
    return write_journal(
        neighbourhood=neighbourhood,
        actor=helper,
        subject=resident,
        action=JournalEntry.Action.ERASURE_REQUESTED,
    )


@transaction.atomic
def remove_former_member(*, user: User, pseudonym: str) -> None:
    """Their memberships end, their consents go, and the journal keeps its
    entries with the person anonymised: their former pseudonym is taken out
    of the entries' details, and an entry in each neighbourhood says so."""
    places = list(
        Neighbourhood.objects.filter(memberships__user=user).select_related(
            "organisation"
        )
    )
    Membership.objects.filter(user=user).update(
        status=Membership.Status.LEFT, status_reason=""
    )
    AssistanceConsent.objects.filter(resident=user).delete()
    if pseudonym:
        with translation.override(settings.LANGUAGE_CODE):
            former = _("a former member")
        # The journal refuses changes through its own manager: anonymising is
        # the one change it allows, done here and recorded below.
        entries = models.QuerySet(JournalEntry).filter(details__contains=pseudonym)
        # Their parameters too: one UPDATE for them all, not one per entry.
        mentioning = list(entries.only("pk", "params"))
        for entry in mentioning:
            entry.params = texts.without(entry.params, pseudonym, former)
        models.QuerySet(JournalEntry).bulk_update(mentioning, ["params"])
        entries.update(details=Replace("details", Value(pseudonym), Value(former)))
    for neighbourhood in places:
        write_journal(
            neighbourhood=neighbourhood,
            actor=None,
            subject=user,
            action=JournalEntry.Action.ACCOUNT_ERASED,
        )
