"""Demo moderation of Les Tilleuls (and one case of Le Moulin): the watch list
Sophie keeps, four cases open in Karim's queue (a listing selling beauty
products reported by two neighbours, a threatening message Fatima reported
before blocking its author, a profile reported for another reason, a message
the watch list held) and six cases decided over the past months (dismissed;
hidden then warned; let through; a ban later lifted; hidden then a suspension
still running; one dismissed by the moderator of Le Moulin).

Everything goes through the services, then the cases, reports, messages and
listings are dated in the past months, and the sanctions with their case. The
journal entries and notifications keep their real date: the journal is never
rewritten. Called by devtools.demo.seed.seed_demo after the conversations;
idempotent."""

import datetime
import random
from collections.abc import Iterable

from django.utils import timezone

from community import services as community_services
from community.models import User
from exchanges import services as exchange_services
from exchanges.models import Category, Listing
from messaging.models import Conversation, Message, Participant
from moderation import services
from moderation.models import Case, Report
from moderation.services import Action
from neighbourhoods.models import Membership, Neighbourhood

from . import messaging as messaging_demo

WATCH_LIST = "arnaque\nvirement\nargent facile"
SUSPENSION_DAYS = 30

SPAM_LISTING = {
    "title": "Crèmes et parfums de marque à prix cassés",
    "description": "Je vends des produits de beauté de grandes marques, -50 %, "
    "livraison rapide. Contactez-moi vite, stock limité !",
    "tags": ["beauté", "parfum"],
}
SPAM_REPORTS = [
    "Ce n'est pas de l'entraide, c'est de la vente.",
    "Encore de la publicité, il en met partout.",
]

# Fatima is pressed by a neighbour; she reports his last message and blocks him.
TO_FATIMA = [
    (
        "other",
        "Bonjour, je vous ai vue au centre social. Vous pouvez me donner votre "
        "numéro ?",
    ),
    ("fatima", "Bonjour, je préfère qu'on reste sur la messagerie, merci."),
    (
        "other",
        "Pour qui vous vous prenez ? Répondez quand on vous parle, sinon vous "
        "allez le regretter.",
    ),
]
FATIMA_REPORT = "Il insiste et me menace, je ne me sens pas à l'aise."

PROFILE_REPORT = (
    "Je crois que cette personne a deux comptes : elle m'a écrit sous un autre nom."
)

# Two neighbours who know each other; the last message waits for the moderators.
HELD = [
    ("one", "Merci encore pour le coup de main avec l'étagère !"),
    ("other", "Avec plaisir, à bientôt."),
    (
        "one",
        "Dites, je connais une méthode pour gagner de l'argent facile depuis chez "
        "soi. Il suffit d'un petit virement pour commencer, je vous explique ?",
    ),
]

# Months ago: an insult after a missed appointment, hidden and warned...
INSULT = [
    (
        "victim",
        "Bonjour, vous deviez passer samedi pour l'étagère, je vous ai attendu.",
    ),
    ("victim", "Vous pouvez me dire si vous venez toujours ?"),
    (
        "author",
        "J'avais mieux à faire. Arrêtez de me harceler avec votre étagère, "
        "espèce de radoteur.",
    ),
]
INSULT_HIDDEN = "Une insulte : contraire au point 1 de la charte (on se respecte)."
# ...and again a few days ago: hidden, and a suspension still running.
INSULT_AGAIN = [
    ("victim", "Bonsoir, vous aviez répondu pour les courses de samedi ?"),
    ("victim", "Je n'ai pas de nouvelles, je compte toujours sur vous ?"),
    ("author", "Débrouillez-vous, je ne suis pas votre domestique, abruti."),
]

# Let through: a real offer of help that uses a watched word.
RELEASED = [
    (
        "one",
        "Je peux vous aider pour le virement du loyer sur le site de la CAF, on le "
        "fait ensemble au centre ?",
    ),
    ("other", "Oh oui, merci ! Mardi matin ?"),
    ("one", "Mardi 10 h au centre, apportez vos identifiants. À mardi !"),
]


