"""How well a listing fits a person, and why, in one function.

`score` takes plain values, not models, so that a test can call it with handmade
cases and pin the ranking; selectors and services turn models into these values.

Everything a person wrote is read (exchanges.text: whole words, stems, the
thesaurus of the field), in the language it was written in (a listing's
`language`; a person's, `language_of_person`): a listing's title,
description, category and tags; a person's skills, interests and portrait.
Words meet when their stems do (in one language), subjects whatever the
languages: a French request for "appels vidéo" meets an English offer of
help with "video calls". Needs meet answers: a request fits
people whose skills answer it, an offer people whose interests it answers; one
helper's skill never brings up another helper's offer. For shared activities
(a game, a walk, a sport, a conversation) interests count on both sides.
"""

import datetime
import functools
from dataclasses import dataclass, field

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import text

REQUEST = "request"
OFFER = "offer"
YOUNG = {"under_18", "18_25"}
SENIOR = {"60_plus"}
MENTORING = "mentoring"
# Categories of things done together: interests on both sides count.
ACTIVITIES = {"hobbies", "languages", "company", "mentoring", "cooking"}

# Weights, in the order they matter to people.
SUBJECT = 3.0  # a subject in common (a concept of the thesaurus)
CATEGORY = 1.5  # the listing's category only, not in its words
TITLE_WORD = 2.0  # a word of the title or tags in common
BODY_WORD = 1.0  # a word of the description in common
DIMINISHING = 0.7  # each further term in common counts this much of the one before
OTHER_SHARE = 0.5  # a request's subject among the person's interests only
PORTRAIT_WORD = 0.5  # the portrait speaks of it
MOST_PORTRAIT = 1.5
THRESHOLD = 2.0  # below this, a suggestion is too weak to show
SHARED_LANGUAGE = 1.0
NO_SHARED_LANGUAGE = -2.0  # they could not talk to each other
GENERATIONS = 3.0
FRESH = 2.0  # decays to nothing over FRESH_DAYS
FRESH_DAYS = 30
ACTIVE_AUTHOR = 1.0
ACTIVE_DAYS = 14
MOST_REASONS = 2

# Who reads the reasons: the person the listing is suggested to, or the
# listing's author looking at neighbours who could answer.
PERSON = "person"
AUTHOR = "author"


def language_of_person(preferred: str = "", spoken=()) -> str:
    """The language a member's own words (keywords, portrait) are read in:
    the one they chose for the site; else English when they speak it and not
    French; else the site's."""
    code = (preferred or "").split("-")[0].lower()
    if code in text.LANGUAGES:
        return code
    if text.ENGLISH in spoken and text.FRENCH not in spoken:
        return text.ENGLISH
    return text.DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Person:
    interests: frozenset[str] = frozenset()
    skills: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    age_group: str = ""  # only when the person agreed to share it
    last_active: datetime.datetime | None = None
    portrait: str = ""
    language: str = text.DEFAULT_LANGUAGE  # of the words above (language_of_person)


@dataclass(frozen=True)
class Candidate:
    kind: str
    tags: frozenset[str]
    category: str
    created_at: datetime.datetime
    author: Person
    title: str = ""
    description: str = ""
    language: str = text.DEFAULT_LANGUAGE  # of the title, description and tags


@dataclass
class Fit:
    score: float = 0.0
    reasons: list = field(default_factory=list)
    shared: tuple[str, ...] = ()
    relevance: float = 0.0  # the part of the score that comes from the texts

    @property
    def is_match(self) -> bool:
        """A suggestion needs something in common, above the threshold."""
        return bool(self.shared) and self.relevance >= THRESHOLD and self.score > 0


@functools.lru_cache(maxsize=1024)
def _person_terms(person: Person, thesaurus) -> tuple:
    """(skills, interests, portrait) terms, once per person."""
    language = person.language
    return (
        text.analyse_all(sorted(person.skills), thesaurus, language=language),
        text.analyse_all(sorted(person.interests), thesaurus, language=language),
        text.analyse(person.portrait, thesaurus, language=language),
    )


