"""Demo conversations: neighbours talking about listings they answered and after
reading each other's profile, Monique's answer to Lucas written with Karim at
the desk, a message still unread by Fatima (and one by Lucas) for whoever logs
in as them, and the moderators' room of each neighbourhood. Everything goes
through the services, then the dates are moved into the past weeks (except
Monique's answer, written today like its entry in her history: the journal is
never rewritten). Called by devtools.demo.seed.seed_demo after the listings;
idempotent."""

import datetime
import random
import uuid

from django.utils import timezone

from community.models import User
from exchanges.models import Response
from messaging import services
from messaging.models import Conversation, Message
from neighbourhoods import permissions
from neighbourhoods import selectors as neighbourhood_selectors
from neighbourhoods.models import Neighbourhood
from neighbourhoods.permissions import Capability

# About a listing one of them answered: (responder, author) take turns.
LISTING_SCRIPTS = [
    [
        "Bonjour ! Je vous ai répondu pour « {title} ». Quand seriez-vous libre ?",
        "Bonjour, merci beaucoup ! Samedi matin, ça vous irait ?",
        "Parfait : samedi 10 h au centre social ?",
        "C'est noté, à samedi !",
    ],
    [
        "Bonsoir, c'est toujours d'actualité, « {title} » ?",
        "Oui ! Vous êtes disponible en semaine ?",
        "Mardi ou jeudi après 17 h.",
        "Jeudi 17 h 30 alors. Je vous attends devant le centre.",
        "Très bien, merci et à jeudi.",
    ],
    [
        "Bonjour, c'est au sujet de « {title} ». On s'appelle ?",
        "Je préfère qu'on se voie au centre, c'est plus simple pour moi.",
        "Aucun souci, mercredi après-midi ?",
    ],
]

# Lucas offers Monique to learn video calls; she answers with Karim's help.
LUCAS_TO_MONIQUE = [
    "Bonjour Monique, j'ai vu sur votre profil que vous aimeriez apprendre les "
    "appels vidéo. Je peux vous montrer, c'est facile avec la tablette.",
    "Je suis au centre social le jeudi après-midi, pendant l'atelier smartphone.",
]
MONIQUE_TO_LUCAS = (
    "Merci Lucas, c'est très gentil. Jeudi 14 h au centre, c'est parfait. "
    "J'apporterai ma tablette. Monique"
)

# A neighbour read Fatima's profile; the last message waits for her.
TO_FATIMA = [
    (
        "other",
        "Bonjour Fatima, j'ai lu que vous parlez arabe. Mon fils "
        "aimerait pratiquer un peu avant son voyage, seriez-vous d'accord ?",
    ),
    ("fatima", "Avec plaisir ! Autour d'un thé, le samedi matin ?"),
    (
        "other",
        "Merci ! Samedi prochain 10 h au centre social, ça vous va ? Il "
        "apportera des pâtisseries.",
    ),
]

# Two neighbours of Le Moulin, from a profile.
BETWEEN_NEIGHBOURS = [
    "Bonjour ! Vous aimez la pétanque aussi ? On est quelques-uns au parc le dimanche.",
    "Oui, avec plaisir, je n'ai pas joué depuis longtemps.",
    "Dimanche 15 h près du kiosque, on vous prête des boules.",
    "À dimanche alors !",
]

# The moderators' rooms: (login, text).
STAFF_ROOM = {
    "tilleuls": [
        (
            "karim",
            "Monique a donné son accord : je l'aide à répondre à ses messages "
            "quand elle passe à l'accueil.",
        ),
        (
            "sophie",
            "Merci Karim. Pensez à noter les présences de l'atelier "
            "smartphone pour le bilan de la CAF.",
        ),
        ("karim", "C'est fait : 9 participants jeudi, dont 4 nouveaux."),
        (
            "sophie",
            "Une demande d'adhésion attend aux Tilleuls, quelqu'un peut "
            "la regarder aujourd'hui ?",
        ),
    ],
    "moulin": [
        ("resident05", "Il manque des affiches des annonces au marché du samedi."),
        ("karim", "J'en imprime au centre et je les apporte vendredi."),
        ("sophie", "Merci à vous deux !"),
    ],
}


def seed_conversations(*, people: dict[str, User], rng: random.Random) -> None:
    """Conversations with history between the demo people, once: nothing is
    made if any of them has already written."""
    if Message.objects.filter(author__in=list(people.values())).exists():
        return
    now = timezone.now()
    _about_listings(people=people, rng=rng, now=now)
    _lucas_and_monique(people=people, rng=rng, now=now)
    _to_fatima(people=people, rng=rng, now=now)
    _between_neighbours(people=people, rng=rng, now=now)
    _staff_rooms(people=people, rng=rng, now=now)


