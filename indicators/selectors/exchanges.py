"""The figures of listings and exchanges: listings by category and how far
they went, the time to a first answer, exchanges done, the hours given, and
those between young people and seniors."""

import datetime
import statistics
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Min,
    Q,
    Sum,
)
from django.db.models.functions import Extract

from community.models import Profile
from exchanges.models import Category, Listing, Response

from .period import Period

YOUNG = Profile.AgeGroup.FROM_18_TO_25
SENIOR = Profile.AgeGroup.FROM_60


@dataclass(frozen=True)
class CategoryRow:
    category: Category  # not saved: key, name and icon, enough for its label
    posted: int
    agreed: int
    done: int

    @property
    def label(self) -> str:
        return str(self.category.label)


def listings_by_category(listings) -> list[CategoryRow]:
    """Listings posted in the period by category, and how many of them found
    someone (an answer accepted) and were done (confirmed by both sides).
    One join with the answers, each listing counted once (a subquery per
    listing took three times as long on an organisation)."""
    accepted = Q(responses__status=Response.Status.ACCEPTED)
    done = accepted & Q(
        responses__author_confirmed_at__isnull=False,
        responses__responder_confirmed_at__isnull=False,
    )
    rows = (
        listings.order_by()
        .values(
            "category_id",
            "category__key",
            "category__name",
            "category__neighbourhood_id",
            "category__icon",
            "category__position",
        )
        .annotate(
            posted=Count("pk", distinct=True),
            agreed=Count("pk", filter=accepted, distinct=True),
            done=Count("pk", filter=done, distinct=True),
        )
    )
    result = [
        CategoryRow(
            category=Category(
                pk=row["category_id"],
                key=row["category__key"],
                name=row["category__name"],
                neighbourhood_id=row["category__neighbourhood_id"],
                icon=row["category__icon"],
                position=row["category__position"],
            ),
            posted=row["posted"],
            agreed=row["agreed"],
            done=row["done"],
        )
        for row in rows
    ]
    result.sort(key=lambda row: category_order(row.category))
    return result


def category_order(category: Category) -> tuple[int, str]:
    """Categories as the site lists them: by position, then by their name in
    the reader's language (a seed category's name is translated)."""
    return category.position, str(category.label).casefold()


class _Median(Aggregate):
    """PostgreSQL's median of a column, computed where the rows are."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def first_responses(listings) -> tuple[int, datetime.timedelta | None]:
    """How many of the listings got an answer, and the median time from a
    listing's publication to its first answer. PostgreSQL computes the median
    itself; elsewhere the durations come back in the same one query."""
    answered = (
        listings.order_by()
        .annotate(first_response_at=Min("responses__created_at"))
        .filter(first_response_at__isnull=False)
    )
    if connection.vendor == "postgresql":
        wait = ExpressionWrapper(
            F("first_response_at") - F("created_at"), output_field=DurationField()
        )
        result = answered.aggregate(
            count=Count("pk"), median=_Median(Extract(wait, "epoch"))
        )
        median = result["median"]
        return result["count"], (
            None if median is None else datetime.timedelta(seconds=median)
        )
    waits = [
        first_at - created_at
        for created_at, first_at in answered.values_list(
            "created_at", "first_response_at"
        )
    ]
    return len(waits), statistics.median(waits) if waits else None


def _age_shown(person: str, group: str) -> Q:
    return Q(
        **{
            f"{person}__profile__show_age_group": True,
            f"{person}__profile__age_group": group,
        }
    )


def exchanges_done(ids, period: Period) -> dict[str, int]:
    """Exchanges both sides confirmed done in the period (dated by the second
    confirmation), the time given in them, and those between a young person
    (18-25) and a senior (60+), told apart by who gave their time: the author
    of an offer, the one who answered a request. An age group counts only
    when its owner chose to show it.

    Read from the neighbourhoods' listings to their answers: the database
    then joins the few answers of these neighbourhoods, where starting from
    the answers it misjudged how many were done and read them all."""
    # The second confirmation falls in the period: both before its end, one
    # at least after its start.
    done = Q(
        responses__status=Response.Status.ACCEPTED,
        responses__author_confirmed_at__lt=period.ends_at,
        responses__responder_confirmed_at__lt=period.ends_at,
    ) & (
        Q(responses__author_confirmed_at__gte=period.starts_at)
        | Q(responses__responder_confirmed_at__gte=period.starts_at)
    )
    offer = Q(kind=Listing.Kind.OFFER)
    request = Q(kind=Listing.Kind.REQUEST)
    author, responder = "author", "responses__responder"

    def gave(giver_group, receiver_group) -> Q:
        return done & (
            (
                offer
                & _age_shown(author, giver_group)
                & _age_shown(responder, receiver_group)
            )
            | (
                request
                & _age_shown(responder, giver_group)
                & _age_shown(author, receiver_group)
            )
        )

    return (
        Listing.objects.filter(neighbourhood_id__in=ids)
        .order_by()
        .aggregate(
            done=Count("responses", filter=done),
            minutes=Sum("responses__minutes_spent", filter=done),
            young_gave=Count("responses", filter=gave(YOUNG, SENIOR)),
            senior_gave=Count("responses", filter=gave(SENIOR, YOUNG)),
        )
    )
