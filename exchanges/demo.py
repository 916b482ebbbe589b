"""Demo listings: about eighty offers and requests across every category, some
agreed, some done with thanks. Called by community.demo.seed_demo; idempotent."""

import datetime
import random

from django.utils import timezone

from community.models import User
from neighbourhoods import permissions
from neighbourhoods.permissions import Capability

from . import services
from .models import Category, Listing

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
    # Spread the publication dates over the last weeks.
    now = timezone.now()
    for listing, _neighbourhood in created:
        age = datetime.timedelta(days=rng.randint(0, 40), hours=rng.randint(0, 23))
        Listing.objects.filter(pk=listing.pk).update(
            created_at=now - age, expires_at=now - age + datetime.timedelta(days=60)
        )