# Enough for the open listings of a busy neighbourhood, few enough to keep the
# memory of a process small (a description is up to 2,000 characters).
@functools.lru_cache(maxsize=5000)
def _listing_terms(
    title: str,
    tags: frozenset,
    description: str,
    category: str,
    thesaurus,
    language: str,
) -> tuple:
    """(title and tags, description) terms of a listing, read in its
    language; its category counts as a subject of the title, a weak one when
    the words do not say it."""
    head = dict(
        text.analyse_all(
            [title, *sorted(tags)], thesaurus, broader=True, language=language
        ).written
    )
    weak = frozenset()
    if category and category != "other" and text.CONCEPT + category not in head:
        head[text.CONCEPT + category] = title
        weak = frozenset([text.CONCEPT + category])
    body = text.analyse(description, thesaurus, broader=True, language=language)
    return text.Terms(head, weak), body


def listing_terms(candidate: Candidate, thesaurus=None) -> tuple:
    return _listing_terms(
        candidate.title,
        frozenset(candidate.tags),
        candidate.description,
        candidate.category,
        thesaurus,
        text.language_of(candidate.language),
    )


def _is_activity(head: text.Terms, category: str) -> bool:
    if category in ACTIVITIES:
        return True
    return any(text.category_of(c) in ACTIVITIES for c in head.concepts)


def _weight(term: str, in_head: bool, weak: frozenset) -> float:
    if term in weak:
        return CATEGORY
    if term.startswith(text.CONCEPT):
        return SUBJECT
    return TITLE_WORD if in_head else BODY_WORD


def _shared(mine: text.Terms, head: text.Terms, body: text.Terms):
    """Terms in common, best first: (weight, term, my words, their words)."""
    found = []
    for term in mine.keys & (head.keys | body.keys):
        in_head = term in head.written
        theirs = head.written[term] if in_head else body.written[term]
        weight = _weight(term, in_head, head.weak)
        found.append((weight, term, mine.written[term], theirs))
    # Finer subjects ("hobbies/chess") before whole categories, then words.
    found.sort(key=lambda f: (-f[0], -f[1].count(text.SUBJECT), f[2]))
    return found


def _sum(found) -> float:
    """Each further term in common counts less than the one before."""
    return sum(weight * DIMINISHING**i for i, (weight, *_rest) in enumerate(found))


def _reason(kind: str, side: str, viewpoint: str, mine: str, theirs: str):
    if viewpoint == AUTHOR:
        templates = {
            "skill": _("they know “{mine}”; you ask for “{theirs}”"),
            "interest": _("they are interested in “{mine}”; you offer “{theirs}”"),
            "activity": _("they like “{mine}”; you wrote “{theirs}”"),
            "other": _("they are interested in “{mine}”; you ask for “{theirs}”"),
        }
    else:
        templates = {
            "skill": _("you know “{mine}”; they ask for “{theirs}”"),
            "interest": _("you are interested in “{mine}”; they offer “{theirs}”"),
            "activity": _("you like “{mine}”; they wrote “{theirs}”"),
            "other": _("you are interested in “{mine}”; they ask for “{theirs}”"),
        }
    return format_lazy(templates[side], mine=mine, theirs=theirs)


def _is_intergenerational(one: str, other: str) -> bool:
    return (one in YOUNG and other in SENIOR) or (one in SENIOR and other in YOUNG)


