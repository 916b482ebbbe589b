"""Demo listings: about eighty offers and requests across every category, some
agreed, some done with thanks, a few between a young person and a senior. The
open ones were posted in the last weeks, the done ones over the last six
months; answers come a few hours after a listing, its end a few days later.
Called by devtools.demo.seed.seed_demo; idempotent."""

import datetime
import random

from django.utils import timezone

from community.models import Profile, User
from exchanges import services
from exchanges.models import Category, Listing, Response, Thanks
from neighbourhoods import permissions
from neighbourhoods.models import Membership
from neighbourhoods.permissions import Capability

# category key, kind, title, tags
IDEAS = [
    (
        "digital",
        "request",
        "Apprendre à faire des appels vidéo",
        ["visio", "smartphone"],
    ),
    ("digital", "offer", "Aide pour votre smartphone", ["smartphone", "applications"]),
    (
        "digital",
        "request",
        "Installer WhatsApp pour parler à ma famille",
        ["smartphone", "whatsapp"],
    ),
    (
        "digital",
        "offer",
        "Dépannage ordinateur et imprimante",
        ["ordinateur", "imprimante"],
    ),
    (
        "paperwork",
        "request",
        "Aide pour ma déclaration CAF en ligne",
        ["démarches en ligne", "caf"],
    ),
    (
        "paperwork",
        "offer",
        "Je vous aide pour Ameli et les impôts",
        ["démarches en ligne", "impôts"],
    ),
    (
        "paperwork",
        "request",
        "Prendre un rendez-vous à la préfecture",
        ["démarches en ligne"],
    ),
    (
        "homework",
        "offer",
        "Soutien en maths jusqu'à la 3e",
        ["mathématiques", "soutien scolaire"],
    ),
    (
        "homework",
        "request",
        "Aide aux devoirs pour mon fils en CM2",
        ["soutien scolaire", "devoirs"],
    ),
    (
        "homework",
        "offer",
        "Lecture avec les enfants le mercredi",
        ["lecture", "soutien scolaire"],
    ),
    (
        "employment",
        "offer",
        "Relecture de CV et lettre de motivation",
        ["CV", "emploi"],
    ),
    (
        "employment",
        "request",
        "Préparer un entretien d'embauche",
        ["emploi", "entretien"],
    ),
    (
        "languages",
        "offer",
        "Conversation en arabe autour d'un thé",
        ["conversation en arabe", "arabe"],
    ),
    (
        "languages",
        "request",
        "Pratiquer le français à l'oral",
        ["français", "conversation"],
    ),
    (
        "languages",
        "offer",
        "Conversation en anglais pour débutants",
        ["conversation en anglais", "anglais"],
    ),
    (
        "mentoring",
        "offer",
        "Je raconte l'histoire du quartier aux jeunes",
        ["histoire du quartier", "mentorat"],
    ),
    (
        "mentoring",
        "request",
        "Un jeune pour m'apprendre la tablette",
        ["smartphone", "tablette", "mentorat"],
    ),
    (
        "mentoring",
        "offer",
        "Étudiant, j'accompagne un senior au numérique",
        ["smartphone", "mentorat"],
    ),
    (
        "company",
        "request",
        "Une visite le dimanche après-midi",
        ["compagnie", "visite"],
    ),
    ("company", "offer", "Balade au parc avec qui veut", ["promenade", "compagnie"]),
    ("errands", "request", "Courses du samedi au marché", ["courses"]),
    (
        "errands",
        "offer",
        "Je fais vos courses en même temps que les miennes",
        ["courses"],
    ),
    (
        "transport",
        "request",
        "Accompagnement à l'hôpital mardi",
        ["covoiturage", "accompagnement"],
    ),
    (
        "transport",
        "offer",
        "Covoiturage vers le centre-ville le matin",
        ["covoiturage"],
    ),
    ("diy", "request", "Monter une étagère", ["bricolage", "meuble"]),
    (
        "diy",
        "offer",
        "Petites réparations de vélo",
        ["réparation de vélo", "bricolage"],
    ),
    (
        "gardening",
        "offer",
        "Conseils pour un potager sur le balcon",
        ["jardinage", "balcon"],
    ),
    ("gardening", "request", "Aide pour tailler la haie", ["jardinage"]),
    ("cooking", "offer", "Atelier couscous le vendredi", ["cuisine", "couscous"]),
    (
        "cooking",
        "offer",
        "Recettes de grand-mère à partager",
        ["cuisine", "recettes de grand-mère"],
    ),
    ("cooking", "request", "Apprendre à faire le pain", ["cuisine", "pain"]),
    ("childcare", "request", "Garde d'enfants mercredi matin", ["garde d'enfants"]),
    ("childcare", "offer", "Je peux garder vos enfants le soir", ["garde d'enfants"]),
    ("lending", "offer", "Prêt de perceuse", ["bricolage", "prêt"]),
    ("lending", "request", "Emprunter un appareil à raclette", ["prêt", "cuisine"]),
    ("hobbies", "offer", "Cours de tricot pour débutants", ["tricot", "couture"]),
    ("hobbies", "offer", "Partie d'échecs au café du coin", ["échecs"]),
    ("hobbies", "request", "Partenaire de pétanque", ["pétanque"]),
    ("hobbies", "offer", "Initiation à la guitare", ["musique", "guitare"]),
    (
        "other",
        "request",
        "Quelqu'un pour arroser mes plantes en août",
        ["plantes", "vacances"],
    ),
]
# A senior posts, a young neighbour answers: (kind, category, title, tags, weeks
# ago). The young one gives their time to a request, the senior in an offer.
BETWEEN_GENERATIONS = [
    ("request", "digital", "Régler mon nouveau téléphone", ["smartphone"], 15),
    ("request", "paperwork", "Créer mon compte Ameli", ["démarches en ligne"], 9),
    ("offer", "cooking", "Je vous apprends la pâte feuilletée", ["cuisine"], 5),
]
THANKS = [
    "Merci beaucoup, c'était très clair !",
    "Un grand merci pour votre patience.",
    "Merci, à la prochaine !",
]


