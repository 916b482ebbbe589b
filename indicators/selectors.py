"""Reads for the indicators: the figures of a neighbourhood, or of the
neighbourhoods of an organisation that a coordinator runs, over a period; and
the open listings of a neighbourhood's poster.

Every figure is one aggregate query over the neighbourhoods concerned, so that
a dashboard costs the same number of queries for ten members or ten thousand
(tests/indicators/test_selectors.py). Who may read them is decided here, with
neighbourhoods.permissions: the coordinators of a neighbourhood see its
figures; the poster is printed by its moderators and coordinators.
"""

import datetime
import statistics
from dataclasses import dataclass, field

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
from django.db.models.functions import Coalesce, Extract, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Profile, User
from exchanges import selectors as exchanges_selectors
from exchanges.models import Category, Listing, Response
from messaging.models import Conversation, Message
from moderation.models import Case
from neighbourhoods import permissions
from neighbourhoods.models import Membership, Neighbourhood, Organisation
from neighbourhoods.permissions import Capability, NotAllowed

# Three years of weeks still draw as a readable chart on a phone.
MAX_PERIOD_DAYS = 3 * 366
# An A4 poster in large type holds about this many listings; the rest are
# on the site.
POSTER_SIZE = 30
YOUNG = Profile.AgeGroup.FROM_18_TO_25
SENIOR = Profile.AgeGroup.FROM_60


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included, in the site's time zone."""

    start: datetime.date
    end: datetime.date

    @property
    def starts_at(self) -> datetime.datetime:
        return _midnight(self.start)

    @property
    def ends_at(self) -> datetime.datetime:
        """The first moment after the period."""
        return _midnight(self.end + datetime.timedelta(days=1))

    def contains(self, name: str) -> Q:
        """A filter: the date-time field `name` falls in the period."""
        return Q(**{f"{name}__gte": self.starts_at, f"{name}__lt": self.ends_at})

    def weeks(self) -> list[datetime.date]:
        """The Monday of every week the period touches."""
        monday = self.start - datetime.timedelta(days=self.start.weekday())
        weeks = []
        while monday <= self.end:
            weeks.append(monday)
            monday += datetime.timedelta(days=7)
        return weeks


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    value: int


@dataclass(frozen=True)
class CategoryRow:
    category: Category  # not saved: key, name and icon, enough for its label
    posted: int
    agreed: int
    done: int

    @property
    def label(self) -> str:
        return str(self.category.label)


@dataclass
class Figures:
    """What happened in some neighbourhoods over a period. Listings count
    those posted in the period (not hidden), with how far they went to this
    day; exchanges count those both sides confirmed done in the period."""

    period: Period
    members: int
    active_members: int
    new_members: list[tuple[datetime.date, int]]
    members_by_role: list[Row]
    members_by_age: list[Row]
    age_not_shared: int
    categories: list[CategoryRow]
    listings_answered: int
    first_response_median: datetime.timedelta | None
    messages: int
    conversations: int
    exchanges_done: int
    minutes_given: int
    young_gave: int
    senior_gave: int
    cases_opened: int
    cases_closed: int
    neighbourhoods: list[Neighbourhood] = field(default_factory=list)

    @property
    def new_members_total(self) -> int:
        return sum(count for _week, count in self.new_members)

    @property
    def listings_posted(self) -> int:
        return sum(row.posted for row in self.categories)

    @property
    def listings_agreed(self) -> int:
        return sum(row.agreed for row in self.categories)

    @property
    def listings_done(self) -> int:
        return sum(row.done for row in self.categories)

    @property
    def hours_given(self) -> float:
        return round(self.minutes_given / 60, 1)

    @property
    def intergenerational(self) -> int:
        return self.young_gave + self.senior_gave

    @property
    def first_response_hours(self) -> float | None:
        if self.first_response_median is None:
            return None
        return round(self.first_response_median.total_seconds() / 3600, 1)


# Who may see what


def neighbourhood_scope(*, user: User, neighbourhood: Neighbourhood):
    """The neighbourhoods a dashboard of this one covers: itself, for its
    coordinators; NotAllowed for anyone else, with the reason."""
    permissions.check(user, Capability.COORDINATE, neighbourhood)
    return [neighbourhood]


