"""Demo mentoring in Les Tilleuls, where the first meeting is held at the
centre: Lucas (a student) helps Monique (78) with video calls, three meetings
held, the first one marked by the animateur at the centre, both sides' logs;
Monique teaches knitting to a young resident, the pair waiting for the
guardian's consent when that resident is under 18 (else for the approval).
Called by devtools.demo.seed.seed_demo; idempotent."""

import datetime
import random

from django.utils import timezone

from community.models import Profile, User
from mentoring import services
from mentoring.models import MentoringSettings, Pair
from neighbourhoods import permissions
from neighbourhoods.models import Membership, Neighbourhood
from neighbourhoods.permissions import Capability
from workshops.models import Place

LOGS = [
    (
        "Installer WhatsApp et ajouter ma petite-fille",
        "Où trouver les contacts",
        "Installer l'application avec elle, pas à sa place",
    ),
    (
        "Premier appel vidéo avec Léa",
        "Décrocher, raccrocher, couper le micro",
        "Laisser le temps de chercher",
    ),
    (
        "Appel à plusieurs avec la famille",
        "Ajouter quelqu'un à un appel",
        "Préparer une fiche aide-mémoire",
    ),
]


def seed_mentoring(*, people: dict[str, User], rng: random.Random) -> None:
    tilleuls = Neighbourhood.objects.filter(slug="tilleuls").first()
    if tilleuls is None or Pair.objects.filter(neighbourhood=tilleuls).exists():
        return
    staff = (
        Membership.objects.filter(
            permissions.membership_filter(Capability.MODERATE),
            neighbourhood=tilleuls,
        )
        .select_related("user")
        .order_by("role", "pk")
        .first()
        .user
    )
    MentoringSettings.objects.get_or_create(
        neighbourhood=tilleuls, defaults={"first_meeting_at_centre": True}
    )
    monique, lucas = people["monique"], people["lucas"]
    centre = Place.objects.filter(neighbourhood=tilleuls).order_by("pk").first()
    pair = services.propose_pair(
        by=monique,
        mentor=lucas,
        mentee=monique,
        neighbourhood=tilleuls,
        purpose="Passer des appels vidéo avec mes petits-enfants",
    )
    services.accept_pair(by=lucas, pair=pair)
    services.decide_pair(by=staff, pair=pair, approve=True)
    services.save_contact(by=lucas, pair=pair, contact="06 11 22 33 44")
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    for weeks_ago, (done, learnt, mentor_learnt) in zip((3, 2, 1), LOGS, strict=True):
        meeting = services.plan_meeting(
            by=monique,
            pair=pair,
            starts_at=(now - datetime.timedelta(weeks=weeks_ago)).replace(hour=15),
            duration=datetime.timedelta(hours=1),
            place=centre,
        )
        services.mark_held(
            by=staff if weeks_ago == 3 else lucas,
            meeting=meeting,
            during_opening_hours=weeks_ago == 3,
        )
        services.write_log(by=monique, meeting=meeting, done=done, learnt=learnt)
        services.write_log(by=lucas, meeting=meeting, done=done, learnt=mentor_learnt)
    young = _young_member(tilleuls, besides={monique.pk, lucas.pk})
    if young is not None:
        knitting = services.propose_pair(
            by=young,
            mentor=monique,
            mentee=young,
            neighbourhood=tilleuls,
            purpose="Apprendre à tricoter une écharpe",
        )
        services.accept_pair(by=monique, pair=knitting)


def _young_member(neighbourhood, *, besides) -> User | None:
    """A resident under 26 of the neighbourhood, under 18 when there is one."""
    candidates = list(
        User.objects.filter(
            memberships__in=Membership.objects.filter(
                permissions.membership_filter(Capability.RESPOND),
                neighbourhood=neighbourhood,
            ),
            profile__age_group__in=(
                Profile.AgeGroup.UNDER_18,
                Profile.AgeGroup.FROM_18_TO_25,
            ),
        )
        .exclude(pk__in=besides)
        .select_related("profile")
        .order_by("-profile__age_group", "pk")
    )
    minors = [u for u in candidates if u.profile.age_group == Profile.AgeGroup.UNDER_18]
    return (minors or candidates or [None])[0]
