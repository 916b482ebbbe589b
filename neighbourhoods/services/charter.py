"""The charter: coordinators publish a new version, members accept the one in
force."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import User
from community.services import field_error
from notifications import services as notification_services
from notifications.models import Notification

from .. import permissions
from ..models import Charter, JournalEntry, Membership, Neighbourhood
from ..permissions import Capability, NotAllowed
from .journal import write_journal


@transaction.atomic
def publish_charter(
    *, coordinator: User, neighbourhood: Neighbourhood, text: str
) -> Charter:
    """A new version of the charter. Every member must accept it on their next
    visit before they post or write again; its author accepts it by writing it."""
    neighbourhood = Neighbourhood.objects.select_for_update().get(pk=neighbourhood.pk)
    membership = permissions.check(coordinator, Capability.COORDINATE, neighbourhood)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("The charter cannot be empty.")})
    current = neighbourhood.charters.filter(
        version=neighbourhood.charter_version
    ).first()
    if current is not None and current.text == text:
        raise field_error(
            "text",
            _("This is the charter already in force: change the text first."),
            code="unchanged",
        )
    version = neighbourhood.charter_version + 1
    charter = Charter(
        neighbourhood=neighbourhood, version=version, text=text, written_by=coordinator
    )
    charter.full_clean()
    charter.save()
    neighbourhood.charter_version = version
    neighbourhood.save(update_fields=["charter_version", "updated_at"])
    membership.charter_version_accepted = version
    membership.charter_accepted_at = timezone.now()
    membership.save(
        update_fields=["charter_version_accepted", "charter_accepted_at", "updated_at"]
    )
    write_journal(
        neighbourhood=neighbourhood,
        actor=coordinator,
        action=JournalEntry.Action.CHARTER_PUBLISHED,
        message="journal.charter",
        params={"version": version},
    )
    members = User.objects.filter(
        pk__in=Membership.objects.filter(
            permissions.membership_filter(Capability.SEE), neighbourhood=neighbourhood
        ).values("user_id")
    ).exclude(pk=coordinator.pk)
    notification_services.notify_many(
        users=members,
        kind=Notification.Kind.CHARTER,
        message="charter.changed",
        params={"name": neighbourhood.name},
        url=reverse("charter_accept", kwargs={"slug": neighbourhood.slug}),
        key=f"charter:{neighbourhood.pk}:{version}",
    )
    return charter


@transaction.atomic
def accept_charter(
    *, user: User, neighbourhood: Neighbourhood, version: int | None = None
) -> Membership:
    """Record that the member accepted the charter in force. With `version` (the
    one the member was shown), a charter published in the meantime is refused:
    nobody accepts a text they have not seen."""
    neighbourhood = Neighbourhood.objects.get(pk=neighbourhood.pk)
    membership = (
        Membership.objects.select_related("neighbourhood")
        .filter(user=user, neighbourhood=neighbourhood)
        .first()
    )
    if not permissions.allows(membership, Capability.SEE):
        raise NotAllowed(permissions.refusal(membership, Capability.SEE))
    if version is not None and version != neighbourhood.charter_version:
        raise ValidationError(
            _("The charter has just changed again: please read the new version."),
            code="charter_changed",
        )
    membership.charter_version_accepted = neighbourhood.charter_version
    membership.charter_accepted_at = timezone.now()
    membership.save(
        update_fields=["charter_version_accepted", "charter_accepted_at", "updated_at"]
    )
    return membership
