"""Setting up in the site, without the Django admin: the operators create an
organisation and invite its first coordinator, who edits the organisation and
creates its neighbourhoods."""

import datetime
import secrets
from collections.abc import Callable

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from community.models import User
from community.services import field_error

from .. import permissions
from ..models import (
    COORDINATOR_INVITATION_DAYS,
    INVITATION_ALPHABET,
    INVITATION_LENGTH,
    CoordinatorInvitation,
    JournalEntry,
    Membership,
    Neighbourhood,
    Organisation,
    OrganisationCoordinator,
)
from .codes import normalise_code
from .journal import write_journal
from .neighbourhoods import NEIGHBOURHOOD_FIELDS

ORGANISATION_FIELDS = (
    "name",
    "kind",
    "description",
    "address",
    "phone",
    "email",
    "logo",
)


def _cleaned(value):
    return value.strip() if isinstance(value, str) else value


def _clean_postcodes(postcodes: str) -> str:
    return " ".join(postcodes.replace(",", " ").split())


@transaction.atomic
def create_organisation(
    *, operator: User, name: str, kind: str, **details
) -> Organisation:
    """A new organisation, by a site operator. `details`: description, address,
    phone, e-mail."""
    permissions.check_operator(operator)
    unknown = set(details) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown organisation fields: {sorted(unknown)}")
    organisation = Organisation(
        name=name.strip(), kind=kind, **{k: _cleaned(v) for k, v in details.items()}
    )
    organisation.full_clean()
    organisation.save()
    write_journal(
        organisation=organisation,
        actor=operator,
        action=JournalEntry.Action.ORGANISATION_CREATED,
        details=organisation.name,
    )
    return organisation


@transaction.atomic
def update_organisation(
    *, coordinator: User, organisation: Organisation, **changes
) -> Organisation:
    """Change the organisation's details (those printed on code cards, desk
    sheets and posters), by its coordinators or an operator."""
    permissions.check_run_organisation(coordinator, organisation)
    unknown = set(changes) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown organisation fields: {sorted(unknown)}")
    organisation = Organisation.objects.get(pk=organisation.pk)
    for field, value in changes.items():
        # A logo taken away comes as False (the form's "clear" box).
        setattr(organisation, field, "" if value is False else _cleaned(value))
    organisation.full_clean()
    organisation.save(update_fields=[*changes, "updated_at"])
    write_journal(
        organisation=organisation,
        actor=coordinator,
        action=JournalEntry.Action.ORGANISATION_EDITED,
    )
    return organisation


def _new_code() -> str:
    while True:
        code = "".join(
            secrets.choice(INVITATION_ALPHABET) for _n in range(INVITATION_LENGTH)
        )
        if not CoordinatorInvitation.objects.filter(code=code).exists():
            return code


@transaction.atomic
def invite_coordinator(
    *,
    inviter: User,
    organisation: Organisation,
    email: str = "",
    link: Callable[[CoordinatorInvitation], str] | None = None,
) -> CoordinatorInvitation:
    """An invitation to coordinate the organisation, usable once within
    COORDINATOR_INVITATION_DAYS: a code to print and, when `email` is given,
    an e-mail with the link `link(invitation)` sent once the invitation is
    committed."""
    permissions.check_run_organisation(inviter, organisation)
    invitation = CoordinatorInvitation(
        organisation=organisation,
        email=email.strip(),
        code=_new_code(),
        expires_at=timezone.now()
        + datetime.timedelta(days=COORDINATOR_INVITATION_DAYS),
        created_by=inviter,
    )
    invitation.full_clean()
    invitation.save()
    write_journal(
        organisation=organisation,
        actor=inviter,
        action=JournalEntry.Action.COORDINATOR_INVITED,
        details=invitation.email or invitation.display_code,
    )
    if invitation.email and link is not None:
        address = link(invitation)
        transaction.on_commit(lambda: _send_invitation(invitation, address))
    return invitation


def _send_invitation(invitation: CoordinatorInvitation, address: str) -> None:
    context = {"invitation": invitation, "address": address}
    send_mail(
        subject=_("Invitation to coordinate %(name)s")
        % {"name": invitation.organisation.name},
        message=render_to_string(
            "neighbourhoods/email_coordinator_invitation.txt", context
        ),
        from_email=None,
        recipient_list=[invitation.email],
    )


