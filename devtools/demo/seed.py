"""Demo data: the Centre social des Tilleuls, its two neighbourhoods and about forty
residents covering the people of PRODUCT.md. Deterministic and idempotent: the same
seed gives the same data, and running it again creates nothing twice."""

import random
from dataclasses import dataclass, field

from django.db import transaction

from . import (
    exchanges,
    mentoring,
    messaging,
    moderation,
    neighbourhoods,
    people,
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
    their conversations (messaging), the moderators' cases (moderation) and
    the workshops' season (workshops) and mentoring pairs (mentoring)."""
    rng = random.Random(seed)
    everyone, created = people.seed_people(rng=rng)
    neighbourhoods.seed_neighbourhoods(people=everyone, rng=rng)
    exchanges.seed_listings(people=everyone, rng=rng)
    messaging.seed_conversations(people=everyone, rng=rng)
    moderation.seed_moderation(people=everyone, rng=rng)
    workshops.seed_workshops(people=everyone, rng=rng)
    mentoring.seed_mentoring(people=everyone, rng=rng)
    return DemoResult(created_people=created, logins=people.persona_logins())
