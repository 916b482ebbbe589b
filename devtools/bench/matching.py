"""Benchmark of the matching's quality on a labelled set.

    make bench-matching

`run` loads `matching_set.json` (40 residents, 80 requests and offers, 20
listings being written, with their labels: see the file's "about" and
"grades") into one neighbourhood, inside a transaction it rolls back at the
end, so the database is left as it was. It asks the site's own selectors, as
the pages do, and a plain tag-overlap baseline, and prints one `name: value`
line per figure:

- "for you" (exchanges.selectors.for_you): precision@5, nDCG@10 (graded) and
  coverage (the share of residents with something relevant for them who get
  at least one relevant suggestion in their first ten);
- the neighbours who could answer a request (people_for_listing): precision@3
  and how many requests that have a relevant neighbour show nobody;
- the similar listings while writing (similar_listings): precision@3.

Precision@k counts the relevant suggestions among the first k shown, out of
those shown (a short list of good suggestions beats a long list of weak ones);
a list that shows nothing where something relevant exists counts 0.

The baseline counts the tags in common, as the matching did before it read
texts: for you, a member's skills and interests against a listing's tags; the
neighbours, a request's tags against members' skills (an offer's, against
their interests); similar listings, the tags of the listing being written.

It is a benchmark, not a test: figures, never a failure. How to read them:
docs/performance.md, "Matching quality".
"""

import datetime
import json
import math
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from community import services as community_services
from community.models import User
from exchanges import selectors
from exchanges import services as exchange_services
from exchanges.models import Category, Listing
from neighbourhoods import services as neighbourhood_services
from neighbourhoods.models import Membership, Neighbourhood

SET = Path(__file__).resolve().parent / "matching_set.json"
EMAIL_DOMAIN = "matching.bench.invalid"
TOP_FOR_YOU = 10
TOP_NEIGHBOURS = 3
TOP_SIMILAR = 3


class Rollback(Exception):
    """Raised to leave the transaction: nothing the benchmark wrote is kept."""


def load(path: Path = SET) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# The labels.


def _field(data, topic):
    return data["fields"][topic]


def for_you_grade(data, member, listing) -> int:
    """How relevant a listing is to a member (the set's "grades")."""
    if listing["author"] == member["id"]:
        return 0
    activities = set(data["activities"])
    topics = set(listing["topics"])
    likes = set(member["likes"])
    if topics & activities & likes:
        return 2
    side = set(member["can"] if listing["kind"] == "request" else member["wants"])
    if listing["kind"] == "request" and topics & activities:
        side |= likes
    if topics & side:
        return 2
    if {_field(data, t) for t in topics} & {_field(data, t) for t in side}:
        return 1
    return 0


def similar_relevant(data, draft) -> set[str]:
    return {
        listing["id"]
        for listing in data["listings"]
        if set(listing["topics"]) & set(draft["topics"])
    }


# The measures.


def precision(shown: list, relevant: set, k: int) -> float:
    first = shown[:k]
    if not first:
        return 0.0
    return sum(1 for item in first if item in relevant) / len(first)


def ndcg(shown: list, grades: dict, k: int) -> float:
    def dcg(values):
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(values))

    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    if not ideal:
        return 0.0
    return dcg([grades.get(item, 0) for item in shown[:k]]) / ideal


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


# The baseline: tags in common.


def _fold(words) -> set[str]:
    return {word.casefold() for word in words}


def _by_overlap(candidates, words, tags_of, key_of):
    scored = []
    for position, candidate in enumerate(candidates):
        shared = len(_fold(tags_of(candidate)) & words)
        if shared:
            scored.append((-shared, position, key_of(candidate)))
    return [key for _shared, _position, key in sorted(scored)]


def baseline_for_you(data, member) -> list[str]:
    words = _fold(member["skills"]) | _fold(member["interests"])
    others = [item for item in data["listings"] if item["author"] != member["id"]]
    return _by_overlap(
        others, words, lambda item: item["tags"], lambda item: item["id"]
    )


def baseline_neighbours(data, listing) -> list[str]:
    relation = "skills" if listing["kind"] == "request" else "interests"
    others = [m for m in data["members"] if m["id"] != listing["author"]]
    return _by_overlap(
        others, _fold(listing["tags"]), lambda m: m[relation], lambda m: m["id"]
    )


def baseline_similar(data, draft) -> list[str]:
    return _by_overlap(
        data["listings"],
        _fold(draft["tags"]),
        lambda item: item["tags"],
        lambda item: item["id"],
    )


# The site, on the set.