def seed_listings(*, people: dict[str, User], rng: random.Random) -> None:
    if Listing.objects.exists():
        return
    categories = {c.key: c for c in Category.objects.filter(neighbourhood=None)}
    authors = sorted(people)
    created = []
    for round_number in range(2):
        for key, kind, title, tags in IDEAS:
            for _attempt in range(10):
                author = people[rng.choice(authors)]
                places = list(
                    permissions.neighbourhoods_allowing(author, Capability.POST)
                )
                if places:
                    break
            else:
                continue
            neighbourhood = rng.choice(places)
            listing = services.create_listing(
                author=author,
                neighbourhood=neighbourhood,
                kind=kind,
                title=title if round_number == 0 else f"{title} (bis)",
                category=categories[key],
                description="Écrivez-moi, on s'arrange ensemble.",
                tags=tags,
                place=rng.choice(["home", "centre", "outdoors", "remote"]),
                availability=rng.choice(
                    ["En semaine l'après-midi", "Le samedi matin", "Le soir"]
                ),
                duration_minutes=rng.choice([30, 60, 120]),
            )
            created.append((listing, neighbourhood))
    # Some answered, some agreed, some done with thanks.
    for index, (listing, neighbourhood) in enumerate(created[:30]):
        responders = [
            user
            for user in (people[login] for login in authors)
            if user.pk != listing.author_id
            and permissions.can(user, Capability.RESPOND, neighbourhood)
        ]
        if not responders:
            continue
        responder = rng.choice(responders)
        response = services.respond(
            user=responder,
            listing=listing,
            message="Bonjour, je peux vous aider ! Je suis libre cette semaine.",
        )
        if index % 3 == 0:
            continue
        services.accept_response(user=listing.author, response=response)
        if index % 3 == 1:
            continue
        services.confirm_done(user=listing.author, response=response)
        services.confirm_done(user=responder, response=response)
        services.thank(user=listing.author, response=response, text=rng.choice(THANKS))
        services.thank(user=responder, response=response, text=rng.choice(THANKS))
    generations = _between_generations(people=people, categories=categories)
    # Spread the publication dates: the done ones over the last six months,
    # the others over the last weeks.
    now = timezone.now()
    done = set(
        Listing.objects.filter(status=Listing.Status.DONE).values_list("pk", flat=True)
    )
    for index, (listing, _neighbourhood) in enumerate(created):
        days, hours = rng.randint(0, 40), rng.randint(0, 23)
        if listing.pk in done:
            days = 21 + days * 4
        age = datetime.timedelta(days=days, hours=hours)
        _date(listing, posted=now - age, now=now, index=index)
    for index, (listing, weeks) in enumerate(generations):
        age = datetime.timedelta(weeks=weeks, hours=index * 5)
        _date(listing, posted=now - age, now=now, index=index)