def organisation_scope(*, user: User, organisation: Organisation):
    """The neighbourhoods of the organisation that this person coordinates:
    an organisation's dashboard covers those only, so that nobody reads the
    figures of a neighbourhood they do not run. NotAllowed when there are
    none."""
    places = list(
        permissions.neighbourhoods_allowing(user, Capability.COORDINATE)
        .filter(organisation=organisation)
        .select_related("organisation")
        .order_by("name")
    )
    if not places:
        raise NotAllowed(
            _(
                "Only the coordinators of the neighbourhoods of %(name)s can see "
                "its indicators."
            )
            % {"name": organisation.name}
        )
    return places


# The figures


def figures(*, neighbourhoods: list[Neighbourhood], period: Period) -> Figures:
    """Every figure of these neighbourhoods over the period, one aggregate
    query each. Callers get the neighbourhoods from neighbourhood_scope or
    organisation_scope, which check who is asking."""
    ids = [place.pk for place in neighbourhoods]
    by_role, by_age, age_not_shared = _members(ids, period)
    listings = Listing.objects.filter(
        period.contains("created_at"), neighbourhood_id__in=ids, hidden=False
    )
    answered, median = _first_response(listings)
    messages = _messages(ids, period)
    exchanges = _exchanges(ids, period)
    cases = _cases(ids, period)
    return Figures(
        period=period,
        members=sum(row.value for row in by_age) + age_not_shared,
        active_members=_active_members(ids, period),
        new_members=_new_members(ids, period),
        members_by_role=by_role,
        members_by_age=by_age,
        age_not_shared=age_not_shared,
        categories=_categories(listings),
        listings_answered=answered,
        first_response_median=median,
        messages=messages["messages"],
        conversations=messages["conversations"],
        exchanges_done=exchanges["done"],
        minutes_given=exchanges["minutes"] or 0,
        young_gave=exchanges["young_gave"],
        senior_gave=exchanges["senior_gave"],
        cases_opened=cases["opened"],
        cases_closed=cases["closed"],
        neighbourhoods=list(neighbourhoods),
    )


def _joined_at():
    """When a person became a member: the approval, or the joining itself."""
    return Coalesce("decided_at", "created_at")


def _members(ids, period: Period) -> tuple[list[Row], list[Row], int]:
    """Members by role and by age group, counted once each: everyone who
    belongs today (suspended included) and had joined by the end of the
    period. Age groups only for those who chose to show theirs."""
    members = (
        Membership.objects.filter(
            permissions.membership_filter(Capability.SEE),
            neighbourhood_id__in=ids,
        )
        .alias(joined_at=_joined_at())
        .filter(joined_at__lt=period.ends_at)
        .order_by()
    )
    roles = dict(
        members.values_list("role").annotate(people=Count("user_id", distinct=True))
    )
    by_role = [
        Row(key=role, label=str(label), value=roles.get(role, 0))
        for role, label in Membership.Role.choices
    ]
    ages: dict[str, int] = {}
    not_shared = 0
    for shown, group, people in members.values_list(
        "user__profile__show_age_group", "user__profile__age_group"
    ).annotate(people=Count("user_id", distinct=True)):
        if shown and group:
            ages[group] = ages.get(group, 0) + people
        else:
            not_shared += people
    by_age = [
        Row(key=group, label=str(label), value=ages.get(group, 0))
        for group, label in Profile.AgeGroup.choices
    ]
    return by_role, by_age, not_shared


def _active_members(ids, period: Period) -> int:
    """Members who posted, answered or wrote to another member in these
    neighbourhoods during the period, each counted once. Each of the three
    lists of people is read from these neighbourhoods only (a small set the
    database hashes), never from the whole site."""
    posted = Listing.objects.filter(
        period.contains("created_at"), neighbourhood_id__in=ids
    ).values("author_id")
    answered = Response.objects.filter(
        period.contains("created_at"), listing__neighbourhood_id__in=ids
    ).values("responder_id")
    wrote = Message.objects.filter(
        period.contains("created_at"),
        conversation__neighbourhood_id__in=ids,
        conversation__kind=Conversation.Kind.DIRECT,
    ).values("author_id")
    return (
        Membership.objects.filter(neighbourhood_id__in=ids)
        .filter(Q(user_id__in=posted) | Q(user_id__in=answered) | Q(user_id__in=wrote))
        .aggregate(people=Count("user_id", distinct=True))["people"]
    )


