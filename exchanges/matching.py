"""How well a listing fits a person, and why, in one function.

`score` takes plain values, not models, so that a test can call it with handmade
cases and pin the ranking; selectors and services turn models into these values.
"""

import datetime
import functools
from dataclasses import dataclass, field

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

REQUEST = "request"
OFFER = "offer"
YOUNG = {"under_18", "18_25"}
SENIOR = {"60_plus"}
MENTORING = "mentoring"

# Weights, in the order they matter to people.
SKILL_FOR_REQUEST = 3.0  # I can do what is asked
INTEREST_FOR_OFFER = 3.0  # I want what is offered
OTHER_SHARED_WORD = 1.5  # a word in common all the same
SHARED_LANGUAGE = 1.0
NO_SHARED_LANGUAGE = -2.0  # they could not talk to each other
GENERATIONS = 3.0
FRESH = 2.0  # decays to nothing over FRESH_DAYS
FRESH_DAYS = 30
ACTIVE_AUTHOR = 1.0
ACTIVE_DAYS = 14


@dataclass(frozen=True)
class Person:
    interests: frozenset[str] = frozenset()
    skills: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    age_group: str = ""  # only when the person agreed to share it
    last_active: datetime.datetime | None = None


@dataclass(frozen=True)
class Candidate:
    kind: str
    tags: frozenset[str]
    category: str
    created_at: datetime.datetime
    author: Person


@dataclass
class Fit:
    score: float = 0.0
    reasons: list = field(default_factory=list)
    shared: tuple[str, ...] = ()

    @property
    def is_match(self) -> bool:
        """A suggestion needs at least one word in common."""
        return bool(self.shared) and self.score > 0


def _words(words) -> frozenset[str]:
    return frozenset(word.casefold() for word in words)


@functools.lru_cache(maxsize=256)
def _wanted_and_other(person: Person, kind: str) -> tuple[frozenset, frozenset]:
    """The person's words that answer this kind of listing, and their other
    words; computed once per person, not once per candidate."""
    wanted = _words(person.skills if kind == REQUEST else person.interests)
    return wanted, _words(person.skills | person.interests) - wanted


def _is_intergenerational(one: str, other: str) -> bool:
    return (one in YOUNG and other in SENIOR) or (one in SENIOR and other in YOUNG)


def score(*, person: Person, listing: Candidate, now: datetime.datetime) -> Fit:
    """How well `listing` fits `person`, with the reasons in plain words.

    A request fits people whose skills it names; an offer, people whose
    interests it names. A shared language helps, none at all hurts; mentoring
    between young and senior (both sharing their age group) counts extra; fresh
    listings and authors active lately rank higher.
    """
    fit = Fit()
    tags = _words(listing.tags)
    wanted, other = _wanted_and_other(person, listing.kind)
    main = tags & wanted
    extra = (tags & other) - main
    weight = SKILL_FOR_REQUEST if listing.kind == REQUEST else INTEREST_FOR_OFFER
    fit.score += weight * len(main) + OTHER_SHARED_WORD * len(extra)
    fit.shared = tuple(sorted(main)) + tuple(sorted(extra))
    if fit.shared:
        fit.reasons.append(
            format_lazy(_("you both mentioned: {}"), ", ".join(fit.shared))
        )

    if person.languages and listing.author.languages:
        if person.languages & listing.author.languages:
            fit.score += SHARED_LANGUAGE
        else:
            fit.score += NO_SHARED_LANGUAGE
            fit.reasons.append(_("you have no language in common"))

    if listing.category == MENTORING and _is_intergenerational(
        person.age_group, listing.author.age_group
    ):
        fit.score += GENERATIONS
        fit.reasons.append(_("a meeting between generations"))

    age_days = max((now - listing.created_at).total_seconds() / 86400, 0)
    fit.score += FRESH * max(0.0, 1 - age_days / FRESH_DAYS)
    if age_days < 7:
        fit.reasons.append(_("new this week"))

    last_active = listing.author.last_active
    if last_active and (now - last_active).days < ACTIVE_DAYS:
        fit.score += ACTIVE_AUTHOR
    return fit


def rank(
    *, person: Person, candidates: list[tuple[object, Candidate]], now, limit: int
) -> list[tuple[object, Fit]]:
    """The best `limit` of `candidates` (pairs of anything and its Candidate),
    best first; ties go to the newer listing."""
    scored = []
    for item, candidate in candidates:
        fit = score(person=person, listing=candidate, now=now)
        if fit.is_match:
            scored.append((fit.score, candidate.created_at, item, fit))
    scored.sort(key=lambda entry: (entry[0], entry[1]), reverse=True)
    return [(item, fit) for _score, _created, item, fit in scored[:limit]]