def seed_moderation(*, people: dict[str, User], rng: random.Random) -> None:
    """The watch list, open and decided cases and a blocked pair, once: nothing
    is made if a case already concerns one of the demo people."""
    if Case.objects.filter(person__in=list(people.values())).exists():
        return
    now = timezone.now()
    tilleuls = Neighbourhood.objects.get(slug="tilleuls")
    moulin = Neighbourhood.objects.get(slug="moulin")
    services.set_watch_list(
        coordinator=people["sophie"], neighbourhood=tilleuls, words=WATCH_LIST
    )
    fatima = people["fatima"]
    talking_to_fatima = set(
        Conversation.objects.filter(participants__user=fatima).values_list(
            "participants__user", flat=True
        )
    )
    residents = [
        user
        for user in _residents(people, tilleuls)
        if user.pk not in talking_to_fatima
    ]
    # The stories of past months with those who joined first, the recent ones
    # with the others.
    half = len(residents) // 2
    early = rng.sample(residents[:half], k=7)
    later = sorted(rng.sample(residents[half:], k=6), key=residents.index)
    scene = _Scene(people=people, rng=rng, now=now, place=tilleuls)
    # Decided over the past months, oldest first.
    scene.listing_dismissed(reporter=early[0])
    scene.insult_hidden_and_warned(author=early[1], victim=early[2])
    scene.ban_lifted(person=early[3], reporter=early[4])
    scene.released(one=early[5], other=early[6])
    moulin_people = [
        user for user in _residents(people, moulin) if user not in early + later
    ]
    _Scene(people=people, rng=rng, now=now, place=moulin).profile_dismissed(
        *rng.sample(moulin_people, k=2)
    )
    scene.insult_again_suspended(author=early[1], victim=later[0])
    # Waiting in the queue.
    scene.spam_listing(author=later[1], reporters=[early[4], early[6]])
    scene.fatima_pressed(other=later[2])
    scene.profile_reported(person=later[3], reporter=early[0])
    scene.held_message(one=later[4], other=later[5])
    # Fatima no longer wants to hear from the neighbour who pressed her.
    community_services.block_member(user=fatima, other=later[2])


def _residents(people: dict[str, User], place: Neighbourhood) -> list[User]:
    """The generated residents in good standing in `place`, moderators left
    out, in the order they joined."""
    joined = dict(
        Membership.objects.filter(
            neighbourhood=place,
            status=Membership.Status.ACTIVE,
            role__in=(Membership.Role.RESIDENT, Membership.Role.VOLUNTEER),
        ).values_list("user_id", "created_at")
    )
    residents = [
        people[login]
        for login in sorted(people)
        if login.startswith("resident") and people[login].pk in joined
    ]
    return sorted(residents, key=lambda user: (joined[user.pk], user.pk))


