"""Demo data: the Centre social des Tilleuls, its two neighbourhoods and about forty
residents covering the people of PRODUCT.md. Deterministic and idempotent: the same
seed gives the same data, and running it again creates nothing twice."""

import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction

from . import (
    exchanges,
    landmarks,
    mentoring,
    messaging,
    moderation,
    neighbourhoods,
    people,
    setup,
    workshops,
)


@dataclass
class DemoResult:
    created_people: int = 0
    logins: list[tuple[str, str]] = field(default_factory=list)


@transaction.atomic
def seed_demo(*, seed: int = 2026) -> DemoResult:
    """Create the demo people that are missing (people), then their centre
    social and neighbourhoods (neighbourhoods), their listings (exchanges),
    streets and landmarks with listings placed at them (landmarks),
    their conversations (messaging), the moderators' cases (moderation), the
    workshops' season (workshops), mentoring pairs (mentoring), and a second
    organisation set up through the site's setup services (setup)."""
    rng = random.Random(seed)
    everyone, created = people.seed_people(rng=rng)
    neighbourhoods.seed_neighbourhoods(people=everyone, rng=rng)
    exchanges.seed_listings(people=everyone, rng=rng)
    landmarks.seed_landmarks()
    messaging.seed_conversations(people=everyone, rng=rng)
    moderation.seed_moderation(people=everyone, rng=rng)
    workshops.seed_workshops(people=everyone, rng=rng)
    mentoring.seed_mentoring(people=everyone, rng=rng)
    # A second organisation, set up through the site as a new one would be.
    setup.seed_second_organisation(password_hash=make_password(people.DEMO_PASSWORD))
    return DemoResult(created_people=created, logins=people.persona_logins())
