"""Demo data of the neighbourhoods: the Centre social des Tilleuls, its two
neighbourhoods with their charter, one coordinator, two moderators, volunteers
and residents who joined over the last six months, a pending request, a live
invitation code, and one resident helped at the desk. Called by
devtools.demo.seed.seed_demo; idempotent."""

import datetime
import random

from django.utils import timezone

from community.models import User
from neighbourhoods import services
from neighbourhoods.models import InvitationCode, Membership, Neighbourhood

DEMO_CODE = "VERTFEUX"
HISTORY_DAYS = 182  # the demo neighbourhoods opened about six months ago
CHARTER = (
    "1. On se respecte : pas d'insulte, pas de moquerie, pas de discrimination.\n"
    "2. On s'entraide gratuitement : pas de vente, pas de publicité.\n"
    "3. On protège la vie privée de chacun : on ne partage pas les informations "
    "des autres.\n"
    "4. On se donne rendez-vous dans des lieux sûrs, au centre social si besoin.\n"
    "5. En cas de problème, on le signale aux animateurs."
)


def _member(
    *, user: User, neighbourhood: Neighbourhood, role: str = "resident", **extra
) -> Membership:
    membership, _created = Membership.objects.get_or_create(
        user=user,
        neighbourhood=neighbourhood,
        defaults={
            "role": role,
            "status": Membership.Status.ACTIVE,
            "joined_via": Membership.Via.OPEN,
            "charter_version_accepted": neighbourhood.charter_version,
            "charter_accepted_at": timezone.now(),
            **extra,
        },
    )
    return membership


def seed_neighbourhoods(*, people: dict[str, User], rng: random.Random) -> None:
    organisation = services.ensure_organisation(
        name="Centre social des Tilleuls",
        kind="social_centre",
        description="Centre social du quartier des Tilleuls et du Moulin : "
        "accueil, ateliers numériques, aide aux démarches.",
        address="12 rue des Tilleuls, 69008 Lyon",
        phone="04 78 00 00 00",
        email="accueil@centre-tilleuls.example",
    )
    tilleuls = services.ensure_neighbourhood(
        organisation=organisation,
        slug="tilleuls",
        name="Les Tilleuls",
        description="Le quartier autour du centre social, de la rue des Tilleuls "
        "au parc.",
        postcodes="69008",
        join_policy=Neighbourhood.JoinPolicy.APPROVAL,
    )
    moulin = services.ensure_neighbourhood(
        organisation=organisation,
        slug="moulin",
        name="Le Moulin",
        description="Le quartier du Moulin, de la gare au marché du samedi.",
        postcodes="69008 69500",
        join_policy=Neighbourhood.JoinPolicy.OPEN,
    )
    sophie, karim = people["sophie"], people["karim"]
    existing = set(
        Membership.objects.filter(neighbourhood__in=(tilleuls, moulin)).values_list(
            "pk", flat=True
        )
    )
    for neighbourhood in (tilleuls, moulin):
        # The coordinator is where every neighbourhood starts: nobody appoints her.
        _member(user=sophie, neighbourhood=neighbourhood, role="coordinator")
        if neighbourhood.charter_version == 0:
            services.publish_charter(
                coordinator=sophie, neighbourhood=neighbourhood, text=CHARTER
            )
            neighbourhood.refresh_from_db()
        services.change_role(
            coordinator=sophie,
            membership=_member(user=karim, neighbourhood=neighbourhood),
            role="moderator",
        )
    services.change_role(
        coordinator=sophie,
        membership=_member(user=people["resident05"], neighbourhood=moulin),
        role="moderator",
    )
    _member(user=people["lucas"], neighbourhood=tilleuls, role="volunteer")
    _member(user=people["fatima"], neighbourhood=tilleuls)
    _member(user=people["fatima"], neighbourhood=moulin)
    monique = _member(user=people["monique"], neighbourhood=tilleuls).user

    residents = sorted(login for login in people if login.startswith("resident"))
    for index, login in enumerate(residents):
        if login in ("resident05", "resident01"):
            continue
        neighbourhood = tilleuls if index % 2 == 0 else moulin
        role = "volunteer" if rng.random() < 0.2 else "resident"
        _member(user=people[login], neighbourhood=neighbourhood, role=role)
        if index % 7 == 3:
            other = moulin if neighbourhood is tilleuls else tilleuls
            _member(user=people[login], neighbourhood=other)

    _spread_joining(
        Membership.objects.filter(
            neighbourhood__in=(tilleuls, moulin), status=Membership.Status.ACTIVE
        ).exclude(pk__in=existing)
    )

    # A request waiting for the moderators of Les Tilleuls.
    if not Membership.objects.filter(
        user=people["resident01"], neighbourhood=tilleuls
    ).exists():
        services.join_neighbourhood(
            user=people["resident01"], neighbourhood=tilleuls, accept_charter=True
        )

    # A code handed out at the Thursday workshop.
    InvitationCode.objects.get_or_create(
        code=DEMO_CODE,
        defaults={
            "neighbourhood": tilleuls,
            "max_uses": 30,
            "expires_at": timezone.now() + datetime.timedelta(days=365),
            "created_by": karim,
        },
    )

    # Monique, helped at the desk by Karim with her consent.
    if not monique.assistance_consents.exists():
        services.record_consent(
            moderator=karim,
            resident=monique,
            neighbourhood=tilleuls,
            purpose="Publier mes demandes et répondre aux messages quand je "
            "viens au centre.",
        )
        services.update_profile_for(
            helper=karim,
            resident=monique,
            neighbourhood=tilleuls,
            pseudonym=monique.profile.pseudonym,
            portrait=monique.profile.portrait,
            interests=monique.profile.interest_labels(),
            skills=[*monique.profile.skill_labels(), "recettes de grand-mère"],
            languages=monique.profile.languages,
            age_group=monique.profile.age_group,
            show_age_group=monique.profile.show_age_group,
            availability=monique.profile.availability,
            larger_text=True,
        )


def _spread_joining(memberships) -> None:
    """Date the memberships just made over the last six months, as a launch
    goes: the staff on the first day, many residents in the first weeks, then
    fewer and fewer. Without randomness, so that the rest of the demo draws
    the same numbers whatever the dates."""
    now = timezone.now()
    start = now - datetime.timedelta(days=HISTORY_DAYS)
    staff = (Membership.Role.COORDINATOR, Membership.Role.MODERATOR)
    memberships = list(memberships.order_by("pk"))
    residents = sum(m.role not in staff for m in memberships)
    rank = 0  # of the resident among the residents
    for index, membership in enumerate(memberships):
        if membership.role in staff:
            joined = start
        else:
            rank += 1
            share = rank / (residents + 1)
            joined = start + datetime.timedelta(days=HISTORY_DAYS * share**2)
        joined = timezone.localtime(joined).replace(
            hour=9 + index % 10, minute=index * 17 % 60
        )
        membership.created_at = min(joined, now)
    Membership.objects.bulk_update(memberships, ["created_at"])