class _Scene:
    """One neighbourhood's moderation stories, each played through the services
    and then moved back in time."""

    def __init__(self, *, people, rng, now, place):
        self.rng, self.now, self.place = rng, now, place
        self.moderator = people["karim" if place.slug == "tilleuls" else "resident05"]
        # The people of PRODUCT.md and the staff are not in these stories,
        # except Fatima, pressed by a neighbour.
        self.known = [
            people[login]
            for login in ("fatima", "lucas", "monique", "karim", "sophie", "resident05")
        ]
        self.fatima = people["fatima"]

    # Time

    def ago(self, days: float, hour: int | None = None) -> datetime.datetime:
        """`days` ago, in the daytime (at `hour` when given)."""
        moment = timezone.localtime(self.now - datetime.timedelta(days=days))
        moment = moment.replace(
            hour=hour if hour is not None else self.rng.randint(9, 19),
            minute=self.rng.randint(0, 59),
            second=0,
            microsecond=0,
        )
        return min(moment, self.now - datetime.timedelta(minutes=5))

    def date_case(
        self,
        case: Case,
        *,
        opened: datetime.datetime,
        reports: Iterable[tuple[Report, datetime.datetime]] = (),
        closed: datetime.datetime | None = None,
    ) -> None:
        dates = {"opened_at": opened}
        if closed is not None:
            dates["closed_at"] = closed
        Case.objects.filter(pk=case.pk).update(**dates)
        for made, at in reports:
            Report.objects.filter(pk=made.pk).update(created_at=at)

    def date_reported(
        self,
        made: Report,
        *,
        opened: datetime.datetime,
        closed: datetime.datetime | None = None,
    ) -> None:
        """The case of one report, made as the case opened."""
        self.date_case(
            made.case, opened=opened, reports=[(made, opened)], closed=closed
        )

    def date_sanction(self, person: User, *, at: datetime.datetime, days=None):
        """The suspension counted from `at`, with the case."""
        if not days:
            return
        Membership.objects.filter(user=person, neighbourhood=self.place).update(
            suspended_until=at + datetime.timedelta(days=days)
        )

    # Conversations

    def talk(
        self,
        lines: list[tuple[str, str]],
        cast: dict[str, User],
        *,
        start: datetime.datetime,
    ) -> list[Message]:
        """A conversation between the two people of `cast` (the first writes
        first), one message an hour or so from `start`, all read."""
        first, second = cast.values()
        # A conversation of its own, even if the two already talk elsewhere in
        # the demo: its story must not mix with (or read) theirs.
        conversation = Conversation.objects.create(
            neighbourhood=self.place, kind=Conversation.Kind.DIRECT
        )
        Participant.objects.bulk_create(
            [
                Participant(conversation=conversation, user=first),
                Participant(conversation=conversation, user=second),
            ]
        )
        messages = []
        at = start
        for who, text in lines:
            messages.append(
                messaging_demo.say(
                    author=cast[who],
                    conversation=conversation,
                    text=text,
                    at=at,
                    rng=self.rng,
                )
            )
            at += datetime.timedelta(minutes=self.rng.randint(20, 150))
        messaging_demo.read_all(conversation)
        return messages

    def decide(self, case: Case, action: str, reason: str, days=None) -> Case:
        return services.decide(
            moderator=self.moderator, case=case, action=action, reason=reason, days=days
        )

    def insult_hidden(
        self,
        lines: list[tuple[str, str]],
        *,
        author: User,
        victim: User,
        start: datetime.datetime,
        text: str,
    ) -> Report:
        """An insult at the end of a conversation, reported by the one insulted
        and hidden."""
        messages = self.talk(lines, {"victim": victim, "author": author}, start=start)
        made = services.report(
            reporter=victim,
            reason=Case.Reason.HARASSMENT,
            text=text,
            message=messages[-1],
        )
        self.decide(made.case, Action.HIDE, INSULT_HIDDEN)
        return made

    # Decided

    def listing_dismissed(self, *, reporter: User) -> None:
        """About five months ago: a listing thought to be paid, dismissed."""
        listing = (
            Listing.objects.filter(neighbourhood=self.place, hidden=False)
            .exclude(author__in=[reporter, *self.known])
            .order_by("created_at", "pk")
            .first()
        )
        made = services.report(
            reporter=reporter,
            reason=Case.Reason.SPAM,
            text="Je pense que c'est une activité payante, est-ce autorisé ?",
            listing=listing,
        )
        self.decide(
            made.case,
            Action.DISMISS,
            "Vérifié avec l'auteur : c'est gratuit, rien de contraire à la charte.",
        )
        opened = max(self.ago(150), listing.created_at + datetime.timedelta(hours=5))
        self.date_reported(
            made,
            opened=opened,
            closed=min(opened + datetime.timedelta(hours=20), self.now),
        )

    def insult_hidden_and_warned(self, *, author: User, victim: User) -> None:
        """About four months ago: an insult, hidden, its author warned."""
        made = self.insult_hidden(
            INSULT,
            author=author,
            victim=victim,
            start=self.ago(121),
            text="Une insulte parce que je lui ai rappelé notre rendez-vous.",
        )
        self.decide(
            made.case,
            Action.WARN,
            "Premier avertissement : les insultes ne sont pas acceptées ici.",
        )
        opened = self.ago(120, hour=10)
        self.date_reported(
            made, opened=opened, closed=opened + datetime.timedelta(hours=4)
        )

    def ban_lifted(self, *, person: User, reporter: User) -> None:
        """About three months ago: a ban for asking money of an elderly
        neighbour, lifted two weeks later after a meeting at the centre."""
        made = services.report(
            reporter=reporter,
            reason=Case.Reason.SAFETY,
            text="Il a demandé de l'argent à ma voisine âgée pour lui faire ses "
            "courses.",
            person=person,
            neighbourhood=self.place,
        )
        self.decide(
            made.case,
            Action.BAN,
            "Demander de l'argent à une personne âgée : contraire au point 2 de "
            "la charte (on s'entraide gratuitement).",
        )
        self.decide(
            made.case,
            Action.LIFT,
            "Rencontré au centre avec sa voisine : un malentendu sur le prix des "
            "courses, remboursé. Il s'est excusé.",
        )
        opened = self.ago(95, hour=9)
        self.date_reported(
            made, opened=opened, closed=opened + datetime.timedelta(hours=6)
        )
        self.date_sanction(person, at=opened + datetime.timedelta(days=14))

    def released(self, *, one: User, other: User) -> None:
        """About two months ago: a real offer of help the watch list held
        (« virement »), let through."""
        cast = {"one": one, "other": other}
        held_at = self.ago(60, hour=10)
        (message,) = self.talk(RELEASED[:1], cast, start=held_at)
        case = message.cases.get()
        self.decide(
            case,
            Action.RELEASE,
            "Une vraie proposition d'aide pour la CAF, pas une arnaque.",
        )
        released_at = held_at + datetime.timedelta(hours=2)
        self.date_case(case, opened=held_at, closed=released_at)
        # The answer, once the message could be read.
        self.talk(RELEASED[1:], cast, start=released_at + datetime.timedelta(hours=1))

    def profile_dismissed(self, reporter: User, person: User) -> None:
        """About six weeks ago, in Le Moulin: a portrait thought to offer paid
        lessons, dismissed by the neighbourhood's moderator."""
        made = services.report(
            reporter=reporter,
            reason=Case.Reason.OTHER,
            text="Son portrait propose des cours, je me demande s'ils sont payants.",
            person=person,
            neighbourhood=self.place,
        )
        self.decide(
            made.case,
            Action.DISMISS,
            "Le portrait ne parle d'aucun prix : rien à changer.",
        )
        opened = self.ago(40, hour=11)
        self.date_reported(
            made, opened=opened, closed=opened + datetime.timedelta(days=1)
        )

    def insult_again_suspended(self, *, author: User, victim: User) -> None:
        """Twelve days ago: the same member insults another neighbour; the
        message is hidden and the membership suspended for thirty days."""
        made = self.insult_hidden(
            INSULT_AGAIN,
            author=author,
            victim=victim,
            start=self.ago(13),
            text="Il m'a insulté alors que je demandais juste une réponse.",
        )
        self.decide(
            made.case,
            Action.SUSPEND,
            "Deuxième insulte après un avertissement : suspendu trente jours.",
            days=SUSPENSION_DAYS,
        )
        opened = self.ago(12, hour=9)
        closed = opened + datetime.timedelta(hours=3)
        self.date_reported(made, opened=opened, closed=closed)
        self.date_sanction(author, at=closed, days=SUSPENSION_DAYS)

    # Open

    def spam_listing(self, *, author: User, reporters: list[User]) -> None:
        """Beauty products for sale, reported by two neighbours: one case."""
        listing = exchange_services.create_listing(
            author=author,
            neighbourhood=self.place,
            kind=Listing.Kind.OFFER,
            category=Category.objects.get(neighbourhood=None, key="other"),
            place="home",
            availability="Tous les jours",
            duration_minutes=30,
            **SPAM_LISTING,
        )
        posted = self.ago(4)
        Listing.objects.filter(pk=listing.pk).update(created_at=posted)
        made = [
            services.report(
                reporter=reporter, reason=Case.Reason.SPAM, text=text, listing=listing
            )
            for reporter, text in zip(reporters, SPAM_REPORTS, strict=True)
        ]
        first, second = self.ago(3), self.ago(1)
        self.date_case(
            made[0].case, opened=first, reports=[(made[0], first), (made[1], second)]
        )

    def fatima_pressed(self, *, other: User) -> None:
        """Two days ago: a neighbour presses Fatima, then threatens her."""
        messages = self.talk(
            TO_FATIMA, {"other": other, "fatima": self.fatima}, start=self.ago(2)
        )
        made = services.report(
            reporter=self.fatima,
            reason=Case.Reason.HARASSMENT,
            text=FATIMA_REPORT,
            message=messages[-1],
        )
        at = Message.objects.values_list("created_at", flat=True).get(
            pk=messages[-1].pk
        ) + datetime.timedelta(minutes=25)
        self.date_reported(made, opened=at)

    def profile_reported(self, *, person: User, reporter: User) -> None:
        made = services.report(
            reporter=reporter,
            reason=Case.Reason.OTHER,
            text=PROFILE_REPORT,
            person=person,
            neighbourhood=self.place,
        )
        self.date_reported(made, opened=self.ago(5))

    def held_message(self, *, one: User, other: User) -> None:
        """Yesterday: « argent facile » and « virement », held for review."""
        messages = self.talk(HELD, {"one": one, "other": other}, start=self.ago(4))
        held = messages[-1]
        # Days after the first messages, not hours.
        at = self.ago(1)
        Message.objects.filter(pk=held.pk).update(created_at=at)
        Conversation.objects.filter(pk=held.conversation_id).update(last_message_at=at)
        self.date_case(held.cases.get(), opened=at)