def _between_generations(
    *, people: dict[str, User], categories: dict[str, Category]
) -> list[tuple[Listing, int]]:
    """Seniors who show their age post, Lucas or another young neighbour who
    shows theirs answers, and both say it is done. Not Monique, whose first
    exchange with Lucas is still to come (devtools.demo.messaging)."""

    def showing(group: str) -> list[User]:
        shown = set(
            Profile.objects.filter(age_group=group, show_age_group=True).values_list(
                "user_id", flat=True
            )
        )
        return [
            people[login]
            for login in sorted(people)
            if login not in ("monique", "lucas") and people[login].pk in shown
        ]

    young = [people["lucas"], *showing(Profile.AgeGroup.FROM_18_TO_25)]
    seniors = showing(Profile.AgeGroup.FROM_60)
    pairs = [
        (senior, junior, place)
        for senior in seniors
        for place in permissions.neighbourhoods_allowing(senior, Capability.POST)
        for junior in young
        if permissions.can(junior, Capability.RESPOND, place)
    ]
    if not pairs:
        return []
    made = []
    for index, (kind, key, title, tags, weeks) in enumerate(BETWEEN_GENERATIONS):
        senior, junior, place = pairs[index * 7 % len(pairs)]
        listing = services.create_listing(
            author=senior,
            neighbourhood=place,
            kind=kind,
            title=title,
            category=categories[key],
            description="Avec plaisir, on se retrouve au centre social.",
            tags=tags,
            place="centre",
            availability="En semaine l'après-midi",
            duration_minutes=60,
        )
        response = services.respond(
            user=junior, listing=listing, message="Bonjour, je peux venir jeudi !"
        )
        services.accept_response(user=senior, response=response)
        services.confirm_done(user=senior, response=response)
        services.confirm_done(user=junior, response=response)
        services.thank(user=senior, response=response, text=THANKS[index % 3])
        made.append((listing, weeks))
    return made


def _date(
    listing: Listing, *, posted: datetime.datetime, now: datetime.datetime, index: int
) -> None:
    """Move a listing to `posted` (never before its author and those who
    answered joined the neighbourhood), its answers a few hours later and the
    end of the exchange a few days after."""
    people = [
        listing.author_id,
        *Response.objects.filter(listing=listing).values_list("responder", flat=True),
    ]
    joined = Membership.objects.filter(
        neighbourhood_id=listing.neighbourhood_id, user_id__in=people
    ).values_list("created_at", flat=True)
    posted = min(
        max([posted, *(at + datetime.timedelta(hours=2) for at in joined)]), now
    )
    Listing.objects.filter(pk=listing.pk).update(
        created_at=posted, expires_at=posted + datetime.timedelta(days=60)
    )
    answered = min(posted + datetime.timedelta(hours=2 + index * 7 % 45), now)
    ended = min(answered + datetime.timedelta(days=2 + index % 6), now)
    responses = Response.objects.filter(listing=listing)
    responses.update(created_at=answered)
    responses.filter(author_confirmed_at__isnull=False).update(
        author_confirmed_at=ended
    )
    responses.filter(responder_confirmed_at__isnull=False).update(
        responder_confirmed_at=min(ended + datetime.timedelta(hours=3), now)
    )
    Thanks.objects.filter(response__listing=listing).update(
        created_at=min(ended + datetime.timedelta(hours=5), now)
    )