def _build(data):
    """The set in one neighbourhood: {member id: user}, {listing id: Listing},
    the writer of the drafts and the neighbourhood."""
    organisation = neighbourhood_services.ensure_organisation(
        name="Banc d'essai de la mise en relation", kind="association"
    )
    neighbourhood = neighbourhood_services.ensure_neighbourhood(
        organisation=organisation, slug="banc-mise-en-relation", name="Banc d'essai"
    )
    password = make_password(None)
    users = {}
    for member in [*data["members"], {"id": "writer", "name": "Rédactrice"}]:
        email = f"{member['id']}@{EMAIL_DOMAIN}"
        user = User.objects.create(
            email=email, username=f"bench-{member['id']}", password=password
        )
        community_services.update_profile(
            user=user,
            pseudonym=f"{member['name']} {member['id']}",
            portrait=member.get("portrait", ""),
            interests=member.get("interests", []),
            skills=member.get("skills", []),
            languages=member.get("languages", []),
            age_group=member.get("age_group", ""),
            show_age_group=bool(member.get("age_group")),
        )
        Membership.objects.create(
            user=user,
            neighbourhood=neighbourhood,
            role=Membership.Role.RESIDENT,
            status=Membership.Status.ACTIVE,
            joined_via=Membership.Via.OPEN,
            charter_version_accepted=neighbourhood.charter_version,
            charter_accepted_at=timezone.now(),
        )
        users[member["id"]] = user
    categories = {
        category.key: category
        for category in Category.objects.filter(neighbourhood__isnull=True)
    }
    listings = {}
    now = timezone.now()
    for position, item in enumerate(data["listings"]):
        listing = Listing.objects.create(
            author=users[item["author"]],
            neighbourhood=neighbourhood,
            kind=item["kind"],
            title=item["title"],
            description=item["description"],
            category=categories[item["category"]],
            expires_at=now + datetime.timedelta(days=60),
        )
        exchange_services.set_listing_tags(listing=listing, tags=item["tags"])
        # Spread over three weeks, in no order the labels know of.
        created = now - datetime.timedelta(days=(position * 7) % 21, hours=position)
        Listing.objects.filter(pk=listing.pk).update(created_at=created)
        listings[item["id"]] = listing
    return users, listings, users["writer"], neighbourhood


def _measure(data, *, for_you, neighbours, similar) -> dict[str, float]:
    """The figures of one way of matching, given as three functions:
    for_you(member) -> listing ids, neighbours(listing) -> member ids,
    similar(draft) -> listing ids."""
    p5, gains, covered = [], [], []
    for member in data["members"]:
        grades = {
            item["id"]: grade
            for item in data["listings"]
            if (grade := for_you_grade(data, member, item))
        }
        if not grades:
            continue
        shown = for_you(member)[:TOP_FOR_YOU]
        p5.append(precision(shown, set(grades), 5))
        gains.append(ndcg(shown, grades, TOP_FOR_YOU))
        covered.append(any(item in grades for item in shown))
    p3, empty, asked = [], 0, 0
    members = {member["id"]: member for member in data["members"]}
    for item in data["listings"]:
        if item["kind"] != "request":
            continue
        relevant = {
            member_id
            for member_id, member in members.items()
            if for_you_grade(data, member, item)
        }
        if not relevant:
            continue
        asked += 1
        shown = neighbours(item)[:TOP_NEIGHBOURS]
        empty += not shown
        p3.append(precision(shown, relevant, TOP_NEIGHBOURS))
    similar_p3 = [
        precision(similar(draft)[:TOP_SIMILAR], similar_relevant(data, draft), 3)
        for draft in data["drafts"]
    ]
    return {
        "for_you_precision_at_5": _mean(p5),
        "for_you_ndcg_at_10": _mean(gains),
        "for_you_coverage": _mean(covered),
        "neighbours_precision_at_3": _mean(p3),
        "neighbours_requests_left_empty": empty,
        "neighbours_requests_with_an_answer": asked,
        "similar_precision_at_3": _mean(similar_p3),
    }


def run(*, out, log, path: Path = SET) -> dict[str, dict[str, float]]:
    """Print and return the figures of the site and of the baseline."""
    data = load(path)
    figures = {}
    try:
        with transaction.atomic():
            log.write("Loading the labelled set (rolled back at the end)...")
            users, listings, writer, neighbourhood = _build(data)
            member_of = {user.pk: member_id for member_id, user in users.items()}
            listing_of = {listing.pk: key for key, listing in listings.items()}
            figures["site"] = _measure(
                data,
                for_you=lambda member: [
                    listing_of[item.pk]
                    for item, _fit in selectors.for_you(
                        user=users[member["id"]], limit=TOP_FOR_YOU
                    )
                ],
                neighbours=lambda item: [
                    member_of[profile.user_id]
                    for profile, _fit in selectors.people_for_listing(
                        listing=Listing.objects.select_related(
                            "author__profile", "category", "neighbourhood"
                        ).get(pk=listings[item["id"]].pk),
                        limit=TOP_NEIGHBOURS,
                    )
                ],
                similar=lambda draft: [
                    listing_of[item.pk]
                    for item in selectors.similar_listings(
                        user=writer,
                        neighbourhood=Neighbourhood.objects.get(pk=neighbourhood.pk),
                        title=draft["title"],
                        tags=draft["tags"],
                        limit=TOP_SIMILAR,
                    )
                ],
            )
            raise Rollback
    except Rollback:
        pass
    figures["baseline"] = _measure(
        data,
        for_you=lambda member: baseline_for_you(data, member),
        neighbours=lambda item: baseline_neighbours(data, item),
        similar=lambda draft: baseline_similar(data, draft),
    )
    out.write(
        f"set: {len(data['members'])} members, {len(data['listings'])} listings, "
        f"{len(data['drafts'])} listings being written"
    )
    for who in ("site", "baseline"):
        for name, value in figures[who].items():
            shown = value if isinstance(value, int) else f"{value:.3f}"
            out.write(f"{who}.{name}: {shown}")
    baseline_ndcg = figures["baseline"]["for_you_ndcg_at_10"]
    if baseline_ndcg:
        ratio = figures["site"]["for_you_ndcg_at_10"] / baseline_ndcg
        out.write(f"for_you_ndcg_at_10_over_baseline: {ratio:.2f}")
    return figures