def score(
    *,
    person: Person,
    listing: Candidate,
    now: datetime.datetime,
    viewpoint: str = PERSON,
    thesaurus=None,
) -> Fit:
    """How well `listing` fits `person`, with the reasons in plain words,
    naming both sides (for `viewpoint`: the person, or the listing's author).

    A request fits people whose skills answer it; an offer, people whose
    interests it answers; an activity, both. A request's subject among the
    person's interests only counts a little; an offer never fits through the
    person's skills (a helper is not shown another helper's offer). The
    portrait adds a little. A shared language helps, none at all hurts;
    mentoring between young and senior (both sharing their age group) counts
    extra; fresh listings and authors active lately rank higher.
    """
    fit = Fit()
    skills, interests, portrait = _person_terms(person, thesaurus)
    head, body = listing_terms(listing, thesaurus)
    activity = _is_activity(head, listing.category)
    if listing.kind == REQUEST:
        main = _shared(skills, head, body)
        side = "skill"
        if activity:
            liked = _shared(interests, head, body)
            if _sum(liked) > _sum(main):
                main, side = liked, "activity"
            other = []
        elif viewpoint == PERSON:
            other = _shared(interests, head, body)
        else:  # who could answer a request: only those who know how
            other = []
    else:
        main = _shared(interests, head, body)
        side = "activity" if activity else "interest"
        other = _shared(skills, head, body) if activity else []
    fit.relevance = _sum(main) + OTHER_SHARE * _sum(other)
    if fit.relevance >= THRESHOLD:  # the portrait ranks, it does not decide
        about = _shared(portrait, head, body)
        fit.relevance += min(PORTRAIT_WORD * len(about), MOST_PORTRAIT)
    fit.score = fit.relevance
    quoted = []
    for *_rest, mine, theirs in main or other:
        if (mine, theirs) not in quoted and len(quoted) < MOST_REASONS:
            quoted.append((mine, theirs))
    fit.shared = tuple(dict.fromkeys(mine for _w, _t, mine, _th in main + other))
    for mine, theirs in quoted:
        fit.reasons.append(
            _reason(listing.kind, side if main else "other", viewpoint, mine, theirs)
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
    *,
    person: Person,
    candidates: list[tuple[object, Candidate]],
    now,
    limit: int,
    viewpoint: str = PERSON,
    thesaurus=None,
) -> list[tuple[object, Fit]]:
    """The best `limit` of `candidates` (pairs of anything and its Candidate),
    best first; ties go to the newer listing."""
    scored = []
    for item, candidate in candidates:
        fit = score(
            person=person,
            listing=candidate,
            now=now,
            viewpoint=viewpoint,
            thesaurus=thesaurus,
        )
        if fit.is_match:
            scored.append((fit.score, candidate.created_at, item, fit))
    scored.sort(key=lambda entry: (entry[0], entry[1]), reverse=True)
    return [(item, fit) for _score, _created, item, fit in scored[:limit]]


def similarity(*, written: Candidate, other: Candidate, thesaurus=None) -> Fit:
    """How much `other` looks like the listing being `written`: subjects and
    title words in common, with the reason quoting both."""
    fit = Fit()
    head, body = listing_terms(written, thesaurus)
    other_head, other_body = listing_terms(other, thesaurus)
    mine = text.Terms({**body.written, **head.written})
    found = _shared(mine, other_head, other_body)
    # Only the title and tags of the one being written count fully.
    found = [
        (weight if term in head.written else weight / 2, term, m, t)
        for weight, term, m, t in found
    ]
    found.sort(key=lambda f: (-f[0], -f[1].count(text.SUBJECT), f[2]))
    fit.relevance = fit.score = _sum(found)
    if fit.relevance < THRESHOLD:
        return Fit(relevance=fit.relevance, score=fit.score)
    fit.shared = tuple(dict.fromkeys(m for _w, _t, m, _th in found))
    if found:
        _w, _t, mine_words, theirs = found[0]
        fit.reasons.append(
            format_lazy(
                _("you wrote “{mine}”; this one says “{theirs}”"),
                mine=mine_words,
                theirs=theirs,
            )
        )
    return fit


def concepts_of(person: Person, thesaurus=None) -> frozenset[str]:
    """The categories a person's words are about: where their suggestions
    are looked for."""
    skills, interests, portrait = _person_terms(person, thesaurus)
    return frozenset(text.category_of(c) for c in skills.concepts | interests.concepts)


def query_terms(typed: str, thesaurus=None) -> dict[str, text.Terms]:
    """What a search is about, read in each language a listing can be
    written in: {language: Terms}. Typed words are compared with a listing's
    words stemmed the listing's way (search_relevance)."""
    return {
        language: text.analyse(typed, thesaurus, broader=True, language=language)
        for language in text.LANGUAGES
    }


def search_relevance(
    *, query: dict[str, text.Terms], candidate: Candidate, thesaurus=None
):
    """How well a listing answers a search (`query_terms`): the words and
    subjects of the query it has, read in the listing's language, those of
    its title and tags first (0: none)."""
    head, body = listing_terms(candidate, thesaurus)
    return _sum(_shared(query[text.language_of(candidate.language)], head, body))