def _new_members(ids, period: Period) -> list[tuple[datetime.date, int]]:
    """People who became members, week by week (Monday to Sunday). The first
    and the last week may lie partly outside the period."""
    weeks = dict.fromkeys(period.weeks(), 0)
    joined = (
        Membership.objects.filter(neighbourhood_id__in=ids)
        .exclude(status__in=(Membership.Status.PENDING, Membership.Status.DECLINED))
        .alias(joined_at=_joined_at())
        .filter(period.contains("joined_at"))
        .annotate(week=TruncWeek("joined_at"))
        .order_by()
        .values_list("week")
        .annotate(count=Count("pk"))
    )
    for week, count in joined:
        if isinstance(week, datetime.datetime):
            week = timezone.localtime(week).date()
        weeks[week] = weeks.get(week, 0) + count
    return sorted(weeks.items())


def _categories(listings) -> list[CategoryRow]:
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
    result.sort(key=lambda row: _category_order(row.category))
    return result


def _category_order(category: Category) -> tuple[int, str]:
    """Categories as the site lists them: by position, then by their name in
    the reader's language (a seed category's name is translated)."""
    return category.position, str(category.label).casefold()


class _Median(Aggregate):
    """PostgreSQL's median of a column, computed where the rows are."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _first_response(listings) -> tuple[int, datetime.timedelta | None]:
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


def _messages(ids, period: Period) -> dict[str, int]:
    """Messages between members (the moderators' room is not counted), hidden
    ones left out, and the conversations they were in."""
    return Message.objects.filter(
        period.contains("created_at"),
        conversation__neighbourhood_id__in=ids,
        conversation__kind=Conversation.Kind.DIRECT,
        hidden=False,
    ).aggregate(
        messages=Count("pk"), conversations=Count("conversation_id", distinct=True)
    )


def _age_shown(person: str, group: str) -> Q:
    return Q(
        **{
            f"{person}__profile__show_age_group": True,
            f"{person}__profile__age_group": group,
        }
    )


def _exchanges(ids, period: Period) -> dict[str, int]:
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


def _cases(ids, period: Period) -> dict[str, int]:
    """Moderation cases opened in the period, and closed in it (whenever
    they were opened)."""
    return (
        Case.objects.filter(neighbourhood_id__in=ids)
        .filter(period.contains("opened_at") | period.contains("closed_at"))
        .order_by()
        .aggregate(
            opened=Count("pk", filter=period.contains("opened_at")),
            closed=Count("pk", filter=period.contains("closed_at")),
        )
    )


# The poster


@dataclass
class Poster:
    neighbourhood: Neighbourhood
    groups: list[tuple[Category, list[Listing]]]
    shown: int
    total: int

    @property
    def more(self) -> int:
        return self.total - self.shown


def poster(*, user: User, neighbourhood: Neighbourhood, size: int | None = None):
    """The newest open listings of the neighbourhood, grouped by category, for
    its moderators and coordinators to print (NotAllowed for anyone else).

    They come from exchanges.selectors.listings_visible_to, which keeps out
    what the moderators hid; a listing the person printing hid from
    themselves (their own, hidden) or cannot see (a blocked author) is not
    shown either."""
    permissions.check(user, Capability.MODERATE, neighbourhood)
    size = size or POSTER_SIZE
    listings = exchanges_selectors.listings_visible_to(user=user).filter(
        neighbourhood=neighbourhood, status=Listing.Status.OPEN, hidden=False
    )
    newest = list(
        listings.select_related("category").order_by("-created_at", "-pk")[:size]
    )
    total = len(newest) if len(newest) < size else listings.count()
    groups: dict[int, tuple[Category, list[Listing]]] = {}
    for listing in newest:
        groups.setdefault(listing.category_id, (listing.category, []))[1].append(
            listing
        )
    ordered = sorted(groups.values(), key=lambda group: _category_order(group[0]))
    return Poster(
        neighbourhood=neighbourhood, groups=ordered, shown=len(newest), total=total
    )
