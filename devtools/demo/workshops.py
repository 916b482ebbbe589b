"""Demo workshops: each neighbourhood's places, a season of workshops (a
smartphone series for seniors, drop-in slots for online forms, homework help,
CV writing, a resident's knitting circle), with three months of sessions
held (registrations, a waiting list, attendance with walk-ins and no-shows,
satisfaction answers) and the next weeks open for registration; and a few
events. Called by devtools.demo.seed.seed_demo; idempotent."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from community.models import User
from exchanges.models import Category
from neighbourhoods import permissions
from neighbourhoods.models import Membership, Neighbourhood
from neighbourhoods.permissions import Capability
from workshops import services
from workshops.models import Satisfaction, Session, Workshop

PLACES = {
    "tilleuls": [
        {
            "name": "Centre social des Tilleuls",
            "address": "12 rue des Tilleuls, 69008 Lyon",
            "opening_hours": "Du lundi au vendredi, 9 h – 12 h et 14 h – 18 h",
            "help_offered": "Accueil, aide aux démarches en ligne, impression",
            "accessibility": "Accès de plain-pied, boucle magnétique à l’accueil",
            "latitude": Decimal("45.73820"),
            "longitude": Decimal("4.86910"),
        },
        {
            "name": "Médiathèque – espace multimédia",
            "address": "3 place du Marché, 69008 Lyon",
            "opening_hours": "Mardi au samedi, 10 h – 18 h",
            "help_offered": "Ordinateurs en accès libre, wifi, impression",
            "accessibility": "Ascenseur, deux postes à grand écran",
            "latitude": Decimal("45.73510"),
            "longitude": Decimal("4.87240"),
        },
    ],
    "moulin": [
        {
            "name": "Espace public numérique du Moulin",
            "address": "5 avenue de la Gare, 69008 Lyon",
            "opening_hours": "Lundi, mercredi et vendredi, 14 h – 19 h",
            "help_offered": "Ordinateurs en accès libre, aide aux démarches en ligne",
            "accessibility": "Accès de plain-pied",
            "latitude": Decimal("45.74230"),
            "longitude": Decimal("4.87780"),
        },
    ],
}

# title, category key, level, audience, registration, weekday, hour, hours,
# capacity, description
WORKSHOPS = [
    (
        "Premiers pas sur smartphone",
        "digital",
        "discovery",
        "seniors",
        "series",
        3,
        14,
        2,
        5,
        "Quatre séances pour apprivoiser son téléphone : appels, photos, "
        "messages, appels vidéo avec la famille.",
    ),
    (
        "Internet et courriel pour les seniors",
        "digital",
        "basic",
        "seniors",
        "series",
        1,
        14,
        2,
        5,
        "Quatre séances : chercher sur internet, écrire un courriel, "
        "joindre une photo.",
    ),
    (
        "Démarches en ligne : Ameli, CAF, impôts",
        "paperwork",
        "basic",
        "everyone",
        "session",
        1,
        10,
        1,
        3,
        "Un créneau d’une heure pour avancer sur vos démarches, "
        "accompagné·e. Apportez vos identifiants.",
    ),
    (
        "Aide aux devoirs",
        "homework",
        "basic",
        "young",
        "session",
        2,
        16,
        2,
        8,
        "Le mercredi après-midi, des bénévoles aident les collégiens.",
    ),
    (
        "CV et lettre de motivation",
        "employment",
        "advanced",
        "job_seekers",
        "session",
        4,
        9,
        4,
        8,
        "Un atelier de quatre heures pour refaire son CV et préparer une candidature.",
    ),
]

# Series registered as a whole start this many weeks from this week's Monday:
# one ran last season, one opens next week.
SERIES_START = {
    "Premiers pas sur smartphone": 1,
    "Internet et courriel pour les seniors": -8,
}

EVENTS = [
    ("fete", "Fête de quartier", 18, 14, 6),
    ("information", "Réunion d’information : le chèque énergie", 9, 18, 2),
    ("repair", "Repair café", 23, 10, 3),
]

PAST_WEEKS = 12
FUTURE_WEEKS = 4


def _staff(neighbourhood: Neighbourhood) -> User:
    membership = (
        Membership.objects.filter(
            permissions.membership_filter(Capability.MODERATE),
            neighbourhood=neighbourhood,
        )
        .select_related("user")
        .order_by("role", "pk")
        .first()
    )
    return membership.user


def _members(neighbourhood: Neighbourhood) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(
            permissions.membership_filter(Capability.RESPOND),
            neighbourhood=neighbourhood,
            role__in=(Membership.Role.RESIDENT, Membership.Role.VOLUNTEER),
        )
        .select_related("user")
        .order_by("pk")
    ]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def seed_workshops(*, people: dict[str, User], rng: random.Random) -> None:
    for neighbourhood in Neighbourhood.objects.filter(slug__in=PLACES.keys()).order_by(
        "slug"
    ):
        if neighbourhood.workshops.exists():
            continue
        _seed_neighbourhood(neighbourhood, rng=rng)


def _seed_neighbourhood(neighbourhood: Neighbourhood, *, rng: random.Random) -> None:
    staff = _staff(neighbourhood)
    members = _members(neighbourhood)
    places = [
        services.save_place(by=staff, neighbourhood=neighbourhood, **values)
        for values in PLACES[neighbourhood.slug]
    ]
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    for index, (
        title,
        key,
        level,
        audience,
        registration,
        weekday,
        hour,
        hours,
        capacity,
        description,
    ) in enumerate(WORKSHOPS):
        workshop = services.create_workshop(
            by=staff,
            neighbourhood=neighbourhood,
            title=title,
            category=Category.objects.get(neighbourhood=None, key=key),
            description=description,
            level=level,
            audience=audience,
            place=places[index % len(places)],
            registration=registration,
            accessibility_notes="Accès de plain-pied" if index % 2 else "",
        )
        # A series: four weeks in a row; the other workshops every week.
        if registration == Workshop.Registration.SERIES:
            first = SERIES_START[title]
            starts = [
                _at(monday + datetime.timedelta(weeks=first + w) + _days(weekday), hour)
                for w in range(4)
            ]
        else:
            starts = [
                _at(monday + datetime.timedelta(weeks=w) + _days(weekday), hour)
                for w in range(-PAST_WEEKS, FUTURE_WEEKS)
            ]
        _season(
            workshop,
            starts=starts,
            hours=hours,
            capacity=capacity,
            members=members,
            staff=staff,
            rng=rng,
        )
    _resident_proposal(neighbourhood, members=members, staff=staff, monday=monday)
    for kind, event_title, day, hour, hours in EVENTS:
        start = _at(monday + datetime.timedelta(days=day), hour)
        services.save_event(
            by=staff,
            neighbourhood=neighbourhood,
            kind=kind,
            title=event_title,
            description="",
            place=places[0],
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=hours),
        )


def _days(weekday: int) -> datetime.timedelta:
    return datetime.timedelta(days=weekday)


def _season(workshop, *, starts, hours, capacity, members, staff, rng) -> None:
    """Sessions at `starts`; those past with their registrations (some from
    the waiting list), attendance and answers; those to come partly filled."""
    now = timezone.now()
    sessions = Session.objects.bulk_create(
        Session(
            workshop=workshop,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=hours),
            capacity=capacity,
        )
        for start in starts
    )
    units = [sessions] if workshop.is_series else [[s] for s in sessions]
    for unit in units:
        first = unit[0]
        opened = first.starts_at - datetime.timedelta(days=rng.randint(6, 20))
        if opened > now:
            continue
        wanting = rng.sample(
            members, k=min(len(members), capacity + rng.randint(-2, 2))
        )
        for step, member in enumerate(wanting):
            services.register(
                user=member,
                session=first,
                now=min(opened + datetime.timedelta(hours=step * 5), now),
            )
        if first.starts_at > now:
            continue
        # Someone gives their seat back; the first waiting takes it.
        seated = first.registrations.filter(state="registered")
        if first.registrations.filter(state="waiting").exists() and seated.exists():
            leaving = seated.order_by("pk").first().user
            cancel_at = first.starts_at - datetime.timedelta(days=2)
            services.cancel_registration(user=leaving, session=first, now=cancel_at)
            offered = first.registrations.filter(state="offered").first()
            if offered is not None:
                services.confirm_offer(
                    user=offered.user,
                    session=first,
                    now=cancel_at + datetime.timedelta(hours=3),
                )
        for session in unit:
            if session.ends_at > now:
                continue
            sheet = list(
                session.registrations.filter(state__in=("registered", "offered"))
            )
            present = {r.user_id for r in sheet if rng.random() < 0.85}
            services.take_attendance(
                by=staff,
                session=session,
                present=present,
                walk_ins=rng.choice((0, 0, 1, 2)),
                now=session.starts_at,
            )
            for user_id in sorted(present):
                if rng.random() < 0.5:
                    services.answer_satisfaction(
                        user=next(r.user for r in sheet if r.user_id == user_id),
                        session=session,
                        face=rng.choice(
                            (Satisfaction.Face.HAPPY,) * 4
                            + (Satisfaction.Face.NEUTRAL, Satisfaction.Face.SAD)
                        ),
                        comment=rng.choice(
                            ("", "", "Très clair, merci !", "Un peu rapide.")
                        ),
                    )


def _resident_proposal(neighbourhood, *, members, staff, monday) -> None:
    """A resident shares a skill: one proposal approved and running, and one
    waiting for the moderators."""
    if len(members) < 2:
        return
    knitting = services.create_workshop(
        by=members[0],
        neighbourhood=neighbourhood,
        title="Cercle de tricot",
        category=Category.objects.get(neighbourhood=None, key="hobbies"),
        description="On tricote ensemble et on partage nos modèles.",
    )
    services.decide_workshop(moderator=staff, workshop=knitting, approve=True)
    starts = [
        _at(monday + datetime.timedelta(weeks=w, days=4), 15) for w in range(-6, 3)
    ]
    Session.objects.bulk_create(
        Session(
            workshop=knitting,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            capacity=10,
        )
        for start in starts
    )
    services.create_workshop(
        by=members[1],
        neighbourhood=neighbourhood,
        title="Cuisine du monde",
        category=Category.objects.get(neighbourhood=None, key="cooking"),
        description="Je vous apprends les recettes de ma grand-mère.",
    )