def coordinator_invitation_for_code(code: str) -> CoordinatorInvitation:
    """The usable invitation behind a typed code; ValidationError otherwise."""
    invitation = (
        CoordinatorInvitation.objects.select_related("organisation")
        .filter(code=normalise_code(code))
        .first()
    )
    if invitation is None or not invitation.is_usable():
        raise field_error(
            "code",
            _(
                "This invitation does not exist, was already used or has "
                "expired. Ask for a new one."
            ),
            code="unusable_invitation",
        )
    return invitation


@transaction.atomic
def accept_coordinator_invitation(*, user: User, code: str) -> OrganisationCoordinator:
    """`user` becomes a coordinator of the invitation's organisation; the
    invitation is used up."""
    invitation = coordinator_invitation_for_code(code)
    taken = CoordinatorInvitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True
    ).update(accepted_by=user, accepted_at=timezone.now())
    if not taken:
        raise field_error(
            "code", _("This invitation was already used."), code="unusable_invitation"
        )
    role, _created = OrganisationCoordinator.objects.get_or_create(
        organisation=invitation.organisation, user=user
    )
    for neighbourhood in invitation.organisation.neighbourhoods.all():
        _appoint_coordinator(user=user, neighbourhood=neighbourhood, by=user)
    write_journal(
        organisation=invitation.organisation,
        actor=user,
        action=JournalEntry.Action.COORDINATOR_JOINED,
        subject=user,
    )
    return role


def _appoint_coordinator(*, user: User, neighbourhood: Neighbourhood, by: User) -> None:
    """`user` coordinates `neighbourhood`: a membership made for them, or
    their active one raised to coordinator (never lifting a ban or a
    suspension)."""
    membership, created = Membership.objects.get_or_create(
        user=user,
        neighbourhood=neighbourhood,
        defaults={
            "role": Membership.Role.COORDINATOR,
            "status": Membership.Status.ACTIVE,
            "joined_via": Membership.Via.APPOINTED,
            "charter_version_accepted": neighbourhood.charter_version,
            "decided_by": by,
            "decided_at": timezone.now(),
        },
    )
    if not created and membership.status == Membership.Status.ACTIVE:
        membership.role = Membership.Role.COORDINATOR
        membership.save(update_fields=["role", "updated_at"])


def _unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "quartier"
    slug, number = base, 2
    while Neighbourhood.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


@transaction.atomic
def create_neighbourhood(
    *, coordinator: User, organisation: Organisation, name: str, **details
) -> Neighbourhood:
    """A new neighbourhood of the organisation, its creator its first
    coordinator. `details`: any of NEIGHBOURHOOD_FIELDS but the name. It has
    no charter yet: the setup checklist asks for one."""
    permissions.check_create_neighbourhood(coordinator, organisation)
    unknown = set(details) - set(NEIGHBOURHOOD_FIELDS)
    if unknown:
        raise TypeError(f"unknown neighbourhood fields: {sorted(unknown)}")
    if "postcodes" in details:
        details["postcodes"] = _clean_postcodes(details["postcodes"])
    name = name.strip()
    if Neighbourhood.objects.filter(organisation=organisation, name=name).exists():
        raise field_error(
            "name",
            _("The organisation already has a neighbourhood of that name."),
            code="name_taken",
        )
    neighbourhood = Neighbourhood(
        organisation=organisation, name=name, slug=_unique_slug(name), **details
    )
    neighbourhood.full_clean()
    neighbourhood.save()
    # Every coordinator of the organisation coordinates its neighbourhoods.
    for head in organisation.coordinators.select_related("user"):
        _appoint_coordinator(
            user=head.user, neighbourhood=neighbourhood, by=coordinator
        )
    write_journal(
        neighbourhood=neighbourhood,
        actor=coordinator,
        action=JournalEntry.Action.NEIGHBOURHOOD_CREATED,
        details=neighbourhood.name,
    )
    return neighbourhood


@transaction.atomic
def mark_poster_printed(*, user: User, neighbourhood: Neighbourhood) -> None:
    """Note, for the setup checklist, that a moderator has opened the poster
    to print it (the first time only)."""
    permissions.check(user, permissions.Capability.MODERATE, neighbourhood)
    Neighbourhood.objects.filter(
        pk=neighbourhood.pk, poster_printed_at__isnull=True
    ).update(poster_printed_at=timezone.now())