def client_id(rng: random.Random) -> uuid.UUID:
    """A sender's client id, drawn from the demo's seed."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def say(
    *,
    author: User,
    conversation: Conversation,
    text: str,
    at: datetime.datetime,
    rng: random.Random,
) -> Message:
    """Send through the service, then date the message at `at` (the moderation
    demo tells its stories with it too)."""
    message = services.send_message(
        user=author, conversation=conversation, text=text, client_id=client_id(rng)
    )
    Message.objects.filter(pk=message.pk).update(created_at=at)
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=at)
    return message


def _times(
    rng: random.Random, *, start: datetime.datetime, end: datetime.datetime, count: int
) -> list[datetime.datetime]:
    """`count` moments in order between start and end, in the daytime when
    they can be: neighbours rarely write at three in the morning."""
    step = (end - start) / (count + 1)
    moments = []
    for index in range(count):
        moment = timezone.localtime(start + step * (index + 1))
        if not 8 <= moment.hour < 21:
            moment = moment.replace(hour=rng.randint(9, 20))
        moments.append(min(moment, end) + datetime.timedelta(minutes=index))
    return sorted(moments)


def read_all(conversation: Conversation, *, except_for: User | None = None) -> None:
    """Everyone but `except_for` has read up to the last message shown (a
    message held for review is not shown)."""
    last = conversation.messages.filter(held=False).order_by("-pk").first()
    if last is None:
        return
    for participant in conversation.participants.select_related("user"):
        if participant.user != except_for:
            services.mark_read(
                user=participant.user, conversation=conversation, up_to=last.pk
            )


def _shared(one: User, other: User) -> Neighbourhood | None:
    return neighbourhood_selectors.neighbourhoods_to_write_in(
        user=one, other=other
    ).first()


def _about_listings(*, people, rng, now) -> None:
    # Monique writes only at the desk (below), so not in these.
    monique = people["monique"]
    responses = list(
        Response.objects.filter(responder__in=list(people.values()))
        .exclude(responder=monique)
        .exclude(listing__author=monique)
        .select_related("listing__author", "responder")
        .order_by("pk")
    )
    for index, response in enumerate(rng.sample(responses, k=min(4, len(responses)))):
        listing, responder = response.listing, response.responder
        conversation = services.start_conversation(
            user=responder,
            other=listing.author,
            neighbourhood=listing.neighbourhood,
            listing=listing,
        )
        script = LISTING_SCRIPTS[index % len(LISTING_SCRIPTS)]
        # Right after the answer (at least a day ago), over a few days at most.
        start = min(response.created_at, now - datetime.timedelta(days=1))
        end = start + min((now - start) / 2, datetime.timedelta(days=3))
        for turn, (line, at) in enumerate(
            zip(
                script,
                _times(rng, start=start, end=end, count=len(script)),
                strict=True,
            )
        ):
            say(
                author=responder if turn % 2 == 0 else listing.author,
                conversation=conversation,
                text=line.format(title=listing.title),
                at=at,
                rng=rng,
            )
        read_all(conversation)


def _lucas_and_monique(*, people, rng, now) -> None:
    lucas, monique, karim = people["lucas"], people["monique"], people["karim"]
    tilleuls = Neighbourhood.objects.get(slug="tilleuls")
    conversation = services.start_conversation(
        user=lucas, other=monique, neighbourhood=tilleuls
    )
    start = now - datetime.timedelta(days=3, hours=rng.randint(0, 5))
    moments = _times(rng, start=start, end=now - datetime.timedelta(hours=20), count=2)
    for text, at in zip(LUCAS_TO_MONIQUE, moments, strict=True):
        say(author=lucas, conversation=conversation, text=text, at=at, rng=rng)
    # Monique is at the desk today: Karim writes her answer for her, with her
    # consent. Left at today's date, like its entry in her history (the
    # journal is never rewritten).
    answer = services.send_message_for(
        helper=karim,
        resident=monique,
        conversation=conversation,
        text=MONIQUE_TO_LUCAS,
        client_id=client_id(rng),
    )
    Conversation.objects.filter(pk=conversation.pk).update(
        last_message_at=answer.created_at
    )
    # Lucas has not seen her answer yet: an unread message for his login.


def _to_fatima(*, people, rng, now) -> None:
    fatima = people["fatima"]
    neighbours = [
        people[login]
        for login in sorted(people)
        if login.startswith("resident") and _shared(people[login], fatima)
    ]
    other = rng.choice(neighbours)
    conversation = services.start_conversation(
        user=other, other=fatima, neighbourhood=_shared(other, fatima)
    )
    start = now - datetime.timedelta(days=2)
    moments = _times(
        rng, start=start, end=now - datetime.timedelta(hours=2), count=len(TO_FATIMA)
    )
    for (who, text), at in zip(TO_FATIMA, moments, strict=True):
        say(
            author=fatima if who == "fatima" else other,
            conversation=conversation,
            text=text,
            at=at,
            rng=rng,
        )
    # The neighbour's last message waits for Fatima: her login shows it unread.
    read_all(conversation, except_for=fatima)


def _between_neighbours(*, people, rng, now) -> None:
    moulin = Neighbourhood.objects.get(slug="moulin")
    residents = [
        people[login]
        for login in sorted(people)
        if login.startswith("resident")
        and login != "resident05"
        and permissions.can(people[login], Capability.MESSAGE, moulin)
    ]
    one, other = rng.sample(residents, k=2)
    conversation = services.start_conversation(
        user=one, other=other, neighbourhood=moulin
    )
    start = now - datetime.timedelta(days=rng.randint(6, 12))
    moments = _times(
        rng,
        start=start,
        end=start + datetime.timedelta(days=2),
        count=len(BETWEEN_NEIGHBOURS),
    )
    for turn, (text, at) in enumerate(zip(BETWEEN_NEIGHBOURS, moments, strict=True)):
        say(
            author=one if turn % 2 == 0 else other,
            conversation=conversation,
            text=text,
            at=at,
            rng=rng,
        )
    read_all(conversation)


def _staff_rooms(*, people, rng, now) -> None:
    for slug, lines in STAFF_ROOM.items():
        neighbourhood = Neighbourhood.objects.get(slug=slug)
        room = services.staff_room(
            moderator=people["sophie"], neighbourhood=neighbourhood
        )
        start = now - datetime.timedelta(days=rng.randint(1, 4))
        moments = _times(
            rng, start=start, end=now - datetime.timedelta(hours=3), count=len(lines)
        )
        for (login, text), at in zip(lines, moments, strict=True):
            say(author=people[login], conversation=room, text=text, at=at, rng=rng)
        read_all(room)
