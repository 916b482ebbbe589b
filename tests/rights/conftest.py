import uuid

import pytest

from exchanges import services as exchanges
from exchanges.models import Category
from messaging import services as messaging
from neighbourhoods import services as neighbourhoods
from neighbourhoods.models import Membership
from tests.factories import MembershipFactory, ProfileFactory
from tests.world import CHARTER_VERSION

# What Bertille wrote or is: none of it may reach Amandine's export, and
# after Amandine leaves, nothing of Amandine's may be found anywhere.
SECRETS_OF_B = (
    "bertille@example.org",
    "SECRET-PORTRAIT-B",
    "SECRET-LISTING-B",
    "SECRET-DESCRIPTION-B",
    "SECRET-MESSAGE-B",
    "SECRET-RESPONSE-B",
    "SECRET-THANKS-B",
)
TRACES_OF_A = (
    "Amandine",
    "amandine@example.org",
    "PORTRAIT-OF-A",
    "LISTING-OF-A",
    "MESSAGE-OF-A",
    "RESPONSE-OF-A",
    "THANKS-OF-A",
    "REPORT-OF-A",
)


def _member(neighbourhood, *, pseudonym, email, portrait):
    user = ProfileFactory(
        pseudonym=pseudonym, portrait=portrait, user__email=email
    ).user
    MembershipFactory(
        user=user, neighbourhood=neighbourhood, charter_version_accepted=CHARTER_VERSION
    )
    return user


@pytest.fixture
def story(neighbourhood, moderator):
    """Amandine and Bertille exchanged help, thanked each other and talked."""
    amandine = _member(
        neighbourhood,
        pseudonym="Amandine",
        email="amandine@example.org",
        portrait="PORTRAIT-OF-A",
    )
    bertille = _member(
        neighbourhood,
        pseudonym="Bertille",
        email="bertille@example.org",
        portrait="SECRET-PORTRAIT-B",
    )
    digital = Category.objects.get(key="digital", neighbourhood=None)
    theirs = exchanges.create_listing(
        author=bertille,
        neighbourhood=neighbourhood,
        kind="request",
        title="SECRET-LISTING-B",
        description="SECRET-DESCRIPTION-B",
        category=digital,
        tags=[],
    )
    mine = exchanges.create_listing(
        author=amandine,
        neighbourhood=neighbourhood,
        kind="offer",
        title="LISTING-OF-A",
        category=digital,
        tags=[],
    )
    answer = exchanges.respond(user=amandine, listing=theirs, message="RESPONSE-OF-A")
    exchanges.respond(user=bertille, listing=mine, message="SECRET-RESPONSE-B")
    exchanges.accept_response(user=bertille, response=answer)
    exchanges.confirm_done(user=bertille, response=answer, minutes=60)
    exchanges.confirm_done(user=amandine, response=answer, minutes=60)
    exchanges.thank(user=bertille, response=answer, text="SECRET-THANKS-B")
    exchanges.thank(user=amandine, response=answer, text="THANKS-OF-A")
    conversation = messaging.start_conversation(
        user=amandine, other=bertille, neighbourhood=neighbourhood
    )
    messaging.send_message(
        user=amandine,
        conversation=conversation,
        text="MESSAGE-OF-A",
        client_id=uuid.uuid4(),
    )
    messaging.send_message(
        user=bertille,
        conversation=conversation,
        text="SECRET-MESSAGE-B",
        client_id=uuid.uuid4(),
    )
    from moderation import services as moderation

    moderation.report(
        reporter=amandine,
        reason="harassment",
        text="REPORT-OF-A",
        message=conversation.messages.get(author=bertille),
    )
    neighbourhoods.record_consent(
        moderator=moderator,
        resident=amandine,
        neighbourhood=neighbourhood,
        purpose="Publier mes annonces",
    )
    assert Membership.objects.filter(user=amandine).exists()
    return {
        "amandine": amandine,
        "bertille": bertille,
        "conversation": conversation,
        "answer": answer,
        "mine": mine,
        "theirs": theirs,
    }
