"""Demo people: the people of PRODUCT.md and about thirty-five generated
residents, each with a verified e-mail address and a profile, all with one
known password. Called first by devtools.demo.seed.seed_demo; idempotent."""

import random

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from community import services
from community.models import SPOKEN_LANGUAGES, Profile, User

DEMO_PASSWORD = "voisins-demo-2026"
DEMO_EMAIL_DOMAIN = "demo.coupdemain.fr"

# The people of PRODUCT.md, whose logins are printed for a newcomer to try.
PERSONAS = [
    {
        "pseudonym": "Fatima",
        "login": "fatima",
        "portrait": "Maman de deux enfants, j'aime cuisiner pour les voisins. "
        "J'ai besoin d'aide pour les démarches en ligne de la CAF.",
        "interests": ["cuisine", "démarches en ligne", "couture"],
        "skills": ["cuisine", "conversation en arabe"],
        "languages": ["fr", "ar"],
        "age_group": "26_59",
        "availability": ["weekday_mornings", "saturdays"],
    },
    {
        "pseudonym": "Lucas",
        "login": "lucas",
        "portrait": "Étudiant en BTS, quelques heures libres par semaine. "
        "Je peux aider avec les smartphones et les ordinateurs.",
        "interests": ["football", "jeux vidéo", "musique"],
        "skills": ["smartphone", "ordinateur", "visio"],
        "languages": ["fr", "en"],
        "age_group": "18_25",
        "show_age_group": True,
        "availability": ["weekday_evenings", "saturdays"],
    },
    {
        "pseudonym": "Monique",
        "login": "monique",
        "portrait": "78 ans, ancienne couturière. J'aimerais apprendre les appels "
        "vidéo pour voir mes petits-enfants. Je peux apprendre le tricot.",
        "interests": ["visio", "smartphone", "lecture"],
        "skills": ["tricot", "couture", "histoire du quartier"],
        "languages": ["fr"],
        "age_group": "60_plus",
        "show_age_group": True,
        "availability": ["weekday_afternoons"],
        "larger_text": True,
    },
    {
        "pseudonym": "Karim animateur",
        "login": "karim",
        "portrait": "Animateur au centre social des Tilleuls. Je tiens l'atelier "
        "smartphone du jeudi et l'accueil.",
        "interests": ["numérique", "football"],
        "skills": ["smartphone", "démarches en ligne", "ordinateur"],
        "languages": ["fr", "ar", "en"],
        "age_group": "26_59",
        "availability": ["weekday_afternoons", "weekday_mornings"],
    },
    {
        "pseudonym": "Sophie coordinatrice",
        "login": "sophie",
        "portrait": "Coordinatrice du centre social des Tilleuls.",
        "interests": ["jardinage", "lecture"],
        "skills": ["emploi", "CV"],
        "languages": ["fr", "en", "es"],
        "age_group": "26_59",
        "availability": ["weekday_mornings"],
    },
]

FIRST_NAMES = [
    "Aïcha",
    "Bernard",
    "Chloé",
    "Denise",
    "Éloïse",
    "Fernand",
    "Gaëlle",
    "Hugo",
    "Inès",
    "Jacqueline",
    "Kevin",
    "Léa",
    "Mamadou",
    "Nadia",
    "Odette",
    "Paul",
    "Rachid",
    "Samia",
    "Thierry",
    "Ulysse",
    "Valérie",
    "Yasmine",
    "Zoé",
    "André",
    "Brigitte",
    "Cédric",
    "Djeneba",
    "Émile",
    "Françoise",
    "Gérard",
    "Hélène",
    "Ibrahim",
    "Josiane",
    "Lina",
    "Marcel",
]
PLACES = ["des Tilleuls", "du Moulin", "du Parc", "de la Gare", "des Lilas"]
INTERESTS = [
    "cuisine",
    "jardinage",
    "lecture",
    "musique",
    "football",
    "couture",
    "échecs",
    "photo",
    "randonnée",
    "cinéma",
    "tricot",
    "bricolage",
    "smartphone",
    "danse",
    "histoire",
    "peinture",
    "pétanque",
    "théâtre",
]
SKILLS = [
    "soutien scolaire",
    "mathématiques",
    "bricolage",
    "smartphone",
    "ordinateur",
    "CV",
    "jardinage",
    "cuisine",
    "couture",
    "conversation en anglais",
    "courses",
    "covoiturage",
    "garde d'enfants",
    "démarches en ligne",
    "tricot",
    "réparation de vélo",
]
PORTRAITS = [
    "J'habite le quartier depuis {years} ans. J'aime {interest} et je peux "
    "donner un coup de main pour {skill}.",
    "Toujours partant pour {interest}. Je sais faire {skill}, demandez-moi !",
    "Nouvelle dans le quartier, j'aimerais rencontrer des voisins autour de "
    "{interest}. Je peux aider pour {skill}.",
    "Retraité, du temps libre. Passionné de {interest}, je partage volontiers "
    "ce que je sais sur {skill}.",
]
AGE_GROUPS = [choice for choice, _label in Profile.AgeGroup.choices]
MOMENTS = [choice for choice, _label in Profile.Moment.choices]
LANGUAGE_CODES = [code for code, _label in SPOKEN_LANGUAGES if code != "other"]


def demo_email(login: str) -> str:
    return f"{login}@{DEMO_EMAIL_DOMAIN}"


def ensure_person(
    *, login: str, details: dict, password_hash: str
) -> tuple[User, bool]:
    email = demo_email(login)
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user, False
    # One hash for everyone: hashing forty times would take seconds.
    user = User.objects.create(email=email, username=login, password=password_hash)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    services.update_profile(user=user, **details)
    return user, True


def _generated_people(rng: random.Random) -> list[tuple[str, dict]]:
    people = []
    for index, first_name in enumerate(FIRST_NAMES):
        place = PLACES[index % len(PLACES)]
        interests = rng.sample(INTERESTS, k=rng.randint(2, 4))
        skills = rng.sample(SKILLS, k=rng.randint(1, 3))
        age_group = rng.choice(AGE_GROUPS + AGE_GROUPS[1:])  # fewer under-18s
        languages = ["fr", *rng.sample(LANGUAGE_CODES[1:], k=rng.randint(0, 2))]
        portrait = rng.choice(PORTRAITS).format(
            years=rng.randint(1, 40), interest=interests[0], skill=skills[0]
        )
        people.append(
            (
                f"resident{index + 1:02d}",
                {
                    "pseudonym": f"{first_name} {place}",
                    "portrait": portrait,
                    "interests": interests,
                    "skills": skills,
                    "languages": languages,
                    "age_group": age_group,
                    "show_age_group": rng.random() < 0.5,
                    "availability": sorted(rng.sample(MOMENTS, k=rng.randint(1, 3))),
                },
            )
        )
    return people


def seed_people(*, rng: random.Random) -> tuple[dict[str, User], int]:
    """The demo people by login, made when missing, and how many were made."""
    password_hash = make_password(DEMO_PASSWORD)
    personas = [
        (persona["login"], {k: v for k, v in persona.items() if k != "login"})
        for persona in PERSONAS
    ]
    people, created = {}, 0
    for login, details in [*personas, *_generated_people(rng)]:
        people[login], made = ensure_person(
            login=login, details=details, password_hash=password_hash
        )
        created += made
    return people, created


def persona_logins() -> list[tuple[str, str]]:
    """(e-mail, pseudonym) of the people of PRODUCT.md, to print for a newcomer."""
    return [(demo_email(p["login"]), p["pseudonym"]) for p in PERSONAS]
